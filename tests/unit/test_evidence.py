"""Finding a criterion's evidence hints in a draft offer: lemmas, offsets, paragraphs, snippets."""

from decimal import Decimal
from pathlib import Path

import pytest

from app.core.evidence import CachedLemmatizer, DraftDocument, evidence_by_criterion, find_evidence
from app.core.rubric import Criterion, LocalizedText

DATA = Path(__file__).resolve().parents[1] / "data"
RUBRIC = Path(__file__).resolve().parents[2] / "rubrics" / "cal-2021.toml"


LEMMAS = {
    "sąsiadami": "sąsiad", "sąsiedzi": "sąsiad", "sąsiadów": "sąsiad",
    "partnerstwach": "partnerstwo", "partnerstwie": "partnerstwo",
    "radą": "rada", "radzie": "rada", "rady": "rada",
    # Like simplemma, this one reads the genitive "osiedla" as the verb osiedlać.
    "osiedla": "osiedlać", "osiedli": "osiedle",
    "świetlicy": "świetlica", "świetlicą": "świetlica",
    "mops-em": "mops",
    "sąsiedzkie": "sąsiedzki", "sąsiedzko-partnerskie": "sąsiedzko-partnerski",
    "kosztów": "koszt", "jednostkowych": "jednostkowy", "koszty": "koszt", "jednostkowe": "jednostkowy",
}


class DictLemmatizer:
    """A lemmatiser that knows only the words it is given: the tests do not depend on a dictionary."""

    def __init__(self, lemmas=None):
        self.lemmas = LEMMAS if lemmas is None else lemmas
        self.calls = []

    def lemma(self, word):
        self.calls.append(word)
        return self.lemmas.get(word, word)


@pytest.fixture
def lemmatizer():
    return DictLemmatizer()


def only(matches):
    assert len(matches) == 1, matches
    return matches[0]


def test_an_inflected_form_matches_its_lemma_with_exact_offsets(lemmatizer):
    text = "Spotykamy się z sąsiadami."
    match = only(find_evidence(text, ["sąsiad"], lemmatizer))
    assert (match.hint, match.text, match.start, match.end, match.paragraph) == ("sąsiad", "sąsiadami", 16, 25, 1)
    assert text[match.start:match.end] == "sąsiadami"


def test_a_plural_locative_matches(lemmatizer):
    match = only(find_evidence("Działamy w partnerstwach lokalnych.", ["partnerstwo"], lemmatizer))
    assert (match.text, match.start, match.end) == ("partnerstwach", 11, 24)


@pytest.mark.parametrize("text, surface", [
    ("Plan uzgodnimy z radą osiedla Kozanów.", "radą osiedla"),
    ("Plan uzgodnimy z Radą Osiedla Kozanów.", "Radą Osiedla"),
    ("Wniosek omówimy na RADZIE OSIEDLA w maju.", "RADZIE OSIEDLA"),
])
def test_a_two_word_hint_matches_consecutive_words(lemmatizer, text, surface):
    # "osiedla" in the hint is no lemma: it matches the draft's "osiedla" as a form.
    match = only(find_evidence(text, ["rada osiedla"], lemmatizer))
    assert (match.text, match.start) == (surface, text.index(surface))


def test_a_hint_word_also_matches_through_its_own_lemma():
    lemmatizer = DictLemmatizer({**LEMMAS, "osiedla": "osiedle"})
    match = only(find_evidence("Piszemy do Rady Osiedli Psie Pole.", ["rada osiedla"], lemmatizer))
    assert match.text == "Rady Osiedli"


@pytest.mark.parametrize("text", [
    "Rada, osiedla i ulice.",                  # a comma between the words
    "Zaprosimy radę.\nOsiedla są dwa.",        # a paragraph between them
    "Osiedla radą nie zastąpi.",               # the wrong order
])
def test_a_two_word_hint_needs_the_words_side_by_side(lemmatizer, text):
    assert find_evidence(text, ["rada osiedla"], lemmatizer) == []


def test_no_match_where_the_draft_does_not_use_the_hint(lemmatizer):
    text = "Festyn sąsiedzkie spotkania, partnerzy i sąsiedzko-partnerskie działania."
    assert find_evidence(text, ["sąsiad", "partnerstwo", "świetlica"], lemmatizer) == []


def test_a_hint_is_not_found_inside_a_longer_word(lemmatizer):
    assert find_evidence("Współpartnerstwach i partnerstwachowych.", ["partnerstwo"], lemmatizer) == []


def test_capitals_and_polish_letters(lemmatizer):
    text = "ŚWIETLICY nie ma. Świetlicą zarządza zarząd; w świetlicy też."
    matches = find_evidence(text, ["świetlica"], lemmatizer)
    assert [(m.text, m.start) for m in matches] == [("ŚWIETLICY", 0), ("Świetlicą", 18), ("świetlicy", 47)]


def test_quotes_and_dashes_stay_outside_the_match(lemmatizer):
    text = "Nasi „Sąsiedzi” – czyli sąsiadów grupa – oraz (sąsiadami)."
    matches = find_evidence(text, ["sąsiad"], lemmatizer)
    assert [m.text for m in matches] == ["Sąsiedzi", "sąsiadów", "sąsiadami"]
    assert [text[m.start - 1] for m in matches] == ["„", " ", "("]


def test_a_hyphenated_word_is_one_word(lemmatizer):
    match = only(find_evidence("Umowę z MOPS-em podpisaliśmy.", ["mops"], lemmatizer))
    assert (match.text, match.start, match.end) == ("MOPS-em", 8, 15)


def test_letters_written_with_combining_marks_and_soft_hyphens(lemmatizer):
    decomposed = "W s\u0301wietlicy i w świet\u00adlicy."  # ś as s + U+0301; a soft hyphen from Word
    matches = find_evidence(decomposed, ["świetlica"], lemmatizer)
    assert [decomposed[m.start:m.end] for m in matches] == ["s\u0301wietlicy", "świet\u00adlicy"]


def test_paragraph_numbers_skip_blank_lines_and_accept_windows_line_ends(lemmatizer):
    text = "Wstęp.\r\n\r\nPracujemy z sąsiadami.\r\nDrugi akapit\u000bz ręcznym złamaniem: sąsiedzi.\n\n\nKoniec."
    matches = find_evidence(text, ["sąsiad"], lemmatizer)
    assert [(m.text, m.paragraph) for m in matches] == [("sąsiadami", 2), ("sąsiedzi", 3)]
    assert [text[m.start:m.end] for m in matches] == ["sąsiadami", "sąsiedzi"]


def test_matches_come_in_the_order_of_the_draft_then_of_the_hints(lemmatizer):
    text = "Koszty jednostkowe i sąsiadów koszty."
    matches = find_evidence(text, ["sąsiad", "koszt", "koszt jednostkowy"], lemmatizer)
    assert [(m.hint, m.text) for m in matches] == [
        ("koszt", "Koszty"), ("koszt jednostkowy", "Koszty jednostkowe"), ("sąsiad", "sąsiadów"), ("koszt", "koszty"),
    ]


def test_the_snippet_is_the_sentence_and_holds_the_match(lemmatizer):
    text = "Pierwsze zdanie. Spotkania z sąsiadami odbywają się np. w świetlicy przy ul. Kolejowej. Trzecie zdanie."
    match = only(find_evidence(text, ["sąsiad"], lemmatizer))
    snippet = match.snippet
    assert snippet.text == "Spotkania z sąsiadami odbywają się np. w świetlicy przy ul. Kolejowej."
    assert snippet.text[snippet.match_start:snippet.match_end] == "sąsiadami"
    assert (snippet.before, snippet.match, snippet.after) == (
        "Spotkania z ", "sąsiadami", " odbywają się np. w świetlicy przy ul. Kolejowej.")
    assert snippet.start + snippet.match_start == match.start
    assert not snippet.clipped_before and not snippet.clipped_after


def test_a_long_sentence_is_cut_to_the_context_words(lemmatizer):
    text = "jeden dwa trzy cztery pięć z sąsiadami sześć siedem osiem dziewięć dziesięć."
    snippet = only(find_evidence(text, ["sąsiad"], lemmatizer, context_words=2)).snippet
    assert (snippet.text, snippet.match) == ("pięć z sąsiadami sześć siedem", "sąsiadami")
    assert snippet.clipped_before and snippet.clipped_after


def test_an_ordinal_number_or_a_small_letter_does_not_start_a_sentence():
    document = DraftDocument("Zajęliśmy 3. miejsce w konkursie. Potem ok. 40 osób przyszło! A dalej?")
    starts = [document.sentence_at(document.text.index(w))[0] for w in ("miejsce", "osób", "dalej")]
    assert starts == [0, document.text.index("Potem"), document.text.index("A dalej")]


def test_the_document_splits_words_with_offsets():
    document = DraftDocument("  Rada Osiedla „Kozanów” – MOPS-u, 2024 r.")
    assert [(w.text, w.start, w.end, w.key) for w in document.words] == [
        ("Rada", 2, 6, "rada"), ("Osiedla", 7, 14, "osiedla"), ("Kozanów", 16, 23, "kozanów"),
        ("MOPS-u", 27, 33, "mops-u"), ("r", 40, 41, "r"),
    ]


def test_each_distinct_word_is_lemmatised_once(lemmatizer):
    text = "sąsiadami " * 50 + "radą " * 50
    find_evidence(text, ["sąsiad", "rada osiedla", "partnerstwo"], lemmatizer)
    assert sorted(lemmatizer.calls) == sorted(set(lemmatizer.calls))


def test_a_cached_lemmatizer_asks_its_base_once(lemmatizer):
    cached = CachedLemmatizer(lemmatizer)
    assert [cached.lemma("radą"), cached.lemma("radą")] == ["rada", "rada"]
    assert lemmatizer.calls == ["radą"]


def test_evidence_by_criterion_reads_the_draft_once_for_all_criteria(lemmatizer):
    text = "W świetlicy działamy w partnerstwie z radą osiedla."
    label = LocalizedText("x", "x")

    def criterion(cid, hints):
        return Criterion(id=cid, title=label, max_points=Decimal(1), step=Decimal(1), descriptors=(),
                         evidence_hints=hints)

    found = evidence_by_criterion(text, [criterion("B4", ("partnerstwo", "rada osiedla")),
                                         criterion("B5", ("świetlica",)), criterion("G1", ("umowa",))], lemmatizer)
    assert {cid: [m.text for m in matches] for cid, matches in found.items()} == {
        "B4": ["partnerstwie", "radą osiedla"], "B5": ["świetlicy"], "G1": []}
    assert sorted(lemmatizer.calls) == sorted(set(lemmatizer.calls))


# --- the test file of Polish forms and the real lemmatiser --------------------------------------

def read_pairs():
    lines = (DATA / "lemmas-pl.tsv").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line.strip() and not line.startswith("#")]


def rubric_hint_words():
    import tomllib

    data = tomllib.loads(RUBRIC.read_text(encoding="utf-8"))
    return {word for s in data["sections"] for c in s["criteria"] for h in c["evidence_hints"] for word in h.split()}


def test_the_form_file_is_well_formed():
    pairs = read_pairs()
    assert len(pairs) >= 120
    assert all(len(pair) == 2 and all(p == p.strip().lower() and p for p in pair) for pair in pairs)
    assert len({form for form, _ in pairs}) == len(pairs)


def test_the_form_file_covers_every_evidence_hint_word():
    pairs = read_pairs()
    lemmas, forms = {lemma for _, lemma in pairs}, {form for form, _ in pairs}
    assert sorted(w for w in rubric_hint_words() if w not in lemmas and w not in forms) == []


def test_the_real_lemmatizer_finds_every_form_of_a_hint_word_in_the_form_file():
    from app.selfcheck.lemmatizer import simplemma_lemmatizer

    lemmatizer = simplemma_lemmatizer()
    pairs = read_pairs()
    lemma_of = dict(pairs)
    hint_of = {lemma_of.get(word, word): word for word in rubric_hint_words()}
    missed = [form for form, lemma in pairs if lemma in hint_of
              and not find_evidence(f"W ofercie: {form}.", [hint_of[lemma]], lemmatizer)]
    assert missed == []


def test_the_real_lemmatizer_on_a_draft_sentence():
    from app.selfcheck.lemmatizer import simplemma_lemmatizer

    text = ("Z Radą Osiedla i z MOPS-em przygotujemy spacery badawcze; sąsiadami zajmie się animatorka, "
            "a wolontariuszy wesprze koordynatorka. Monitorowania rezultatów dokonamy wspólnie.")
    hints = ["rada osiedla", "mops", "spacer badawczy", "sąsiad", "wolontariusz", "monitorowanie", "rezultat"]
    found = find_evidence(text, hints, simplemma_lemmatizer())
    assert [(m.hint, m.text) for m in found] == [
        ("rada osiedla", "Radą Osiedla"), ("mops", "MOPS-em"), ("spacer badawczy", "spacery badawcze"),
        ("sąsiad", "sąsiadami"), ("wolontariusz", "wolontariuszy"), ("monitorowanie", "Monitorowania"),
        ("rezultat", "rezultatów"),
    ]


# --- word families and words near each other (issue #16's recall) ---------------------------------


def test_a_hint_word_with_alternatives_matches_any_of_them(lemmatizer):
    lemmas = {**LEMMAS, "zapytaliśmy": "zapytać", "pytamy": "pytać"}
    hint = "pytać|zapytać sąsiad"
    for text, surface in (("Zapytaliśmy sąsiadów o plany.", "Zapytaliśmy sąsiadów"),
                          ("Co roku pytamy sąsiadów o plany.", "pytamy sąsiadów")):
        match = only(find_evidence(text, [hint], DictLemmatizer(lemmas)))
        assert (match.hint, match.text) == (hint, surface)
    assert find_evidence("Zapytaliśmy radę osiedla.", [hint], DictLemmatizer(lemmas)) == []


@pytest.mark.parametrize("text, surface", [
    ("Raz w miesiącu sąsiedzi sami decydują o planie.", "sąsiedzi sami decydują"),
    ("O planie decydują sami sąsiedzi.", "decydują sami sąsiedzi"),
    ("Sąsiedzi, którzy przyjdą na zebranie w maju, sami decydują.", "Sąsiedzi, którzy przyjdą na zebranie w maju, "
                                                                   "sami decydują"),
])
def test_words_near_each_other_match_in_any_order_within_a_sentence(text, surface):
    lemmas = {**LEMMAS, "sami": "sam", "decydują": "decydować"}
    match = only(find_evidence(text, ["sąsiad + sam + decydować"], DictLemmatizer(lemmas)))
    assert match.text == surface and text[match.start:match.end] == surface


@pytest.mark.parametrize("text", [
    "Sąsiedzi przyjdą. Sami decydujemy o planie.",  # two sentences
    "Sąsiedzi przyjdą na zebranie w maju, a potem w czerwcu i lipcu, wrześniu i październiku sami zdecydują.",
    "Sąsiedzi przyjdą na zebranie.",  # a word is missing
])
def test_words_near_each_other_do_not_match_across_sentences_or_far_apart(text):
    lemmas = {**LEMMAS, "sami": "sam", "decydujemy": "decydować", "zdecydują": "decydować"}
    assert find_evidence(text, ["sąsiad + sam + decydować"], DictLemmatizer(lemmas)) == []


@pytest.mark.parametrize("text", ["Lokal jest przy ul. Długiej.", "Punkt przy pl. Grunwaldzkim.",
                                  "Biuro przy al. Hallera."])
def test_an_abbreviation_before_its_full_stop_is_never_a_match(text):
    lemmas = {"ul": "ulica", "pl": "plac", "al": "aleja"}
    assert find_evidence(text, ["ulica", "plac", "aleja"], DictLemmatizer(lemmas)) == []
    assert only(find_evidence("Wyjdziemy na ulicę.", ["ulica"], DictLemmatizer({"ulicę": "ulica"}))).text == "ulicę"
