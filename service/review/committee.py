"""The expert committee of a jurisdiction: set up once, then its chair, secretaries and experts.

Tokens say what a person may do (a COMMITTEE_CHAIR token concludes, an EXPERT token reviews); the committee
says who the people are: the names and titles printed as signatures, and the experts' specialties and
affiliations that assignment works from. An expert's token and membership meet in the user account.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AppUser, Committee, CommitteeMember, Department, Jurisdiction
from db.repositories import access as access_repo
from db.repositories import review as repo
from db.repositories import screening as screening_repo
from hia_rules.vocabulary import Specialty
from service import idempotency
from service.auth.principal import Principal, Role
from service.errors import AccessDenied, ConflictError, NotFoundError, ValidationFailed, printable_problems
from service.i18n import _


class MemberRole(StrEnum):
    CHAIR = "CHAIR"
    SECRETARY = "SECRETARY"
    EXPERT = "EXPERT"


@dataclass
class MemberDetails:
    """What may be set on a member; None leaves a field as it is (on update)."""

    name_zh: str | None = None
    name_en: str | None = None
    title_zh: str | None = None
    title_en: str | None = None
    affiliation_zh: str | None = None
    affiliation_en: str | None = None
    affiliation_department: str | None = None
    specialties: list[str] | None = None
    active: bool | None = None
    clear: set[str] = field(default_factory=set)


def check_may_manage(principal: Principal, jurisdiction_id: int, what: str = _("manage this committee")) -> None:
    """The committee's own work (its members, deadlines, reviewers): its chair and secretaries, or an admin."""
    if principal.has(Role.ADMIN):
        return
    if principal.has(Role.COMMITTEE_CHAIR, Role.COMMITTEE_SECRETARY) and principal.jurisdiction_id == jurisdiction_id:
        return
    raise AccessDenied(
        _(
            "{who} may not {what}: it is for the jurisdiction's committee chair and secretaries, and administrators",
            who=principal.describe(),
            what=what,
        )
    )


async def _jurisdiction(session: AsyncSession, code: str, path: list[str]) -> Any:
    row = await screening_repo.row_by_code(session, Jurisdiction, code)
    if row is None:
        raise NotFoundError(_("no jurisdiction has the code {code!r}", code=code), path)
    return row


async def create(
    session: AsyncSession, principal: Principal, jurisdiction_code: str, name_zh: str | None, name_en: str | None
) -> Committee:
    """The jurisdiction's committee; creating it again returns the one there is (one per jurisdiction)."""
    jurisdiction = await _jurisdiction(session, jurisdiction_code, ["input", "jurisdiction"])
    check_may_manage(principal, jurisdiction.id)
    existing = await repo.committee_of(session, jurisdiction.id)
    if existing is not None:
        return existing
    problems = printable_problems({"nameZh": name_zh, "nameEn": name_en}, ["input"])
    for key, value in (("nameZh", name_zh), ("nameEn", name_en)):
        if value is not None and not 1 <= len(value.strip()) <= 200:
            problems.append((["input", key], _("must be 1 to {limit} characters", limit=200)))
    if problems:
        raise ValidationFailed(problems)
    committee = Committee(
        code=f"{jurisdiction.code}.hia-committee",
        jurisdiction_id=jurisdiction.id,
        name_zh=(name_zh or f"{jurisdiction.name_zh}健康影响评价专家委员会").strip(),
        name_en=(name_en or f"{jurisdiction.name_en} Health Impact Assessment Expert Committee").strip(),
    )
    await screening_repo.add(session, committee)
    return committee


def check_is_chair(principal: Principal, jurisdiction_id: int, what: str) -> None:
    """What only the committee's chair does (conclude, close rating, settle the form), in its jurisdiction."""
    if not (principal.has(Role.COMMITTEE_CHAIR) and principal.jurisdiction_id == jurisdiction_id):
        raise AccessDenied(
            _("{who} may not {what}: only the committee's chair may", who=principal.describe(), what=what)
        )


async def chair_signature(session: AsyncSession, principal: Principal, jurisdiction_id: int) -> tuple[str, str | None]:
    """The name and title the chair signs with: the committee member's, else the login."""
    member = (
        await repo.member_of_user_in(session, jurisdiction_id, principal.user_id)
        if principal.user_id is not None
        else None
    )
    if member is None:
        return str(principal.user), None
    return member.name_zh, member.title_zh


async def set_blind_review(
    session: AsyncSession, principal: Principal, jurisdiction_code: str, blind: bool
) -> Committee:
    """Turn blind review on or off: while on, reviewers' opinions and proposed conditions are withheld from the
    sponsoring department until the round is concluded (applies at once, to rounds in progress too)."""
    jurisdiction = await _jurisdiction(session, jurisdiction_code, ["input", "jurisdiction"])
    check_may_manage(principal, jurisdiction.id)
    committee = await repo.committee_locked(session, jurisdiction.id)
    if committee is None:
        raise NotFoundError(
            _("the jurisdiction has no committee yet: createCommittee first"), ["input", "jurisdiction"]
        )
    committee.blind_review = blind
    await session.flush()
    return committee


async def _check_details(
    session: AsyncSession, jurisdiction_id: int, details: MemberDetails, role: str
) -> tuple[list[tuple[list[str], str]], int | None]:
    problems = printable_problems(
        {
            "nameZh": details.name_zh,
            "nameEn": details.name_en,
            "titleZh": details.title_zh,
            "titleEn": details.title_en,
            "affiliationZh": details.affiliation_zh,
            "affiliationEn": details.affiliation_en,
        },
        ["input"],
    )
    for key, value, limit in (
        ("nameZh", details.name_zh, 120),
        ("nameEn", details.name_en, 120),
        ("titleZh", details.title_zh, 120),
        ("titleEn", details.title_en, 120),
        ("affiliationZh", details.affiliation_zh, 200),
        ("affiliationEn", details.affiliation_en, 200),
    ):
        if value is not None and not 1 <= len(value.strip()) <= limit:
            problems.append((["input", key], _("must be 1 to {limit} characters", limit=limit)))
    for i, specialty in enumerate(details.specialties or []):
        if specialty not in Specialty.__members__:
            problems.append(
                (["input", "specialties", str(i)], _("{specialty!r} is not a specialty", specialty=specialty))
            )
    if details.specialties is not None and len(set(details.specialties)) != len(details.specialties):
        problems.append((["input", "specialties"], _("lists a specialty twice")))
    if role == MemberRole.EXPERT and details.specialties is not None and not details.specialties:
        problems.append((["input", "specialties"], _("an expert needs at least one specialty")))
    department_id = None
    if details.affiliation_department is not None:
        department = await screening_repo.row_by_code(session, Department, details.affiliation_department)
        if department is None or department.jurisdiction_id != jurisdiction_id:
            problems.append(
                (
                    ["input", "affiliationDepartment"],
                    _(
                        "no department of this jurisdiction has the code {code!r}",
                        code=details.affiliation_department,
                    ),
                )
            )
        else:
            department_id = department.id
    return problems, department_id


async def add_member(
    session: AsyncSession,
    principal: Principal,
    jurisdiction_code: str,
    user: str,
    role: str,
    details: MemberDetails,
    idempotency_key: str | None = None,
) -> CommitteeMember:
    """Put a person on the committee (the user account is created if new); adding the same user again is a
    CONFLICT naming the existing membership, so a retry never creates two; a retry with the first call's
    idempotency key gets that membership back."""
    return await idempotency.once(
        session,
        principal,
        "addCommitteeMember",
        idempotency_key,
        {"jurisdiction": jurisdiction_code, "user": user, "role": role, "details": details},
        lambda: _add_member(session, principal, jurisdiction_code, user, role, details),
        CommitteeMember,
    )


async def _add_member(
    session: AsyncSession, principal: Principal, jurisdiction_code: str, user: str, role: str, details: MemberDetails
) -> CommitteeMember:
    jurisdiction = await _jurisdiction(session, jurisdiction_code, ["input", "jurisdiction"])
    check_may_manage(principal, jurisdiction.id)
    committee = await repo.committee_of(session, jurisdiction.id)
    if committee is None:
        raise NotFoundError(
            _("{jurisdiction} has no committee yet: create it first", jurisdiction=jurisdiction_code),
            ["input", "jurisdiction"],
        )
    problems, department_id = await _check_details(session, jurisdiction.id, details, role)
    if role not in MemberRole.__members__:
        problems.append((["input", "role"], _("must be one of {values}", values=", ".join(MemberRole))))
    if not 1 <= len(user.strip()) <= 120 or not user.isprintable():
        problems.append((["input", "user"], _("must be 1 to {limit} printable characters", limit=120)))
    if details.name_zh is None:
        problems.append((["input", "nameZh"], _("is required: it is printed as the member's signature")))
    if role == MemberRole.EXPERT and not details.specialties:
        problems.append((["input", "specialties"], _("an expert needs at least one specialty")))
    if problems:
        raise ValidationFailed(problems)
    account = await access_repo.user_by_name(session, user.strip())
    if account is None:
        account = await screening_repo.add(session, AppUser(name=user.strip()))
    elif await repo.member_by_user(session, committee.id, account.id) is not None:
        raise ConflictError(
            _("{user} is on the committee already: update that membership", user=user), ["input", "user"]
        )
    assert details.name_zh is not None
    member = CommitteeMember(
        committee_id=committee.id,
        jurisdiction_id=jurisdiction.id,
        user_id=account.id,
        role=role,
        name_zh=details.name_zh.strip(),
        name_en=details.name_en,
        title_zh=details.title_zh,
        title_en=details.title_en,
        affiliation_zh=details.affiliation_zh,
        affiliation_en=details.affiliation_en,
        affiliation_department_id=department_id,
        specialties=list(details.specialties or []),
        active=True if details.active is None else details.active,
    )
    await screening_repo.add(session, member)
    return member


async def update_member(
    session: AsyncSession, principal: Principal, member_id: int, details: MemberDetails
) -> CommitteeMember:
    member = await repo.member_entity(session, member_id)
    committee = await session.get(Committee, member.committee_id) if member is not None else None
    if member is None or committee is None:
        raise NotFoundError(_("no committee member has this id"), ["input", "id"])
    check_may_manage(principal, committee.jurisdiction_id)
    problems, department_id = await _check_details(session, committee.jurisdiction_id, details, member.role)
    if problems:
        raise ValidationFailed(problems)
    for name in (
        "name_zh",
        "name_en",
        "title_zh",
        "title_en",
        "affiliation_zh",
        "affiliation_en",
        "specialties",
        "active",
    ):
        value = getattr(details, name)
        if value is not None:
            setattr(member, name, value.strip() if isinstance(value, str) else value)
    if details.affiliation_department is not None:
        member.affiliation_department_id = department_id
    if "affiliation_department" in details.clear:
        member.affiliation_department_id = None
    await session.flush()
    return member


__all__ = ["MemberDetails", "MemberRole", "add_member", "check_may_manage", "create", "update_member"]
