#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Writes the flat-ODF sources of the sample site's documents to
testdata/src/docs/<attachment id>.fodt|fods. make-docs.sh converts them.

Run: python3 testdata/src/make-docs.py
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import grants as g  # noqa: E402
from odf import Sheet, Text, spreadsheet  # noqa: E402

OUT = os.path.join(HERE, "docs")

NBSP, NNBSP = "\u00a0", "\u202f"


def save(name, xml):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(xml)


# ------------------------------------------------------------ (a) report 2019

def report_2019():
    d = Text("Sprawozdanie z realizacji Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi za rok 2019",
             "2020-05-27", header="Sprawozdanie z realizacji Programu Współpracy za rok 2019",
             footer="Urząd Miasta Krakowa, Wydział Polityki Społecznej i Zdrowia")
    d.title_page("Sprawozdanie z realizacji Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi za rok 2019",
                 "oraz podmiotami, o których mowa w art. 3 ust. 3 ustawy o działalności pożytku publicznego i o wolontariacie",
                 "Kraków, maj 2020 r.")
    d.h1("1. Wprowadzenie", page_break=True)
    d.p("Przedsięwzięcia z zakresu spraw społecznych, inicjatywy skierowane do seniorów i młodzieży, nieodpłatna pomoc prawna czy mieszkania chronione dla osób w kryzysie bezdomności, inicjatywy z zakresu wielokulturowości, kulturalne i sportowe – to tylko wybrane przykłady pokazujące zakres współpracy miasta z organizacjami pozarządowymi w 2019 roku.",
        "Dzięki współpracy z organizacjami pozarządowymi zadania miasta z różnych obszarów mogą być realizowane z wykorzystaniem dodatkowego potencjału. Współpraca ta umacnia partycypację społeczną – co ważne zwłaszcza w rozwiązywaniu lokalnych problemów – i jest jednym z elementów długofalowej Strategii Rozwoju Krakowa w zakresie celów związanych z rozwojem społeczeństwa obywatelskiego.",
        "Niniejsze sprawozdanie przedstawia realizację Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi na rok 2019, przyjętego uchwałą Rady Miasta Krakowa, w ramach Wieloletniego Programu Współpracy Gminy Miejskiej Kraków z Organizacjami Pozarządowymi na lata 2019–2022. Sprawozdanie przedkłada się Radzie Miasta Krakowa i publikuje w Biuletynie Informacji Publicznej do dnia 31 maja roku następnego.",
        "Kraków współpracuje z organizacjami pozarządowymi zarówno na zasadzie współpracy finansowej, jak też korzystając z różnych form pozafinansowych, takich jak między innymi: informowanie, prowadzenie konsultacji, tworzenie wspólnych zespołów doradczych, wspieranie międzysektorowej współpracy i III sektora w profesjonalizowaniu się oraz w działaniach promocyjnych, a także wzmacnianie potencjału sektora pozarządowego.")
    d.h2("1.1. Podstawa prawna")
    d.p("Obowiązek sporządzenia sprawozdania wynika z art. 5a ust. 3 ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie. Zakres sprawozdania określa Program Współpracy, a dane pochodzą z informacji przekazanych przez wydziały Urzędu Miasta Krakowa oraz miejskie jednostki organizacyjne, w tym Miejski Ośrodek Pomocy Społecznej w Krakowie.")

    d.h1("2. Współpraca finansowa", page_break=True)
    d.p("W 2019 roku Gmina Miejska Kraków zlecała organizacjom pozarządowym realizację zadań publicznych przede wszystkim w trybie otwartych konkursów ofert. Ogłoszono 98 konkursów, w których złożono 1 612 ofert. Zawarto 1 187 umów, w tym umowy wieloletnie dotyczące prowadzenia placówek pomocy społecznej.",
        "Ponadto w trybie pozakonkursowym, tzw. małych grantów (art. 19a ustawy), zawarto 176 umów na łączną kwotę 1,5 mln zł. Pojedyncza dotacja w tym trybie nie przekraczała 10 000 zł, a zadanie trwało nie dłużej niż 90 dni.")
    d.h2("2.1. Środki przekazane organizacjom według obszarów")
    d.p("Poniższa tabela przedstawia kwoty dotacji przekazanych organizacjom pozarządowym w 2019 roku w podziale na obszary zadań publicznych. Kwoty obejmują dotacje udzielone w trybie konkursowym i pozakonkursowym.")
    areas = [
        ("Pomoc społeczna, w tym pomoc rodzinom i osobom w trudnej sytuacji życiowej", "312", 4125030000),
        ("Ochrona i promocja zdrowia", "87", 612440000),
        ("Przeciwdziałanie uzależnieniom i patologiom społecznym", "104", 798215000),
        ("Działalność na rzecz osób w wieku emerytalnym", "64", 289300000),
        ("Działalność na rzecz osób niepełnosprawnych", "93", 704560000),
        ("Kultura, sztuka, ochrona dóbr kultury i dziedzictwa narodowego", "211", 1047800000),
        ("Wspieranie i upowszechnianie kultury fizycznej", "226", 1566325000),
        ("Nauka, szkolnictwo wyższe, edukacja, oświata i wychowanie", "58", 367120000),
        ("Działalność na rzecz integracji cudzoziemców i przeciwdziałania dyskryminacji", "21", 98450000),
        ("Nieodpłatna pomoc prawna i edukacja prawna", "7", 203780000),
        ("Turystyka i krajoznawstwo", "19", 54600000),
    ]
    total = sum(a for _, _, a in areas)
    rows = [[name, n, g.polish(a, NBSP)] for name, n, a in areas]
    rows.append(["Razem", str(sum(int(n) for _, n, _ in areas)), g.polish(total, NBSP)])
    d.table([9.5, 2.5, 5.0], ["Obszar zadań publicznych", "Liczba umów", "Kwota dotacji (zł)"], rows, right=(1, 2), bold_last=True)
    d.p(f"Łącznie na realizację zadań publicznych przez organizacje pozarządowe przekazano w 2019 roku {g.polish(total)}, tj. o 6,2% więcej niż w roku poprzednim. Najwięcej środków – ponad 41 mln zł – przeznaczono na zadania z zakresu pomocy społecznej, w tym na prowadzenie noclegowni, ogrzewalni i mieszkań chronionych dla osób w kryzysie bezdomności.")
    d.h2("2.2. Kontrola realizacji zadań")
    d.p("W 2019 roku przeprowadzono 143 kontrole realizacji zadań publicznych, w tym 38 kontroli w siedzibach organizacji. W 11 przypadkach stwierdzono nieprawidłowości, które skutkowały wezwaniem do zwrotu części dotacji wraz z odsetkami.")

    d.h1("3. Współpraca pozafinansowa", page_break=True)
    d.h2("3.1. Informowanie i konsultacje")
    d.p("Informacje dla organizacji publikowano na bieżąco w serwisie ngo.krakow.pl, w Biuletynie Informacji Publicznej oraz w cotygodniowym newsletterze. W 2019 roku przeprowadzono 24 konsultacje projektów aktów prawa miejscowego w dziedzinach dotyczących działalności statutowej organizacji.")
    d.h2("3.2. Komisje Dialogu Obywatelskiego")
    d.p("Organizacje pozarządowe angażowane są też w decyzje i działania mające wpływ na kierunki rozwoju miasta – dla przykładu można przypomnieć, że Komisje Dialogu Obywatelskiego zrzeszają przedstawicieli aż 114 NGO, a organizacje pozarządowe współpracują także z Miejskim Centrum Dialogu czy zgłaszają pomysły w ramach Inicjatywy Lokalnej.",
        "W 2019 roku działało 16 Komisji Dialogu Obywatelskiego, m.in. ds. Przeciwdziałania Bezdomności, ds. Osób z Niepełnosprawnościami, ds. Kultury, ds. Sportu oraz ds. Seniorów. Komisje odbyły łącznie 142 posiedzenia.")
    d.h2("3.3. Krakowska Rada Działalności Pożytku Publicznego")
    d.p("Krakowska Rada Działalności Pożytku Publicznego odbyła 11 posiedzeń i wydała 37 opinii, w tym opinię o projekcie Programu Współpracy na rok 2020 oraz o projektach uchwał dotyczących budżetu obywatelskiego.")
    d.h2("3.4. Centrum Obywatelskie")
    d.p("Wiele inicjatyw realizowanych we współpracy z organizacjami pozarządowymi ma charakter długoterminowy lub cykliczny i odbywa się w oparciu o Wieloletni Program Współpracy Gminy Miejskiej Kraków z Organizacjami Pozarządowymi na lata 2019-2022. Można tu wymienić funkcjonowanie Centrum Obywatelskiego mieszczącego się przy ul. Reymonta 20, Centrów Aktywności Seniora czy udzielane mieszkańcom wsparcie w postaci usług opiekuńczych.",
        "Z sal Centrum Obywatelskiego skorzystało w 2019 roku 312 organizacji i grup nieformalnych; odbyło się tam 1 046 spotkań, szkoleń i warsztatów.")

    d.h1("4. Wybrane przedsięwzięcia zrealizowane we współpracy z organizacjami", page_break=True)
    d.p("W ubiegłym roku we współpracy z organizacjami pozarządowymi miasto zrealizowało wiele zadań. Wśród nich były między innymi przedsięwzięcia z zakresu polityki społecznej i zdrowia, a także inicjatywy z zakresu wielokulturowości i przeciwdziałania dyskryminacji.")
    d.h2("4.1. Integracja osób z niepełnosprawnościami")
    d.p("Można tu wymienić na przykład projekty skoncentrowane na integracji osób z niepełnosprawnościami, takie jak konferencje, kongresy, turnieje, szkolenia, półkolonie oraz organizowany cyklicznie Tydzień Osób Niepełnosprawnych „Kocham Kraków z wzajemnością”.")
    d.h2("4.2. Równość i przeciwdziałanie dyskryminacji")
    d.p("Tramwaj Praw Człowieka jeździł po Krakowie 10 grudnia jako mobilny punkt zachęcający do rozmowy o otwartości, równości i przeciwdziałaniu dyskryminacji. W ramach programu „Otwarty Kraków” organizacje prowadziły też warsztaty międzykulturowe w szkołach.")
    d.h2("4.3. Bezdomność i nieodpłatna pomoc prawna")
    d.p("Organizacje prowadziły noclegownie, ogrzewalnie, łaźnię i mieszkania chronione dla osób w kryzysie bezdomności, a także punkty nieodpłatnej pomocy prawnej i nieodpłatnego poradnictwa obywatelskiego, w których udzielono ponad 9 tysięcy porad.")
    d.h2("4.4. Seniorzy")
    d.p("Centra Aktywności Seniora prowadzone przez organizacje pozarządowe oferowały zajęcia ruchowe, edukacyjne i kulturalne. Z oferty skorzystało ponad 6 tysięcy osób w wieku emerytalnym.")

    d.h1("5. Podsumowanie i wnioski", page_break=True)
    d.p("Rok 2019 był pierwszym rokiem realizacji Wieloletniego Programu Współpracy na lata 2019–2022. Zwiększyła się liczba umów wieloletnich, co daje organizacjom stabilność finansową, a miastu – ciągłość usług dla mieszkańców.",
        "Na kolejne lata rekomenduje się dalsze upraszczanie procedur konkursowych, rozwój małych grantów oraz wzmacnianie potencjału organizacji działających w dzielnicach. Sprawozdanie z realizacji Programu Współpracy Gminy Miejskiej Kraków na rok 2019 z organizacjami pozarządowymi publikuje się w Biuletynie Informacji Publicznej, a aktualne informacje w tym zakresie na bieżąco można śledzić na stronie internetowej ngo.krakow.pl.")
    save("301200.fodt", d.xml())


# ------------------------------------------------------------ (b) results PDF

def results_seniorzy():
    d = Text("Wyniki otwartego konkursu ofert – działalność na rzecz osób w wieku emerytalnym 2021", "2021-03-04",
             header="Załącznik do Zarządzenia Nr 598/2021 Prezydenta Miasta Krakowa z dnia 4 marca 2021 r.",
             footer="Wydział Polityki Społecznej i Zdrowia")
    d.h1("Wykaz ofert, którym przyznano dotacje w otwartym konkursie ofert na realizację zadań publicznych z zakresu działalności na rzecz osób w wieku emerytalnym w 2021 roku")
    d.p(f"W otwartym konkursie ofert ogłoszonym Zarządzeniem Nr 95/2021 Prezydenta Miasta Krakowa z dnia 11 stycznia 2021 r., w którym łączna kwota środków wynosiła {g.polish(g.SENIORZY_2021_POOL)}, złożono 41 ofert. Komisja konkursowa zaopiniowała pozytywnie 26 ofert. Dotacje przyznaje się następującym organizacjom:")
    rows = []
    seps = [" ", NBSP, NNBSP]
    for i, (org, krs, task, amount) in enumerate(g.SENIORZY_2021, 1):
        rows.append([f"{i}.", org, krs or "–", task, g.polish(amount, seps[i % 3]).replace(" zł", NBSP + "zł")])
    total = sum(a for *_, a in g.SENIORZY_2021)
    rows.append(["", "Razem", "", "", g.polish(total, NBSP)])
    d.table([1.0, 4.6, 2.3, 6.0, 3.1], ["Lp.", "Nazwa organizacji", "KRS", "Tytuł zadania", "Kwota dotacji"], rows, right=(4,), bold_last=True)
    d.p("Od rozstrzygnięcia konkursu nie przysługuje odwołanie. Umowy zostaną zawarte niezwłocznie po ogłoszeniu wyników, po złożeniu przez oferentów zaktualizowanych kosztorysów.")
    d.p("Kraków, dnia 4 marca 2021 r.")
    save("303500.fodt", d.xml())


# ------------------------------------------------------------ (c) XLSX, two sheets

def results_sport_2022():
    sheets = []
    for name, rows in g.SPORT_2022.items():
        data = [["**Wyniki otwartego konkursu ofert – kultura fizyczna 2022 – zadanie: " + name.lower()], [],
                ["**Lp.", "**Nazwa organizacji", "**Nr KRS", "**Nazwa zadania", "**Przyznana kwota"]]
        for i, (org, krs, task, amount) in enumerate(rows, 1):
            data.append([str(i), org, krs, task, amount / 100])
        first, last = 4, 3 + len(rows)
        data.append(["", "**Razem", "", "", (f"SUM([.E{first}:.E{last}])", sum(a for *_, a in rows) / 100)])
        sheets.append(Sheet(name, [1.2, 7.5, 3.0, 9.0, 3.5], data))
    save("303501.fods", spreadsheet("Wyniki konkursu – kultura fizyczna 2022", "2022-02-25", sheets))


# ------------------------------------------------------------ (d) XLS, ODS

def results_kultura_2022():
    data = [["**Wyniki otwartego konkursu ofert w dziedzinie kultury, sztuki, ochrony dóbr kultury i dziedzictwa narodowego – 2022"],
            ["Środki przeznaczone na konkurs: 1,5 mln zł; maksymalna dotacja: 150 tys. zł"], [],
            ["**Lp.", "**Oferent", "**KRS", "**Tytuł zadania", "**Dotacja (zł)"]]
    for i, (org, krs, task, amount) in enumerate(g.KULTURA_2022, 1):
        data.append([str(i), org, krs, task, g.polish(amount, " ", zl=False)])
    data.append(["", "**Razem", "", "", g.polish(sum(a for *_, a in g.KULTURA_2022), " ", zl=False)])
    save("305200.fods", spreadsheet("Wyniki konkursu kultura 2022", "2022-03-09", [Sheet("Wyniki", [1.2, 7.5, 3.0, 9.0, 3.0], data)]))


def male_granty_2022():
    data = [["**Zestawienie dotacji przyznanych w trybie art. 19a ustawy o działalności pożytku publicznego i o wolontariacie w 2022 r."], [],
            ["**Lp.", "**Organizacja", "**KRS", "**Zadanie", "**Kwota"]]
    for i, (org, krs, task, amount) in enumerate(g.MALE_GRANTY_2022, 1):
        data.append([str(i), org, krs or "brak", task, g.polish(amount, NNBSP).replace(" zł", NBSP + "zł")])
    save("305300.fods", spreadsheet("Małe granty 2022", "2022-12-19", [Sheet("Małe granty 2022", [1.2, 7.5, 3.0, 9.0, 3.0], data)]))


def announcement_docx():
    d = Text("Ogłoszenie otwartego konkursu ofert – osoby w wieku emerytalnym 2021", "2021-01-11",
             header="Załącznik do Zarządzenia Nr 95/2021 Prezydenta Miasta Krakowa z dnia 11 stycznia 2021 r.",
             footer="Urząd Miasta Krakowa – Wydział Polityki Społecznej i Zdrowia, al. Powstania Warszawskiego 10, 31-549 Kraków")
    d.h1("Ogłoszenie otwartego konkursu ofert na realizację zadań publicznych z zakresu działalności na rzecz osób w wieku emerytalnym w 2021 roku")
    d.p("Na podstawie art. 11 ust. 2 i art. 13 ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie[^Dz. U. z 2020 r. poz. 1057, z późn. zm.^] Prezydent Miasta Krakowa ogłasza otwarty konkurs ofert na realizację zadań publicznych z zakresu działalności na rzecz osób w wieku emerytalnym.")
    d.h2("I. Rodzaj zadań")
    d.bullets("prowadzenie Centrów Aktywności Seniora w dzielnicach Krakowa,",
              "organizacja zajęć ruchowych, edukacyjnych i kulturalnych dla seniorów,",
              "przeciwdziałanie samotności i wykluczeniu cyfrowemu osób starszych.")
    d.h2("II. Wysokość środków publicznych")
    d.p("**Łączna kwota środków przeznaczonych na realizację zadań wynosi 500 000,00 zł.** W 2020 roku na realizację zadań tego samego rodzaju przekazano organizacjom 480 000,00 zł, a w 2019 roku 450 000,00 zł.")
    d.h2("III. Zasady przyznawania dotacji")
    d.p("Dotacje przyznaje Prezydent Miasta Krakowa po zapoznaniu się z opinią komisji konkursowej. Wysokość przyznanej dotacji może być niższa niż wnioskowana w ofercie. Wymagany jest wkład własny osobowy lub rzeczowy w wysokości co najmniej 5% wartości zadania.")
    d.h2("IV. Termin i warunki realizacji zadań")
    d.p("Zadania należy zrealizować w okresie od 1 marca do 31 grudnia 2021 r., z zachowaniem zasad bezpieczeństwa sanitarnego obowiązujących w czasie epidemii.")
    d.h2("V. Termin składania ofert")
    d.p("Oferty należy składać w generatorze ofert Witkac do dnia 3 lutego 2021 r. do godz. 15:30.")
    d.h2("VI. Kryteria oceny ofert")
    d.table([1.0, 11.0, 3.5], ["Lp.", "Kryterium", "Punkty"],
            [["1.", "Możliwość realizacji zadania przez oferenta", "0–10"],
             ["2.", "Kalkulacja kosztów realizacji zadania", "0–10"],
             ["3.", "Jakość wykonania zadania i kwalifikacje osób", "0–15"],
             ["4.", "Udział środków własnych i pracy wolontariuszy", "0–5"]], right=(2,))
    save("302410.fodt", d.xml())


def consultation_odt():
    d = Text("Raport z konsultacji projektu Programu Współpracy na rok 2022", "2021-10-14",
             footer="Kancelaria ds. Organizacji Pozarządowych")
    d.h1("Raport z konsultacji projektu Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi na rok 2022")
    d.p("Konsultacje prowadzono w dniach 6–27 września 2021 r. Uwagi zgłaszano za pomocą formularza elektronicznego oraz podczas otwartego spotkania w Centrum Obywatelskim przy ul. Reymonta 20, w którym uczestniczyło 34 przedstawicieli organizacji.",
        "Zgłoszono 46 uwag od 19 organizacji pozarządowych oraz Krakowskiej Rady Działalności Pożytku Publicznego. Uwzględniono 21 uwag, 9 uwzględniono częściowo, 16 nie uwzględniono.")
    d.h2("Zestawienie wybranych uwag")
    d.table([1.0, 4.0, 6.5, 5.0], ["Lp.", "Zgłaszający", "Treść uwagi", "Stanowisko"], [
        ["1.", "Krakowska Rada Działalności Pożytku Publicznego", "Wprowadzenie jednolitego terminu ogłaszania konkursów na zadania realizowane od 1 stycznia", "Uwzględniono"],
        ["2.", "Fundacja „Sąsiedzka Pomoc”", "Zwiększenie limitu małych grantów do 15 000 zł", "Nie uwzględniono – limit wynika z ustawy"],
        ["3.", "Komisja Dialogu Obywatelskiego ds. Seniorów", "Dodanie priorytetu: przeciwdziałanie wykluczeniu cyfrowemu seniorów", "Uwzględniono"],
        ["4.", "Stowarzyszenie \"Kino w Dzielnicy\"", "Umożliwienie rozliczania wkładu własnego pracą wolontariuszy we wszystkich konkursach", "Uwzględniono częściowo"],
    ])
    d.p("Raport publikuje się w Biuletynie Informacji Publicznej oraz w serwisie ngo.krakow.pl.")
    save("304800.fodt", d.xml())


def order_doc():
    d = Text("Zarządzenie Nr 812/2021 Prezydenta Miasta Krakowa", "2021-03-29")
    d.h1("Zarządzenie Nr 812/2021 Prezydenta Miasta Krakowa z dnia 29 marca 2021 r.")
    d.p("**w sprawie określenia zasad tworzenia i działania Komisji Dialogu Obywatelskiego**")
    d.p("Na podstawie art. 33 ust. 3 ustawy z dnia 8 marca 1990 r. o samorządzie gminnym oraz Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi zarządza się, co następuje:",
        "§ 1. Komisje Dialogu Obywatelskiego, zwane dalej KDO, są wspólnymi zespołami o charakterze doradczym i inicjatywnym, złożonymi z przedstawicieli organizacji pozarządowych i komórek organizacyjnych Urzędu Miasta Krakowa.",
        "§ 2. KDO tworzy się z inicjatywy co najmniej trzech organizacji pozarządowych działających w danej sferze pożytku publicznego albo z inicjatywy dyrektora wydziału.",
        "§ 3. Do zadań KDO należy w szczególności: opiniowanie projektów dokumentów, udział w przygotowaniu konkursów ofert oraz wskazywanie przedstawicieli do komisji konkursowych.",
        "§ 4. Traci moc Zarządzenie Nr 1760/2017 Prezydenta Miasta Krakowa.",
        "§ 5. Zarządzenie wchodzi w życie z dniem podpisania.")
    save("304100.fodt", d.xml())


def rules_rtf():
    d = Text("Regulamin korzystania z Centrum Obywatelskiego", "2019-12-16")
    d.h1("Regulamin korzystania z Centrum Obywatelskiego przy ul. Reymonta 20 w Krakowie")
    d.p("§ 1. Centrum Obywatelskie, zwane dalej Centrum, udostępnia nieodpłatnie sale szkoleniowe, salę konferencyjną i stanowiska pracy organizacjom pozarządowym, grupom nieformalnym i radom dzielnic.",
        "§ 2. Centrum jest czynne od poniedziałku do piątku w godzinach 8:00–20:00, a w soboty w godzinach 9:00–15:00.",
        "§ 3. Rezerwacji sali dokonuje się telefonicznie, mailowo lub osobiście, nie później niż na 3 dni robocze przed planowanym terminem.",
        "§ 4. Użytkownik odpowiada za wyposażenie sali i pozostawia ją w stanie niepogorszonym. Zabrania się prowadzenia w Centrum działalności gospodarczej i agitacji wyborczej.",
        "§ 5. Kancelaria ds. Organizacji Pozarządowych może odmówić udostępnienia sali, jeśli planowane wydarzenie narusza przepisy prawa lub niniejszy regulamin.")
    save("305400.fodt", d.xml())


# ------------------------------------------------------------ (e) locked PDF

def programme_2021():
    d = Text("Program Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi na rok 2021", "2020-11-25",
             header="Załącznik do Uchwały Nr XLV/1234/20 Rady Miasta Krakowa", footer="Program Współpracy na rok 2021")
    d.h1("Program Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi oraz podmiotami, o których mowa w art. 3 ust. 3 ustawy o działalności pożytku publicznego i o wolontariacie, na rok 2021")
    d.h2("Rozdział 1. Postanowienia ogólne")
    d.p("§ 1. Program określa cele, zasady, przedmiot i formy współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi, priorytetowe zadania publiczne, okres i sposób realizacji programu oraz wysokość środków planowanych na jego realizację.")
    d.h2("Rozdział 2. Cel główny i cele szczegółowe")
    d.p("§ 2. Celem głównym programu jest budowanie partnerstwa między administracją samorządową a organizacjami pozarządowymi, służącego rozpoznawaniu i zaspokajaniu potrzeb mieszkańców Krakowa.",
        "§ 3. Celami szczegółowymi są: wzmacnianie potencjału organizacji, zwiększanie udziału mieszkańców w rozwiązywaniu lokalnych problemów, poprawa jakości usług publicznych oraz rozwój wolontariatu.")
    d.h2("Rozdział 3. Zasady i formy współpracy")
    d.p("§ 4. Współpraca opiera się na zasadach pomocniczości, suwerenności stron, partnerstwa, efektywności, uczciwej konkurencji i jawności.",
        "§ 5. Współpraca finansowa obejmuje zlecanie zadań publicznych w trybie otwartych konkursów ofert, w trybie art. 19a ustawy oraz w ramach inicjatywy lokalnej. Współpraca pozafinansowa obejmuje w szczególności konsultacje, działalność Komisji Dialogu Obywatelskiego, Krakowskiej Rady Działalności Pożytku Publicznego i Centrum Obywatelskiego.")
    d.h2("Rozdział 4. Priorytetowe zadania publiczne", )
    d.bullets("pomoc społeczna, w tym przeciwdziałanie bezdomności i usługi opiekuńcze,",
              "działalność na rzecz osób w wieku emerytalnym, w tym Centra Aktywności Seniora,",
              "ochrona i promocja zdrowia, w tym przeciwdziałanie skutkom epidemii COVID-19,",
              "kultura, sztuka, ochrona dóbr kultury i dziedzictwa narodowego,",
              "wspieranie i upowszechnianie kultury fizycznej,",
              "przeciwdziałanie dyskryminacji i integracja cudzoziemców.")
    d.h2("Rozdział 5. Wysokość środków")
    d.p("§ 6. Na realizację programu planuje się przeznaczyć kwotę nie mniejszą niż 110 mln zł, w tym 1,5 mln zł na małe granty i 150 tys. zł na inicjatywy lokalne realizowane wspólnie z mieszkańcami.",
        "§ 7. Ostateczną wysokość środków określa uchwała budżetowa Miasta Krakowa na rok 2021.")
    d.h2("Rozdział 6. Sposób oceny realizacji programu")
    d.p("§ 8. Miernikami realizacji programu są w szczególności: liczba ogłoszonych konkursów, liczba zawartych umów, wysokość przekazanych środków, liczba konsultacji oraz liczba organizacji korzystających z Centrum Obywatelskiego.",
        "§ 9. Sprawozdanie z realizacji programu Prezydent Miasta Krakowa przedkłada Radzie Miasta Krakowa do dnia 31 maja 2022 r.")
    save("306100.fodt", d.xml())


# ------------------------------------------------------------ more PDFs, no grants

def report_2018():
    d = Text("Sprawozdanie z realizacji Programu Współpracy za rok 2018", "2019-05-20",
             footer="Urząd Miasta Krakowa")
    d.h1("Sprawozdanie z realizacji Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi za rok 2018")
    d.p("Rok 2018 był ostatnim rokiem obowiązywania Wieloletniego Programu Współpracy na lata 2015–2018. Ogłoszono 96 otwartych konkursów ofert i zawarto 1 104 umowy. Na realizację zadań publicznych przekazano organizacjom łącznie 98,7 mln zł.",
        "W trybie małych grantów zawarto 158 umów. Działało 15 Komisji Dialogu Obywatelskiego. Krakowska Rada Działalności Pożytku Publicznego wydała 33 opinie.")
    d.h1("Współpraca pozafinansowa", page_break=True)
    d.p("Centrum Obywatelskie przy ul. Reymonta 20 udostępniło sale na 980 spotkań. Przeprowadzono 21 konsultacji aktów prawa miejscowego. Podczas Krakowskiego Forum Organizacji Pozarządowych wybrano przedstawicieli organizacji do Krakowskiej Rady Działalności Pożytku Publicznego.")
    save("300950.fodt", d.xml())


def protocol_bezdomnosc():
    d = Text("Protokół z posiedzenia komisji konkursowej", "2021-01-12", footer="Wydział Polityki Społecznej i Zdrowia")
    d.h1("Protokół z posiedzenia komisji konkursowej opiniującej oferty złożone w otwartym konkursie ofert z zakresu przeciwdziałania bezdomności w latach 2021–2023")
    d.p("Posiedzenie odbyło się 12 stycznia 2021 r. w formie zdalnej. W pracach komisji uczestniczyło pięć osób, w tym dwie osoby wskazane przez Komisję Dialogu Obywatelskiego ds. Przeciwdziałania Bezdomności.",
        "Złożono 9 ofert na łączną wnioskowaną kwotę 2 345 678,00 zł. Dwie oferty odrzucono ze względów formalnych. Środki przeznaczone na konkurs: 2 100 000,00 zł.",
        "Komisja zaopiniowała pozytywnie 6 ofert i zarekomendowała Prezydentowi Miasta Krakowa przyznanie dotacji zgodnie z wykazem opublikowanym w Biuletynie Informacji Publicznej.")
    d.table([1.0, 8.0, 7.0], ["Lp.", "Imię i nazwisko", "Funkcja w komisji"],
            [["1.", "Ewa Wiśniewska", "Przewodnicząca – Wydział Polityki Społecznej i Zdrowia"],
             ["2.", "Jan Kowalczyk", "Członek – Miejski Ośrodek Pomocy Społecznej"],
             ["3.", "Anna Zając", "Członkini – Wydział Polityki Społecznej i Zdrowia"],
             ["4.", "Paweł Mazur", "Członek – przedstawiciel organizacji pozarządowych"],
             ["5.", "Maria Król", "Członkini – przedstawicielka organizacji pozarządowych"]])
    save("303460.fodt", d.xml())


# ------------------------------------------------------------ (f) corrupt PDF

def results_sport_2021():
    d = Text("Wyniki konkursu – kultura fizyczna 2021", "2021-02-26", footer="Wydział Sportu")
    d.h1("Wykaz dotacji – wspieranie i upowszechnianie kultury fizycznej w 2021 roku")
    rows = [[f"{i}.", f"Klub Sportowy nr {i}", f"00004{i:05d}", "Szkolenie sportowe dzieci i młodzieży", g.polish(1000000 + i * 25000)] for i in range(1, 40)]
    d.table([1.0, 4.6, 2.3, 6.0, 3.1], ["Lp.", "Nazwa organizacji", "KRS", "Tytuł zadania", "Kwota dotacji"], rows, right=(4,))
    save("306200.fodt", d.xml())


if __name__ == "__main__":
    report_2019()
    results_seniorzy()
    results_sport_2022()
    results_kultura_2022()
    male_granty_2022()
    announcement_docx()
    consultation_odt()
    order_doc()
    rules_rtf()
    programme_2021()
    results_sport_2021()
    report_2018()
    protocol_bezdomnosc()
