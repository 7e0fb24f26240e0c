"""The `drafting:` section of a checklist is validated with the rest of it: every problem names its path, as
`hia checklist validate` prints it, and a checklist without the section keeps the hash it was published with."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from hia_rules import ChecklistError, load_checklist, load_checklist_text, shipped_checklists
from hia_rules.checklist import cues_file, parse_checklist
from hia_rules.drafting.cues import check_cues, parts
from service.screening.cli import validate
from tests.hia_rules.conftest import MINI, mini_data


def cued(**questions: Any) -> dict[str, Any]:
    """The mini checklist with a drafting section: each question cued as given, the others undecidable."""
    data = copy.deepcopy(mini_data())
    entries: dict[str, Any] = {q["id"]: {"undecidable": "测试用"} for q in data["questions"]}
    entries.update(questions)
    data["drafting"] = {
        "negations": ["不", "禁止"],
        "kind": {"PROJECT": ["总投资"], "POLICY": ["办法"]},
        "policy_type": {"REGULATION": ["本办法"], "FORWARDED_DOCUMENT": ["转发"]},
        "questions": entries,
    }
    return data


def problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    return check_cues(parse_checklist(data))


def refused(data: dict[str, Any]) -> str:
    with pytest.raises(ChecklistError) as raised:
        load_checklist_text(yaml.safe_dump(data, allow_unicode=True))
    return str(raised.value)


def test_a_checklist_with_sound_cues_loads() -> None:
    # given
    data = cued(
        **{
            "air.emissions": {"yes": ["废气排放", "禁止…焚烧"], "no": ["不新增废气"], "negated": "NO"},
            "air.distance_m": {"quantity": {"kind": "DISTANCE_M", "near": ["学校"], "pick": "MIN"}},
            "air.fuel": {"choices": {"COAL": ["燃煤"], "GAS": ["天然气"]}},
            "air.sources": {"choices": {"TRAFFIC": ["车流"], "DUST": ["扬尘"]}, "excludes": ["评审"]},
        }
    )
    # when
    compiled = load_checklist_text(yaml.safe_dump(data, allow_unicode=True))
    # then
    drafting = compiled.checklist.drafting
    assert drafting is not None
    assert drafting.questions["air.emissions"].yes == ["废气排放", "禁止…焚烧"]
    assert problems(data) == []


def test_an_unknown_question_is_refused_with_its_path() -> None:
    data = cued(**{"air.nope": {"yes": ["排放"]}})
    assert ("drafting.questions.air.nope", "no question 'air.nope' in the checklist") in problems(data)
    assert "drafting.questions.air.nope: no question 'air.nope' in the checklist" in refused(data)


def test_a_choice_the_question_does_not_have_is_refused() -> None:
    data = cued(**{"air.fuel": {"choices": {"COAL": ["燃煤"], "FOO": ["柴油"]}}})
    assert problems(data) == [("drafting.questions.air.fuel.choices.FOO", "'FOO' is not a choice of air.fuel")]
    assert "drafting.questions.air.fuel.choices.FOO: 'FOO' is not a choice of air.fuel" in refused(data)


def test_a_quantity_answers_only_number_questions() -> None:
    data = cued(**{"air.emissions": {"quantity": {"kind": "DISTANCE_M", "near": ["学校"]}}})
    assert problems(data) == [
        ("drafting.questions.air.emissions.quantity", "a quantity answers only NUMBER questions, not YES_NO")
    ]


def test_choices_belong_to_choice_questions_and_yes_phrases_to_yes_no_questions() -> None:
    data = cued(**{"air.emissions": {"choices": {"COAL": ["燃煤"]}}, "air.fuel": {"yes": ["燃煤"]}})
    found = problems(data)
    assert (
        "drafting.questions.air.emissions.choices",
        "choices are only for CHOICE and MULTI_CHOICE questions, not YES_NO",
    ) in found
    assert any(path == "drafting.questions.air.fuel.yes" for path, _message in found)


def test_a_stated_no_needs_an_answer_to_give() -> None:
    # a CHOICE question states its answers by choice; a MULTI_CHOICE one says none with a NONE choice
    data = cued(**{"air.fuel": {"no": ["不用燃料"]}, "air.sources": {"no": ["无排放源"]}})
    assert [path for path, _message in problems(data)] == [
        "drafting.questions.air.fuel.no",
        "drafting.questions.air.sources.no",
    ]


def test_a_quantity_must_be_convertible_to_the_question_unit() -> None:
    data = cued(**{"air.distance_m": {"quantity": {"kind": "HOUSEHOLDS"}}})
    data["questions"][2]["unit"] = "m"
    assert problems(data) == [
        ("drafting.questions.air.distance_m.quantity.kind", "HOUSEHOLDS cannot be given in the unit 'm'")
    ]


def test_a_threshold_weighs_yes_phrases_and_must_be_above_zero() -> None:
    at_least = {"kind": "VEHICLE_TRIPS", "value": 20}
    assert problems(cued(**{"air.emissions": {"yes": ["车次"], "at_least": at_least}})) == []
    assert problems(cued(**{"air.emissions": {"no": ["不新增"], "at_least": at_least}})) == [
        ("drafting.questions.air.emissions.at_least", "`at_least` weighs yes-phrases: give the question yes-phrases")
    ]
    zero = {"yes": ["车次"], "at_least": {**at_least, "value": 0}}
    assert "at_least.value" in refused(cued(**{"air.emissions": zero}))


def test_every_question_is_cued_or_undecidable() -> None:
    # given: two questions left out, one with both cues and a reason, one with neither
    data = cued(**{"air.emissions": {"yes": ["排放"], "undecidable": "委员会判断"}, "air.fuel": {}})
    del data["drafting"]["questions"]["air.distance_m"]
    del data["drafting"]["questions"]["air.sources"]
    # when
    found = problems(data)
    # then
    assert found == [
        ("drafting.questions.air.emissions", "a question is either cued or `undecidable`, not both"),
        ("drafting.questions.air.fuel", "give cues or say why the question is `undecidable`"),
        ("drafting.questions.air.distance_m", "every question has cues or says why it is `undecidable`"),
        ("drafting.questions.air.sources", "every question has cues or says why it is `undecidable`"),
    ]


def test_an_answer_drawn_from_others_names_questions_and_answers_the_checklist_has() -> None:
    # given: a YES drawn from the other answers, with an unknown question, a choice air.fuel does not have,
    # and a source that is itself drawn from others
    follows = {"answers": {"air.nope": ["YES"], "air.fuel": ["OIL"], "air.sources": ["DUST"]}}
    reason = {"reason_zh": "长期排放", "reason_en": "lasting emissions"}
    data = cued(
        **{
            "air.emissions": {"follows_from": {**follows, **reason}},
            "air.sources": {"follows_from": {"answers": {"air.fuel": ["COAL"]}, **reason}},
        }
    )
    # when
    found = problems(data)
    # then
    path = "drafting.questions.air.emissions.follows_from.answers"
    assert (f"{path}.air.nope", "no question 'air.nope' in the checklist") in found
    assert (f"{path}.air.fuel", "'OIL' is not an answer of air.fuel") in found
    assert (f"{path}.air.sources", "air.sources itself follows from other answers") in found
    # and a question that is not YES_NO cannot be drawn so
    assert (
        "drafting.questions.air.sources.follows_from",
        "only a YES_NO question follows from other answers, not MULTI_CHOICE",
    ) in found


def test_kind_and_policy_type_keys_are_values_of_their_vocabularies() -> None:
    data = cued()
    data["drafting"]["kind"]["PROGRAMME"] = ["计划"]
    data["drafting"]["policy_type"]["CIRCULAR"] = ["通报"]
    data["drafting"]["decisive"] = {"DECREE": ["令"]}
    assert [path for path, _message in problems(data)] == [
        "drafting.kind.PROGRAMME",
        "drafting.policy_type.CIRCULAR",
        "drafting.decisive.DECREE",
    ]


@pytest.mark.parametrize("phrase", ["", "   ", "禁止…", "…销售", " 吸烟"])
def test_a_blank_phrase_or_an_empty_part_is_refused_by_the_schema(phrase: str) -> None:
    data = cued(**{"air.emissions": {"yes": ["排放", phrase]}})
    assert "drafting.questions.air.emissions.yes[1]" in refused(data)


def test_unknown_keys_are_refused() -> None:
    data = cued(**{"air.emissions": {"yes": ["排放"], "maybe": ["也许"]}})
    assert "drafting.questions.air.emissions.maybe: Extra inputs are not permitted" in refused(data)


def test_regex_characters_are_plain_text_and_the_ellipsis_splits_parts() -> None:
    data = cued(**{"air.emissions": {"yes": ["排放(含[PM2.5]*)", "禁止 … 焚烧"]}})
    assert problems(data) == []
    assert parts("禁止 … 焚烧") == ("禁止", "焚烧")


def test_hia_checklist_validate_prints_cue_problems_with_their_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given
    path = tmp_path / "cued.yaml"
    path.write_text(yaml.safe_dump(cued(**{"air.fuel": {"choices": {"FOO": ["柴油"]}}}), allow_unicode=True))
    # when
    code = validate(path)
    # then
    assert code == 1
    assert "drafting.questions.air.fuel.choices.FOO: 'FOO' is not a choice of air.fuel" in capsys.readouterr().err


def test_cues_never_change_what_identifies_a_published_version() -> None:
    # given: the same checklist without cues, with an empty drafting key, and with cues
    plain = load_checklist(MINI)
    explicit = copy.deepcopy(mini_data())
    explicit["drafting"] = None
    with_cues = load_checklist_text(yaml.safe_dump(cued()))
    # then: cues only suggest answers, so adding or improving them is no new version of the screening
    assert load_checklist_text(yaml.safe_dump(explicit)).content_hash == plain.content_hash
    assert with_cues.content_hash == plain.content_hash
    # and the suggestions they make are traceable to the cues themselves
    assert plain.checklist.drafting_hash() is None
    assert with_cues.checklist.drafting_hash() is not None


def test_shipped_cues_load_with_their_checklist_and_validate() -> None:
    # given the latest shipped checklist, whose cues sit in drafting/<stem>.cues.yaml beside it
    path = shipped_checklists()[-1]
    # when it is loaded as `hia checklist validate` loads it
    compiled = load_checklist(path)
    # then every question is cued or marked undecidable, and the cues passed validation
    assert cues_file(path).is_file()
    assert compiled.checklist.drafting is not None
    assert set(compiled.checklist.drafting.questions) == {q.id for q in compiled.checklist.questions}
