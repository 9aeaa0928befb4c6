// Filters the events listed on this page by tag, actor and year, in place.
// The choice lives in the address (?tag=…&actor=…&year=…) so it can be shared.
// Without JavaScript the form stays hidden and the tag, actor and year pages serve.
(() => {
  "use strict";
  const form = document.querySelector("form.filters");
  if (!form) return;
  const items = Array.from(document.querySelectorAll("li.event[data-year]"));
  const selects = Array.from(form.querySelectorAll("select"));
  const status = form.querySelector(".filter-status");
  const sections = Array.from(document.querySelectorAll("section.day, section.month, section.year"));

  let missing = [];  // asked for in the address, but on no event of this page

  const fromAddress = () => {
    const params = new URLSearchParams(window.location.search);
    missing = [];
    for (const select of selects) {
      const wanted = params.get(select.name) || "";
      const known = Array.from(select.options).some((o) => o.value === wanted);
      select.value = known ? wanted : "";
      if (wanted && !known) missing.push(`${select.name} “${wanted}”`);
    }
  };

  // Each choice is a step in the history, so the back button undoes it. A choice is what
  // one list is given from when it gets the focus or a click: the arrow keys change it at
  // each option they pass, and those are not steps of their own.
  let choosing = null;  // the list whose choice the last step holds
  const anew = () => { choosing = null; };
  form.addEventListener("focusin", anew);
  form.addEventListener("pointerdown", anew);
  const toAddress = (list = null) => {
    const params = new URLSearchParams();
    for (const select of selects) if (select.value) params.set(select.name, select.value);
    const query = params.toString();
    const address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (address !== window.location.pathname + window.location.search + window.location.hash) {
      if (list !== null && list === choosing) window.history.replaceState(null, "", address);
      else window.history.pushState(null, "", address);
    }
    choosing = list;
    missing = [];
  };

  const matches = (item, name, value) => {
    if (!value) return true;
    if (name === "year") return item.dataset.year === value;
    const list = item.dataset[name === "tag" ? "tags" : "actors"];
    return list.split(" ").includes(value);
  };

  const apply = () => {
    let shown = 0;
    for (const item of items) {
      const keep = selects.every((s) => matches(item, s.name, s.value));
      item.hidden = !keep;
      if (keep) shown += 1;
    }
    for (const section of sections) {
      section.hidden = !section.querySelector("li.event:not([hidden])");
    }
    const active = selects.some((s) => s.value);
    const absent = missing.length ? `No event on this page has the ${missing.join(" or ")}. ` : "";
    status.textContent = absent + (active ? `${shown} of ${items.length} events shown.` : "");
  };

  form.addEventListener("change", (event) => { apply(); toAddress(event.target); });
  form.addEventListener("submit", (event) => { event.preventDefault(); apply(); toAddress(); });
  form.addEventListener("reset", () => {
    window.setTimeout(() => { apply(); toAddress(); }, 0);
  });
  window.addEventListener("popstate", () => { anew(); fromAddress(); apply(); });

  form.hidden = false;
  fromAddress();
  apply();
})();
