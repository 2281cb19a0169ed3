#!/bin/sh
# Regenerates extract's own document fixtures (needs LibreOffice and qpdf).
set -eu
cd "$(dirname "$0")"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
lo() { soffice -env:UserInstallation=file:///tmp/lo-extract --headless "$@" --outdir "$OUT" >/dev/null 2>&1; }
lo --convert-to pdf:writer_web_pdf_Export ekologia.html
lo --infilter=CSV:44,34,76 --convert-to xlsx male_granty.csv
cp "$OUT/ekologia.pdf" ../ekologia.pdf
cp "$OUT/male_granty.xlsx" ../male_granty.xlsx
# A user-password PDF (cannot be opened) and one cut short.
qpdf --encrypt secret secret 256 -- ../ekologia.pdf ../haslo.pdf
head -c 3000 ../ekologia.pdf > ../uciety.pdf
# The same results as a Word document (a DOCX table).
lo --convert-to 'docx:MS Word 2007 XML' ekologia.html
cp "$OUT/ekologia.docx" ../ekologia.docx
# And as an old Word document (antiword prints its tables with | borders).
lo --convert-to 'doc:MS Word 97' ekologia.html
cp "$OUT/ekologia.doc" ../ekologia.doc
