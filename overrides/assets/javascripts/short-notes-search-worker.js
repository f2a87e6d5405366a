// Short Notes: Material's own search worker, with the query side mended.
//
// Material lets a site provide its search worker (the "search" URL of the page's __config,
// which overrides/main.html points here, with Material's hashed worker name after the "?").
// This worker loads Material's pinned worker unchanged and changes four things around it;
// the policy (what is searched, how answers are ordered) is in short-notes-search-query.js:
// - lunr builds the index with its own length normalisation (Material turns it off);
// - a QUERY message's text is cleaned before Material reads it (leading dashes of flags
//   dropped: "--pipe" was a lunr syntax error that gave no results at all);
// - lunr's Index.search, which Material calls with its own transformed query, searches the
//   clauses built from the reader's words instead, and scores the results;
// - a RESULT message is re-ranked before it goes back to the page.
// Material still builds the index, highlights, groups, suggests and renders: results are its
// own objects, re-ordered, never new markup. tests/browser/test_search_query.py tests the
// policy; tests/browser/test_search_ranking.py the whole in Material's UI.
/* global ShortNotesSearchQuery */
;(() => {
  "use strict"

  // Only Material's worker, from this site's own assets: "workers/search.<hash>.min.js".
  const material = self.location.search.slice(1)
  if (!/^workers\/search\.[0-9a-f]+\.min\.js$/.test(material))
    throw new Error(`short-notes-search-worker: not Material's worker: ${material}`)

  let reader = "" // the query as the reader typed it, for Index.search below

  // Registered before Material's listener, so it runs first on each message.
  self.addEventListener("message", (event) => {
    const message = event.data
    if (message && message.type === 2 /* QUERY */ && typeof message.data === "string") {
      reader = message.data
      message.data = ShortNotesSearchQuery.words(message.data).join(" ")
    }
  })

  const post = self.postMessage.bind(self)
  self.postMessage = (message) =>
    post(message && message.type === 3 /* RESULT */
      ? { ...message, data: ShortNotesSearchQuery.rerank(message.data) }
      : message)

  importScripts("short-notes-search-query.js", material)

  const lunr = self.lunr // Material's worker exposes its lunr
  // Material's index calls b(0); ours gets lunr's default (a long section repeating a word
  // no longer outweighs a short one about it).
  const b = lunr.Builder.prototype.b
  lunr.Builder.prototype.b = function () {
    return b.call(this, ShortNotesSearchQuery.LENGTH_NORMALISATION)
  }
  const search = lunr.Index.prototype.search
  lunr.Index.prototype.search = function (transformed) {
    if (!reader) return search.call(this, transformed)
    const known = corpus(this)
    // The indexed words one edit away from a typo, each with its English stem (lunr's own
    // Porter stemmer, which the index does not use: its words are stored as written).
    const tokens = this.tokenSet
    const corrections = (piece) =>
      tokens
        .intersect(lunr.TokenSet.fromFuzzyString(piece, 1))
        .toArray()
        .map((word) => [word, lunr.stemmer(new lunr.Token(word)).toString()])
    const clauses = ShortNotesSearchQuery.clauses(
      reader,
      lunr.tokenizer.separator,
      known.vocabulary,
      corrections
    )
    if (!clauses.length) return []
    const results = this.query((query) => {
      for (const clause of clauses)
        query.term(clause.term, {
          boost: clause.boost,
          usePipeline: false, // the words are the index's own, or a prefix of them
          wildcard: clause.wildcard ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE,
        })
    })
    return ShortNotesSearchQuery.score(results, clauses, known)
  }

  // What the policy asks of the index: its words, sorted; the documents holding a word; how
  // many documents there are in all and on each page. Counted once per index (the index
  // never changes after setup).
  const corpora = new WeakMap()
  function corpus(index) {
    if (!corpora.has(index)) {
      const pages = new Map()
      let size = 0
      for (const key of Object.keys(index.fieldVectors))
        if (key.startsWith("title/")) {
          const page = key.slice("title/".length).split("#")[0]
          pages.set(page, (pages.get(page) || 0) + 1)
          size++
        }
      const refs = new Map()
      corpora.set(index, {
        vocabulary: Object.keys(index.invertedIndex).sort(),
        size,
        pageSize: (page) => pages.get(page) || 1,
        refs(term) {
          if (!refs.has(term)) {
            const found = new Set()
            const postings = index.invertedIndex[term] || {}
            for (const [field, docs] of Object.entries(postings))
              if (field !== "_index") for (const ref of Object.keys(docs)) found.add(ref)
            refs.set(term, found)
          }
          return refs.get(term)
        },
      })
    }
    return corpora.get(index)
  }
})()
