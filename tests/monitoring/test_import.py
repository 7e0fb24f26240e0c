"""Spreadsheets in: the template a jurisdiction downloads (Chinese headers), filled in and imported row by row;
every rejected row reported with its number and why; nothing applied from a file with rejected rows unless the
valid rows are applied explicitly; the same over GraphQL and the command line."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook
from sqlalchemy import text

from service.monitoring import cli as monitoring_cli
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient

IMPORT = """mutation($input: ImportSpreadsheetInput!) { importSpreadsheet(input: $input) {
  report { kind rowsRead validRows rejectedRows applied written
    rejected { sheet row valid problems { column message } } changes { row change } }
  userErrors { field message code } } }"""
HEADERS = ["指标代码", "指标名称", "测量项", "地区代码", "期间", "数值", "文字结果", "单位", "数据来源", "备注"]


async def count(db: DatabaseUnderTest, table: str) -> int:
    async with db.engine.connect() as connection:
        return int((await connection.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one())


async def template(anonymous: GraphQLClient, jurisdiction: str, year: int) -> Workbook:
    response = await anonymous.http.get(f"/templates/observations/{jurisdiction}/{year}.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def xlsx(rows: Sequence[Sequence[object]], title: str = "指标监测数据", headers: list[str] = HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "data.xlsx", **more: object) -> dict:
    return {
        "input": {"kind": "OBSERVATIONS", "fileName": name, "contentBase64": base64.b64encode(content).decode(), **more}
    }


async def test_the_template_lists_what_the_jurisdiction_reports_with_chinese_headers(anonymous: GraphQLClient) -> None:
    workbook = await template(anonymous, "wuzhong", 2024)
    assert workbook.sheetnames == ["指标监测数据", "任务进展", "填报说明"]
    rows = list(workbook["指标监测数据"].iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    measures = {(r[0], r[2]) for r in rows[1:]}
    assert ("WZ2023-09", None) in measures
    assert {m for code, m in measures if code == "WZ2023-24"} == {
        "健康机关覆盖率",
        "健康促进学校覆盖率",
        "健康促进医院覆盖率",
        "健康企业覆盖率",
    }
    assert all(r[3] == "wuzhong" and r[4] == 2024 and r[5] is None for r in rows[1:])
    assert list(next(workbook["任务进展"].iter_rows(values_only=True))) == [
        "任务代码",
        "任务名称",
        "期间",
        "完成比例(%)",
        "进展状态",
        "备注",
    ]
    missing = await anonymous.http.get("/templates/observations/atlantis/2024.xlsx", headers={"accept-language": "en"})
    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == "no jurisdiction has the code 'atlantis'"
    # without a preference, in Chinese
    chinese = await anonymous.http.get("/templates/observations/atlantis/2024.xlsx")
    assert chinese.json()["error"]["message"] == "不存在代码为 'atlantis' 的辖区"


async def test_a_file_with_three_bad_rows_reports_exactly_those_and_applies_only_when_asked(
    monitoring_db: DatabaseUnderTest, anonymous: GraphQLClient, panzhihua_secretary: GraphQLClient
) -> None:
    # given: the filled-in template of Panzhihua for 2022 with three bad rows among good ones
    workbook = await template(anonymous, "panzhihua", 2022)
    sheet = workbook["指标监测数据"]
    filled: dict[str, int] = {}
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in ("PZH14-11", "PZH14-12", "PZH14-14", "PZH14-16", "PZH14-19"):
            row[5].value = 3.9 if row[0].value in ("PZH14-11", "PZH14-12") else 93.5
            filled[str(row[0].value)] = row[0].row
    assert len(filled) == 5
    sheet.append(["PZH14-99", None, None, "panzhihua", 2022, 1.0])  # unknown indicator
    sheet.append(["PZH14-19", None, None, "panzhihua", 2022, 55.0, None, "‰"])  # wrong unit (%)
    sheet.append(["PZH14-11", None, None, "panzhihua", 2022, 3.95])  # the same indicator and year again
    bad_rows = [sheet.max_row - 2, sheet.max_row - 1, sheet.max_row]
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = buffer.getvalue()
    before = await count(monitoring_db, "observation")
    # when: a dry run (the default)
    dry = (await panzhihua_secretary.data(IMPORT, upload(content, "攀枝花2022.xlsx")))["importSpreadsheet"]
    # then: exactly the three rows are rejected, with why
    report = dry["report"]
    assert (report["rowsRead"], report["validRows"], report["rejectedRows"], report["applied"]) == (8, 5, 3, False)
    assert [(r["row"], r["problems"]) for r in report["rejected"]] == [
        (bad_rows[0], [{"column": "指标代码", "message": "no indicator has the code 'PZH14-99'"}]),
        (bad_rows[1], [{"column": "单位", "message": "wrong unit '‰': its unit is %"}]),
        (
            bad_rows[2],
            [
                {
                    "column": "行",
                    "message": f"repeats row {filled['PZH14-11']} of 指标监测数据 (same subject and period)",
                }
            ],
        ),
    ]
    assert {c["change"] for c in report["changes"]} == {"NEW"}
    assert await count(monitoring_db, "observation") == before
    # when: applied without saying the valid rows should go in alone
    refused = (await panzhihua_secretary.data(IMPORT, upload(content, dryRun=False)))["importSpreadsheet"]
    assert refused["report"]["applied"] is False
    assert refused["userErrors"][0]["message"].startswith("3 rows are rejected: nothing was applied.")
    assert await count(monitoring_db, "observation") == before
    # when: the valid rows applied explicitly
    applied = (
        await panzhihua_secretary.data(
            IMPORT, upload(content, dryRun=False, applyValidRows=True, idempotencyKey="pzh-2022")
        )
    )["importSpreadsheet"]
    assert applied["userErrors"] == []
    assert (applied["report"]["applied"], applied["report"]["written"]) == (True, 5)
    assert await count(monitoring_db, "observation") == before + 5
    # the same file again changes nothing
    again = (await panzhihua_secretary.data(IMPORT, upload(content)))["importSpreadsheet"]["report"]
    assert again["changes"] == []


async def test_csv_in_gb18030_with_non_numbers_and_periods_outside_the_plan(panzhihua_secretary: GraphQLClient) -> None:
    lines = [
        ",".join(HEADERS),
        "PZH14-21,,,panzhihua,2023,10.2,,天,卫健委,",
        "PZH14-21,,,panzhihua,2031,10.0,,,,",
        "PZH14-21,,,panzhihua,2024,约十天,,,,",
        "PZH14-21,,,panzhihua,二〇二四,10,,,,",
    ]
    content = "\r\n".join(lines).encode("gb18030")
    report = (await panzhihua_secretary.data(IMPORT, upload(content, "数据.csv")))["importSpreadsheet"]["report"]
    assert report["validRows"] == 1
    assert [(r["row"], [p["message"] for p in r["problems"]]) for r in report["rejected"]] == [
        (3, ["2031 is outside the plan: PZH14-21 is monitored in 2020–2025"]),
        (4, ["PZH14-21 is numeric: '约十天' is not a number"]),
        (5, ["'二〇二四' is not a period: write 2023, 2023Q2 or 2023-05"]),
    ]


async def test_percent_formatted_cells_are_read_as_percentages(panzhihua_secretary: GraphQLClient) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADERS)
    sheet.append(["PZH14-22", None, None, "panzhihua", 2021, 0.985])
    sheet["F2"].number_format = "0.0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    payload = (await panzhihua_secretary.data(IMPORT, upload(buffer.getvalue(), dryRun=False)))["importSpreadsheet"]
    assert payload["report"]["written"] == 1
    data = await panzhihua_secretary.data(
        '{ indicator(code: "PZH14-22") { observations(first: 1) { nodes { value } } } }'
    )
    assert data["indicator"]["observations"]["nodes"][0]["value"] == 98.5


async def test_files_that_are_not_spreadsheets_are_refused_as_a_whole(panzhihua_secretary: GraphQLClient) -> None:
    broken = (await panzhihua_secretary.data(IMPORT, upload(b"not a zip", "x.xlsx")))["importSpreadsheet"]
    assert broken["report"] is None
    assert broken["userErrors"][0]["field"] == ["input", "file"]
    wrong = (await panzhihua_secretary.data(IMPORT, upload(xlsx([], headers=["a", "b"]))))["importSpreadsheet"]
    assert wrong["userErrors"][0]["message"] == "data.xlsx has no sheet with the columns 指标代码、地区代码、期间、数值"
    bad64 = await panzhihua_secretary.data(
        IMPORT, {"input": {"kind": "OBSERVATIONS", "fileName": "a.xlsx", "contentBase64": "%%%"}}
    )
    assert bad64["importSpreadsheet"]["userErrors"][0]["field"] == ["input", "contentBase64"]


async def test_task_progress_is_imported_from_its_sheet(panzhihua_secretary: GraphQLClient) -> None:
    headers = ["任务代码", "任务名称", "期间", "完成比例(%)", "进展状态", "备注"]
    content = xlsx(
        [
            ["panzhihua-2017.HQ1.M2018", None, "2018Q2", 40, "推进中", "已完成选址"],
            ["panzhihua-2017.HQ1.M2018", None, 2018, 120, None, None],
            ["nonexistent.T1", None, 2018, 10, None, None],
        ],
        "任务进展",
        headers,
    )
    payload = (
        await panzhihua_secretary.data(
            IMPORT,
            {
                "input": {
                    "kind": "TASK_PROGRESS",
                    "fileName": "p.xlsx",
                    "contentBase64": base64.b64encode(content).decode(),
                    "dryRun": False,
                    "applyValidRows": True,
                }
            },
        )
    )["importSpreadsheet"]
    assert payload["userErrors"] == []
    assert [(r["row"], r["problems"][0]["message"]) for r in payload["report"]["rejected"]] == [
        (3, "must be between 0 and 100"),
        (4, "no task has the code 'nonexistent.T1'"),
    ]
    data = await panzhihua_secretary.data(
        '{ task(code: "panzhihua-2017.HQ1.M2018") { progress(first: 5) {'
        " nodes { period { label } percent status note recordedBy } } } }"
    )
    assert data["task"]["progress"]["nodes"] == [
        {
            "period": {"label": "2018Q2"},
            "percent": 40.0,
            "status": "IN_PROGRESS",
            "note": "已完成选址",
            "recordedBy": "pzh-secretary",
        }
    ]


async def test_the_command_line_reports_rows_and_shows_progress(
    monitoring_db: DatabaseUnderTest, tmp_path: Path
) -> None:
    path = tmp_path / "observations.xlsx"
    path.write_bytes(
        xlsx(
            [["PZH14-20", None, None, "panzhihua", year, 50.0 + year - 2020] for year in range(2020, 2024)]
            + [["PZH14-20", None, None, "panzhihua", 2019, 40.0]]
        )
    )
    out, err = io.StringIO(), io.StringIO()
    status = await monitoring_cli.run(
        monitoring_db.factory, "OBSERVATIONS", path, apply=True, apply_valid_rows=False, user="ops", out=out, err=err
    )
    assert status == 1
    assert "observations.xlsx" not in out.getvalue()
    assert "指标监测数据 row 6: 期间: 2019 is outside the plan: PZH14-20 is monitored in 2020–2025" in out.getvalue()
    assert "nothing applied: fix the rejected rows, or pass --apply-valid-rows" in out.getvalue()
    assert "checked 5/5 rows [" in err.getvalue()
    status = await monitoring_cli.run(
        monitoring_db.factory, "OBSERVATIONS", path, apply=False, apply_valid_rows=True, user="ops", out=out, err=err
    )
    assert status == 0
    assert "applied: 4 versions written in one transaction" in out.getvalue()


async def test_checking_a_file_costs_the_same_statements_for_50_rows_as_for_200(
    monitoring_db: DatabaseUnderTest, panzhihua_secretary: GraphQLClient
) -> None:
    from tests.fixtures.graphql import count_statements

    async with monitoring_db.engine.begin() as connection:
        await connection.execute(text("UPDATE indicator SET frequency = 'MONTHLY' WHERE code = 'PZH14-13'"))
    periods = [f"{year}-{month:02d}" for year in range(2020, 2026) for month in range(1, 13)]
    places = ["panzhihua", "panzhihua.dongqu", "panzhihua.xiqu"]
    rows = [["PZH14-13", None, None, place, period, 0.5] for place in places for period in periods]
    counts = []
    for size in (50, 200):
        with count_statements(monitoring_db.engine) as counter:
            report = (await panzhihua_secretary.data(IMPORT, upload(xlsx(rows[:size]))))["importSpreadsheet"]["report"]
        assert report["validRows"] == size
        counts.append(counter.count)
    assert counts[0] == counts[1]
