"""What every request and response goes through: bounded ids in URLs, clean text input, security headers."""

from __future__ import annotations

from flask import Flask, Response
from werkzeug.routing import IntegerConverter

# Ids are INTEGER columns: PostgreSQL holds up to 2^31 - 1 there (and refuses to compare with more),
# so a bigger id is an address that cannot exist.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:…>`` in every route: an id above what the database holds is a 404, not a database error."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


# Scripts, styles and images come from app/static only: no inline script, style attribute or event handler
# would run, so injected markup cannot act. Nobody may frame the pages (clickjacking) or receive a form.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "font-src 'self'",
    "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
))
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    # other sites learn only that someone came from this one, never an offer's or a competition's address
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def add_security_headers(response: Response) -> Response:
    """The same security headers on every response: pages, redirects, error pages, files, static files."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_web(app: Flask) -> None:
    """Install the URL converter (before any route is added) and the security headers."""
    app.url_map.converters["int"] = IdConverter
    app.after_request(add_security_headers)
