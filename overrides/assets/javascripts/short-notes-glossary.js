// Short Notes: filter the glossary page by topic and by typed text, in the page.
//
// The page (hooks/shortnotes/glossary_page.py) lists every entry without any script: one
// `div.sn-glossary-entry` per term, its topic in a `sn-topic-<key>` class and, as text, in
// `.sn-glossary-topic` (the top-level section of the note that explains the term). This
// script adds the controls only when it runs, so a reader without JavaScript sees the whole
// list and no control that does nothing:
// - a labelled search field (matches the name, the aliases and the summary, ignoring case
//   and accents) and a group of labelled radio buttons, one per topic plus "All topics":
//   real form controls, so Tab, arrow keys and screen readers work as everywhere else;
// - a live region (role=status) that says how many terms are shown after each change;
// - filtering sets `hidden` on entries, on letters left empty and on their index links.
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

  const element = (tag, properties = {}, ...children) => {
    const node = document.createElement(tag)
    for (const [name, value] of Object.entries(properties)) {
      if (name === "text") node.textContent = value
      else node.setAttribute(name, value)
    }
    node.append(...children)
    return node
  }

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

  const mount = () => {
    const index = document.querySelector(".md-content .sn-letter-index")
    const entries = [...document.querySelectorAll(`.md-content ${ENTRY}`)]
    if (!index || !entries.length || document.querySelector(".sn-glossary-filter")) return

    // The text each entry is matched against is read on the first change, not at load.
    let texts = null
    const items = entries.map((entry) => ({ entry, topic: topicOf(entry) }))
    // Topics as the page names them, sorted by name; the class key is only an id.
    const labels = new Map()
    for (const { entry, topic } of items) {
      const label = entry.querySelector(".sn-glossary-topic")?.textContent.trim()
      if (topic !== ALL && label && !labels.has(topic)) labels.set(topic, label)
    }
    const topics = [...labels].sort((a, b) => a[1].localeCompare(b[1]))

    const field = element("input", {
      type: "search",
      id: "sn-glossary-query",
      name: "q",
      autocomplete: "off",
      spellcheck: "false",
      "aria-describedby": "sn-glossary-hint sn-glossary-count",
    })
    const radios = [[ALL, "All topics"], ...topics].map(([topic, label], position) => {
      const radio = element("input", {
        type: "radio",
        name: "sn-glossary-topic",
        id: `sn-glossary-topic-${position}`,
        value: topic,
      })
      radio.checked = topic === ALL
      return element(
        "span",
        { class: "sn-glossary-choice" },
        radio,
        element("label", { for: radio.id, text: label }),
      )
    })
    const status = element("p", {
      id: "sn-glossary-count",
      class: "sn-glossary-count",
      role: "status",
      "aria-live": "polite",
      "aria-atomic": "true",
    })
    const form = element(
      "form",
      { class: "sn-glossary-filter", "aria-label": "Filter the glossary" },
      element(
        "p",
        { class: "sn-glossary-query" },
        element("label", { for: field.id, text: "Find a term" }),
        field,
        element("span", {
          id: "sn-glossary-hint",
          class: "sn-glossary-hint",
          text: "Part of its name, another name for it or a word of its definition.",
        }),
      ),
      element(
        "fieldset",
        { class: "sn-glossary-topics" },
        element("legend", { text: "Topic" }),
        ...radios,
      ),
      status,
    )
    // Filtering happens as the reader types; Enter must not reload the page.
    form.addEventListener("submit", (event) => event.preventDefault())

    const letters = [...document.querySelectorAll(".md-content .sn-glossary-letter")]
    const update = () => {
      texts ??= entries.map(searchableText)
      const query = field.value.trim()
      const wanted = query ? fold(query) : ""
      const topic = form.elements["sn-glossary-topic"].value
      let shown = 0
      for (const [position, item] of items.entries()) {
        const visible =
          (topic === ALL || item.topic === topic) && texts[position].includes(wanted)
        item.entry.hidden = !visible
        if (visible) shown++
      }
      for (const group of letters) {
        const empty = !group.querySelector(`${ENTRY}:not([hidden])`)
        group.hidden = empty
        const heading = group.previousElementSibling
        if (heading?.matches("h2")) heading.hidden = empty
        const link = heading?.id && index.querySelector(`a[href="#${CSS.escape(heading.id)}"]`)
        if (link) link.hidden = empty
      }
      status.textContent = countText(shown, items.length, labels.get(topic), query)
    }

    form.addEventListener("input", update)
    // Nothing is hidden yet. The first count is in place before the region joins the page:
    // a live region announces what changes later (each filter), not the text it starts with.
    status.textContent = countText(items.length, items.length, "", "")
    index.before(form)
  }

  // document$ is Material's page stream: it emits the first page and each instant navigation.
  if (window.document$) window.document$.subscribe(mount)
  else mount()
})()
