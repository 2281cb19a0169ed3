# -*- coding: utf-8 -*-
"""The grants named in the sample site's competition results.

One list per source document; make-site.py renders the HTML table,
make-docs.py the PDF/XLSX/XLS/ODS files, and make-truth.py writes
testdata/grants-truth.csv from these lists (with the PDF page of each row
taken from the generated PDF). Amounts are in grosze.

Organisation and KRS numbers are invented; the same organisation appears
under two spellings with one KRS ("Stowarzyszenie „Aktywni Seniorzy”" and
"Stowarzyszenie AKTYWNI SENIORZY").
"""

BIP = "https://www.bip.krakow.pl"

# (organisation, KRS or "", task, amount in grosze)
SENIORZY_2021 = [
    ("Stowarzyszenie „Aktywni Seniorzy”", "0000321456", "Prowadzenie Centrum Aktywności Seniora w Dzielnicy XVIII Nowa Huta wraz z organizacją zajęć ruchowych, edukacyjnych i kulturalnych", 4500000),
    ("Fundacja „Dom Pogodnej Jesieni”", "0000412378", "Klub Seniora „Pogodna Jesień” – spotkania integracyjne, warsztaty rękodzieła i wyjścia kulturalne dla mieszkańców Podgórza", 1250000),
    ('Fundacja "Cyfrowy Senior"', "0000587412", "Kurs obsługi smartfona, bankowości elektronicznej i bezpiecznego korzystania z internetu dla osób powyżej 60. roku życia", 1875000),
    ("Polski Związek Emerytów, Rencistów i Inwalidów Oddział Rejonowy Kraków-Krowodrza", "0000102934", "Aktywny senior – cykl zajęć gimnastyki usprawniającej, nordic walking i spotkań profilaktycznych", 980000),
    ("Stowarzyszenie Przyjaciół Osób Starszych „Most Pokoleń”", "0000498765", "Most Pokoleń – warsztaty międzypokoleniowe z udziałem seniorów i uczniów krakowskich szkół podstawowych", 2200000),
    ("Parafia Rzymskokatolicka pw. św. Józefa w Krakowie", "", "Seniorzy razem – cotygodniowe spotkania klubowe połączone z poczęstunkiem i wykładami o zdrowiu", 650000),
    ("Fundacja Zdrowego Starzenia się", "0000654321", "Profilaktyka upadków i chorób układu krążenia – badania przesiewowe, konsultacje i zajęcia ruchowe dla seniorów z Bieńczyc", 3100000),
    ("Towarzystwo Przyjaciół Dzielnicy Bronowice", "0000176543", "Bronowicki Uniwersytet Trzeciego Wieku – wykłady, lektoraty języków obcych i zajęcia plastyczne", 1560000),
    ("Fundacja „Sąsiedzka Pomoc”", "0000734512", "Sąsiedzka sieć wsparcia – wolontariusze pomagający osobom starszym w zakupach, wizytach lekarskich i sprawach urzędowych", 2750000),
    ("Stowarzyszenie Muzyczne „Złota Jesień”", "0000287654", "Chór seniorów „Złota Jesień” – próby, koncerty w dzielnicach i udział w przeglądzie chórów seniorskich", 800000),
    ("Fundacja Teatr Seniora", "0000623190", "Teatr seniora – warsztaty aktorskie zakończone premierą spektaklu w Nowohuckim Centrum Kultury", 1420000),
    ("Polski Czerwony Krzyż Oddział Rejonowy w Krakowie", "0000225587", "Opieka wytchnieniowa i wsparcie psychologiczne dla opiekunów osób starszych i niesamodzielnych", 3600000),
    ("Stowarzyszenie „Aktywni Seniorzy”", "0000321456", "Senioralne Dni Nowej Huty – festyn, turniej szachowy i potańcówka dla mieszkańców osiedli nowohuckich", 1100000),
    ("Fundacja Pomocy Osobom Samotnym „Nie Jesteś Sam”", "0000512346", "Telefon życzliwości – codzienne rozmowy wolontariuszy z osobami starszymi mieszkającymi samotnie", 1990000),
    ("Koło Gospodyń Wiejskich w Kosocicach", "", "Kuchnia babci – warsztaty kulinarne seniorów dla dzieci i młodzieży z Dzielnicy XI Podgórze Duchackie", 500000),
    ("Fundacja Edukacji Obywatelskiej Seniorów", "0000467890", "Senior obywatel – szkolenia z udziału w konsultacjach społecznych, budżecie obywatelskim i radach dzielnic", 1330000),
    ("Stowarzyszenie Turystyczne „Wędrowiec”", "0000198732", "Wędrówki po Krakowie i okolicach – wycieczki krajoznawcze z przewodnikiem dla osób w wieku emerytalnym", 1275000),
    ("Fundacja Psychologiczna „Dobre Słowo”", "0000589043", "Grupy wsparcia dla osób starszych w żałobie i doświadczających samotności, prowadzone przez psychologów", 2040000),
    ("Krakowskie Stowarzyszenie Seniorów Informatyków", "0000345678", "Komputer bez tajemnic – zajęcia komputerowe w małych grupach w filiach Biblioteki Kraków", 960000),
    ("Fundacja „Taniec Dla Zdrowia”", "0000701234", "Taniec w kręgu i zajęcia taneczne dla seniorów z elementami rehabilitacji ruchowej", 720000),
    ("Stowarzyszenie Rodzin Seniorów Podgórza", "0000256781", "Podgórskie czwartki – spotkania tematyczne, porady prawne i dyżury pracownika socjalnego", 1150000),
    ("Fundacja Kultury Ludowej „Krakowiak”", "0000456712", "Przekazywanie tradycji – pracownia haftu krakowskiego i wycinanki prowadzona przez seniorki dla młodzieży", 890000),
    ("Stowarzyszenie Nordic Walking Kraków", "0000612398", "Kijki w dłoń – cotygodniowe treningi nordic walking dla seniorów na Błoniach i w Lasku Wolskim", 610000),
    ("Fundacja Bezpieczny Senior", "0000534211", "Nie daj się oszukać – spotkania z policjantami i prawnikami o metodach wyłudzeń „na wnuczka” i „na policjanta”", 1480000),
    ("Związek Kombatantów i Byłych Więźniów Politycznych Koło Kraków-Śródmieście", "", "Spotkania pamięci – wykłady historyczne i wizyty w miejscach pamięci narodowej", 450000),
    ("Fundacja Rehabilitacji Domowej", "0000687123", "Rehabilitacja w domu – wizyty fizjoterapeutów u osób starszych po udarze i urazach ortopedycznych", 3925000),
]
SENIORZY_2021_URL = BIP + "/zalaczniki/dokumenty/n/303500"
SENIORZY_2021_POOL = 50000000  # "łączna kwota środków 500 000,00 zł": not a grant

# HTML table on https://www.bip.krakow.pl/?dok_id=113460, written as on the
# page (amount text) and in grosze.
BEZDOMNOSC_2021 = [
    ("Fundacja „Po Drugiej Stronie Ulicy”", "0000398712", "Prowadzenie noclegowni dla mężczyzn przy ul. Makuszyńskiego w latach 2021–2023", "1,5 mln zł", 150000000),
    ('Stowarzyszenie "Wspólny Dach"', "0000265498", "Mieszkania chronione treningowe dla osób wychodzących z bezdomności", "150 tys. zł", 15000000),
    ("Towarzystwo Pomocy im. św. Brata Alberta Koło Krakowskie", "0000135790", "Ogrzewalnia i łaźnia dla osób w kryzysie bezdomności w okresie zimowym", "420\u00a0000,00 zł", 42000000),
    ("Fundacja Streetworkerów Krakowskich", "0000723456", "Streetworking – praca socjalna z osobami bezdomnymi przebywającymi w miejscach niemieszkalnych", "12500 zł", 1250000),
    ("Caritas Archidiecezji Krakowskiej", "0000214587", "Punkt pomocy doraźnej: posiłki, odzież i pomoc higieniczna", "87\u202f300,00 zł", 8730000),
    ("Fundacja „Dom Pogodnej Jesieni”", "0000412378", "Mieszkanie wspierane dla seniorów zagrożonych bezdomnością", "45&nbsp;000,00 zł", 4500000),
]
BEZDOMNOSC_2021_URL = BIP + "/?dok_id=113460"

# XLSX https://www.bip.krakow.pl/zalaczniki/dokumenty/n/303501: two sheets.
SPORT_2022 = {
    "Dzieci i młodzież": [
        ("Uczniowski Klub Sportowy „Orlik”", "", "Szkolenie dzieci i młodzieży w piłce nożnej – grupy rocznikowe 2008–2014", 2800000),
        ("Krakowski Klub Pływacki „Delfin”", "0000156789", "Nauka i doskonalenie pływania dla dzieci ze szkół podstawowych Dzielnicy IV", 3450000),
        ("Klub Sportowy Wisła Nowa Huta Sekcja Lekkoatletyczna", "0000278901", "Lekkoatletyka dla dzieci i młodzieży – treningi i udział w zawodach", 1900000),
        ("Akademia Piłki Siatkowej Kraków", "0000634509", "Szkolenie młodzieży w piłce siatkowej dziewcząt i chłopców", 2250000),
        ("Stowarzyszenie Sportowe „Judo Kraków”", "0000445566", "Judo dla najmłodszych – zajęcia ogólnorozwojowe i obóz sportowy", 1575000),
        ("Uczniowski Klub Sportowy Szachista", "", "Szachy w szkołach – zajęcia i turnieje dla uczniów", 640000),
        ("Stowarzyszenie AKTYWNI SENIORZY", "0000321456", "Sportowe wakacje babci i wnuka – zajęcia rekreacyjne międzypokoleniowe", 500000),
        ("Klub Tenisowy „Korona”", "0000367812", "Tenis ziemny dla dzieci i młodzieży z rodzin o niskich dochodach", 1200000),
    ],
    "Osoby z niepełnosprawnościami": [
        ("Stowarzyszenie Sportu Osób Niepełnosprawnych „Start” Kraków", "0000187345", "Szkolenie zawodników z niepełnosprawnościami w boccii i tenisie stołowym", 2600000),
        ("Fundacja Aktywnej Rehabilitacji Oddział Małopolski", "0000150923", "Obóz aktywnej rehabilitacji dla osób poruszających się na wózkach", 3300000),
        ("Klub Sportowy Niewidomych i Słabowidzących „Jastrząb”", "0000212389", "Goalball i showdown – treningi i udział w rozgrywkach ligowych", 1450000),
        ("Stowarzyszenie Olimpiady Specjalne – Region Kraków", "", "Przygotowanie zawodników z niepełnosprawnością intelektualną do regionalnych igrzysk", 1850000),
        ("Fundacja Sport Bez Barier", "0000590012", "Pływanie i aqua aerobik dla dorosłych z niepełnosprawnościami ruchowymi", 975000),
    ],
}
SPORT_2022_URL = BIP + "/zalaczniki/dokumenty/n/303501"

# XLS https://www.bip.krakow.pl/zalaczniki/dokumenty/n/305200 (text amounts).
KULTURA_2022 = [
    ("Fundacja „Festiwal Muzyki Dawnej”", "0000345012", "XVII Festiwal Muzyki Dawnej w kościołach Starego Miasta", 15000000),
    ("Stowarzyszenie Wydawców Krakowskich", "0000512987", "Wydanie antologii współczesnej poezji krakowskiej", 1250000),
    ("Fundacja Teatr Seniora", "0000623190", "Spektakl plenerowy „Opowieści z Podgórza”", 2100000),
    ('Stowarzyszenie "Kino w Dzielnicy"', "0000476510", "Kino letnie na osiedlach – 12 pokazów filmowych z prelekcjami", 1860000),
    ("Fundacja Dziedzictwa Kazimierza", "0000302765", "Spacery historyczne i warsztaty dla dzieci o dziedzictwie Kazimierza", 940000),
    ("Grupa Teatralna „Maska”", "", "Warsztaty teatralne dla młodzieży z domów dziecka", 700000),
    ("Fundacja Muzeum Ludzi Wędrujących", "0000689234", "Wystawa „Kraków wielu kultur” i cykl spotkań wielokulturowych", 3500000),
]
KULTURA_2022_URL = BIP + "/zalaczniki/dokumenty/n/305200"

# ODS https://www.bip.krakow.pl/zalaczniki/dokumenty/n/305300: small grants.
MALE_GRANTY_2022 = [
    ("Fundacja „Sąsiedzka Pomoc”", "0000734512", "Wigilia dla samotnych sąsiadów z osiedla Azory", 800000),
    ("Stowarzyszenie Miłośników Lasku Wolskiego", "0000298765", "Sprzątanie Lasku Wolskiego z udziałem wolontariuszy", 450000),
    ("Koło Gospodyń Wiejskich w Kosocicach", "", "Dożynki dzielnicowe w Kosocicach", 600000),
    ('Fundacja "Cyfrowy Senior"', "0000587412", "Akademia bezpiecznych zakupów w internecie – 4 warsztaty", 975000),
    ("Stowarzyszenie Rowerowe „Kraków na Dwóch Kółkach”", "0000401234", "Rodzinny rajd rowerowy szlakiem fortów krakowskich", 520000),
    ("Fundacja Ukraińskiego Domu w Krakowie", "0000765432", "Lekcje języka polskiego dla dzieci z Ukrainy w czasie wakacji", 1000000),
]
MALE_GRANTY_2022_URL = BIP + "/zalaczniki/dokumenty/n/305300"


def polish(grosze, sep=" ", zl=True):
    """12 500,00 zł with the given thousands separator."""
    zlote, gr = divmod(grosze, 100)
    s = f"{zlote:,}".replace(",", sep)
    return f"{s},{gr:02d}" + (" zł" if zl else "")
