"""The catalog says what the source plans print, and marks what it had to supply (issue 14, item 8).

Each test is written from a point of the line-by-line audit of the seeded catalog against the five source
plans. The tests that read the source texts read them from `db/seed/sources/` (the texts the plans name in
`seed:`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from pydantic import BaseModel

from service.catalog.loader import DEFAULT_SEED_DIR, read_seed_set
from service.catalog.seed_format import (
    DimensionRecord,
    IndicatorRecord,
    JurisdictionLevel,
    PlanFile,
    ResponsibilityRole,
    TaskRecord,
    UnitRecord,
)
from tests.fixtures.graphql import GraphQLClient

SEED_SET = read_seed_set(DEFAULT_SEED_DIR)
PLAN_FILES: dict[str, PlanFile] = {path.stem: plan_file for path, plan_file in SEED_SET.plan_files}
SOURCE_DIR = DEFAULT_SEED_DIR / "sources"


def source_text(plan_file: PlanFile) -> str:
    """The seed's text without whitespace and page markers ("\\n15、"), so printed phrases match across lines."""
    text = (SOURCE_DIR / plan_file.seed).read_text(encoding="utf-8")
    text = re.sub(r"\n\d+、", "", text)
    for garbled, printed in TEXT_LAYER_GARBLES.items():
        text = text.replace(garbled, printed)
    return re.sub(r"\s+", "", text)


# The one unit name the text layer of a seed garbles (商州 (8): "各镇(WO)" for the 各镇(街道) of every other task).
TEXT_LAYER_GARBLES = {"各镇(WO)": "各镇(街道)"}


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def dimensions(dims: list[DimensionRecord]) -> Iterator[DimensionRecord]:
    for dimension in dims:
        yield dimension
        yield from dimensions(dimension.children)


def indicators(plan_file: PlanFile) -> Iterator[IndicatorRecord]:
    for framework in plan_file.frameworks:
        for dimension in dimensions(framework.dimensions):
            yield from dimension.indicators


def all_units() -> Iterator[UnitRecord]:
    for plan_file in PLAN_FILES.values():
        yield from plan_file.units


# --- 吴中区: 各开发区 and 太湖新城管委会 are development zones, not towns or streets -------------------------


def test_development_zone_committees_map_to_the_development_zone_portfolio() -> None:
    levels = {j.code: j.level for pf in PLAN_FILES.values() for j in pf.jurisdictions}
    zone_units = [
        u
        for u in all_units()
        if any(word in name for name in (u.name_zh, *u.aliases) for word in ("开发区", "高新区", "管委会"))
        or (u.governs and levels[u.governs] is JurisdictionLevel.DEVELOPMENT_ZONE)
    ]
    names = {u.name_zh for u in zone_units}
    assert {"各开发区", "太湖新城管委会", "山亭经济开发区管委会", "钒钛高新区管委会"} <= names
    for unit in zone_units:
        assert "township-street" not in unit.portfolios, unit.code
        if levels[unit.jurisdiction] is JurisdictionLevel.CITY:
            # a zone at county level answers to the city like its counties and districts
            assert "county-district" in unit.portfolios, unit.code
        else:
            assert "development-zone" in unit.portfolios, unit.code


async def test_wuzhong_development_zones_are_found_by_their_portfolio(graphql: GraphQLClient) -> None:
    data = await graphql.data("""{ jurisdiction(code: "wuzhong") {
        zones: departmentsForPortfolio(portfolio: "development-zone") { nameZh }
        towns: departmentsForPortfolio(portfolio: "township-street") { nameZh } } }""")
    zones = {d["nameZh"] for d in data["jurisdiction"]["zones"]}
    towns = {d["nameZh"] for d in data["jurisdiction"]["towns"]}
    assert zones == {"各开发区", "太湖新城管委会"}
    assert not zones & towns
    assert {"各镇（街道）", "木渎镇", "长桥街道"} <= towns


# --- values the source does not print are marked `inferred` ---------------------------------------------------


def points_printed(text: str, name: str, points: float) -> bool:
    return re.search(re.escape(name) + rf"[（(]{points:g}分[）)]", text) is not None


def test_points_not_marked_inferred_are_printed_and_marked_ones_are_not() -> None:
    checked = 0
    for plan_file in PLAN_FILES.values():
        text = source_text(plan_file)
        for framework in plan_file.frameworks:
            if framework.total_points is not None:
                printed = re.search(rf"(总分|满分|共){framework.total_points:g}分", text) is not None
                assert printed == ("total_points" not in framework.inferred), framework.code
            for dimension in dimensions(framework.dimensions):
                if dimension.points is None:
                    continue
                checked += 1
                printed = points_printed(text, dimension.name_zh, dimension.points)
                assert printed == ("points" not in dimension.inferred), dimension.code
            for indicator in indicators(plan_file):
                if indicator.points is None:
                    continue
                # an item's points are the "(n分)" printed in its text
                assert indicator.description_zh, indicator.code
                parts = re.findall(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]", indicator.description_zh)
                assert sum(float(p) for p in parts) == indicator.points, indicator.code
    assert checked >= 6


def test_wuzhong_total_and_the_missing_healthy_environment_cell_are_marked_inferred() -> None:
    framework = PLAN_FILES["wuzhong-2023"].frameworks[0]
    assert framework.inferred == ["total_points"]
    environment = next(d for d in framework.dimensions if d.name_zh == "健康环境")
    assert sorted(environment.inferred) == ["name_zh", "points"]
    # what an API user sees: the source section says what is missing and where the value comes from
    assert "未印出" in framework.source.section
    assert environment.source
    assert "缺失" in environment.source.section
    # the inferred points agree with what is printed: its items' points, and a total of the six headings
    assert environment.points == sum(i.points or 0 for c in environment.children for i in c.indicators)
    assert framework.total_points == sum(d.points or 0 for d in framework.dimensions)


def unit_printed_in(unit: str, text: str) -> bool:
    return unit in text or (unit.startswith("1/") and unit[1:] in text)  # 1/10万 printed as （/10万）


def test_units_not_marked_inferred_are_printed_with_the_item() -> None:
    for plan_file in PLAN_FILES.values():
        text = source_text(plan_file)
        for indicator in indicators(plan_file):
            if indicator.unit is None:
                continue
            printed_item = indicator.description_zh or indicator.name_zh
            if "unit" in indicator.inferred:
                assert "未印出" in indicator.source.section, indicator.code
                continue
            assert unit_printed_in(indicator.unit, indicator.name_zh + (indicator.description_zh or "")), (
                indicator.code,
                indicator.unit,
            )
            if plan_file.seed.startswith("001_"):  # the national annex: short names, each printed as is
                assert flat(printed_item) in text, indicator.code


def test_the_national_annex_prints_units_for_two_items_only() -> None:
    national = [i for i in indicators(PLAN_FILES["shanting-2019"]) if i.code.startswith("CN2018-")]
    assert len(national) == 42
    printed = [i.code for i in national if "unit" not in i.inferred]
    # （2）重度及以上污染天数 and （15）食品抽样检验 3 批次/千人; all other names carry no unit
    assert printed == ["CN2018-02", "CN2018-15"]
    assert all(i.unit for i in national)  # still known, for plausible ranges and charts


# --- a task's units are the units the source names for that task, with the role it gives them ----------------


@dataclass
class PlacedTask:
    task: TaskRecord
    start: int
    end: int = 0


def place_tasks(plan_file: PlanFile, text: str) -> list[PlacedTask]:
    """Each task that has its text, at the place its text starts; it runs to where the next task starts."""
    placed: list[PlacedTask] = []
    for task in plan_file.tasks:
        if not task.description_zh:
            continue
        start = text.find(flat(task.description_zh)[:20])
        assert start >= 0, f"{task.code}: its text is not in {plan_file.seed}"
        placed.append(PlacedTask(task, start))
    placed.sort(key=lambda p: (p.start, p.task.code))
    starts = sorted({p.start for p in placed})
    for p in placed:
        later = [s for s in starts if s > p.start]
        p.end = later[0] if later else len(text)
    return placed


def own_text(placed: PlacedTask, text: str) -> str:
    return text[placed.start : placed.end]


TASK_PLANS = ("shangzhou-2022", "shanting-2019")


@pytest.mark.parametrize("plan", TASK_PLANS)
def test_every_unit_of_a_task_is_named_in_that_tasks_own_text(plan: str) -> None:
    plan_file = PLAN_FILES[plan]
    text = source_text(plan_file)
    placed = place_tasks(plan_file, text)
    assert len(placed) >= 20
    for p in placed:
        for assignment in p.task.assignments:
            assert assignment.unit in own_text(p, text), (p.task.code, assignment.unit)


def test_shanting_tasks_belong_to_the_working_group_the_source_gives_them_to() -> None:
    plan_file = PLAN_FILES["shanting-2019"]
    text = source_text(plan_file)
    tasks = {t.code: t for t in plan_file.tasks}
    groups = {g.code: g for g in plan_file.working_groups}
    placed = {p.task.code: p for p in place_tasks(plan_file, text)}
    for task in plan_file.tasks:
        assert not task.assignments, f"{task.code}: the source names only a working group for it"
        if task.working_group is None:
            continue
        # the group is named in the task's own text or in that of an enclosing task
        chain, code = [], task.code
        while code:
            chain.append(code)
            code = tasks[code].parent or ""
        named = [c for c in chain if c in placed and groups[task.working_group].name_zh in own_text(placed[c], text)]
        assert named, task.code


ROLE_STATEMENT = re.compile(r"牵头单位|具体落实|牵头落实")


def role_statements(own: str) -> list[str]:
    """Each place the text gives units a role: a 牵头单位 list, or a 具体落实/牵头落实 not inside one."""
    statements = []
    for match in ROLE_STATEMENT.finditer(own):
        if match.group() == "牵头单位":
            statements.append(match.group())
            continue
        since_sentence = own[: match.start()].rsplit("。", 1)[-1]
        if "牵头单位" not in since_sentence:
            statements.append(match.group())
    return statements


def test_a_task_with_units_holds_one_role_statement_of_the_source() -> None:
    """商州 (28) printed three statements with different leads: each is a subtask of its own."""
    plan_file = PLAN_FILES["shangzhou-2022"]
    text = source_text(plan_file)
    for p in place_tasks(plan_file, text):
        if p.task.assignments:
            assert len(role_statements(own_text(p, text))) == 1, p.task.code
    t28 = [t for t in plan_file.tasks if t.parent == "shangzhou-2022.T28"]
    assert [t.code for t in t28] == [f"shangzhou-2022.T28.{n}" for n in (1, 2, 3)]
    leads = [[a.unit for a in t.assignments if a.role is ResponsibilityRole.LEAD] for t in t28]
    assert leads == [["区委宣传部"], [], ["区卫健局", "区科协"]]


@pytest.mark.parametrize("plan", TASK_PLANS)
def test_a_lead_is_a_unit_the_source_writes_niutou_for(plan: str) -> None:
    plan_file = PLAN_FILES[plan]
    text = source_text(plan_file)
    for p in place_tasks(plan_file, text):
        own = own_text(p, text)
        lead_lists = re.findall(r"牵头单位[:：]([^;；)）]*)", own) + re.findall(r"[(（]([^()（）]*)牵头落实", own)
        for assignment in p.task.assignments:
            if assignment.role is ResponsibilityRole.LEAD:
                assert any(assignment.unit in names for names in lead_lists), (p.task.code, assignment.unit)


def test_jutiluoshi_is_coded_responsible_wherever_the_source_writes_it() -> None:
    """具体落实 ("carry out in practice") is RESPONSIBLE everywhere (FORMAT.md, Roles), never LEAD."""
    seen = 0
    for plan_file in PLAN_FILES.values():
        text = source_text(plan_file)
        occurrences = [m.start() for m in re.finditer("具体落实", text)]
        if not occurrences:
            continue
        placed = place_tasks(plan_file, text)
        for at in occurrences:
            owner = next(p for p in placed if p.start <= at < p.end and p.task.assignments)
            units = [a for a in owner.task.assignments if text[at - len(a.unit) : at] == a.unit]
            assert units, (owner.task.code, text[at - 12 : at + 4])
            assert all(a.role is ResponsibilityRole.RESPONSIBLE for a in units), owner.task.code
            seen += 1
    assert seen == 8  # 商州 (5), (6), (9), (10), (13), (15), (27), (28) second sentence


# --- English names of the healthy-city domains ----------------------------------------------------------------

HEALTHY_DOMAINS = {
    "健康环境": "Healthy environment",
    "健康社会": "Healthy society",
    "健康人群": "Healthy population",
    "健康文化": "Healthy culture",
}


def english_names(node: object) -> Iterator[tuple[str, str]]:
    if isinstance(node, list | tuple):
        for item in node:
            yield from english_names(item)
    elif isinstance(node, BaseModel):
        zh, en = getattr(node, "name_zh", None), getattr(node, "name_en", None)
        if isinstance(zh, str) and isinstance(en, str):
            yield zh, en
        for name in type(node).model_fields:
            yield from english_names(getattr(node, name))


def test_healthy_city_domains_read_healthy_in_english() -> None:
    pairs = list(english_names(list(PLAN_FILES.values())))
    # the domain as a heading, and the working group named after it
    domains = [(zh, en) for zh, en in pairs if zh.removesuffix("专业工作组") in HEALTHY_DOMAINS]
    assert len(domains) >= 10
    for zh, en in domains:
        assert en.startswith(HEALTHY_DOMAINS[zh[:4]]), (zh, en)
    assert not [en for _zh, en in pairs if re.search(r"\bHealth (environment|society)\b", en)]


async def test_wuzhong_headings_in_english(graphql: GraphQLClient) -> None:
    data = await graphql.data('{ indicatorFramework(code: "js-healthy-district-2023") { dimensions { nameEn } } }')
    assert [d["nameEn"] for d in data["indicatorFramework"]["dimensions"]] == [
        "Health policy",
        "Healthy environment",
        "Healthy society",
        "Health services",
        "Healthy culture",
        "Organisation and management",
    ]
