/* dateline people index: a filter box over the A–Z list (progressive: the list and the
   initials work without it). Matches every word typed against names, accents ignored. */
(function () {
  "use strict";
  var box = document.getElementById("people-filter");
  if (!box) return;
  box.hidden = false;
  var input = box.querySelector("input");
  var status = document.getElementById("people-filter-status");
  var groups = Array.prototype.slice.call(document.querySelectorAll(".people-group"));
  function fold(s) {
    return s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }
  var rows = [];
  groups.forEach(function (g) {
    Array.prototype.forEach.call(g.querySelectorAll("li"), function (li) {
      rows.push({ li: li, g: g, text: fold(li.textContent) });
    });
  });
  input.addEventListener("input", function () {
    var ws = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    var live = new Set();
    rows.forEach(function (r) {
      var ok = ws.every(function (w) { return r.text.indexOf(w) !== -1; });
      r.li.hidden = !ok;
      if (ok) { shown++; live.add(r.g); }
    });
    groups.forEach(function (g) { g.hidden = !live.has(g); });
    status.textContent = ws.length ? shown + (shown === 1 ? " person" : " people") + " shown" : "";
  });
})();
