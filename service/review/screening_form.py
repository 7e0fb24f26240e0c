"""The national preliminary screening form (健康影响评估初筛表) of a proposal's current round, as the committee files
it: the committee's settled answers and degree once the chair has settled them (with the reason of every overrule
and the panel's distribution beside each answer), else the screening's answers, marked as not yet confirmed.
Signed by the chair and by the experts who rated, with their names, titles and affiliations."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Assessment, ChecklistVersion, Department, Jurisdiction
from db.repositories import ratings as ratings_repo
from db.repositories import review as review_repo
from db.repositories import screening as screening_repo
from db.repositories.visibility import ProposalScope
from hia_rules.vocabulary import PROCEDURE_FOR_DEGREE, ImpactDegree
from service.errors import NotFoundError
from service.i18n import _
from service.review import labels, report_filing
from service.review.screening_form_model import FormQuestion, FormSigner, ScreeningForm
from service.review.settings import LOCAL_TIME, today
from service.screening import checklists

ROLE_ZH = {"CHAIR": "主任委员", "SECRETARY": "秘书", "EXPERT": "专家"}


async def build(session: AsyncSession, code: str, scope: ProposalScope) -> ScreeningForm:
    """The form of the screened proposal with `code`, if `scope` sees it."""
    [proposal] = await screening_repo.visible_proposals_by_code(session, [code], scope)
    if proposal is None or proposal.latest_assessment_id is None:
        raise NotFoundError(_("no screened proposal has the code {code!r}", code=code), ["code"])
    assessment = await screening_repo.row_by_id(session, Assessment, proposal.latest_assessment_id)
    version = await screening_repo.row_by_id(session, ChecklistVersion, proposal.checklist_version_id)
    texts = {q.number: q.text_zh for q in checklists.compiled(version).checklist.national_form}
    sponsor = await screening_repo.row_by_id(session, Department, proposal.sponsor_department_id)
    jurisdiction = await screening_repo.row_by_id(session, Jurisdiction, proposal.jurisdiction_id)
    committee = await review_repo.committee_of(session, proposal.jurisdiction_id)
    form = await ratings_repo.form_of_round(session, assessment.id)
    settled = form is not None and form.settled_at is not None
    if settled:
        assert form is not None
        questions = tuple(
            FormQuestion(a["number"], texts[a["number"]], a["finalAnswer"], _note(a)) for a in form.answers
        )
        degree = str(form.final_degree)
        moment = form.settled_at
    else:
        questions = tuple(
            FormQuestion(a["number"], texts[a["number"]], a["answer"])
            for a in sorted(assessment.outcome.get("nationalForm", []), key=lambda a: a["number"])
        )
        degree = assessment.impact_degree
        moment = None
    procedure = PROCEDURE_FOR_DEGREE[ImpactDegree(degree)].value
    return ScreeningForm(
        title=proposal.title,
        kind_zh=labels.KIND[proposal.kind][0],
        sponsor_zh=sponsor.name_zh,
        assessor_zh=committee.name_zh if committee is not None else "",
        form_date=moment.astimezone(LOCAL_TIME).date() if moment is not None else today(),
        code=proposal.code,
        questions=questions,
        degree=degree,
        procedure_zh=labels.PROCEDURE[procedure][0],
        settled=settled,
        signers=await _signers(session, form, assessment.id) if settled else (),
        reference=report_filing.reference(proposal.code, jurisdiction.name_zh),
    )


def _note(answer: dict[str, Any]) -> str:
    counts = answer["distribution"]
    panel = f"专家：是{counts['YES']} 不知道{counts['UNKNOWN']} 否{counts['NO']}"
    if answer["engineAnswer"] is not None and answer["engineAnswer"] != answer["finalAnswer"]:
        engine = labels.TRISTATE[answer["engineAnswer"]][0]
        return f"{panel}；改系统初筛“{engine}”：{answer['reason']}"
    return panel


async def _signers(session: AsyncSession, form: Any, assessment_id: int) -> tuple[FormSigner, ...]:
    """The chair who settled the form, then each expert who rated, in the order they rated."""
    chair = FormSigner(form.signed_name or "", form.signed_title, None, ROLE_ZH["CHAIR"])
    experts = tuple(
        FormSigner(m.name_zh, m.title_zh, m.affiliation_zh, ROLE_ZH.get(m.role, "专家"))
        for _rating, m in await ratings_repo.ratings_with_experts(session, assessment_id)
    )
    return (chair, *experts)


__all__ = ["build"]
