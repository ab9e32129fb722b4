"""The CAL grant-assessment application."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from . import config as settings
from .extensions import babel, csrf, db, migrate


def create_app(config: dict | None = None) -> Flask:
    """Build the application; ``config`` overrides settings read from the environment."""
    app = Flask(
        __name__,
        instance_path=settings.instance_path(),
        template_folder=str(settings.PROJECT_ROOT / "templates"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(settings.from_environment(Path(app.instance_path)))
    app.config.update(config or {})

    from .database import register_sqlite_pragmas
    from .i18n import init_i18n

    db.init_app(app)
    register_sqlite_pragmas(app)
    migrate.init_app(app, db, directory=str(settings.PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    init_i18n(app, babel)

    from . import auth  # noqa: F401  (models must be imported for migrations)
    from .main.views import bp as main_bp
    from .rubrics.cli import rubrics_cli
    from .rubrics.views import bp as rubrics_bp
    from .system import system_cli

    app.register_blueprint(main_bp)
    app.register_blueprint(rubrics_bp)
    app.cli.add_command(rubrics_cli)
    app.cli.add_command(system_cli)
    return app
