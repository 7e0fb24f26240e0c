"""`hia catalog load`: validate every seed file, resolve cross-references, write the catalog in one transaction.

The seed files are the source of truth. A problem anywhere (bad YAML, a wrong field, a unit name that
resolves to nothing) stops the load with the file, record and field named; the caller's transaction
then rolls back, so nothing is half-written. Loading unchanged files changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Department,
    DepartmentName,
    DepartmentPortfolio,
    Dimension,
    Indicator,
    IndicatorFramework,
    IndicatorLink,
    Jurisdiction,
    Plan,
    PlanPhase,
    Portfolio,
    Responsibility,
    Target,
    Task,
    TaskIndicator,
    WorkingGroup,
)
from db.repositories.catalog_sync import CatalogSync, SyncReport
from service.catalog.seed_format import (
    DimensionRecord,
    FrameworkRecord,
    IndicatorRecord,
    JurisdictionRecord,
    PlanFile,
    PortfolioFile,
    SeedFormatError,
    TaskRecord,
    UnitReference,
    parse_plan_file,
    parse_portfolio_file,
)

DEFAULT_SEED_DIR = Path(__file__).resolve().parents[2] / "db" / "seed"
Row = dict[str, Any]


@dataclass
class SeedSet:
    """All seed files, parsed and checked for codes used twice."""

    portfolios: PortfolioFile
    plan_files: list[tuple[Path, PlanFile]]


def read_seed_set(seed_dir: Path) -> SeedSet:
    portfolio_path = seed_dir / "portfolios.yaml"
    if not portfolio_path.is_file():
        raise SeedFormatError(f"{portfolio_path}: missing")
    plan_paths = sorted((seed_dir / "plans").glob("*.yaml"))
    if not plan_paths:
        raise SeedFormatError(f"{seed_dir / 'plans'}: no plan files")
    seeds = SeedSet(parse_portfolio_file(portfolio_path), [(p, parse_plan_file(p)) for p in plan_paths])
    _check_unique_codes(seeds, portfolio_path)
    return seeds


def walk_dimensions(
    dimensions: list[DimensionRecord],
) -> Iterator[tuple[DimensionRecord, DimensionRecord | None, int]]:
    """Every heading with its parent and level, in source order (frameworks have two levels)."""
    for dimension in dimensions:
        yield dimension, None, 1
        for child in dimension.children:
            if child.children:
                raise SeedFormatError(f"dimension {child.code}: frameworks have two levels of headings at most")
            yield child, dimension, 2


def indicators_of(framework: FrameworkRecord) -> Iterator[tuple[IndicatorRecord, DimensionRecord]]:
    for dimension, _parent, _level in walk_dimensions(framework.dimensions):
        for indicator in dimension.indicators:
            yield indicator, dimension


def _check_unique_codes(seeds: SeedSet, portfolio_path: Path) -> None:
    where: dict[tuple[str, str], str] = {}

    def claim(kind: str, code: str, place: str) -> None:
        previous = where.setdefault((kind, code), place)
        if previous != place:
            raise SeedFormatError(f"{place}: {kind} code {code!r} is already used in {previous}")

    for i, portfolio in enumerate(seeds.portfolios.portfolios):
        claim("portfolio", portfolio.code, f"{portfolio_path}: portfolios[{i}]")
    for path, plan_file in seeds.plan_files:
        for attr, kind in (
            ("jurisdictions", "jurisdiction"),
            ("units", "unit"),
            ("plans", "plan"),
            ("frameworks", "framework"),
            ("working_groups", "working group"),
            ("tasks", "task"),
        ):
            for i, record in enumerate(getattr(plan_file, attr)):
                claim(kind, record.code, f"{path}: {attr}[{i}] (code={record.code})")
        for framework in plan_file.frameworks:
            for dimension, _parent, _level in walk_dimensions(framework.dimensions):
                claim("dimension", dimension.code, f"{path}: framework {framework.code} dimension {dimension.code}")
            for indicator, _dimension in indicators_of(framework):
                claim("indicator", indicator.code, f"{path}: framework {framework.code} indicator {indicator.code}")


def _source(plan_file: PlanFile, record: Any) -> Row:
    return {"source_seed": plan_file.seed, "source_section": record.source.section}


def _depth(code: str, parents: Mapping[str, str | None], place: str) -> int:
    """How many parents a record has (parents are upserted first); a cycle is a seed error."""
    depth, seen = 0, {code}
    while (parent := parents.get(code)) is not None:
        if parent in seen:
            raise SeedFormatError(f"{place}: the parents of {code} form a cycle")
        seen.add(parent)
        code, depth = parent, depth + 1
    return depth


class _CatalogLoad:
    """One load: upserts table by table, parents first, resolving codes and printed unit names to ids."""

    def __init__(self, session: AsyncSession, seeds: SeedSet) -> None:
        self.sync = CatalogSync(session)
        self.seeds = seeds
        self.files = seeds.plan_files
        self.ids: dict[str, dict[Any, int]] = defaultdict(dict)
        self.unit_names: dict[tuple[int, str], int] = {}
        self.plan_jurisdiction: dict[str, int] = {}
        # Responsibilities are written last, once every subject (indicator, group, task) has its id.
        self.responsibilities: list[tuple[str, UnitReference, Row]] = []

    def id(self, kind: str, code: str | None, place: str, field_name: str) -> int | None:
        if code is None:
            return None
        found = self.ids[kind].get((code,))
        if found is None:
            raise SeedFormatError(f"{place}.{field_name}: unknown {kind} code {code!r}")
        return found

    def required_id(self, kind: str, code: str, place: str, field_name: str) -> int:
        found = self.id(kind, code, place, field_name)
        assert found is not None
        return found

    async def run(self) -> SyncReport:
        await self.portfolios()
        await self.jurisdictions()
        await self.units()
        await self.plans()
        await self.frameworks()
        await self.working_groups()
        await self.tasks()
        await self.write_responsibilities()
        await self.targets()
        await self.sync.delete_stale()
        return self.sync.report

    async def portfolios(self) -> None:
        rows = [
            {
                "code": p.code,
                "name_zh": p.name_zh,
                "name_en": p.name_en,
                "description_en": p.description_en,
                "position": i,
            }
            for i, p in enumerate(self.seeds.portfolios.portfolios)
        ]
        self.ids["portfolio"] = await self.sync.rows(Portfolio, ["code"], rows)

    def _jurisdiction_row(self, path: Path, pf: PlanFile, j: JurisdictionRecord) -> Row:
        place = f"{path}: jurisdictions (code={j.code})"
        return {
            "code": j.code,
            "name_zh": j.name_zh,
            "name_en": j.name_en,
            "level": j.level.value,
            "parent_id": self.id("jurisdiction", j.parent, place, "parent"),
            "parent_name_zh": j.parent_name_zh,
            "parent_name_en": j.parent_name_en,
            **_source(pf, j),
        }

    async def jurisdictions(self) -> None:
        records = [(path, pf, j) for path, pf in self.files for j in pf.jurisdictions]
        parents = {j.code: j.parent for _path, _pf, j in records}
        records.sort(key=lambda item: _depth(item[2].code, parents, f"{item[0]}: jurisdictions"))
        await self.sync.rows(
            Jurisdiction,
            ["code"],
            [partial(self._jurisdiction_row, *record) for record in records],
            flush_each_insert=True,
            known=self.ids["jurisdiction"],
        )

    async def units(self) -> None:
        units = [(path, pf, u) for path, pf in self.files for u in pf.units]
        rows = []
        for path, pf, u in units:
            place = f"{path}: units (code={u.code})"
            rows.append(
                {
                    "code": u.code,
                    "name_zh": u.name_zh,
                    "name_en": u.name_en,
                    "kind": u.kind.value,
                    "jurisdiction_id": self.required_id("jurisdiction", u.jurisdiction, place, "jurisdiction"),
                    "governs_jurisdiction_id": self.id("jurisdiction", u.governs, place, "governs"),
                    **_source(pf, u),
                }
            )
        self.ids["unit"] = await self.sync.rows(Department, ["code"], rows)

        names: dict[tuple[int, str], Row] = {}
        portfolios: list[Row] = []
        for path, _pf, u in units:
            place = f"{path}: units (code={u.code})"
            department_id = self.ids["unit"][(u.code,)]
            jurisdiction_id = self.required_id("jurisdiction", u.jurisdiction, place, "jurisdiction")
            for name in (u.name_zh, *u.aliases):
                owner = self.unit_names.setdefault((jurisdiction_id, name), department_id)
                if owner != department_id:
                    raise SeedFormatError(
                        f"{place}: the name {name!r} already belongs to another unit of {u.jurisdiction}"
                    )
                names.setdefault(
                    (jurisdiction_id, name),
                    {
                        "department_id": department_id,
                        "jurisdiction_id": jurisdiction_id,
                        "name_zh": name,
                        "is_primary": name == u.name_zh,
                    },
                )
            for code in dict.fromkeys(u.portfolios):
                portfolios.append(
                    {
                        "department_id": department_id,
                        "portfolio_id": self.required_id("portfolio", code, place, "portfolios"),
                    }
                )
        await self.sync.rows(DepartmentName, ["jurisdiction_id", "name_zh"], list(names.values()))
        await self.sync.rows(DepartmentPortfolio, ["department_id", "portfolio_id"], portfolios)

    async def plans(self) -> None:
        plans = [(path, pf, p) for path, pf in self.files for p in pf.plans]
        rows = []
        for path, pf, p in plans:
            place = f"{path}: plans (code={p.code})"
            jurisdiction_id = self.required_id("jurisdiction", p.jurisdiction, place, "jurisdiction")
            self.plan_jurisdiction[p.code] = jurisdiction_id
            rows.append(
                {
                    "code": p.code,
                    "jurisdiction_id": jurisdiction_id,
                    "title_zh": p.title_zh,
                    "title_en": p.title_en,
                    "document_number": p.document_number,
                    "issued_by_zh": p.issued_by_zh,
                    "issued_by_en": p.issued_by_en,
                    "issued_on": p.issued_on,
                    "period_start": p.period_start,
                    "period_end": p.period_end,
                    **_source(pf, p),
                }
            )
        self.ids["plan"] = await self.sync.rows(Plan, ["code"], rows)
        phases = [
            {
                "plan_id": self.ids["plan"][(p.code,)],
                "seq": ph.seq,
                "name_zh": ph.name_zh,
                "name_en": ph.name_en,
                "starts_on": ph.starts_on,
                "ends_on": ph.ends_on,
                "description_zh": ph.description_zh,
                **_source(pf, ph),
            }
            for _path, pf, p in plans
            for ph in p.phases
        ]
        await self.sync.rows(PlanPhase, ["plan_id", "seq"], phases)

    def _dimension_row(
        self,
        pf: PlanFile,
        framework_id: int,
        position: int,
        d: DimensionRecord,
        parent: DimensionRecord | None,
        level: int,
    ) -> Row:
        return {
            "code": d.code,
            "framework_id": framework_id,
            "level": level,
            "position": position,
            "parent_id": self.ids["dimension"][(parent.code,)] if parent else None,
            "name_zh": d.name_zh,
            "name_en": d.name_en,
            "points": d.points,
            "source_seed": pf.seed,
            "source_section": d.source.section if d.source else None,
        }

    async def frameworks(self) -> None:
        frameworks = [(path, pf, f) for path, pf in self.files for f in pf.frameworks]
        rows = []
        for position, (path, pf, f) in enumerate(frameworks):
            place = f"{path}: frameworks (code={f.code})"
            rows.append(
                {
                    "code": f.code,
                    "name_zh": f.name_zh,
                    "name_en": f.name_en,
                    "kind": f.kind.value,
                    "jurisdiction_id": self.id("jurisdiction", f.jurisdiction, place, "jurisdiction"),
                    "plan_id": self.id("plan", f.plan, place, "plan"),
                    "year": f.year,
                    "total_points": f.total_points,
                    "position": position,
                    **_source(pf, f),
                }
            )
        self.ids["framework"] = await self.sync.rows(IndicatorFramework, ["code"], rows)

        dimensions = [
            partial(self._dimension_row, pf, self.ids["framework"][(f.code,)], position, d, parent, level)
            for _path, pf, f in frameworks
            for position, (d, parent, level) in enumerate(walk_dimensions(f.dimensions))
        ]
        await self.sync.rows(Dimension, ["code"], dimensions, flush_each_insert=True, known=self.ids["dimension"])

        indicators = [
            {
                "code": ind.code,
                "framework_id": self.ids["framework"][(f.code,)],
                "dimension_id": self.ids["dimension"][(dimension.code,)],
                "position": position,
                "number": ind.number,
                "name_zh": ind.name_zh,
                "name_en": ind.name_en,
                "description_zh": ind.description_zh,
                "unit": ind.unit,
                "direction": ind.direction.value,
                "points": ind.points,
                "frequency": ind.frequency.value,
                "plausible_min": ind.bounds.min if ind.bounds else None,
                "plausible_max": ind.bounds.max if ind.bounds else None,
                **_source(pf, ind),
            }
            for _path, pf, f in frameworks
            for position, (ind, dimension) in enumerate(indicators_of(f))
        ]
        self.ids["indicator"] = await self.sync.rows(Indicator, ["code"], indicators)

        links: dict[tuple[int, int], Row] = {}
        for path, pf, f in frameworks:
            for ind, _dimension in indicators_of(f):
                place = f"{path}: indicators (code={ind.code})"
                this = self.ids["indicator"][(ind.code,)]
                for code in ind.links:
                    other = self.required_id("indicator", code, place, "links")
                    if other == this:
                        raise SeedFormatError(f"{place}.links: an indicator cannot link to itself")
                    # A link is symmetric: stored once, smaller id first.
                    key = (min(this, other), max(this, other))
                    links[key] = {"indicator_id": key[0], "linked_indicator_id": key[1]}
                if ind.responsible and f.jurisdiction is None:
                    raise SeedFormatError(
                        f"{place}.responsible: a framework without a jurisdiction has no responsible units"
                    )
                for reference in ind.responsible:
                    self.responsibilities.append(
                        (
                            f"{place}.responsible",
                            reference,
                            {
                                "indicator_id": this,
                                "jurisdiction_id": self.ids["jurisdiction"][(f.jurisdiction,)],
                                **_source(pf, ind),
                            },
                        )
                    )
        await self.sync.rows(IndicatorLink, ["indicator_id", "linked_indicator_id"], list(links.values()))

    async def working_groups(self) -> None:
        groups = [(path, pf, g) for path, pf in self.files for g in pf.working_groups]
        rows = []
        for position, (path, pf, g) in enumerate(groups):
            place = f"{path}: working_groups (code={g.code})"
            rows.append(
                {
                    "code": g.code,
                    "plan_id": self.required_id("plan", g.plan, place, "plan"),
                    "jurisdiction_id": self.plan_jurisdiction[g.plan],
                    "kind": g.kind.value,
                    "position": position,
                    "name_zh": g.name_zh,
                    "name_en": g.name_en,
                    "head_zh": g.head_zh,
                    "head_en": g.head_en,
                    "domain_zh": g.domain_zh,
                    **_source(pf, g),
                }
            )
        self.ids["working group"] = await self.sync.rows(WorkingGroup, ["code"], rows)
        for path, pf, g in groups:
            for reference in g.members:
                self.responsibilities.append(
                    (
                        f"{path}: working_groups (code={g.code}).members",
                        reference,
                        {
                            "working_group_id": self.ids["working group"][(g.code,)],
                            "jurisdiction_id": self.plan_jurisdiction[g.plan],
                            **_source(pf, g),
                        },
                    )
                )

    def _task_row(self, position: int, path: Path, pf: PlanFile, t: TaskRecord) -> Row:
        place = f"{path}: tasks (code={t.code})"
        return {
            "code": t.code,
            "plan_id": self.required_id("plan", t.plan, place, "plan"),
            "jurisdiction_id": self.plan_jurisdiction[t.plan],
            "position": position,
            "number": t.number,
            "kind": t.kind.value,
            "parent_id": self.id("task", t.parent, place, "parent"),
            "working_group_id": self.id("working group", t.working_group, place, "working_group"),
            "year": t.year,
            "title_zh": t.title_zh,
            "title_en": t.title_en,
            "description_zh": t.description_zh,
            **_source(pf, t),
        }

    async def tasks(self) -> None:
        tasks = [(i, path, pf, t) for path, pf in self.files for i, t in enumerate(pf.tasks)]
        parents = {t.code: t.parent for _i, _path, _pf, t in tasks}
        for _i, path, _pf, t in tasks:
            if t.parent is not None and t.parent not in parents:
                raise SeedFormatError(f"{path}: tasks (code={t.code}).parent: unknown task code {t.parent!r}")
        # Parents first (their ids are needed), otherwise in source order.
        ordered = sorted(tasks, key=lambda item: _depth(item[3].code, parents, f"{item[1]}: tasks"))
        await self.sync.rows(
            Task,
            ["code"],
            [partial(self._task_row, *item) for item in ordered],
            flush_each_insert=True,
            known=self.ids["task"],
        )
        links: list[Row] = []
        for _i, path, pf, t in tasks:
            place = f"{path}: tasks (code={t.code})"
            task_id = self.ids["task"][(t.code,)]
            for code in dict.fromkeys(t.indicators):
                links.append(
                    {"task_id": task_id, "indicator_id": self.required_id("indicator", code, place, "indicators")}
                )
            for reference in t.assignments:
                self.responsibilities.append(
                    (
                        f"{place}.assignments",
                        reference,
                        {
                            "task_id": task_id,
                            "jurisdiction_id": self.plan_jurisdiction[t.plan],
                            **_source(pf, t),
                        },
                    )
                )
        await self.sync.rows(TaskIndicator, ["task_id", "indicator_id"], links)

    async def write_responsibilities(self) -> None:
        rows: dict[tuple[Any, ...], Row] = {}
        for position, (place, reference, subject) in enumerate(self.responsibilities):
            department_id = self.unit_names.get((subject["jurisdiction_id"], reference.unit))
            if department_id is None:
                raise SeedFormatError(
                    f"{place}.unit: {reference.unit!r} is not the name or an alias of any unit of this jurisdiction"
                )
            row = {
                "department_id": department_id,
                "role": reference.role.value,
                "unit_name_zh": reference.unit,
                "task_id": None,
                "indicator_id": None,
                "working_group_id": None,
                "position": position,
                **subject,
            }
            key = (department_id, row["role"], row["task_id"], row["indicator_id"], row["working_group_id"])
            rows.setdefault(key, row)
        await self.sync.rows(
            Responsibility,
            ["department_id", "role", "task_id", "indicator_id", "working_group_id"],
            list(rows.values()),
        )

    async def targets(self) -> None:
        rows = []
        sequence: dict[str, int] = defaultdict(int)
        for path, pf in self.files:
            for i, t in enumerate(pf.targets):
                place = f"{path}: targets[{i}]"
                # Targets have no code in the sources; this one is stable while the file keeps its order.
                prefix = f"{t.plan}:{t.indicator or t.task}:{t.year}"
                sequence[prefix] += 1
                rows.append(
                    {
                        "code": f"{prefix}:{sequence[prefix]}",
                        "position": i,
                        "jurisdiction_id": self.required_id("jurisdiction", t.jurisdiction, place, "jurisdiction"),
                        "plan_id": self.required_id("plan", t.plan, place, "plan"),
                        "indicator_id": self.id("indicator", t.indicator, place, "indicator"),
                        "task_id": self.id("task", t.task, place, "task"),
                        "metric_zh": t.metric_zh,
                        "metric_en": t.metric_en,
                        "unit": t.unit,
                        "comparator": t.comparator.value if t.comparator else None,
                        "value": t.value,
                        "target_text_zh": t.target_text_zh,
                        "year": t.year,
                        "baseline_value": t.baseline_value,
                        "baseline_year": t.baseline_year,
                        "baseline_text_zh": t.baseline_text_zh,
                        "attribute": t.attribute.value if t.attribute else None,
                        **_source(pf, t),
                    }
                )
        await self.sync.rows(Target, ["code"], rows)


async def load_catalog(session: AsyncSession, seed_dir: Path = DEFAULT_SEED_DIR) -> SyncReport:
    """Validate the seed files and make the catalog tables match them (the caller owns the transaction)."""
    return await _CatalogLoad(session, read_seed_set(seed_dir)).run()


__all__ = ["DEFAULT_SEED_DIR", "SeedSet", "load_catalog", "read_seed_set"]
