"""What every request and response goes through: bounded ids in URLs, clean text input, security headers."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

# Ids are INTEGER columns: PostgreSQL holds up to 2^31 - 1 there (and refuses to compare with more),
# so a bigger id is an address that cannot exist.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:…>`` in every route: an id above what the database holds is a 404, not a database error."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_web(app: Flask) -> None:
    """Install the URL converter (before any route is added)."""
    app.url_map.converters["int"] = IdConverter
