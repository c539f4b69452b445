// The flag list and the cards, drawn from the JSON the page carries: no server, no request.
// Every value is put in the page as a text node (textContent), never parsed as markup.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("report-data").textContent);
  var FLAGS = DATA.flags;
  var PAGE = 200;
  var list = document.getElementById("flag-list");
  var selects = Array.prototype.slice.call(document.querySelectorAll("#filters select"));
  var search = document.getElementById("f-q");
  var shownCount = document.getElementById("shown");
  var more = document.getElementById("more");
  var all = document.getElementById("all");
  var texts = null; // lower-cased searchable text of each flag, built at the first search
  var matching = []; // indexes into FLAGS that pass the filters, in report order
  var rendered = 0;

  // --- building blocks --------------------------------------------------------------------
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return parent;
  }
  function money(value) {
    if (value === null || value === undefined) return "-";
    return "EUR " + Number(value).toLocaleString("en", {
      minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  function number(value) {
    return Number(value).toLocaleString("en", { maximumFractionDigits: 2 });
  }
  function review(flag) { return flag.rv ? flag.rv[0] : "not reviewed"; }
  function dismissed(flag) { return !!flag.rv && flag.rv[0] === "dismissed"; }

  // --- the list ---------------------------------------------------------------------------
  function summary(flag) {
    var s = el("summary");
    add(s, el("span", "sev sev-" + flag.s, flag.s), " ", el("span", "rc", flag.r), " ",
        el("span", "who", flag.fr + " → " + flag.to), " ", el("span", "amt", money(flag.eur)),
        " ", el("span", "dt", flag.d || ""), " ", el("span", "jur", flag.j));
    if (flag.rv) add(s, " ", el("span", "rv rv-" + flag.rv[0], flag.rv[0]));
    add(s, el("span", "cat", flag.c));
    return s;
  }

  function row(index) {
    var flag = FLAGS[index];
    var details = el("details", "flag" + (dismissed(flag) ? " dismissed" : ""));
    details.id = "flag-" + flag.i;
    details.dataset.index = index;
    add(details, summary(flag));
    details.addEventListener("toggle", function () {
      if (details.open && details.childNodes.length === 1) add(details, card(flag));
    });
    return details;
  }

  function renderUpTo(count) {
    var target = Math.min(count, matching.length);
    var fragment = document.createDocumentFragment();
    for (; rendered < target; rendered++) fragment.appendChild(row(matching[rendered]));
    list.appendChild(fragment);
    var left = matching.length - rendered;
    more.hidden = all.hidden = left <= 0;
    more.textContent = "Show " + Math.min(PAGE, left).toLocaleString("en") + " more";
    all.textContent = "Show all " + matching.length.toLocaleString("en");
  }

  // --- filtering --------------------------------------------------------------------------
  function searchable(flag) {
    var parts = [flag.i, flag.r, flag.c, flag.fr, flag.to, flag.why, flag.j, flag.f.join(" ")];
    var entity = flag.e && DATA.entities[flag.e];
    if (entity) parts.push(entity.n, (entity.al || []).join(" "));
    flag.f.forEach(function (id) {
      var flow = DATA.flows[id];
      if (flow) parts.push(flow.fr || "", flow.to || "", flow.pb || "", flow.as || "");
    });
    return parts.join(" ").toLowerCase();
  }

  function passes(flag, wanted, query, index) {
    for (var key in wanted) {
      var value = wanted[key];
      if (key === "severity" && flag.s !== value) return false;
      if (key === "category" && flag.c !== value) return false;
      if (key === "recipient" && flag.to !== value) return false;
      if (key === "jurisdiction" && flag.j !== value) return false;
      if (key === "year" && flag.y !== value) return false;
      if (key === "review") {
        if (value === "open" ? dismissed(flag) : review(flag) !== value) return false;
      }
    }
    return !query || texts[index].indexOf(query) !== -1;
  }

  function apply() {
    var wanted = {};
    selects.forEach(function (s) { if (s.value) wanted[s.dataset.key] = s.value; });
    var query = search.value.trim().toLowerCase();
    if (query && texts === null) texts = FLAGS.map(searchable);
    var open = [], closed = [];
    FLAGS.forEach(function (flag, i) {
      if (passes(flag, wanted, query, i)) (dismissed(flag) ? closed : open).push(i);
    });
    matching = open.concat(closed); // dismissed flags come last, apart
    shownCount.textContent = matching.length.toLocaleString("en");
    list.textContent = "";
    rendered = 0;
    renderUpTo(PAGE);
  }

  // --- a card -----------------------------------------------------------------------------
  function heading(text) { return el("h4", null, text); }

  function flowsTable(flag) {
    var table = el("table", "flows");
    var head = el("tr");
    ["flow", "kind", "from → to", "as read", "EUR", "date", "source"].forEach(function (h) {
      add(head, el("th", null, h));
    });
    add(table, head);
    flag.f.forEach(function (id) {
      var w = DATA.flows[id] || {};
      var who = (w.fr || "") + (w.cc ? " (" + w.cc + ")" : "") +
        (w.pb ? ", paid by " + w.pb : "") + " → " + (w.to || "") + (w.u ? " / " + w.u : "") +
        (w.as ? "; assigned to " + w.as : "");
      var terms = (w.a !== undefined ? number(w.a) + " " + (w.cur || "") : "") +
        (w.ir !== undefined ? ", " + w.ir + "%" : "") + (w.ed ? ", due " + w.ed : "") +
        (w.st ? ", " + w.st : "");
      var tr = el("tr");
      add(tr, el("td", null, id), el("td", null, w.k), el("td", null, who),
          el("td", null, terms), el("td", null, money(w.eur)), el("td", null, w.d),
          el("td", "src", DATA.files[w.src] + ", row " + w.row));
      add(table, tr);
      if (w.raw && w.raw.length) {
        var filed = el("tr", "filed"), cell = el("td"), box = el("details"), dl = el("dl");
        cell.colSpan = 7;
        w.raw.forEach(function (kv) { add(dl, el("dt", null, kv[0]), el("dd", null, kv[1])); });
        add(table, add(filed, add(cell, add(box, el("summary", null, "record as filed"), dl))));
      }
    });
    return table;
  }

  // An ISO 8601 birth date as the registry keeps it, in words: "1955~" is "about 1955",
  // "1960/1962" is "between 1960 and 1962" (as the CLI's `match explain` writes them).
  function birthDateWords(date) {
    var ends = date.split("/").map(function (end) {
      return end.slice(-1) === "~" ? "about " + end.slice(0, -1) : end;
    });
    return ends.length === 2 ? "between " + ends[0] + " and " + ends[1] : ends[0];
  }

  function entityBlock(flag) {
    var e = DATA.entities[flag.e];
    if (!e) return null;
    var box = el("div", "entity");
    var facts = [e.k];
    if (e.c) facts.push(e.c);
    if (e.b) facts.push("born " + e.b.map(birthDateWords).join(" or "));
    if (e.t) facts.push("topics " + e.t.join(", "));
    if (e.pg) facts.push("programme " + e.pg);
    if (e.st) facts.push("status " + e.st + (e.sd ? " since " + e.sd : ""));
    if (e.ids) facts.push(e.ids.join(", "));
    facts.push("source " + e.src);
    if (flag.sc !== undefined) facts.push("score " + flag.sc.toFixed(2));
    add(box, add(el("p"), el("b", null, e.n), " (" + flag.e + "): " + facts.join("; ")));
    if (e.al) {
      add(box, el("p", "dim", "aliases: " + e.al.join("; ") +
        (e.an > e.al.length ? " … (" + e.an + " in all)" : "")));
    }
    (e.x || []).forEach(function (other) {
      add(box, el("p", "dim", "also listed as " + other[1] + " (" + other[0] + "): " +
        other[2]));
    });
    flag.f.forEach(function (id) {
      (DATA.matches[id + "\t" + flag.e] || []).forEach(function (m) {
        add(box, el("p", "match", m[0] + " of " + id + ": “" + m[1] + "” matched “" + m[2] +
          "” with score " + m[3].toFixed(2) + " (" + m[4] + ")"), el("p", "expl", m[5]));
      });
    });
    return box;
  }

  function chain(flag) {
    var box = el("div");
    flag.ch.forEach(function (path) {
      var ol = el("ol", "chain");
      add(ol, el("li", "node", path[0].from));
      path.forEach(function (hop) {
        var h = el("li", "hop");
        add(h, money(hop.amount_eur), el("br"), hop.date || "");
        add(ol, h, el("li", "node", hop.to));
      });
      add(box, ol);
    });
    return box;
  }

  function card(flag) {
    var c = el("div", "card");
    var rule = DATA.rules[flag.r] || ["", ""];
    add(c, el("p", "reason", flag.why),
        el("p", "dim", flag.r + " " + rule[0] + ": " + rule[1] + " · flag " + flag.i +
          " · rule version " + flag.v),
        heading("Flows"), flowsTable(flag));
    if (flag.e) add(c, heading("Registry match"), entityBlock(flag));
    if (flag.ch) add(c, heading("Chain"), chain(flag));
    if (flag.p) {
      var ul = el("ul");
      flag.p.forEach(function (id) {
        var a = el("a", null, DATA.precedents[id] || id);
        a.href = "#precedent-" + id;
        add(ul, add(el("li"), a));
      });
      add(c, heading("Precedent"), ul);
    }
    add(c, heading("Law"));
    var refs = DATA.refs[flag.rf] || [];
    if (refs.length) add(c, el("p", null, refs.join("; ")));
    if (flag.law.length) {
      add(c, el("p", "dim", "In force in " + flag.j + " on " + flag.d + ":"));
      var law = el("ul", "law");
      flag.law.forEach(function (i) {
        var p = DATA.law[i];
        add(law, add(el("li"), el("b", null, p[0]), " = " + p[1] + " (" + p[2] + ", from " +
          p[3] + (p[4] ? " to " + p[4] : "") + ")" + (p[5] ? ": " + p[5] : "")));
      });
      add(c, law);
    } else {
      add(c, el("p", "dim", "No provision of the " + flag.j +
        " profile bears on this category on " + flag.d + "."));
    }
    if (flag.rv) {
      add(c, heading("Review"), el("p", "review", flag.rv[0] +
        (flag.rv[2] ? " by " + flag.rv[2] : "") + " on " + flag.rv[3] + ": " + flag.rv[1]));
    }
    return c;
  }

  // --- wiring -----------------------------------------------------------------------------
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
  more.addEventListener("click", function () { renderUpTo(rendered + PAGE); });
  all.addEventListener("click", function () { renderUpTo(matching.length); });
  function eachRendered(action) {
    Array.prototype.forEach.call(list.querySelectorAll("details.flag"), action);
  }
  document.getElementById("f-open").addEventListener("click", function () {
    eachRendered(function (d) { d.open = true; });
  });
  document.getElementById("f-close").addEventListener("click", function () {
    eachRendered(function (d) { d.open = false; });
  });
  // A link to a flag (#flag-…) shows and opens it.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id.indexOf("flag-") !== 0) return;
    var at = matching.indexOf(FLAGS.findIndex(function (f) { return "flag-" + f.i === id; }));
    if (at < 0) return;
    renderUpTo(at + 1);
    var target = document.getElementById(id);
    target.open = true;
    target.scrollIntoView();
  }
  // Printing shows every matching flag with its card.
  window.addEventListener("beforeprint", function () {
    renderUpTo(matching.length);
    eachRendered(function (d) { d.open = true; });
  });
  window.addEventListener("hashchange", openTarget);
  apply();
  openTarget();
  document.body.dataset.ready = "1";
})();
