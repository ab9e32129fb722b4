"""The fictional sample offers that come with the application, for a call's calibration round."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.core.offer import Offer, offer_from_dict

SAMPLES_FILE = Path(__file__).resolve().parents[1] / "demo" / "data" / "calibration_samples.json"


@dataclass(frozen=True)
class ShippedSample:
    """A fictional sample offer: its key, its label, and the offer form's content."""

    key: str
    label: str
    applicant_prior_tasks: bool | None
    form_data: dict

    @property
    def offer(self) -> Offer:
        """The form's content as the core's Offer."""
        return offer_from_dict(self.form_data)


@cache
def shipped_samples() -> tuple[ShippedSample, ...]:
    """Every shipped sample, in the file's order (read once)."""
    items = json.loads(SAMPLES_FILE.read_text(encoding="utf-8"))
    return tuple(ShippedSample(i["key"], i["label"], i.get("prior_tasks"), i["form"]) for i in items)


def shipped_sample(key: str) -> ShippedSample | None:
    """The shipped sample with this key, if any."""
    return next((s for s in shipped_samples() if s.key == key), None)
