"""Replaying stored proposals under another checklist version: which outcomes would change.

This is what a committee needs before adopting a new checklist. A replay is a record that a
background task fills in batches (progress: processed of total), so a long run can be watched; it
reads each proposal's stored assessment and compares it with a fresh evaluation. Nothing about the
proposals changes.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import hia_rules
from db.models import ChecklistVersion, ScreeningReplay, ScreeningReplayChange
from db.repositories import screening as repo
from db.repositories.visibility import ProposalScope
from db.session import transaction
from service import idempotency
from service.auth.principal import Principal, Role
from service.errors import AccessDenied
from service.i18n import _
from service.screening import checklists, replay_explain
from service.screening.assessments import differences, summary, summary_of
from service.screening.reads import REPLAYERS

log = logging.getLogger(__name__)
# (proposal id, summary before, summary after, why: replay_explain.explain)
Compared = tuple[int, dict[str, Any], dict[str, Any], dict[str, Any]]
BATCH = 1_000
RUNNING, DONE, FAILED = "RUNNING", "DONE", "FAILED"


async def start(
    session: AsyncSession,
    principal: Principal,
    version: int,
    f: repo.ProposalFilter,
    filter_document: dict[str, Any],
    idempotency_key: str | None = None,
) -> tuple[ScreeningReplay, bool]:
    """Create the replay record (in the caller's transaction) and say whether it is new: `run` does the work
    afterwards, once (a retry with the first call's idempotency key gets that replay, running or done). A
    committee replays its own jurisdiction's proposals; an administrator everyone's."""
    if not principal.has(*REPLAYERS):
        raise AccessDenied(_("only the committee's chair or secretary, or an administrator, replays screenings"))
    made: list[ScreeningReplay] = []

    async def create() -> ScreeningReplay:
        made.append(await _start(session, principal, version, f, filter_document))
        return made[0]

    given = {"checklistVersion": version, "filter": filter_document}
    replay = await idempotency.once(
        session, principal, "replayScreening", idempotency_key, given, create, ScreeningReplay
    )
    return replay, bool(made)


async def _start(
    session: AsyncSession, principal: Principal, version: int, f: repo.ProposalFilter, filter_document: dict[str, Any]
) -> ScreeningReplay:
    target = await checklists.resolve(session, version, ["input", "checklistVersion"])
    ids = await repo.proposal_ids_for_replay(session, f, principal.proposal_scope())
    replay = ScreeningReplay(
        checklist_version_id=target.id,
        filter=filter_document,
        status=RUNNING,
        total=len(ids),
        jurisdiction_id=None if principal.has(Role.ADMIN) else principal.jurisdiction_id,
    )
    await repo.add(session, replay)
    return replay


FIELDS = (
    "id",
    "jurisdiction_id",
    "kind",
    "policy_type",
    "investment_yuan",
    "population_affected",
    "vulnerable_groups",
    "answers",
)
# Replays of more proposals than this are spread over worker processes (one durable_rules host each):
# evaluation is CPU-bound and the engine runs one evaluation at a time per process.
PARALLEL_FROM = 1_000
WORKERS = os.cpu_count() or 1
_pool: ProcessPoolExecutor | None = None
_worker_checklists: dict[str, hia_rules.CompiledChecklist] = {}


def _pool_for_replays() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        # Spawned, not forked: a child must not inherit this process's durable_rules state or locks.
        _pool = ProcessPoolExecutor(max_workers=WORKERS, mp_context=multiprocessing.get_context("spawn"))
    return _pool


def _evaluate(
    source_yaml: str,
    content_hash: str,
    rows: list[tuple[dict[str, Any], dict[str, Any]]],
    thresholds: dict[int, float],
    replay_id: int,
    evaluator: hia_rules.Evaluator = "durable",
) -> list[Compared]:
    """Re-screen proposals and return (proposal id, summary before, summary after, explanation). Runs in a
    worker process or a thread; takes plain data so it can cross process boundaries."""
    compiled = _worker_checklists.get(content_hash)
    if compiled is None:
        compiled = _worker_checklists[content_hash] = hia_rules.load_checklist_text(source_yaml)
    compared = []
    for proposal, stored in rows:
        try:
            given, set_aside = replay_explain.fit(compiled, dict(proposal), thresholds.get(proposal["jurisdiction_id"]))
            outcome = hia_rules.screen(compiled, given, evaluator)
        except hia_rules.InputError as exc:
            log.info("replay %s: proposal %s does not fit the new version: %s", replay_id, proposal["id"], exc)
            continue
        # The comparison needs only the outcome itself, not the catalog enrichment of a stored assessment.
        before = summary(stored["outcome"]) if "outcome" in stored else stored
        after = summary_of(outcome)
        compared.append((proposal["id"], before, after, replay_explain.explain(before, after, outcome, set_aside)))
    return compared


async def _compare(
    target: ChecklistVersion,
    rows: list[tuple[Any, Any]],
    thresholds: dict[int, float],
    replay_id: int,
    parallel: bool,
    evaluator: hia_rules.Evaluator,
) -> list[Compared]:
    plain = [({name: getattr(p, name) for name in FIELDS}, stored) for p, stored in rows]
    source, content_hash = target.source_yaml, target.content_hash
    if not parallel:
        return await asyncio.to_thread(_evaluate, source, content_hash, plain, thresholds, replay_id, evaluator)
    pool = _pool_for_replays()
    shares = [plain[i::WORKERS] for i in range(WORKERS) if plain[i::WORKERS]]
    loop = asyncio.get_running_loop()
    results = await asyncio.gather(
        *[
            loop.run_in_executor(pool, _evaluate, source, content_hash, share, thresholds, replay_id, evaluator)
            for share in shares
        ]
    )
    return sorted((item for result in results for item in result), key=lambda item: item[0])


async def run(
    factory: async_sessionmaker[AsyncSession],
    replay_id: int,
    f: repo.ProposalFilter,
    scope: ProposalScope,
    on_progress: Callable[[int, int], None] | None = None,
    evaluator: hia_rules.Evaluator = "durable",
) -> None:
    """Evaluate every proposal of the replay, committing progress batch by batch. The reference evaluator
    gives the same outcomes (checked by the differential test) and is there to compare speed."""
    try:
        async with factory() as session:
            replay = await repo.row_by_id(session, ScreeningReplay, replay_id)
            target = await repo.row_by_id(session, ChecklistVersion, replay.checklist_version_id)
            ids = await repo.proposal_ids_for_replay(session, f, scope)
            thresholds = await repo.investment_thresholds(session)
        parallel = len(ids) >= PARALLEL_FROM
        changed = 0
        for start_at in range(0, len(ids), BATCH):
            async with transaction(factory) as session:
                rows = await repo.proposals_with_summaries(session, ids[start_at : start_at + BATCH])
                compared = await _compare(target, rows, thresholds, replay_id, parallel, evaluator)
                for proposal_id, before, after, explanation in compared:
                    if before != after:
                        changed += 1
                        session.add(
                            ScreeningReplayChange(
                                replay_id=replay_id,
                                proposal_id=proposal_id,
                                before=before,
                                after=after,
                                changes=differences(before, after),
                                explanation=explanation,
                            )
                        )
                processed_total = min(start_at + BATCH, len(ids))
                await repo.replay_progress(session, replay_id, processed=processed_total, changed=changed)
            if on_progress is not None:
                on_progress(processed_total, len(ids))
        async with transaction(factory) as session:
            await repo.replay_progress(session, replay_id, status=DONE, finished_at=repo.now())
    except Exception as exc:
        log.exception("replay %s failed", replay_id)
        async with transaction(factory) as session:
            await repo.replay_progress(
                session, replay_id, status=FAILED, error=type(exc).__name__, finished_at=repo.now()
            )
        raise
