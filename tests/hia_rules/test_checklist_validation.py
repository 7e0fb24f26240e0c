"""A checklist is refused at load time, with the path of every problem, when it cannot work."""

from __future__ import annotations

import copy

import pytest
import yaml

from hia_rules import ChecklistError, Evaluator, load_checklist_text
from tests.hia_rules.conftest import mini_data


def load(data: dict, **catalog: object) -> object:
    return load_checklist_text(yaml.safe_dump(data, allow_unicode=True), **catalog)  # type: ignore[arg-type]


def broken(change: object) -> dict:
    data = copy.deepcopy(mini_data())
    change(data)  # type: ignore[operator]
    return data


def problems_of(data: dict, **catalog: object) -> str:
    with pytest.raises(ChecklistError) as raised:
        load(data, **catalog)
    return str(raised.value)


def test_the_mini_checklist_loads() -> None:
    assert load(mini_data())


def test_unknown_question_in_a_condition_names_the_rule_and_path() -> None:
    data = broken(lambda d: d["rules"][3]["when"]["any"][0].update(answer="air.nope"))
    assert "rules[3](id=air.emissions).when.any[0]: unknown question 'air.nope'" in problems_of(data)


def test_wrong_test_for_a_question_type_is_refused() -> None:
    data = broken(lambda d: d["rules"][3]["when"]["any"][0].update({"is": "MAYBE"}))
    assert "is YES_NO: test it with `is: YES|NO|UNKNOWN`" in problems_of(data)
    data = broken(lambda d: d["rules"][4]["when"]["any"][1].update(lt="near"))
    assert "rules[4](id=air.near-sensitive).when.any[1]" in problems_of(data)


def test_unknown_indicator_and_portfolio_are_refused_against_the_catalog() -> None:
    message = problems_of(mini_data(), indicators={"CN2018-01"}, portfolios={"education"})
    assert "rules[3](id=air.emissions).then.portfolios[0]: unknown portfolio 'ecology-environment'" in message
    assert "rules[5](id=air.escalate).then.findings[0].indicator: unknown indicator 'CN2018-02'" in message


def test_a_fact_nobody_produces_and_a_negated_fact_are_refused() -> None:
    data = broken(lambda d: d["rules"][5]["when"]["all"].append({"fact": "ghost"}))
    assert "no rule produces the fact 'ghost'" in problems_of(data)
    data = broken(lambda d: d["rules"][5]["when"]["all"].append({"not": {"fact": "near-sensitive"}}))
    assert "a derived fact cannot be negated" in problems_of(data)


def test_schema_errors_name_the_field() -> None:
    data = broken(lambda d: d["questions"][0].pop("text_en"))
    assert "questions[0](id=air.emissions).text_en: Field required" in problems_of(data)
    data = broken(lambda d: d["national_form"].pop())
    assert "the ten questions numbered 1 to 10" in problems_of(data)


def test_a_checklist_over_the_engine_limit_per_fact_is_refused() -> None:
    # 70 rules all testing the same question would make durable_rules fail (error 303) when they match at once
    def many_rules(d: dict) -> None:
        template = d["rules"][4]
        d["rules"] += [dict(copy.deepcopy(template), id=f"air.copy{i}") for i in range(70)]

    message = problems_of(broken(many_rules))
    assert "test 'answer:air.school_nearby'; the limit is 59" in message


def test_an_exploding_condition_is_refused() -> None:
    def explode(d: dict) -> None:
        anys = [
            {"any": [{"answer": "air.distance_m", "lt": i}, {"answer": "air.distance_m", "gt": 1000 + i}]}
            for i in range(6)
        ]
        d["rules"][3]["when"] = {"all": anys}

    assert "expands to 64 alternatives; the limit is 32" in problems_of(broken(explode))


@pytest.mark.parametrize("evaluator", ["durable", "reference"])
def test_many_rules_on_different_questions_matching_at_once_stay_within_the_engine_limit(evaluator: Evaluator) -> None:
    # The engine asserts a proposal as a few facts packing several questions each; 50 rules on each of two
    # questions, all matching, are not packed into one fact (the engine's documented limit is 64 rules
    # matching one fact at once: error 303, which leaves the engine unusable).
    from hia_rules import screen
    from hia_rules.durable_engine import compile_ruleset
    from hia_rules.facts import ScreeningInput

    def fifty_each(d: dict) -> None:
        for question in ("air.emissions", "air.school_nearby"):
            d["rules"] += [
                {
                    "id": f"copy.{question}.{i}",
                    "determinant": "air",
                    "title_zh": "副本",
                    "title_en": "Copy",
                    "rationale_zh": "测试",
                    "rationale_en": "Test",
                    "when": {"answer": question, "is": "YES"},
                    "then": {"degree": "MILD"},
                }
                for i in range(50)
            ]

    compiled = load_checklist_text(yaml.safe_dump(broken(fifty_each), allow_unicode=True))
    _definition, groups = compile_ruleset(compiled)
    slots_of = [{slot for _name, slot, _field in group.fields} for group in groups]
    assert not any({"answer:air.emissions", "answer:air.school_nearby"} <= slots for slots in slots_of)
    proposal = ScreeningInput(
        kind="PROJECT",
        investment_yuan=1e9,
        population_affected=1e5,
        answers={"air.emissions": "YES", "air.school_nearby": "YES"},
    )
    outcome = screen(compiled, proposal, evaluator)
    assert sum(rule.startswith("copy.") for rule in outcome.fired_rules) == 100
