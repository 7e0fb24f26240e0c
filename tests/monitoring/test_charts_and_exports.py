"""Charts at stable URLs (SVG and PNG, both drawn by matplotlib) and the scorecard's spreadsheet export, read the
way a department reads them: the chart's Chinese title, unit, legend and round ticks; the sheet's title row, source,
units and widths."""

from __future__ import annotations

import io
import itertools
import logging
import math
import struct
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from service.monitoring import chart_fonts, charts
from service.monitoring.export_sheets import display_width
from tests.fixtures.graphql import GraphQLClient
from tests.monitoring.conftest import observation, record

SVG_NS = "{http://www.w3.org/2000/svg}"
DC_NS = "{http://purl.org/dc/elements/1.1/}"
LEGEND = ["实测值", "基线", "目标路径", "目标值"]


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG_NS}text")]


def tick_values(root: ET.Element, axis: str) -> list[float]:
    """The numbers written under the ticks of an axis (`x` or `y`)."""
    groups = [g for g in root.iter(f"{SVG_NS}g") if (g.get("id") or "").startswith(f"{axis}tick_")]
    return [float((t.text or "").replace("−", "-")) for g in groups for t in g.iter(f"{SVG_NS}text")]


def is_round_step(step: float) -> bool:
    """1, 2, 2.5 or 5 times a power of ten."""
    scale = 10 ** math.floor(math.log10(step))
    return any(math.isclose(step / scale, m) for m in (1, 2, 2.5, 5, 10))


async def test_the_trend_chart_is_in_chinese_with_baseline_path_target_and_legend_in_svg_and_png(
    panzhihua_secretary: GraphQLClient, anonymous: GraphQLClient
) -> None:
    # given: three years of a Panzhihua indicator with a printed baseline (4.44‰ in 2020) and a 2025 target (≤6.5‰)
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
    # when: both are downloaded
    svg = await anonymous.http.get(data["indicator"]["svg"])
    png = await anonymous.http.get(data["indicator"]["png"])
    # then: the SVG is matplotlib's, not hand-written
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(svg.text)
    creator = root.find(f".//{DC_NS}creator")
    assert creator is not None
    assert "Matplotlib" in "".join(creator.itertext())
    # titled in Chinese with the indicator's name, unit and the jurisdiction (not codes), also for screen readers
    title = "5岁以下儿童死亡率（‰）— 攀枝花市"
    assert title in texts(root)
    assert root.findtext(f"{SVG_NS}title") == title
    assert "指标值（‰）" in texts(root)
    # the baseline, the path to the target, the target and the observations, with a legend naming each
    ids = {g.get("id") for g in root.iter(f"{SVG_NS}g")}
    assert {"observed", "baseline", "target-path", "target"} <= ids
    assert all(label in texts(root) for label in LEGEND)
    assert "基线 4.44‰" in texts(root)
    assert "目标 ≤6.5‰" in texts(root)
    assert any("攀枝花市“十四五”卫生健康发展规划" in t for t in texts(root))  # the source
    # text stays text, in a CJK family a viewer can render
    fonts = {t.get("style", "") for t in root.iter(f"{SVG_NS}text")}
    assert all("sans-serif" in style for style in fonts)
    assert any(family in style for style in fonts for family in chart_fonts.CJK_FAMILIES)
    # round ticks: whole years, and values in steps of 1, 2, 2.5 or 5 times a power of ten
    years = tick_values(root, "x")
    assert years == [float(y) for y in range(2020, 2026)]
    values = tick_values(root, "y")
    steps = {round(b - a, 9) for a, b in itertools.pairwise(values)}
    assert len(steps) == 1, values
    assert is_round_step(steps.pop()), values
    assert all(math.isclose(v * 100, round(v * 100)) for v in values), values
    # the PNG is the same chart: a real PNG, large enough to read, small enough to send
    assert png.status_code == 200
    assert png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png.content[16:24])
    assert (width, height) >= (1000, 600)
    assert 20_000 < len(png.content) < 1_000_000
    unknown = await anonymous.http.get("/charts/indicators/PZH14-05/atlantis.svg")
    assert unknown.status_code == 404


def a_chart(observed: list[tuple[float, float, str]], baseline: float | None, target: float) -> charts.ChartData:
    indicator = SimpleNamespace(code="X-1", name_zh="空气质量优良天数比例", unit="%")
    place = SimpleNamespace(code="x", name_zh="吴中区")
    goal = SimpleNamespace(
        year=2025,
        value=target,
        comparator="GE",
        baseline_value=baseline,
        baseline_year=2020 if baseline is not None else None,
        plan_id=1,
        position=0,
    )
    return charts.ChartData(indicator, place, "", "%", observed, [goal], ["某规划"])


def test_the_value_axis_holds_baseline_observations_and_target_with_room_to_spare() -> None:
    # given: a baseline below every observation and a target above them
    data = a_chart([(2021.0, 79.64, "2021"), (2022.0, 80.72, "2022")], baseline=70.0, target=92.0)
    # when
    bottom, top = charts.value_limits(data, charts.paths(data))
    # then: nothing is cut off, and nothing sits on the frame
    assert bottom < 70.0
    assert top > 92.0
    assert charts.time_limits(data, charts.paths(data)) == (2019.5, 2025.5)


def test_without_a_printed_baseline_the_path_starts_at_the_earliest_observation_as_the_status_rule_does() -> None:
    one = a_chart([(2023.0, 79.6, "2023")], baseline=None, target=80.0)
    two = a_chart([(2022.0, 78.0, "2022"), (2023.0, 79.6, "2023")], baseline=None, target=80.0)
    assert charts.paths(one) == []  # one observation: no path to judge by (status NO_PATH)
    assert charts.paths(two) == [charts.Path((2022.0, 78.0), (2025.0, 80.0), printed_baseline=False)]


def test_the_chart_is_drawn_with_a_cjk_font_here_and_without_one_it_still_draws_and_warns_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # scripts/test installs fonts-noto-cjk: the PNG's Chinese is drawn with it
    assert chart_fonts.cjk_families(), "no CJK font found by matplotlib: install fonts-noto-cjk"
    # given: a machine without any CJK font
    from matplotlib import font_manager

    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    undecorated = chart_fonts.cjk_families.__wrapped__
    # when / then: none found, and a warning says what to install
    with caplog.at_level(logging.WARNING, logger=chart_fonts.__name__):
        assert undecorated() == ()
    assert "fonts-noto-cjk" in caplog.text
    monkeypatch.undo()
    # and the chart still renders
    assert charts.render(a_chart([], baseline=None, target=80.0), "png").startswith(b"\x89PNG")


async def test_the_scorecard_groups_statuses_by_heading_and_exports_a_sheet_to_circulate(
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
    # when: the spreadsheet is downloaded
    response = await anonymous.http.get(card["xlsxUrl"])
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["2024年监测"]
    rows = list(sheet.iter_rows(values_only=True))
    # then: a title row naming the jurisdiction and year, and a row with the source plan and the date of export
    assert rows[0][0] == "吴中区2024年监测记分卡"
    source = str(rows[1][0])
    assert "《吴中区建设江苏省健康区实施方案》（吴政办〔2023〕78号）" in source
    assert "导出日期" in source
    assert "目标状态截至2024年" in source
    # Chinese headers with a unit column, and every value in Chinese (no English status column)
    header = list(rows[2])
    assert header[:5] == ["一级指标", "指标代码", "指标", "单位", "目标"]
    assert "status" not in header
    body = [dict(zip(header, r, strict=True)) for r in rows[3:]]
    assert len(body) == card["counts"]["total"]
    [row] = [r for r in body if r["指标代码"] == "WZ2023-17"]
    assert (row["一级指标"], row["单位"], row["目标"], row["状态"]) == ("健康环境", "%", "≥100%", "已达标")
    assert {r["状态"] for r in body} <= {"已达标", "进展顺利", "存在风险", "未达标", "无数据"}
    assert {r["单位"] for r in body if r["指标代码"] == "WZ2023-51"} == {"平方米"}
    # the header stays in view, and every column is wide enough for its header
    assert sheet.freeze_panes == "A4"
    for index, name in enumerate(header, start=1):
        width = sheet.column_dimensions[get_column_letter(index)].width
        assert width >= display_width(name), (name, width)
    assert sheet.column_dimensions["C"].width >= 20  # names of indicators are long
    summary = list(workbook["汇总"].iter_rows(values_only=True))
    assert summary[2] == ("状态", "目标数")
    assert ("合计", card["counts"]["total"]) in summary
    assert (await anonymous.data('{ scorecard(jurisdiction: "atlantis") { asOf } }'))["scorecard"] is None
