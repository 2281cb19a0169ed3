#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Writes the HTML, XML and text files of testdata/site (see its README.md).

Run from anywhere: python3 testdata/src/make-site.py
Binary attachments are made by make-docs.sh; run this script after it so the
attachment cards state the real file sizes. Output is deterministic.
"""

import gzip
import html
import io
import os
import subprocess
import sys
from datetime import date

HERE = os.path.dirname(os.path.abspath(__file__))
SITE = os.path.join(HERE, "..", "site")
sys.path.insert(0, HERE)

from articles import ARTICLES, SITEMAP_ONLY  # noqa: E402
from bipdocs import ATTACHMENTS, CHARSET_DOCS, DOCS  # noqa: E402

WWW, NGO, BIP = "https://www.krakow.pl", "https://ngo.krakow.pl", "https://www.bip.krakow.pl"
HOSTURL = {"www.krakow.pl": WWW, "ngo.krakow.pl": NGO, "www.bip.krakow.pl": BIP}
LIST_CAT = {"www.krakow.pl": 33, "ngo.krakow.pl": 1785}
PER_PAGE = {"www.krakow.pl": 5, "ngo.krakow.pl": 4}

MONTHS = ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca",
          "sierpnia", "września", "października", "listopada", "grudnia"]
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

ADDRESS = "Urząd Miasta Krakowa, pl. Wszystkich Świętych 3-4, 31-004 Kraków"


def polish_date(iso):
    d = date.fromisoformat(iso)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year} r."


def http_date(iso, hhmm="10:00"):
    d = date.fromisoformat(iso)
    return f"{WEEKDAYS[d.weekday()]}, {d.day:02d} {MONTHS_EN[d.month - 1]} {d.year} {hhmm}:00 GMT"


def write(rel, content, headers=None):
    path = os.path.join(SITE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    with open(path, "wb") as f:
        f.write(data)
    if headers:
        with open(path + ".headers", "w", encoding="utf-8") as f:
            for k, v in headers:
                f.write(f"{k}: {v}\n")


def article_path(a):
    return f"/aktualnosci/{a['id']},{a['cat']},komunikat,{a['slug']}.html"


def article_url(a):
    return HOSTURL[a["host"]] + article_path(a)


def listing_path(host, n):
    return f"/aktualnosci/1584,{LIST_CAT[host]},{n},kategoria,aktualnosci.html"


BY_ID = {a["id"]: a for a in ARTICLES}

# ---------------------------------------------------------------- krakow.pl

COOKIES = """<div id="cookie-info" style="position:fixed;bottom:0;left:0;width:100%;background:#222;color:#fff;padding:8px;z-index:999">
Serwis krakow.pl wykorzystuje pliki cookies. Korzystając z serwisu wyrażasz zgodę na ich używanie zgodnie z aktualnymi ustawieniami przeglądarki. <a href="https://www.krakow.pl/polityka_cookies.html" style="color:#ff0">Więcej informacji</a> <a href="javascript:void(0)" class="cookie-close" onclick="document.getElementById('cookie-info').style.display='none';return false;">[Zamknij]</a>
</div>"""


def kmenu(host):
    site = "Magiczny Kraków" if host == "www.krakow.pl" else "Organizacje pozarządowe – ngo.krakow.pl"
    return f"""<div id="header">
<a href="{HOSTURL[host]}/" id="logo"><img src="/img/logo_krakow.png" alt="{site}" width="220" height="60"></a>
<ul id="menu">
<li><a href="https://www.krakow.pl/">Strona główna</a>
<li><a href="{HOSTURL[host]}{listing_path(host, 1)}">Aktualności</a>
<li><a href="https://ngo.krakow.pl/">Organizacje pozarządowe</a>
<li><a href="https://ngo.krakow.pl/konkursy.html">Konkursy ofert</a>
<li><a href="https://www.bip.krakow.pl/">BIP</a>
<li><a href="https://www.krakow.pl/szukaj/?q=ngo">Szukaj</a>
</ul>
</div>"""


def kfooter():
    return f"""<div id="footer" class="stopka">
<p><b>Urząd Miasta Krakowa</b>, pl. Wszystkich Świętych 3-4, 31-004 Kraków<br>
tel. 12 616 12 00, e-mail: <a href="mailto:bip@um.krakow.pl">bip@um.krakow.pl</a></p>
<p><a href="https://www.krakow.pl/polityka_cookies.html">Polityka cookies</a> | <a href="https://www.facebook.com/MiastoKrakow">Kraków na Facebooku</a> | <a href="https://www.gov.pl/web/gov">gov.pl</a></p>
<p style="font-size:10px">&copy; 2024 Urząd Miasta Krakowa</p>
</div>"""


def khead(title, canonical=None, extra=""):
    can = f'\n<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="pl" xml:lang="pl">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{html.escape(title, quote=False)}</title>
<meta name="description" content="{html.escape(title)}">{can}
<link rel="stylesheet" type="text/css" href="/css/style.css">
<script type="text/javascript">var _gaq = _gaq || []; _gaq.push(['_setAccount', 'UA-0000000-1']);</script>{extra}
</head>"""


def see_also(a):
    items = []
    for i, sid in enumerate(a["see"]):
        s = BY_ID[sid]
        href = article_url(s)
        if i == 1 and s["host"] == "www.krakow.pl":
            # The CMS sometimes writes its commas percent-encoded.
            href = href.replace(",", "%2C")
        items.append(f'<li><a href="{href}">{html.escape(s["title"], quote=False)}</a></li>')
    return '<div class="zobacz-takze" style="border:1px solid #ccc;padding:5px">\n<h3>Zobacz także</h3>\n<ul>\n' + "\n".join(items) + "\n</ul>\n</div>"


def article_body(a):
    parts = []
    for i, p in enumerate(a["body"]):
        if p.startswith("<ul") or p.startswith("<div") or p.startswith("<p"):
            parts.append(p)
        elif i % 2 == 0:
            parts.append("<p>" + p)  # unclosed, as the CMS writes it
        else:
            parts.append("<p>" + p + "</p>")
    return "\n".join(parts)


def metka(a):
    m = a["metka"]
    if m.startswith("Data publikacji") or m.startswith("dodano"):
        return f'<div class="metka">{m} <span class="zrodlo">Źródło: {a["unit"]}</span></div>'
    return f'<div class="metka"><span class="data">{m}</span> | Źródło: {a["unit"]}</div>'


def article_page(a):
    host = a["host"]
    section = "Aktualności" if host == "www.krakow.pl" else "Organizacje pozarządowe"
    printlink = f'<a href="/get_html.php?dok_id={a["id"]}" class="drukuj" rel="nofollow">Drukuj</a>' if a["print"] else ""
    return f"""{khead(a["title"] + " - Magiczny Kraków", article_url(a))}
<body>
{COOKIES}
{kmenu(host)}
<div id="breadcrumbs"><a href="/">Strona główna</a> &raquo; <a href="{listing_path(host, 1)}">{section}</a> &raquo; {html.escape(a["title"], quote=False)}</div>
<div id="content"><div id="left">
<div class="article">
<div class="article-title"><h1>{html.escape(a["title"], quote=False)}</h1></div>
{metka(a)}
<div class="article-lead"><strong>{a["lead"]}</strong></div>
<div class="article-body">
{article_body(a)}
</div>
<div class="narzedzia">{printlink} <a href="#top">do góry</a> <a href="https://www.facebook.com/sharer/sharer.php?u={article_url(a)}">Udostępnij</a></div>
</div>
{see_also(a)}
</div></div>
<div id="right"><div class="box"><h3>Na skróty</h3><ul><li><a href="https://ngo.krakow.pl/konkursy.html">Konkursy ofert</a></li><li><a href="https://www.bip.krakow.pl/?mmi=5741">BIP – organizacje pozarządowe</a></li></ul></div>
</div>
{kfooter()}
</body>
</html>
"""


def print_page(a):
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{html.escape(a["title"], quote=False)}</title>
<style>body{{font-family:Arial;font-size:12px}}</style>
</head>
<body onload="window.print()">
<div class="article-title"><h1>{html.escape(a["title"], quote=False)}</h1></div>
{metka(a)}
<div class="article-lead"><strong>{a["lead"]}</strong></div>
<div class="article-body">
{article_body(a)}
</div>
<p style="font-size:10px">Adres strony: {article_url(a)}<br>{ADDRESS}</p>
</body>
</html>
"""


def listing_page(host, n, items, last):
    lis = []
    for a in items:
        lis.append(f"""<div class="news-item">
<a href="{article_path(a)}" class="news-title">{html.escape(a["title"], quote=False)}</a>
<span class="news-date">{a["date"]}</span>
<p class="news-lead">{a["lead"][:160].rsplit(" ", 1)[0]}...</p>
</div>""")
    pager = ['<div class="pager">Strony:']
    if n > 1:
        pager.append(f'<a href="{listing_path(host, n - 1)}" class="prev">&laquo; poprzednia</a>')
    for i in range(1, last + 1):
        pager.append(f"<b>{i}</b>" if i == n else f'<a href="{listing_path(host, i)}">{i}</a>')
    if n < last:
        pager.append(f'<a href="{listing_path(host, n + 1)}" class="next">następna &raquo;</a>')
    pager.append("</div>")
    title = "Aktualności" if host == "www.krakow.pl" else "Aktualności – organizacje pozarządowe"
    return f"""{khead(f"{title} - strona {n} - Magiczny Kraków")}
<body>
{COOKIES}
{kmenu(host)}
<div id="content"><div id="left">
<h1 class="category">{title}</h1>
{chr(10).join(lis)}
{" ".join(pager)}
</div></div></div>
{kfooter()}
</body>
</html>
"""


def simple_page(host, title, body):
    return f"""{khead(title + " - Magiczny Kraków")}
<body>
{COOKIES}
{kmenu(host)}
<div id="content"><div id="left">
<h1>{title}</h1>
{body}
</div></div>
{kfooter()}
</body>
</html>
"""


def write_krakow():
    for host in ("www.krakow.pl", "ngo.krakow.pl"):
        arts = sorted([a for a in ARTICLES if a["host"] == host], key=lambda a: a["date"], reverse=True)
        for a in arts:
            write(host + article_path(a), article_page(a), [("Last-Modified", http_date(a["date"], a["time"]))])
            if a["print"]:
                write(f"{host}/get_html.php@dok_id={a['id']}", print_page(a))
        pp = PER_PAGE[host]
        pages = [arts[i:i + pp] for i in range(0, len(arts), pp)]
        for n, items in enumerate(pages, 1):
            write(host + listing_path(host, n), listing_page(host, n, items, len(pages)))

    a = SITEMAP_ONLY
    write("www.krakow.pl" + article_path(a), article_page(a), [("Last-Modified", http_date(a["date"], a["time"]))])

    newest = sorted([a for a in ARTICLES if a["host"] == "www.krakow.pl"], key=lambda a: a["date"], reverse=True)[:4]
    items = "\n".join(f'<li><a href="{article_path(a)}">{html.escape(a["title"], quote=False)}</a> <span>{a["date"]}</span>' for a in newest)
    write("www.krakow.pl/index.html", simple_page("www.krakow.pl", "Magiczny Kraków – oficjalny serwis Miasta Krakowa", f"""
<div class="box-news"><h2>Aktualności</h2><ul>
{items}
</ul><a href="{listing_path("www.krakow.pl", 1)}">Więcej aktualności</a></div>
<div class="box"><h2>Dla organizacji pozarządowych</h2>
<p>Informacje o konkursach ofert, Centrum Obywatelskim i Komisjach Dialogu Obywatelskiego znajdziesz w serwisie <a href="https://ngo.krakow.pl/">ngo.krakow.pl</a>.
<p><a href="/kalendarz?miesiac=2020-07">Kalendarz wydarzeń</a> | <a href="/aktualnosci/stare_sprawozdanie.html">Sprawozdania (archiwum)</a>
</div>
<div class="box"><a href="https://www.facebook.com/MiastoKrakow"><img src="/img/fb.png" alt="Facebook"></a> <a href="https://www.youtube.com/user/MiastoKrakow">YouTube</a></div>"""))

    newest = sorted([a for a in ARTICLES if a["host"] == "ngo.krakow.pl"], key=lambda a: a["date"], reverse=True)[:4]
    items = "\n".join(f'<li><a href="{article_path(a)}">{html.escape(a["title"], quote=False)}</a>' for a in newest)
    write("ngo.krakow.pl/index.html", simple_page("ngo.krakow.pl", "Organizacje pozarządowe w Krakowie", f"""
<p>Serwis Urzędu Miasta Krakowa dla organizacji pozarządowych: konkursy ofert, małe granty, Centrum Obywatelskie, Komisje Dialogu Obywatelskiego i Krakowska Rada Działalności Pożytku Publicznego.
<h2>Najnowsze</h2><ul>
{items}
</ul>
<p><a href="{listing_path("ngo.krakow.pl", 1)}">Wszystkie aktualności</a> | <a href="/konkursy.html">Konkursy ofert</a> | <a href="/panel/logowanie.html">Panel organizacji (logowanie)</a> | <a href="/facebook.html">Dołącz do nas na Facebooku</a>
<p>Portal miejski: <a href="https://krakow.pl/">krakow.pl</a>"""))

    konk = [(112300, "Konkurs dla seniorów 2021 – ogłoszenie"), (113450, "Konkurs dla seniorów 2021 – wyniki"),
            (113460, "Przeciwdziałanie bezdomności 2021–2023 – wyniki"), (116200, "Kultura 2022 – wyniki"),
            (116300, "Sport 2022 – wyniki"), (117050, "Sport 2021 – wyniki"), (116250, "Małe granty 2022")]
    # The old CMS appends a session id or a display parameter to some links.
    extra = {113450: "&amp;vReg=2", 116200: "&amp;PHPSESSID=5f2c1a9e0b7d4c3a"}
    items = "\n".join(f'<tr><td><a href="https://www.bip.krakow.pl/?dok_id={d}{extra.get(d, "")}">{t}</a></td></tr>' for d, t in konk)
    write("ngo.krakow.pl/konkursy.html", simple_page("ngo.krakow.pl", "Konkursy ofert", f"""
<p>Ogłoszenia i wyniki otwartych konkursów ofert publikowane są w Biuletynie Informacji Publicznej.
<table class="konkursy" width="100%">
{items}
</table>
<p>Zobacz też <a href="https://www.krakow.pl/aktualnosci/243500,33,komunikat,otwarty_konkurs_ofert_dla_seniorow_2021.html">aktualności o konkursach</a>."""))

    write("ngo.krakow.pl/panel/logowanie.html", simple_page("ngo.krakow.pl", "Panel organizacji – logowanie",
          '<form method="post" action="/panel/zaloguj"><input name="login"> <input name="haslo" type="password"> <input type="submit" value="Zaloguj"></form>'))
    write("www.krakow.pl/szukaj/index.html@q=ngo", simple_page("www.krakow.pl", "Wyniki wyszukiwania",
          "<p>Wyszukiwarka serwisu – brak wyników dla zapytania.</p>"))
    write("www.krakow.pl/polityka_cookies.html", simple_page("www.krakow.pl", "Polityka cookies",
          "<p>Serwis wykorzystuje pliki cookies w celu zapamiętania ustawień użytkownika i prowadzenia anonimowych statystyk odwiedzin. Możesz wyłączyć obsługę plików cookies w ustawieniach przeglądarki."))
    # An old address that moved: 301 to the 2017 report article.
    write("www.krakow.pl/aktualnosci/stare_sprawozdanie.html", "",
          [("Status", "301"), ("Location", article_url(BY_ID[226880])), ("Content-Type", "text/html; charset=utf-8")])
    # A link that leaves the allowed hosts by a redirect.
    write("ngo.krakow.pl/facebook.html", "",
          [("Status", "302"), ("Location", "https://www.facebook.com/KrakowNGO")])

    write("www.krakow.pl/robots.txt", """# robots.txt dla www.krakow.pl
User-agent: *
Disallow: /szukaj
Disallow: /panel/
Allow: /

User-agent: BadBot
Disallow: /

Sitemap: https://www.krakow.pl/sitemap.xml
""")
    write("ngo.krakow.pl/robots.txt", """User-agent: *
Crawl-delay: 0.2
Disallow: /panel/

Sitemap: https://ngo.krakow.pl/sitemap.xml
""")
    write("www.bip.krakow.pl/robots.txt", """User-agent: *
Disallow: /szukaj/
Disallow: /?szukaj=

Sitemap: https://www.bip.krakow.pl/sitemap.xml
""")


# ---------------------------------------------------------------- sitemaps

def urlset(urls):
    body = "\n".join(f"  <url><loc>{html.escape(u)}</loc>{f'<lastmod>{m}</lastmod>' if m else ''}</url>" for u, m in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}\n</urlset>\n'


def write_sitemaps():
    write("www.krakow.pl/sitemap.xml", """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://www.krakow.pl/sitemap-aktualnosci.xml</loc><lastmod>2023-06-01</lastmod></sitemap>
  <sitemap><loc>https://www.krakow.pl/sitemap-archiwum.xml.gz</loc><lastmod>2020-01-01</lastmod></sitemap>
</sitemapindex>
""")
    www = [a for a in ARTICLES if a["host"] == "www.krakow.pl"]
    write("www.krakow.pl/sitemap-aktualnosci.xml", urlset([(WWW + "/", None)] + [(article_url(a), a["date"]) for a in www]))
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as z:
        z.write(urlset([(article_url(SITEMAP_ONLY), SITEMAP_ONLY["date"])]).encode("utf-8"))
    write("www.krakow.pl/sitemap-archiwum.xml.gz", buf.getvalue())
    ngo = [a for a in ARTICLES if a["host"] == "ngo.krakow.pl"]
    write("ngo.krakow.pl/sitemap.xml", urlset([(NGO + "/", None)] + [(article_url(a), a["date"]) for a in ngo]))
    write("www.bip.krakow.pl/sitemap.xml", urlset([(f"{BIP}/?dok_id={d}", DOCS[d]["pub"]) for d in sorted(DOCS)]))


# ---------------------------------------------------------------- BIP

def bip_page(title, main):
    return f"""<!DOCTYPE html>
<html lang="pl">
<head>
<meta charset="utf-8">
<title>{html.escape(title, quote=False)} - Biuletyn Informacji Publicznej Miasta Krakowa</title>
<link rel="stylesheet" href="/css/bip.css">
</head>
<body>
<div id="cookies" class="cookie-bar">Ta strona używa plików cookies. <a href="/?dok_id=1052">Polityka prywatności</a></div>
<div id="top"><a href="https://www.bip.krakow.pl/"><img src="/img/bip_logo.gif" alt="Biuletyn Informacji Publicznej"></a>
<span class="herb">Miasto Kraków</span></div>
<table id="layout" width="100%" cellspacing="0"><tr>
<td id="menuLeft" valign="top" width="200">
<ul class="menu">
<li><a href="/">Strona główna</a></li>
<li><a href="/?mmi=5741">Organizacje pozarządowe</a></li>
<li><a href="/?mmi=5742">Archiwum dokumentów</a></li>
<li><a href="/szukaj/">Wyszukiwarka</a></li>
<li><a href="https://www.krakow.pl/">Portal krakow.pl</a></li>
</ul>
</td>
<td valign="top">
<div id="mainDiv">
{main}
</div>
</td></tr></table>
<div id="footer">{ADDRESS}<br>Redakcja BIP: <a href="mailto:bip@um.krakow.pl">bip@um.krakow.pl</a></div>
</body>
</html>
"""


def kind_size(att_id):
    a = ATTACHMENTS[att_id]
    p = os.path.join(SITE, f"www.bip.krakow.pl/zalaczniki/dokumenty/n/{att_id}/@")
    size = os.path.getsize(p) if os.path.exists(p) else 0
    return f"{a['kind']}, {size / 1024:.1f} KB"


def metryka(d):
    return f"""<table class="metryka" border="0" cellpadding="2">
<tr><td class="label">Data publikacji:</td><td>{polish_date(d["pub"])}</td></tr>
<tr><td class="label">Wytworzył:</td><td>{d["unit"]}</td></tr>
<tr><td class="label">Odpowiedzialny za treść:</td><td>{d["person"]}</td></tr>
<tr><td class="label">Data wytworzenia:</td><td>{polish_date(d["made"])}</td></tr>
<tr><td class="label">Wprowadził:</td><td>Redakcja BIP</td></tr>
<tr><td class="label">Liczba odwiedzin:</td><td>{(sum(map(ord, d["title"])) * 7) % 5000 + 120}</td></tr>
</table>"""


def write_bip():
    for dok, d in DOCS.items():
        att = ""
        if d["att"]:
            lis = "\n".join(f'<li><a href="/zalaczniki/dokumenty/n/{i}/karta">{html.escape(ATTACHMENTS[i]["title"], quote=False)}</a> [{kind_size(i)}]</li>' for i in d["att"])
            att = f'<div class="zalaczniki"><h3>Załączniki:</h3>\n<ul>\n{lis}\n</ul></div>'
        main = f"""<h1>{html.escape(d["title"], quote=False)}</h1>
<div class="tresc">
{d["body"]}
</div>
{att}
{metryka(d)}
<p class="drukuj"><a href="/?dok_id={dok}&amp;metka=1">Pokaż metryczkę</a></p>"""
        write(f"www.bip.krakow.pl/index.html@dok_id={dok}", bip_page(d["title"], main),
              [("Last-Modified", http_date(d["pub"], "09:00"))])

    for att_id, a in ATTACHMENTS.items():
        main = f"""<h1>Karta załącznika</h1>
<table class="karta">
<tr><td>Nazwa załącznika:</td><td>{html.escape(a["title"], quote=False)}</td></tr>
<tr><td>Nazwa pliku:</td><td>{a["file"]}</td></tr>
<tr><td>Typ i rozmiar:</td><td>{kind_size(att_id)}</td></tr>
<tr><td>Data publikacji:</td><td>{polish_date(a["date"])}</td></tr>
<tr><td>Dokument:</td><td><a href="/?dok_id={a["dok"]}">{html.escape(DOCS[a["dok"]]["title"], quote=False)}</a></td></tr>
</table>
<p><a href="/zalaczniki/dokumenty/n/{att_id}" class="pobierz">Pobierz plik</a></p>"""
        write(f"www.bip.krakow.pl/zalaczniki/dokumenty/n/{att_id}/karta", bip_page("Karta załącznika", main))
        ctype = "application/octet-stream" if a["ctype"] is None else a["ctype"]  # "": none at all
        hdr = [("Content-Type", ctype),
               ("Content-Disposition", f'attachment; filename="{a["file"]}"'),
               ("Last-Modified", http_date(a["date"], "09:00"))]
        write(f"www.bip.krakow.pl/zalaczniki/dokumenty/n/{att_id}/@.headers",
              "".join(f"{k}: {v}\n" for k, v in hdr))

    # Section listings.
    order = sorted(DOCS, key=lambda k: DOCS[k]["pub"], reverse=True)
    rows = "\n".join(f'<tr><td>{polish_date(DOCS[k]["pub"])}</td><td><a href="/?dok_id={k}">{html.escape(DOCS[k]["title"], quote=False)}</a></td></tr>' for k in order)
    write("www.bip.krakow.pl/index.html@mmi=5741", bip_page("Organizacje pozarządowe", f"""<h1>Organizacje pozarządowe</h1>
<p>Ogłoszenia konkursów, wyniki, programy współpracy i sprawozdania.</p>
<table class="lista" width="100%">
{rows}
</table>"""))
    rows = "\n".join(f'<tr><td><a href="/?dok_id={k}">{html.escape(c["title"], quote=False)}</a></td></tr>' for k, c in sorted(CHARSET_DOCS.items()))
    write("www.bip.krakow.pl/index.html@mmi=5742", bip_page("Archiwum dokumentów", f"""<h1>Archiwum dokumentów</h1>
<p>Dokumenty opublikowane przed wdrożeniem obecnej wersji Biuletynu.</p>
<table class="lista">
{rows}
</table>"""))
    write("www.bip.krakow.pl/index.html", bip_page("Strona główna", """<h1>Biuletyn Informacji Publicznej Miasta Krakowa</h1>
<p>Witamy w Biuletynie Informacji Publicznej Miasta Krakowa. Znajdziesz tu akty prawa miejscowego, zarządzenia Prezydenta Miasta Krakowa, ogłoszenia o konkursach ofert i ich wyniki.
<ul>
<li><a href="/?mmi=5741">Organizacje pozarządowe</a></li>
<li><a href="/?mmi=5742">Archiwum dokumentów</a></li>
<li><a href="https://ngo.krakow.pl/">Serwis ngo.krakow.pl</a></li>
</ul>"""))
    write("www.bip.krakow.pl/index.html@dok_id=1052", bip_page("Polityka prywatności", """<h1>Polityka prywatności i plików cookies</h1>
<p>Biuletyn Informacji Publicznej Miasta Krakowa używa plików cookies wyłącznie w celu zapamiętania ustawień strony i prowadzenia anonimowych statystyk. Administratorem danych osobowych jest Prezydent Miasta Krakowa, pl. Wszystkich Świętych 3-4, 31-004 Kraków.
<table class="metryka">
<tr><td class="label">Data publikacji:</td><td>25 maja 2018 r.</td></tr>
<tr><td class="label">Wytworzył:</td><td>Wydział Informatyki</td></tr>
</table>"""))
    write("www.bip.krakow.pl/szukaj/index.html", bip_page("Wyszukiwarka", "<h1>Wyszukiwarka</h1><p>Wpisz szukaną frazę.</p>"))

    for dok, c in CHARSET_DOCS.items():
        out = subprocess.run(["iconv", "-f", "UTF-8", "-t", c["enc"], os.path.join(HERE, c["src"])],
                             check=True, capture_output=True).stdout
        write(f"www.bip.krakow.pl/index.html@dok_id={dok}", out, [("Content-Type", c["header"])])


def main():
    write_krakow()
    write_sitemaps()
    write_bip()


if __name__ == "__main__":
    main()
