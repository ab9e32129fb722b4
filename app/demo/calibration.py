"""The closed demo call's calibration round: both fictional samples, every scorer's card, one clear disagreement.

Each member reads the samples in his own way: on sample A the committee disagrees most about local
partnership (B4), on sample B about the CAL methods of work (B3) and the cost calculation (D1), which is
what the comparison page puts first. Everything goes through the real operations (audit log included).
"""

from __future__ import annotations

from decimal import Decimal

from app.auth.models import User
from app.calibration.operations import save_calibration_card, start_round
from app.competitions.models import Competition
from app.core.rubric import Rubric
from app.core.scoring import CriterionScore
from app.extensions import db
from app.reviews.forms import scored_criteria

SCORERS = ("chair", "member1", "member2")

# sample key → criterion → ((points of the chair, member1, member2), (their justifications))
CARDS: dict[str, dict[str, tuple[tuple[int, int, int], tuple[str, str, str]]]] = {
    "podworko": {
        "A1": ((7, 7, 6), (
            "Stowarzyszenie ma doświadczenie z dwóch projektów podwórkowych i jednego zadania publicznego, ale "
            "dotąd nie prowadziło stałego miejsca przez dwa lata.",
            "Lokal i koordynatorka są zapewnione, a działania są realne dla tej skali organizacji; brakuje "
            "jedynie animatora, który ma być wyłoniony w naborze.",
            "Zespół jest mały (koordynatorka i ośmioro wolontariuszy), a lokal wymaga doposażenia, więc "
            "realizacja przez dwa lata jest możliwa, choć bez zapasu.")),
        "B1": ((7, 6, 4), (
            "Oferent zbadał potrzeby ankietą (62 osoby) i na spotkaniach z radą osiedla; sam przyznaje, że "
            "potrzeb seniorów jeszcze nie rozpoznał i zrobi to w pierwszym półroczu.",
            "Diagnoza opiera się na ankiecie i rozmowach, ale próba jest niewielka jak na 4 tys. mieszkańców; "
            "plan uzupełnienia diagnozy jest jednak konkretny.",
            "Ankieta wśród 62 osób to za mało, a osoby starsze i z niepełnosprawnościami pominięto, choć są w "
            "grupie docelowej; zapowiedź późniejszego badania nie zastępuje diagnozy.")),
        "B2": ((4, 5, 4), (
            "Mikrogranty i decyzje podejmowane przez komisję mieszkańców pokazują oddolność i sprawczość, "
            "mniej widać otwartość na różne grupy osiedla.",
            "Program stawia na sprawczość mieszkańców: komisja mieszkańców rozdziela mikrogranty, a warsztaty "
            "prowadzą także sami sąsiedzi dzielący się umiejętnościami.",
            "Wartości widać w mikrograntach, ale dostępność lokalu (dwa stopnie przy wejściu) nie jest "
            "rozwiązana, więc włączanie wszystkich grup jest ograniczone.")),
        "B3": ((8, 8, 7), (
            "Oferta łączy dyżury w lokalu, animację na trzech podwórkach i mikrogranty, czyli pracę w przestrzeni "
            "publicznej i organizowanie aktywności mieszkańców.",
            "Animacja podwórkowa dwa razy w tygodniu i nabory mikrograntów to dobrze dobrane metody pracy "
            "środowiskowej dla tego kwartału kamienic.",
            "Metody są właściwe, ale praca podwórkowa ogranicza się do sezonu od kwietnia do października; zimą "
            "zostają tylko dyżury i warsztaty w małym lokalu.")),
        "B4": ((5, 2, 4), (
            "Współpraca ze świetlicą środowiskową i radą osiedla jest opisana, a biblioteka i szkoła są "
            "wskazane jako kolejni partnerzy; to dobry początek sieci lokalnej.",
            "Oferent sam pisze, że nie ma uzgodnień z biblioteką i szkołą, a przy świetlicy i radzie osiedla nie "
            "podaje żadnych wspólnych zadań; partnerstwo jest na razie deklaracją.",
            "Dwaj partnerzy są realni, dwaj dopiero planowani; brakuje podziału zadań, ale rada osiedla "
            "współtworzyła diagnozę, więc współpraca już działa.")),
        "B5": ((3, 3, 3), (
            "Lokal jest wynajmowany, a oferta nie opisuje, jak będzie udostępniany grupom mieszkańców poza "
            "dyżurami koordynatorki.",
            "Lokal ma służyć dyżurom i warsztatom, ale brakuje zasad udostępniania go grupom mieszkańców i "
            "godzin otwarcia poza dyżurami.",
            "Lokal jest tylko tłem działań; nie wiadomo, czy grupy z mikrograntów mogą z niego korzystać "
            "samodzielnie wieczorami.")),
        "B6": ((5, 5, 4), (
            "Rezultaty są policzalne (dyżury, uczestnicy, inicjatywy), ale brakuje miary zmiany w poczuciu "
            "wpływu, które oferent wskazuje jako cel.",
            "Wskaźniki są mierzalne i mają źródła weryfikacji; zmianę postaw mieszkańców warto by mierzyć "
            "powtórzoną ankietą.",
            "Rezultaty liczą głównie aktywność CAL (420 dyżurów), a nie zmianę na osiedlu; monitoring "
            "opiera się na rejestrach i zdjęciach.")),
        "B7": ((2, 2, 1), (
            "Oferta nie wspomina o sieci CAL; jedyną wymianą doświadczeń jest współpraca ze świetlicą.",
            "O współpracy z innymi operatorami CAL oferta milczy, choć stowarzyszenie mogłoby skorzystać z "
            "doświadczeń sąsiednich centrów.",
            "Brak jakiejkolwiek deklaracji udziału w spotkaniach sieci operatorów CAL; przyznaję jeden punkt za "
            "wymianę ze świetlicą.")),
        "C1": ((7, 7, 6), (
            "Koordynatorka ma trzy lata doświadczenia w animacji lokalnej; animator zostanie wyłoniony w "
            "naborze z określonymi wymaganiami.",
            "Kwalifikacje koordynatorki są opisane, zakres obowiązków jest jasny; wolontariusze uzupełniają "
            "zespół przy animacji podwórkowej.",
            "Jakość zależy od jednej osoby; nie ma opisu zastępstwa koordynatorki ani wymagań wobec "
            "prowadzących warsztaty.")),
        "D1": ((12, 11, 12), (
            "Koszty odpowiadają działaniom, stawki są rynkowe (85 zł za godzinę animacji), a mikrogranty mają "
            "jasno określoną kwotę i liczbę.",
            "Kalkulacja jest spójna z harmonogramem; wątpliwość budzą tylko materiały w stałej kwocie 400 zł "
            "miesięcznie także zimą.",
            "Budżet jest oszczędny i czytelny, koszty administracyjne są niskie, a każda pozycja ma swoje "
            "działanie w programie.")),
        "E1": ((3, 3, 3), (
            "Wkład finansowy 6 000 zł spełnia wymagane minimum, ale go nie przekracza w istotny sposób.",
            "Udział środków własnych jest na poziomie minimum z ogłoszenia; oferent nie wskazuje innych źródeł "
            "finansowania.",
            "Środki własne w wysokości 6 000 zł wystarczają, lecz nie ma dodatkowych źródeł, np. darczyńców "
            "czy wpłat uczestników.")),
        "F1": ((6, 6, 5), (
            "Praca wolontariuszy (500 godzin) jest wyceniona i przypisana do działań podwórkowych i "
            "warsztatów.",
            "Wkład osobowy jest znaczny i realny przy ośmiorgu wolontariuszach; brakuje wkładu rzeczowego.",
            "Wycena 500 godzin wolontariatu jest wiarygodna, ale to jedyny wkład pozafinansowy oferenta.")),
        "G1": ((5, 5, 5), (
            "Z oferty i wiedzy urzędu nie wynikają zastrzeżenia do rozliczenia zadania z 2024 r.",
            "Zadanie publiczne z 2024 r. zostało rozliczone bez uwag, więc nie ma podstaw do odjęcia punktów.",
            "Nie ma informacji o nieprawidłowościach przy wcześniejszym zadaniu; punkty pozostają bez zmian.")),
    },
    "festyn": {
        "A1": ((6, 5, 8), (
            "Fundacja zrealizowała kilkanaście zadań publicznych, ale nie ma lokalu na osiedlu, co podważa "
            "stałą obecność CAL.",
            "Doświadczenie dotyczy imprez, nie pracy środowiskowej, a brak lokalu oznacza, że przez pierwsze "
            "miesiące CAL nie będzie miał siedziby.",
            "Organizacja jest sprawna i doświadczona w dużych przedsięwzięciach; lokal znajdzie bez trudu, a "
            "do tego czasu ma wynajmowane sale.")),
        "B1": ((2, 2, 4), (
            "Potrzeby wywiedziono z własnego doświadczenia oferenta, a nie z rozmów z mieszkańcami Gądowa; "
            "nie podano żadnego źródła diagnozy.",
            "Brak diagnozy: zdanie, że festyny najlepiej integrują ludzi, to przekonanie fundacji, a nie "
            "rozpoznanie potrzeb tego osiedla.",
            "Oferent trafnie wskazuje anonimowość dużego osiedla i samotność seniorów, choć nie opisuje, skąd "
            "to wie.")),
        "B2": ((2, 2, 3), (
            "Mieszkańcy są w programie odbiorcami festynów i wyjazdów, a nie współtwórcami działań.",
            "Program nie daje mieszkańcom wpływu na działania; wartości CAL, takie jak oddolność, nie są "
            "widoczne.",
            "Klub seniora buduje relacje, a festyny są otwarte dla wszystkich, więc część wartości CAL jest "
            "obecna.")),
        "B3": ((3, 2, 7), (
            "Festyny to wydarzenia dla mieszkańców, nie organizowanie społeczności; tylko klub seniora jest "
            "stałą formą pracy z grupą.",
            "Dwa festyny rocznie i wyjazdy to animacja czasu wolnego, a nie metody CAL; brak pracy z grupami "
            "mieszkańców i w przestrzeni osiedla poza imprezami.",
            "Festyny wykorzystują przestrzeń publiczną osiedla i docierają do tysięcy osób, a klub seniora "
            "zapewnia regularną pracę z grupą.")),
        "B4": ((1, 1, 2), (
            "Oferta nie wymienia żadnego partnera z osiedla; podwykonawcy od sceny i nagłośnienia nie są "
            "partnerami lokalnymi.",
            "Brak partnerów lokalnych: nie ma ani rady osiedla, ani szkoły, ani biblioteki, ani innych "
            "organizacji z Gądowa.",
            "Na festynach będą stoiska organizacji, co daje okazję do współpracy, choć nie wskazano, "
            "których.")),
        "B5": ((1, 1, 2), (
            "Fundacja nie ma lokalu i nie wie, gdzie będzie działać; nie da się ocenić jego wykorzystania.",
            "Lokalu nie ma, a wynajmowane sale nie są miejscem spotkań mieszkańców; kryterium jest spełnione "
            "w niewielkim stopniu.",
            "Oferent planuje znaleźć lokal i do tego czasu korzysta z wynajmowanych sal; to rozwiązanie "
            "przejściowe, ale realne.")),
        "B6": ((2, 2, 4), (
            "Jedyny wskaźnik festynów to szacowana liczba uczestników; nie ma miary integracji, którą oferent "
            "obiecuje.",
            "Monitoring „szacunkiem” 6 000 uczestników nie pozwala sprawdzić rezultatu; brak wskaźników "
            "zmiany w społeczności.",
            "Liczba spotkań klubu seniora jest mierzalna i weryfikowana listami obecności; festyny trudno "
            "mierzyć inaczej.")),
        "B7": ((0, 1, 1), (
            "Oferta w ogóle nie wspomina o innych centrach aktywności lokalnej ani o sieci operatorów.",
            "Nie ma mowy o sieci CAL; fundacja współpracuje z radami osiedli przy festynach, co daje minimalną "
            "wymianę doświadczeń.",
            "Fundacja zna wiele dzielnic z wcześniejszych wydarzeń, ale nie deklaruje współpracy z innymi "
            "operatorami CAL.")),
        "C1": ((5, 4, 7), (
            "Koordynator zna organizację imprez masowych, ale oferta nie opisuje kompetencji w pracy "
            "ze społecznością lokalną.",
            "Kwalifikacje zespołu pasują do festynów, nie do animacji lokalnej; specjalistka od seniorów jest "
            "jedyną osobą z doświadczeniem środowiskowym.",
            "Zespół jest doświadczony i ma sprawdzoną sieć podwykonawców, co daje pewność jakości "
            "wydarzeń.")),
        "D1": ((6, 4, 10), (
            "Koszty festynów (72 000 zł) dominują w budżecie, a sprzęt nagłośnieniowy za 14 000 zł budzi "
            "wątpliwości przy stałej współpracy z podwykonawcami.",
            "Budżet nie odpowiada zadaniu CAL: prawie połowa to festyny, wyjazdy i gadżety, a koordynacja "
            "finansowa powiela obsługę księgową.",
            "Kalkulacja jest poprawna arytmetycznie, stawki są rynkowe, a każda pozycja ma działanie w "
            "harmonogramie.")),
        "E1": ((3, 3, 3), (
            "Środki własne (8 000 zł) i wpłaty uczestników wyjazdów (6 000 zł) nieznacznie przekraczają "
            "minimum.",
            "Udział środków własnych spełnia minimum, a wpłaty uczestników dotyczą tylko wyjazdów.",
            "Oferent łączy środki własne i wpłaty uczestników, ale razem stanowią niewielką część kosztów.")),
        "F1": ((1, 0, 2), (
            "Oferta nie wycenia pracy wolontariuszy ani wkładu rzeczowego; jedyny wkład to własny sprzęt, "
            "którego nie wyceniono.",
            "Brak wkładu osobowego i rzeczowego w kosztorysie; fundacja nie planuje pracy wolontariuszy.",
            "Fundacja nie wyceniła wkładu, ale z opisu wynika, że przy festynach pomagają wolontariusze.")),
        "G1": ((5, 5, 5), (
            "Wcześniejsze zadania fundacji zostały rozliczone terminowo; nie ma podstaw do odjęcia punktów.",
            "Brak informacji o uchybieniach przy wcześniejszych zadaniach z zakresu kultury i rekreacji.",
            "Urząd nie wskazał nieprawidłowości w rozliczeniach fundacji, więc punkty pozostają bez zmian.")),
    },
}


def load_calibration(rubric: Rubric, competition: Competition, people: dict[str, User]) -> None:
    """Start the round with both samples and submit every scorer's calibration cards (the last one closes it)."""
    calibration = start_round(people["secretary"], competition, list(CARDS))
    db.session.commit()
    for sample in calibration.samples:
        context = competition.context_for(sample.applicant_prior_tasks)
        texts = CARDS[sample.key]
        for index, key in enumerate(SCORERS):
            entries = {c.id: CriterionScore(c.id, Decimal(texts[c.id][0][index]), False, texts[c.id][1][index])
                       for c, _status in scored_criteria(rubric, context)}
            result = save_calibration_card(people[key], sample, rubric, entries, None, submit=True)
            if not result.submitted:
                raise RuntimeError(f"demo calibration card not valid: {result.problems}")
