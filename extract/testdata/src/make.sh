#!/bin/sh
# Regenerates the legacy-charset golden inputs from their UTF-8 sources.
set -e
cd "$(dirname "$0")/.."
iconv -f UTF-8 -t CP1250 src/cp1250_undeclared.utf8.html > cp1250_undeclared.html
iconv -f UTF-8 -t CP1250 src/cp1250_meta.utf8.html > cp1250_meta.html
iconv -f UTF-8 -t ISO-8859-2 src/iso88592.utf8.html > iso88592_undeclared.html
cp iso88592_undeclared.html iso88592_header.html
