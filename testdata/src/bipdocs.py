# -*- coding: utf-8 -*-
"""BIP documents (https://www.bip.krakow.pl/?dok_id=N) and their attachments."""

from grants import BEZDOMNOSC_2021

WWW = "https://www.krakow.pl"
NGO = "https://ngo.krakow.pl"

WPS = "Wydział Polityki Społecznej i Zdrowia"
KPO = "Kancelaria ds. Organizacji Pozarządowych"
WK = "Wydział Kultury i Dziedzictwa Narodowego"
WS = "Wydział Sportu"

# Attachments: id -> filename, title, kind label, content type served (None:
# application/octet-stream, "": no Content-Type header), publication date,
# owning dok_id.
ATTACHMENTS = {
    301200: dict(file="Sprawozdanie_z_realizacji_Programu_Wspolpracy_2019.pdf", kind="PDF", ctype=None, date="2020-06-10", dok=105412,
                 title="Sprawozdanie z realizacji Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi za rok 2019"),
    302410: dict(file="ogloszenie_konkurs_seniorzy_2021.docx", kind="DOCX", ctype=None, date="2021-01-12", dok=112300,
                 title="Ogłoszenie otwartego konkursu ofert – działalność na rzecz osób w wieku emerytalnym 2021"),
    303500: dict(file="wyniki_konkursu_seniorzy_2021.pdf", kind="PDF", ctype="application/pdf", date="2021-03-05", dok=113450,
                 title="Wyniki otwartego konkursu ofert dla seniorów 2021 – wykaz dotacji"),
    303501: dict(file="wyniki_konkursu_sport_2022.xlsx", kind="XLSX", ctype=None, date="2022-02-28", dok=116300,
                 title="Wyniki konkursu – kultura fizyczna 2022 (arkusz)"),
    304100: dict(file="zarzadzenie_nr_812_2021.doc", kind="DOC", ctype="application/msword", date="2021-03-29", dok=110540,
                 title="Zarządzenie Nr 812/2021 Prezydenta Miasta Krakowa w sprawie Komisji Dialogu Obywatelskiego"),
    304800: dict(file="raport_z_konsultacji_programu_2022.odt", kind="ODT", ctype=None, date="2021-10-15", dok=115800,
                 title="Raport z konsultacji projektu Programu Współpracy na rok 2022"),
    305200: dict(file="wyniki_konkursu_kultura_2022.xls", kind="XLS", ctype=None, date="2022-03-10", dok=116200,
                 title="Wyniki otwartego konkursu ofert w dziedzinie kultury 2022"),
    305300: dict(file="male_granty_2022.ods", kind="ODS", ctype="application/vnd.oasis.opendocument.spreadsheet", date="2022-12-20", dok=116250,
                 title="Zestawienie dotacji w trybie pozakonkursowym (małe granty) 2022"),
    305400: dict(file="regulamin_centrum_obywatelskiego.rtf", kind="RTF", ctype="", date="2019-12-18", dok=109300,
                 title="Regulamin korzystania z Centrum Obywatelskiego"),
    306100: dict(file="program_wspolpracy_2021.pdf", kind="PDF", ctype=None, date="2020-11-27", dok=110020,
                 title="Program Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi na rok 2021 (tekst uchwały)"),
    300950: dict(file="sprawozdanie_wspolpraca_2018.pdf", kind="PDF", ctype=None, date="2019-05-30", dok=98010,
                 title="Sprawozdanie z realizacji Programu Współpracy za rok 2018"),
    303460: dict(file="protokol_komisji_konkursowej_bezdomnosc_2021.pdf", kind="PDF", ctype="application/pdf", date="2021-01-15", dok=113460,
                 title="Protokół z posiedzenia komisji konkursowej – przeciwdziałanie bezdomności 2021–2023"),
    306200: dict(file="wyniki_konkursu_sport_2021.pdf", kind="PDF", ctype=None, date="2021-02-26", dok=117050,
                 title="Wyniki konkursu – kultura fizyczna 2021"),
}


def bezdomnosc_table():
    rows = []
    for i, (org, krs, task, amount, _) in enumerate(BEZDOMNOSC_2021, 1):
        krs_cell = krs or "&nbsp;"
        rows.append(f"<tr><td>{i}.</td><td>{org}</td><td>{krs_cell}</td><td>{task}</td><td style=\"text-align:right\">{amount}</td></tr>")
    return ('<table class="wyniki" border="1" cellpadding="3" style="border-collapse:collapse">\n'
            '<tr><th>Lp.</th><th>Nazwa oferenta</th><th>Nr KRS</th><th>Nazwa zadania</th><th>Przyznana dotacja</th></tr>\n'
            + "\n".join(rows) + "\n</table>")


# dok_id -> title, type, dates, unit, body HTML, attachments.
DOCS = {
    105412: dict(
        title="Sprawozdanie z realizacji Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi za rok 2019",
        type="annual_report", pub="2020-06-10", made="2020-05-27", unit=WPS, person="Anna Nowak",
        body="""<p>Na podstawie art. 5a ust. 3 ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie Prezydent Miasta Krakowa przedkłada Radzie Miasta Krakowa sprawozdanie z realizacji Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi oraz podmiotami, o których mowa w art. 3 ust. 3 ustawy, za rok 2019.
<p>Sprawozdanie obejmuje współpracę finansową (otwarte konkursy ofert, małe granty, umowy wieloletnie) oraz pozafinansową (konsultacje, Komisje Dialogu Obywatelskiego, Krakowska Rada Działalności Pożytku Publicznego, Centrum Obywatelskie).
<p>Sprawozdania za lata poprzednie: <a href="/?dok_id=98010">sprawozdanie za rok 2018</a>.""",
        att=[301200],
    ),
    98010: dict(
        title="Sprawozdanie z realizacji Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi za rok 2018",
        type="annual_report", pub="2019-05-30", made="2019-05-20", unit=WPS, person="Anna Nowak",
        body="""<p>Sprawozdanie z realizacji Programu Współpracy za rok 2018 zostało przedłożone Radzie Miasta Krakowa w terminie ustawowym.
<p>W 2018 r. ogłoszono 96 otwartych konkursów ofert. Na realizację zadań publicznych przez organizacje pozarządowe przekazano łącznie 98,7 mln zł. Najwięcej środków przeznaczono na pomoc społeczną, ochronę zdrowia oraz kulturę fizyczną.
<p>Pełny tekst sprawozdania stanowi załącznik.""",
        att=[300950],
    ),
    112300: dict(
        title="Ogłoszenie otwartego konkursu ofert na realizację zadań publicznych z zakresu działalności na rzecz osób w wieku emerytalnym w 2021 roku",
        type="competition_announcement", pub="2021-01-12", made="2021-01-11", unit=WPS, person="Marek Zieliński",
        body="""<p>Prezydent Miasta Krakowa ogłasza otwarty konkurs ofert na realizację zadań publicznych z zakresu działalności na rzecz osób w wieku emerytalnym w 2021 roku.
<p><b>Wysokość środków publicznych przeznaczonych na realizację zadań: 500 000,00 zł.</b>
<p>Termin składania ofert upływa 3 lutego 2021 r. o godz. 15:30. Oferty składa się w formie elektronicznej w generatorze Witkac oraz w formie potwierdzenia złożenia oferty w Kancelarii Urzędu.
<p>Szczegółowe warunki konkursu zawiera ogłoszenie stanowiące załącznik do zarządzenia Prezydenta Miasta Krakowa.""",
        att=[302410],
    ),
    113450: dict(
        title="Rozstrzygnięcie otwartego konkursu ofert na realizację zadań publicznych z zakresu działalności na rzecz osób w wieku emerytalnym w 2021 roku",
        type="competition_results", pub="2021-03-05", made="2021-03-04", unit=WPS, person="Marek Zieliński",
        body="""<p>Zarządzeniem Nr 598/2021 Prezydenta Miasta Krakowa z dnia 4 marca 2021 r. rozstrzygnięto otwarty konkurs ofert na realizację zadań publicznych z zakresu działalności na rzecz osób w wieku emerytalnym w 2021 roku.
<p>Wykaz ofert, którym przyznano dotacje, wraz z nazwami organizacji, tytułami zadań i wysokością dotacji stanowi załącznik do niniejszego ogłoszenia.""",
        att=[303500],
    ),
    113460: dict(
        title="Wyniki otwartego konkursu ofert na realizację zadań z zakresu przeciwdziałania bezdomności w latach 2021–2023",
        type="competition_results", pub="2021-01-15", made="2021-01-14", unit=WPS, person="Ewa Wiśniewska",
        body="""<p>Prezydent Miasta Krakowa informuje, że w wyniku rozstrzygnięcia otwartego konkursu ofert na realizację zadań publicznych z zakresu pomocy społecznej – przeciwdziałanie bezdomności w latach 2021–2023 – przyznano następujące dotacje:
""" + bezdomnosc_table() + """
<p>Oferty, które nie zostały wymienione w wykazie, nie uzyskały dotacji z powodu niewystarczającej liczby punktów.</p>""",
        att=[303460],
    ),
    110020: dict(
        title="Uchwała Nr XLV/1234/20 Rady Miasta Krakowa w sprawie przyjęcia Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi na rok 2021",
        type="cooperation_programme", pub="2020-11-27", made="2020-11-25", unit="Rada Miasta Krakowa", person="Biuro Rady Miasta Krakowa",
        body="""<p>Na podstawie art. 18 ust. 2 pkt 15 ustawy z dnia 8 marca 1990 r. o samorządzie gminnym oraz art. 5a ust. 1 ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie Rada Miasta Krakowa uchwala, co następuje:
<p>§ 1. Przyjmuje się Program Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi oraz podmiotami, o których mowa w art. 3 ust. 3 ustawy, na rok 2021, stanowiący załącznik do uchwały.
<p>§ 2. Wykonanie uchwały powierza się Prezydentowi Miasta Krakowa.
<p>§ 3. Uchwała wchodzi w życie z dniem 1 stycznia 2021 r.""",
        att=[306100],
    ),
    110540: dict(
        title="Zarządzenie Nr 812/2021 Prezydenta Miasta Krakowa z dnia 29 marca 2021 r. w sprawie określenia zasad tworzenia i działania Komisji Dialogu Obywatelskiego",
        type="order", pub="2021-03-29", made="2021-03-29", unit=KPO, person="Kancelaria ds. Organizacji Pozarządowych",
        body="""<p>Na podstawie art. 33 ust. 3 ustawy o samorządzie gminnym oraz Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi zarządza się, co następuje:
<p>§ 1. Określa się zasady tworzenia i działania Komisji Dialogu Obywatelskiego (KDO), stanowiące załącznik do zarządzenia.
<p>§ 2. Traci moc zarządzenie Nr 1760/2017.
<p>§ 3. Zarządzenie wchodzi w życie z dniem podpisania.""",
        att=[304100],
    ),
    115800: dict(
        title="Raport z konsultacji projektu Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi na rok 2022",
        type="consultation_report", pub="2021-10-15", made="2021-10-14", unit=KPO, person="Katarzyna Lewandowska",
        body="""<p>Konsultacje projektu programu prowadzono w dniach 6–27 września 2021 r. w formie elektronicznej oraz podczas otwartego spotkania w Centrum Obywatelskim przy ul. Reymonta 20.
<p>Zgłoszono 46 uwag od 19 organizacji pozarządowych i Krakowskiej Rady Działalności Pożytku Publicznego. Uwzględniono 21 uwag, 9 częściowo, 16 nie uwzględniono. Szczegółowe zestawienie uwag z uzasadnieniem stanowi załącznik.""",
        att=[304800],
    ),
    109300: dict(
        title="Regulamin korzystania z Centrum Obywatelskiego przy ul. Reymonta 20",
        type="rules", pub="2019-12-18", made="2019-12-16", unit=KPO, person="Kancelaria ds. Organizacji Pozarządowych",
        body="""<p>Centrum Obywatelskie udostępnia organizacjom pozarządowym, grupom nieformalnym i radom dzielnic sale szkoleniowe, salę konferencyjną oraz stanowiska pracy biurowej. Korzystanie z Centrum jest bezpłatne.
<p>Regulamin określa zasady rezerwacji, godziny otwarcia, obowiązki użytkowników oraz przypadki odmowy udostępnienia sali.""",
        att=[305400],
    ),
    116200: dict(
        title="Wyniki otwartego konkursu ofert w dziedzinie kultury, sztuki, ochrony dóbr kultury i dziedzictwa narodowego w 2022 roku",
        type="competition_results", pub="2022-03-10", made="2022-03-09", unit=WK, person="Piotr Wójcik",
        body="""<p>Prezydent Miasta Krakowa ogłasza wyniki otwartego konkursu ofert w dziedzinie kultury na 2022 rok. Na realizację zadań przeznaczono 1,5 mln zł; maksymalna kwota pojedynczej dotacji wynosiła 150 tys. zł.
<p>Wykaz dotacji w formacie arkusza kalkulacyjnego stanowi załącznik.""",
        att=[305200],
    ),
    116250: dict(
        title="Zestawienie dotacji przyznanych w trybie art. 19a ustawy (małe granty) w 2022 roku",
        type="competition_results", pub="2022-12-20", made="2022-12-19", unit=KPO, person="Kancelaria ds. Organizacji Pozarządowych",
        body="""<p>Zgodnie z art. 19a ustawy o działalności pożytku publicznego i o wolontariacie publikujemy zestawienie dotacji przyznanych w trybie pozakonkursowym w 2022 roku. Dotacja w tym trybie nie może przekroczyć 10 000 zł, a zadanie musi być zrealizowane w okresie nie dłuższym niż 90 dni.""",
        att=[305300],
    ),
    116300: dict(
        title="Wyniki otwartego konkursu ofert w zakresie wspierania i upowszechniania kultury fizycznej w 2022 roku",
        type="competition_results", pub="2022-02-28", made="2022-02-25", unit=WS, person="Tomasz Kamiński",
        body="""<p>Zarządzeniem Prezydenta Miasta Krakowa rozstrzygnięto otwarty konkurs ofert w zakresie wspierania i upowszechniania kultury fizycznej w 2022 roku, obejmujący dwa zadania: szkolenie sportowe dzieci i młodzieży oraz sport osób z niepełnosprawnościami.
<p>Wykaz przyznanych dotacji (dwa arkusze – po jednym dla każdego zadania) stanowi załącznik.""",
        att=[303501],
    ),
    117050: dict(
        title="Wyniki otwartego konkursu ofert w zakresie wspierania i upowszechniania kultury fizycznej w 2021 roku",
        type="competition_results", pub="2021-02-26", made="2021-02-26", unit=WS, person="Tomasz Kamiński",
        body="""<p>Publikujemy wyniki otwartego konkursu ofert w zakresie kultury fizycznej w 2021 roku. Wykaz dotacji w załączniku.""",
        att=[306200],
    ),
}

# Old pages kept in legacy character sets (sources in charset/*.utf8.html).
CHARSET_DOCS = {
    90110: dict(src="charset/90110.utf8.html", enc="WINDOWS-1250", header="text/html; charset=windows-1250",
                title="Ogłoszenie o naborze członków Komisji Dialogu Obywatelskiego ds. Kultury (2012)"),
    90111: dict(src="charset/90111.utf8.html", enc="WINDOWS-1250", header="text/html",
                title="Sprawozdanie z realizacji Programu Współpracy za rok 2011"),
    90112: dict(src="charset/90112.utf8.html", enc="WINDOWS-1250", header="text/html",
                title="Informacja o małych grantach w roku 2013"),
    90113: dict(src="charset/90113.utf8.html", enc="ISO-8859-2", header="text/html",
                title="Zasady przyznawania dotacji na zadania z zakresu ochrony zdrowia (2010)"),
}
