"""`flask selfcheck …`: maintenance of the NGOs' saved self-check drafts."""

from __future__ import annotations

from flask.cli import AppGroup

selfcheck_cli = AppGroup("selfcheck", help="Maintain the NGOs' self-check drafts.")
