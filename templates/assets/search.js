/* dateline static search: fetches index shards on demand (see docs/archive-features.md).
   No framework, no build step. Progressive: the page works (explains itself) without it. */
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var status = document.getElementById("search-status");
  var peopleBox = document.getElementById("search-people");
  var artBox = document.getElementById("search-articles");
  var more = document.getElementById("search-more");
  var root = form.getAttribute("data-index");
  var base = form.getAttribute("data-base");
  var PAGE = 10;
  var cache = {};
  var meta = null;
  var stop = {};
  var shardSet = {};
  var seq = 0;
  var shown = [];
  var shownCount = 0;

  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(root + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
    }
    return cache[path];
  }

  var FOLD = { "\u00df": "ss", "\u00e6": "ae", "\u0153": "oe", "\u00f8": "o", "\u0142": "l", "\u0111": "d", "\u00fe": "th", "\u00f0": "d", "\u0131": "i" };
  /* Same normalisation as the index: ASCII folding, lowercase, letters and digits. */
  function words(text) {
    var t = text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    t = t.replace(/[\u00df\u00e6\u0153\u00f8\u0142\u0111\u00fe\u00f0\u0131]/g, function (c) { return FOLD[c]; });
    return t.split(/[^a-z0-9]+/).filter(function (w) { return w.length > 0; });
  }

  var MAX_SHARDS = 8;
  var EMPTY = { t: {}, h: {}, p: {}, pm: {} };

  /* The shard holding a term: the longest shard key that is a prefix of it. */
  function keyFor(w) {
    for (var n = Math.min(w.length, 6); n >= 2; n--) {
      if (shardSet[w.slice(0, n)]) return w.slice(0, n);
    }
    return null;
  }

  /* Shards to read for a word: its own, plus (for a prefix) every longer key it starts. */
  function shardsFor(w, prefix) {
    var keys = [];
    var own = keyFor(w);
    if (own) keys.push(own);
    if (prefix) {
      meta.shards.forEach(function (k) {
        if (k.length > w.length && k.lastIndexOf(w, 0) === 0 && k !== own) keys.push(k);
      });
    }
    if (!keys.length) return Promise.resolve(EMPTY);
    return Promise.all(keys.slice(0, MAX_SHARDS).map(function (k) {
      return get("index/" + k + ".json");
    })).then(function (parts) {
      if (parts.length === 1) return parts[0];
      var m = { t: {}, h: {}, p: {}, pm: {} };
      parts.forEach(function (s) {
        ["t", "h", "p", "pm"].forEach(function (f) {
          Object.keys(s[f]).forEach(function (k) { m[f][k] = s[f][k]; });
        });
      });
      return m;
    });
  }

  function decode(d) {
    var out = new Array(d.length), acc = 0;
    for (var i = 0; i < d.length; i++) { acc += d[i]; out[i] = acc; }
    return out;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  /* Terms of one query word: exact, or every indexed term it starts (last word). */
  function expand(map, w, prefix) {
    if (!prefix) return map[w] ? [w] : [];
    return Object.keys(map).filter(function (t) { return t.lastIndexOf(w, 0) === 0; });
  }

  function search(q) {
    var all = words(q);
    var last = all.length - 1;
    var qs = [];
    all.forEach(function (w, i) {
      var isLast = i === last && !/\s$/.test(q);
      if (w.length < 2 || w.length > 24) return;
      if (!isLast && stop[w]) return;
      qs.push({ w: w, prefix: isLast });
    });
    if (!qs.length) return Promise.resolve(null);
    return Promise.all(qs.map(function (x) { return shardsFor(x.w, x.prefix); })).then(function (shards) {
      var score = null, people = null, pm = {};
      qs.forEach(function (x, i) {
        var s = shards[i];
        var docs = {};
        expand(s.t, x.w, x.prefix).slice(0, 200).forEach(function (t) {
          decode(s.t[t]).forEach(function (d) { docs[d] = Math.max(docs[d] || 0, 1); });
          if (s.h[t]) decode(s.h[t]).forEach(function (d) { docs[d] = 3; });
        });
        if (score === null) score = docs;
        else {
          var next = {};
          Object.keys(score).forEach(function (d) { if (docs[d]) next[d] = score[d] + docs[d]; });
          score = next;
        }
        var ps = {};
        expand(s.p, x.w, x.prefix).forEach(function (t) {
          s.p[t].forEach(function (p) { ps[p] = true; pm[p] = s.pm[p]; });
        });
        if (people === null) people = ps;
        else {
          var np = {};
          Object.keys(people).forEach(function (p) { if (ps[p]) np[p] = true; });
          people = np;
        }
      });
      var ids = Object.keys(score).map(Number);
      ids.sort(function (a, b) { return score[b] - score[a] || a - b; });
      var ppl = Object.keys(people).map(function (p) { return pm[p]; });
      ppl.sort(function (a, b) { return b[2] - a[2] || (a[0] < b[0] ? -1 : 1); });
      return { ids: ids, people: ppl };
    });
  }

  function docsFor(ids) {
    var per = meta.per;
    var need = {};
    ids.forEach(function (id) { need[Math.floor(id / per)] = true; });
    return Promise.all(Object.keys(need).map(function (n) {
      return get("docs/" + n + ".json").then(function (rows) { return [n, rows]; });
    })).then(function (parts) {
      var byShard = {};
      parts.forEach(function (p) { byShard[p[0]] = p[1]; });
      return ids.map(function (id) { return byShard[Math.floor(id / per)][id % per]; });
    });
  }

  function renderPeople(ppl) {
    var ul = peopleBox.querySelector("ul");
    ul.textContent = "";
    ppl.slice(0, 12).forEach(function (p) {
      var li = el("li");
      var a = el("a", null, p[0]);
      a.href = base + p[1];
      li.appendChild(a);
      if (p[3]) li.appendChild(el("span", "role", p[3]));
      li.appendChild(el("span", "count", p[2] + (p[2] === 1 ? " article" : " articles")));
      ul.appendChild(li);
    });
    peopleBox.hidden = ppl.length === 0;
  }

  function appendArticles(rows) {
    var ol = artBox.querySelector("ol");
    rows.forEach(function (r) {
      var li = el("li", "card");
      var h = el("h3", "card-title");
      var a = el("a", null, r[0]);
      a.href = base + r[1];
      h.appendChild(a);
      li.appendChild(h);
      if (r[2]) li.appendChild(el("p", "card-meta", r[2]));
      if (r[3]) li.appendChild(el("p", "card-summary", r[3]));
      ol.appendChild(li);
    });
  }

  function showMore(mine) {
    var slice = shown.slice(shownCount, shownCount + PAGE);
    return docsFor(slice).then(function (rows) {
      if (mine !== seq) return;
      appendArticles(rows);
      shownCount += slice.length;
      more.hidden = shownCount >= shown.length;
    });
  }

  function run() {
    var q = input.value;
    var mine = ++seq;
    if (!q.trim()) {
      status.textContent = "";
      peopleBox.hidden = artBox.hidden = true;
      return;
    }
    search(q).then(function (res) {
      if (mine !== seq) return;
      if (!res) {
        status.textContent = "Type at least two letters.";
        peopleBox.hidden = artBox.hidden = true;
        return;
      }
      renderPeople(res.people);
      shown = res.ids;
      shownCount = 0;
      artBox.querySelector("ol").textContent = "";
      artBox.hidden = shown.length === 0;
      more.hidden = true;
      var n = shown.length, p = res.people.length;
      status.textContent = n + (n === 1 ? " article" : " articles") + " and " + p + (p === 1 ? " person" : " people") + " found.";
      return showMore(mine);
    }).catch(function (e) {
      if (mine === seq) status.textContent = "Search is unavailable: " + e.message;
    });
  }

  var timer = null;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var u = new URL(location.href);
      if (input.value) u.searchParams.set("q", input.value); else u.searchParams.delete("q");
      history.replaceState(null, "", u);
      run();
    }, 120);
  }

  /* A page opened from disk may not read other files: say so instead of failing. */
  if (location.protocol === "file:") {
    status.textContent = "Search needs the archive on a web server (a browser does not let a page opened from disk read the index): preview it with dateline serve, or browse people and years from the menu.";
    return;
  }

  get("meta.json").then(function (m) {
    meta = m;
    m.stop.forEach(function (w) { stop[w] = true; });
    m.shards.forEach(function (k) { shardSet[k] = true; });
    input.addEventListener("input", schedule);
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    more.addEventListener("click", function () { showMore(seq); });
    var q = new URLSearchParams(location.search).get("q");
    if (q) { input.value = q; run(); }
    form.classList.add("ready");
  }).catch(function (e) {
    status.textContent = "Search is unavailable: " + e.message;
  });
})();
