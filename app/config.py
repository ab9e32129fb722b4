"""Settings from environment variables, with safe defaults."""

from __future__ import annotations

import os
import secrets
from datetime import date
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("pl", "en")


def instance_path() -> str:
    """Where the SQLite database and the generated secret key live."""
    return os.environ.get("CAL_INSTANCE_PATH", str(PROJECT_ROOT / "instance"))


def database_url(instance_path: Path) -> str:
    """DATABASE_URL, or an SQLite file in the instance folder."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{instance_path / 'cal.sqlite3'}"
    return normalise_database_url(url)


def normalise_database_url(url: str) -> str:
    """Point PostgreSQL URLs at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, else one generated once into instance/secret_key."""
    from_env = os.environ.get("SECRET_KEY", "").strip()
    if from_env:
        return from_env
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="ascii").strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker starting at the same moment wrote it first
        return key_file.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


def _day(name: str, default: str) -> date:
    return date.fromisoformat(os.environ.get(name, default))


def legal_settings() -> dict:
    """Facts the accessibility statement and the RODO notice state; an installation sets its own."""
    env = os.environ.get
    return {
        "LEGAL_ENTITY": env("CAL_LEGAL_ENTITY", "Gmina Wrocław"),
        "LEGAL_CONTROLLER": env("CAL_LEGAL_CONTROLLER", "Prezydent Wrocławia"),
        "LEGAL_ADDRESS": env("CAL_LEGAL_ADDRESS", "pl. Nowy Targ 1-8, 50-141 Wrocław"),
        "LEGAL_SERVICE_NAME": env("CAL_LEGAL_SERVICE_NAME", "Ocena ofert CAL"),
        "LEGAL_SERVICE_URL": env("CAL_LEGAL_SERVICE_URL", "http://127.0.0.1:5000"),
        "LEGAL_DEPARTMENT": env("CAL_LEGAL_DEPARTMENT", "Wydział Partycypacji Społecznej Urzędu Miejskiego Wrocławia"),
        # Contacts are not guessed: until they are set, the pages say so plainly.
        "LEGAL_CONTACT_NAME": env("CAL_LEGAL_CONTACT_NAME") or None,
        "LEGAL_CONTACT_EMAIL": env("CAL_LEGAL_CONTACT_EMAIL") or None,
        "LEGAL_CONTACT_PHONE": env("CAL_LEGAL_CONTACT_PHONE") or None,
        "LEGAL_DPO_EMAIL": env("CAL_LEGAL_DPO_EMAIL") or None,
        "LEGAL_PUBLISHED_ON": _day("CAL_LEGAL_PUBLISHED_ON", "2026-11-25"),
        "LEGAL_UPDATED_ON": _day("CAL_LEGAL_UPDATED_ON", "2026-11-25"),
        "LEGAL_CHECKED_ON": _day("CAL_LEGAL_CHECKED_ON", "2026-11-25"),
        "LEGAL_STATEMENT_ON": _day("CAL_LEGAL_STATEMENT_ON", "2026-11-25"),
        "LEGAL_DRAFT_RETENTION_DAYS": int(env("CAL_DRAFT_RETENTION_DAYS", "180")),
    }


def mail_settings() -> dict:
    """SMTP for invitations, reset links and reminders; without CAL_MAIL_SERVER nothing is sent."""
    env = os.environ.get
    return {
        "MAIL_SERVER": env("CAL_MAIL_SERVER", "").strip() or None,
        "MAIL_PORT": int(env("CAL_MAIL_PORT", "587")),
        "MAIL_USERNAME": env("CAL_MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env("CAL_MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": env("CAL_MAIL_USE_TLS", "1") == "1",
        "MAIL_USE_SSL": env("CAL_MAIL_USE_SSL", "0") == "1",
        "MAIL_DEFAULT_SENDER": env("CAL_MAIL_FROM", "ocena-cal@localhost"),
        # The address users open (https://ocena-cal.example.pl, with a path prefix if the app has one): links in
        # e-mails are built on it, never on the Host header of the request that sent them.
        "PUBLIC_URL": env("CAL_PUBLIC_URL", "").strip().rstrip("/") or None,
    }


def from_environment(instance_path: Path) -> dict:
    """The app's settings; anything here can be overridden by create_app(config)."""
    secure_cookies = os.environ.get("CAL_SECURE_COOKIES", "0") == "1"
    return {
        "SECRET_KEY": secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        # The audit chain's key (falls back to SECRET_KEY): without it a restored log cannot be verified.
        "AUDIT_KEY": os.environ.get("CAL_AUDIT_KEY", "").strip() or None,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Source documents that rubrics quote must lie inside this folder.
        "REPOSITORY_ROOT": PROJECT_ROOT,
        "RUBRICS_DIR": Path(os.environ.get("CAL_RUBRICS_DIR", PROJECT_ROOT / "rubrics")),
        "EXPORTS_DIR": Path(os.environ.get("CAL_EXPORTS_DIR", PROJECT_ROOT / "exports")),
        # Background exports: an SQLite file by default, redis://… when deployed with several workers.
        "JOBS_URL": os.environ.get("CAL_JOBS_URL", "").strip() or f"sqlite:///{instance_path / 'jobs.sqlite3'}",
        "JOBS_QUEUE": os.environ.get("CAL_JOBS_QUEUE", "cal-jobs"),
        # Processes that lay out a job's PDFs (the score cards of every offer): empty = one per core.
        "JOB_PROCESSES": os.environ.get("CAL_JOB_PROCESSES", "").strip() or None,
        "BABEL_DEFAULT_LOCALE": "pl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Warsaw",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
        "LANGUAGES": LANGUAGES,
        "MAX_CONTENT_LENGTH": int(os.environ.get("CAL_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        # A reviewer writes justifications for a long time: the CSRF token lives as long as the session.
        "WTF_CSRF_TIME_LIMIT": None,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "PERMANENT_SESSION_LIFETIME": int(os.environ.get("CAL_SESSION_SECONDS", 8 * 3600)),
        # memory:// counts per process; a deployment with several workers sets redis://… here.
        "RATELIMIT_STORAGE_URI": os.environ.get("CAL_RATELIMIT_STORAGE_URI", "memory://"),
        # If Redis is down, count per process rather than refuse every sign-in.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "LOGIN_RATE_LIMIT": os.environ.get("CAL_LOGIN_RATE_LIMIT", "5 per minute;30 per hour"),
        **legal_settings(),
        "CAL_SELFCHECK_MAX_BYTES": int(os.environ.get("CAL_SELFCHECK_MAX_BYTES", 5 * 1024 * 1024)),
        # Offers imported from a CSV/XLSX file: the largest file and the most offers in one file.
        "CAL_IMPORT_MAX_BYTES": int(os.environ.get("CAL_IMPORT_MAX_BYTES", 2 * 1024 * 1024)),
        "CAL_IMPORT_MAX_ROWS": int(os.environ.get("CAL_IMPORT_MAX_ROWS", "1000")),
        # Days an applicant gets to supplement an offer after the formal check [check: usually 7].
        "SUPPLEMENT_DAYS": int(os.environ.get("CAL_SUPPLEMENT_DAYS", "7")),
        **mail_settings(),
        # Links that set a password: an invitation lasts days, a reset link minutes; both work once.
        "INVITATION_SECONDS": int(os.environ.get("CAL_INVITATION_DAYS", "7")) * 86400,
        "RESET_SECONDS": int(os.environ.get("CAL_RESET_MINUTES", "30")) * 60,
        "RESET_RATE_LIMIT": os.environ.get("CAL_RESET_RATE_LIMIT", "3 per hour"),
        "CONFLICT_CATEGORIES": tuple(
            os.environ.get("CAL_CONFLICT_CATEGORIES", "family,employment,board,volunteering,other").split(",")
        ),
    }
