"""What makes the report a document a committee files: the assessing committee named on the cover, a 文号-style
reference printed on every page, signature and seal blocks with each signer's real name and title (once per
person), and the rules behind the findings in an appendix instead of the body."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories import ratings as ratings_repo
from db.repositories import review as repo
from service.review.settings import local

# The service's proposal codes: HIA-<year>-<sequence>.
CODE = re.compile(r"^HIA-(\d{4})-(\d+)$")


@dataclass(frozen=True)
class Signer:
    role_zh: str
    role_en: str
    name: str
    title: str
    organisation: str
    date: str


def reference(proposal_code: str, jurisdiction_zh: str) -> str:
    """A 文号-style reference derived from the proposal's code (e.g. 攀枝花市健评〔2026〕7号); a jurisdiction that
    numbers its documents otherwise prints its own on the signed copy."""
    match = CODE.match(proposal_code)
    if match is None:
        return f"{jurisdiction_zh}健评〔{proposal_code}〕"
    return f"{jurisdiction_zh}健评〔{match.group(1)}〕{int(match.group(2))}号"


async def committee_name(session: AsyncSession, jurisdiction_id: int) -> tuple[str, str] | None:
    committee = await repo.committee_of(session, jurisdiction_id)
    return (committee.name_zh, committee.name_en) if committee is not None else None


async def signers(
    session: AsyncSession, record: repo.ProposalRecord, assessment_id: int, reviews: dict[int, Any], conclusion: Any
) -> list[Signer]:
    """Who signs the round: each reviewer once (a department by its officer, an expert with title and
    affiliation), each expert who rated the national form, then the chair who concluded."""
    found: dict[str, Signer] = {}
    users = await _users(session, [r.reviewer_user for r in reviews.values() if r.reviewer_user])
    for request in (r for r in record.requests if r.assessment_id == assessment_id and r.id in reviews):
        review = reviews[request.id]
        if request.kind == "EXPERT" and request.expert_id in record.members:
            member = record.members[request.expert_id]
            signer = _expert(member, local(review.submitted_at))
        else:
            department = record.departments[request.department_id]
            user = users.get(review.reviewer_user)
            signer = Signer(
                "评审部门",
                "Reviewing department",
                # The officer's recorded name; until `hia user set` records it, the login that signed.
                (user.display_name_zh if user is not None and user.display_name_zh else str(review.reviewer_user)),
                (user.title_zh or "") if user is not None else "",
                department.name_zh,
                local(review.submitted_at),
            )
        found.setdefault(signer.name, signer)
    for rating, member in await ratings_repo.ratings_with_experts(session, assessment_id):
        found.setdefault(member.name_zh, _expert(member, local(rating.submitted_at)))
    if conclusion is not None:
        chair = Signer(
            "专家委员会主任委员",
            "Chair",
            conclusion.signed_name,
            conclusion.signed_title or "",
            "",
            local(conclusion.concluded_at),
        )
        found.pop(chair.name, None)
        found[chair.name] = chair
    return list(found.values())


def _expert(member: Any, date: str) -> Signer:
    return Signer("评审专家", "Expert", member.name_zh, member.title_zh or "", member.affiliation_zh or "", date)


async def _users(session: AsyncSession, names: Sequence[str]) -> dict[str, Any]:
    return {row.name: row for row in await repo.users_named(session, names)} if names else {}


def rule_appendix(determinants: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rules behind the findings, for checking: which rule, on which indicator or outcome, matched what."""
    return [
        {
            "indicator": f"{f['indicator_code']} {f['indicator_zh']}",
            "rule_id": f["rule_id"],
            "matched": list(f["matched"]),
        }
        for d in determinants
        for f in d["findings"]
    ]


__all__ = ["Signer", "committee_name", "reference", "rule_appendix", "signers"]
