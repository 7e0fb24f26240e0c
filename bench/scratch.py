"""A scratch SQLite database for a benchmark: migrated and with the catalog loaded, as `hia` would make it."""

from __future__ import annotations

import subprocess
import sys


def loaded_database(directory: str) -> str:
    """The URL of a new database in `directory` with the schema and the catalog."""
    url = f"sqlite+aiosqlite:///{directory}/bench.sqlite3"
    for command in (["db", "upgrade"], ["catalog", "load"]):
        subprocess.run(
            [sys.executable, "-m", "service.cli", *command],
            check=True,
            capture_output=True,
            env={"HIA_DATABASE_URL": url, "PATH": ""},
        )
    return url
