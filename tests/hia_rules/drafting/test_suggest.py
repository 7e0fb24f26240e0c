"""Suggested answers from a document's own sentences (issue 12): each behaviour on short sentences written for
it, against checklist v2 with a small drafting section of the test's own (the shipped cues are not used)."""

from __future__ import annotations

import copy
import functools
from typing import Any

import pytest

from hia_rules import CHECKLIST_DIR
from hia_rules.checklist import parse_checklist
from hia_rules.drafting.cues import check_cues, parts
from hia_rules.drafting.suggest import Confidence, Draft, Suggestion, suggest
from hia_rules.model import Checklist
from hia_rules.yaml_loader import load_yaml

CUES: dict[str, Any] = {
    "negations": ["不", "未", "无", "不涉及", "不得", "禁止", "严禁"],
    "kind": {"PROJECT": ["项目建议书", "总投资", "建设地点"], "POLICY": ["实施方案", "本办法", "印发"]},
    "policy_type": {
        "REGULATION": ["本办法", "规章"],
        "PUBLIC_POLICY_MEASURE": ["实施方案"],
        "FORWARDED_DOCUMENT": ["转发"],
        "INTERNAL_DOCUMENT": ["机关内部"],
    },
    "decisive": {"REGULATION": ["人民政府令"]},
    "questions": {
        "scope.project_type": {
            "choices": {"WASTE_SANITATION": ["垃圾转运站"], "ROAD_TRANSPORT": ["道路拓宽"], "INDUSTRIAL": ["生产线"]}
        },
        "lifestyle.tobacco_control": {"yes": ["吸烟", "控烟"], "negated": "YES"},
        "lifestyle.tobacco_availability": {"yes": ["销售烟草", "烟草销售"], "negated": "IGNORE"},
        "housing.demolition": {"yes": ["拆迁", "房屋征收", "征收…房屋"], "no": ["不涉及征地拆迁"]},
        "housing.households_relocated": {"quantity": {"kind": "HOUSEHOLDS", "near": ["搬迁"]}, "no": ["不涉及搬迁"]},
        "emergency.hazardous_chemicals": {"yes": ["核", "危险化学品"]},
        "water.waste_facility": {"yes": ["处理设施"], "requires": ["污水", "垃圾"]},
        "air.odour": {"yes": ["臭气"], "excludes": ["投诉电话"]},
        "air.distance_to_school_m": {
            "quantity": {"kind": "DISTANCE_M", "near": ["学校", "小学", "幼儿园"]},
            "excludes": ["范围内无"],
        },
        "services.extra_travel_km": {"quantity": {"kind": "DISTANCE_M", "near": ["卫生院"], "pick": "INCREASE"}},
        "water.source_protection_zone": {"yes": ["水源保护区"], "setting": True},
        "lifestyle.sports_facilities": {"yes": ["体育场馆", "健身步道"]},
        "water.new_discharge": {"yes": ["直排"]},
        "transport.public_transport_change": {
            "choices": {"IMPROVES": ["新增公交线路", "加密班次"], "REDUCES": ["撤销公交站点"]}
        },
        "hygiene.improvements": {
            "choices": {"DRAINAGE": ["排水管网"], "WASTE_COLLECTION": ["垃圾收集点"], "NONE": ["不涉及环境卫生"]}
        },
        "noise.construction_noise": {"yes": ["夜间施工"]},
        "equity.consulted": {"yes": ["征求了"], "requires_also": ["居民", "公众"]},
        "site.distance_to_hospital_m": {
            "quantity": {"kind": "DISTANCE_M", "near": ["医院", "卫生院"]},
            "requires": ["距", "距离"],
        },
        "scope.irreversible": {
            "follows_from": {
                "kinds": ["PROJECT"],
                "answers": {"housing.demolition": ["YES"], "air.odour": ["YES"]},
                "reason_zh": "长期存在的不利影响来源",
                "reason_en": "a lasting source of harm",
            }
        },
    },
}


@functools.cache
def v2_data() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml((CHECKLIST_DIR / "hiap-screening-v2.yaml").read_text(encoding="utf-8"))
    return data


@functools.cache
def checklist() -> Checklist:
    """v2 with the cues above; every other question undecidable (a valid drafting section)."""
    data = copy.deepcopy(v2_data())
    cues = copy.deepcopy(CUES)
    for question in data["questions"]:
        cues["questions"].setdefault(question["id"], {"undecidable": "不在本测试中"})
    data["drafting"] = cues
    return parse_checklist(data)


def draft(*lines: str) -> Draft:
    return suggest(checklist(), "\n".join(lines))


def found(result: Draft, question_id: str) -> Suggestion | None:
    return next((s for s in result.suggestions if s.question_id == question_id), None)


POLICY_HEAD = ("关于印发《吴中区爱国卫生工作实施方案》的通知", "各镇人民政府：", "现将实施方案印发给你们。")
PROJECT_HEAD = ("长桥街道垃圾转运站新建工程项目建议书", "建设地点：长桥街道。", "项目总投资2680万元。")


def test_the_test_cues_are_a_valid_drafting_section() -> None:
    assert check_cues(checklist()) == []


def test_a_project_proposal_is_recognised_with_its_type() -> None:
    # when
    result = draft(*PROJECT_HEAD, "本项目新建垃圾转运站一座，日处理能力80吨。")
    # then
    assert result.kind is not None
    assert (result.kind.answer, result.kind.confidence) == ("PROJECT", Confidence.HIGH)
    assert result.policy_type is None
    project_type = found(result, "scope.project_type")
    assert project_type is not None
    assert project_type.answer == "WASTE_SANITATION"
    assert [q.sentence for q in project_type.quotes] == [1, 4]


def test_a_policy_is_recognised_with_its_type_and_the_questions_for_projects_do_not_apply() -> None:
    result = draft(*POLICY_HEAD, "一、全面推进公共场所控烟。")
    assert result.kind is not None
    assert result.policy_type is not None
    assert (result.kind.answer, result.policy_type.answer) == ("POLICY", "PUBLIC_POLICY_MEASURE")
    assert "scope.project_type" not in result.undecided
    assert "air.distance_to_school_m" not in result.undecided
    assert found(result, "lifestyle.tobacco_control") is not None


def test_a_forwarded_document_is_recognised_however_much_of_the_forwarded_text_follows() -> None:
    # given: the forwarded regulation says 本办法 in many sentences, the forwarding only once, at the top
    body = [f"第{n}条 本办法适用于本市行政区域内的控烟工作。" for n in "一二三四五六"]
    # when
    result = draft(
        "关于转发《苏州市控烟管理办法》的通知", "各镇人民政府：", "现将该办法转发给你们，请遵照执行。", *body
    )
    # then
    assert result.policy_type is not None
    assert result.policy_type.answer == "FORWARDED_DOCUMENT"
    assert result.policy_type.quotes[0].sentence == 1
    # out of scope: no question applies, so nothing is suggested (not even 控烟)
    assert result.suggestions == ()
    assert result.undecided == ()


def test_a_tie_in_kind_is_suggested_with_low_confidence() -> None:
    result = draft("总投资一事另议。", "实施方案另行制定。")
    assert result.kind is not None
    assert result.kind.confidence is Confidence.LOW


def test_a_prohibition_of_smoking_restricts_smoking() -> None:
    result = draft(*POLICY_HEAD, "禁止在室内公共场所吸烟。")
    control = found(result, "lifestyle.tobacco_control")
    assert control is not None
    assert (control.answer, control.confidence) == ("YES", Confidence.MEDIUM)
    assert control.quotes[0].text == "禁止在室内公共场所吸烟。"


def test_a_prohibition_of_selling_tobacco_is_no_increase_of_supply_and_no_answer() -> None:
    result = draft(*POLICY_HEAD, "禁止向未成年人销售烟草制品。")
    assert found(result, "lifestyle.tobacco_availability") is None
    assert "lifestyle.tobacco_availability" in result.undecided


def test_a_stated_no_is_suggested_with_its_quote() -> None:
    result = draft(*PROJECT_HEAD, "本项目不涉及征地拆迁。")
    demolition = found(result, "housing.demolition")
    assert demolition is not None
    assert (demolition.answer, demolition.confidence) == ("NO", Confidence.MEDIUM)
    [quote] = demolition.quotes
    assert (quote.sentence, quote.text, quote.cue) == (4, "本项目不涉及征地拆迁。", "不涉及征地拆迁")


def test_a_negator_before_a_yes_phrase_in_its_clause_says_no() -> None:
    result = draft(*PROJECT_HEAD, "项目用地为空地，本项目不进行房屋征收。")
    demolition = found(result, "housing.demolition")
    assert demolition is not None
    assert demolition.answer == "NO"
    assert demolition.confidence is Confidence.LOW  # one negated yes-phrase, no explicit statement
    assert demolition.quotes[0].cue == "不…房屋征收"


def test_a_negator_in_another_clause_or_inside_a_word_does_not_negate() -> None:
    # 不 of 不断 is part of a word; 不得 stands in the clause before the comma
    result = draft(*PROJECT_HEAD, "不断推进房屋征收工作。", "不得擅自开工，沿线房屋征收由街道负责。")
    demolition = found(result, "housing.demolition")
    assert demolition is not None
    assert (demolition.answer, demolition.confidence) == ("YES", Confidence.HIGH)


def test_a_negator_before_a_later_part_of_a_phrase_negates_it() -> None:
    # given: 征收…房屋, with 不涉及 before 房屋 in the clause after 征收
    negated = draft(*PROJECT_HEAD, "地块已完成征收，不涉及房屋。")
    plain = draft(*PROJECT_HEAD, "地块征收涉及房屋12处。")
    # then
    assert [(s.answer, s.quotes[0].cue) for s in (negated.suggestions) if s.question_id == "housing.demolition"] == [
        ("NO", "征收…不涉及…房屋")
    ]
    demolition = found(plain, "housing.demolition")
    assert demolition is not None
    assert demolition.answer == "YES"


# Past the head of a document (its title, addressees and opening): body sentences.
PADDING = tuple(f"第{n}段说明文字从略。" for n in range(40))


def test_a_cited_title_names_a_topic_not_what_the_document_does() -> None:
    cited = draft(*PROJECT_HEAD, *PADDING, "施工管理按照《城市房屋拆迁管理条例》执行。")
    assert found(cited, "housing.demolition") is None
    said = draft(*PROJECT_HEAD, *PADDING, "施工前完成城市房屋拆迁。")
    assert found(said, "housing.demolition") is not None
    # the document's own title, in its head, counts
    own = draft("关于印发《控烟工作实施方案》的通知", "各镇人民政府：")
    assert found(own, "lifestyle.tobacco_control") is not None


def test_more_sentences_saying_yes_than_no_give_a_low_yes_quoting_both() -> None:
    result = draft(
        *PROJECT_HEAD, "本项目不涉及征地拆迁。", "西侧3户居民的拆迁补偿另行安排。", "拆迁安置房位于胥江新村。"
    )
    demolition = found(result, "housing.demolition")
    assert demolition is not None
    assert (demolition.answer, demolition.confidence) == ("YES", Confidence.LOW)
    assert [q.sentence for q in demolition.quotes] == [5, 6, 4]


def test_as_many_sentences_saying_no_as_yes_leave_the_question_to_the_drafter() -> None:
    result = draft(*PROJECT_HEAD, "本项目不涉及征地拆迁。", "西侧3户居民的拆迁补偿另行安排。")
    assert found(result, "housing.demolition") is None
    assert "housing.demolition" in result.undecided


def test_two_sentences_give_a_high_yes() -> None:
    result = draft(*PROJECT_HEAD, "施工期间须夜间施工的，提前公告。", "夜间施工不超过十天。")
    noise = found(result, "noise.construction_noise")
    assert noise is not None
    assert (noise.answer, noise.confidence) == ("YES", Confidence.HIGH)


def test_a_single_character_cue_matches_a_word_never_part_of_one() -> None:
    assert found(draft(*POLICY_HEAD, "加强对经营单位的审核管理。"), "emergency.hazardous_chemicals") is None
    hit = found(draft(*POLICY_HEAD, "严格管理核与辐射安全。"), "emergency.hazardous_chemicals")
    assert hit is not None
    assert (hit.answer, hit.quotes[0].cue) == ("YES", "核")


def test_requires_and_excludes_decide_which_sentences_count() -> None:
    # 处理设施 counts only with 污水 or 垃圾 in the sentence
    assert found(draft(*PROJECT_HEAD, "配套建设雨水处理设施。"), "water.waste_facility") is None
    facility = found(draft(*PROJECT_HEAD, "配套建设污水处理设施。"), "water.waste_facility")
    assert facility is not None
    assert facility.answer == "YES"
    # 臭气 in a sentence with 投诉电话 never counts
    assert found(draft(*PROJECT_HEAD, "臭气问题可拨打投诉电话。"), "air.odour") is None
    assert found(draft(*PROJECT_HEAD, "压缩过程产生臭气。"), "air.odour") is not None


def test_a_distance_near_schools_is_the_nearest_school_in_the_question_unit() -> None:
    # given: two schools and a nearer home, 1.2 km and 800 m
    result = draft(*PROJECT_HEAD, "项目距东湖学校1.2公里，距南苑学校800米，距最近住宅50米。")
    # then
    distance = found(result, "air.distance_to_school_m")
    assert distance is not None
    assert distance.answer == 800
    assert distance.quotes[0].cue == "800米"


def test_a_distance_is_converted_to_kilometres_when_the_question_asks_in_km() -> None:
    result = draft(*POLICY_HEAD, "撤并后，居民到最近卫生院的距离增加约3500米。")
    travel = found(result, "services.extra_travel_km")
    assert travel is not None
    assert travel.answer == pytest.approx(3.5)


def test_households_come_from_the_figure_and_a_stated_no_is_zero() -> None:
    counted = found(draft(*PROJECT_HEAD, "项目需搬迁安置居民36户。"), "housing.households_relocated")
    assert counted is not None
    assert (counted.answer, counted.confidence) == (36, Confidence.HIGH)
    stated = found(draft(*PROJECT_HEAD, "本项目不涉及搬迁。"), "housing.households_relocated")
    assert stated is not None
    assert (stated.answer, stated.confidence) == (0, Confidence.MEDIUM)


def test_a_choice_with_cues_is_suggested_and_a_conflict_is_low_quoting_both() -> None:
    one = found(draft(*POLICY_HEAD, "新增公交线路两条。"), "transport.public_transport_change")
    assert one is not None
    assert (one.answer, one.confidence) == ("IMPROVES", Confidence.MEDIUM)
    both = found(draft(*POLICY_HEAD, "新增公交线路两条。", "撤销公交站点一处。"), "transport.public_transport_change")
    assert both is not None
    assert both.confidence is Confidence.LOW
    assert {q.cue for q in both.quotes} == {"新增公交线路", "撤销公交站点"}


def test_a_multi_choice_lists_each_choice_with_a_cue_and_none_only_when_stated() -> None:
    listed = found(draft(*POLICY_HEAD, "改造排水管网。", "增设垃圾收集点。"), "hygiene.improvements")
    assert listed is not None
    assert listed.answer == ["DRAINAGE", "WASTE_COLLECTION"]
    stated = found(draft(*POLICY_HEAD, "本方案不涉及环境卫生设施。"), "hygiene.improvements")
    assert stated is not None
    assert stated.answer == ["NONE"]
    assert found(draft(*POLICY_HEAD, "加强宣传。"), "hygiene.improvements") is None


def test_a_question_the_text_is_silent_on_stays_undecided_never_no() -> None:
    result = draft(*PROJECT_HEAD, "本项目新建垃圾转运站一座。")
    assert found(result, "housing.demolition") is None
    assert "housing.demolition" in result.undecided
    assert "air.distance_to_school_m" in result.undecided
    # questions without cues (undecidable) are undecided too
    assert "equity.consulted" in result.undecided
    assert not [s for s in result.suggestions if s.answer == "NO"]


def test_investment_is_the_total_not_the_government_share() -> None:
    result = draft("道路拓宽工程项目建议书", "其中政府投资1200万元。", "项目总投资3.2亿元，建设地点为木渎镇。")
    assert result.investment_yuan is not None
    assert result.investment_yuan.answer == pytest.approx(320_000_000)
    assert result.investment_yuan.quotes[0].sentence == 3


def test_places_are_the_given_names_the_text_mentions_in_full() -> None:
    # 太湖 is the lake, not 太湖街道; 临湖 means "by the lake" as often as it names 临湖镇
    text = "项目位于木渎镇和长桥街道交界处，临湖而建，远眺太湖。"
    result = suggest(checklist(), text, ["长桥街道", "木渎镇", "临湖镇", "太湖街道", "东山镇"])
    assert result.places == ("木渎镇", "长桥街道")


def test_every_quote_is_the_text_at_its_offsets_and_holds_its_cue() -> None:
    # given
    text = "\n".join(
        (*PROJECT_HEAD, "  本项目不涉及征地拆迁。", "压缩过程产生臭气；夜间施工不超过十天。", "项目距东湖学校1.2公里。")
    )
    # when
    result = suggest(checklist(), text)
    # then
    assert result.characters == len(text)
    suggestions = [s for s in (result.kind, result.investment_yuan, *result.suggestions) if s is not None]
    assert len(suggestions) >= 5
    for suggestion in suggestions:
        assert 1 <= len(suggestion.quotes) <= 3
        for quote in suggestion.quotes:
            assert text[quote.start : quote.end] == quote.text
            cue_parts = parts(quote.cue)
            assert all(part in quote.text for part in cue_parts), (quote.cue, quote.text)


def test_the_same_text_gives_the_same_draft() -> None:
    text = "\n".join((*PROJECT_HEAD, "压缩过程产生臭气。"))
    assert suggest(checklist(), text) == suggest(checklist(), text)


def test_a_checklist_without_cues_suggests_nothing_and_decides_nothing() -> None:
    plain = parse_checklist(v2_data())
    result = suggest(plain, "\n".join(PROJECT_HEAD))
    assert (result.kind, result.suggestions) == (None, ())
    assert len(result.undecided) == len(plain.questions)


# What the proposal does, not the situation it responds to, the places a rule lists or who is in charge.


def test_a_sentence_in_a_background_section_is_no_evidence_of_what_the_proposal_does() -> None:
    result = draft(*PROJECT_HEAD, "一、建设背景", "片区内商户污水直排河道。", "二、建设内容", "新建污水管道2公里。")
    assert found(result, "water.new_discharge") is None


def test_a_sentence_of_a_background_section_that_says_what_the_project_will_do_counts() -> None:
    result = draft(*POLICY_HEAD, "一、建设必要性", "本项目将新建健身步道3公里。")
    sports = found(result, "lifestyle.sports_facilities")
    assert sports is not None
    assert sports.answer == "YES"


def test_a_section_titled_as_background_ends_at_the_next_heading_of_its_level() -> None:
    result = draft(*POLICY_HEAD, "一、现状", "（一）场地", "场地北侧为旧仓库。", "二、建设内容", "新建健身步道3公里。")
    sports = found(result, "lifestyle.sports_facilities")
    assert sports is not None
    assert sports.quotes[0].text == "新建健身步道3公里。"


def test_a_sentence_describing_the_current_state_without_an_action_is_no_evidence() -> None:
    result = draft(*PROJECT_HEAD, "目前部分居民生活污水直排池塘。")
    assert found(result, "water.new_discharge") is None


def test_a_current_state_word_beside_an_action_of_the_proposal_still_counts() -> None:
    result = draft(*POLICY_HEAD, "对现有广场进行改造，增设健身步道。")
    assert found(result, "lifestyle.sports_facilities") is not None


def test_background_may_still_state_a_no() -> None:
    result = draft(*PROJECT_HEAD, "一、用地现状", "用地现状为空地，不涉及征地拆迁。")
    demolition = found(result, "housing.demolition")
    assert demolition is not None
    assert demolition.answer == "NO"


def test_background_counts_for_a_question_about_the_setting() -> None:
    result = draft(*PROJECT_HEAD, "一、选址现状", "场址位于饮用水水源保护区准保护区内。")
    zone = found(result, "water.source_protection_zone")
    assert zone is not None
    assert zone.answer == "YES"


def test_a_place_in_a_list_of_where_a_rule_applies_is_not_the_proposal_adding_it() -> None:
    result = draft(
        *POLICY_HEAD,
        "第五条　下列场所禁止吸烟：",
        "（一）学校、医院、车站；",
        "（二）体育场馆、影剧院；",
        "（三）商场、书店、酒店等经营场所。",
    )
    assert found(result, "lifestyle.sports_facilities") is None
    assert found(result, "lifestyle.tobacco_control") is not None  # the lead itself still counts


def test_a_list_of_what_is_built_is_not_a_list_of_scopes() -> None:
    result = draft(*POLICY_HEAD, "主要建设内容：", "（一）健身步道、篮球场、停车场；")
    assert found(result, "lifestyle.sports_facilities") is not None


def test_a_department_s_standing_remit_and_a_referral_to_other_rules_are_no_evidence() -> None:
    result = draft(
        *POLICY_HEAD,
        "体育部门依法负责体育场馆的监督管理。",
        "项目涉及房屋征收的，按照有关规定执行。",
    )
    assert found(result, "lifestyle.sports_facilities") is None
    assert found(result, "housing.demolition") is None


def test_an_increase_from_one_figure_to_another_is_their_difference() -> None:
    result = draft(*POLICY_HEAD, "撤并后，居民到最近卫生院的距离由约1公里增加至约10公里。")
    travel = found(result, "services.extra_travel_km")
    assert travel is not None
    assert travel.answer == 9.0


def test_the_items_of_a_list_led_by_a_prohibition_are_forbidden_acts_not_the_proposal_s() -> None:
    forbidden = draft(*POLICY_HEAD, "第六条　禁止任何单位和个人从事下列行为：", "（一）在公园内私自修建健身步道；")
    sports = found(forbidden, "lifestyle.sports_facilities")
    assert sports is not None
    assert sports.answer == "NO"
    done = draft(*POLICY_HEAD, "主要工作如下：", "（一）在公园内修建健身步道；")
    sports = found(done, "lifestyle.sports_facilities")
    assert sports is not None
    assert sports.answer == "YES"


def test_a_finding_left_to_a_later_study_is_neither_yes_nor_no() -> None:
    result = draft(
        *PROJECT_HEAD,
        "场址是否位于饮用水水源保护区，需进一步与生态环境部门核实。",
        "项目是否涉及危险化学品，将在安全评价阶段进行辨识，本报告暂不作结论。",
    )
    assert found(result, "water.source_protection_zone") is None
    assert found(result, "emergency.hazardous_chemicals") is None


def test_a_distance_is_said_with_what_stands_there_not_where_it_is_measured_from() -> None:
    result = draft(*PROJECT_HEAD, "最近住宅楼距幼儿园用地边界约30米；用地东南约420米为某某中心小学。")
    school = found(result, "air.distance_to_school_m")
    assert school is not None
    assert school.answer == 420.0


def test_a_figure_s_excludes_are_looked_for_in_its_own_clause() -> None:
    result = draft(*PROJECT_HEAD, "用地西侧约600米为某某小学；周边200米范围内无其他学校。")
    school = found(result, "air.distance_to_school_m")
    assert school is not None
    assert school.answer == 600.0


def test_a_relocation_takes_the_new_sites_distance_not_the_old_ones() -> None:
    # given: the site being left is close to a school, the new site far
    result = draft(
        *PROJECT_HEAD,
        "目前转运站距最近的学校仅约90米，距小学约150米，群众反映强烈。",
        "搬迁后新址距最近的小学约1350米。",
    )
    # then the new site's distance is suggested
    school = found(result, "air.distance_to_school_m")
    assert school is not None
    assert school.answer == 1350


def test_the_old_sites_distance_is_suggested_only_when_no_other_is_given() -> None:
    result = draft(*PROJECT_HEAD, "目前转运站距最近的小学仅约150米。")
    school = found(result, "air.distance_to_school_m")
    assert school is not None
    assert school.answer == 150


def test_a_distance_a_standard_requires_is_not_the_sites_distance() -> None:
    result = draft(
        *PROJECT_HEAD,
        "按照规范，转运站与学校的防火间距不应小于75米。",
        "站址距最近的学校约420米。",
    )
    school = found(result, "air.distance_to_school_m")
    assert school is not None
    assert school.answer == 420


def test_what_the_document_says_is_not_part_of_it_is_no_evidence() -> None:
    # the demolition was done by the street office before, outside this project
    result = draft(*PROJECT_HEAD, "地块征收及地上房屋拆迁已由长桥街道于2025年完成，不纳入本项目范围。")
    assert found(result, "housing.demolition") is None


def test_an_inline_list_of_where_a_rule_applies_is_no_evidence() -> None:
    # given: a campaign's scope lists kinds of venue, among them one a cue names
    scope = "整治范围为全区范围内的各类场所，包括商场、体育场馆、车站、公园等。"
    result = draft(*POLICY_HEAD, scope)
    assert found(result, "lifestyle.sports_facilities") is None
    # while the same venue built by the document is evidence
    built = draft(*POLICY_HEAD, "新建体育场馆一座。")
    assert found(built, "lifestyle.sports_facilities") is not None


def test_a_rule_s_condition_names_a_case_not_an_act() -> None:
    # given: rules for the case where a venue is built or a market held, in their 的/时 clauses
    result = draft(
        *POLICY_HEAD,
        "第九条　新建、改建体育场馆时，应当同步建设无障碍设施。",
        "第十条　在体育场馆周边举办集市的，应当向区城市管理局申请。",
    )
    assert found(result, "lifestyle.sports_facilities") is None
    # while a clause that ends in 同时 is no condition, and the same venue built is evidence
    built = draft(*POLICY_HEAD, "新建体育场馆一座，同时，增设健身步道。")
    assert found(built, "lifestyle.sports_facilities") is not None


def test_a_definition_says_what_a_word_means_not_what_is_done() -> None:
    result = draft(*POLICY_HEAD, "第二条　本办法所称公共场所，是指车站、体育场馆、商场、公园等场所。")
    assert found(result, "lifestyle.sports_facilities") is None


def test_the_options_a_study_weighs_and_does_not_take_are_no_evidence() -> None:
    # given: a site comparison whose rejected site is near a school and needs demolition
    result = draft(
        *PROJECT_HEAD,
        "二、选址比选",
        "场址二距某某小学约90米，需拆迁房屋30户。",
        "经比选，推荐采用场址一。",
        "三、推荐场址周边情况",
        "场址一距某某小学约650米。",
    )
    # then the chosen site's distance is suggested and the rejected site's demolition is not
    school = found(result, "air.distance_to_school_m")
    assert school is not None
    assert school.answer == 650
    assert found(result, "housing.demolition") is None
    # the same sentence outside a comparison is the proposal's own
    own = draft(*PROJECT_HEAD, "二、建设内容", "本项目需拆迁房屋30户。")
    assert found(own, "housing.demolition") is not None


def test_a_recommendation_to_another_body_is_not_the_document_acting() -> None:
    result = draft(*PROJECT_HEAD, "建议区水务局结合本工程同步改造周边排水管网。")
    assert found(result, "hygiene.improvements") is None
    done = draft(*PROJECT_HEAD, "本工程同步改造周边排水管网。")
    assert found(done, "hygiene.improvements") is not None


def test_works_the_document_says_are_not_its_own_are_no_evidence() -> None:
    result = draft(*PROJECT_HEAD, "北侧道路拓宽涉及的房屋征收不属于本工程内容。")
    assert found(result, "housing.demolition") is None


def test_consultation_counts_only_with_the_people_among_those_asked() -> None:
    departments = draft(*POLICY_HEAD, "本方案起草过程中征求了区各部门和各镇的意见。")
    assert found(departments, "equity.consulted") is None
    people = draft(*POLICY_HEAD, "本方案起草过程中征求了居民和区各部门的意见。")
    consulted = found(people, "equity.consulted")
    assert consulted is not None
    assert consulted.answer == "YES"


def test_a_lasting_harm_a_project_s_draft_shows_is_suggested_as_long_lasting() -> None:
    # given: a project that demolishes homes, said in two sentences
    result = draft(*PROJECT_HEAD, "本项目需拆迁房屋120户。", "拆迁安置采用货币补偿。")
    # then scope.irreversible is drawn from that suggestion, with its sentence and the question named
    lasting = found(result, "scope.irreversible")
    assert lasting is not None
    assert (lasting.answer, lasting.confidence) == ("YES", Confidence.MEDIUM)
    assert "housing.demolition" in lasting.reason_zh
    assert "housing.demolition" in lasting.reason_en
    assert [q.sentence for q in lasting.quotes] == [4]
    # a single sentence of evidence gives a weaker judgement
    once = found(draft(*PROJECT_HEAD, "本项目需拆迁房屋120户。"), "scope.irreversible")
    assert once is not None
    assert once.confidence is Confidence.LOW
    # nothing lasting, nothing drawn; and a policy that touches demolition sets terms, not one lasting source
    assert found(draft(*PROJECT_HEAD, "本项目夜间施工需办理许可。"), "scope.irreversible") is None
    policy = draft(*POLICY_HEAD, "（一）推进城中村改造，完成房屋征收拆迁500户。")
    assert found(policy, "housing.demolition") is not None
    assert found(policy, "scope.irreversible") is None


def test_a_sentence_that_says_no_is_no_yes_where_it_names_the_thing_again() -> None:
    result = draft(*PROJECT_HEAD, "项目不在饮用水水源保护区范围内，距最近的饮用水水源保护区约2公里。")
    zone = found(result, "water.source_protection_zone")
    assert zone is not None
    assert zone.answer == "NO"


def test_a_table_row_is_read_with_its_header() -> None:
    # given: the sensitive receptors as a table whose distance column says 距离, and the rows do not
    result = draft(
        *PROJECT_HEAD,
        "方位｜名称｜与用地边界距离｜说明",
        "东北｜某某小学｜约900米｜在校学生约1,600人",
        "西南｜某某人民医院｜约3.2公里｜—",
    )
    hospital = found(result, "site.distance_to_hospital_m")
    assert hospital is not None
    assert hospital.answer == 3200
    # a row of a table about something else is no distance
    other = draft(*PROJECT_HEAD, "指标｜单位｜数量", "某某人民医院门诊楼｜米｜45")
    assert found(other, "site.distance_to_hospital_m") is None


def test_a_section_title_names_a_topic_and_is_no_yes_against_a_stated_no() -> None:
    result = draft(*PROJECT_HEAD, "六、征地拆迁", "项目用地为国有建设用地，不涉及征地拆迁。")
    demolition = found(result, "housing.demolition")
    assert demolition is not None
    assert demolition.answer == "NO"
    # under the same title, a sentence that demolishes is a yes
    demolishes = found(draft(*PROJECT_HEAD, "六、征地拆迁", "需拆迁农户房屋12户。"), "housing.demolition")
    assert demolishes is not None
    assert demolishes.answer == "YES"


def test_a_prohibition_on_a_condition_says_nothing_of_whether_it_is_done() -> None:
    # 未签订协议的，不得拆迁 restricts when homes are demolished, not whether
    result = draft(*POLICY_HEAD, "（三）未签订搬迁协议的，不得拆迁。")
    assert found(result, "housing.demolition") is None
    # without a condition, a prohibition still says no
    forbidden = found(draft(*POLICY_HEAD, "（三）本方案实施范围内不得拆迁。"), "housing.demolition")
    assert forbidden is not None
    assert forbidden.answer == "NO"


def test_the_harm_a_document_sets_out_to_reduce_is_not_one_it_causes() -> None:
    aim = draft(*POLICY_HEAD, "为减少夜间施工噪声扰民，根据有关规定，结合本区实际，制定本方案。")
    assert found(aim, "noise.construction_noise") is None
    # the same words after the aim are what the document does
    works = found(draft(*PROJECT_HEAD, "为减少扰民，夜间施工须提前公告。"), "noise.construction_noise")
    assert works is not None
    assert works.answer == "YES"


def test_a_project_s_type_is_first_what_its_name_says() -> None:
    # given: a transfer station whose body keeps naming the road works around it
    filler = "本项目建设内容符合国家和省市有关规定，前期工作已按程序完成，各项建设条件基本落实。" * 8
    roads = [f"第{n}段配套道路拓宽与本项目同步设计。" for n in range(1, 6)]
    result = draft("长桥街道垃圾转运站新建工程项目建议书", filler, *roads)
    project_type = found(result, "scope.project_type")
    assert project_type is not None
    assert project_type.answer == "WASTE_SANITATION"


def test_a_one_character_negator_right_before_a_phrase_negates_it_however_it_is_segmented() -> None:
    # jieba reads 无直排 as one word, yet 无 + 直排 is "no direct discharge"
    result = found(draft(*PROJECT_HEAD, "本项目生活污水纳管，无直排。"), "water.new_discharge")
    assert result is not None
    assert result.answer == "NO"


def test_a_phrase_that_decides_the_policy_type_in_the_head_outweighs_the_body() -> None:
    # given: a 规章 promulgated by a government order, whose body keeps naming an implementation plan
    body = [f"（{n}）按照本市控烟实施方案第{n}项的要求执行。" for n in range(1, 7)]
    result = draft("某市人民政府令", "第27号", "《某市控烟管理办法》已经市政府常务会议审议通过，现予公布。", *body)
    assert result.policy_type is not None
    assert result.policy_type.answer == "REGULATION"
    # the same body without the order votes as it always did
    plain = draft("关于印发某市控烟工作安排的通知", "各区人民政府：", *body)
    assert plain.policy_type is not None
    assert plain.policy_type.answer == "PUBLIC_POLICY_MEASURE"
