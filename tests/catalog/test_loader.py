"""`hia catalog load`: idempotent, all-or-nothing, and precise about what is wrong in a seed file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from db.models import Department, Jurisdiction, Responsibility, Target
from service import database
from service.catalog.loader import DEFAULT_SEED_DIR
from service.catalog.seed_format import SeedFormatError
from tests.fixtures.database import DatabaseUnderTest


async def row_counts(db: DatabaseUnderTest) -> dict[str, int]:
    async with db.factory() as session:
        return {
            model.__tablename__: int(await session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (Jurisdiction, Department, Responsibility, Target)
        }


async def ids_by_code(db: DatabaseUnderTest) -> dict[str, int]:
    async with db.factory() as session:
        return dict((await session.execute(select(Department.code, Department.id))).all())


def copy_seeds(tmp_path: Path) -> Path:
    target = tmp_path / "seed"
    shutil.copytree(DEFAULT_SEED_DIR, target)
    return target


def edit_yaml(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


async def test_loading_unchanged_files_again_changes_nothing(empty_db: DatabaseUnderTest) -> None:
    # given a loaded catalog
    first = await database.load(empty_db.factory)
    assert first.inserted["department"] > 100
    ids_before = await ids_by_code(empty_db)
    # when the same files are loaded again
    second = await database.load(empty_db.factory)
    # then nothing is written and ids are stable
    assert not second.changed, second.summary()
    assert second.summary() == "catalog unchanged"
    assert await ids_by_code(empty_db) == ids_before


async def test_an_edited_record_is_updated_in_place(empty_db: DatabaseUnderTest, tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path)
    await database.load(empty_db.factory, seeds)
    ids_before = await ids_by_code(empty_db)

    def rename(data: dict) -> None:
        data["units"][0]["name_en"] = "Renamed Bureau"

    edit_yaml(seeds / "plans" / "shangzhou-2022.yaml", rename)
    report = await database.load(empty_db.factory, seeds)
    assert dict(report.updated) == {"department": 1}
    assert not report.inserted
    assert not report.deleted
    assert await ids_by_code(empty_db) == ids_before


@pytest.mark.parametrize(
    ("file", "change", "expected"),
    [
        (
            "shangzhou-2022.yaml",
            lambda d: next(t for t in d["tasks"] if t.get("assignments"))["assignments"][0].update(role="BOSS"),
            "(code=shangzhou-2022.T01).assignments[0].role: Input should be 'LEAD', 'COOPERATING' or 'RESPONSIBLE'",
        ),
        (
            "shangzhou-2022.yaml",
            lambda d: d["tasks"][-1]["assignments"].append({"unit": "区不存在局", "role": "LEAD"}),
            "'区不存在局' is not the name or an alias of any unit",
        ),
        (
            "wuzhong-2023.yaml",
            lambda d: d["targets"][0].update(indicator="WZ2023-29"),
            "targets[0].indicator: unknown indicator code 'WZ2023-29'",
        ),
        (
            "panzhihua-2017.yaml",
            lambda d: d["units"][0].update(portfolios=["astrology"]),
            "portfolios: unknown portfolio code 'astrology'",
        ),
    ],
)
async def test_a_malformed_seed_file_names_the_problem_and_changes_nothing(
    empty_db: DatabaseUnderTest, tmp_path: Path, file: str, change: object, expected: str
) -> None:
    # given a loaded catalog and a seed directory with one broken record
    await database.load(empty_db.factory)
    before = await row_counts(empty_db)
    seeds = copy_seeds(tmp_path)
    edit_yaml(seeds / "plans" / file, change)
    # when loading it
    with pytest.raises(SeedFormatError) as raised:
        await database.load(empty_db.factory, seeds)
    # then the error names the file, record and field, and the catalog is as it was
    assert expected in str(raised.value)
    assert file in str(raised.value)
    assert await row_counts(empty_db) == before


async def test_a_problem_late_in_the_load_rolls_back_everything_written_before(
    empty_db: DatabaseUnderTest, tmp_path: Path
) -> None:
    # given an empty catalog and files whose last step (targets) fails after units were written
    seeds = copy_seeds(tmp_path)
    edit_yaml(seeds / "plans" / "wuzhong-2023.yaml", lambda d: d["targets"][-1].update(task="wuzhong-2023.nope"))
    with pytest.raises(SeedFormatError, match=r"unknown task code 'wuzhong-2023\.nope'"):
        await database.load(empty_db.factory, seeds)
    assert await row_counts(empty_db) == {"jurisdiction": 0, "department": 0, "responsibility": 0, "target": 0}


def test_cli_exits_non_zero_naming_file_record_and_field(empty_db: DatabaseUnderTest, tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path)
    edit_yaml(seeds / "plans" / "shanting-2019.yaml", lambda d: d["working_groups"][1].pop("name_en"))
    result = subprocess.run(
        [sys.executable, "-m", "service.cli", "catalog", "load", "--seed-dir", str(seeds)],
        capture_output=True,
        text=True,
        env={**os.environ, "HIA_DATABASE_URL": empty_db.url},
        timeout=120,
    )
    assert result.returncode != 0
    assert "shanting-2019.yaml: working_groups[1] (code=shanting-2019." in result.stderr
    assert "name_en: Field required" in result.stderr
