"""Every labelled v1 example replayed under v2: each is evaluated (answers v2 cannot use are set aside by
name, never failing the replay), and every change says in Chinese and English what changed and why."""

from __future__ import annotations

from dataclasses import asdict

import pytest

import hia_rules
from hia_rules.applicability import applies
from hia_rules.examples import examples_dir, load_examples
from service.screening import replay
from service.screening.assessments import summary_of

V1 = hia_rules.CHECKLIST_DIR / "hiap-screening-v1.yaml"
V2 = hia_rules.CHECKLIST_DIR / "hiap-screening-v2.yaml"


@pytest.fixture(scope="module")
def replayed() -> list[tuple[str, dict, dict, dict]]:
    v1 = hia_rules.load_checklist(V1)
    examples = load_examples(examples_dir(V1, v1))
    rows = []
    for number, example in enumerate(examples, start=1):
        given = asdict(example.given)
        # each example as the proposal of its own jurisdiction, with that jurisdiction's threshold if it has one
        proposal = {"id": number, "jurisdiction_id": number, **{k: given[k] for k in replay.FIELDS[2:]}}
        rows.append((proposal, summary_of(hia_rules.screen(v1, example.given))))
    thresholds = {n: e.given.investment_threshold_yuan for n, e in enumerate(examples, start=1)}
    compared = replay._evaluate(
        V2.read_text(encoding="utf-8"),
        "v2-under-test",
        rows,
        {n: t for n, t in thresholds.items() if t is not None},
        replay_id=0,
    )
    names = {number: example.path.stem for number, example in enumerate(examples, start=1)}
    answers = {proposal["id"]: proposal for proposal, _stored in rows}
    return [(names[pid], before, after, {**why, "proposal": answers[pid]}) for pid, before, after, why in compared]


def test_every_v1_example_is_replayed_under_v2(replayed: list[tuple[str, dict, dict, dict]]) -> None:
    v1 = hia_rules.load_checklist(V1)
    assert len(replayed) == len(load_examples(examples_dir(V1, v1)))


def test_every_change_says_what_changed_and_why(replayed: list[tuple[str, dict, dict, dict]]) -> None:
    changed = [(name, before, after, why) for name, before, after, why in replayed if before != after]
    assert changed, "v2 changes the outcome of some v1 examples"
    for name, before, after, why in changed:
        assert len(why["reasonsZh"]) == len(why["reasonsEn"]) >= 1, name
        if before["impactDegree"] != after["impactDegree"]:
            [degree_zh] = [s for s in why["reasonsZh"] if s.startswith("影响程度")]
            assert "原因：" in degree_zh
            assert degree_zh.split("原因：", 1)[1], name  # the reasons that decide the new degree


def test_answers_v2_cannot_use_are_named_and_new_questions_are_listed(
    replayed: list[tuple[str, dict, dict, dict]],
) -> None:
    v2 = hia_rules.load_checklist(V2)
    for name, _before, after, why in replayed:
        proposal = why["proposal"]
        kept_type = {
            k: v for k, v in proposal["answers"].items() if k == "scope.project_type" and k not in why["setAside"]
        }
        shape = hia_rules.ScreeningInput(kind=proposal["kind"], policy_type=proposal["policy_type"], answers=kept_type)
        for question_id in why["setAside"]:
            question = v2.checklist.question(question_id)
            value = proposal["answers"][question_id]
            valid = question is not None and (
                question.type.value in ("YES_NO", "NUMBER")
                or {*([value] if isinstance(value, str) else value)} <= {c.value for c in question.choices}
            )
            # gone from v2, no longer applicable to this kind of proposal, or no longer a valid answer
            assert question is None or not applies(question, v2.checklist, shape) or not valid, (name, question_id)
        kept = set(proposal["answers"]) - set(why["setAside"])
        assert all(v2.checklist.question(q) is not None for q in kept), name
        if after["inScope"]:
            # v1 never asked v2's new questions: the sponsor must answer them, and until then not 很小
            assert why["unanswered"], name
            assert after["impactDegree"] != "MINIMAL", name
            assert any(v2.checklist.question(q) is not None for q in why["unanswered"])
