# -*- coding: utf-8 -*-
"""Minimal writers of flat ODF (.fodt text, .fods spreadsheet) for the fixtures.

LibreOffice converts the flat files to PDF, DOCX, DOC, RTF, ODT, XLSX, XLS and
ODS (see make-docs.sh). Only what the fixtures need: headings, paragraphs with
bold runs and footnotes, tables whose rows never split across pages and whose
header row repeats, page breaks, a page header and footer.
"""

import zlib
from xml.sax.saxutils import escape

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
      'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" '
      'office:version="1.3"')


def meta(title, created, author="Urząd Miasta Krakowa"):
    return (f"<office:meta><dc:title>{escape(title)}</dc:title>"
            f"<meta:initial-creator>{escape(author)}</meta:initial-creator><dc:creator>{escape(author)}</dc:creator>"
            f"<meta:creation-date>{created}T10:00:00</meta:creation-date><dc:date>{created}T10:00:00</dc:date>"
            f"<dc:language>pl-PL</dc:language></office:meta>")


FONTS = """<office:font-face-decls>
<style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'" style:font-family-generic="roman"/>
<style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'" style:font-family-generic="swiss"/>
</office:font-face-decls>"""

TEXT_STYLES = """<office:styles>
<style:default-style style:family="paragraph"><style:paragraph-properties fo:orphans="2" fo:widows="2"/>
<style:text-properties style:font-name="Liberation Serif" fo:font-size="11pt" fo:language="pl" fo:country="PL"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text"/>
<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard" style:class="text">
<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.25cm" fo:text-align="justify" fo:line-height="115%"/></style:style>
<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard" style:class="chapter">
<style:paragraph-properties fo:text-align="center" fo:margin-top="4cm" fo:margin-bottom="1cm"/><style:text-properties fo:font-size="20pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Subtitle" style:family="paragraph" style:parent-style-name="Standard" style:class="chapter">
<style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.5cm"/><style:text-properties fo:font-size="14pt"/></style:style>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="1" style:class="text">
<style:paragraph-properties fo:margin-top="0.5cm" fo:margin-bottom="0.3cm" fo:keep-with-next="always"/><style:text-properties fo:font-size="16pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="2" style:class="text">
<style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/><style:text-properties fo:font-size="13pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
<style:text-properties style:font-name="DejaVu Sans" fo:font-size="8.5pt"/></style:style>
<style:style style:name="Table_20_Heading" style:display-name="Table Heading" style:family="paragraph" style:parent-style-name="Table_20_Contents" style:class="extra">
<style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Footnote" style:family="paragraph" style:parent-style-name="Standard" style:class="extra"><style:text-properties fo:font-size="9pt"/></style:style>
<style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
<style:paragraph-properties fo:text-align="end"/><style:text-properties fo:font-size="8pt" fo:font-style="italic"/></style:style>
<style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
<style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="8pt"/></style:style>
</office:styles>"""


def _runs(s):
    """Text with **bold** runs and [^footnote^] notes."""
    out, i, note = [], 0, 0
    while i < len(s):
        if s.startswith("**", i):
            j = s.index("**", i + 2)
            out.append(f'<text:span text:style-name="B">{escape(s[i + 2:j])}</text:span>')
            i = j + 2
        elif s.startswith("[^", i):
            j = s.index("^]", i + 2)
            note += 1
            out.append(f'<text:note text:id="ftn{zlib.crc32(s.encode()) % 100000}_{note}" text:note-class="footnote"><text:note-citation>{note}</text:note-citation>'
                       f'<text:note-body><text:p text:style-name="Footnote">{escape(s[i + 2:j])}</text:p></text:note-body></text:note>')
            i = j + 2
        else:
            j = min([k for k in (s.find("**", i), s.find("[^", i)) if k >= 0] or [len(s)])
            out.append(escape(s[i:j]).replace("\t", "<text:tab/>"))
            i = j
    return "".join(out)


class Text:
    """A text document built block by block."""

    def __init__(self, title, created, header=None, footer=None, landscape=False):
        self.title, self.created, self.header, self.footer = title, created, header, footer
        self.landscape = landscape
        self.body, self.auto, self.ntables = [], [], 0

    def title_page(self, title, *subtitles):
        self.body.append(f'<text:p text:style-name="Title">{_runs(title)}</text:p>')
        for s in subtitles:
            self.body.append(f'<text:p text:style-name="Subtitle">{_runs(s)}</text:p>')

    def h1(self, s, page_break=False):
        style = "H1PB" if page_break else "Heading_20_1"
        self.body.append(f'<text:h text:style-name="{style}" text:outline-level="1">{_runs(s)}</text:h>')

    def h2(self, s):
        self.body.append(f'<text:h text:style-name="Heading_20_2" text:outline-level="2">{_runs(s)}</text:h>')

    def p(self, *paras):
        for s in paras:
            self.body.append(f'<text:p text:style-name="Text_20_body">{_runs(s)}</text:p>')

    def bullets(self, *items):
        self.body.append("<text:list>" + "".join(
            f'<text:list-item><text:p text:style-name="Text_20_body">– {_runs(s)}</text:p></text:list-item>' for s in items) + "</text:list>")

    def table(self, widths_cm, header, rows, right=(), bold_last=False):
        """Rows never split across pages; the header row repeats on every page."""
        self.ntables += 1
        n = self.ntables
        self.auto.append(f'<style:style style:name="T{n}" style:family="table"><style:table-properties style:width="{sum(widths_cm):.2f}cm" table:align="left" fo:margin-top="0.2cm" fo:margin-bottom="0.3cm"/></style:style>')
        for i, w in enumerate(widths_cm):
            self.auto.append(f'<style:style style:name="T{n}C{i}" style:family="table-column"><style:table-column-properties style:column-width="{w:.2f}cm"/></style:style>')

        def row(cells, heading=False, bold=False):
            out = []
            for i, c in enumerate(cells):
                ps = "Table_20_Heading" if heading else ("PR" if i in right else "Table_20_Contents")
                txt = _runs(c)
                if bold:
                    txt = f'<text:span text:style-name="B">{txt}</text:span>'
                out.append(f'<table:table-cell table:style-name="Cell" office:value-type="string"><text:p text:style-name="{ps}">{txt}</text:p></table:table-cell>')
            return '<table:table-row table:style-name="Row">' + "".join(out) + "</table:table-row>"

        cols = "".join(f'<table:table-column table:style-name="T{n}C{i}"/>' for i in range(len(widths_cm)))
        body = [row(r, bold=bold_last and k == len(rows) - 1) for k, r in enumerate(rows)]
        self.body.append(f'<table:table table:name="Tabela{n}" table:style-name="T{n}">{cols}'
                         f'<table:table-header-rows>{row(header, heading=True)}</table:table-header-rows>'
                         + "".join(body) + "</table:table>")

    def xml(self):
        w, h = ("29.7cm", "21cm") if self.landscape else ("21cm", "29.7cm")
        orient = "landscape" if self.landscape else "portrait"
        header = f'<style:header><text:p text:style-name="Header">{_runs(self.header)}</text:p></style:header>' if self.header else ""
        footer = (f'<style:footer><text:p text:style-name="Footer">{_runs(self.footer)} – strona <text:page-number text:select-page="current">1</text:page-number>'
                  f' z <text:page-count>1</text:page-count></text:p></style:footer>') if self.footer else ""
        auto = "\n".join([
            f'<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="{w}" fo:page-height="{h}" style:print-orientation="{orient}" '
            'fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/>'
            '<style:header-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-bottom="0.4cm"/></style:header-style>'
            '<style:footer-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-top="0.4cm"/></style:footer-style></style:page-layout>',
            '<style:style style:name="H1PB" style:family="paragraph" style:parent-style-name="Heading_20_1"><style:paragraph-properties fo:break-before="page"/></style:style>',
            '<style:style style:name="PR" style:family="paragraph" style:parent-style-name="Table_20_Contents"><style:paragraph-properties fo:text-align="end"/></style:style>',
            '<style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>',
            '<style:style style:name="Row" style:family="table-row"><style:table-row-properties fo:keep-together="always"/></style:style>',
            '<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.07cm" fo:border="0.5pt solid #000000"/></style:style>',
        ] + self.auto)
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NS} office:mimetype="application/vnd.oasis.opendocument.text">\n'
                f"{meta(self.title, self.created)}\n{FONTS}\n{TEXT_STYLES}\n<office:automatic-styles>\n{auto}\n</office:automatic-styles>\n"
                f'<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">{header}{footer}</style:master-page></office:master-styles>\n'
                "<office:body><office:text>\n" + "\n".join(self.body) + "\n</office:text></office:body></office:document>\n")


class Sheet:
    """One sheet: rows of cells. A cell is a str, an int/float (number shown
    with two decimals), or ("=formula", shown_value)."""

    def __init__(self, name, widths_cm, rows):
        self.name, self.widths, self.rows = name, widths_cm, rows


def spreadsheet(title, created, sheets, money_format=True):
    auto = ['<number:number-style style:name="N2"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/>'
            + ('<number:text> zł</number:text>' if money_format else "") + "</number:number-style>",
            '<style:style style:name="money" style:family="table-cell" style:data-style-name="N2"/>',
            '<style:style style:name="bold" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style>',
            '<style:style style:name="wrap" style:family="table-cell"><style:table-cell-properties fo:wrap-option="wrap"/></style:style>']
    tables = []
    for si, sh in enumerate(sheets):
        cols = []
        for i, w in enumerate(sh.widths):
            auto.append(f'<style:style style:name="co{si}_{i}" style:family="table-column"><style:table-column-properties style:column-width="{w:.2f}cm"/></style:style>')
            cols.append(f'<table:table-column table:style-name="co{si}_{i}"/>')
        rows = []
        for r in sh.rows:
            cells = []
            for c in r:
                if isinstance(c, tuple):
                    f, shown = c
                    cells.append(f'<table:table-cell table:style-name="money" table:formula="of:{escape(f)}" office:value-type="float" office:value="{shown}"><text:p>{shown}</text:p></table:table-cell>')
                elif isinstance(c, (int, float)):
                    cells.append(f'<table:table-cell table:style-name="money" office:value-type="float" office:value="{c}"><text:p>{c}</text:p></table:table-cell>')
                elif c.startswith("**"):
                    cells.append(f'<table:table-cell table:style-name="bold" office:value-type="string"><text:p>{escape(c[2:])}</text:p></table:table-cell>')
                elif c == "":
                    cells.append("<table:table-cell/>")
                else:
                    cells.append(f'<table:table-cell table:style-name="wrap" office:value-type="string"><text:p>{escape(c)}</text:p></table:table-cell>')
            rows.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
        tables.append(f'<table:table table:name="{escape(sh.name)}">' + "".join(cols) + "".join(rows) + "</table:table>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NS} office:mimetype="application/vnd.oasis.opendocument.spreadsheet">\n'
            f"{meta(title, created)}\n{FONTS}\n"
            '<office:styles><style:default-style style:family="table-cell"><style:text-properties style:font-name="DejaVu Sans" fo:font-size="10pt" fo:language="pl" fo:country="PL"/></style:default-style></office:styles>\n'
            "<office:automatic-styles>\n" + "\n".join(auto) + "\n</office:automatic-styles>\n"
            "<office:body><office:spreadsheet>\n" + "\n".join(tables) + "\n</office:spreadsheet></office:body></office:document>\n")
