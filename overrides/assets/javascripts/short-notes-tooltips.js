// Short Notes: a glossary link shows its term's definition as a tooltip, as plain text.
//
// Why our own, and not Material's `content.tooltips` (switched off in mkdocs.yml): in the
// pinned bundle (Material 9.8.1, bundle.a5f9d56c.min.js, read from its source map) every
// tooltip turns attribute text back into markup:
// - components/tooltip (header `[title]`): `typeset.innerHTML = el.title`;
// - components/tooltip2 `mountInlineTooltip2` (content `[title]:not([data-preview])`, nav
//   `abbr[title]`, code copy/select buttons, `.md-status`, and the ellipsis patch): it renders
//   `el.title` as a JSX child, and the bundle's JSX factory (utilities/h) appends a string
//   child with `el.innerHTML += child`;
// - patches/ellipsis: sets `title = innerText` on truncated nav / header / TOC entries, then
//   mounts the tooltip above on it only when `content.tooltips` is on. With the feature off
//   the title stays a native one: the browser shows it as text.
// So with the feature on, any title (a term summary, a Markdown link title, attr_list
// `{ title="..." }`, an abbreviation, a long heading) was live HTML. Other markup sinks in
// the bundle, none fed from an attribute: search results (utilities/h again, from
// search_index.json, which Material's search plugin fills with escaped text); footnote
// tooltips and instant previews (off here; they clone nodes, previews copy a heading's
// innerHTML); mermaid (`shadow.innerHTML = svg`, only for `pre.mermaid`, and it loads
// mermaid from unpkg.com); the announce bar (hashes innerHTML, writes nothing).
//
// What this does (tests/browser/test_tooltips.py, test_concepts.py):
// - the hook writes the summary into `data-term-summary` (hooks/shortnotes/autolink.py); for
//   each such link, on every page Material shows (document$: first load and each instant
//   navigation), one hidden `role=tooltip` element gets it as textContent, never as markup,
//   and the link points at it with aria-describedby, so screen readers read the definition;
// - shown on mouse hover (and while the pointer is over the tooltip itself), on keyboard
//   focus (:focus-visible, so a click's focus does not), hidden on leaving, and by Escape;
// - touch: the first tap on a term shows its definition and does not follow the link, a
//   second tap on the same term follows it, a tap anywhere else hides it;
// - placed below the term (above it if there is no room), kept inside the window.
(() => {
  "use strict"

  const LINKS = "a.sn-term[data-term-summary]"
  const MARGIN = 8 // px between the tooltip and the term, and kept from the window's edges
  const HIDE_DELAY = 200 // ms: time for the pointer to travel from the term onto the tooltip

  let container = null
  let shown = null // { link, tip } on screen now
  let hideTimer = 0
  let lastPointer = "mouse" // the pointer type of the latest pointerdown

  const tipOf = (link) => document.getElementById(link.getAttribute("aria-describedby") || "")

  const mount = () => {
    hide()
    container?.remove()
    container = document.createElement("div")
    container.className = "sn-tooltips"
    let count = 0
    for (const link of document.querySelectorAll(LINKS)) {
      const tip = document.createElement("div")
      tip.id = `sn-tooltip-${++count}`
      tip.className = "sn-tooltip"
      tip.setAttribute("role", "tooltip")
      tip.hidden = true
      tip.textContent = link.dataset.termSummary // text only: never innerHTML
      link.setAttribute("aria-describedby", tip.id)
      container.append(tip)
    }
    document.body.append(container)
  }

  const place = ({ link, tip }) => {
    const anchor = link.getClientRects()[0] || link.getBoundingClientRect() // first line
    const { width, height } = tip.getBoundingClientRect()
    const right = document.documentElement.clientWidth - MARGIN
    const left = Math.max(MARGIN, Math.min(anchor.left + anchor.width / 2 - width / 2, right - width))
    let top = anchor.bottom + MARGIN
    if (top + height > innerHeight - MARGIN && anchor.top - MARGIN - height >= MARGIN)
      top = anchor.top - MARGIN - height
    tip.style.left = `${left}px`
    tip.style.top = `${top}px`
  }

  function show(link) {
    clearTimeout(hideTimer)
    const tip = tipOf(link)
    if (!tip) return
    if (shown?.link !== link) hide()
    shown = { link, tip }
    tip.hidden = false
    place(shown)
  }

  function hide() {
    clearTimeout(hideTimer)
    if (shown) shown.tip.hidden = true
    shown = null
  }

  const hideSoon = () => {
    clearTimeout(hideTimer)
    hideTimer = setTimeout(hide, HIDE_DELAY)
  }

  const termAt = (node) => (node instanceof Element ? node.closest(LINKS) : null)
  const inShown = (node) =>
    !!shown && node instanceof Node && (shown.link.contains(node) || shown.tip.contains(node))

  // Listeners on the document: they keep working when instant navigation swaps the content.
  document.addEventListener("pointerdown", (event) => {
    lastPointer = event.pointerType
    if (!inShown(event.target)) hide()
  })

  document.addEventListener("pointerover", (event) => {
    if (event.pointerType === "touch") return // a tap is handled on click, below
    const link = termAt(event.target)
    if (link) show(link)
    else if (inShown(event.target)) clearTimeout(hideTimer) // over the tooltip itself
  })

  document.addEventListener("pointerout", (event) => {
    if (event.pointerType === "touch" || !shown) return
    if (inShown(event.target) && !inShown(event.relatedTarget)) hideSoon()
  })

  document.addEventListener("focusin", (event) => {
    const link = termAt(event.target)
    if (link && link.matches(":focus-visible")) show(link)
  })

  document.addEventListener("focusout", (event) => {
    if (shown && event.target === shown.link) hide()
  })

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && shown) hide()
  })

  // Capture phase: runs before Material's instant navigation, which handles clicks on body.
  document.addEventListener(
    "click",
    (event) => {
      const link = termAt(event.target)
      if (!link || lastPointer !== "touch" || shown?.link === link) return
      event.preventDefault() // first tap: show the definition; the second tap follows
      event.stopPropagation()
      show(link)
    },
    true,
  )

  const follow = () => shown && place(shown)
  addEventListener("scroll", follow, { passive: true })
  addEventListener("resize", follow, { passive: true })

  // document$ is Material's page stream: it emits the first page and each instant navigation.
  if (window.document$) window.document$.subscribe(mount)
  else mount()
})()
