"""Pages of the NGO self-check: a draft offer read against the rubric before the deadline."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("selfcheck", __name__, url_prefix="/samoocena")
