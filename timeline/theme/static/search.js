// Starts Pagefind's search box on the search page; the index is built with the site.
(() => {
  "use strict";
  const script = document.currentScript || document.querySelector("script[data-bundles]");
  const start = () => {
    // Absolute paths: Pagefind resolves a merged bundle's path against its own.
    const bundles = script.dataset.bundles.split(" ").filter(Boolean)
      .map((path) => new URL(path, window.location.href).pathname);
    if (typeof PagefindUI === "undefined" || !bundles.length) return;
    // One bundle per shard of years: the newest is the main one, the others are merged in.
    // eslint-disable-next-line no-new
    new PagefindUI({
      element: "#search",
      bundlePath: bundles[bundles.length - 1],
      mergeIndex: bundles.slice(0, -1).map((bundlePath) => ({ bundlePath })),
      baseUrl: new URL(script.dataset.root, window.location.href).pathname,
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
