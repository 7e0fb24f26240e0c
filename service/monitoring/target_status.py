"""Manual statuses of targets no rule can compute: text targets (同比例提高, 力争每年降低0.5个百分点) and targets
of tasks without a catalog indicator (nothing can be observed for them). The committee's secretary or chair, an
administrator, or an officer of a department answering for the indicator or task records a judgement with a
note. Numeric targets of indicators are refused: their status is computed from observations."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ManualTargetStatus, Target
from db.repositories import monitoring as repo
from service.auth.principal import Principal, Role
from service.errors import AccessDenied, NotFoundError, ValidationFailed, printable_problems
from service.i18n import _
from service.monitoring import facts as facts_module
from service.monitoring import recording, rights
from service.monitoring import status as rules
from service.monitoring.periods import MAX_YEAR, MIN_YEAR

KIND = "TARGET_STATUS"
MANUAL_STATUSES = (rules.MET, rules.ON_TRACK, rules.AT_RISK, rules.MISSED)


async def set_status(
    session: AsyncSession,
    principal: Principal,
    target_code: str,
    status: str,
    as_of: int,
    note: str,
    idempotency_key: str | None,
) -> recording.Recorded:
    recording.check_key(idempotency_key, ["input", "idempotencyKey"])
    sent = (target_code, status, as_of, note)
    again = await recording.earlier(session, principal, KIND, idempotency_key, ManualTargetStatus, sent)
    if again is not None:
        return again
    target = (await repo.rows_by_codes(session, Target, [target_code])).get(target_code)
    if target is None:
        raise NotFoundError(_("no target has the code {code!r}", code=target_code), ["input", "target"])
    problems = printable_problems({"note": note}, ["input"])
    if target.comparator is not None and target.indicator_id is not None:
        problems.append((["input", "target"], _("is a numeric target: its status is computed from observations")))
    if status not in MANUAL_STATUSES:
        problems.append((["input", "status"], _("must be one of {choices}", choices=", ".join(MANUAL_STATUSES))))
    if not MIN_YEAR <= as_of <= MAX_YEAR:
        problems.append((["input", "asOf"], _("{year} is not a plausible year", year=as_of)))
    if not 1 <= len(note.strip()) <= 2000:
        problems.append((["input", "note"], _("say why, in 1 to 2,000 characters")))
    if problems:
        raise ValidationFailed(problems)
    facts = await facts_module.load_for_ids(session, [target.indicator_id] if target.indicator_id else [])
    chain = facts.chain(target.jurisdiction_id)
    allowed = await rights.of(session, principal)
    committee = principal.has(Role.COMMITTEE_CHAIR) and principal.jurisdiction_id in chain
    denied = None
    if not committee:
        if target.indicator_id is not None:
            denied = allowed.observation(target.indicator_id, chain)
        elif target.task_id is not None:
            denied = allowed.task(target.task_id, chain)
    if denied is not None:
        raise AccessDenied(denied)
    key = (target.id,)
    current = await repo.current_rows_for_update(session, ManualTargetStatus, ("target_id",), [key])
    values = {"target_id": target.id, "status": status, "as_of_year": as_of, "note": note}
    changes = [recording.Change(key, values, current.get(key))]
    recording.classify(changes, ("status", "as_of_year", "note"))
    return await recording.write(session, principal, ManualTargetStatus, KIND, changes, idempotency_key, given=sent)
