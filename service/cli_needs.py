"""What a `hia` command needs of the database (service.cli_database checks it). In a module of its own, without
heavy imports, so that the command line and the check share one `Needs` and one `DatabaseNotReady` however the
command line was started (`hia`, or `python -m service.cli`, where service.cli runs as __main__)."""

from __future__ import annotations

from enum import Enum

SET_UP = "run `hia db upgrade`, then `hia catalog load` (or `hia serve`, which does both on first start)"


class Needs(Enum):
    """What a command needs of the database, checked before it runs so that it can say what to run instead of
    failing deep inside with a driver's traceback."""

    CREATES = "creates"  # makes the database when there is none (db upgrade, serve)
    MIGRATED = "migrated"  # its tables, at this version's latest migration
    CATALOG = "catalog"  # and the catalog loaded (jurisdictions, departments ...)


class DatabaseNotReady(Exception):
    """The database is missing, not migrated or without a catalog; the message says what to run."""


__all__ = ["SET_UP", "DatabaseNotReady", "Needs"]
