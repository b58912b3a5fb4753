"""The one typed registry of environment variables the platform reads.

Every variable is declared once here with its type, default and meaning; settings modules read
`load()` and nothing else from the environment. `almaty config` prints this registry.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("expected one of 1/0, true/false, yes/no, on/off")


def _list(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def _int(raw: str) -> int:
    return int(raw.strip())


def _path(raw: str) -> Path:
    return Path(raw).expanduser().resolve()


def _str(raw: str) -> str:
    return raw


def var(name: str, parse: Callable[[str], Any], default: Any, help: str) -> Any:
    """Declare one environment variable as a dataclass field."""
    return field(default=default, metadata={"env": name, "parse": parse, "help": help})


@dataclass(frozen=True)
class Env:
    """Typed view of the environment. Defaults give a working local instance."""

    debug: bool = var("DEBUG", _bool, False, "Django debug mode; never on in production.")
    secret_key: str | None = var(
        "SECRET_KEY", _str, None, "Signing key. Required in production; generated locally."
    )
    database_url: str | None = var(
        "DATABASE_URL",
        _str,
        None,
        "Database, e.g. postgresql://user@host:5432/name. Default: SQLite in DATA_DIR.",
    )
    allowed_hosts: list[str] = var(
        "ALLOWED_HOSTS", _list, None, "Comma-separated host names the site answers to."
    )
    data_dir: Path = var(
        "DATA_DIR", _path, None, "Where the SQLite database, uploads, mail and queue live."
    )
    redis_url: str | None = var(
        "REDIS_URL", _str, None, "Redis for the task queue in production; default: SQLite queue."
    )
    email_host: str | None = var(
        "EMAIL_HOST", _str, None, "SMTP server. Unset: e-mails are written to DATA_DIR/mail."
    )
    email_port: int = var("EMAIL_PORT", _int, 587, "SMTP port.")
    email_host_user: str = var("EMAIL_HOST_USER", _str, "", "SMTP user name.")
    email_host_password: str = var("EMAIL_HOST_PASSWORD", _str, "", "SMTP password.")
    email_use_tls: bool = var("EMAIL_USE_TLS", _bool, True, "Use STARTTLS with the SMTP server.")
    default_from_email: str = var(
        "DEFAULT_FROM_EMAIL", _str, "almaty@localhost", "Sender address of platform e-mails."
    )
    site_url: str = var(
        "SITE_URL", _str, "http://127.0.0.1:8000", "Public address, used in e-mailed links."
    )
    time_zone: str = var("TIME_ZONE", _str, "Asia/Almaty", "Default time zone for display.")

    def __post_init__(self) -> None:
        if self.data_dir is None:
            object.__setattr__(self, "data_dir", PROJECT_ROOT / "var")
        if self.allowed_hosts is None:
            object.__setattr__(self, "allowed_hosts", ["127.0.0.1", "localhost"])


def registry() -> list[tuple[str, str, Any]]:
    """(variable name, help text, default) for each declared variable."""
    return [(f.metadata["env"], f.metadata["help"], f.default) for f in fields(Env)]


def load(environ: Mapping[str, str] | None = None) -> Env:
    """Read and validate every declared variable; a bad value names the variable."""
    source = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for f in fields(Env):
        name = f.metadata["env"]
        raw = source.get(name)
        if raw is None:
            continue
        try:
            values[f.name] = f.metadata["parse"](raw)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"Environment variable {name}={raw!r} is invalid: {exc}"
            ) from exc
    return Env(**values)
