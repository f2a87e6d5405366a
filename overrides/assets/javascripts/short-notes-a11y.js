// Short Notes: accessibility fixes for what Material leaves out (each for an axe-core finding).
// - aria-dialog-name, link-name: names for the search dialog and code annotation markers. The
//   markers are created by Material's scripts after each page change of instant navigation,
//   so a MutationObserver names them as they appear. The site is English.
// - scrollable-region-focusable: a code block that scrolls sideways must be reachable by
//   keyboard. Material gives it tabindex when it mounts the block, but with content.lazy it
//   mounts a block only once it scrolls into view, and keyboard users tab to the ones below.
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

  const focusScrollableCode = () => {
    if (!matchMedia("(hover)").matches) return // Material's rule: no tab stop on touch screens
    const blocks = document.querySelectorAll(".md-content pre > code:not([tabindex])")
    // Every read before any write, so the layout is computed once, not once per block.
    const scrollable = [...blocks].filter((code) => code.scrollWidth > code.clientWidth)
    for (const code of scrollable) code.setAttribute("tabindex", "0")
  }

  // After the next frame is painted the layout is clean, so the reads above cost nothing.
  const afterPaint = (callback) => requestAnimationFrame(() => setTimeout(callback))

  nameAll()
  new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true })
  // document$ is Material's page stream: it emits the first page and each instant navigation.
  if (window.document$) window.document$.subscribe(() => afterPaint(focusScrollableCode))
})()
