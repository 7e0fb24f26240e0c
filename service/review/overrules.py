"""What committees overrule: where a settled committee form (service.review.committee_form) differs from the
screening, question by question and in the degree, with the reasons given. Checklist maintainers read it to find the
rules committees disagree with, and `replay_effect` shows how many of those disagreements a candidate checklist
version would remove.

Direction: an answer is RAISED when the committee's is more concerning than the screening's (否 < 不知道 < 是),
a degree when it is higher (很小 < 轻度 < 重大); LOWERED otherwise. The rules held responsible are, for a question,
those that answered it 是 (the screening's `becauseRules`; none when the committee raised a question the checklist
left at 否 or 不知道: a gap, not a rule), and for the degree, the rules of its decisive reasons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import hia_rules
from db.models import ChecklistVersion
from db.repositories import ratings as repo
from db.repositories import screening as screening_repo
from service.auth.principal import Principal, Role
from service.catalog.reads import resolve_codes
from service.errors import AccessDenied, InvalidArgumentError, NotFoundError, require_authenticated
from service.i18n import _
from service.review.settings import LOCAL_TIME
from service.screening import checklists, replay_explain
from service.screening.reads import REPLAYERS, ProposalQuery, to_filter
from service.screening.replay import FIELDS

CONCERN = {"NO": 0, "UNKNOWN": 1, "YES": 2}
SEVERITY = {"MINIMAL": 0, "MILD": 1, "MAJOR": 2}
DEGREE = "DEGREE"


@dataclass(frozen=True)
class Overrule:
    proposal_code: str
    proposal_title: str
    jurisdiction_code: str
    checklist: str  # e.g. "hiap-screening v2"
    settled_at: dt.datetime
    number: int | None  # the national question; None for the degree
    engine: str
    final: str
    reason: str
    rule_ids: tuple[str, ...]

    @property
    def raised(self) -> bool:
        scale = SEVERITY if self.number is None else CONCERN
        return scale[self.final] > scale[self.engine]


@dataclass(frozen=True)
class Tally:
    """Overrules of one subject (a question, the degree, or a rule)."""

    subject: str
    overruled: int
    raised: int
    lowered: int


@dataclass(frozen=True)
class OverruleReport:
    forms: int
    overrules: tuple[Overrule, ...]

    def by_question(self) -> list[Tally]:
        subjects = [str(n) for n in range(1, 11)] + [DEGREE]
        return [_tally(s, [o for o in self.overrules if _subject(o) == s]) for s in subjects]

    def by_rule(self) -> list[Tally]:
        rules = sorted({(o.checklist, r) for o in self.overrules for r in o.rule_ids})
        return [
            _tally(f"{c} · {r}", [o for o in self.overrules if o.checklist == c and r in o.rule_ids]) for c, r in rules
        ]


def _subject(overrule: Overrule) -> str:
    return DEGREE if overrule.number is None else str(overrule.number)


def _tally(subject: str, overrules: Sequence[Overrule]) -> Tally:
    raised = sum(1 for o in overrules if o.raised)
    return Tally(subject, len(overrules), raised, len(overrules) - raised)


def check_may_read(principal: Principal) -> None:
    require_authenticated(principal)
    if not principal.has(*REPLAYERS):
        raise AccessDenied(
            _("what committees overrule is for the committee's chair and secretaries, and administrators")
        )


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), LOCAL_TIME)


async def collect(
    session: AsyncSession,
    principal: Principal,
    jurisdiction: str | None,
    settled_from: dt.date | None,
    settled_to: dt.date | None,
) -> OverruleReport:
    """Every overrule of the committee forms settled from `settled_from` to `settled_to` (both inclusive, China
    Standard Time) in the jurisdiction, within what the caller may see (a committee its own jurisdiction's)."""
    check_may_read(principal)
    if settled_from is not None and settled_to is not None and settled_to < settled_from:
        raise InvalidArgumentError(_("must not be before settledFrom"), ["settledTo"])
    ids = await resolve_codes(session, "jurisdiction", [jurisdiction] if jurisdiction else None, ["jurisdiction"])
    rows = await repo.settled_forms(
        session,
        principal.proposal_scope(),
        ids,
        _day_start(settled_from) if settled_from else None,
        _day_start(settled_to + dt.timedelta(days=1)) if settled_to else None,
    )
    return OverruleReport(len(rows), tuple(o for row in rows for o in overrules_of(row)))


def overrules_of(row: Any) -> list[Overrule]:
    """The overrules of one settled form row (see repo.settled_forms)."""
    outcome = row.outcome
    because = {a["number"]: tuple(a.get("becauseRules", ())) for a in outcome.get("nationalForm", [])}

    def overrule(number: int | None, engine: str, final: str, reason: str | None, rules: tuple[str, ...]) -> Overrule:
        return Overrule(
            proposal_code=row.proposal_code,
            proposal_title=row.proposal_title,
            jurisdiction_code=row.jurisdiction_code,
            checklist=f"{row.checklist_id} v{row.checklist_version}",
            settled_at=row.settled_at,
            number=number,
            engine=engine,
            final=final,
            reason=reason or "",
            rule_ids=rules,
        )

    found = [
        overrule(a["number"], a["engineAnswer"], a["finalAnswer"], a["reason"], because.get(a["number"], ()))
        for a in row.answers
        if a["engineAnswer"] is not None and a["engineAnswer"] != a["finalAnswer"]
    ]
    if row.final_degree != row.engine_degree:
        decisive = tuple(dict.fromkeys(r["ruleId"] for r in outcome.get("degreeReasons", []) if r["decisive"]))
        found.append(overrule(None, row.engine_degree, row.final_degree, row.degree_reason, decisive))
    return found


# --- a candidate version against the committees' forms ----------------------------------------------------


@dataclass(frozen=True)
class ReplayEffect:
    forms: int  # settled forms of the replayed proposals' latest rounds the candidate could evaluate
    overrules: int  # the committees' disagreements with the screening as stored
    removed: int  # of those, how many the candidate agrees with the committee on
    introduced: int  # new disagreements: where the stored screening agreed with the committee and the candidate not


async def replay_effect(session: AsyncSession, principal: Principal, replay_id: int) -> ReplayEffect:
    """How the replay's checklist version would answer the forms committees settled on the proposals it covers
    (each proposal's latest round, whose answers are the proposal's own): disagreements removed and introduced."""
    check_may_read(principal)
    replay = await screening_repo.replay_by_id(session, replay_id)
    if replay is None:
        raise NotFoundError(_("no replay has this id"), ["id"])
    if not principal.has(Role.ADMIN) and replay.jurisdiction_id != principal.jurisdiction_id:
        raise NotFoundError(_("no replay has this id"), ["id"])
    version = await screening_repo.row_by_id(session, ChecklistVersion, replay.checklist_version_id)
    compiled = checklists.compiled(version)
    # The replay's own proposals: its filter, as the caller sees them (as the replay itself ran).
    f = await to_filter(session, ProposalQuery(**replay.filter), ["filter"])
    covered = set(await screening_repo.proposal_ids_for_replay(session, f, principal.proposal_scope()))
    rows = [
        r
        for r in await repo.settled_forms(session, principal.proposal_scope(), None, None, None)
        if r.proposal_id in covered and r.assessment_id == r.latest_assessment_id
    ]
    proposals = {
        p.id: p for p, _summary in await screening_repo.proposals_with_summaries(session, [r.proposal_id for r in rows])
    }
    thresholds = await screening_repo.investment_thresholds(session)
    forms = overrules = removed = introduced = 0
    for row in rows:
        proposal = proposals[row.proposal_id]
        values = {name: getattr(proposal, name) for name in FIELDS}
        try:
            given, _explained = replay_explain.fit(compiled, values, thresholds.get(proposal.jurisdiction_id))
            outcome = hia_rules.screen(compiled, given)
        except hia_rules.InputError:
            continue  # the candidate cannot evaluate this proposal; the replay itself reports it
        forms += 1
        candidate = {a.number: a.answer for a in outcome.national_form}
        pairs = [(a["engineAnswer"], candidate.get(a["number"]), a["finalAnswer"]) for a in row.answers]
        pairs.append((row.engine_degree, outcome.impact_degree, row.final_degree))
        for stored, new, final in pairs:
            overrules += stored != final
            removed += stored != final and new == final
            introduced += stored == final and new != final
    return ReplayEffect(forms, overrules, removed, introduced)


__all__ = ["Overrule", "OverruleReport", "ReplayEffect", "Tally", "collect", "overrules_of", "replay_effect"]
