"""Observations: measured values of indicators, checked against the catalog and recorded as versions.

Each value names an indicator and a jurisdiction by code, a period (a year, or a quarter or month for indicators
measured so), the measure when the indicator has several, a number (or words for a practice), the unit (checked
against the measure's), a source and a note. Problems are reported per field; nothing is written while any item
has one (a value outside the plausible range of its unit or indicator is one: plausibility.py). Recording a value
for a period that has one is a correction: a new version, the old one kept.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Observation
from db.repositories import monitoring as repo
from service import idempotency
from service.auth.principal import Principal
from service.errors import AccessDenied, ConflictError, NotFoundError, ValidationFailed, printable_problems
from service.i18n import _
from service.monitoring import facts as facts_module
from service.monitoring import plan_window, plausibility, recording, rights
from service.monitoring.facts import Facts, normal_unit
from service.monitoring.periods import make_period, period_of

KIND = "OBSERVATIONS"
MAX_TEXT = 2000
# Values beyond this are typing errors, not statistics (and would not survive JSON or spreadsheets intact).
MAX_ABS_VALUE = 1e15
KEY = ("indicator_id", "jurisdiction_id", "measure", "year", "period")
COMPARED = ("value", "value_text", "unit", "source_zh", "note")


@dataclass(frozen=True)
class ObservationInput:
    indicator: str
    jurisdiction: str
    year: int
    value: float | None = None
    value_text: str | None = None
    quarter: int | None = None
    month: int | None = None
    measure: str | None = None
    unit: str | None = None
    source: str | None = None
    note: str | None = None


@dataclass
class Checked:
    """One input that passed every check, with its catalog rows and the values to store."""

    values: dict[str, Any]
    indicator: Any
    jurisdiction: Any

    @property
    def key(self) -> tuple[Any, ...]:
        return tuple(self.values[name] for name in KEY)


Problems = list[tuple[str, str]]
# The pseudo-field of a rights problem: a refusal (FORBIDDEN) for a mutation, a rejected row for an import.
ACCESS = "access"


def refuse(problems: Sequence[tuple[str, str]]) -> None:
    """Raise AccessDenied when any problem is about rights (never reported as a userError)."""
    for name, message in problems:
        if name == ACCESS:
            raise AccessDenied(message)


def check(facts: Facts, allowed: rights.Rights | None, item: ObservationInput) -> tuple[Checked | None, Problems]:
    """The item ready to store, or its problems as (field, message); `allowed` None skips the rights check."""
    problems: Problems = [
        (f[-1], m)
        for f, m in printable_problems(
            {"valueText": item.value_text, "source": item.source, "note": item.note, "measure": item.measure}, []
        )
    ]
    for name, text in (("valueText", item.value_text), ("source", item.source), ("note", item.note)):
        if text is not None and len(text) > MAX_TEXT:
            problems.append((name, _("must be at most {limit:,} characters", limit=MAX_TEXT)))
    indicator = facts.indicators.get(item.indicator)
    jurisdiction = facts.jurisdictions.get(item.jurisdiction)
    if indicator is None:
        problems.append(("indicator", _("no indicator has the code {code!r}", code=item.indicator)))
    if jurisdiction is None:
        problems.append(("jurisdiction", _("no jurisdiction has the code {code!r}", code=item.jurisdiction)))
    if indicator is None or jurisdiction is None:
        return None, problems
    chain = facts.chain(jurisdiction.id)
    if allowed is not None and (denied := allowed.observation(indicator.id, chain)) is not None:
        problems.append((ACCESS, denied))
    period, period_problem = make_period(item.year, item.quarter, item.month, indicator.frequency)
    if period_problem is not None:
        problems.append(("month" if item.month is not None else "quarter" if item.quarter else "year", period_problem))
    if (refused := plan_window.outside(facts, indicator, jurisdiction, item.year)) is not None:
        problems.append(refused)
    measures = facts.measures(indicator, jurisdiction.id)
    name = (item.measure or "").strip()
    if "" in measures:
        measure = measures[""]
        if name and name not in {t.metric_zh for t in facts.targets_over(indicator.id, jurisdiction.id)}:
            message = _("{indicator} is measured as one value: leave the measure empty", indicator=indicator.code)
            problems.append(("measure", message))
    elif name in measures:
        measure = measures[name]
    else:
        choices = "、".join(measures)
        problems.append(
            (
                "measure",
                _(
                    "{indicator} has several measures in {jurisdiction}: name one of {choices}",
                    indicator=indicator.code,
                    jurisdiction=jurisdiction.code,
                    choices=choices,
                ),
            )
        )
        return None, problems
    unit = normal_unit(item.unit)
    if unit is not None and unit != measure.unit:
        expected = _("its unit is {unit}", unit=measure.unit) if measure.unit else _("it has no unit")
        problems.append(("unit", _("wrong unit {unit!r}: {expected}", unit=unit, expected=expected)))
    if item.value is not None and (not math.isfinite(item.value) or abs(item.value) > MAX_ABS_VALUE):
        problems.append(("value", _("must be a finite number of at most {limit:.0e} in size", limit=MAX_ABS_VALUE)))
    elif (implausible := plausibility.problem(indicator, measure, item.value)) is not None:
        problems.append(("value", implausible))
    if measure.numeric and item.value is None:
        if item.value_text is not None:
            problems.append(
                (
                    "value",
                    _(
                        "{indicator} is numeric: {text!r} is not a number",
                        indicator=indicator.code,
                        text=item.value_text,
                    ),
                )
            )
        else:
            problems.append(("value", _("is missing")))
    if not measure.numeric and item.value is None and not (item.value_text or "").strip():
        problems.append(("valueText", _("give a number or the outcome in words")))
    if problems or period is None:
        return None, problems
    values = {
        "indicator_id": indicator.id,
        "jurisdiction_id": jurisdiction.id,
        "measure": measure.name,
        "year": period.year,
        "period": period.code,
        "ends_month": period.ends_month,
        "value": item.value,
        "value_text": item.value_text if not measure.numeric else None,
        "unit": measure.unit,
        "source_zh": item.source,
        "note": item.note,
    }
    return Checked(values, indicator, jurisdiction), []


async def changes_for(session: AsyncSession, checked: Sequence[Checked]) -> list[recording.Change]:
    """Each checked item against the current version of its period (locked until commit)."""
    current = await repo.current_rows_for_update(session, Observation, KEY, [c.key for c in checked])
    changes = [recording.Change(c.key, c.values, current.get(c.key)) for c in checked]
    recording.classify(changes, COMPARED)
    return changes


def duplicates(keys: Sequence[tuple[Any, ...] | None]) -> dict[int, int]:
    """Index of each item that repeats an earlier item's subject and period -> index of that earlier item."""
    seen: dict[tuple[Any, ...], int] = {}
    repeated: dict[int, int] = {}
    for i, key in enumerate(keys):
        if key is None:
            continue
        if key in seen:
            repeated[i] = seen[key]
        else:
            seen[key] = i
    return repeated


async def record(
    session: AsyncSession, principal: Principal, items: Sequence[ObservationInput], idempotency_key: str | None
) -> recording.Recorded:
    """Record many observations at once, all or none: every problem of every item is reported."""
    recording.check_key(idempotency_key, ["input", "idempotencyKey"])
    if not 1 <= len(items) <= 1000:
        message = _("give 1 to 1,000 observations (import files for more)")
        raise ValidationFailed([(["input", "observations"], message)])
    again = await recording.earlier(session, principal, KIND, idempotency_key, Observation, list(items))
    if again is not None:
        return again
    facts = await facts_module.load(session, [item.indicator for item in items])
    allowed = await rights.of(session, principal)
    problems: list[tuple[list[str], str]] = []
    checked: list[Checked | None] = []
    for i, item in enumerate(items):
        found, item_problems = check(facts, allowed, item)
        refuse(item_problems)
        problems += [(["input", "observations", str(i), name], message) for name, message in item_problems]
        checked.append(found)
    for i, first in duplicates([c.key if c else None for c in checked]).items():
        message = _("repeats observation {first} (same indicator and period)", first=first)
        problems.append((["input", "observations", str(i)], message))
    if problems:
        raise ValidationFailed(problems)
    changes = await changes_for(session, [c for c in checked if c is not None])
    return await recording.write(session, principal, Observation, KIND, changes, idempotency_key, given=list(items))


def _require_latest(given: Any, current: Any, expected_version: int | None, label: str) -> None:
    """CONFLICT when somebody corrected the observation since the caller read it (`label` names it)."""
    if expected_version is not None and expected_version != current.version:
        raise ConflictError(
            _(
                "{label} is at version {version} now, not {expected}: somebody corrected it; re-read it",
                label=label,
                version=current.version,
                expected=expected_version,
            ),
            ["input", "expectedVersion"],
        )
    if given.id != current.id:
        raise ConflictError(
            _("version {version} was corrected already: correct the latest", version=given.version), ["input", "id"]
        )


async def correct(
    session: AsyncSession,
    principal: Principal,
    observation_id: int,
    value: float | None,
    value_text: str | None,
    reason: str,
    expected_version: int | None,
    idempotency_key: str | None = None,
) -> Any:
    """A new version of one observation with another value; `reason` says why (kept as its note). With a key, a
    retry gets the version the first call recorded (not a CONFLICT on its own expected version)."""
    given = (observation_id, value, value_text, reason, expected_version)
    return await idempotency.once(
        session,
        principal,
        "correctObservation",
        idempotency_key,
        {"arguments": given},
        lambda: _correct(session, principal, *given),
        Observation,
    )


async def _correct(
    session: AsyncSession,
    principal: Principal,
    observation_id: int,
    value: float | None,
    value_text: str | None,
    reason: str,
    expected_version: int | None,
) -> Any:
    """The correction itself (see `correct`).

    The version is checked after locking the observation's indicator: of several corrections of the version read,
    one wins and the others are told (CONFLICT) instead of stacking versions on each other's."""
    given = (await repo.rows_by_ids(session, Observation, [observation_id]) or [None])[0]
    if given is None:
        raise NotFoundError(_("no observation has this id"), ["input", "id"])
    facts = await facts_module.load_for_ids(session, [given.indicator_id])
    allowed = await rights.of(session, principal)
    # Refused before the lock, so nobody without the right makes the right holders wait.
    if (denied := allowed.observation(given.indicator_id, facts.chain(given.jurisdiction_id))) is not None:
        raise AccessDenied(denied)
    key = tuple(getattr(given, name) for name in KEY)
    current = (await repo.current_rows_for_update(session, Observation, KEY, [key]))[key]
    item = _corrected(facts, current, value, value_text, reason)
    label = _(
        "{indicator} of {jurisdiction} for {period}",
        indicator=item.indicator,
        jurisdiction=item.jurisdiction,
        period=period_of(current.year, current.period).label,
    )
    _require_latest(given, current, expected_version, label)
    if not reason.strip():
        raise ValidationFailed([(["input", "reason"], _("say why the value is corrected"))])
    checked, problems = check(facts, allowed, item)
    refuse(problems)
    if checked is None:
        raise ValidationFailed([(["input", name], message) for name, message in problems])
    changes = [recording.Change(checked.key, checked.values, current)]
    recording.classify(changes, COMPARED)
    if changes[0].kind == recording.UNCHANGED:
        raise ValidationFailed([(["input", "value"], _("is the value already recorded: nothing to correct"))])
    result = await recording.write(session, principal, Observation, KIND, changes)
    return result.rows[0]


def _corrected(
    facts: Facts, current: Any, value: float | None, value_text: str | None, reason: str
) -> ObservationInput:
    """The current version as an input with the corrected value, checked like any other."""
    period = period_of(current.year, current.period)
    return ObservationInput(
        indicator=next(iter(facts.indicators.values())).code,  # the facts of this one indicator
        jurisdiction=facts.jurisdictions_by_id[current.jurisdiction_id].code,
        year=current.year,
        quarter=period.quarter,
        month=period.month,
        measure=current.measure or None,
        value=value,
        value_text=value_text,
        unit=current.unit,
        source=current.source_zh,
        note=reason,
    )
