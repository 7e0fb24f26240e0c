"""The `hia` command: serve, db upgrade, catalog load, export-schema, assess, checklists, tokens, import."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from service.cli_needs import DatabaseNotReady, Needs

# Only what the command line itself needs is imported here: `hia --help` must answer at once. Each command
# imports what it uses (the service, SQLAlchemy, the rule engine) when it runs.
if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

    from hia_rules import Evaluator
    from service.config import Settings

    Factory = async_sessionmaker[AsyncSession]

T = TypeVar("T")
log = logging.getLogger("hia")
# Seconds an idle client connection stays open. Longer than HTTP clients keep pooled connections (httpx 5 s,
# browsers and proxies up to 60 s): at uvicorn's own 5 s a client could reuse a connection the server was just
# closing and get a reset instead of an answer (seen under bench/mixed.py as "ReadError").
KEEP_ALIVE_S = 75


def _with_database(settings: Settings, work: Callable[..., Awaitable[T]], needs: Needs = Needs.MIGRATED) -> T:
    """Run `work(engine, session factory)` once the database is as `needs` says (see service.cli_database)."""
    from service.cli_database import with_database

    return with_database(settings, work, needs)


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    from service import cli_setup

    workers = settings.serving_processes(args.workers)  # a refused count is told before anything is created
    setting_up = cli_setup.start_set_up(settings) if settings.auto_setup else None
    # Imported while the database is set up beside (service.cli_setup says why); nothing here touches it.
    import uvicorn

    from service.app import create_app

    app = create_app(settings) if workers == 1 else None
    failed = cli_setup.finish_set_up(setting_up)
    if failed:
        return failed
    if app is not None:
        uvicorn.run(app, host=args.host, port=args.port, log_level=settings.log_level, timeout_keep_alive=KEEP_ALIVE_S)
        return 0
    # Each worker process builds its own app (settings from the same environment) and shares the listening
    # socket; on PostgreSQL every worker LISTENs, so a subscriber hears events caused in any worker.
    log.info("serving with %d worker processes", workers)
    uvicorn.run(
        "service.app:create_app",
        factory=True,
        workers=workers,
        host=args.host,
        port=args.port,
        log_level=settings.log_level,
        timeout_keep_alive=KEEP_ALIVE_S,
    )
    return 0


def cmd_db_upgrade(settings: Settings, _args: argparse.Namespace) -> int:
    from service import database

    _with_database(settings, lambda engine, _factory: database.upgrade(engine), Needs.CREATES)
    print("database is at the latest migration")
    return 0


def cmd_catalog_load(settings: Settings, args: argparse.Namespace) -> int:
    seed_dir = args.seed_dir or settings.seed_dir
    from service import database

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


def cmd_assess(_settings: Settings, args: argparse.Namespace) -> int:
    from service.screening import cli as screening_cli

    return screening_cli.assess(args.proposal, args.checklist, args.json, cast("Evaluator", args.evaluator))


def cmd_draft(_settings: Settings, args: argparse.Namespace) -> int:
    from service.intake import cli as intake_cli

    return intake_cli.draft_file(args.file, args.checklist, args.json)


def cmd_checklist_validate(_settings: Settings, args: argparse.Namespace) -> int:
    from service.screening import cli as screening_cli

    return screening_cli.validate(args.file)


def cmd_set_threshold(settings: Settings, args: argparse.Namespace) -> int:
    from service.screening import settings as screening_settings

    async def work(_engine: AsyncEngine, factory: Factory) -> Any:
        from db.session import transaction

        async with transaction(factory) as session:
            await screening_settings.set_investment_threshold(session, args.jurisdiction, args.yuan)

    _with_database(settings, work, Needs.CATALOG)
    print(f"{args.jurisdiction}: projects from {args.yuan:,.0f} yuan are in scope of screening")
    return 0


def cmd_token_create(settings: Settings, args: argparse.Namespace) -> int:
    from db.session import transaction
    from service.auth import tokens

    async def work(_engine: AsyncEngine, factory: Factory) -> Any:
        async with transaction(factory) as session:
            return await tokens.create(session, args.user, args.role, args.jurisdiction, args.department, args.days)

    # A scoped token names a jurisdiction or department of the catalog; an ADMIN's needs only the tables.
    scoped = args.jurisdiction is not None or args.department is not None
    issued = _with_database(settings, work, Needs.CATALOG if scoped else Needs.MIGRATED)
    expiry = f"expires {issued.expires_at:%Y-%m-%d}" if issued.expires_at else "never expires"
    print(issued.token)
    print(f"# {issued.prefix}: shown once, {expiry}; revoke with `hia token revoke {issued.prefix}`", file=sys.stderr)
    return 0


def cmd_token_revoke(settings: Settings, args: argparse.Namespace) -> int:
    from db.session import transaction
    from service.auth import tokens

    async def work(_engine: AsyncEngine, factory: Factory) -> Any:
        async with transaction(factory) as session:
            await tokens.revoke(session, args.prefix)

    _with_database(settings, work)
    print(f"revoked {args.prefix}")
    return 0


def cmd_token_list(settings: Settings, _args: argparse.Namespace) -> int:
    from service.auth import tokens

    async def work(_engine: AsyncEngine, factory: Factory) -> Any:
        async with factory() as session:
            return await tokens.listing(session)

    for line in _with_database(settings, work):
        print(line)
    return 0


def cmd_user_set(settings: Settings, args: argparse.Namespace) -> int:
    from db.session import transaction
    from service.auth import users

    details = users.UserDetails(args.name_zh, args.name_en, args.title, args.organisation)

    async def work(_engine: AsyncEngine, factory: Factory) -> str:
        async with transaction(factory) as session:
            user = await users.set_details(session, args.user, details)
            return f"{user.name}: signs as {users.signature(user, user.name)}" + (
                f", {user.organisation_zh}" if user.organisation_zh else ""
            )

    print(_with_database(settings, work))
    return 0


def cmd_review(settings: Settings, args: argparse.Namespace) -> int:
    """The committee and review commands: one transaction each, as the operator (see service.review.cli)."""
    from db.session import transaction

    async def work(_engine: AsyncEngine, factory: Factory) -> str:
        async with transaction(factory) as session:
            return str(await args.review_work(session, args))

    print(_with_database(settings, work, Needs.CATALOG))
    return 0


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    from service.monitoring import cli as monitoring_cli

    kind = "OBSERVATIONS" if args.import_command == "observations" else "TASK_PROGRESS"
    return _with_database(
        settings,
        lambda _engine, factory: monitoring_cli.run(
            factory, kind, args.file, apply=args.apply, apply_valid_rows=args.apply_valid_rows, user=args.user
        ),
        Needs.CATALOG,
    )


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text}: at least 1")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hia", description="Health in All Policies service (将健康融入所有政策)")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the GraphQL service (migrates and seeds an empty database first)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=_positive,
        default=None,
        help="service processes (default: HIA_WORKERS, else one per core on PostgreSQL; SQLite is served by one)",
    )
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
    assess = commands.add_parser("assess", help="screen a proposal file and print the outcome (no database)")
    assess.add_argument("proposal", type=Path, help="YAML: a proposal (kind, policy_type, ..., answers) or an example")
    assess.add_argument("--checklist", help="a shipped version number or a checklist file (default: latest shipped)")
    assess.add_argument("--json", action="store_true", help="print the outcome as JSON")
    assess.add_argument("--evaluator", choices=["durable", "reference"], default="durable")
    assess.set_defaults(handler=cmd_assess)

    draft = commands.add_parser(
        "draft", help="suggest screening answers from a policy or project document, with the sentences behind them"
    )
    draft.add_argument("file", type=Path, help="the document: .docx, .pdf with a text layer, or .txt (UTF-8/GB18030)")
    draft.add_argument("--checklist", help="a shipped version number or a checklist file (default: latest shipped)")
    draft.add_argument("--json", action="store_true", help="print the suggestions and their evidence as JSON")
    draft.set_defaults(handler=cmd_draft)

    checklist = commands.add_parser("checklist", help="screening checklists")
    checklist_commands = checklist.add_subparsers(dest="checklist_command", required=True)
    check = checklist_commands.add_parser(
        "validate", help="validate a checklist file (schema, references, engine limits)"
    )
    check.add_argument("file", type=Path)
    check.set_defaults(handler=cmd_checklist_validate)

    screening = commands.add_parser("screening", help="screening settings")
    screening_commands = screening.add_subparsers(dest="screening_command", required=True)
    threshold = screening_commands.add_parser(
        "set-threshold", help="a jurisdiction's own investment threshold for projects in scope"
    )
    threshold.add_argument("jurisdiction", help="jurisdiction code, e.g. wuzhong")
    threshold.add_argument("yuan", type=float, help="threshold in yuan, e.g. 2000000")
    threshold.set_defaults(handler=cmd_set_threshold)

    token = commands.add_parser("token", help="API tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True)
    create = token_commands.add_parser("create", help="issue a bearer token (printed once, stored only as a hash)")
    create.add_argument("--user", required=True, help="user name (created if new)")
    create.add_argument(
        "--role",
        required=True,
        choices=["ADMIN", "COMMITTEE_CHAIR", "COMMITTEE_SECRETARY", "EXPERT", "DEPARTMENT_OFFICER", "VIEWER"],
    )
    create.add_argument("--jurisdiction", help="jurisdiction code the role acts for (committee roles, viewers)")
    create.add_argument("--department", help="department code (DEPARTMENT_OFFICER)")
    create.add_argument("--days", type=int, default=365, help="days until it expires (default 365)")
    create.set_defaults(handler=cmd_token_create)
    revoke = token_commands.add_parser("revoke", help="revoke a token by its prefix")
    revoke.add_argument("prefix")
    revoke.set_defaults(handler=cmd_token_revoke)
    token_commands.add_parser("list", help="list tokens (prefixes only)").set_defaults(handler=cmd_token_list)

    user = commands.add_parser("user", help="the people behind logins")
    user_commands = user.add_subparsers(dest="user_command", required=True)
    set_user = user_commands.add_parser(
        "set", help='record a user\'s real name, title and organisation, as signatures print them ("" clears one)'
    )
    set_user.add_argument("user", help="the user name tokens were issued to")
    set_user.add_argument("--name-zh", help="name in Chinese, e.g. 赵敏")
    set_user.add_argument("--name-en", help="name in Latin letters, e.g. Zhao Min")
    set_user.add_argument("--title", help="title or post (职务/职称), e.g. 科长")
    set_user.add_argument("--organisation", help="where the person works, e.g. 攀枝花市生态环境局")
    set_user.set_defaults(handler=cmd_user_set)

    from service.review import cli as review_cli

    review_cli.add_parsers(commands)
    for name in ("committee", "review"):
        commands.choices[name].set_defaults(handler=cmd_review)

    importing = commands.add_parser("import", help="import monitoring data from a spreadsheet (.xlsx or .csv)")
    import_commands = importing.add_subparsers(dest="import_command", required=True)
    for name, what in (("observations", "indicator observations"), ("task-progress", "task progress reports")):
        sub = import_commands.add_parser(name, help=f"check {what} row by row (a dry run unless --apply)")
        sub.add_argument("file", type=Path, help="the spreadsheet, in the template's layout")
        sub.add_argument("--apply", action="store_true", help="write the rows if none is rejected")
        sub.add_argument(
            "--apply-valid-rows", action="store_true", help="write the valid rows even though some are rejected"
        )
        sub.add_argument("--user", help="the name recorded as who imported (default: cli:<login>)")
        sub.set_defaults(handler=cmd_import)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    # alembic, imported by the commands that need it (after this), announces its plugins at INFO: noise.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    try:
        from service.config import Settings

        settings = Settings.from_env()
        return int(args.handler(settings, args))
    except Exception as exc:
        if not said_to_the_user(exc):
            raise
        print(f"hia: {exc}", file=sys.stderr)
        return 2


# Errors that mean "fix the input or the set-up" and are told as one line, not a traceback. Their modules are
# looked up among those already imported: an error of a module the command never imported cannot occur.
_USER_ERRORS = (
    ("service.config", "ConfigError"),
    ("service.catalog.seed_format", "SeedFormatError"),
    ("service.errors", "HiaError"),
)


def said_to_the_user(exc: Exception) -> bool:
    kinds = [getattr(sys.modules[module], name) for module, name in _USER_ERRORS if module in sys.modules]
    return isinstance(exc, (DatabaseNotReady, FileNotFoundError, ValueError, *kinds))


if __name__ == "__main__":
    raise SystemExit(main())
