// Short Notes: filter the glossary page by topic and by typed text, in the page.
//
// The page (hooks/shortnotes/glossary_page.py) lists every entry without any script: one
// `div.sn-glossary-entry` per term, its topic in a `sn-topic-<key>` class. It also holds the
// filter's controls, in the page from the first paint so nothing moves when this script
// runs, and hidden by the stylesheet where scripting is off (they would do nothing there):
// - a labelled search field (matches the name, the aliases and the summary, ignoring case
//   and accents) and a group of labelled radio buttons, one per topic plus "All topics";
// - a live region (role=status) that says how many terms are shown after each change.
// This script only listens: filtering sets `hidden` on entries, on letters left empty and
// on their index links. Nothing is read at load: the entries are read on the first change.
// Text is read with textContent and written with textContent: a contributor's term or
// summary never becomes markup (tests/browser/test_glossary_filter.py, hostile note).
// Material's keyboard shortcuts ignore keys typed into form fields, so typing "s" or "/"
// here filters instead of opening the site search.
(() => {
  "use strict"

  const ENTRY = ".sn-glossary-entry"
  const TOPIC_PREFIX = "sn-topic-"
  const ALL = ""

  // Lower case, accents dropped, punctuation as spaces, one space before each word: "élan"
  // finds "Élan", "kube prox" finds "kube-proxy", and "tain" finds "taint" but not "contain".
  const fold = (text) =>
    " " +
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim()

  const topicOf = (entry) => {
    const name = [...entry.classList].find((c) => c.startsWith(TOPIC_PREFIX))
    return name ? name.slice(TOPIC_PREFIX.length) : ALL
  }

  // What typed text is matched against (at the start of a word): the term's own text (not its "¶" link), its
  // aliases and its summary. Mentions and links are left out: they name other concepts.
  const searchableText = (entry) => {
    const heading = entry.querySelector("h3")
    const name = heading?.firstChild?.textContent ?? ""
    const rest = [".sn-glossary-aliases", ".sn-glossary-summary"].map(
      (selector) => entry.querySelector(selector)?.textContent ?? "",
    )
    return fold([name, ...rest].join(" "))
  }

  const countText = (shown, total, topicLabel, query) => {
    if (shown === total) return `All ${total} terms shown.`
    const where = topicLabel ? ` in ${topicLabel}` : ""
    const matching = query ? ` matching “${query}”` : ""
    if (shown === 0) return `No term${where}${matching}.`
    return `${shown} of ${total} terms shown${where}${matching}.`
  }

  const wired = new WeakSet()

  const mount = () => {
    const form = document.querySelector(".md-content form.sn-glossary-filter")
    const index = document.querySelector(".md-content .sn-letter-index")
    if (!form || !index || wired.has(form)) return
    wired.add(form)
    const field = form.elements.q
    const status = form.querySelector("[role=status]")

    // Read on the first change, not at load: the page paints and settles first.
    let items = null
    let letters = null
    const read = () => {
      const entries = [...document.querySelectorAll(`.md-content ${ENTRY}`)]
      items = entries.map((entry) => ({
        entry,
        topic: topicOf(entry),
        text: searchableText(entry),
      }))
      letters = [...document.querySelectorAll(".md-content .sn-glossary-letter")].map(
        (group) => {
          const heading = group.previousElementSibling?.matches("h2")
            ? group.previousElementSibling
            : null
          const link =
            heading?.id && index.querySelector(`a[href="#${CSS.escape(heading.id)}"]`)
          return { group, heading, link }
        },
      )
    }

    const update = () => {
      if (!items) read()
      const query = field.value.trim()
      const wanted = query ? fold(query) : ""
      const chosen = form.querySelector("input[name='sn-glossary-topic']:checked")
      const topic = chosen?.value ?? ALL
      let shown = 0
      for (const item of items) {
        const visible = (topic === ALL || item.topic === topic) && item.text.includes(wanted)
        item.entry.hidden = !visible
        if (visible) shown++
      }
      for (const { group, heading, link } of letters) {
        const empty = !group.querySelector(`${ENTRY}:not([hidden])`)
        group.hidden = empty
        if (heading) heading.hidden = empty
        if (link) link.hidden = empty
      }
      const label = topic === ALL ? "" : (chosen?.labels?.[0]?.textContent.trim() ?? "")
      status.textContent = countText(shown, items.length, label, query)
    }

    // Filtering happens as the reader types; Enter must not reload the page.
    form.addEventListener("submit", (event) => event.preventDefault())
    form.addEventListener("input", update)
  }

  // document$ is Material's page stream: it emits the first page and each instant navigation.
  if (window.document$) window.document$.subscribe(mount)
  else mount()
})()
