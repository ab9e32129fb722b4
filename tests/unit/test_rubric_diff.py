"""The diff of two rubric versions, criterion by criterion, on hand-made edits of the mini rubric."""

from decimal import Decimal

from app.core.rubric_diff import Change, FieldChange, rubric_diff
from app.rubrics.loader import load_rubric

from .test_rubric_options import load_with_options
from .test_rubric_validation import MINI, load_edited


def test_a_version_compared_with_itself_has_no_differences(tmp_path):
    rubric = load_edited(tmp_path).rubric
    diff = rubric_diff(rubric, rubric)
    assert diff.unchanged and diff.criteria == () and diff.options == ()


def test_points_and_a_moved_level_are_named(tmp_path):
    old = load_edited(tmp_path).rubric
    # A2: 5 → 6 points; its top level moves from 3,5–5 to 3,5–6 and is reworded
    top = ('    min = 3.5\n    max = 5\n    label = { pl = "w pełni", en = "fully" }\n'
           '    text = { pl = "Partnerzy z określonymi zadaniami."')
    source = MINI.replace("  max_points = 5\n  step = 0.5", "  max_points = 6\n  step = 0.5").replace(
        top, top.replace("max = 5", "max = 6").replace("określonymi zadaniami", "zadaniami i terminami"))
    (tmp_path / "new.toml").write_text(source, encoding="utf-8")
    new = load_rubric(tmp_path / "new.toml", tmp_path).rubric
    diff = rubric_diff(old, new)
    (a2,) = diff.criteria
    assert (a2.criterion_id, a2.change) == ("A2", Change.CHANGED)
    assert a2.fields == (FieldChange("max_points", "5", "6"),)
    assert [(lc.change, lc.old and (lc.old.min, lc.old.max), lc.new and (lc.new.min, lc.new.max))
            for lc in a2.levels] == [(Change.REMOVED, (Decimal("3.5"), Decimal(5)), None),
                                     (Change.ADDED, None, (Decimal("3.5"), Decimal(6)))]
    assert a2.levels[1].new.text.pl == "Partnerzy z zadaniami i terminami."
    assert a2.quotes == ()
    assert diff.max_points == (Decimal(33), Decimal(34))  # 10×2 + 5 + 4×0.5 + 6 → one more point in A2


def test_a_rewritten_level_and_a_removed_quote(tmp_path):
    old = load_edited(tmp_path).rubric
    new = load_edited(tmp_path, "Partnerzy wymienieni bez zadań.", "Partnerzy wymienieni, bez podziału zadań.").rubric
    (a2,) = rubric_diff(old, new).criteria
    (level,) = a2.levels
    assert level.change is Change.CHANGED and (level.old.min, level.old.max) == (Decimal("0.5"), Decimal(3))
    assert (level.old.text.pl, level.new.text.pl) == ("Partnerzy wymienieni bez zadań.",
                                                      "Partnerzy wymienieni, bez podziału zadań.")


def test_criteria_added_and_removed_and_options(tmp_path):
    old = load_edited(tmp_path).rubric
    new = load_with_options(tmp_path).rubric
    diff = rubric_diff(old, new)
    assert diff.criteria == ()  # the options add nothing to the card until a call chooses them
    assert [(o.option_id, o.change) for o in diff.options] == [
        ("prevention", Change.ADDED), ("city-premises", Change.ADDED), ("opening-hours", Change.ADDED)]
    assert diff.options[0].criterion.criterion_id == "B3" and diff.options[2].criterion is None
    back = rubric_diff(new, old)
    assert [(o.option_id, o.change) for o in back.options] == [
        ("prevention", Change.REMOVED), ("city-premises", Change.REMOVED), ("opening-hours", Change.REMOVED)]
    chosen = new.with_options(["prevention"])
    added = rubric_diff(old, chosen).criteria
    assert [(c.criterion_id, c.change, c.fields) for c in added] == [
        ("B3", Change.ADDED, (FieldChange("max_points", None, "4"),))]
    assert [lc.change for lc in added[0].levels] == [Change.ADDED] * 3
    removed = rubric_diff(chosen, old).criteria
    assert [(c.criterion_id, c.change) for c in removed] == [("B3", Change.REMOVED)]
