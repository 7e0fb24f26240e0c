"""A department's obligations workbook, read back as the department would: every indicator it answers for (the
same ones `Department.obligations` lists), its tasks and working groups, and the open review conditions addressed
to it; Chinese headers and role names, units, a title row with the source and the date, widths to read by."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from service.monitoring.export_sheets import display_width
from tests.conftest import client_for, screening_database
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.review.cast import CONCLUDE, ENVIRONMENT, Cast, cast_for, later

WUZHONG_ECOLOGY = "wuzhong.ecology-environment-bureau"
# Annex 2 of 吴政办〔2023〕78号 names 生态环境局 responsible for items 9, 13, 15, 19, 20, 22 and 49 (db/seed/plans/
# wuzhong-2023.yaml); two of them have numeric targets, the others only the annex's requirement.
WUZHONG_ECOLOGY_INDICATORS = {"WZ2023-09", "WZ2023-13", "WZ2023-15", "WZ2023-19", "WZ2023-20", "WZ2023-22", "WZ2023-49"}
SHEETS = ["指标责任", "任务", "工作组", "审查条件"]
OBLIGATIONS = """query($code: String!) { department(code: $code) { obligations {
  indicators { roles indicator { code } }
  leads { task { code } workingGroup { code } } cooperatesOn { task { code } workingGroup { code } }
  responsibleFor { task { code } workingGroup { code } } } } }"""


@pytest.fixture(scope="module")
async def review_db(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[DatabaseUnderTest]:
    async with screening_database(Path(tmp_path_factory.mktemp("obligations-export"))) as db:
        yield db


@pytest.fixture(scope="module")
async def cast(review_db: DatabaseUnderTest) -> AsyncIterator[Cast]:
    async with client_for(review_db) as anonymous:
        yield await cast_for(review_db, anonymous)


async def export(client: GraphQLClient, department: str, year: int = 2024) -> Workbook:
    headers = {"authorization": f"Bearer {client.token}"} if client.token else {}
    response = await client.http.get(f"/exports/obligations/{department}.xlsx?year={year}", headers=headers)
    assert response.status_code == 200, response.text
    return load_workbook(io.BytesIO(response.content))


def table(workbook: Workbook, sheet: str) -> tuple[list[Any], list[dict[str, Any]], list[Any]]:
    """The rows above the headers, and the rows under them keyed by header."""
    rows = list(workbook[sheet].iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if i >= 2 and r[0] is not None and all(c is not None for c in r))
    header = [str(name) for name in rows[at]]
    return [r[0] for r in rows[:at]], [dict(zip(header, r, strict=True)) for r in rows[at + 1 :]], header


async def test_every_indicator_working_group_and_role_of_wuzhongs_ecology_bureau_is_in_its_workbook(
    cast: Cast,
) -> None:
    # given: what the GraphQL API says the bureau answers for
    obligations = (await cast.anonymous.data(OBLIGATIONS, {"code": WUZHONG_ECOLOGY}))["department"]["obligations"]
    assert {o["indicator"]["code"] for o in obligations["indicators"]} == WUZHONG_ECOLOGY_INDICATORS
    # when: its workbook is downloaded
    workbook = await export(cast.anonymous, WUZHONG_ECOLOGY)
    # then: four sheets, each titled with the department, with the source plan and the date of export
    assert workbook.sheetnames == SHEETS
    above, indicators, indicator_header = table(workbook, "指标责任")
    assert above[0] == "吴中区生态环境局职责清单 — 负责的指标（7项）"
    assert "《吴中区建设江苏省健康区实施方案》（吴政办〔2023〕78号）" in above[1]
    assert "导出日期" in above[1]
    # all seven indicators, in Chinese, with the role the plan gives (责任单位), the requirement and the unit
    assert {r["指标代码"] for r in indicators} == WUZHONG_ECOLOGY_INDICATORS
    assert {r["本部门角色"] for r in indicators} == {"责任单位"}
    air = next(r for r in indicators if r["指标代码"] == "WZ2023-09")
    assert (air["指标"], air["单位"], air["目标"], air["状态"]) == ("空气质量优良天数比例", "%", "≥80%", "无数据")
    assert air["考核要求（原文）"].startswith("空气质量达到优良天数的比例达80%以上")
    assert air["出处"] == "《吴中区建设江苏省健康区实施方案》附件2 第9项"
    straw = next(r for r in indicators if r["指标代码"] == "WZ2023-22")
    assert straw["状态"] == "未设定目标"
    assert "秸秆" in straw["考核要求（原文）"]
    assert not any(str(v).isascii() and str(v).isupper() and "_" in str(v) for r in indicators for v in r.values())
    # the leading group it is a member of (参加单位: the catalog's word for a co-operating member)
    _above, groups, _header = table(workbook, "工作组")
    assert [(g["名称"], g["本部门角色"], g["类型"]) for g in groups] == [
        ("吴中区建设江苏省健康区工作领导小组", "参加单位", "领导小组")
    ]
    # no task names the bureau: the sheet says so rather than staying blank
    above, tasks, _header = table(workbook, "任务")
    assert tasks == []
    assert "没有" in above[2]
    # conditions are not public: an anonymous export says how to get them
    above, conditions, header = table(workbook, "审查条件")
    assert conditions == []
    assert "API 令牌" in above[2]
    assert header == ["项目/政策编号", "项目/政策名称", "审查条件", "完成期限", "状态"]
    # columns wide enough to read, headers in view
    sheet = workbook["指标责任"]
    assert sheet.freeze_panes == "A4"
    for index, name in enumerate(indicator_header, start=1):
        assert sheet.column_dimensions[get_column_letter(index)].width >= display_width(name), name


async def test_a_department_with_tasks_gets_them_with_chinese_roles_and_the_indicators_they_move(
    cast: Cast,
) -> None:
    # given: Panzhihua's environmental protection bureau, named on tasks of Panzhihua's plans
    obligations = (await cast.anonymous.data(OBLIGATIONS, {"code": ENVIRONMENT}))["department"]["obligations"]
    on_tasks = {
        (role, r["task"]["code"])
        for role, key in (("牵头单位", "leads"), ("配合单位", "cooperatesOn"), ("责任单位", "responsibleFor"))
        for r in obligations[key]
        if r["task"] is not None
    }
    assert on_tasks
    # when
    workbook = await export(cast.anonymous, ENVIRONMENT)
    # then: every task, with the role in Chinese; and every indicator the API lists
    above, tasks, _header = table(workbook, "任务")
    assert above[0] == "攀枝花市环境保护局职责清单 — 任务"  # not 攀枝花市市环境保护局
    assert {(t["本部门角色"], t["任务代码"]) for t in tasks} == on_tasks
    assert all(t["规划（规划期）"].startswith("《") for t in tasks)
    _above, indicators, _header = table(workbook, "指标责任")
    assert {r["指标代码"] for r in indicators} == {o["indicator"]["code"] for o in obligations["indicators"]}


async def test_open_conditions_addressed_to_a_department_are_in_its_workbook_for_a_caller_with_a_token(
    cast: Cast,
) -> None:
    # given: a review concluded with a condition for the environmental protection bureau
    proposal = await cast.submitted()
    await cast.review_all(proposal)
    condition = {"textZh": "设立空气质量监测点并按月公开数据", "responsibleDepartment": ENVIRONMENT, "dueOn": later(45)}
    concluded = await cast.chair.data(
        CONCLUDE,
        {
            "input": {
                "proposal": proposal["id"],
                "decision": "APPROVED_WITH_CONDITIONS",
                "summaryZh": "有条件同意",
                "conditions": [condition],
            }
        },
    )
    assert concluded["concludeReview"]["userErrors"] == []
    # when: the bureau exports its obligations with its token
    workbook = await export(cast.environment, ENVIRONMENT)
    # then: the open condition, with the proposal, the due date and its state in Chinese
    above, conditions, _header = table(workbook, "审查条件")
    assert "未完成的健康影响评价审查条件" in above[0]
    mine = [c for c in conditions if c["项目/政策编号"] == proposal["code"]]
    assert len(mine) == 1
    assert mine[0]["审查条件"] == condition["textZh"]
    assert mine[0]["完成期限"].date().isoformat() == condition["dueOn"]
    assert mine[0]["状态"] == "未完成"
    # and a token the service does not accept is refused, not treated as anonymous
    refused = await cast.anonymous.http.get(
        f"/exports/obligations/{ENVIRONMENT}.xlsx", headers={"authorization": "Bearer hia_nottoken"}
    )
    assert refused.status_code == 401
