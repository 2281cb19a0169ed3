/* ngosearch embeddable search box.
 * <script src="https://HOST/widget.js" data-target="#szukaj" async></script>
 * Search-as-you-type over HOST's /api/search, ARIA combobox, styles isolated
 * in a shadow root, no dependencies, no cookies (credentials: "omit").
 * Optional attributes: data-size (results shown, default 6), data-placeholder,
 * data-label (visible label text).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var base = new URL(script.src, document.baseURI).origin;
  var ds = script.dataset || {};
  var size = Math.min(Math.max(parseInt(ds.size || "6", 10) || 6, 1), 20);
  var seq = 0;

  var CSS = [
    ":host{all:initial;display:block;font:16px/1.4 system-ui,sans-serif;color:#1a1a1a}",
    ".box{position:relative;max-width:40em}",
    "label{display:block;margin:0 0 .25em;font-weight:600}",
    "input{box-sizing:border-box;width:100%;font:inherit;padding:.5em;border:2px solid #555;border-radius:4px;background:#fff;color:#1a1a1a}",
    "input:focus{outline:3px solid #ff9e00;outline-offset:1px}",
    "ul{list-style:none;margin:0;padding:0;position:absolute;left:0;right:0;z-index:2147483647;background:#fff;border:1px solid #777;border-radius:0 0 4px 4px;max-height:24em;overflow:auto;box-shadow:0 4px 12px rgba(0,0,0,.2)}",
    "ul[hidden]{display:none}",
    "li{padding:.5em;cursor:pointer;border-top:1px solid #eee}",
    "li[aria-selected=true]{background:#004c99;color:#fff}",
    "li[aria-selected=true] .m{color:#e6e6e6}",
    ".t{display:block;font-weight:600}",
    ".m{display:block;font-size:.85em;color:#4d4d4d}",
    "mark{background:#ffe97a;color:#1a1a1a}",
    ".all{font-style:italic}",
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
  ].join("");

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) { e.setAttribute(k, attrs[k]); } }
    if (text) { e.textContent = text; }
    return e;
  }

  // Snippets arrive as escaped text with <mark>: rebuild them as DOM nodes
  // from text, never through innerHTML.
  function appendSnippet(parent, html) {
    var parts = String(html).split(/(<mark>|<\/mark>)/);
    var marked = false;
    var tmp = document.createElement("textarea");
    for (var i = 0; i < parts.length; i++) {
      if (parts[i] === "<mark>") { marked = true; continue; }
      if (parts[i] === "</mark>") { marked = false; continue; }
      tmp.innerHTML = parts[i].replace(/</g, "&lt;"); // decode entities only
      var node = document.createTextNode(tmp.value);
      if (marked) { var m = document.createElement("mark"); m.appendChild(node); parent.appendChild(m); } else { parent.appendChild(node); }
    }
  }

  function safeURL(u) {
    try {
      var p = new URL(u, base);
      return (p.protocol === "http:" || p.protocol === "https:") ? p.href : null;
    } catch (e) { return null; }
  }

  function mount(target) {
    var id = "ngos-" + Math.random().toString(36).slice(2, 9);
    var root = target.attachShadow ? target.attachShadow({ mode: "open" }) : target;
    var style = el("style"); style.textContent = CSS; root.appendChild(style);
    var form = el("form", { role: "search", "class": "box", action: base + "/", method: "get" });
    var label = el("label", { "for": id + "-q" }, ds.label || "Szukaj w dokumentach NGO Krakowa");
    var input = el("input", {
      id: id + "-q", name: "q", type: "search", autocomplete: "off", spellcheck: "false",
      role: "combobox", "aria-expanded": "false", "aria-controls": id + "-list",
      "aria-autocomplete": "list", placeholder: ds.placeholder || "np. sprawozdanie 2019"
    });
    var list = el("ul", { id: id + "-list", role: "listbox", "aria-label": "Wyniki", hidden: "" });
    var status = el("div", { "class": "sr", role: "status", "aria-live": "polite" });
    form.appendChild(label); form.appendChild(input); form.appendChild(list); form.appendChild(status);
    root.appendChild(form);

    var items = [], active = -1, timer = null;

    function close() {
      list.hidden = true; input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant"); active = -1;
    }
    function select(i) {
      if (active >= 0 && items[active]) { items[active].el.setAttribute("aria-selected", "false"); }
      active = i;
      if (i < 0) { input.removeAttribute("aria-activedescendant"); return; }
      items[i].el.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[i].el.id);
      items[i].el.scrollIntoView({ block: "nearest" });
    }
    function go(i) {
      var u = items[i] && items[i].url;
      if (u) { window.location.href = u; }
    }
    function render(q, data) {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      items = []; active = -1;
      var hits = (data && data.hits) || [];
      hits.forEach(function (h, i) {
        var u = safeURL(h.page > 0 && h.kind === "pdf" ? h.url + "#page=" + h.page : h.url);
        var li = el("li", { id: id + "-o" + i, role: "option", "aria-selected": "false" });
        li.appendChild(el("span", { "class": "t" }, h.title || h.url));
        var meta = el("span", { "class": "m" });
        appendSnippet(meta, (h.date ? h.date + " · " : "") + (h.snippet || ""));
        li.appendChild(meta);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); go(i); });
        list.appendChild(li);
        items.push({ el: li, url: u });
      });
      var all = el("li", { id: id + "-all", role: "option", "aria-selected": "false", "class": "all" },
        "Wszystkie wyniki dla „" + q + "” (" + ((data && data.total) || 0) + ")");
      all.addEventListener("mousedown", function (e) { e.preventDefault(); go(items.length - 1); });
      list.appendChild(all);
      items.push({ el: all, url: base + "/?q=" + encodeURIComponent(q) });
      list.hidden = false; input.setAttribute("aria-expanded", "true");
      status.textContent = hits.length ? ("Wyników: " + data.total + ". Strzałki w dół i w górę wybierają.") : "Brak wyników.";
    }
    function search() {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      var mine = ++seq;
      fetch(base + "/api/search?facets=false&size=" + size + "&q=" + encodeURIComponent(q), { credentials: "omit", mode: "cors" })
        .then(function (r) { return r.ok ? r.json() : { total: 0, hits: [] }; })
        .then(function (d) { if (mine === seq) { render(q, d); } })
        .catch(function () { if (mine === seq) { status.textContent = "Wyszukiwarka jest niedostępna."; } });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer); timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (e) {
      var open = !list.hidden && items.length > 0;
      if (e.key === "ArrowDown") {
        e.preventDefault(); if (!open) { search(); return; } select(active + 1 < items.length ? active + 1 : 0);
      } else if (e.key === "ArrowUp") {
        e.preventDefault(); if (open) { select(active > 0 ? active - 1 : items.length - 1); }
      } else if (e.key === "Enter") {
        if (open && active >= 0) { e.preventDefault(); go(active); }
      } else if (e.key === "Escape") {
        if (open) { e.preventDefault(); close(); } else { input.value = ""; }
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function start() {
    var sel = ds.target;
    var target = sel ? document.querySelector(sel) : null;
    if (!target) {
      target = document.createElement("div");
      script.parentNode.insertBefore(target, script);
    }
    mount(target);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
