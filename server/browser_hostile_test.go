package server_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	xhtml "golang.org/x/net/html"
)

// browserWatch records what a tab does that crawled markup could cause:
// requests to the attacker's host (even those the browser then blocks),
// uncaught exceptions, console and browser-log errors, and CSP reports.
type browserWatch struct {
	mu         sync.Mutex
	evil       string // the attacker's host:port
	attempts   []string
	blocked    map[network.RequestID]string
	ids        map[network.RequestID]string
	exceptions []string
	logs       []string
}

// cspListener is run in every new document before its own scripts: it
// collects the page's Content-Security-Policy violation reports.
const cspListener = `window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));`

func watchBrowser(t *testing.T, ctx context.Context, evil *url.URL) *browserWatch {
	t.Helper()
	w := &browserWatch{evil: evil.Host, blocked: map[network.RequestID]string{}, ids: map[network.RequestID]string{}}
	err := chromedp.Listen(ctx, func(ev any) {
		w.mu.Lock()
		defer w.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if u, err := url.Parse(ev.Request.URL); err == nil && u.Host == w.evil {
				w.attempts = append(w.attempts, ev.Request.URL)
				w.ids[ev.RequestID] = ev.Request.URL
			}
		case *network.EventLoadingFailed:
			if u, ok := w.ids[ev.RequestID]; ok {
				w.blocked[ev.RequestID] = u + " (" + string(ev.BlockedReason) + ")"
			}
		case *runtime.EventExceptionThrown:
			w.exceptions = append(w.exceptions, ev.ExceptionDetails.Text+" "+fmt.Sprint(ev.ExceptionDetails.Exception))
		case *log.EventEntryAdded:
			if strings.HasSuffix(ev.Entry.URL, "/favicon.ico") {
				break // the browser asks every host for one; ours have none
			}
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Source == log.EntrySourceSecurity {
				w.logs = append(w.logs, string(ev.Entry.Source)+": "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspListener}); err != nil {
		t.Fatal(err)
	}
	return w
}

// take returns and clears what was recorded.
func (w *browserWatch) take() (attempts, unblocked, exceptions, logs []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for id, u := range w.ids {
		if _, ok := w.blocked[id]; !ok {
			unblocked = append(unblocked, u)
		}
	}
	attempts, exceptions, logs = w.attempts, w.exceptions, w.logs
	w.attempts, w.exceptions, w.logs = nil, nil, nil
	w.ids, w.blocked = map[network.RequestID]string{}, map[network.RequestID]string{}
	return attempts, unblocked, exceptions, logs
}

// inertCheck lists what in root (a document or a shadow root) could only
// have come from crawled markup being treated as markup: a script ran
// (window.__pwned), elements that run or load things, event-handler and
// style attributes, links and sources whose scheme is not http(s) (as the
// browser parses them, so "jav&#x09;ascript:" counts), a <base>, fixed or
// sticky boxes and backgrounds from CSS. allow is a selector of the page's
// own elements that the checks skip.
const inertCheck = `((root, allow) => {
  const out = [];
  if (window.__pwned !== undefined) out.push("a crawled script ran: window.__pwned = " + window.__pwned);
  const live = ["script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "base", "style",
    "link", "form", "img", "video", "audio", "source", "picture", "details", "template", "marquee", "textarea", "button"];
  const urlAttrs = ["href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "srcdoc", "ping"];
  for (const el of root.querySelectorAll("*")) {
    if (allow && el.matches(allow)) continue;
    const tag = el.localName;
    if (live.includes(tag)) out.push("element <" + tag + ">");
    if (tag === "meta" && el.hasAttribute("http-equiv")) out.push("<meta http-equiv=" + el.getAttribute("http-equiv") + ">");
    if (el.namespaceURI !== "http://www.w3.org/1999/xhtml") out.push("foreign element " + el.namespaceURI + " " + tag);
    for (const a of el.attributes) {
      const n = a.name.toLowerCase();
      if (n.startsWith("on")) out.push("event handler " + n + " on <" + tag + ">");
      if (n === "style" || n === "autofocus" || n === "srcdoc") out.push(n + " attribute on <" + tag + ">");
      if (urlAttrs.includes(n)) {
        let p = "";
        try { p = new URL(a.value, document.baseURI).protocol; } catch (e) { p = "unparsable:"; }
        if (p !== "http:" && p !== "https:") out.push(n + " with scheme " + p + " on <" + tag + ">: " + a.value.slice(0, 60));
      }
    }
    if (/wrog|ukryte|pobierz|wyniki|cookie/.test(el.getAttribute("class") || "") || /tresc-wrog|cookie-info|header|menu/.test(el.id)) {
      out.push("crawled element <" + tag + " class=" + el.getAttribute("class") + " id=" + el.id + ">");
    }
    const cs = getComputedStyle(el);
    if (cs.position === "fixed" || cs.position === "sticky") out.push(cs.position + " box <" + tag + ">: " + el.textContent.trim().slice(0, 40));
    if (cs.backgroundImage !== "none") out.push("background image on <" + tag + ">: " + cs.backgroundImage);
    const after = getComputedStyle(el, "::after").content;
    if (after && after !== "none" && after !== "normal" && after !== '""') out.push("generated content on <" + tag + ">: " + after);
  }
  return out;
})`

// uiAllow is the UI's own markup that inertCheck must not count.
const uiAllow = `link[rel=stylesheet][href="/static/style.css"], form.search, form.filters, form.search *, form.filters *, svg.chart, svg.chart *`

// TestBrowserHostileContentIsInert takes a page full of script, event
// handlers, javascript: links, embedded objects and CSS tricks through the
// real crawl path (WARC archive, extract.From, the bleve index on disk, the
// server) and proves in headless Chromium that nothing of it is live in any
// place that shows crawled content: the results page, the document page,
// the archived copy, the grants explorer, an organisation's page, the Atom
// feed (as served and as a feed reader renders its entries) and the widget
// on another site. A tripwire server stands in for the attacker's host and
// must see no request at all.
func TestBrowserHostileContentIsInert(t *testing.T) {
	tw := newTripwire(t)
	site := newHostileSite(t, tw)
	ts := httptest.NewServer(site.srv)
	defer ts.Close()
	evil, err := url.Parse(tw.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	w := watchBrowser(t, ctx, evil)

	// check runs inertCheck and the watch over the page that is open, with a
	// moment for late loads and handlers, and expects no trace of crawled
	// markup; the location must not have moved.
	check := func(t *testing.T, name, wantURL, root, allow string) {
		t.Helper()
		do(t, ctx, chromedp.Sleep(300*time.Millisecond))
		problems := eval[[]string](t, ctx, inertCheck+"("+root+", "+jsString(allow)+")")
		for _, p := range problems {
			t.Errorf("%s: %s", name, p)
		}
		if loc := eval[string](t, ctx, `location.href`); loc != wantURL {
			t.Errorf("%s: the page navigated to %s", name, loc)
		}
		if csp := eval[[]string](t, ctx, `window.__csp || []`); len(csp) > 0 {
			t.Errorf("%s: crawled markup reached the browser and only CSP stopped it: %q", name, csp)
		}
		attempts, _, exceptions, logs := w.take()
		if len(attempts) > 0 {
			t.Errorf("%s: requests to the attacker's host: %q", name, attempts)
		}
		if len(exceptions) > 0 || len(logs) > 0 {
			t.Errorf("%s: exceptions %q, errors %q", name, exceptions, logs)
		}
		if hits := tw.Hits(); len(hits) > 0 {
			t.Errorf("%s: the tripwire was hit: %q", name, hits)
		}
		screenshot(t, ctx, "hostile-"+name)
	}

	// Control: the fixture is really hostile. Opened as it is, from a host
	// without our protections, its scripts run and it calls the tripwire.
	// Without this a broken fixture would pass everything below.
	raw := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		rw.Write(site.raw)
	}))
	defer raw.Close()
	do(t, ctx, chromedp.Navigate(raw.URL+"/"))
	waitFor(t, ctx, `window.__pwned !== undefined`)
	deadline := time.Now().Add(10 * time.Second)
	for len(tw.Hits()) < 3 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if hits := tw.Hits(); len(hits) < 3 {
		t.Fatalf("control: the raw fixture made only %d requests to the tripwire (%q): it is not hostile enough to prove anything", len(hits), hits)
	}
	do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Sleep(1500*time.Millisecond))
	tw.reset()
	w.take()

	q := url.QueryEscape("pułapka")
	t.Run("results", func(t *testing.T) {
		u := ts.URL + "/?q=" + q
		do(t, ctx, chromedp.Navigate(u), chromedp.WaitVisible(chromedp.CSS(`.hit`)))
		title := eval[string](t, ctx, `document.querySelector('.hit h2 a').textContent`)
		snippet := eval[string](t, ctx, `document.querySelector('.hit .snippet').textContent`)
		marks := eval[int](t, ctx, `document.querySelectorAll('.hit .snippet mark').length`)
		facets := eval[string](t, ctx, `document.querySelector('.facets') ? document.querySelector('.facets').textContent : ''`)
		// Shown as text, not dropped: the reader sees what the page said.
		if !strings.Contains(title, `<img src=x onerror=`) || !strings.Contains(snippet, "<script>") || marks == 0 {
			t.Errorf("title %q, snippet %q, %d marks: the crawled text is not shown as text", title, snippet, marks)
		}
		if !strings.Contains(facets, `Fundacja <img src=x`) {
			t.Errorf("the organisation facet does not show the hostile name as text: %q", facets)
		}
		check(t, "results", u, "document", uiAllow)
	})

	t.Run("document", func(t *testing.T) {
		u := ts.URL + "/dokument/" + site.doc.ID
		do(t, ctx, chromedp.Navigate(u), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
		h1 := eval[string](t, ctx, `document.querySelector('main h1').textContent`)
		body := eval[string](t, ctx, `document.querySelector('.body').textContent`)
		if !strings.Contains(h1, `<img src=x onerror=`) || !strings.Contains(body, `<svg onload=`) {
			t.Errorf("h1 %q / body %.200q: the crawled text is not shown as text", h1, body)
		}
		check(t, "document", u, "document", uiAllow)
	})

	t.Run("grants", func(t *testing.T) {
		u := ts.URL + "/granty?sort=-amount"
		do(t, ctx, chromedp.Navigate(u), chromedp.WaitVisible(chromedp.CSS(`table.grants`)))
		rows := eval[[]string](t, ctx, `[...document.querySelectorAll('table.grants tbody tr')].map(r => r.textContent)`)
		if len(rows) != 2 || !strings.Contains(rows[0], `Fundacja <img src=x`) || !strings.Contains(rows[0], `<script>`) {
			t.Errorf("grant rows %q: the hostile names are not shown as text", rows)
		}
		check(t, "grants", u, "document", uiAllow)
	})

	for i, g := range site.grants {
		t.Run("organization "+g.OrgKey, func(t *testing.T) {
			u := ts.URL + "/organizacja/" + (&url.URL{Path: g.OrgKey}).EscapedPath()
			do(t, ctx, chromedp.Navigate(u), chromedp.WaitVisible(chromedp.CSS(`svg.chart`)))
			if h1 := eval[string](t, ctx, `document.querySelector('main h1').textContent`); h1 != g.Organization {
				t.Errorf("h1 %q, want the name as text %q", h1, g.Organization)
			}
			check(t, fmt.Sprintf("organization-%d", i+1), u, "document", uiAllow)
		})
	}

	t.Run("widget", func(t *testing.T) {
		const root = widgetRoot
		hostURL := widgetSearch(t, ctx, ts.URL, "", "pułapka")
		title := eval[string](t, ctx, root+`.querySelector('[role=option] .t').textContent`)
		meta := eval[string](t, ctx, root+`.querySelector('[role=option] .m').textContent`)
		if !strings.Contains(title, `<img src=x onerror=`) || !strings.Contains(meta, `<script>`) {
			t.Errorf("widget title %q, snippet %q: the crawled text is not shown as text", title, meta)
		}
		if n := eval[int](t, ctx, root+`.querySelectorAll('style').length`); n != 1 {
			t.Errorf("%d <style> elements in the widget, want its own one", n)
		}
		check(t, "widget", hostURL, root, `style:first-child, form.box`)
		check(t, "widget-host", hostURL, "document", `script[src$="/widget.js"]`)
	})

	t.Run("feed", func(t *testing.T) {
		u := ts.URL + "/feed.atom?q=" + q
		do(t, ctx, chromedp.Navigate(u))
		waitFor(t, ctx, `document.readyState === "complete"`)
		// Chromium shows a feed as plain text; were it to parse it as XML,
		// the document must be Atom elements only.
		switch ct := eval[string](t, ctx, `document.contentType`); ct {
		case "text/plain":
			if text := eval[string](t, ctx, `document.body.textContent`); !strings.Contains(text, "<entry>") || !strings.Contains(text, "&lt;img src=x onerror=") {
				t.Errorf("the feed shown as text lacks its escaped entry: %.300q", text)
			}
			check(t, "feed", u, "document", `body > pre`)
		case "application/atom+xml", "application/xml", "text/xml":
			if n := eval[int](t, ctx, `[...document.querySelectorAll("*")].filter(e => e.namespaceURI !== "http://www.w3.org/2005/Atom" || [...e.attributes].some(a => a.name.startsWith("on"))).length`); n != 0 {
				t.Errorf("the feed holds %d elements outside Atom or with handlers", n)
			}
			check(t, "feed", u, "document", `*`)
		default:
			t.Errorf("Chromium opened the feed as %q", ct)
		}
	})

	t.Run("feed reader", func(t *testing.T) {
		// A feed reader decodes the XML, then shows type="html" text
		// constructs as HTML and the others as text. Do exactly that, on a
		// page without any protection of ours.
		entries := feedEntries(t, site.srv, "/feed.atom?q="+q)
		if len(entries) != 1 {
			t.Fatalf("%d feed entries, want 1", len(entries))
		}
		var page strings.Builder
		page.WriteString(`<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>Czytnik</title></head><body>`)
		for _, e := range entries {
			for _, tc := range []atomTextConstruct{e.Title, e.Summary, e.Content} {
				if tc.Body == "" {
					continue
				}
				page.WriteString(`<div class="entry">`)
				if tc.Type == "html" {
					checkFeedHTML(t, tc.Body)
					page.WriteString(tc.Body)
				} else {
					page.WriteString(html.EscapeString(tc.Body))
				}
				page.WriteString(`</div>`)
			}
		}
		page.WriteString(`</body></html>`)
		reader := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Content-Type", "text/html; charset=utf-8")
			rw.Write([]byte(page.String()))
		}))
		defer reader.Close()
		do(t, ctx, chromedp.Navigate(reader.URL+"/"))
		waitFor(t, ctx, `document.readyState === "complete" && document.querySelector(".entry") !== null`)
		if n := eval[int](t, ctx, `document.querySelectorAll('.entry *:not(mark)').length`); n != 0 {
			t.Errorf("feed entries carry %d elements besides <mark>", n)
		}
		if text := eval[string](t, ctx, `document.body.textContent`); !strings.Contains(text, "<script>") {
			t.Errorf("the reader does not show the crawled text as text: %.300q", text)
		}
		check(t, "feed-reader", reader.URL+"/", "document", "")
	})

	t.Run("archived", func(t *testing.T) {
		// The archived copy is the page itself, so its markup is live there
		// by design; what proves it harmless is the sandbox: no script
		// runs, nothing loads from elsewhere, no form posts, no navigation.
		u := ts.URL + "/api/documents/" + site.doc.ID + "/archived"
		do(t, ctx, chromedp.Navigate(u), chromedp.WaitVisible(chromedp.CSS(`h1`)))
		do(t, ctx, chromedp.Sleep(2500*time.Millisecond)) // the page's meta refresh says 1 s
		if loc := eval[string](t, ctx, `location.href`); loc != u {
			t.Errorf("the archived copy navigated to %s", loc)
		}
		if v := eval[string](t, ctx, `String(window.__pwned)`); v != "undefined" {
			t.Errorf("a script of the archived page ran: window.__pwned = %s", v)
		}
		if origin := eval[string](t, ctx, `String(window.origin)`); origin != "null" {
			t.Errorf("the archived copy runs in origin %s, want an opaque one (sandbox)", origin)
		}
		// The page's own CSS does not apply on our origin: no full-screen
		// "session expired" overlay, no generated text, no backgrounds.
		styled := eval[[]string](t, ctx, `[...document.querySelectorAll("*")].flatMap((e) => {
  const cs = getComputedStyle(e), out = [];
  if (cs.position === "fixed") out.push("fixed <" + e.localName + " class=" + e.className + ">");
  if (cs.backgroundImage !== "none") out.push("background " + cs.backgroundImage);
  const a = getComputedStyle(e, "::after").content;
  if (a && a !== "none" && a !== "normal") out.push("::after content " + a);
  if (e.localName === "p" && cs.color === "rgb(255, 0, 0)") out.push("inline style applied to <p>");
  return out;
})`)
		for _, s := range styled {
			t.Errorf("the archived copy applies crawled CSS: %s", s)
		}
		// A reader who clicks its javascript: links or sends its form runs
		// and sends nothing.
		do(t, ctx, chromedp.Evaluate[chromedp.Void](`for (const a of document.querySelectorAll("a")) { if (!/^https?:/.test(a.href)) a.click(); }
document.querySelector("form").requestSubmit ? document.querySelector("form").requestSubmit() : document.querySelector("form").submit();
document.querySelector("details").open = false;`), chromedp.Sleep(500*time.Millisecond))
		if loc := eval[string](t, ctx, `location.href`); loc != u {
			t.Errorf("clicking the archived copy's links or sending its form navigated to %s", loc)
		}
		if v := eval[string](t, ctx, `String(window.__pwned)`); v != "undefined" {
			t.Errorf("a clicked link or handler of the archived page ran: window.__pwned = %s", v)
		}
		attempts, unblocked, exceptions, logs := w.take()
		if len(unblocked) > 0 {
			t.Errorf("requests to the attacker's host that were not blocked: %q", unblocked)
		}
		if hits := tw.Hits(); len(hits) > 0 {
			t.Errorf("the tripwire was hit: %q", hits)
		}
		// CSP did the blocking, and said so.
		if !anyContains(logs, "Content Security Policy") && len(attempts) == 0 {
			t.Errorf("no sign that the CSP blocked anything: attempts %q, logs %q", attempts, logs)
		}
		t.Logf("archived copy: %d blocked attempts, %d exceptions, CSP reports: %d", len(attempts), len(exceptions), countContains(logs, "Content Security Policy"))
		screenshot(t, ctx, "hostile-archived")
	})

	if hits := tw.Hits(); len(hits) > 0 {
		t.Errorf("the tripwire was hit: %q", hits)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}

func anyContains(ss []string, sub string) bool { return countContains(ss, sub) > 0 }

func countContains(ss []string, sub string) int {
	n := 0
	for _, s := range ss {
		if strings.Contains(s, sub) {
			n++
		}
	}
	return n
}

type atomTextConstruct struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntryText struct {
	Title   atomTextConstruct `xml:"title"`
	Summary atomTextConstruct `xml:"summary"`
	Content atomTextConstruct `xml:"content"`
}

// feedEntries reads the text constructs of a feed's entries, decoded as an
// XML parser (and so a feed reader) decodes them.
func feedEntries(t *testing.T, h http.Handler, path string) []atomEntryText {
	t.Helper()
	rec := get(t, h, path)
	if rec.Code != http.StatusOK {
		t.Fatalf("%s: %d", path, rec.Code)
	}
	var f struct {
		Entries []atomEntryText `xml:"entry"`
	}
	if err := xml.Unmarshal(rec.Body.Bytes(), &f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return f.Entries
}

// checkFeedHTML parses an html-typed text construct as HTML and fails on
// any element but <mark> and on any attribute.
func checkFeedHTML(t *testing.T, s string) {
	t.Helper()
	z := xhtml.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return
		case xhtml.StartTagToken, xhtml.EndTagToken, xhtml.SelfClosingTagToken:
			tok := z.Token()
			if tok.Data != "mark" || len(tok.Attr) > 0 {
				t.Errorf("html text construct has markup <%s %v>: %.300q", tok.Data, tok.Attr, s)
			}
		case xhtml.CommentToken, xhtml.DoctypeToken:
			t.Errorf("html text construct has a comment or doctype: %.300q", s)
		}
	}
}
