// Starts Pagefind's search box on the search page; the index is built with the site.
(() => {
  "use strict";
  const script = document.currentScript || document.querySelector("script[data-bundle]");
  const start = () => {
    if (typeof PagefindUI === "undefined") return;
    // eslint-disable-next-line no-new
    new PagefindUI({
      element: "#search",
      bundlePath: script.dataset.bundle,
      baseUrl: new URL(script.dataset.bundle + "../", window.location.href).pathname,
      showSubResults: false,
      showImages: false,
      resetStyles: false,
    });
    // Pagefind's box has only a title; give it a name screen readers announce.
    const label = () => {
      const input = document.querySelector("#search input");
      if (!input) return false;
      input.setAttribute("aria-label", "Search the chronology");
      return true;
    };
    if (!label()) {
      const watcher = new MutationObserver(() => { if (label()) watcher.disconnect(); });
      watcher.observe(document.querySelector("#search"), { childList: true, subtree: true });
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
