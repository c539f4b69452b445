// Filtering and search over the flags already in the page: no server, no request.
(function () {
  "use strict";
  var flags = Array.prototype.slice.call(document.querySelectorAll("details.flag"));
  var selects = Array.prototype.slice.call(document.querySelectorAll("#filters select"));
  var search = document.getElementById("f-q");
  var shown = document.getElementById("shown");
  var texts = null; // lower-cased text of each flag, built at the first search

  function matches(el, wanted, query, i) {
    for (var key in wanted) {
      var have = el.dataset[key];
      if (key === "review" && wanted[key] === "open") {
        if (have === "dismissed") return false;
      } else if (have !== wanted[key]) {
        return false;
      }
    }
    return !query || texts[i].indexOf(query) !== -1;
  }

  function apply() {
    var wanted = {};
    selects.forEach(function (s) { if (s.value) wanted[s.dataset.key] = s.value; });
    var query = search.value.trim().toLowerCase();
    if (query && texts === null) {
      texts = flags.map(function (el) { return el.textContent.toLowerCase(); });
    }
    var n = 0;
    flags.forEach(function (el, i) {
      var ok = matches(el, wanted, query, i);
      el.hidden = !ok;
      if (ok) n += 1;
    });
    shown.textContent = n.toLocaleString("en");
  }

  var timer = null;
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 120);
  });
  document.getElementById("f-reset").addEventListener("click", function () {
    selects.forEach(function (s) { s.value = ""; });
    search.value = "";
    apply();
  });
  document.getElementById("f-open").addEventListener("click", function () {
    flags.forEach(function (el) { if (!el.hidden) el.open = true; });
  });
  document.getElementById("f-close").addEventListener("click", function () {
    flags.forEach(function (el) { el.open = false; });
  });
  // A link to a flag (#flag-…) opens it.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.tagName === "DETAILS") el.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  // Printing shows the cards of the flags that are shown.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = flags.filter(function (el) { return !el.hidden && !el.open; });
    opened.forEach(function (el) { el.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (el) { el.open = false; });
  });
  document.body.dataset.ready = "1";
})();
