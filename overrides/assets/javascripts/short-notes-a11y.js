// Short Notes: accessible names for widgets that Material renders without one (axe-core:
// aria-dialog-name for the search dialog, link-name for code annotation markers). The
// markers are created by Material's scripts after each page change of instant navigation,
// so a MutationObserver names them as they appear. The site is English.
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

  nameAll()
  new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true })
})()
