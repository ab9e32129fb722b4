"""Normalising source text, finding quotes, and telling which chapter they stand under."""

from pathlib import Path

from app.core.source_text import SourceDocument, Span, normalise, word_count

MINI = (Path(__file__).parents[1] / "data" / "source-mini.txt").read_text(encoding="utf-8")


def test_normalise_joins_hyphenation_and_unifies_quotes_dashes_and_spaces():
    raw = "doświa-\n  dczenia „kadry” — i “partnerów”\t– razem"
    assert normalise(raw) == 'doświadczenia "kadry" - i "partnerów" - razem'


def test_normalise_keeps_a_hyphen_before_a_capital_or_digit():
    assert normalise("Bielsko-\nBiała 2018-\n2022") == "Bielsko-Biała 2018-2022"


def test_word_count():
    assert word_count("Partnerstwo lokalne łączy potencjały — partnerów.") == 5


def test_headings_are_one_line_paragraphs_and_a_list_dash_is_dropped():
    document = SourceDocument(MINI)
    assert document.headings == ("Wzorcowy dokument źródłowy do testów", "Wartości", "Partnerstwo i sieć", "Finanse")


def test_a_quote_is_found_across_a_hyphenated_line_break():
    document = SourceDocument(MINI)
    spans = document.find("kompetencje i doświadczenie zespołu są niezbędną podstawą")
    assert len(spans) == 1
    assert document.chapter_at(spans[0].start) == "Wartości"


def test_a_quote_must_start_and_end_on_word_boundaries():
    document = SourceDocument(MINI)
    assert document.find("artnerstwo zakłada") == []
    assert document.find("Partnerstwo zakład") == []
    assert len(document.find("Partnerstwo zakłada")) == 1


def test_a_changed_word_is_not_found():
    document = SourceDocument(MINI)
    assert document.find("Potencjał kadrowy, kompetencje i doświadczenie kadry") == []


def test_chapter_of_a_heading_line_is_the_heading_above_it():
    document = SourceDocument(MINI)
    [span] = document.find("Finanse")
    assert document.chapter_at(span.start) == "Partnerstwo i sieć"


def test_spans_overlap_only_when_they_share_characters():
    assert Span(0, 10).overlaps(Span(9, 12))
    assert not Span(0, 10).overlaps(Span(10, 12))
