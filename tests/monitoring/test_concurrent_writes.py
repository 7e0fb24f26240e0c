"""Fifty writers of one subject and period at once (issue 10, item 4): each gets success or CONFLICT, never a masked
error, and the versions they leave are contiguous with nothing lost. On PostgreSQL the writers queue on a row lock
of the subject's parent (indicator, task, target); SQLite serialises writers by itself. Both backends run these."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import text

from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.monitoring.conftest import RECORD, observation

WRITERS = 50
OK = "OK"
PROGRESS = """mutation($input: RecordTaskProgressInput!) { recordTaskProgress(input: $input) {
  reports { id version } userErrors { field message code } } }"""
SCORE = """mutation($input: ScoreSelfAssessmentItemInput!) { scoreSelfAssessmentItem(input: $input) {
  item { version } userErrors { field message code } } }"""
SET_STATUS = """mutation($input: SetTargetStatusInput!) { setTargetStatus(input: $input) {
  status { status manualNote } userErrors { field message code } } }"""
CORRECT = """mutation($input: CorrectObservationInput!) { correctObservation(input: $input) {
  observation { id version value } userErrors { field message code } } }"""
TEXT_TARGET = "panzhihua-2021-health-14fyp:PZH14-02:2025:1"


async def race(call: Callable[[int], Awaitable[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The payloads of WRITERS calls at once; a masked (top-level) error fails the test with its message."""
    bodies = await asyncio.gather(*(call(i) for i in range(WRITERS)))
    masked = [b["errors"] for b in bodies if b.get("errors")]
    assert masked == [], masked[0]
    return [next(iter(b["data"].values())) for b in bodies]


def outcomes(payloads: list[dict[str, Any]]) -> Counter[str]:
    return Counter(p["userErrors"][0]["code"] if p["userErrors"] else OK for p in payloads)


async def versions(db: DatabaseUnderTest, table: str, value: str, where: str, **values: Any) -> list[tuple[int, Any]]:
    """(version, value) of every version of one subject and period, oldest first; checks they form one chain:
    versions 1 to n, only the last current, each replacing the one before it (never two from one)."""
    replaced = "supersedes_id" if table in ("observation", "task_progress_report") else "NULL"
    async with db.engine.connect() as connection:
        rows = await connection.execute(
            text(f"SELECT id, version, is_current, {replaced}, {value} FROM {table} WHERE {where} ORDER BY version"),
            values,
        )
        found = rows.all()
    assert [row[1] for row in found] == list(range(1, len(found) + 1))
    assert [row[1] for row in found if row[2]] == [len(found)]
    if replaced != "NULL":
        assert [row[3] for row in found] == [None, *(row[0] for row in found[:-1])]
    return [(row[1], row[4]) for row in found]


def stored(found: list[tuple[int, Any]]) -> list[Any]:
    return sorted(value for _version, value in found)


async def test_fifty_observations_of_one_period_become_fifty_versions(
    panzhihua_secretary: GraphQLClient, monitoring_db: DatabaseUnderTest
) -> None:
    # given: fifty different values for the same indicator, place and period
    sent = [5.0 + i / 100 for i in range(WRITERS)]

    def call(i: int) -> Awaitable[dict[str, Any]]:
        item = observation("PZH14-05", "panzhihua", 2022, sent[i])
        return panzhihua_secretary.post(RECORD, {"input": {"observations": [item]}})

    # when
    payloads = await race(call)

    # then: each is a correction of the one before (a second record of a period is its next version)
    assert outcomes(payloads) == {OK: WRITERS}
    assert sorted(p["observations"][0]["version"] for p in payloads) == list(range(1, WRITERS + 1))
    found = await versions(
        monitoring_db,
        "observation",
        "value",
        "indicator_id = (SELECT id FROM indicator WHERE code = 'PZH14-05') AND year = 2022 AND period = 'Y'",
    )
    assert stored(found) == sorted(sent)


async def test_fifty_progress_reports_of_one_task_and_period_become_fifty_versions(
    panzhihua_secretary: GraphQLClient, monitoring_db: DatabaseUnderTest
) -> None:
    def call(i: int) -> Awaitable[dict[str, Any]]:
        report = {"task": "panzhihua-2017.HQ1.M2018", "year": 2019, "percent": float(i), "note": f"第{i}次"}
        return panzhihua_secretary.post(PROGRESS, {"input": {"reports": [report]}})

    payloads = await race(call)

    assert outcomes(payloads) == {OK: WRITERS}
    assert sorted(p["reports"][0]["version"] for p in payloads) == list(range(1, WRITERS + 1))
    found = await versions(
        monitoring_db,
        "task_progress_report",
        "percent",
        "task_id = (SELECT id FROM task WHERE code = 'panzhihua-2017.HQ1.M2018') AND year = 2019 AND period = 'Y'",
    )
    assert stored(found) == [float(i) for i in range(WRITERS)]


async def test_fifty_scores_of_one_item_become_fifty_versions(
    wuzhong_secretary: GraphQLClient, monitoring_db: DatabaseUnderTest
) -> None:
    def call(i: int) -> Awaitable[dict[str, Any]]:
        given = {"item": "WZ2023-01", "jurisdiction": "wuzhong", "year": 2024, "score": i / 25, "note": f"第{i}次"}
        return wuzhong_secretary.post(SCORE, {"input": given})

    payloads = await race(call)

    # (the payload shows the item as it is after the call, perhaps already scored again by another writer)
    assert outcomes(payloads) == {OK: WRITERS}
    found = await versions(
        monitoring_db,
        "self_assessment_score",
        "score",
        "indicator_id = (SELECT id FROM indicator WHERE code = 'WZ2023-01') AND year = 2024",
    )
    assert stored(found) == [i / 25 for i in range(WRITERS)]


async def test_fifty_statuses_of_one_target_become_fifty_versions(
    panzhihua_secretary: GraphQLClient, monitoring_db: DatabaseUnderTest
) -> None:
    def call(i: int) -> Awaitable[dict[str, Any]]:
        given = {"target": TEXT_TARGET, "status": ("ON_TRACK", "AT_RISK")[i % 2], "asOf": 2023, "note": f"第{i}次"}
        return panzhihua_secretary.post(SET_STATUS, {"input": given})

    payloads = await race(call)

    assert outcomes(payloads) == {OK: WRITERS}
    found = await versions(
        monitoring_db,
        "manual_target_status",
        "note",
        "target_id = (SELECT id FROM target WHERE code = :code)",
        code=TEXT_TARGET,
    )
    assert stored(found) == sorted(f"第{i}次" for i in range(WRITERS))


async def test_fifty_corrections_of_version_one_give_exactly_one_winner(
    panzhihua_secretary: GraphQLClient, monitoring_db: DatabaseUnderTest
) -> None:
    # given: version 1 of a value
    recorded = await panzhihua_secretary.data(
        RECORD, {"input": {"observations": [observation("PZH14-04", "panzhihua", 2022, 4.0)]}}
    )
    first = recorded["recordObservations"]["observations"][0]
    assert first["version"] == 1

    # when: fifty people correct what they all read as version 1
    def call(i: int) -> Awaitable[dict[str, Any]]:
        given = {"id": first["id"], "value": 3.0 + i / 100, "reason": f"更正{i}", "expectedVersion": 1}
        return panzhihua_secretary.post(CORRECT, {"input": given})

    payloads = await race(call)

    # then: one wins; the others are told somebody changed it first, and nothing they sent is stored
    assert outcomes(payloads) == {OK: 1, "CONFLICT": WRITERS - 1}
    [winner] = [p["observation"] for p in payloads if not p["userErrors"]]
    assert winner["version"] == 2
    conflicts = [p["userErrors"][0] for p in payloads if p["userErrors"]]
    assert {(tuple(e["field"]), e["message"]) for e in conflicts} == {
        (
            ("input", "expectedVersion"),
            "PZH14-04 of panzhihua for 2022 is at version 2 now, not 1: somebody corrected it; re-read it",
        )
    }
    found = await versions(
        monitoring_db,
        "observation",
        "value",
        "indicator_id = (SELECT id FROM indicator WHERE code = 'PZH14-04') AND year = 2022 AND period = 'Y'",
    )
    assert found == [(1, 4.0), (2, winner["value"])]


async def test_fifty_repeats_of_one_idempotency_key_record_once(
    panzhihua_secretary: GraphQLClient, monitoring_db: DatabaseUnderTest
) -> None:
    # given: a client retrying one call (same key) while the first attempt is still running
    item = observation("PZH14-09", "panzhihua", 2023, 0.006)

    def call(i: int) -> Awaitable[dict[str, Any]]:
        return panzhihua_secretary.post(RECORD, {"input": {"observations": [item], "idempotencyKey": "pzh14-09-race"}})

    # when
    payloads = await race(call)

    # then: every attempt answers with what the first one recorded
    assert outcomes(payloads) == {OK: WRITERS}
    assert len({p["observations"][0]["id"] for p in payloads}) == 1
    async with monitoring_db.engine.connect() as connection:
        batches = await connection.scalar(
            text("SELECT count(*) FROM monitoring_batch WHERE idempotency_key = 'pzh14-09-race'")
        )
    assert batches == 1
