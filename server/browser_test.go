package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// browser starts headless Chromium (Debian's package) for one test. Without
// Chromium the test skips, except under CI=true, where it must run.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		if p, err := exec.LookPath("chromium"); err == nil {
			path = p
		}
	}
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("Chromium is not installed; .ci/run must install the chromium package")
		}
		t.Skip("Chromium not installed (apt-get install chromium); browser tests skipped")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1100, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// do runs browser steps or fails the test.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it is true.
//
// Poll runs in the execution context chromedp last saw for the frame; just
// after a navigation that replaced the document (CI once failed here after
// Chromium had shown an Atom feed) that context may be gone before the new
// one is reported. Such an error is retried until the same deadline.
func waitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(time.Until(deadline))))
		if err == nil {
			return
		}
		stale := strings.Contains(err.Error(), "Cannot find context with specified id") || strings.Contains(err.Error(), "Execution context was destroyed")
		if !stale || time.Now().After(deadline) {
			t.Fatalf("waiting for %s: %v", cond, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// screenshot saves a PNG as a test artefact in $ARTIFACTS (default:
// the test's temp dir, logged).
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	dir := os.Getenv("ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

func TestBrowserSearchFlow(t *testing.T) {
	srv, docs := newServer(t)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	ctx := browser(t)

	do(t, ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.ID(`q`)),
		chromedp.SendKeys(chromedp.ID(`q`), "sprawozdaniu młodzieży"),
		chromedp.Submit(chromedp.ID(`q`)),
		chromedp.WaitVisible(chromedp.CSS(`.hit`)),
	)
	count := eval[string](t, ctx, `document.querySelector('.count').textContent`)
	firstTitle := eval[string](t, ctx, `document.querySelector('.hit h2 a').textContent`)
	marks := eval[int](t, ctx, `document.querySelectorAll('.hit mark').length`)
	screenshot(t, ctx, "ui-search")
	if !strings.Contains(count, "Wyniki 1–1 z 1") || firstTitle != "Sprawozdanie ze współpracy miasta z NGO w roku 2019" || marks == 0 {
		t.Errorf("count %q, first %q, marks %d", count, firstTitle, marks)
	}

	// Hostile crawled text stays text: no element is injected.
	do(t, ctx, chromedp.Navigate(ts.URL+"/?q=pogrubieniem"), chromedp.WaitVisible(chromedp.CSS(`.hit`)))
	if eval[int](t, ctx, `document.querySelectorAll('.hit img, .hit script, .hit b').length`) > 0 {
		t.Error("crawled markup became live elements in the results page")
	}

	// Accessibility basics on every page kind, checked in the rendered DOM.
	for _, path := range []string{"/", "/?q=bezdomno%C5%9B%C4%87", "/granty", "/organizacja/krs:0000123456"} {
		do(t, ctx, chromedp.Navigate(ts.URL+path), chromedp.WaitVisible(chromedp.ID(`q`)))
		problems := eval[[]string](t, ctx, a11yCheck)
		for _, p := range problems {
			t.Errorf("%s: %s", path, p)
		}
		// A headless page is not "focused", so :focus never matches unless
		// the browser is told to behave as if it were.
		do(t, ctx, focusEmulation, chromedp.Focus(chromedp.ID(`q`)))
		if o := eval[string](t, ctx, `getComputedStyle(document.getElementById("q")).outlineStyle`); o == "none" {
			t.Errorf("%s: the focused search box shows no outline", path)
		}
	}

	// On a phone (390 px wide) no page scrolls sideways.
	do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(3), chromedp.EmulateMobile))
	for _, path := range []string{"/?q=bezdomno%C5%9B%C4%87", "/granty", "/organizacja/krs:0000123456", "/dokument/" + docs[2].ID} {
		do(t, ctx, chromedp.Navigate(ts.URL+path), chromedp.WaitVisible(chromedp.ID(`q`)))
		if w := eval[int](t, ctx, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
			t.Errorf("%s: %d px wider than a phone's screen", path, w)
		}
	}
	screenshot(t, ctx, "ui-phone")
	do(t, ctx, chromedp.EmulateViewport(1100, 900))

	// Keyboard only: the skip link is the first stop.
	do(t, ctx, chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.ID(`q`)), chromedp.KeyEvent(kb.Tab))
	if active := eval[string](t, ctx, `document.activeElement.className`); active != "skip" {
		t.Errorf("first Tab focuses %q, want the skip link", active)
	}
}

// TestBrowserWidget embeds widget.js in a page served from another origin,
// types, sees results and picks one with the keyboard.
func TestBrowserWidget(t *testing.T) {
	srv, _ := newServer(t)
	api := httptest.NewServer(srv)
	defer api.Close()
	ctx := browser(t)

	const root = widgetRoot
	hostURL := widgetSearch(t, ctx, api.URL, `<style>input{background:red!important} li{font-size:40px!important}</style>`, "bezdomność")
	options := eval[int](t, ctx, root+`.querySelectorAll('[role=option]').length`)
	expanded := eval[string](t, ctx, root+`.querySelector('input').getAttribute('aria-expanded')`)
	bg := eval[string](t, ctx, `getComputedStyle(`+root+`.querySelector('input')).backgroundColor`)
	do(t, ctx, chromedp.KeyEvent(kb.ArrowDown))
	activeDesc := eval[string](t, ctx, root+`.querySelector('input').getAttribute('aria-activedescendant') || ''`)
	selected := eval[string](t, ctx, root+`.querySelector('[aria-selected=true] .t').textContent`)
	screenshot(t, ctx, "widget-suggestions")
	if options < 2 || expanded != "true" || !strings.HasSuffix(activeDesc, "-o0") || selected == "" {
		t.Errorf("options %d, aria-expanded %q, aria-activedescendant %q, selected %q", options, expanded, activeDesc, selected)
	}
	if strings.Contains(bg, "255, 0, 0") {
		t.Error("the host page's styles leak into the widget")
	}
	// Enter on the selected result leaves the host page for the document.
	if cookies := eval[string](t, ctx, `document.cookie`); cookies != "" {
		t.Errorf("cookies set: %q", cookies)
	}
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	deadline := time.Now().Add(15 * time.Second)
	for {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err == nil && loc != hostURL {
			break // the document's URL (an unreachable city host in tests)
		}
		if time.Now().After(deadline) {
			t.Fatalf("Enter on a result did not navigate: at %q (%v)", loc, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// widgetRoot is the widget's shadow root in widgetSearch's page.
const widgetRoot = `document.querySelector('#szukaj').shadowRoot`

// widgetSearch opens a page of another site that embeds widget.js from api
// (with head added to its <head>), types query into the widget and waits
// for its results. It returns the page's URL.
func widgetSearch(t *testing.T, ctx context.Context, api, head, query string) string {
	t.Helper()
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>Strona miasta</title>%s</head>
<body><h1>Magiczny Kraków</h1><div id="szukaj"></div>
<script src="%s/widget.js" data-target="#szukaj" async></script></body></html>`, head, api)
	}))
	t.Cleanup(host.Close)
	do(t, ctx, chromedp.Navigate(host.URL+"/"))
	waitFor(t, ctx, widgetRoot+` !== null && `+widgetRoot+`.querySelector('input') !== null`)
	do(t, ctx, chromedp.Evaluate[chromedp.Void](widgetRoot+`.querySelector('input').focus()`), chromedp.KeyEvent(query))
	waitFor(t, ctx, widgetRoot+`.querySelectorAll('[role=option]').length > 1`)
	return host.URL + "/"
}

// focusEmulation makes the headless page behave as focused and active, so
// :focus styles apply as they do for a person at the keyboard.
var focusEmulation chromedp.Action[chromedp.Void] = func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
	_, err := cdp.Call(ctx, t, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
	return chromedp.Void{}, err
}

// a11yCheck lists accessibility problems of the page: form controls
// without a label, no lang, no main landmark or h1, skipped heading levels,
// links without text, and text below WCAG AA contrast (4.5:1).
const a11yCheck = `(() => {
  const out = [];
  if (!document.documentElement.lang) out.push("html has no lang");
  if (!document.querySelector("main")) out.push("no <main> landmark");
  for (const el of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
    const labelled = (el.id && document.querySelector("label[for='" + el.id + "']")) || el.closest("label") || el.getAttribute("aria-label");
    if (!labelled) out.push("control without a label: " + (el.name || el.id));
  }
  for (const a of document.querySelectorAll("a")) {
    if (!a.textContent.trim() && !a.getAttribute("aria-label")) out.push("link without text: " + a.href);
  }
  let last = 0;
  for (const h of document.querySelectorAll("h1, h2, h3, h4")) {
    const lvl = +h.tagName[1];
    if (last && lvl > last + 1) out.push("heading level skipped before: " + h.textContent.trim().slice(0, 40));
    last = lvl;
  }
  const lum = (c) => {
    const m = c.match(/\d+(\.\d+)?/g).map(Number);
    const [r, g, b] = m.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const bg = (el) => {
    for (; el; el = el.parentElement) {
      const c = getComputedStyle(el).backgroundColor;
      if (c && !c.startsWith("rgba(0, 0, 0, 0)") && c !== "transparent") return c;
    }
    return "rgb(255, 255, 255)";
  };
  for (const el of document.querySelectorAll("p, a, li, label, dt, dd, td, th, span, button, h1, h2")) {
    if (!el.textContent.trim() || el.offsetParent === null) continue;
    const s = getComputedStyle(el);
    const a = lum(s.color), b = lum(bg(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) { out.push("contrast " + ratio.toFixed(2) + " for " + el.tagName + ": " + el.textContent.trim().slice(0, 30)); break; }
  }
  return out;
})()`
