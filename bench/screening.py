"""Benchmark screening with the default checklist.

Prints the judgement on each checklist's labelled examples (expectations met on both evaluators; findings,
portfolios and specialties per case), then, for durable_rules and for the plain-Python reference evaluator:
  - per-evaluation p50/p99 (engine alone: validate, flatten, fire, build the outcome),
  - RSS before/after 100,000 evaluations,
and, on PostgreSQL:
  - submitProposal p50/p99 through the GraphQL API (ASGI in-process),
  - replay throughput over 10,000 stored proposals.

    .venv/bin/python bench/screening.py [--evaluations 100000] [--stored 10000] [--submits 300]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import resource
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import hia_rules
from db.session import create_engine, create_session_factory, transaction
from hia_rules.applicability import applies
from hia_rules.examples import examples_dir, load_examples
from hia_rules.vocabulary import PolicyType, ProposalKind, QuestionType, VulnerableGroup
from service import database
from service.app import create_app
from service.auth import tokens
from service.auth.principal import Principal, Role
from service.config import Settings
from service.screening import checklists, proposals, replay
from service.screening.reads import ProposalQuery, to_filter


def random_answer(rng: random.Random, question: Any) -> Any:
    if question.type is QuestionType.YES_NO:
        return rng.choice(["YES", "NO", "NO", "UNKNOWN"])
    if question.type is QuestionType.NUMBER:
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else 1e6
        return float(rng.randint(int(low), int(min(high, 1e6))))
    values = [c.value for c in question.choices]
    if question.type is QuestionType.CHOICE:
        return rng.choice(values)
    # what a form accepts: NONE alone, or at least one of the other choices (an empty list is no answer)
    options = [v for v in values if v != "NONE"]
    if not options or ("NONE" in values and rng.random() < 0.3):
        return ["NONE"]
    return rng.sample(options, rng.randint(1, len(options)))


def random_values(rng: random.Random, compiled: hia_rules.CompiledChecklist, every: bool = False) -> dict[str, Any]:
    """A random proposal answering a random subset of the questions that apply to it; with `every`, all of them
    (a checklist that requires every applicable answer refuses to submit a proposal with any left out)."""
    checklist = compiled.checklist
    kind = rng.choice([k.value for k in ProposalKind])
    policy_type = rng.choice([p.value for p in PolicyType]) if kind == "POLICY" else None
    answers: dict[str, Any] = {}
    type_question = checklist.question(checklist.settings.project_type_question or "")
    if kind == "PROJECT" and type_question is not None:
        answers[type_question.id] = random_answer(rng, type_question)
    shape = hia_rules.ScreeningInput(kind=kind, policy_type=policy_type, answers=answers)
    applicable = [q for q in checklist.questions if applies(q, checklist, shape)]
    answered = len(applicable) if every else rng.randint(min(3, len(applicable)), len(applicable))
    for question in rng.sample(applicable, answered):
        answers.setdefault(question.id, random_answer(rng, question))
    values: dict[str, Any] = {
        "kind": kind,
        "population_affected": float(rng.choice([500, 5_000, 50_000, 200_000])),
        "vulnerable_groups": rng.sample([g.value for g in VulnerableGroup], rng.randint(0, 3)),
        "answers": answers,
    }
    if kind == "POLICY":
        values["policy_type"] = policy_type
    else:
        values["investment_yuan"] = float(rng.choice([1e6, 4e6, 6e6, 5e7, 8e8]))
    return values


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_engine(compiled: hia_rules.CompiledChecklist, evaluator: hia_rules.Evaluator, count: int) -> None:
    rng = random.Random(42)
    inputs = [proposals.screening_input(random_values(rng, compiled), None) for _ in range(2_000)]
    for given in inputs[:200]:
        hia_rules.screen(compiled, given, evaluator)
    timings = []
    firing = []
    fire = hia_rules.engine().fire if evaluator == "durable" else hia_rules.reference_fire
    for given in inputs:
        started = time.perf_counter()
        hia_rules.screen(compiled, given, evaluator)
        timings.append((time.perf_counter() - started) * 1000)
        facts = hia_rules.flatten(compiled.checklist, given)
        started = time.perf_counter()
        fire(compiled, facts)
        firing.append((time.perf_counter() - started) * 1000)
    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    for i in range(count):
        hia_rules.screen(compiled, inputs[i % len(inputs)], evaluator)
    elapsed = time.perf_counter() - started
    gc.collect()
    after = rss_mb()
    print(
        f"  {evaluator:9}  screen p50 {statistics.median(timings):6.3f} ms  p99 {percentile(timings, 0.99):6.3f} ms  "
        f"(of which firing the rules p50 {statistics.median(firing):6.3f} ms  p99 {percentile(firing, 0.99):6.3f} ms)  "
        f"{count / elapsed:6.0f} screens/s  peak RSS {before:6.1f} -> {after:6.1f} MB (+{after - before:.1f}) "
        f"over {count:,} screens"
    )


def bench_examples(compiled: hia_rules.CompiledChecklist, path: Path, rounds: int = 200) -> None:
    """The labelled examples: realistic proposals, most heavier than the random ones (20-30 rules firing)."""
    examples = load_examples(examples_dir(path, compiled))
    if not examples:
        return
    for example in examples:
        hia_rules.screen(compiled, example.given)
    timings = []
    for _ in range(rounds):
        for example in examples:
            started = time.perf_counter()
            hia_rules.screen(compiled, example.given)
            timings.append((time.perf_counter() - started) * 1000)
    print(
        f"  durable    the {len(examples)} labelled examples, {rounds} rounds: screen p50 "
        f"{statistics.median(timings):6.3f} ms  p99 {percentile(timings, 0.99):6.3f} ms  max {max(timings):6.3f} ms"
    )


async def bench_database(args: argparse.Namespace, compiled: hia_rules.CompiledChecklist) -> None:
    name = f"hia_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.postgres_url)
    async with admin.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.postgres_url).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    factory = create_session_factory(engine)
    try:
        await database.upgrade(engine)
        await database.load(factory)
        rng = random.Random(7)
        department = {"jurisdiction": "wuzhong", "sponsoring_department": "wuzhong.health-commission"}

        # submitProposal through the API, as an officer of the sponsoring department
        async with transaction(factory) as session:
            officer = await tokens.create(
                session, "bench", "DEPARTMENT_OFFICER", department="wuzhong.health-commission"
            )
        headers = {"authorization": f"Bearer {officer.token}"}
        app = create_app(Settings(database_url=url, env="production"), engine=engine)
        create = """mutation($input: CreateProposalInput!) { createProposal(input: $input) {
            proposal { id } userErrors { message } } }"""
        submit = """mutation($id: ID!, $key: String!) { submitProposal(input: {id: $id, idempotencyKey: $key}) {
            assessment { impactDegree findings { effect } requiredDepartments { department { code } } }
            userErrors { message } } }"""
        timings = []
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench", headers=headers
        ) as client:
            for i in range(args.submits + 20):
                values = random_values(rng, compiled, every=True)
                payload = {
                    "kind": values["kind"],
                    "title": f"bench {i}",
                    "jurisdiction": "wuzhong",
                    "sponsoringDepartment": "wuzhong.health-commission",
                    "populationAffected": values["population_affected"],
                    "vulnerableGroups": values["vulnerable_groups"],
                    "answers": [_answer_input(compiled, q, v) for q, v in values["answers"].items()],
                }
                if values["kind"] == "POLICY":
                    payload["policyType"] = values["policy_type"]
                else:
                    payload["investmentYuan"] = values["investment_yuan"]
                created = (
                    await client.post("/graphql", json={"query": create, "variables": {"input": payload}})
                ).json()
                proposal_id = created["data"]["createProposal"]["proposal"]["id"]
                started = time.perf_counter()
                response = await client.post(
                    "/graphql", json={"query": submit, "variables": {"id": proposal_id, "key": f"k{i}"}}
                )
                elapsed = time.perf_counter() - started
                body = response.json()
                assert not body["data"]["submitProposal"]["userErrors"], body
                if i >= 20:
                    timings.append(elapsed * 1000)
        print(
            f"  submitProposal (GraphQL, PostgreSQL)  p50 {statistics.median(timings):6.2f} ms  "
            f"p99 {percentile(timings, 0.99):6.2f} ms  over {len(timings)} submissions"
        )

        # fill up to N stored, screened proposals through the service
        stored = args.submits + 20
        batch = 250
        async with factory() as session:
            principal = await tokens.authenticate(session, f"Bearer {officer.token}")
        started = time.perf_counter()
        while stored < args.stored:
            async with transaction(factory) as session:
                for _ in range(min(batch, args.stored - stored)):
                    values = {**random_values(rng, compiled, every=True), "title": f"bulk {stored}", **department}
                    row = await proposals.create(session, principal, values, None)
                    await proposals.submit(session, principal, row.id, "bulk")
                    stored += 1
        print(f"  stored {args.stored:,} screened proposals in {time.perf_counter() - started:.1f} s")

        # replay them all under a second version (same content, new version number)
        base = checklists.compiled(await _latest(factory))
        source = (await _latest(factory)).source_yaml
        bumped = source.replace(f"version: {base.checklist.version}", f"version: {base.checklist.version + 1}", 1)
        async with transaction(factory) as session:
            await checklists.publish(session, bumped, "bench")
            resolved = await to_filter(session, ProposalQuery(), ["filter"])
            administrator = Principal(user="bench", role=Role.ADMIN)
        for evaluator in ("durable", "reference"):
            async with transaction(factory) as session:
                run_row, _new = await replay.start(session, administrator, base.checklist.version + 1, resolved, {})
            started = time.perf_counter()
            await replay.run(factory, run_row.id, resolved, administrator.proposal_scope(), evaluator=evaluator)
            elapsed = time.perf_counter() - started
            print(
                f"  replay {args.stored:,} proposals ({evaluator}): {elapsed:.1f} s, "
                f"{args.stored / elapsed:,.0f} proposals/s"
            )
    finally:
        await engine.dispose()
        async with admin.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def _latest(factory: Any) -> Any:
    async with factory() as session:
        return await checklists.resolve(session, None, ["version"])


def _answer_input(compiled: hia_rules.CompiledChecklist, question_id: str, value: Any) -> dict[str, Any]:
    question = compiled.checklist.question(question_id)
    assert question is not None
    key = {"YES_NO": "yesNo", "NUMBER": "number", "CHOICE": "choice", "MULTI_CHOICE": "choices"}[question.type.value]
    return {"question": question_id, key: value}


def judgement(path: Path) -> None:
    """What the checklist concludes on its labelled examples: expectations met on both evaluators, how much
    it asks per case (findings, findings without a measuring indicator, portfolios, specialties), and how
    precise its routing is: the share of required portfolios a case's expectations name (`portfolios` or
    `portfolios_include`), and required portfolios a case says must not review (`portfolios_exclude`)."""
    from hia_rules.examples import mismatches

    compiled = hia_rules.load_checklist(path)
    examples = load_examples(examples_dir(path, compiled))
    evaluators: tuple[hia_rules.Evaluator, ...] = ("durable", "reference")
    met = dict.fromkeys(evaluators, 0)
    findings = unmeasured = portfolios = specialties = 0
    named = required = excluded = most = 0
    for example in examples:
        for evaluator in evaluators:
            outcome = hia_rules.screen(compiled, example.given, evaluator)
            met[evaluator] += not mismatches(outcome, example.expect)
        findings += len(outcome.findings)
        unmeasured += sum(1 for f in outcome.findings if f.indicator is None)
        portfolios += len(outcome.required_portfolios)
        specialties += len(outcome.required_specialties)
        asked = {r.code for r in outcome.required_portfolios}
        expected = set(example.expect.get("portfolios", [])) | set(example.expect.get("portfolios_include", []))
        named += len(asked & expected)
        required += len(asked)
        excluded += len(asked & set(example.expect.get("portfolios_exclude", [])))
        most = max(most, len(asked) + len(outcome.required_specialties))
    n = max(1, len(examples))
    print(
        f"  {compiled.key:<18} {len(examples):3} cases  expectations met: durable {met['durable']}/{len(examples)}, "
        f"reference {met['reference']}/{len(examples)}  per case: {findings / n:4.1f} findings "
        f"({unmeasured / n:3.1f} without a measuring indicator), {portfolios / n:4.1f} portfolios, "
        f"{specialties / n:3.1f} specialties"
    )
    print(
        f"  {'':<18} routing: {named}/{required} required portfolios named by the cases' expectations "
        f"({named / max(1, required):.0%}), {excluded} that a case says must not review; at most {most} "
        f"reviewers (portfolios + specialties) on one case"
    )


def replay_examples(source: Path, target: Path) -> None:
    """The labelled examples of one version replayed under another, as `replayScreening` would: the degree
    before and after, and how many answers were set aside and new questions are left to answer."""
    from dataclasses import asdict

    from service.screening import replay
    from service.screening.assessments import summary_of

    old = hia_rules.load_checklist(source)
    examples = load_examples(examples_dir(source, old))
    rows = []
    for number, example in enumerate(examples):
        values = asdict(example.given)
        # each example as the proposal of its own jurisdiction, with that jurisdiction's threshold if it has one
        proposal = {"id": number, "jurisdiction_id": number, **{k: values[k] for k in replay.FIELDS[2:]}}
        rows.append((proposal, summary_of(hia_rules.screen(old, example.given))))
    thresholds = {
        n: e.given.investment_threshold_yuan for n, e in enumerate(examples) if e.given.investment_threshold_yuan
    }
    started = time.perf_counter()
    compared = replay._evaluate(target.read_text(encoding="utf-8"), target.name, rows, thresholds, replay_id=0)
    elapsed = time.perf_counter() - started
    changed = [c for c in compared if c[1] != c[2]]
    print(
        f"{source.name} examples replayed under {target.name}: {len(compared)}/{len(examples)} evaluated, "
        f"{len(changed)} change ({elapsed * 1000:.0f} ms)"
    )
    for number, before, after, why in compared:
        print(
            f"  {examples[number].path.stem:<48} {before['impactDegree']:>7} -> {after['impactDegree']:<7} "
            f"portfolios {len(before['requiredPortfolios']):2} -> {len(after['requiredPortfolios']):2}  "
            f"answers set aside {len(why['setAside']):2}, to answer {len(why['unanswered']):2}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--evaluations", type=int, default=100_000)
    parser.add_argument("--stored", type=int, default=10_000)
    parser.add_argument("--submits", type=int, default=300)
    parser.add_argument("--postgres-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--skip-database", action="store_true")
    parser.add_argument("--skip-engine", action="store_true")
    parser.add_argument(
        "--checklist", type=Path, help="checklist file for the engine figures (default: latest shipped)"
    )
    args = parser.parse_args()
    print("judgement on the labelled examples (shipped checklists and drafts under review):")
    for checklist_path in [
        *hia_rules.shipped_checklists(),
        *sorted((hia_rules.CHECKLIST_DIR / "drafts").glob("*.yaml")),
    ]:
        judgement(checklist_path)
    shipped = sorted(hia_rules.shipped_checklists(), key=lambda p: int(p.stem.rsplit("-v", 1)[1]))
    if len(shipped) > 1:
        replay_examples(shipped[-2], shipped[-1])
    path = args.checklist or shipped[-1]
    compiled = hia_rules.load_checklist(path)
    print(f"checklist {compiled.key}: {len(compiled.checklist.questions)} questions, {len(compiled.rules)} rules")
    if not args.skip_engine:
        print(
            "screening without the database: validate + flatten + fire the rules + build the outcome (texts, degree "
            "reasons, evidence); firing alone is the evaluator's part (durable_rules: assert, chain, collect, delete)"
        )
        # Timings on a 2-core machine move with whatever else runs (a CI run beside the bench doubles them).
        print(f"  load average before timing: {os.getloadavg()[0]:.2f} (1 min)")
        bench_engine(compiled, "durable", args.evaluations)
        bench_engine(compiled, "reference", args.evaluations)
        bench_examples(compiled, path)
    if not args.skip_database:
        print("through the service, PostgreSQL:")
        asyncio.run(bench_database(args, compiled))


if __name__ == "__main__":
    main()
