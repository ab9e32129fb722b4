"""The updated offer: the offer's checks, the grant held to the amount awarded, and the side-by-side figures."""

from dataclasses import replace
from decimal import Decimal as D

from app.core.offer import CostCategory, CostRow, FundingSources
from app.core.offer_checks import CallTerms, IssueCode
from app.core.offer_update import compare_budgets, update_findings
from app.core.rubric import CallMode
from tests.factories import sample_offer_form

TERMS = CallTerms(CallMode.SUPPORT, min_own_share=D("0.015"))


def updated_offer():
    """The sample offer (66 000: grant 64 000) cut to a grant of 50 000: the animator for 9 months, not 12."""
    original = sample_offer_form()
    costs = (replace(original.costs[0], units=D(9), value=D("45000.00"), by_year=(D("45000.00"),)),
             original.costs[1],
             CostRow(number="I.2", category=CostCategory.ACTIONS, cost_type="Materiały", unit="komplet",
                     unit_cost=D("1000.00"), units=D(1), value=D("1000.00"), by_year=(D("1000.00"),)))
    return original, replace(original, costs=costs, funding=FundingSources(
        total_costs=D("52000.00"), grant=D("50000.00"), own_financial=D("1000.00"), own_non_financial=D("1000.00")))


def test_an_update_that_adds_up_to_the_amount_awarded_has_no_issues():
    _, updated = updated_offer()
    findings = update_findings(updated, TERMS, D("50000.00"))
    assert findings.issues == [] and findings.grant_matches and findings.ok


def test_the_grant_is_held_to_the_amount_awarded_and_the_offers_checks_still_apply():
    _, updated = updated_offer()
    findings = update_findings(replace(updated, funding=replace(updated.funding, grant=D("51000.00"))), TERMS,
                               D(50000))
    # 51 000 + 2 000 = 53 000 ≠ 52 000 total costs, and 51 000 is not the 50 000 awarded
    assert [i.code for i in findings.issues] == [IssueCode.FUNDING_SUM_MISMATCH]
    assert (findings.grant, findings.awarded, findings.grant_matches, findings.ok) == (
        D("51000.00"), D(50000), False, False)
    less = update_findings(updated, TERMS, D("50000.01"))
    assert less.issues == [] and not less.grant_matches and not less.ok


def test_figures_side_by_side():
    original, updated = updated_offer()
    comparison = compare_budgets(original, updated)
    funding = {f.key: (f.original, f.updated, f.difference) for f in comparison.funding}
    assert funding["total_costs"] == (D("66000.00"), D("52000.00"), D("-14000.00"))
    assert funding["grant"] == (D("64000.00"), D("50000.00"), D("-14000.00"))
    assert [(p.key, p.original, p.updated) for p in comparison.parts] == [
        ("actions", D("60000.00"), D("46000.00")), ("administrative", D("6000.00"), D("6000.00"))]
    rows = {r.key: (r.original, r.updated, r.difference) for r in comparison.cost_rows}
    assert rows == {"I.1": (D("60000.00"), D("45000.00"), D("-15000.00")),
                    "II.1": (D("6000.00"), D("6000.00"), D(0)), "I.2": (None, D("1000.00"), None)}
    # own contribution 2 000: 3,03 % of 66 000 before, 3,85 % of 52 000 after
    assert comparison.own_share == (D("0.0303"), D("0.0385"))
