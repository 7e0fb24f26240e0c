"""`hia catalog load`: validate every seed file, resolve cross-references, write the catalog in one transaction.

The seed files are the source of truth. A problem anywhere (bad YAML, a wrong field, a unit name that
resolves to nothing) stops the load with the file, record and field named, before anything is
written; the caller's transaction then rolls back. Loading unchanged files changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
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
    IndicatorRecord,
    PlanFile,
    PortfolioFile,
    SeedFormatError,
    UnitReference,
    parse_plan_file,
    parse_portfolio_file,
)

DEFAULT_SEED_DIR = Path(__file__).resolve().parents[2] / "db" / "seed"


@dataclass
class SeedSet:
    """All seed files, parsed; `where` remembers which file (and list index) each code came from."""

    portfolios: PortfolioFile
    plan_files: list[tuple[Path, PlanFile]]
    where: dict[tuple[str, str], str] = field(default_factory=dict)


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


def _walk_dimensions(dimensions: list[DimensionRecord]) -> Iterator[tuple[DimensionRecord, DimensionRecord | None, int]]:
    for dimension in dimensions:
        yield dimension, None, 1
        for child in dimension.children:
            if child.children:
                raise SeedFormatError(f"dimension {child.code}: frameworks have two levels of headings at most")
            yield child, dimension, 2


def _indicators_of(dimensions: list[DimensionRecord]) -> Iterator[tuple[IndicatorRecord, DimensionRecord]]:
    for dimension, _parent, _level in _walk_dimensions(dimensions):
        for indicator in dimension.indicators:
            yield indicator, dimension


def _check_unique_codes(seeds: SeedSet, portfolio_path: Path) -> None:
    def claim(kind: str, code: str, place: str) -> None:
        previous = seeds.where.get((kind, code))
        if previous is not None:
            raise SeedFormatError(f"{place}: {kind} code {code!r} is already used in {previous}")
        seeds.where[(kind, code)] = place

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
            for dimension, _parent, _level in _walk_dimensions(framework.dimensions):
                claim("dimension", dimension.code, f"{path}: framework {framework.code}")
            for indicator, _dimension in _indicators_of(framework.dimensions):
                claim("indicator", indicator.code, f"{path}: framework {framework.code}")


class _Resolver:
    """Turns codes and printed unit names into ids, naming the file and record when it cannot."""

    def __init__(self) -> None:
        self.ids: dict[str, dict[Any, int]] = defaultdict(dict)
        self.unit_names: dict[tuple[int, str], int] = {}
        # Responsibilities are written last, once every subject (indicator, group, task) has its id.
        self.pending_responsibilities: list[tuple[str, UnitReference, dict[str, Any]]] = []

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

    def unit(self, jurisdiction_id: int, reference: UnitReference, place: str) -> int:
        found = self.unit_names.get((jurisdiction_id, reference.unit))
        if found is None:
            raise SeedFormatError(
                f"{place}.unit: {reference.unit!r} is not the name or an alias of any unit of this jurisdiction"
            )
        return found


def _source(plan_file: PlanFile, record: Any) -> dict[str, str]:
    return {"source_seed": plan_file.seed, "source_section": record.source.section}


async def load_catalog(session: AsyncSession, seed_dir: Path = DEFAULT_SEED_DIR) -> SyncReport:
    """Validate the seed files and make the catalog tables match them (the caller owns the transaction)."""
    seeds = read_seed_set(seed_dir)
    sync = CatalogSync(session)
    r = _Resolver()
    files = seeds.plan_files

    r.ids["portfolio"] = await sync.rows(
        Portfolio,
        ["code"],
        [
            (lambda p=p, i=i: {"code": p.code, "name_zh": p.name_zh, "name_en": p.name_en,
                               "description_en": p.description_en, "position": i})
            for i, p in enumerate(seeds.portfolios.portfolios)
        ],
    )

    # Jurisdictions: parents first (codes of sub-jurisdictions extend their parent's code).
    jurisdictions = [(path, pf, j) for path, pf in files for j in pf.jurisdictions]
    jurisdictions.sort(key=lambda item: item[2].code.count("."))

    def jurisdiction_row(path: Path, pf: PlanFile, j: Any) -> dict[str, Any]:
        place = f"{path}: jurisdictions (code={j.code})"
        return {"code": j.code, "name_zh": j.name_zh, "name_en": j.name_en, "level": j.level.value,
                "parent_id": r.id("jurisdiction", j.parent, place, "parent"),
                "parent_name_zh": j.parent_name_zh, **_source(pf, j)}

    await sync.rows(
        Jurisdiction, ["code"],
        [lambda a=a: jurisdiction_row(*a) for a in jurisdictions],
        flush_each_insert=True, known=r.ids["jurisdiction"],
    )

    units = [(path, pf, u) for path, pf in files for u in pf.units]

    def unit_row(path: Path, pf: PlanFile, u: Any) -> dict[str, Any]:
        place = f"{path}: units (code={u.code})"
        return {"code": u.code, "name_zh": u.name_zh, "name_en": u.name_en, "kind": u.kind.value,
                "jurisdiction_id": r.required_id("jurisdiction", u.jurisdiction, place, "jurisdiction"),
                "governs_jurisdiction_id": r.id("jurisdiction", u.governs, place, "governs"), **_source(pf, u)}

    r.ids["unit"] = await sync.rows(Department, ["code"], [lambda a=a: unit_row(*a) for a in units])
    name_rows: dict[tuple[int, str], dict[str, Any]] = {}
    portfolio_rows = []
    for path, _pf, u in units:
        place = f"{path}: units (code={u.code})"
        department_id = r.ids["unit"][(u.code,)]
        jurisdiction_id = r.required_id("jurisdiction", u.jurisdiction, place, "jurisdiction")
        for name in (u.name_zh, *u.aliases):
            key = (jurisdiction_id, name)
            owner = r.unit_names.get(key)
            if owner is not None and owner != department_id:
                raise SeedFormatError(f"{place}: the name {name!r} already belongs to another unit of {u.jurisdiction}")
            r.unit_names[key] = department_id
            name_rows.setdefault(key, {"department_id": department_id, "jurisdiction_id": jurisdiction_id,
                                       "name_zh": name, "is_primary": name == u.name_zh})
        for code in dict.fromkeys(u.portfolios):
            portfolio_rows.append({"department_id": department_id,
                                   "portfolio_id": r.required_id("portfolio", code, place, "portfolios")})
    await sync.rows(DepartmentName, ["jurisdiction_id", "name_zh"], [lambda v=v: v for v in name_rows.values()])
    await sync.rows(DepartmentPortfolio, ["department_id", "portfolio_id"], [lambda v=v: v for v in portfolio_rows])

    plans = [(path, pf, p) for path, pf in files for p in pf.plans]

    def plan_row(path: Path, pf: PlanFile, p: Any) -> dict[str, Any]:
        place = f"{path}: plans (code={p.code})"
        return {"code": p.code, "jurisdiction_id": r.required_id("jurisdiction", p.jurisdiction, place, "jurisdiction"),
                "title_zh": p.title_zh, "title_en": p.title_en, "document_number": p.document_number,
                "issued_by_zh": p.issued_by_zh, "issued_on": p.issued_on, "period_start": p.period_start,
                "period_end": p.period_end, **_source(pf, p)}

    r.ids["plan"] = await sync.rows(Plan, ["code"], [lambda a=a: plan_row(*a) for a in plans])
    phase_rows = [
        {"plan_id": r.ids["plan"][(p.code,)], "seq": ph.seq, "name_zh": ph.name_zh, "name_en": ph.name_en,
         "starts_on": ph.starts_on, "ends_on": ph.ends_on, "description_zh": ph.description_zh, **_source(pf, ph)}
        for _path, pf, p in plans for ph in p.phases
    ]
    await sync.rows(PlanPhase, ["plan_id", "seq"], [lambda v=v: v for v in phase_rows])
    plan_jurisdiction = {p.code: r.ids["jurisdiction"][(p.jurisdiction,)] for _path, _pf, p in plans}

    await _load_frameworks(sync, r, files)
    await _load_working_groups_and_tasks(sync, r, files, plan_jurisdiction)
    await _load_targets(sync, r, files)
    await sync.delete_stale()
    return sync.report


async def _load_frameworks(sync: CatalogSync, r: _Resolver, files: list[tuple[Path, PlanFile]]) -> None:
    frameworks = [(path, pf, f) for path, pf in files for f in pf.frameworks]

    def framework_row(position: int, path: Path, pf: PlanFile, f: Any) -> dict[str, Any]:
        place = f"{path}: frameworks (code={f.code})"
        return {"code": f.code, "name_zh": f.name_zh, "name_en": f.name_en, "kind": f.kind.value,
                "jurisdiction_id": r.id("jurisdiction", f.jurisdiction, place, "jurisdiction"),
                "plan_id": r.id("plan", f.plan, place, "plan"), "year": f.year,
                "total_points": f.total_points, "position": position, **_source(pf, f)}

    r.ids["framework"] = await sync.rows(
        IndicatorFramework, ["code"], [lambda i=i, a=a: framework_row(i, *a) for i, a in enumerate(frameworks)]
    )

    dimension_builders = []
    indicator_builders = []
    for path, pf, f in frameworks:
        framework_id = r.ids["framework"][(f.code,)]
        for position, (d, parent, level) in enumerate(_walk_dimensions(f.dimensions)):
            dimension_builders.append(
                lambda d=d, parent=parent, level=level, position=position, framework_id=framework_id, pf=pf: {
                    "code": d.code, "framework_id": framework_id, "level": level, "position": position,
                    "parent_id": r.ids["dimension"][(parent.code,)] if parent else None,
                    "name_zh": d.name_zh, "name_en": d.name_en, "points": d.points, "source_seed": pf.seed,
                    "source_section": d.source.section if d.source else None,
                }
            )
    await sync.rows(Dimension, ["code"], dimension_builders, flush_each_insert=True, known=r.ids["dimension"])

    for path, pf, f in frameworks:
        framework_id = r.ids["framework"][(f.code,)]
        for position, (ind, dimension) in enumerate(_indicators_of(f.dimensions)):
            indicator_builders.append(
                lambda ind=ind, dimension=dimension, position=position, framework_id=framework_id, pf=pf: {
                    "code": ind.code, "framework_id": framework_id, "dimension_id": r.ids["dimension"][(dimension.code,)],
                    "position": position, "number": ind.number, "name_zh": ind.name_zh, "name_en": ind.name_en,
                    "description_zh": ind.description_zh, "unit": ind.unit, "direction": ind.direction.value,
                    "points": ind.points, **_source(pf, ind),
                }
            )
    r.ids["indicator"] = await sync.rows(Indicator, ["code"], indicator_builders)

    link_rows: dict[tuple[int, int], dict[str, int]] = {}
    for path, _pf, f in frameworks:
        for ind, _dimension in _indicators_of(f.dimensions):
            place = f"{path}: indicators (code={ind.code})"
            for code in ind.links:
                a, b = r.required_id("indicator", ind.code, place, "code"), r.required_id("indicator", code, place, "links")
                if a == b:
                    raise SeedFormatError(f"{place}.links: an indicator cannot link to itself")
                # A link is symmetric: store it once, smaller id first.
                key = (min(a, b), max(a, b))
                link_rows[key] = {"indicator_id": key[0], "linked_indicator_id": key[1]}
    await sync.rows(IndicatorLink, ["indicator_id", "linked_indicator_id"], [lambda v=v: v for v in link_rows.values()])

    for path, pf, f in frameworks:
        for ind, _dimension in _indicators_of(f.dimensions):
            place = f"{path}: indicators (code={ind.code}).responsible"
            if ind.responsible and f.jurisdiction is None:
                raise SeedFormatError(f"{place}: a framework without a jurisdiction has no responsible units")
            for reference in ind.responsible:
                r.pending_responsibilities.append(
                    (place, reference, {"indicator_id": r.ids["indicator"][(ind.code,)],
                                        "jurisdiction_id": r.ids["jurisdiction"][(f.jurisdiction,)], **_source(pf, ind)})
                )


async def _load_working_groups_and_tasks(
    sync: CatalogSync, r: _Resolver, files: list[tuple[Path, PlanFile]], plan_jurisdiction: dict[str, int]
) -> None:
    groups = [(path, pf, g) for path, pf in files for g in pf.working_groups]

    def group_row(position: int, path: Path, pf: PlanFile, g: Any) -> dict[str, Any]:
        place = f"{path}: working_groups (code={g.code})"
        plan_id = r.required_id("plan", g.plan, place, "plan")
        return {"code": g.code, "plan_id": plan_id, "jurisdiction_id": plan_jurisdiction[g.plan], "kind": g.kind.value,
                "position": position, "name_zh": g.name_zh, "name_en": g.name_en, "head_zh": g.head_zh,
                "domain_zh": g.domain_zh, **_source(pf, g)}

    r.ids["working group"] = await sync.rows(
        WorkingGroup, ["code"], [lambda i=i, a=a: group_row(i, *a) for i, a in enumerate(groups)]
    )

    tasks = [(i, path, pf, t) for path, pf in files for i, t in enumerate(pf.tasks)]
    defined = {t.code for _i, _path, _pf, t in tasks}
    for _i, path, _pf, t in tasks:
        if t.parent is not None and t.parent not in defined:
            raise SeedFormatError(f"{path}: tasks (code={t.code}).parent: unknown task code {t.parent!r}")
    # Parents before children, keeping the source order otherwise.
    depth: dict[str, int] = {}
    by_code = {t.code: t for _i, _path, _pf, t in tasks}

    def depth_of(code: str, seen: tuple[str, ...] = ()) -> int:
        if code in seen:
            raise SeedFormatError(f"task {code}: its parents form a cycle")
        if code not in depth:
            parent = by_code[code].parent
            depth[code] = 0 if parent is None else depth_of(parent, (*seen, code)) + 1
        return depth[code]

    ordered = sorted(tasks, key=lambda item: depth_of(item[3].code))

    def task_row(position: int, path: Path, pf: PlanFile, t: Any) -> dict[str, Any]:
        place = f"{path}: tasks (code={t.code})"
        plan_id = r.required_id("plan", t.plan, place, "plan")
        return {"code": t.code, "plan_id": plan_id, "jurisdiction_id": plan_jurisdiction[t.plan], "position": position,
                "number": t.number, "kind": t.kind.value, "parent_id": r.id("task", t.parent, place, "parent"),
                "working_group_id": r.id("working group", t.working_group, place, "working_group"),
                "year": t.year, "title_zh": t.title_zh, "title_en": t.title_en, "description_zh": t.description_zh,
                **_source(pf, t)}

    await sync.rows(
        Task, ["code"], [lambda a=a: task_row(*a) for a in ordered], flush_each_insert=True, known=r.ids["task"]
    )

    task_indicator_rows = []
    for _i, path, _pf, t in tasks:
        place = f"{path}: tasks (code={t.code})"
        for code in dict.fromkeys(t.indicators):
            task_indicator_rows.append({"task_id": r.ids["task"][(t.code,)],
                                        "indicator_id": r.required_id("indicator", code, place, "indicators")})
    await sync.rows(TaskIndicator, ["task_id", "indicator_id"], [lambda v=v: v for v in task_indicator_rows])

    pending = r.pending_responsibilities
    for path, pf, g in groups:
        place = f"{path}: working_groups (code={g.code}).members"
        for reference in g.members:
            pending.append((place, reference, {"working_group_id": r.ids["working group"][(g.code,)],
                                                "jurisdiction_id": plan_jurisdiction[g.plan], **_source(pf, g)}))
    for _i, path, pf, t in tasks:
        place = f"{path}: tasks (code={t.code}).assignments"
        for reference in t.assignments:
            pending.append((place, reference, {"task_id": r.ids["task"][(t.code,)],
                                                "jurisdiction_id": plan_jurisdiction[t.plan], **_source(pf, t)}))

    rows: dict[tuple[Any, ...], dict[str, Any]] = {}
    for position, (place, reference, subject) in enumerate(pending):
        department_id = r.unit(subject["jurisdiction_id"], reference, place)
        row = {"department_id": department_id, "role": reference.role.value, "unit_name_zh": reference.unit,
               "task_id": subject.get("task_id"), "indicator_id": subject.get("indicator_id"),
               "working_group_id": subject.get("working_group_id"), "position": position, **subject}
        key = (department_id, row["role"], row["task_id"], row["indicator_id"], row["working_group_id"])
        rows.setdefault(key, row)
    await sync.rows(
        Responsibility, ["department_id", "role", "task_id", "indicator_id", "working_group_id"],
        [lambda v=v: v for v in rows.values()],
    )


async def _load_targets(sync: CatalogSync, r: _Resolver, files: list[tuple[Path, PlanFile]]) -> None:
    builders = []
    seen: dict[str, int] = defaultdict(int)
    for path, pf in files:
        for i, t in enumerate(pf.targets):
            place = f"{path}: targets[{i}]"
            subject = t.indicator or t.task
            prefix = f"{t.plan}:{subject}:{t.year}"
            seen[prefix] += 1
            code = f"{prefix}:{seen[prefix]}"
            row = {
                "code": code, "position": i,
                "jurisdiction_id": r.required_id("jurisdiction", t.jurisdiction, place, "jurisdiction"),
                "plan_id": r.required_id("plan", t.plan, place, "plan"),
                "indicator_id": r.id("indicator", t.indicator, place, "indicator"),
                "task_id": r.id("task", t.task, place, "task"),
                "metric_zh": t.metric_zh, "metric_en": t.metric_en, "unit": t.unit,
                "comparator": t.comparator.value if t.comparator else None, "value": t.value,
                "target_text_zh": t.target_text_zh, "year": t.year, "baseline_value": t.baseline_value,
                "baseline_year": t.baseline_year, "baseline_text_zh": t.baseline_text_zh,
                "attribute": t.attribute.value if t.attribute else None, **_source(pf, t),
            }
            builders.append(lambda row=row: row)
    await sync.rows(Target, ["code"], builders)
