# -*- coding: utf-8 -*-
"""News articles of www.krakow.pl and ngo.krakow.pl for the sample site.

Each article: id, host, cat, slug, title, date (ISO), metka (the date as the
page writes it), unit, lead, body (list of HTML paragraphs, sloppy on
purpose), see (ids for "Zobacz także"), print (has a print view).
"""

BIP = "https://www.bip.krakow.pl"
WWW = "https://www.krakow.pl"
NGO = "https://ngo.krakow.pl"

WPS = "Wydział Polityki Społecznej i Zdrowia"
KPO = "Kancelaria ds. Organizacji Pozarządowych i Współpracy z Sektorem Pozarządowym"  # noqa
WK = "Wydział Kultury i Dziedzictwa Narodowego"
WS = "Wydział Sportu"
BIS = "Biuro Prasowe"

ARTICLES = [
    dict(
        id=240123, host="www.krakow.pl", cat=33,
        slug="sprawozdanie_ze_wspolpracy_miasta_z_ngo_w_roku_2019",
        title="Sprawozdanie ze współpracy miasta z NGO w roku 2019",
        date="2020-06-10", time="12:41", metka="Data publikacji: 2020-06-10", unit=WPS,
        lead="Przedsięwzięcia z zakresu spraw społecznych, inicjatywy skierowane do seniorów i młodzieży, nieodpłatna pomoc prawna czy mieszkania chronione dla osób w kryzysie bezdomności, inicjatywy z zakresu wielokulturowości, kulturalne i sportowe - to tylko wybrane przykłady pokazujące zakres współpracy miasta z organizacjami pozarządowymi (NGO), wymienione w sprawozdaniu za 2019 rok.",
        body=[
            "Dzięki współpracy z organizacjami pozarządowymi zadania miasta z różnych obszarów mogą być realizowane z wykorzystaniem dodatkowego potencjału. Współpraca ta umacnia partycypację społeczną – co ważne zwłaszcza w rozwiązywaniu lokalnych problemów – i jest jednym z elementów długofalowej Strategii Rozwoju Krakowa w zakresie celów związanych z rozwojem społeczeństwa obywatelskiego.",
            "Kraków współpracuje z organizacjami pozarządowymi zarówno na zasadzie współpracy finansowej, jak też korzystając z różnych form pozafinansowych, takich jak między innymi: informowanie, prowadzenie konsultacji, tworzenie wspólnych zespołów doradczych, wspieranie międzysektorowej współpracy i III sektora w profesjonalizowaniu się oraz w działaniach promocyjnych, a także wzmocnianie potencjału sektora pozarządowego.",
            "W ubiegłym roku we współpracy z organizacjami pozarządowymi miasto zrealizowało wiele zadań. Wśród nich były między innymi przedsięwzięcia z zakresu polityki społecznej i zdrowia, a także inicjatywy z zakresu wielokulturowości i przeciwdziałania dyskryminacji. Można tu wymienić na przykład projekty skoncentrowane na integracji osób z niepełnosprawnościami, takie jak konferencje, kongresy, turnieje, szkolenia, półkolonie, organizowany cyklicznie Tydzień Osób Niepełnosprawnych „Kocham Kraków z wzajemnością” czy Tramwaj Praw Człowieka, który jeździł po Krakowie 10 grudnia jako mobilny punkt zachęcający do rozmowy o otwartości, równości i przeciwdziałaniu dyskryminacji.",
            "Wiele inicjatyw realizowanych we współpracy z organizacjami pozarządowymi ma jednak charakter długoterminowy lub cykliczny i odbywa się w oparciu o Wieloletni Program Współpracy Gminy Miejskiej Kraków z Organizacjami Pozarządowymi na lata 2019-2022. Można tu wymienić funkcjonowanie Centrum Obywatelskiego mieszczącego się przy ul. Reymonta 20, Centrów Aktywności Seniora czy udzielane mieszkańcom wsparcie w postaci usług opiekuńczych.",
            "Organizacje pozarządowe angażowane są też w decyzje i działania mające wpływ na kierunki rozwoju miasta – dla przykładu można przypomnieć, że Komisje Dialogu Obywatelskiego zrzeszają przedstawicieli aż 114 NGO, a organizacje pozarządowe współpracują także z Miejskim Centrum Dialogu czy zgłaszają pomysły w ramach Inicjatywy Lokalnej.",
            f'Sprawozdanie z realizacji Programu Współpracy Gminy Miejskiej Kraków na rok 2019 z organizacjami pozarządowymi można znaleźć <a href="{BIP}/?dok_id=105412">tutaj</a>, a aktualne informacje w tym zakresie na bieżąco można śledzić na stronie internetowej <a href="http://ngo.krakow.pl">ngo.krakow.pl</a>.',
        ],
        see=[232410, 247310, 238400], print=True,
    ),
    dict(
        id=226880, host="www.krakow.pl", cat=33,
        slug="miasto_podsumowalo_wspolprace_z_organizacjami_w_2017_roku",
        title="Miasto podsumowało współpracę z organizacjami w 2017 roku",
        date="2018-05-28", time="09:05", metka="28.05.2018r.", unit=WPS,
        lead="Ponad 1 200 umów dotacyjnych i blisko 90 mln zł przekazanych organizacjom pozarządowym – tak w skrócie wygląda bilans współpracy Krakowa z III sektorem w 2017 roku.",
        body=[
            "Sprawozdanie z realizacji Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi za rok 2017 zostało przyjęte przez Prezydenta Miasta Krakowa i przekazane Radzie Miasta. Dokument opisuje zarówno współpracę finansową, jak i pozafinansową – od konsultacji aktów prawa miejscowego po wspólne zespoły o charakterze doradczym.",
            "<b>Najwięcej środków trafiło na zadania z zakresu pomocy społecznej</b>, w tym na prowadzenie placówek dla osób w kryzysie bezdomności, usługi opiekuńcze oraz wsparcie rodzin. Kolejne miejsca zajęły kultura fizyczna oraz kultura i ochrona dziedzictwa narodowego.",
            f"W 2017 r. działało 15 Komisji Dialogu Obywatelskiego, a w Centrum Obywatelskim odbyło się ponad 600 spotkań, szkoleń i warsztatów dla organizacji. <p>Pełny tekst sprawozdania dostępny był w <a href=\"{BIP}/?dok_id=87120\">Biuletynie Informacji Publicznej</a> (dokument archiwalny).",
        ],
        see=[232410, 240123], print=False,
    ),
    dict(
        id=232410, host="www.krakow.pl", cat=33,
        slug="sprawozdanie_z_wspolpracy_z_organizacjami_pozarzadowymi_za_2018_rok",
        title="Sprawozdanie z współpracy z organizacjami pozarządowymi za 2018 rok",
        date="2019-05-30", time="10:15", metka="dodano: 30.05.2019, 10:15", unit=WPS,
        lead="W 2018 roku Gmina Miejska Kraków ogłosiła 96 otwartych konkursów ofert, a organizacje pozarządowe zrealizowały na jej zlecenie ponad tysiąc zadań publicznych.",
        body=[
            "Rok 2018 był ostatnim rokiem obowiązywania Wieloletniego Programu Współpracy na lata 2015–2018. W sprawozdaniu podsumowano zarówno realizację zadań zleconych w trybie otwartych konkursów ofert, jak i tzw. małych grantów przyznawanych w trybie pozakonkursowym (art. 19a ustawy o działalności pożytku publicznego i o wolontariacie).",
            "Dużym wydarzeniem było Krakowskie Forum Organizacji Pozarządowych, podczas którego wybrano nowych członków Krakowskiej Rady Działalności Pożytku Publicznego. Rada opiniowała projekty uchwał i programów dotyczących sfery pożytku publicznego.",
            f'Więcej informacji o współpracy na stronie <a href="{NGO}/">ngo.krakow.pl</a>.',
        ],
        see=[226880, 240123], print=False,
    ),
    dict(
        id=247310, host="www.krakow.pl", cat=33,
        slug="wspolpraca_z_ngo_w_pandemii_sprawozdanie_za_2020_rok",
        title="Współpraca z NGO w pandemii. Sprawozdanie za 2020 rok",
        date="2021-05-31", time="14:02", metka="31.05.2021 r.", unit=WPS,
        lead="Pandemia COVID-19 zmieniła sposób realizacji wielu zadań publicznych, ale nie zatrzymała współpracy miasta z organizacjami pozarządowymi. Sprawozdanie za 2020 rok pokazuje, jak szybko sektor pozarządowy dostosował się do nowych warunków.",
        body=[
            "W 2020 roku organizacje pozarządowe prowadziły zajęcia i konsultacje w formie zdalnej, dowoziły posiłki seniorom i osobom na kwarantannie, a także wspierały osoby w kryzysie bezdomności. Miasto aneksowało umowy tak, by zadania mogły być realizowane w zmienionym zakresie, bez utraty dotacji.<br><br>",
            "Na realizację zadań publicznych przez organizacje pozarządowe przeznaczono łącznie ponad 104 mln zł. Komisje Dialogu Obywatelskiego spotykały się online, a Centrum Obywatelskie udostępniało sale w reżimie sanitarnym.",
            f'Sprawozdanie za rok 2020 opublikowano w <a href="{BIP}/?dok_id=105412">Biuletynie Informacji Publicznej</a> obok sprawozdań z lat poprzednich.',
        ],
        see=[240123, 254120], print=True,
    ),
    dict(
        id=243500, host="www.krakow.pl", cat=33,
        slug="otwarty_konkurs_ofert_dla_seniorow_2021",
        title="Otwarty konkurs ofert na zadania dla seniorów w 2021 roku",
        date="2021-01-12", time="11:29", metka="dodano: 12.01.2021, 11:29", unit=WPS,
        lead="Prezydent Miasta Krakowa ogłosił otwarty konkurs ofert na realizację zadań publicznych z zakresu działalności na rzecz osób w wieku emerytalnym. Oferty można składać do 3 lutego 2021 roku.",
        body=[
            "Konkurs obejmuje m.in. prowadzenie Centrów Aktywności Seniora, organizację zajęć ruchowych, edukacyjnych i kulturalnych dla osób starszych oraz działania przeciwdziałające samotności i wykluczeniu cyfrowemu seniorów. Łączna kwota środków przeznaczonych na realizację zadań wynosi 500 000,00 zł.",
            "Oferty należy składać za pośrednictwem generatora ofert w systemie Witkac. O dotację mogą ubiegać się organizacje pozarządowe oraz podmioty wymienione w art. 3 ust. 3 ustawy o działalności pożytku publicznego i o wolontariacie.",
            f'<p style="margin-left:20px">Treść ogłoszenia wraz z załącznikami: <a href="{BIP}/?dok_id=112300&amp;utm_source=krakow.pl&amp;utm_medium=aktualnosci">ogłoszenie konkursu w BIP</a>.',
            f'Szczegółowych informacji udziela Wydział Polityki Społecznej i Zdrowia, tel. 12 616 50 00. Zobacz też <a href="https://www.gov.pl/web/rodzina/seniorzy">rządowe programy dla seniorów</a>.',
        ],
        see=[243610, 244300], print=True,
    ),
    dict(
        id=241200, host="www.krakow.pl", cat=33,
        slug="konkurs_na_przeciwdzialanie_bezdomnosci",
        title="Konkurs na przeciwdziałanie bezdomności: mieszkania chronione i noclegownie",
        date="2020-11-18", time="08:47", metka="Data publikacji: 2020-11-18", unit=WPS,
        lead="Miasto szuka organizacji, które w latach 2021–2023 poprowadzą noclegownie, ogrzewalnie i mieszkania chronione dla osób w kryzysie bezdomności.",
        body=[
            "Zadania obejmują zapewnienie schronienia, posiłku i niezbędnego ubrania, a także pracę socjalną prowadzącą do wyjścia z bezdomności. Szczególny nacisk położono na mieszkania chronione treningowe, w których osoby wychodzące z bezdomności uczą się samodzielnego życia.",
            "Na realizację zadań w okresie trzech lat przeznaczono ponad 6 mln zł. Oferty ocenia komisja konkursowa z udziałem przedstawicieli organizacji pozarządowych, wskazanych przez Komisję Dialogu Obywatelskiego ds. Przeciwdziałania Bezdomności.",
            f'Wyniki konkursu opublikowano w <a href="http://bip.krakow.pl/?dok_id=113460">BIP</a>.',
        ],
        see=[237650, 245900], print=False,
    ),
    dict(
        id=239870, host="www.krakow.pl", cat=33,
        slug="kultura_w_otwartych_konkursach_ofert",
        title="Kultura w otwartych konkursach ofert – ruszył nabór na 2022 rok",
        date="2021-11-09", time="13:10", metka="9 listopada 2021 r.", unit=WK,
        lead="Festiwale, wydawnictwa, warsztaty i projekty edukacyjne – organizacje pozarządowe mogą ubiegać się o dotacje z budżetu miasta na działania w dziedzinie kultury, sztuki, ochrony dóbr kultury i dziedzictwa narodowego.",
        body=[
            "Wydział Kultury i Dziedzictwa Narodowego zaprasza do składania ofert w otwartym konkursie na 2022 rok. Wysokość środków przeznaczonych na dotacje wynosi 1,5 mln zł, a pojedyncza dotacja nie może przekroczyć 150 tys. zł.",
            "<div style='font-size:11px'>Priorytetem są projekty realizowane poza centrum miasta, w dzielnicach, oraz działania włączające osoby z niepełnosprawnościami.",
            f'Wyniki poprzedniej edycji: <a href="{BIP}/?dok_id=116200">wyniki konkursu w dziedzinie kultury</a>.',
        ],
        see=[240777, 250400], print=False,
    ),
    dict(
        id=237650, host="www.krakow.pl", cat=33,
        slug="mops_wspiera_organizacje_uslugi_opiekuncze",
        title="MOPS zleca organizacjom usługi opiekuńcze",
        date="2020-03-02", time="10:00", metka="2 marca 2020 r.", unit="Miejski Ośrodek Pomocy Społecznej w Krakowie",
        lead="Miejski Ośrodek Pomocy Społecznej w Krakowie (MOPS) od lat współpracuje z organizacjami pozarządowymi przy świadczeniu usług opiekuńczych dla mieszkańców.",
        body=[
            "Usługi opiekuńcze obejmują pomoc w zaspokajaniu codziennych potrzeb życiowych, opiekę higieniczną oraz zapewnienie kontaktów z otoczeniem. Korzysta z nich kilka tysięcy krakowian, głównie osób starszych i z niepełnosprawnościami.",
            "MOPS prowadzi także dzienne domy pomocy społecznej i kluby samopomocy, w których organizacje realizują zajęcia terapeutyczne. Wnioski o przyznanie usług przyjmują filie MOPS właściwe dla miejsca zamieszkania.",
            "<p>Źródło finansowania zadań stanowi budżet Gminy Miejskiej Kraków oraz dotacje celowe z budżetu państwa.</p></div>",
        ],
        see=[241200, 244300], print=False,
    ),
    dict(
        id=246210, host="www.krakow.pl", cat=33,
        slug="krakowska_rada_dzialalnosci_pozytku_publicznego_nowa_kadencja",
        title="Krakowska Rada Działalności Pożytku Publicznego rozpoczęła nową kadencję",
        date="2021-04-20", time="15:30", metka="Data publikacji: 2021-04-20", unit=KPO,
        lead="Pierwsze posiedzenie Krakowskiej Rady Działalności Pożytku Publicznego (KRDPP) VI kadencji odbyło się w Centrum Obywatelskim. Rada wybrała przewodniczącą i zastępców.",
        body=[
            "KRDPP jest organem konsultacyjnym i opiniodawczym Prezydenta Miasta Krakowa. W jej skład wchodzą przedstawiciele organizacji pozarządowych, Rady Miasta Krakowa oraz Prezydenta. Rada opiniuje m.in. projekt rocznego programu współpracy i projekty uchwał dotyczących sfery pożytku publicznego.",
            "Członkowie Rady zapowiedzieli, że priorytetem kadencji będzie uproszczenie procedur konkursowych i rozwój małych grantów.",
            f'Skład Rady i protokoły posiedzeń są publikowane na stronie <a href="{NGO}/aktualnosci/245900,1785,komunikat,komisje_dialogu_obywatelskiego_nabor.html">ngo.krakow.pl</a>.',
        ],
        see=[245900, 248800], print=False,
    ),
    dict(
        id=242150, host="www.krakow.pl", cat=33,
        slug="inicjatywa_lokalna_zglos_pomysl",
        title="Inicjatywa lokalna – zgłoś pomysł na swoje osiedle",
        date="2021-02-15", time="09:20", metka="dodano: 15.02.2021, 9:20", unit=KPO,
        lead="Skwer z ławkami, ogród społeczny, mural albo plac zabaw – w ramach inicjatywy lokalnej mieszkańcy wspólnie z miastem realizują zadania publiczne, wnosząc własną pracę, świadczenia rzeczowe lub środki.",
        body=[
            "Wniosek o realizację inicjatywy lokalnej może złożyć grupa mieszkańców bezpośrednio lub za pośrednictwem organizacji pozarządowej. Wnioski ocenia się według kryteriów określonych w uchwale Rady Miasta Krakowa, biorąc pod uwagę przede wszystkim wkład własny wnioskodawców.",
            "Doradcy z Centrum Obywatelskiego pomagają przygotować wniosek i kosztorys.",
        ],
        see=[238400, 250400], print=False,
    ),
    dict(
        id=250400, host="www.krakow.pl", cat=33,
        slug="lodz_i_krakow_wymieniaja_doswiadczenia_ngo",
        title="Łódź i Kraków wymieniają doświadczenia we współpracy z NGO",
        date="2021-09-23", time="12:00", metka="23.09.2021 r.", unit=BIS,
        lead="Przedstawiciele Urzędu Miasta Łodzi odwiedzili Kraków, by poznać działanie Centrum Obywatelskiego i Komisji Dialogu Obywatelskiego. W przyszłym roku krakowscy urzędnicy pojadą z rewizytą do Łodzi.",
        body=[
            "Spotkanie odbyło się w ramach sieci współpracy dużych miast. Goście z Łodzi pytali o zasady udostępniania sal organizacjom, o standardy konsultacji społecznych i o doświadczenia z małymi grantami.",
            "– Nie chodzi o to, kto ma lepszy system, tylko o to, żeby płynąć w tę samą stronę. Nasza wspólna łódź to sektor pozarządowy, który w obu miastach jest bardzo aktywny – mówiła pełnomocniczka Prezydenta Miasta Krakowa ds. współpracy z organizacjami.",
            "Łódź pochwaliła się z kolei budżetem obywatelskim w szkołach i programem wsparcia dla organizacji senioralnych.",
            '<div class="social">Relacja na <a href="https://www.facebook.com/MiastoKrakow/posts/1234567890">Facebooku</a></div></div>',
        ],
        see=[238400, 245900], print=True,
    ),
    dict(
        id=251300, host="www.krakow.pl", cat=33,
        slug="program_wspolpracy_na_2022_rok_uchwalony",
        title="Program współpracy z organizacjami pozarządowymi na 2022 rok uchwalony",
        date="2021-11-24", time="16:45", metka="Data publikacji: 2021-11-24", unit=KPO,
        lead="Rada Miasta Krakowa przyjęła uchwałę w sprawie Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi na rok 2022. Projekt był wcześniej konsultowany z mieszkańcami i organizacjami.",
        body=[
            "Program określa cele, zasady i formy współpracy, priorytetowe zadania publiczne oraz wysokość środków planowanych na ich realizację. W konsultacjach zgłoszono 46 uwag, z których część uwzględniono w ostatecznej wersji dokumentu.",
            f'Raport z konsultacji dostępny jest <a href="{BIP}/index.php?dok_id=115800">w BIP</a>. Treść uchwały na rok 2021: <a href="{BIP}/?dok_id=110020">uchwała w sprawie programu współpracy</a>.',
        ],
        see=[248800, 246210], print=False,
    ),
    dict(
        id=252010, host="www.krakow.pl", cat=33,
        slug="dotacje_na_sport_dla_dzieci_i_mlodziezy_wyniki",
        title="Dotacje na sport dzieci i młodzieży – znamy wyniki konkursu",
        date="2022-02-28", time="11:11", metka="28 lutego 2022 r.", unit=WS,
        lead="Kluby i stowarzyszenia sportowe otrzymają dotacje na szkolenie dzieci i młodzieży oraz na zajęcia sportowe dla osób z niepełnosprawnościami.",
        body=[
            "Wyniki otwartego konkursu ofert w zakresie wspierania i upowszechniania kultury fizycznej zostały zatwierdzone zarządzeniem Prezydenta Miasta Krakowa. Pełna lista dotacji w podziale na oba zadania konkursowe znajduje się w arkuszu kalkulacyjnym opublikowanym w BIP.",
            f'<a href="{BIP}/?dok_id=116300">Wyniki konkursu – sport 2022</a>',
        ],
        see=[240777, 239870], print=False,
    ),
    # ngo.krakow.pl
    dict(
        id=254120, host="ngo.krakow.pl", cat=1785,
        slug="sprawozdanie_z_realizacji_programu_wspolpracy_za_2021",
        title="Sprawozdanie z realizacji Programu Współpracy za 2021 rok",
        date="2022-05-30", time="10:30", metka="30 maja 2022 r.", unit=KPO,
        lead="Przedstawiamy sprawozdanie z realizacji Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi za rok 2021.",
        body=[
            "W 2021 roku ogłoszono 102 otwarte konkursy ofert, w których przyznano dotacje na łączną kwotę ponad 110 mln zł. Organizacje zrealizowały także 214 zadań w ramach małych grantów.",
            "W sprawozdaniu opisano również pozafinansowe formy współpracy: działalność 16 Komisji Dialogu Obywatelskiego, konsultacje społeczne, szkolenia w Centrum Obywatelskim oraz współpracę z Krakowską Radą Działalności Pożytku Publicznego.",
            f'Zobacz również informację o sprawozdaniu za 2019 rok na portalu <a href="{WWW}/aktualnosci/240123,33,komunikat,sprawozdanie_ze_wspolpracy_miasta_z_ngo_w_roku_2019.html">krakow.pl</a>.',
        ],
        see=[261045, 240123], print=False,
    ),
    dict(
        id=261045, host="ngo.krakow.pl", cat=1785,
        slug="sprawozdanie_za_2022_rok_trzeci_sektor_w_liczbach",
        title="Sprawozdanie za 2022 rok: trzeci sektor w liczbach",
        date="2023-05-29", time="08:15", metka="29.05.2023 r.", unit=KPO,
        lead="W Krakowie działa ponad 5 tysięcy organizacji pozarządowych. Sprawozdanie za 2022 rok pokazuje, jak trzeci sektor pomagał uchodźcom z Ukrainy i jednocześnie prowadził swoje stałe działania.",
        body=[
            "Rok 2022 upłynął pod znakiem pomocy osobom uciekającym przed wojną w Ukrainie. Organizacje prowadziły punkty recepcyjne, zbiórki, kursy języka polskiego i wsparcie psychologiczne, często we współpracy z miastem i MOPS.",
            "Trzeci sektor to nie tylko fundacje i stowarzyszenia, ale też kluby sportowe, koła gospodyń wiejskich i grupy nieformalne. Wspólnym mianownikiem jest działanie na rzecz innych – źródło, z którego czerpie całe społeczeństwo obywatelskie.",
            f'Informacja na portalu miejskim: <a href="//www.krakow.pl/aktualnosci/1584,33,1,kategoria,aktualnosci.html">aktualności krakow.pl</a>.',
        ],
        see=[254120, 249950], print=False,
    ),
    dict(
        id=243610, host="ngo.krakow.pl", cat=1785,
        slug="wyniki_konkursu_dla_seniorow_2021",
        title="Wyniki otwartego konkursu ofert dla seniorów 2021",
        date="2021-03-05", time="14:20", metka="dodano: 5.03.2021, 14:20", unit=WPS,
        lead="Rozstrzygnięto otwarty konkurs ofert na realizację zadań publicznych na rzecz osób w wieku emerytalnym w 2021 roku.",
        body=[
            "Komisja konkursowa oceniła 41 ofert. Dotacje otrzymało 26 organizacji, które poprowadzą zajęcia w Centrach Aktywności Seniora, kluby seniora, warsztaty komputerowe i spotkania międzypokoleniowe.",
            f'Lista organizacji, którym przyznano dotacje, wraz z tytułami zadań i kwotami: <a href="{BIP}/?dok_id=113450">wyniki konkursu (BIP)</a>.',
            f'Ogłoszenie konkursu: <a href="{WWW}/aktualnosci/243500,33,komunikat,otwarty_konkurs_ofert_dla_seniorow_2021.html">krakow.pl</a>',
        ],
        see=[244300, 243500], print=False,
    ),
    dict(
        id=240777, host="ngo.krakow.pl", cat=1785,
        slug="konkurs_sport_2021_zmiana_terminu",
        title="Konkurs w dziedzinie sportu 2021 – zmiana terminu rozstrzygnięcia",
        date="2021-01-28", time="12:05", metka="28.01.2021 r.", unit=WS,
        lead="Rozstrzygnięcie otwartego konkursu ofert na upowszechnianie kultury fizycznej w 2021 roku zostało przesunięte z powodu dużej liczby ofert.",
        body=[
            "Wydział Sportu otrzymał ponad 180 ofert. Nowy termin rozstrzygnięcia to 26 lutego 2021 r. Ogłoszenie o wynikach zostanie opublikowane w BIP, na tablicy ogłoszeń urzędu oraz na stronie ngo.krakow.pl.",
            f'<a href="{BIP}/?dok_id=117050">Wyniki konkursu sport 2021</a>',
        ],
        see=[252010], print=False,
    ),
    dict(
        id=238400, host="ngo.krakow.pl", cat=1785,
        slug="centrum_obywatelskie_reymonta_20",
        title="Centrum Obywatelskie przy ul. Reymonta 20 – sale dla organizacji",
        date="2020-02-10", time="09:00", metka="Data publikacji: 2020-02-10", unit=KPO,
        lead="Centrum Obywatelskie to miejsce, w którym organizacje pozarządowe i grupy nieformalne mogą bezpłatnie korzystać z sal szkoleniowych, biurek i doradztwa.",
        body=[
            "Centrum mieści się przy ul. Reymonta 20 i jest czynne od poniedziałku do piątku w godzinach 8:00–20:00. Rezerwacji sal można dokonać telefonicznie lub mailowo, najpóźniej na trzy dni przed terminem.",
            "<ul><li>doradztwo prawne i księgowe dla NGO<li>szkolenia z pisania ofert konkursowych<li>punkt informacyjny o konkursach</ul>",
            f'Regulamin korzystania z Centrum: <a href="{BIP}/?dok_id=109300">regulamin w BIP</a>. Kalendarz wydarzeń: <a href="{WWW}/kalendarz?miesiac=2020-07">kalendarz</a>.',
        ],
        see=[242150, 249950], print=False,
    ),
    dict(
        id=245900, host="ngo.krakow.pl", cat=1785,
        slug="komisje_dialogu_obywatelskiego_nabor",
        title="Komisje Dialogu Obywatelskiego – nabór do nowych składów",
        date="2021-03-29", time="10:40", metka="dodano: 29.03.2021, 10:40", unit=KPO,
        lead="Trwa nabór organizacji pozarządowych do Komisji Dialogu Obywatelskiego (KDO) na kolejną kadencję. KDO działają m.in. przy Wydziale Polityki Społecznej i Zdrowia, Wydziale Kultury i Wydziale Sportu.",
        body=[
            "Komisje Dialogu Obywatelskiego są wspólnymi zespołami o charakterze doradczym i inicjatywnym. Uczestniczą w przygotowaniu konkursów ofert, opiniują projekty dokumentów i delegują przedstawicieli do komisji konkursowych.",
            "Zgłoszenia przyjmuje Kancelaria ds. Organizacji Pozarządowych do 30 kwietnia 2021 r. Regulamin KDO określa zarządzenie Prezydenta Miasta Krakowa.",
            f'<a href="{BIP}/?dok_id=110540">Zarządzenie w sprawie KDO</a>',
        ],
        see=[246210, 248800], print=False,
    ),
    dict(
        id=244300, host="ngo.krakow.pl", cat=1785,
        slug="nowe_centrum_aktywnosci_seniora_w_nowej_hucie",
        title="Nowe Centrum Aktywności Seniora w Nowej Hucie",
        date="2021-06-14", time="13:00", metka="14 czerwca 2021 r.", unit=WPS,
        lead="W Nowej Hucie otwarto kolejną filię Centrum Aktywności Seniora (CAS). Zajęcia poprowadzi organizacja pozarządowa wyłoniona w otwartym konkursie ofert.",
        body=[
            "W CAS seniorzy mogą uczestniczyć w zajęciach gimnastycznych, warsztatach rękodzieła, kursach obsługi smartfona i spotkaniach z ciekawymi ludźmi. Udział w zajęciach jest bezpłatny.",
            "W Krakowie działa już kilkanaście filii Centrum Aktywności Seniora; większość z nich prowadzą organizacje pozarządowe we współpracy z miastem.",
        ],
        see=[243610, 243500], print=False,
    ),
    dict(
        id=248800, host="ngo.krakow.pl", cat=1785,
        slug="konsultacje_programu_wspolpracy_na_2022",
        title="Konsultacje projektu programu współpracy na 2022 rok",
        date="2021-09-06", time="09:30", metka="6.09.2021 r.", unit=KPO,
        lead="Zapraszamy organizacje pozarządowe do konsultacji projektu Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi na rok 2022.",
        body=[
            "Uwagi można zgłaszać od 6 do 27 września 2021 r. za pomocą formularza elektronicznego lub podczas otwartego spotkania konsultacyjnego w Centrum Obywatelskim.",
            f'Raport z konsultacji: <a href="{BIP}/?dok_id=115800">raport w BIP</a>. Projekt omówi także Krakowska Rada Działalności Pożytku Publicznego.',
            f'Zobacz <a href="{WWW}/aktualnosci/251300,33,komunikat,program_wspolpracy_na_2022_rok_uchwalony.html">informację o uchwaleniu programu</a>.',
        ],
        see=[251300, 246210], print=False,
    ),
    dict(
        id=249950, host="ngo.krakow.pl", cat=1785,
        slug="forum_trzeciego_sektora_2021",
        title="Forum Trzeciego Sektora 2021 – rozmowy o przyszłości NGO",
        date="2021-10-07", time="11:29", metka="dodano: 7.10.2021, 11:29", unit=KPO,
        lead="Ponad 200 osób wzięło udział w Forum Trzeciego Sektora, które odbyło się w Centrum Obywatelskim i online.",
        body=[
            "Tematem przewodnim były finanse organizacji: dotacje, zbiórki publiczne, ekonomia społeczna i odpisy 1,5 proc. podatku. Eksperci podkreślali, że zróżnicowanie źródeł finansowania to warunek stabilności NGO.",
            "Podczas forum zaprezentowano też wyniki badania kondycji krakowskiego trzeciego sektora.",
            '<p><a href="/pulapka/">Archiwum materiałów z poprzednich edycji</a>',
        ],
        see=[238400, 261045], print=False,
    ),
    dict(
        id=253400, host="ngo.krakow.pl", cat=1785,
        slug="male_granty_2022_lista_dotacji",
        title="Małe granty 2022 – lista przyznanych dotacji",
        date="2022-12-20", time="10:05", metka="Data publikacji: 2022-12-20", unit=KPO,
        lead="W 2022 roku organizacje mogły ubiegać się o dotacje w trybie pozakonkursowym, tzw. małe granty, na zadania do 10 tys. zł realizowane do 90 dni.",
        body=[
            "Zestawienie przyznanych w 2022 roku małych grantów, z nazwami organizacji, tytułami zadań i kwotami, opublikowano w BIP w formacie arkusza kalkulacyjnego.",
            f'<a href="{BIP}/?dok_id=116250">Zestawienie małych grantów 2022</a>',
        ],
        see=[249950, 254120], print=False,
    ),
]

# An article that no page links: only the gzipped sitemap lists it.
SITEMAP_ONLY = dict(
    id=239001, host="www.krakow.pl", cat=33,
    slug="archiwum_dni_organizacji_pozarzadowych_2019",
    title="Dni Organizacji Pozarządowych 2019 – podsumowanie",
    date="2019-10-01", time="10:00", metka="dodano: 1.10.2019, 10:00", unit=KPO,
    lead="Blisko sto organizacji zaprezentowało się na Rynku Głównym podczas Dni Organizacji Pozarządowych.",
    body=[
        "Podczas pikniku na płycie Rynku Głównego stowarzyszenia i fundacje prezentowały swoje działania, zbierały wolontariuszy i zachęcały do przekazania 1 proc. podatku.",
        "Tegoroczną edycję zorganizowała Kancelaria ds. Organizacji Pozarządowych wspólnie z Krakowską Radą Działalności Pożytku Publicznego.",
    ],
    see=[240123], print=False,
)
