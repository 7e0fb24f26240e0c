"""`hia serve`'s first-start set-up (migrate, then load the catalog if it is empty), run beside the app's import.

Both take about as long (on a new data directory about 1.5 s each on this project's 2-core reference machine)
and neither needs the other until the first request, so the set-up runs in a forked child process while the
parent imports the app: a new user waits for the longer of the two, not their sum. Where the platform cannot
fork, it runs in the process itself, first. Only the standard library is imported here, so the child starts
from the small command line and imports the database layer on its own core.
"""

from __future__ import annotations

import logging
import multiprocessing
import sys
import traceback
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

    from service.config import Settings

log = logging.getLogger("hia")

# The child's exit code when it told the user what is wrong (as `hia` does for such errors).
TOLD = 2


def set_up(settings: Settings) -> None:
    """Migrate the database and load the catalog if it is empty (whichever process this runs in)."""
    from service import database
    from service.cli_database import with_database
    from service.cli_needs import Needs

    async def work(engine: AsyncEngine, factory: async_sessionmaker[AsyncSession]) -> None:
        await database.upgrade(engine)
        report = await database.load_if_empty(factory, settings.seed_dir)
        if report is not None:
            log.info("catalog loaded: %s", report.summary())

    with_database(settings, work, Needs.CREATES)


def _set_up_in_child(settings: Settings) -> None:
    from service.cli import said_to_the_user

    try:
        set_up(settings)
    except Exception as exc:
        if said_to_the_user(exc):
            print(f"hia: {exc}", file=sys.stderr)
            sys.exit(TOLD)
        traceback.print_exc()
        sys.exit(1)


def start_set_up(settings: Settings) -> BaseProcess | None:
    """Start the set-up in a forked child; None where this platform cannot fork (it has then run here)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        set_up(settings)
        return None
    child = multiprocessing.get_context("fork").Process(
        target=_set_up_in_child, args=(settings,), name="hia-set-up", daemon=True
    )
    child.start()
    return child


def finish_set_up(child: BaseProcess | None) -> int:
    """Wait for the set-up; its exit code (0: the database is ready; otherwise it said why on stderr)."""
    if child is None:
        return 0
    child.join()
    if child.exitcode is None or child.exitcode < 0:  # killed by a signal
        return 1
    return child.exitcode


__all__ = ["TOLD", "finish_set_up", "set_up", "start_set_up"]
