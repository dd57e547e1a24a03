// Tells the query log which result of a search was followed: one navigator.sendBeacon with the
// search's id, the document and its position; no cookie, no identifier of the person.
(function () {
  "use strict";
  const list = document.querySelector("[data-search-id]");
  if (!list || !navigator.sendBeacon) return;
  const search = list.getAttribute("data-search-id");
  const send = (event) => {
    const link = event.target.closest ? event.target.closest("a[data-doc][data-pos]") : null;
    if (!link) return;
    const body = new URLSearchParams({
      search: search,
      doc: link.getAttribute("data-doc"),
      pos: link.getAttribute("data-pos"),
      src: "page",
    });
    navigator.sendBeacon("/api/v1/click", body);
  };
  list.addEventListener("click", send);
  list.addEventListener("auxclick", send); // a middle click opens a tab: followed all the same
})();
