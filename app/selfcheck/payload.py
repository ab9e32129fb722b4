"""The draft as JSON, signed, so that the report's forms can send it back and nothing is kept.

Without an account the draft lives only in the pages: the report page carries it in a hidden
field, and "download PDF", "count my self-score" and "save" send it back. It is signed with
a key derived from SECRET_KEY, so a payload that was changed on the way is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import current_app
from itsdangerous import BadData, URLSafeSerializer

from app.core.drafts import BudgetNotChecked, BudgetSkip, Draft, DraftPart, DraftSource, form_draft
from app.core.offer import Offer, offer_from_dict, offer_to_dict

SALT = "cal-selfcheck-draft-v1"


@dataclass(frozen=True)
class Sealed:
    """A draft and what it is checked against, as the report's forms carry it."""

    draft: Draft
    rubric_id: str
    rubric_version: str
    competition_id: int | None = None
    draft_id: int | None = None  # the saved draft this one updates (an NGO account's)


class PayloadRefused(ValueError):
    """The payload is not one this app signed, or not a draft."""


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=SALT)


def seal(sealed: Sealed) -> str:
    """The draft and its target as one signed, compressed string."""
    return _serializer().dumps({"draft": draft_to_dict(sealed.draft),
                                "rubric": [sealed.rubric_id, sealed.rubric_version],
                                "competition": sealed.competition_id, "draft_id": sealed.draft_id})


def unseal(token: str) -> Sealed:
    """What seal() wrote; PayloadRefused when the signature or the content is wrong."""
    try:
        data = _serializer().loads(token or "")
    except BadData:
        raise PayloadRefused("bad signature") from None
    try:
        rubric_id, version = data["rubric"]
        competition, draft_id = data.get("competition"), data.get("draft_id")
        if not all(isinstance(v, str) for v in (rubric_id, version)) or not all(
                v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in (competition, draft_id)):
            raise ValueError("wrong types")
        return Sealed(draft_from_dict(data["draft"]), rubric_id, version, competition, draft_id)
    except (ValueError, KeyError, TypeError) as error:
        raise PayloadRefused(str(error)) from None


def draft_to_dict(draft: Draft) -> dict[str, Any]:
    """The draft as JSON-ready data; a form draft is its offer, a file draft its located paragraphs."""
    data: dict[str, Any] = {"source": draft.source.value}
    if draft.offer is not None:
        data["offer"] = offer_to_dict(draft.offer)
    if draft.source is not DraftSource.FORM:
        data["filename"] = draft.filename
        data["parts"] = [[p.text, p.section, p.page, p.paragraph, p.heading, p.form_text] for p in draft.parts]
        if draft.budget_skip is not None:
            data["budget_skip"] = {"reason": draft.budget_skip.reason.value, "params": draft.budget_skip.params}
        if draft.stated_costs_total is not None:
            data["stated_costs_total"] = str(draft.stated_costs_total)
    return data


def draft_from_dict(data: Any) -> Draft:
    """Read a draft from draft_to_dict's output; ValueError when it is not one."""
    if not isinstance(data, dict) or set(data) - {"source", "offer", "filename", "parts", "budget_skip",
                                                  "stated_costs_total"}:
        raise ValueError("not a self-check draft")
    source = DraftSource(data.get("source"))
    offer = offer_from_dict(data["offer"]) if data.get("offer") is not None else None
    if source is DraftSource.FORM:
        return form_draft(offer or Offer())
    filename = data.get("filename", "")
    parts = data.get("parts", [])
    if not isinstance(filename, str) or not isinstance(parts, list):
        raise ValueError("filename must be a string and parts a list")
    skip = data.get("budget_skip")
    budget_skip = None
    if skip is not None:
        if not isinstance(skip, dict) or not isinstance(skip.get("params", {}), dict):
            raise ValueError("budget_skip must be an object")
        params = skip.get("params", {})
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in params.items()):
            raise ValueError("budget_skip.params must map strings to strings")
        budget_skip = BudgetNotChecked(BudgetSkip(skip.get("reason")), dict(params))
    stated = data.get("stated_costs_total")
    if stated is not None:
        try:
            stated = Decimal(stated) if isinstance(stated, str) else None
        except InvalidOperation:
            stated = None
        if stated is None or not stated.is_finite():
            raise ValueError("stated_costs_total must be an amount")
    return Draft(source, tuple(_part(item) for item in parts), offer, budget_skip, filename, stated)


def _part(item: Any) -> DraftPart:
    if not isinstance(item, list) or len(item) != 6:
        raise ValueError("a part is [text, section, page, paragraph, heading, form_text]")
    text, section, page, paragraph, heading, form_text = item
    if (not isinstance(text, str) or not isinstance(section, str | None)
            or not isinstance(heading, bool) or not isinstance(form_text, bool)
            or not all(n is None or (isinstance(n, int) and not isinstance(n, bool)) for n in (page, paragraph))):
        raise ValueError("a part has a wrong type")
    return DraftPart(text, section, page=page, paragraph=paragraph, heading=heading, form_text=form_text)
