#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Writes testdata/grants-truth.csv: every grant the sample site's documents name.

The rows come from grants.py (the same lists the documents are generated
from). The page of a PDF row is found in the generated PDF itself with
pdftotext, so the table always agrees with the committed file; a grant whose
row cannot be found, or is found on two pages, stops the script. Sources whose
file has not been generated yet are skipped with a warning.

Columns: organisation, krs, task, amount_grosze, year, source_url, page
(page: 1-based PDF page or spreadsheet sheet, 0 for HTML).
"""

import csv
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SITE = os.path.join(HERE, "..", "site")
sys.path.insert(0, HERE)

import grants as g  # noqa: E402

SPACES = re.compile(r"[\s\u00a0\u202f]+")


def local(url):
    """The file holding url (see testdata/site/README.md)."""
    if "?dok_id=" in url:
        return os.path.join(SITE, "www.bip.krakow.pl", "index.html@dok_id=" + url.split("=", 1)[1])
    path = url.split("://", 1)[1]
    return os.path.join(SITE, path, "@")


def pdf_pages(path):
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", path, "-"], check=True,
                         capture_output=True, text=True).stdout
    return [SPACES.sub("", p) for p in out.split("\f")]


def amount_key(grosze):
    zl, gr = divmod(grosze, 100)
    return re.compile(r"(?<!\d)" + str(zl) + "," + f"{gr:02d}" + r"(?!\d)")


def main():
    rows = []

    def add(org, krs, task, amount, year, url, page):
        rows.append([org, krs, task, amount, year, url, page])

    def have(url):
        if os.path.exists(local(url)):
            return True
        print(f"make-truth: {url} not generated yet, its grants are left out", file=sys.stderr)
        return False

    if have(g.SENIORZY_2021_URL):
        pages = pdf_pages(local(g.SENIORZY_2021_URL))
        for org, krs, task, amount in g.SENIORZY_2021:
            found = [i + 1 for i, p in enumerate(pages) if amount_key(amount).search(p)]
            if len(found) != 1:
                sys.exit(f"make-truth: {org} {amount}: found on pages {found}")
            add(org, krs, task, amount, 2021, g.SENIORZY_2021_URL, found[0])
    if have(g.BEZDOMNOSC_2021_URL):
        for org, krs, task, _, amount in g.BEZDOMNOSC_2021:
            add(org, krs, task, amount, 2021, g.BEZDOMNOSC_2021_URL, 0)
    if have(g.SPORT_2022_URL):
        for sheet, (_, grants) in enumerate(g.SPORT_2022.items(), 1):
            for org, krs, task, amount in grants:
                add(org, krs, task, amount, 2022, g.SPORT_2022_URL, sheet)
    if have(g.KULTURA_2022_URL):
        for org, krs, task, amount in g.KULTURA_2022:
            add(org, krs, task, amount, 2022, g.KULTURA_2022_URL, 1)
    if have(g.MALE_GRANTY_2022_URL):
        for org, krs, task, amount in g.MALE_GRANTY_2022:
            add(org, krs, task, amount, 2022, g.MALE_GRANTY_2022_URL, 1)

    with open(os.path.join(HERE, "..", "grants-truth.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["organisation", "krs", "task", "amount_grosze", "year", "source_url", "page"])
        w.writerows(rows)
    print(f"make-truth: {len(rows)} grants", file=sys.stderr)


if __name__ == "__main__":
    main()
