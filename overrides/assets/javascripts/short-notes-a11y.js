// Short Notes: accessibility fixes for what Material leaves out (each for an axe-core finding).
// - aria-dialog-name, link-name: names for the search dialog and code annotation markers. The
//   markers are created by Material's scripts after each page change of instant navigation,
//   so a MutationObserver names them as they appear. The site is English.
// - scrollable-region-focusable: a code block, or a table (Material's scroll wrapper around it,
//   wide on a phone), that scrolls sideways must be reachable by keyboard. Material gives a
//   code block tabindex when it mounts it, but with content.lazy it mounts a block only once it
//   scrolls into view, and keyboard users tab to the ones below. Material gives none where
//   nothing hovers (touch screens), and takes ours away when it mounts a block there; but
//   phones and tablets are used with keyboards and switch devices too, and axe reports the
//   blocks under touch emulation. So every block and table that scrolls sideways gets a tab
//   stop on every screen, put back when Material's mount removes it, and a name announced on
//   focus (role group, not region: a landmark per block would crowd the landmark list).
//   A tap draws no focus ring: Chromium draws it for :focus-visible, which a tap does not set.
(() => {
  "use strict"

  const name = (element, label) => {
    if (element && !element.hasAttribute("aria-label")) element.setAttribute("aria-label", label)
  }

  const nameAll = () => {
    name(document.querySelector(".md-search[role=dialog]"), "Search")
    for (const marker of document.querySelectorAll("a.md-annotation__index")) {
      const number = marker.querySelector("[data-md-annotation-id]")?.dataset.mdAnnotationId
      name(marker, number ? `Annotation ${number}` : "Annotation")
    }
  }

  const CODE = ".md-content pre > code"
  const TABLE = ".md-content .md-typeset__scrollwrap"
  const scrollsSideways = (element) => element.scrollWidth > element.clientWidth

  const makeReachable = (element) => {
    if (!element.hasAttribute("tabindex")) element.setAttribute("tabindex", "0")
    if (!element.hasAttribute("role")) {
      const what = element.matches(CODE) ? "Code block" : "Table"
      element.setAttribute("role", "group")
      element.setAttribute("aria-label", `${what}, scrolls sideways`)
    }
  }

  const focusScrollableCode = () => {
    const regions = document.querySelectorAll(`${CODE}, ${TABLE}`)
    // Every read before any write, so the layout is computed once, not once per region.
    const scrollable = [...regions].filter(scrollsSideways)
    for (const region of scrollable) makeReachable(region)
  }

  // Material's mount removes the tab stop where there is no hover: put it back. (Our own
  // setAttribute is reported too, but then the attribute is there and nothing is done.)
  const keepTabStops = (mutations) => {
    const removed = mutations
      .map((mutation) => mutation.target)
      .filter((code) => code.matches(CODE) && !code.hasAttribute("tabindex"))
    for (const code of removed.filter(scrollsSideways)) makeReachable(code)
  }

  // After the next frame is painted the layout is clean, so the reads above cost nothing.
  const afterPaint = (callback) => requestAnimationFrame(() => setTimeout(callback))

  nameAll()
  new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true })
  new MutationObserver(keepTabStops).observe(document.body, {
    attributeFilter: ["tabindex"],
    subtree: true,
  })
  addEventListener("resize", () => afterPaint(focusScrollableCode), { passive: true })
  // document$ is Material's page stream: it emits the first page and each instant navigation.
  if (window.document$) window.document$.subscribe(() => afterPaint(focusScrollableCode))
})()
