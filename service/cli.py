"""The `hia` command: serve, db upgrade, catalog load, export-schema."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from db.session import create_engine, create_session_factory
from service import database
from service.catalog.seed_format import SeedFormatError
from service.config import ConfigError, Settings

T = TypeVar("T")
log = logging.getLogger("hia")


def _with_database(settings: Settings, work: Callable[..., Awaitable[T]]) -> T:
    async def run() -> T:
        engine = create_engine(settings.database_url)
        try:
            return await work(engine, create_session_factory(engine))
        finally:
            await engine.dispose()

    return asyncio.run(run())


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from service.app import create_app

    if settings.auto_setup:

        async def setup(engine, factory):  # type: ignore[no-untyped-def]
            await database.upgrade(engine)
            report = await database.load_if_empty(factory, settings.seed_dir)
            if report is not None:
                log.info("catalog loaded: %s", report.summary())

        _with_database(settings, setup)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level=settings.log_level)
    return 0


def cmd_db_upgrade(settings: Settings, _args: argparse.Namespace) -> int:
    _with_database(settings, lambda engine, _factory: database.upgrade(engine))
    print("database is at the latest migration")
    return 0


def cmd_catalog_load(settings: Settings, args: argparse.Namespace) -> int:
    seed_dir = args.seed_dir or settings.seed_dir
    report = _with_database(settings, lambda _engine, factory: database.load(factory, seed_dir))
    print(report.summary())
    return 0


def cmd_export_schema(_settings: Settings, args: argparse.Namespace) -> int:
    from schema import build_schema

    sdl = build_schema().as_str() + "\n"
    if args.output:
        Path(args.output).write_text(sdl, encoding="utf-8")
    else:
        sys.stdout.write(sdl)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hia", description="Health in All Policies service (将健康融入所有政策)")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the GraphQL service (migrates and seeds an empty database first)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(handler=cmd_serve)

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="apply all pending migrations").set_defaults(handler=cmd_db_upgrade)

    catalog = commands.add_parser("catalog", help="the catalog transcribed from the source plans")
    catalog_commands = catalog.add_subparsers(dest="catalog_command", required=True)
    load = catalog_commands.add_parser("load", help="validate db/seed and make the catalog match it (one transaction)")
    load.add_argument("--seed-dir", type=Path, default=None, help="a seed directory other than db/seed")
    load.set_defaults(handler=cmd_catalog_load)

    export = commands.add_parser("export-schema", help="print the GraphQL SDL")
    export.add_argument("--output", "-o", help="write to this file instead of standard output")
    export.set_defaults(handler=cmd_export_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.from_env()
        return int(args.handler(settings, args))
    except (ConfigError, SeedFormatError) as exc:
        print(f"hia: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
