"""Implausible values are refused (issue 10, item 9): -1 years of life expectancy or 145 % for a rate is a typing
error, refused with the field and the allowed range, in recordObservations, correctObservation and spreadsheet rows.
The range follows from the unit unless the catalog sets it (a change in %, which may be negative)."""

from __future__ import annotations

import pytest

from db.models import Indicator
from db.repositories import monitoring as repo
from service.catalog.seed_format import Bounds
from service.monitoring import facts as facts_module
from service.monitoring import plausibility
from service.monitoring.facts import Measure
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.monitoring.conftest import observation, record
from tests.monitoring.test_import import IMPORT, upload, xlsx

CORRECT = """mutation($input: CorrectObservationInput!) { correctObservation(input: $input) {
  observation { version value } userErrors { field message code } } }"""
VALUE = ["input", "observations", "0", "value"]


async def test_minus_one_year_of_life_expectancy_is_refused_with_the_range(panzhihua_secretary: GraphQLClient) -> None:
    # PZH14-01 人均预期寿命（岁）
    payload = await record(panzhihua_secretary, observation("PZH14-01", "panzhihua", 2022, -1))
    assert payload["userErrors"] == [
        {
            "field": VALUE,
            "message": "-1 岁 is not a plausible value of PZH14-01: it must be 0 to 130 岁",
            "code": "INVALID",
        }
    ]
    assert payload["observations"] == []


async def test_a_rate_of_145_percent_is_refused_and_100_and_0_are_accepted(panzhihua_secretary: GraphQLClient) -> None:
    # PZH14-08 居民健康素养水平（%）
    refused = await record(panzhihua_secretary, observation("PZH14-08", "panzhihua", 2022, 145))
    assert refused["userErrors"] == [
        {
            "field": VALUE,
            "message": "145 % is not a plausible value of PZH14-08: it must be 0 to 100 %",
            "code": "INVALID",
        }
    ]
    full = await record(panzhihua_secretary, observation("PZH14-08", "panzhihua", 2022, 100))
    none = await record(panzhihua_secretary, observation("PZH14-08", "panzhihua", 2023, 0))
    assert (full["userErrors"], none["userErrors"]) == ([], [])
    assert (full["observations"][0]["value"], none["observations"][0]["value"]) == (100.0, 0.0)


async def test_counts_are_never_negative(panzhihua_secretary: GraphQLClient) -> None:
    # PZH14-11 每千常住人口执业（助理）医师数（人）
    payload = await record(panzhihua_secretary, observation("PZH14-11", "panzhihua", 2022, -0.5))
    assert payload["userErrors"][0]["field"] == VALUE
    assert payload["userErrors"][0]["message"].endswith("it must be at least 0 人")


async def test_a_correction_to_an_implausible_value_is_refused(panzhihua_secretary: GraphQLClient) -> None:
    # given: an infant mortality rate (‰)
    first = (await record(panzhihua_secretary, observation("PZH14-04", "panzhihua", 2023, 4.1)))["observations"][0]
    # when: corrected to more than a thousand per thousand
    payload = (
        await panzhihua_secretary.data(
            CORRECT, {"input": {"id": first["id"], "value": 1200, "reason": "单位错误", "expectedVersion": 1}}
        )
    )["correctObservation"]
    # then
    assert payload == {
        "observation": None,
        "userErrors": [
            {
                "field": ["input", "value"],
                "message": "1200 ‰ is not a plausible value of PZH14-04: it must be 0 to 1000 ‰",
                "code": "INVALID",
            }
        ],
    }


async def test_spreadsheet_rows_with_implausible_values_are_rejected(panzhihua_secretary: GraphQLClient) -> None:
    content = xlsx(
        [
            ["PZH14-07", None, None, "panzhihua", 2022, 92.5, None, "%", None, None],
            ["PZH14-07", None, None, "panzhihua", 2023, 145, None, "%", None, None],
        ]
    )
    report = (await panzhihua_secretary.data(IMPORT, upload(content)))["importSpreadsheet"]["report"]
    assert (report["validRows"], report["rejectedRows"]) == (1, 1)
    [rejected] = report["rejected"]
    assert rejected["row"] == 3
    assert rejected["problems"] == [
        {"column": "数值", "message": "145 % is not a plausible value of PZH14-07: it must be 0 to 100 %"}
    ]


async def test_the_catalog_widens_the_range_of_a_change(monitoring_db: DatabaseUnderTest) -> None:
    # CN2018-37 肿瘤年龄标化发病率变化幅度 (%): a change, `bounds: {min: -100, max: 1000}` in the seed
    async with monitoring_db.factory() as session:
        facts = await facts_module.load(session, ["CN2018-37", "CN2018-38"])
    change, literacy = facts.indicators["CN2018-37"], facts.indicators["CN2018-38"]
    percent = Measure("", "%", True)
    assert plausibility.problem(change, percent, -3.5) is None
    assert plausibility.problem(change, percent, 120) is None
    assert plausibility.problem(change, percent, -101) == (
        "-101 % is not a plausible value of CN2018-37: it must be -100 to 1000 %"
    )
    assert plausibility.problem(literacy, percent, -3.5) is not None
    # a measure its targets give in another unit keeps that unit's range
    assert plausibility.problem(change, Measure("", "人", True), -3.5) is not None


async def test_every_target_and_baseline_of_the_catalog_is_plausible(monitoring_db: DatabaseUnderTest) -> None:
    async with monitoring_db.factory() as session:
        codes = [row.code for row in await repo.all_rows(session, Indicator)]
        facts = await facts_module.load(session, codes)
    by_id = {row.id: row for row in facts.indicators.values()}
    checked = 0
    for targets in facts.targets.values():
        for target in targets:
            indicator = by_id[target.indicator_id]
            measures = facts.measures(indicator, target.jurisdiction_id)
            measure = measures.get(facts.measure_of_target(target)) or measures[""]
            for value in (target.value, target.baseline_value):
                assert plausibility.problem(indicator, measure, value) is None, (target.code, value)
                checked += value is not None
    assert checked > 100


def test_catalog_bounds_need_an_end_in_order() -> None:
    assert Bounds(min=-100) == Bounds(min=-100, max=None)
    with pytest.raises(ValueError, match="give min, max or both"):
        Bounds()
    with pytest.raises(ValueError, match="min 5 is above max 1"):
        Bounds(min=5, max=1)
