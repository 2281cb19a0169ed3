#!/bin/sh
# make.sh regenerates the binary fixtures in this directory from the sources
# in src/. Needs LibreOffice (soffice), qpdf and zip. Run from anywhere:
#   sh extract/doctext/testdata/make.sh
# then refresh the golden files with: go test ./extract/doctext -update
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src="$here/src"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lo() { soffice -env:UserInstallation=file:///tmp/lo-doctext --headless "$@" >/dev/null 2>&1; }

# Flow documents: one FODT source -> every writer format.
for ext in pdf docx odt doc rtf; do
	lo --convert-to "$ext" --outdir "$tmp" "$src/sprawozdanie.fodt"
	cp "$tmp/sprawozdanie.$ext" "$here/sprawozdanie.$ext"
done
# Spreadsheets: one FODS source -> every calc format.
for ext in xlsx xls ods; do
	lo --convert-to "$ext" --outdir "$tmp" "$src/wyniki.fods"
	cp "$tmp/wyniki.$ext" "$here/wyniki.$ext"
done

# PDFs that are hard in real life.
# Owner-password "secured" (no user password): must still be read.
qpdf --encrypt '' wlasciciel 256 --print=none --modify=none --extract=n -- \
	"$here/sprawozdanie.pdf" "$here/zabezpieczony.pdf"
# User password: cannot be read without it -> ErrEncrypted.
qpdf --encrypt tajne wlasciciel 256 -- "$here/sprawozdanie.pdf" "$here/haslo.pdf"
# Truncated download -> ErrMalformed.
head -c 1500 "$here/sprawozdanie.pdf" > "$here/uciety.pdf"
# Broken cross-reference offset: poppler warns, rebuilds the xref and reads it.
perl -0pe 's/startxref\s+\d+/startxref\n999/' "$here/sprawozdanie.pdf" > "$here/uszkodzony.pdf"
