"""Charts at stable URLs (SVG and PNG) and spreadsheet exports of the scorecard and of obligations."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from openpyxl import load_workbook

from tests.fixtures.graphql import GraphQLClient
from tests.monitoring.conftest import observation, record

SVG_NS = "{http://www.w3.org/2000/svg}"


async def test_the_trend_chart_shows_observations_baseline_path_and_target(
    panzhihua_secretary: GraphQLClient, anonymous: GraphQLClient
) -> None:
    await record(
        panzhihua_secretary,
        observation("PZH14-05", "panzhihua", 2021, 4.3),
        observation("PZH14-05", "panzhihua", 2022, 4.1),
        observation("PZH14-05", "panzhihua", 2023, 4.0),
    )
    data = await anonymous.data(
        '{ indicator(code: "PZH14-05") { svg: chartUrl(jurisdiction: "panzhihua")'
        ' png: chartUrl(jurisdiction: "panzhihua", format: PNG) } }'
    )
    assert data["indicator"] == {
        "svg": "/charts/indicators/PZH14-05/panzhihua.svg",
        "png": "/charts/indicators/PZH14-05/panzhihua.png",
    }
    svg = await anonymous.http.get(data["indicator"]["svg"])
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(svg.text)
    classes = [element.get("class") for element in root.iter()]
    assert classes.count("observation") == 3
    assert (classes.count("baseline"), classes.count("path"), classes.count("target")) == (1, 1, 1)
    title = root.find(f"{SVG_NS}title")
    assert title is not None
    assert "5岁以下儿童死亡率" in (title.text or "")
    tooltips = [t.text for t in root.iter(f"{SVG_NS}title")]
    assert "2023: 4‰" in tooltips
    png = await anonymous.http.get(data["indicator"]["png"])
    assert png.status_code == 200
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    unknown = await anonymous.http.get("/charts/indicators/PZH14-05/atlantis.svg")
    assert unknown.status_code == 404


async def test_the_scorecard_groups_statuses_by_heading_and_exports_to_xlsx(
    wuzhong_secretary: GraphQLClient, anonymous: GraphQLClient
) -> None:
    await record(wuzhong_secretary, observation("WZ2023-17", "wuzhong", 2024, 100.0))
    data = await anonymous.data(
        """{ scorecard(jurisdiction: "wuzhong", year: 2024) { asOf xlsxUrl counts { met total noData }
             frameworks { framework { code } headings { dimension { nameZh } counts { total met }
               targets { status target { indicator { code } } } } } } }"""
    )
    card = data["scorecard"]
    assert card["counts"]["met"] >= 1
    assert card["counts"]["total"] == 33  # every numeric and text target of Wuzhong's 2023–2024 plan
    [framework] = card["frameworks"]
    assert framework["framework"]["code"] == "js-healthy-district-2023"
    headings = {h["dimension"]["nameZh"]: h for h in framework["headings"]}
    environment = [t for t in headings["健康环境"]["targets"] if t["target"]["indicator"]["code"] == "WZ2023-17"]
    assert environment == [{"status": "MET", "target": {"indicator": {"code": "WZ2023-17"}}}]
    assert sum(h["counts"]["total"] for h in framework["headings"]) == card["counts"]["total"]
    response = await anonymous.http.get(card["xlsxUrl"])
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["2024年监测"].iter_rows(values_only=True))
    assert rows[0][:4] == ("一级指标", "指标代码", "指标", "目标")
    assert ("健康环境", "WZ2023-17") in {(r[0], r[1]) for r in rows[1:]}
    assert [r[10] for r in rows[1:] if r[1] == "WZ2023-17"] == ["已达标"]
    assert len(rows) - 1 == card["counts"]["total"]
    assert (await anonymous.data('{ scorecard(jurisdiction: "atlantis") { asOf } }'))["scorecard"] is None


async def test_a_department_exports_its_obligations_with_statuses(anonymous: GraphQLClient) -> None:
    response = await anonymous.http.get("/exports/obligations/wuzhong.ecology-environment-bureau.xlsx?year=2024")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["指标责任", "任务"]
    rows = list(workbook["指标责任"].iter_rows(values_only=True))
    assert rows[0][0] == "角色"
    assert "WZ2023-09" in {r[1] for r in rows[1:]}
