"""Benchmark the review workflow on PostgreSQL, through two real service processes sharing one database.

Prints p50/p99 of:
  - submitProposal of checklist v2's example 01, a waste transfer station near a school (screening plus
    opening its review requests),
  - submitReview, and concludeReview once all reviews are in,
  - submitExpertRating by every expert of the panel, and settleScreeningForm by the chair,
  - GET /reports/<code>.html (the concluded report) and GET /reports/<code>/screening-form.docx,
  - the delay from sending a submitProposal to the second process until the subscriber of the first process
    hears the REVIEW_REQUESTED event (LISTEN/NOTIFY across processes), next to that request's own latency.

    .venv/bin/python bench/review.py [--proposals 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url
from strawberry.relay import to_base64
from websockets.asyncio.client import connect
from websockets.typing import Subprotocol

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import hia_rules
from db.session import create_engine, create_session_factory, transaction
from hia_rules.applicability import unanswered
from hia_rules.examples import load_example
from hia_rules.vocabulary import QuestionType, Specialty
from service import database
from service.auth import tokens
from service.auth.principal import Principal, Role
from service.review import committee

ROOT = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("HIA_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
EXAMPLE = ROOT / "hia_rules/checklists/examples/hiap-screening-v2/01-waste-transfer-station-near-school.yaml"
CHECKLIST = ROOT / "hia_rules/checklists/hiap-screening-v2.yaml"
SPONSOR = "panzhihua.urban-management-bureau"
CREATE = """mutation($input: CreateProposalInput!) { createProposal(input: $input) { proposal { id code } } }"""
SUBMIT = """mutation($id: ID!, $key: String!) { submitProposal(input: {id: $id, idempotencyKey: $key}) {
  proposal { status currentRound { reviewRequests { id kind department { code } expert { id } } } }
  assessment { impactDegree nationalForm { number answer } }
  userErrors { message } } }"""
RATE = """mutation($input: SubmitExpertRatingInput!) { submitExpertRating(input: $input) { userErrors { message } } }"""
SETTLE = (
    """mutation($input: SettleScreeningFormInput!) { settleScreeningForm(input: $input) { userErrors { message } } }"""
)
REVIEW = """mutation($id: ID!) { submitReview(input: {id: $id, opinion: CONCUR}) { userErrors { message } } }"""
CONCLUDE = """mutation($id: ID!) { concludeReview(input: {proposal: $id, decision: APPROVED, summaryZh: "同意"}) {
  userErrors { message } } }"""
REPORT = """query($code: String!) { proposal(code: $code) { report { htmlUrl } } }"""
MY_EVENTS = """subscription { myReviewRequestEvents { type proposal { code } } }"""
SPECIALTIES = [s.value for s in Specialty]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def line(name: str, samples: list[float]) -> str:
    p50, p99 = percentile(samples, 0.5), percentile(samples, 0.99)
    return f"{name:<46} p50 {p50:8.2f} ms   p99 {p99:8.2f} ms   (n={len(samples)})"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def prepare(url: str) -> dict[str, str]:
    """Migrate, load, set up Panzhihua's committee (one expert per specialty) and issue the tokens."""
    engine = create_engine(url)
    await database.upgrade(engine)
    factory = create_session_factory(engine)
    await database.load(factory)
    admin = Principal(user="bench", role=Role.ADMIN)
    issued: dict[str, str] = {}
    async with transaction(factory) as session:
        await committee.create(session, admin, "panzhihua", None, None)
        for role in ("CHAIR", "SECRETARY"):
            user = f"bench-{role.lower()}"
            await committee.add_member(session, admin, "panzhihua", user, role, committee.MemberDetails(name_zh=user))
            issued[role] = (await tokens.create(session, user, f"COMMITTEE_{role}", "panzhihua")).token
        for specialty in SPECIALTIES:
            user = f"bench-{specialty.lower()}"
            details = committee.MemberDetails(name_zh=user, specialties=[specialty])
            member = await committee.add_member(session, admin, "panzhihua", user, "EXPERT", details)
            issued[f"expert:{to_base64('CommitteeMember', member.id)}"] = (
                await tokens.create(session, user, "EXPERT", "panzhihua")
            ).token
        issued["sponsor"] = (await tokens.create(session, "bench-sponsor", "DEPARTMENT_OFFICER", None, SPONSOR)).token
        # an officer for every department screening may ask
        departments = await session.execute(
            text(
                "SELECT d.code FROM department d JOIN jurisdiction j ON j.id = d.jurisdiction_id "
                "WHERE j.code = 'panzhihua' AND d.kind <> 'COLLECTIVE'"
            )
        )
        for (department,) in departments.all():
            issued[f"department:{department}"] = (
                await tokens.create(session, f"bench-{department}", "DEPARTMENT_OFFICER", None, department)
            ).token
    await engine.dispose()
    return issued


async def post(http: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers={"authorization": f"Bearer {token}"}
    )
    elapsed = (time.perf_counter() - started) * 1000
    body = response.json()
    assert "errors" not in body, body
    return elapsed, body["data"]


async def run(base_a: str, base_b: str, issued: dict[str, str], count: int) -> None:
    values = example_input("panzhihua", SPONSOR)
    expert = next(k for k in issued if k.startswith("expert:"))
    ws_url = base_a.replace("http://", "ws://") + "/graphql"
    timings: dict[str, list[float]] = {
        k: [] for k in ("submit", "review", "rate", "settle", "conclude", "report", "docx", "event", "event_req")
    }
    async with (
        httpx.AsyncClient(base_url=base_b, timeout=30) as http,
        connect(ws_url, subprotocols=[Subprotocol("graphql-transport-ws")]) as ws,
    ):
        await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {issued[expert]}"}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": MY_EVENTS}}))
        await asyncio.sleep(0.5)  # let the subscription register before the first event
        for i in range(count):
            _, created = await post(http, issued["sponsor"], CREATE, {"input": values})
            proposal = created["createProposal"]["proposal"]
            sent = time.perf_counter()
            elapsed, submitted = await post(http, issued["sponsor"], SUBMIT, {"id": proposal["id"], "key": f"b{i}"})
            timings["submit"].append(elapsed)
            # the chosen expert hears of this proposal only if assigned to it; measure when it is
            requests = submitted["submitProposal"]["proposal"]["currentRound"]["reviewRequests"]
            if any(r["kind"] == "EXPERT" and f"expert:{_member(r)}" == expert for r in requests):
                while True:
                    message = json.loads(await asyncio.wait_for(ws.recv(), 10))
                    if message["payload"]["data"]["myReviewRequestEvents"]["proposal"]["code"] == proposal["code"]:
                        timings["event"].append((time.perf_counter() - sent) * 1000)
                        timings["event_req"].append(elapsed)
                        break
            for request in requests:
                token = (
                    issued[f"expert:{_member(request)}"]
                    if request["kind"] == "EXPERT"
                    else issued.get(f"department:{request['department']['code']}")
                )
                assert token is not None, request
                elapsed, _ = await post(http, token, REVIEW, {"id": request["id"]})
                timings["review"].append(elapsed)
            assessment = submitted["submitProposal"]["assessment"]
            engine = [{"number": a["number"], "answer": a["answer"]} for a in assessment["nationalForm"]]
            for request in requests:
                if request["kind"] == "EXPERT" and request["expert"] is not None:
                    rating = {
                        "proposal": proposal["id"],
                        "answers": engine,
                        "proposedDegree": assessment["impactDegree"],
                    }
                    elapsed, rated = await post(http, issued[f"expert:{_member(request)}"], RATE, {"input": rating})
                    assert rated["submitExpertRating"]["userErrors"] == [], rated
                    timings["rate"].append(elapsed)
            form = {"proposal": proposal["id"], "answers": engine, "degree": assessment["impactDegree"]}
            elapsed, settled = await post(http, issued["CHAIR"], SETTLE, {"input": form})
            assert settled["settleScreeningForm"]["userErrors"] == [], settled
            timings["settle"].append(elapsed)
            elapsed, concluded = await post(http, issued["CHAIR"], CONCLUDE, {"id": proposal["id"]})
            assert concluded["concludeReview"]["userErrors"] == [], concluded
            timings["conclude"].append(elapsed)
            _, links = await post(http, issued["CHAIR"], REPORT, {"code": proposal["code"]})
            started = time.perf_counter()
            report = await http.get(
                links["proposal"]["report"]["htmlUrl"], headers={"authorization": f"Bearer {issued['CHAIR']}"}
            )
            assert report.status_code == 200
            timings["report"].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            docx = await http.get(
                f"/reports/{proposal['code']}/screening-form.docx",
                headers={"authorization": f"Bearer {issued['CHAIR']}"},
            )
            assert docx.status_code == 200
            timings["docx"].append((time.perf_counter() - started) * 1000)
    print(line("submitProposal (screen + open requests)", timings["submit"]))
    print(line("submitReview", timings["review"]))
    print(line("submitExpertRating", timings["rate"]))
    print(line("settleScreeningForm", timings["settle"]))
    print(line("concludeReview", timings["conclude"]))
    print(line("GET /reports/<code>.html", timings["report"]))
    print(line("GET /reports/<code>/screening-form.docx", timings["docx"]))
    print(line("event: request sent -> heard in other process", timings["event"]))
    print(line("  (that submitProposal's own response time)", timings["event_req"]))


def example_input(jurisdiction: str, sponsor: str) -> dict[str, Any]:
    """CreateProposalInput of v2's example 01. The default checklist (v2) refuses a submit with an applicable
    question unanswered: the example answers what it is about, and the rest are answered as an officer unsure of
    them would (don't know, or the first choice)."""
    given = load_example(EXAMPLE).given
    compiled = hia_rules.load_checklist(CHECKLIST)
    complete = {**given.answers, **{q: _unsure(compiled, q) for q in unanswered(compiled.checklist, given)}}
    return {
        "kind": given.kind,
        "title": "生活垃圾转运站",
        "jurisdiction": jurisdiction,
        "sponsoringDepartment": sponsor,
        "investmentYuan": given.investment_yuan,
        "populationAffected": given.population_affected,
        "vulnerableGroups": list(given.vulnerable_groups),
        "answers": [{"question": q, **_typed(v)} for q, v in complete.items()],
    }


def _unsure(compiled: hia_rules.CompiledChecklist, question_id: str) -> Any:
    question = compiled.checklist.question(question_id)
    assert question is not None
    if question.type is QuestionType.YES_NO:
        return "UNKNOWN"
    if question.type is QuestionType.NUMBER:
        return question.min if question.min is not None else 0
    values = [c.value for c in question.choices]
    first = "UNKNOWN" if "UNKNOWN" in values else values[0]
    return first if question.type is QuestionType.CHOICE else ["NONE" if "NONE" in values else first]


def _typed(value: Any) -> dict[str, Any]:
    """An answer in the field of its type (AnswerInput)."""
    if value in ("YES", "NO", "UNKNOWN"):
        return {"yesNo": value}
    if isinstance(value, (int, float)):
        return {"number": value}
    if isinstance(value, list):
        return {"choices": value}
    return {"choice": value}


def _member(request: dict[str, Any]) -> str:
    return str(request["expert"]["id"])


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--proposals", type=int, default=100)
    args = parser.parse_args()
    name = f"hia_bench_review_{uuid.uuid4().hex[:8]}"
    admin = create_engine(SERVER)
    async with admin.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    processes = []
    try:
        issued = await prepare(url)
        ports = free_port(), free_port()
        env = {**os.environ, "HIA_DATABASE_URL": url, "HIA_AUTO_SETUP": "false", "HIA_LOG_LEVEL": "warning"}
        for port in ports:
            processes.append(
                await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "service.cli",
                    "serve",
                    "--port",
                    str(port),
                    cwd=ROOT,
                    env=env,
                    stderr=asyncio.subprocess.DEVNULL,
                )
            )
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        async with httpx.AsyncClient() as probe:
            for base in bases:
                for _ in range(200):
                    try:
                        if (await probe.get(base + "/healthz")).status_code == 200:
                            break
                    except httpx.TransportError:
                        await asyncio.sleep(0.1)
        print(
            f"PostgreSQL, two service processes (subscriber on {bases[0]}, mutations on {bases[1]}), "
            f"{args.proposals} proposals of v2 example 01 (waste transfer station near a school)"
        )
        await run(bases[0], bases[1], issued, args.proposals)
    finally:
        for process in processes:
            process.terminate()
            await asyncio.wait_for(process.wait(), 20)
        async with admin.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


if __name__ == "__main__":
    asyncio.run(main())
