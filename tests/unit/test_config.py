"""Settings: secret key generated once, database URLs."""

import stat

from app import config


def test_secret_key_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.secret_key(tmp_path)
    assert len(first) == 64
    assert config.secret_key(tmp_path) == first
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_secret_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "z-srodowiska")
    assert config.secret_key(tmp_path) == "z-srodowiska"
    assert not (tmp_path / "secret_key").exists()


def test_sqlite_in_the_instance_folder_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert config.database_url(tmp_path) == f"sqlite:///{tmp_path / 'cal.sqlite3'}"


def test_postgres_urls_use_psycopg_3(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://cal@db.example/cal")
    assert config.database_url(tmp_path) == "postgresql+psycopg://cal@db.example/cal"
    assert config.normalise_database_url("postgresql://x/y") == "postgresql+psycopg://x/y"
    assert config.normalise_database_url("sqlite:///a.db") == "sqlite:///a.db"


def test_two_workers_starting_together_share_one_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    (tmp_path / "secret_key").write_text("written-by-the-other-worker", encoding="ascii")
    real_exists = type(tmp_path).exists
    # The other worker wrote the file between our check and our write.
    monkeypatch.setattr(type(tmp_path), "exists",
                        lambda self: False if self.name == "secret_key" else real_exists(self))
    assert config.secret_key(tmp_path) == "written-by-the-other-worker"
