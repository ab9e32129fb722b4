"""PostgreSQL triggers that make audit_log append-only; run from an Alembic migration on PostgreSQL only.

    if op.get_bind().dialect.name == "postgresql":
        for statement in pg_guard.install_sql():
            op.execute(statement)

The table's owner can still disable the triggers (ALTER TABLE … DISABLE TRIGGER), so the
guard stops mistakes and roles that do not own the table; `flask audit verify` catches the rest.
"""

from __future__ import annotations

FUNCTION = "audit_log_refuse_change"
ROW_TRIGGER = "audit_log_append_only"
TRUNCATE_TRIGGER = "audit_log_no_truncate"
MESSAGE = "audit_log is append-only"

_CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}: % refused', TG_OP
        USING HINT = 'Rows of the audit log are never changed or removed; record a new entry instead.';
END;
$$
"""

# Statement-level: an UPDATE or DELETE is refused even when its WHERE matches no row.
_CREATE_ROW_TRIGGER = f"""
CREATE TRIGGER {ROW_TRIGGER}
BEFORE UPDATE OR DELETE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()
"""

_CREATE_TRUNCATE_TRIGGER = f"""
CREATE TRIGGER {TRUNCATE_TRIGGER}
BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()
"""


def install_sql() -> list[str]:
    """Statements that create the function and the triggers; running them again is harmless."""
    return [
        _CREATE_FUNCTION.strip(),
        f"DROP TRIGGER IF EXISTS {ROW_TRIGGER} ON audit_log",
        _CREATE_ROW_TRIGGER.strip(),
        f"DROP TRIGGER IF EXISTS {TRUNCATE_TRIGGER} ON audit_log",
        _CREATE_TRUNCATE_TRIGGER.strip(),
    ]


def remove_sql() -> list[str]:
    """Statements that drop the triggers and the function (for the migration's downgrade)."""
    return [
        f"DROP TRIGGER IF EXISTS {TRUNCATE_TRIGGER} ON audit_log",
        f"DROP TRIGGER IF EXISTS {ROW_TRIGGER} ON audit_log",
        f"DROP FUNCTION IF EXISTS {FUNCTION}()",
    ]
