"""Settings from `HIA_*` environment variables (documented in the README's configuration table)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

from db.session import is_sqlite

DATABASE_FILE = "hia.sqlite3"


class ConfigError(ValueError):
    """A setting with a value the service cannot use; the message names the variable."""


def _int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r}: expected a whole number") from exc
    if value < minimum:
        raise ConfigError(f"{name}={raw!r}: must be at least {minimum}")
    return value


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r}: expected true or false")


def data_dir() -> Path:
    """Where the embedded database lives: `HIA_DATA_DIR`, else the per-user data folder of the XDG base directory
    spec (`$XDG_DATA_HOME/hia`, `~/.local/share/hia`). Not the working directory: `hia serve` and every command find
    the same database wherever they are run."""
    explicit = os.environ.get("HIA_DATA_DIR")
    if explicit:
        return Path(explicit).expanduser().resolve()
    xdg = os.environ.get("XDG_DATA_HOME")
    # The spec says a relative XDG_DATA_HOME is invalid and is to be ignored.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "hia"


def default_database_url() -> str:
    return f"sqlite+aiosqlite:///{data_dir() / DATABASE_FILE}"


def sqlite_file(database_url: str) -> Path | None:
    """The file of a SQLite URL (None for PostgreSQL and in-memory SQLite): the one database that connecting creates."""
    if not is_sqlite(database_url):
        return None
    database = make_url(database_url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=default_database_url)
    env: str = "development"
    auto_setup: bool = True
    seed_dir: Path | None = None
    statement_timeout_ms: int = 5000
    log_level: str = "info"
    max_body_bytes: int = 2 * 1024 * 1024
    # An uploaded policy or project document (POST /documents), before it is read.
    document_max_bytes: int = 20 * 1024 * 1024
    request_timeout_s: float = 30.0
    allowed_origins: tuple[str, ...] = ()
    # How often an open WebSocket connection re-checks its token (revoked or expired ends it).
    token_recheck_s: float = 5.0
    # Service processes of `hia serve` (None: one per core on PostgreSQL, one on SQLite; see `serving_processes`).
    workers: int | None = None
    # Responses to read queries kept per process (service/response_cache.py); 0 turns the cache off.
    response_cache_entries: int = 512
    # GraphQL HTTP requests a process executes at once; the others wait their turn in arrival order (0: no bound).
    concurrent_requests: int = 4

    @property
    def production(self) -> bool:
        return self.env == "production"

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ.get("HIA_ENV", "development")
        if env not in {"development", "production", "test"}:
            raise ConfigError(f"HIA_ENV={env!r}: expected development, production or test")
        seed_dir = os.environ.get("HIA_SEED_DIR")
        return cls(
            # HIA_DATABASE_URL overrides the data directory, whatever HIA_DATA_DIR says.
            database_url=os.environ.get("HIA_DATABASE_URL") or default_database_url(),
            env=env,
            auto_setup=_bool("HIA_AUTO_SETUP", True),
            seed_dir=Path(seed_dir) if seed_dir else None,
            statement_timeout_ms=_int("HIA_STATEMENT_TIMEOUT_MS", 5000, minimum=1),
            log_level=os.environ.get("HIA_LOG_LEVEL", "info"),
            max_body_bytes=_int("HIA_MAX_BODY_BYTES", 2 * 1024 * 1024, minimum=1024),
            document_max_bytes=_int("HIA_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024, minimum=1024),
            request_timeout_s=float(_int("HIA_REQUEST_TIMEOUT_S", 30, minimum=1)),
            allowed_origins=tuple(o.strip() for o in os.environ.get("HIA_ALLOWED_ORIGINS", "").split(",") if o.strip()),
            token_recheck_s=float(_int("HIA_TOKEN_RECHECK_S", 5, minimum=1)),
            workers=_int("HIA_WORKERS", 0, minimum=0) or None,
            response_cache_entries=_int("HIA_RESPONSE_CACHE_ENTRIES", 512, minimum=0),
            concurrent_requests=_int("HIA_CONCURRENT_REQUESTS", 4, minimum=0),
        )

    def serving_processes(self, requested: int | None = None) -> int:
        """How many processes `hia serve` runs: `requested` (`--workers`), else `HIA_WORKERS`, else one per core
        on PostgreSQL. The embedded SQLite database is served by one process: its live events reach only the
        subscribers of the process that caused them, and several processes would queue on one file's lock."""
        wanted = requested or self.workers
        if is_sqlite(self.database_url):
            if wanted is not None and wanted > 1:
                raise ConfigError(
                    f"{wanted} workers need PostgreSQL (HIA_DATABASE_URL): the embedded SQLite database is served "
                    "by one process, whose live events reach only its own subscribers"
                )
            return 1
        return wanted or os.cpu_count() or 1
