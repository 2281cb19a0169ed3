#!/bin/sh
# Regenerates the binary documents of the sample site from the flat-ODF
# sources in testdata/src/docs (written by make-docs.py), then the HTML pages
# (whose attachment cards state the file sizes) and testdata/grants-truth.csv.
#
# Needs: python3, LibreOffice (soffice), qpdf, poppler-utils (pdftotext).
# Usage: sh testdata/src/make-docs.sh
set -eu

cd "$(dirname "$0")"
SRC=$(pwd)
DEST=$SRC/../site/www.bip.krakow.pl/zalaczniki/dokumenty/n
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

python3 make-docs.py

# LibreOffice stamps every output with the time, so a document is rebuilt
# only when its source changed (docs/SHA256SUMS records the sources of the
# committed files) or its output is missing; FORCE=1 rebuilds everything.
FORCE=${FORCE:-0}
touch docs/SHA256SUMS

stale() { # stale <attachment id> <source>: true when it must be rebuilt
	[ "$FORCE" = 1 ] && return 0
	[ -f "$DEST/$1/@" ] || return 0
	! grep -qx "$(sha256sum "$2")" docs/SHA256SUMS
}

lo() { # lo <filter> <source>...: converts the stale sources into $OUT
	filter=$1
	shift
	for src in "$@"; do
		id=$(basename "$src" | cut -d. -f1)
		if stale "$id" "$src"; then
			soffice -env:UserInstallation=file:///tmp/lo-fixtures --headless \
				--convert-to "$filter" --outdir "$OUT" "$src" >/dev/null 2>&1
		fi
	done
}

# place <attachment id> <converted file>: the body of /zalaczniki/dokumenty/n/<id>
place() {
	[ -f "$2" ] || return 0 # up to date
	mkdir -p "$DEST/$1"
	cp "$2" "$DEST/$1/@"
}

# (a) the 2019 annual report, (b) competition results over two pages, and the
# programme that (e) gets an owner password, and the PDF that (f) is cut short.
lo pdf:writer_pdf_Export docs/301200.fodt docs/303500.fodt docs/306100.fodt docs/306200.fodt
place 301200 "$OUT/301200.pdf"
place 303500 "$OUT/303500.pdf"

# Two PDFs without grants: the 2018 report and a committee protocol whose
# amounts are requested sums and the pool.
lo pdf:writer_pdf_Export docs/300950.fodt docs/303460.fodt
place 300950 "$OUT/300950.pdf"
place 303460 "$OUT/303460.pdf"

# (e) owner-password "secured" (no printing, no copying), opens without a password.
[ -f "$OUT/306100.pdf" ] && qpdf --encrypt '' ownerpw 256 --print=none --modify=none --extract=n -- "$OUT/306100.pdf" "$OUT/306100-locked.pdf"
place 306100 "$OUT/306100-locked.pdf"

# (f) truncated mid-transfer: the first 40% of the file, before any page
# content is complete; no cross-reference table, no trailer.
if [ -f "$OUT/306200.pdf" ]; then
	size=$(wc -c <"$OUT/306200.pdf")
	head -c $((size * 4 / 10)) "$OUT/306200.pdf" >"$OUT/306200-cut.pdf"
fi
place 306200 "$OUT/306200-cut.pdf"

# (c) results as XLSX with two sheets.
lo "xlsx:Calc MS Excel 2007 XML" docs/303501.fods
place 303501 "$OUT/303501.xlsx"

# (d) DOCX with header, footer and footnote; ODT; legacy DOC; RTF; XLS; ODS.
lo "docx:MS Word 2007 XML" docs/302410.fodt
place 302410 "$OUT/302410.docx"
lo odt docs/304800.fodt
place 304800 "$OUT/304800.odt"
lo "doc:MS Word 97" docs/304100.fodt
place 304100 "$OUT/304100.doc"
lo "rtf:Rich Text Format" docs/305400.fodt
place 305400 "$OUT/305400.rtf"
lo "xls:MS Excel 97" docs/305200.fods
place 305200 "$OUT/305200.xls"
lo ods docs/305300.fods
place 305300 "$OUT/305300.ods"

(cd docs && sha256sum -- *.fodt *.fods | sed 's|  |  docs/|') >docs/SHA256SUMS

python3 make-site.py
python3 make-truth.py
