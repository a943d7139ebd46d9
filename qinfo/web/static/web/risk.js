/* Scoring runs: while a run is queued or running, fetch the runs fragment every two seconds and
   put it in place, so the progress moves without reloading the page. Our own few lines rather than
   a library (qinfo has no htmx or other front-end library; this is the only polling it needs).
   Without JavaScript the page still works: it says to refresh. */
(function () {
  "use strict";
  var box = document.getElementById("risk-runs");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-poll");

  function running() {
    var inner = box.querySelector("[data-running]");
    return inner && inner.getAttribute("data-running") === "1";
  }

  function poll() {
    if (!running()) { return; }
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null) { box.innerHTML = html; }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 2000);
})();
