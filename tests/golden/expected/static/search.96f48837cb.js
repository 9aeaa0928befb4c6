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
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
