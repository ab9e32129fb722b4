"""The server's side of the secretary's live checks: messages with their operands, and what the script is given
(the script itself is driven in tests/browser/test_live_checks.py)."""

import html as html_lib
import json
import re
from dataclasses import replace
from decimal import Decimal

from flask_babel import force_locale

from app.core.offer import CostCategory, CostRow
from app.core.offer_checks import CallTerms, IssueCode, check_offer
from app.core.rubric import CallMode
from app.offers.views import issue_text
from tests.conftest import login
from tests.factories import sample_offer_form


def texts(app, form, terms, locale="pl") -> list[str]:
    with app.test_request_context(), force_locale(locale):
        return [issue_text(issue) for issue in check_offer(form, terms)]


def test_a_wrong_row_names_its_operands(app):
    row = CostRow(number="I.1", category=CostCategory.ACTIONS, cost_type="Animator", unit="miesiąc",
                  unit_cost=Decimal("4000.00"), units=Decimal(24), value=Decimal("90000.00"),
                  by_year=(Decimal("45000.00"), Decimal("45000.00")))
    form = replace(sample_offer_form(), costs=(row,))
    found = texts(app, form, CallTerms(CallMode.SUPPORT))
    assert ("Pozycja I.1: 4\u00a0000,00\u00a0zł × 24 = 96\u00a0000,00\u00a0zł, a w wierszu wpisano "
            "90\u00a0000,00\u00a0zł.") in found
    english = texts(app, form, CallTerms(CallMode.SUPPORT), "en")
    assert any(t.startswith("Row I.1: ") and " × 24 = " in t and ", but the row says " in t for t in english)


def test_the_own_contribution_message_carries_the_required_amount_and_its_base(app):
    form = sample_offer_form()  # own contribution 2 000,00 of 66 000,00
    terms = CallTerms(CallMode.SUPPORT, min_own_share=Decimal("0.05"))  # 5 % of 66 000 = 3 300
    [own] = [t for t in texts(app, form, terms) if "Wkład własny" in t]
    assert "wynosi 2\u00a0000,00\u00a0zł" in own and "co najmniej 3\u00a0300,00\u00a0zł" in own
    assert "5%" in own and "66\u00a0000,00\u00a0zł" in own


def test_agreement_messages_take_the_same_params_as_the_findings(app):
    from app.offers.check_messages import AGREEMENT_MESSAGES, ISSUE_MESSAGES

    params = {"row": "I.1", "unit_cost": "a", "units": "b", "product": "c", "value": "d", "costs_total": "e",
              "total_costs": "f", "grant": "g", "own_total": "h", "participant_payments": "i", "sources_total": "j",
              "own": "k", "required": "l", "min_share_percent": "m", "base": "n"}
    for locale in ("pl", "en"):
        with app.test_request_context(), force_locale(locale):
            for code, message in AGREEMENT_MESSAGES.items():
                used = set(re.findall(r"%\((\w+)\)s", str(message)))
                assert used <= set(re.findall(r"%\((\w+)\)s", str(ISSUE_MESSAGES[code]))) | {"row"}, code
                assert "%(" not in str(message) % params


def test_the_entry_page_gives_the_script_the_servers_messages_and_the_calls_terms(client, create_competition,
                                                                                  create_member):
    competition = create_competition(status="announced", min_own_share=Decimal("0.015"))
    login(client, create_member(competition, "secretary"))
    page = client.get(f"/konkursy/{competition.id}/oferty/nowa").get_data(as_text=True)
    checks = json.loads(html_lib.unescape(re.search(r'data-checks="([^"]*)"', page).group(1)))
    formats = json.loads(html_lib.unescape(re.search(r'data-formats="([^"]*)"', page).group(1)))
    assert checks["bad"][IssueCode.COST_VALUE_MISMATCH] == (
        "Pozycja %(row)s: %(unit_cost)s × %(units)s = %(product)s, a w wierszu wpisano %(value)s.")
    assert set(checks["ok"]) == {"cost_value_mismatch", "costs_total_mismatch", "funding_sum_mismatch",
                                 "own_share_too_low", "own_share_of_grant_too_low"}
    assert checks["own"] == {"applies": True, "base": "total_costs", "rows": "3.1+3.2", "code": "own_share_too_low",
                             "minShare": "0.0150", "minSharePercent": "1,5"}
    assert formats == {"decimal": ",", "group": "\u00a0", "money": "{}\u00a0zł", "share": "{}%"}
    assert "<script" not in page.split("</head>")[1]


def test_cost_rows_do_not_cut_the_type_of_cost(client, create_competition, create_member):
    competition = create_competition(status="announced")
    login(client, create_member(competition, "secretary"))
    page = client.get(f"/konkursy/{competition.id}/oferty/nowa").get_data(as_text=True)
    assert re.search(r'<textarea id="costs-0-cost_type" maxlength="300" name="costs-0-cost_type" rows="2">', page)
