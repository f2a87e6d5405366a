// Short Notes: how a reader's query is searched, and how the answers are ordered.
//
// Pure functions (no DOM, no worker API), loaded by short-notes-search-worker.js into the
// search worker and by tests/browser/test_search_query.py into a page. What they mend in
// Material 9.8's worker (read in the pinned bundle and its source map,
// material/templates/assets/javascripts/workers/search.*.js), measured with
// benchmarks/search_quality.py (figures in benchmarks/RESULTS-search.md):
//
// - Material appends `*` to every query word, so a whole word weighs no more than any
//   longer word it begins: "tolerations" found "tolerationSeconds" (a rarer word, so a
//   higher score) first. clauses() searches the indexed words a query word begins, weighed
//   by how much longer they are: the word itself, then its inflections, then the rest.
// - lunr's query parser splits on "-" and reads a leading "-" as "must not contain":
//   "redis-cli --pipe" was a query error (no results). words() drops leading dashes
//   (readers type flags, not lunr syntax); score() rewards a hyphenated name found whole.
// - A dotted name is searched whole and by its parts ("contextlib.suppress": the notes may
//   write just `suppress`); a word no indexed word begins ("pipelnie") by its corrections.
// - lunr adds words up wherever they are, and Material turns length normalisation off:
//   a long section repeating one query word beat a short one about all of them. score()
//   rewards matching every word and holding the rare ones in the heading;
//   LENGTH_NORMALISATION gives lunr back its default.
// - Material multiplies a page's score by up to 5 against 2 for a section and then shows only
//   the sections that tie with their page's best: the introduction or another section hid
//   the one that answers. rerank() takes Material's factor out again and shows the close
//   runners-up.
//
// The index side (word forms, defining sections, the separator with its stop words) is built
// at build time by hooks/shortnotes/search_index.py; nothing here knows a note or a term.
var ShortNotesSearchQuery = (() => {
  "use strict"

  const EXACT_BOOST = 10 // a word as typed, against 1 for longer words it begins
  const INFLECTION = 3 // "exception" -> "exceptions", "manage" -> "managing"
  const INFLECTION_BOOST = 8
  const MIN_PREFIX = 3 // "o*" reaches every word with an o: too short to mean a prefix
  const MAX_EXPANSIONS = 64 // more words than that begin it: search it as a plain prefix
  const FUZZY_MIN = 5 // "pipelnie" -> "pipeline"; shorter words have too many neighbours //
  const PREFIX_CREDIT = 0.5 // a query word found only as the start of a longer word
  const PHRASE_BONUS = 3 // a hyphenated name found whole ("kube-system"), not just its parts
  const COVERAGE_POWER = 3 // half the words: an eighth of the score
  const HEADING_BONUS = 2 // a heading holding every query word triples a score
  const SHOWN_SECTIONS = 3 // sections shown under a page, at most
  const SHOWN_FRACTION = 0.5 // of the page's best score, to be shown rather than folded
  const LENGTH_NORMALISATION = 0.75 // lunr's b: its default, which Material sets to 0

  // The words a reader typed, lower case, with leading "+"/"-" dropped: ["redis-cli",
  // "pipe"] for "redis-cli --pipe". Quotes are dropped too (lunr has no phrases).
  function words(query) {
    return query
      .toLowerCase()
      .replace(/["“”]/g, " ")
      .split(/\s+/)
      .map((word) => word.replace(/^[+\-~^*:]+|[~^*:]+$/g, ""))
      .filter((word) => word.length > 0)
  }

  // The index's own cutting of a word (config.separator: punctuation, "-", "/", and stop
  // words consumed whole), as Material's tokenizer cuts the indexed text.
  function parts(word, separator) {
    return word.split(separator).filter((part) => part && part.trim().length > 0)
  }

  // The position of the first word of the sorted `vocabulary` not before `prefix`.
  function first(vocabulary, prefix) {
    let low = 0
    let high = vocabulary.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (vocabulary[middle] < prefix) low = middle + 1
      else high = middle
    }
    return low
  }

  // The indexed words that begin with `prefix`, at most `limit` of them (null: more).
  function beginning(vocabulary, prefix, limit) {
    const found = []
    for (let i = first(vocabulary, prefix); i < vocabulary.length; i++) {
      if (!vocabulary[i].startsWith(prefix)) break
      if (found.length === limit) return null
      found.push(vocabulary[i])
    }
    return found
  }

  // How much an indexed word counts for a query word it begins: the word itself fully, an
  // inflection ("exceptions", "managed": up to INFLECTION more letters) nearly, any longer
  // word ("tolerationseconds" for "tolerations") as little as a prefix does.
  function weight(word, indexed) {
    const extra = indexed.length - word.length
    return extra === 0 ? EXACT_BOOST : extra <= INFLECTION ? INFLECTION_BOOST : 1
  }

  // The clauses to search for a query: [{term, boost, wildcard, piece, covers}], in the order
  // the reader typed them. `piece` is the query word (or part of one) a clause searches for;
  // `covers` the pieces a match of it stands for (a dotted name matched whole stands for its
  // parts); `word`, `part` and `of` place a piece in a hyphenated name. `vocabulary` is the
  // index's words, sorted; `corrections(word)` the [indexed word, its stem] pairs one edit
  // away from a word the index does not know.
  function clauses(query, separator, vocabulary, corrections = () => []) {
    const found = []
    const all = words(query)
    all.forEach((word, position) => {
      const typing = position === all.length - 1
      const pieces = parts(word, separator)
      pieces.forEach((piece, index) => {
        const alone = typing && pieces.length === 1
        const place = { word: position, part: index, of: pieces.length }
        if (!piece.includes(".")) {
          for (const clause of expand(piece, [piece], alone, vocabulary, corrections))
            found.push({ ...clause, ...place })
          return
        }
        // A dotted name, whole and by its parts: the notes write "contextlib.suppress", or
        // just "suppress" once the module is named.
        const names = piece.split(".").filter(Boolean)
        for (const clause of expand(piece, names, false, vocabulary))
          found.push({ ...clause, ...place })
        for (const name of names) found.push(...expand(name, [name], false, vocabulary))
      })
    })
    return found
  }

  // The clauses for one piece: the indexed words it begins, each weighed by weight().
  function expand(piece, covers, typing, vocabulary, corrections = () => []) {
    const clause = (fields) => ({ piece, covers, wildcard: false, ...fields })
    if (piece.length < MIN_PREFIX && !typing)
      return [clause({ term: piece, boost: EXACT_BOOST })]
    const longer = beginning(vocabulary, piece, MAX_EXPANSIONS)
    if (longer === null)
      // A short prefix reaching hundreds of words: the word, then any word it begins.
      return [
        clause({ term: piece, boost: EXACT_BOOST }),
        clause({ term: piece, boost: 1, wildcard: true }),
      ]
    if (longer.length)
      return longer.map((indexed) => clause({ term: indexed, boost: weight(piece, indexed) }))
    // No indexed word begins it: a typo ("pipelnie"). Search the indexed words one edit away
    // ("pipeline") and their inflections: the words sharing their stem ("pipelining").
    if (piece.length < FUZZY_MIN) return []
    const fixed = new Map()
    for (const [word, stem] of corrections(piece)) {
      fixed.set(word, EXACT_BOOST)
      for (const form of beginning(vocabulary, stem, MAX_EXPANSIONS) || [])
        if (!fixed.has(form)) fixed.set(form, INFLECTION_BOOST)
    }
    return [...fixed].map(([term, boost]) => clause({ term, boost }))
  }

  // lunr's inverse document frequency of `count` documents among `total`.
  const idf = (count, total) => Math.log(1 + Math.abs((total - count + 0.5) / (count + 0.5)))

  // The page of a search location: "redis/lists/#blpop" -> "redis/lists/".
  const pageOf = (ref) => String(ref).split("#")[0]

  // lunr's results scored for a reader, from what each matched where (`matchData`):
  // - coverage: the share of the query's pieces a document matches, cubed: a section with
  //   every word beats one repeating half of them ("pod eviction": OOMKilled, not Redis's
  //   eviction policies);
  // - heading: the query pieces its heading holds (title, word forms of the title, the term
  //   it defines, its page's title), each weighed by its rarity in the whole site and on its
  //   own page: on the Deployments page every section says "rollout" and one says "pause",
  //   so "pause a rollout" finds "Pause and resume" before "Rollouts";
  // - phrase: a hyphenated or dotted name found whole ("kube-system", "app.kubernetes.io").
  // `corpus` answers for the index: refs(term) (a Set), size (documents), and
  // pageSize(page) (documents of that page: its sections and itself).
  function score(results, found, corpus) {
    const byTerm = new Map()
    for (const clause of found) {
      if (!byTerm.has(clause.term)) byTerm.set(clause.term, [])
      byTerm.get(clause.term).push(clause)
    }
    const units = [...new Set(found.flatMap((clause) => clause.covers))]
    // The documents holding each unit as typed or inflected.
    const holding = new Map(units.map((unit) => [unit, new Set()]))
    for (const clause of found)
      if (!clause.wildcard && clause.boost >= INFLECTION_BOOST)
        for (const ref of corpus.refs(clause.term))
          for (const unit of clause.covers) holding.get(unit).add(ref)
    const site = new Map(units.map((unit) => [unit, idf(holding.get(unit).size, corpus.size)]))
    const onPage = new Map() // unit -> page -> documents of that page holding it
    for (const [unit, refs] of holding) {
      const counts = new Map()
      for (const ref of refs) counts.set(pageOf(ref), (counts.get(pageOf(ref)) || 0) + 1)
      onPage.set(unit, counts)
    }
    const rarity = (unit, ref) => {
      const page = pageOf(ref)
      const count = onPage.get(unit).get(page) || 0
      return site.get(unit) * idf(count, corpus.pageSize(page))
    }
    const phrases = hyphenated(found)
    const dotted = wholes(found)
    const prefixes = found.filter((clause) => clause.wildcard)
    const clausesOf = (term) => {
      if (!byTerm.has(term))
        byTerm.set(term, prefixes.filter((clause) => term.startsWith(clause.term)))
      return byTerm.get(term)
    }
    return results
      .map((result) => {
        const matched = new Map() // unit -> credit: 1 as typed or inflected, less for a prefix
        const inHeading = new Set()
        for (const [term, fields] of Object.entries(result.matchData.metadata)) {
          // The heading as read: its title, the term it defines, its page's title above it.
          const heading = Boolean(
            fields.title || fields.title_forms || fields.defines || fields.page_title
          )
          for (const clause of clausesOf(term)) {
            const credit = clause.boost >= INFLECTION_BOOST ? 1 : PREFIX_CREDIT
            for (const unit of clause.covers) {
              matched.set(unit, Math.max(matched.get(unit) || 0, credit))
              if (heading && credit === 1) inHeading.add(unit)
            }
          }
        }
        const credits = [...matched.values()].reduce((sum, credit) => sum + credit, 0)
        const coverage = credits / units.length
        const weigh = (list) => list.reduce((sum, unit) => sum + rarity(unit, result.ref), 0)
        const total = weigh(units) || 1
        const held = weigh([...inHeading])
        const metadata = result.matchData.metadata
        const joined = phrases.filter((phrase) => adjacent(metadata, phrase))
        // A dotted name found whole ("app.kubernetes.io"), not only its common parts.
        for (const name of dotted) if (name.some((term) => term in metadata)) joined.push(name)
        const factor =
          coverage ** COVERAGE_POWER *
          (1 + HEADING_BONUS * (held / total)) *
          PHRASE_BONUS ** joined.length
        return { ...result, score: result.score * factor }
      })
      .sort((a, b) => b.score - a.score)
  }

  // The hyphenated names of a query, as the lists of their parts' clauses: "kube-system" ->
  // [[clauses for kube], [clauses for system]]. The index holds the parts, not the name.
  function hyphenated(found) {
    const names = new Map()
    for (const clause of found)
      if (clause.word !== undefined && clause.of > 1) {
        if (!names.has(clause.word)) names.set(clause.word, [])
        const parts = names.get(clause.word)
        ;(parts[clause.part] = parts[clause.part] || []).push(clause.term)
      }
    return [...names.values()].filter((parts) => parts.filter(Boolean).length > 1)
  }

  // The dotted names of a query, each as the terms its whole-name clauses search.
  function wholes(found) {
    const names = new Map()
    for (const clause of found)
      if (clause.covers.length > 1) {
        if (!names.has(clause.piece)) names.set(clause.piece, [])
        names.get(clause.piece).push(clause.term)
      }
    return [...names.values()]
  }

  // Does some field hold the parts of a hyphenated name next to each other, in order? Each
  // match's position is Material's token number (its block << 20 | the token's index in the
  // block; internal/tokenize in the worker's source map): "kube" then "system" is n, n + 1.
  function adjacent(metadata, parts) {
    const at = (terms, field) =>
      terms.flatMap((term) => (metadata[term]?.[field] ? metadata[term][field].position : []))
    const fields = new Set(Object.values(metadata).flatMap((fields) => Object.keys(fields)))
    for (const field of fields) {
      let ends = new Set(at(parts[0], field))
      for (const part of parts.slice(1)) {
        ends = new Set(at(part, field).filter((position) => ends.has(position - 1)))
        if (!ends.size) break
      }
      if (ends.size) return true
    }
    return false
  }

  // Material's result (groups of items, a page and its sections, each with its `score` and
  // the query words it matched in `terms`) with the page bonus taken out and everything
  // sorted again: sections within each group, then groups by their best item.
  function rerank(result) {
    if (!result || !Array.isArray(result.items)) return result
    const items = result.items.map((group) =>
      group
        .map((item) => {
          // Material's factor, taken out: 1 + (1 for a page + the share of its clauses'
          // words matched)^2. score() has weighed pages, sections and coverage already.
          const terms = Object.values(item.terms || {})
          const matched = terms.length ? terms.filter(Boolean).length / terms.length : 0
          const page = !String(item.location).includes("#")
          return { ...item, score: item.score / (1 + ((page ? 1 : 0) + matched) ** 2) }
        })
        .sort((a, b) => b.score - a.score)
    )
    items.sort((a, b) => b[0].score - a[0].score)
    // Material shows the sections whose score equals the group's first: lift the close
    // runners-up to it (order kept) so the answer is not folded away under the best match.
    for (const group of items) {
      const best = group[0].score
      let shown = 1
      for (const item of group.slice(1)) {
        if (shown === SHOWN_SECTIONS || item.score < best * SHOWN_FRACTION) break
        if (String(item.location).includes("#")) {
          item.score = best
          shown++
        }
      }
    }
    return { ...result, items }
  }

  return { EXACT_BOOST, INFLECTION_BOOST, LENGTH_NORMALISATION, words, clauses, score, rerank }
})()
