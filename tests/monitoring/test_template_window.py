"""The import template and the importer agree on what a jurisdiction monitors in a year (issue 14, item 4): every row a
template offers imports, in every year from 2015 to 2030; a template with nothing to report says why, naming the
plans and their periods, instead of arriving silently empty."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

from openpyxl import Workbook, load_workbook

from tests.conftest import issue_token
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient

IMPORT = """mutation($input: ImportSpreadsheetInput!) { importSpreadsheet(input: $input) {
  report { rowsRead validRows rejectedRows rejected { sheet row problems { column message } } }
  userErrors { field message code } } }"""
OBSERVATIONS, PROGRESS = "指标监测数据", "任务进展"
YEARS = range(2015, 2031)
# The four jurisdictions with plans of their own, and a district and a town that report under their city's and
# district's plans.
JURISDICTIONS = ("panzhihua", "shanting", "shangzhou", "wuzhong", "panzhihua.dongqu", "wuzhong.mudu")
# A value any measure of the unit may take (plausibility.py): what an officer would type.
PLAUSIBLE = {"%": 50.0, "‰": 5.0, "1/10万": 10.0, "岁": 78.0}


async def template(client: GraphQLClient, jurisdiction: str, year: int) -> Workbook:
    response = await client.http.get(f"/templates/observations/{jurisdiction}/{year}.xlsx")
    assert response.status_code == 200, response.text
    return load_workbook(io.BytesIO(response.content))


def sheet_rows(workbook: Workbook, title: str) -> tuple[list[list[object]], list[object], list[list[object]]]:
    """The rows above the header, the header and the data rows of a sheet, wherever its header row is."""
    rows: list[list[object]] = [list(r) for r in workbook[title].iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r[0] in ("指标代码", "任务代码"))
    return rows[:header], rows[header], rows[header + 1 :]


def filled(rows: list[list[object]], sheet: str) -> list[list[object]]:
    """The rows with a plausible value typed in: a number in the measure's unit, or a percentage for a task."""
    if sheet == PROGRESS:
        return [[*row[:3], 50, "推进中", *row[5:]] for row in rows]
    return [[*row[:5], PLAUSIBLE.get(str(row[7]), 1.0), *row[6:]] for row in rows]


def xlsx(title: str, header: Sequence[object], rows: Sequence[Sequence[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


async def dry_run(client: GraphQLClient, kind: str, content: bytes) -> dict:
    given = {"kind": kind, "fileName": "templates.xlsx", "contentBase64": base64.b64encode(content).decode()}
    payload: dict = (await client.data(IMPORT, {"input": given}))["importSpreadsheet"]
    assert payload["userErrors"] == []
    report: dict = payload["report"]
    return report


async def test_every_row_of_every_template_imports_in_every_year(
    monitoring_db: DatabaseUnderTest, anonymous: GraphQLClient
) -> None:
    # given: the templates of every jurisdiction with plans (and two below them) for 2015–2030, filled in as an
    # officer would, gathered into one file per sheet (one import checks them all)
    admin = anonymous.as_(await issue_token(monitoring_db, "ADMIN", user="window-admin"))
    gathered: dict[str, list[list[object]]] = {OBSERVATIONS: [], PROGRESS: []}
    headers: dict[str, list[object]] = {}
    offered: dict[tuple[str, int], int] = {}
    for jurisdiction in JURISDICTIONS:
        for year in YEARS:
            workbook = await template(anonymous, jurisdiction, year)
            for sheet in gathered:
                _, headers[sheet], rows = sheet_rows(workbook, sheet)
                gathered[sheet] += filled(rows, sheet)
                if sheet == OBSERVATIONS:
                    offered[(jurisdiction, year)] = len(rows)
    # when: imported (dry run) by someone who may record everything
    for sheet, kind in ((OBSERVATIONS, "OBSERVATIONS"), (PROGRESS, "TASK_PROGRESS")):
        report = await dry_run(admin, kind, xlsx(sheet, headers[sheet], gathered[sheet]))
        # then: every row the templates offered is valid: none is "outside the plan", nor anything else
        assert report["rejected"] == [], report["rejected"][:5]
        assert report["rowsRead"] == report["validRows"] == len(gathered[sheet]) > 0
    # and: Wuzhong's plan runs 2023–2024: its 2025 template (the final evaluation year) offers nothing to refuse
    assert offered[("wuzhong", 2024)] > 0
    assert offered[("wuzhong", 2025)] == offered[("wuzhong", 2026)] == 0
    assert offered[("wuzhong.mudu", 2024)] > 0


async def test_a_template_for_a_year_no_plan_covers_says_why(
    monitoring_db: DatabaseUnderTest, anonymous: GraphQLClient
) -> None:
    # given: Wuzhong's plan runs 2023–2024; 2025 is its final evaluation, 2026 is after it
    for year in (2025, 2026):
        # when: an officer downloads the template of that year
        workbook = await template(anonymous, "wuzhong", year)
        # then: the sheet opened first says in its first row why there is nothing to fill in, naming the plan and its
        # period and the years that have something to report; the headers follow, with no rows
        assert workbook.active is not None
        assert workbook.active.title == OBSERVATIONS
        above, _, rows = sheet_rows(workbook, OBSERVATIONS)
        assert rows == []
        [[why, *_]] = above
        assert why == (
            f"吴中区（wuzhong）{year}年没有需要填报的监测指标：本地区及上级地区的规划为"
            f"《吴中区建设江苏省健康区实施方案》（wuzhong-2023，2023–2024年），{year}年不在其监测期内。"
            "可填报：2023–2024年。"
        )
        [[task_why, *_]], _, task_rows = sheet_rows(workbook, PROGRESS)
        assert task_rows == []
        assert "wuzhong-2023，2023–2024年" in str(task_why)
        assert f"{year}年不在规划期内" in str(task_why)
        notes = [r[0] for r in workbook["填报说明"].iter_rows(values_only=True)]
        assert why in notes
        assert task_why in notes
    # and: the explained template is still a file the importer reads (headers below the note), with nothing in it
    response = await anonymous.http.get("/templates/observations/wuzhong/2026.xlsx")
    secretary = anonymous.as_(await issue_token(monitoring_db, "COMMITTEE_SECRETARY", "wuzhong", user="wz-window"))
    report = await dry_run(secretary, "OBSERVATIONS", response.content)
    assert (report["rowsRead"], report["rejectedRows"]) == (0, 0)


async def test_a_template_says_which_plans_its_rows_come_from(anonymous: GraphQLClient) -> None:
    # given: Panzhihua's 2017–2020 plan, and its 14th five-year plan whose targets start from 2020 baselines
    workbook = await template(anonymous, "panzhihua", 2020)
    # then: the notes name both, and why 2020 belongs to the second
    notes = [str(r[0]) for r in workbook["填报说明"].iter_rows(values_only=True)]
    grounds = next(n for n in notes if n.startswith("2020年的指标来自规划"))
    assert "（panzhihua-2017，2017–2020年）" in grounds
    assert "（panzhihua-2021-health-14fyp，2021–2025年，2020年为其基线年）" in grounds
