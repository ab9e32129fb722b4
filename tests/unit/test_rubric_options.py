"""Call options in a rubric file: parsed, validated (one test per defect class) and applied to a call's rubric."""

import shutil
from decimal import Decimal

import pytest

from app.core.rubric import AssessmentContext, CallMode, OptionKind
from app.rubrics.loader import load_rubric

from .test_rubric_validation import DATA, MINI, messages, only_message

# Three options on the mini rubric: an extra criterion in B, a variant of A2, a formal-stage condition.
OPTIONS = '''
[[options]]
id = "prevention"
kind = "criterion"
section = "B"
title = { pl = "Profilaktyka", en = "Prevention" }
description = { pl = "Konkurs finansuje też profilaktykę.", en = "The call also funds prevention." }

  [options.criterion]
  id = "B3"
  title = { pl = "Działania profilaktyczne", en = "Prevention activities" }
  max_points = 4
  weight = 1
  legal_basis = "art. 15 ust. 1 pkt 1"

    [[options.criterion.levels]]
    min = 0
    max = 0
    label = { pl = "brak", en = "none" }
    text = { pl = "Brak działań.", en = "No activities." }

    [[options.criterion.levels]]
    min = 1
    max = 3
    label = { pl = "częściowo", en = "partly" }
    text = { pl = "Działania doraźne.", en = "Occasional activities." }

    [[options.criterion.levels]]
    min = 4
    max = 4
    label = { pl = "w pełni", en = "fully" }
    text = { pl = "Działania stałe.", en = "Regular activities." }

[[options]]
id = "city-premises"
kind = "variant"
replaces = "A2"
title = { pl = "Lokal miasta", en = "The city's premises" }

  [options.criterion]
  id = "A2"
  title = { pl = "Wykorzystanie lokalu", en = "Use of the premises" }
  max_points = 3
  weight = 1
  legal_basis = "art. 15 ust. 1 pkt 1"

    [[options.criterion.levels]]
    min = 0
    max = 0
    label = { pl = "brak", en = "none" }
    text = { pl = "Brak planu.", en = "No plan." }

    [[options.criterion.levels]]
    min = 1
    max = 2
    label = { pl = "częściowo", en = "partly" }
    text = { pl = "Plan ogólny.", en = "A general plan." }

    [[options.criterion.levels]]
    min = 3
    max = 3
    label = { pl = "w pełni", en = "fully" }
    text = { pl = "Plan szczegółowy.", en = "A detailed plan." }

[[options]]
id = "opening-hours"
kind = "condition"
title = { pl = "Godziny otwarcia", en = "Opening hours" }
condition = { pl = "CAL jest otwarty co najmniej 5 dni w tygodniu.", en = "The CAL is open at least 5 days a week." }
'''


def load_with_options(tmp_path, old="", new=""):
    shutil.copy(DATA / "source-mini.txt", tmp_path / "source-mini.txt")
    text = MINI + OPTIONS
    if old:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "options.toml"
    path.write_text(text, encoding="utf-8")
    return load_rubric(path, tmp_path)


def test_options_are_read_with_their_kinds(tmp_path):
    result = load_with_options(tmp_path)
    assert result.ok, messages(result)
    rubric = result.rubric
    assert [(o.id, o.kind) for o in rubric.options] == [
        ("prevention", OptionKind.CRITERION), ("city-premises", OptionKind.VARIANT),
        ("opening-hours", OptionKind.CONDITION)]
    assert rubric.options[0].section == "B" and rubric.options[1].replaces == "A2"
    assert rubric.options[2].condition.en == "The CAL is open at least 5 days a week."
    assert [c.id for c in rubric.criteria] == ["A1", "A2", "B1", "B2"]  # nothing applied until a call chooses


def test_a_call_rubric_applies_the_chosen_options_and_hashes_them_with_the_file(tmp_path):
    rubric = load_with_options(tmp_path).rubric
    chosen = rubric.with_options(["prevention", "city-premises", "opening-hours"])
    assert [c.id for c in chosen.criteria] == ["A1", "A2", "B1", "B2", "B3"]
    assert chosen.criterion("A2").title.en == "Use of the premises"
    # 10×2 + 3 + 4×0.5 + 6 + 4 = 35 (the file alone: 10×2 + 5 + 4×0.5 + 6 = 33)
    assert (rubric.max_points, chosen.max_points) == (Decimal(33), Decimal(35))
    assert [o.id for o in chosen.conditions] == ["opening-hours"]
    assert chosen.content_hash not in (rubric.content_hash, rubric.with_options(["prevention"]).content_hash)
    assert chosen.content_hash == rubric.with_options(["opening-hours", "city-premises", "prevention"]).content_hash
    assert rubric.with_options([]) is rubric
    assert rubric.with_options(["opening-hours"]).criteria == rubric.criteria
    support = AssessmentContext(CallMode.SUPPORT, applicant_prior_tasks=True)
    assert chosen.criterion("B3").applicability_for(support).value == "applies"


def test_an_option_the_rubric_does_not_declare_is_refused(tmp_path):
    with pytest.raises(ValueError, match="no option nightlife"):
        load_with_options(tmp_path).rubric.with_options(["nightlife"])


@pytest.mark.parametrize("old, new, expected", [
    ('kind = "condition"', 'kind = "bonus"', "option opening-hours: kind 'bonus' must be one of"),
    ('id = "opening-hours"', 'id = "prevention"', "option prevention: duplicate option id 'prevention'"),
    ('id = "opening-hours"', 'id = "Opening hours"', "option Opening hours: id must be lower-case"),
    ('section = "B"', 'section = "Z"', "option prevention: section 'Z' is not a section of the rubric"),
    ('  id = "B3"', '  id = "B1"', "duplicate criterion id 'B1'"),
    ('replaces = "A2"', 'replaces = "A9"', "option city-premises: replaces 'A9', which is not a criterion"),
    ('  id = "A2"\n  title = { pl = "Wykorzystanie', '  id = "A3"\n  title = { pl = "Wykorzystanie',
     "option city-premises: a variant keeps the id of the criterion it replaces ('A2'), not 'A3'"),
    ('condition = { pl = "CAL', 'conditions = { pl = "CAL', "option opening-hours: missing field 'condition'"),
    ('  weight = 1\n  legal_basis = "art. 15 ust. 1 pkt 1"', '  legal_basis = "art. 15 ust. 1 pkt 1"',
     "option prevention: give its criterion a weight exactly when"),
    ('    min = 3\n    max = 3\n    label = { pl = "w pełni", en = "fully" }\n    text = { pl = "Plan szczegółowy.',
     '    min = 2\n    max = 3\n    label = { pl = "w pełni", en = "fully" }\n    text = { pl = "Plan szczegółowy.',
     "overlap"),
])
def test_every_defect_of_an_option_is_named(tmp_path, old, new, expected):
    assert expected in only_message(load_with_options(tmp_path, old, new))


def test_a_variant_without_a_criterion_is_refused(tmp_path):
    result = load_with_options(tmp_path, 'kind = "condition"', 'kind = "variant"')
    assert messages(result) == ["option opening-hours: missing table 'criterion'"]
