"""The health impact assessment report of a proposal (健康影响评价报告): what the templates print, gathered
from the stored proposal, its screening rounds, reviews, conditions and conclusion.

Sections: basic facts; scope and impact degree; the screening answers (the national form, the checklist,
reviewers' answers to open questions); findings by determinant with the indicators and the jurisdiction's
targets; review opinions; conditions and their follow-up; the conclusion; signatures with dates; the
history of earlier rounds. The report is of the latest round; it is marked as not final until concluded.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ChecklistVersion, Indicator, Jurisdiction
from db.repositories import ratings as ratings_repo
from db.repositories import review as repo
from db.repositories import screening as screening_repo
from db.repositories.visibility import ProposalScope
from service.errors import NotFoundError
from service.i18n import _
from service.monitoring import charts
from service.monitoring import reads as monitoring_reads
from service.proposal_states import CONCLUDED
from service.review import labels, report_filing
from service.review.ratings import agreement_of
from service.review.settings import local, today
from service.screening import checklists
from service.screening.outcomes import outcome_names

SECTIONS = [
    ("basic", "一、基本情况", "Basic facts"),
    ("scope", "二、评估范围与影响程度", "Scope and degree of health impact"),
    ("answers", "三、筛查问答", "Screening answers"),
    ("findings", "四、健康影响发现（按健康决定因素）", "Findings by determinant of health"),
    ("opinions", "五、评审意见", "Review opinions"),
    ("conditions", "六、实施条件与跟踪", "Conditions and follow-up"),
    ("conclusion", "七、评估结论", "Conclusion"),
    ("signatures", "八、签名与盖章", "Signatures and seal"),
    ("history", "附一：评估历程", "History of screening rounds"),
    ("rules", "附二：规则依据（供核查）", "Rules behind the findings"),
]


@dataclass
class Report:
    code: str
    title: str
    status: tuple[str, str]
    concluded: bool
    generated_at: str
    round_number: int
    facts: list[tuple[str, str, str]] = field(default_factory=list)
    scope: dict[str, Any] = field(default_factory=dict)
    national_form: list[dict[str, Any]] = field(default_factory=list)
    # The committee's settled form of the round: degree, reasons, panel agreement (None until settled).
    committee_form: dict[str, Any] | None = None
    sealed: bool = False
    answers: list[dict[str, Any]] = field(default_factory=list)
    review_answers: list[dict[str, Any]] = field(default_factory=list)
    needs_information: list[str] = field(default_factory=list)
    determinants: list[dict[str, Any]] = field(default_factory=list)
    mitigations: list[dict[str, str]] = field(default_factory=list)
    opinions: list[dict[str, Any]] = field(default_factory=list)
    conditions: list[dict[str, Any]] = field(default_factory=list)
    conclusion: dict[str, Any] | None = None
    signers: list[report_filing.Signer] = field(default_factory=list)
    # The assessing committee (Chinese, English) and the reference printed on every page.
    committee: tuple[str, str] | None = None
    reference: str = ""
    rule_appendix: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    sections: list[tuple[str, str, str]] = field(default_factory=lambda: list(SECTIONS))


async def build(session: AsyncSession, code: str, scope: ProposalScope) -> Report:
    """The report of the proposal with `code`, if `scope` sees it and it has been screened."""
    rows = await screening_repo.visible_proposals_by_code(session, [code], scope)
    proposal = rows[0]
    if proposal is None or proposal.latest_assessment_id is None:
        raise NotFoundError(_("no screened proposal has the code {code!r}", code=code), ["code"])
    record = await repo.proposal_record(session, proposal, scope)
    jurisdiction = await screening_repo.row_by_id(session, Jurisdiction, proposal.jurisdiction_id)
    version = await screening_repo.row_by_id(session, ChecklistVersion, proposal.checklist_version_id)
    checklist = checklists.compiled(version).checklist
    current = record.assessments[-1]
    document = current.outcome
    round_requests = [r for r in record.requests if r.assessment_id == current.id]
    conclusion = next((c for c in record.conclusions if c.assessment_id == current.id), None)
    report = Report(
        code=proposal.code,
        title=proposal.title,
        status=labels.STATUS[proposal.status],
        concluded=proposal.status in CONCLUDED and conclusion is not None,
        generated_at=local(dt.datetime.now(dt.UTC)),
        round_number=len(record.assessments),
    )
    sponsor = record.departments[proposal.sponsor_department_id]
    report.facts = _facts(proposal, jurisdiction, sponsor, version)
    report.scope = {
        "in_scope": current.in_scope,
        "reason_zh": current.scope_reason_zh,
        "reason_en": current.scope_reason_en,
        "degree": labels.DEGREE[current.impact_degree],
        "procedure": labels.PROCEDURE[current.procedure],
        "screened_at": local(current.created_at),
        "checklist": f"{version.checklist_id} v{version.version}",
        # Decisive reasons only: the ones that hold the degree where it is (the API lists the rest).
        "reasons": [
            {
                "degree": labels.DEGREE[r["degree"]],
                "text_zh": r["textZh"],
                "text_en": r["textEn"],
                "matched_zh": r["matchedZh"],
            }
            for r in document.get("degreeReasons", [])
            if r["decisive"]
        ],
    }
    national = {n.number: n for n in checklist.national_form}
    report.national_form = [
        {
            "number": a["number"],
            "text_zh": national[a["number"]].text_zh,
            "text_en": national[a["number"]].text_en,
            "answer": labels.TRISTATE[a["answer"]],
        }
        for a in document["nationalForm"]
    ]
    report.committee_form = await _committee_form(session, current.id, report.national_form)
    provenance = (current.answer_provenance or {}).get("answers") or {}
    report.answers = [
        {"question": q, "answer": labels.answer(q, proposal.answers[q.id]), **_source(provenance.get(q.id))}
        for q in checklist.questions
        if q.id in (proposal.answers or {})
    ]
    report.needs_information = [_question(checklist, q).text_zh for q in document["needsInformation"]]
    reviews = {r.request_id: r for r in record.reviews}
    for request in round_requests:
        review = reviews.get(request.id)
        if review is None:
            continue
        for answer in review.answers:
            question = _question(checklist, answer["questionId"])
            report.review_answers.append(
                {
                    "question": question,
                    "answer": labels.answer(question, answer["value"]),
                    "note": answer.get("note"),
                    "by": review.signed_name,
                }
            )
    report.determinants = await _findings(session, checklist, document)
    report.mitigations = list(document["mitigations"])
    report.opinions = [_opinion(r, reviews.get(r.id), record) for r in round_requests]
    # Reviewed requests whose review the scope may not read: blind review seals them until the conclusion.
    report.sealed = any(r.status == "REVIEWED" and r.id not in reviews for r in round_requests)
    report.conditions = [
        {
            "text_zh": c.text_zh,
            "text_en": c.text_en,
            "department": record.departments[c.responsible_department_id].name_zh,
            "due_on": c.due_on.isoformat(),
            "status": labels.CONDITION[c.status],
            "evidence": c.evidence,
            "completed_at": local(c.completed_at),
            "source": "专家委员会"
            if c.review_id is None
            else next((rv.signed_name for rv in record.reviews if rv.id == c.review_id), ""),
        }
        for c in record.conditions
        if c.assessment_id == current.id
    ]
    if conclusion is not None:
        report.conclusion = {
            "decision": labels.DECISION[conclusion.decision],
            "summary_zh": conclusion.summary_zh,
            "summary_en": conclusion.summary_en,
            "signed_name": conclusion.signed_name,
            "signed_title": conclusion.signed_title,
            "concluded_at": local(conclusion.concluded_at),
        }
    report.signers = await report_filing.signers(session, record, current.id, reviews, conclusion)
    report.committee = await report_filing.committee_name(session, proposal.jurisdiction_id)
    report.reference = report_filing.reference(proposal.code, jurisdiction.name_zh)
    report.rule_appendix = report_filing.rule_appendix(report.determinants)
    report.history = [
        {
            "number": i,
            "screened_at": local(a.created_at),
            "degree": labels.DEGREE[a.impact_degree],
            "conclusion": next(
                (labels.DECISION[c.decision] for c in record.conclusions if c.assessment_id == a.id), None
            ),
            "requests": sum(1 for r in record.requests if r.assessment_id == a.id),
        }
        for i, a in enumerate(record.assessments, start=1)
    ]
    return report


async def _committee_form(
    session: AsyncSession, assessment_id: int, national_form: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The committee's settled form: each national-form row gains the panel's counts, the committee's answer and
    the reason of an overrule; the form's degree and the panel's agreement are returned. None until settled."""
    form = await ratings_repo.form_of_round(session, assessment_id)
    if form is None or form.settled_at is None:
        return None
    final = {a["number"]: a for a in form.answers}
    for row in national_form:
        answer = final[row["number"]]
        counts = answer["distribution"]
        row["panel"] = f"是{counts['YES']} / 不知道{counts['UNKNOWN']} / 否{counts['NO']}"
        row["final"] = labels.TRISTATE[answer["finalAnswer"]]
        row["reason"] = answer["reason"]
    panel = await ratings_repo.ratings_with_experts(session, assessment_id)
    rated = [rating for rating, _expert in panel]
    agreement = agreement_of(rated) if rated else None
    return {
        "ratings": [
            {
                "expert": expert.name_zh,
                "answers": [labels.TRISTATE[a["answer"]][0] for a in rating.answers],
                "degree": labels.DEGREE[rating.proposed_degree][0],
            }
            for rating, expert in panel
        ],
        "degree": labels.DEGREE[str(form.final_degree)],
        "engine_degree": labels.DEGREE[str(form.engine_degree)],
        "degree_reason": form.degree_reason,
        "signed_name": form.signed_name,
        "signed_title": form.signed_title,
        "settled_at": local(form.settled_at),
        "raters": len(rated),
        "kappa": None if agreement is None or agreement.kappa is None else f"{agreement.kappa:.2f}",
        "observed": None if agreement is None or agreement.observed is None else f"{agreement.observed:.0%}",
        "close_reason": form.rating_close_reason,
    }


# Where an answer came from, as the report says it (the assessment's answer provenance).
_ORIGIN_ZH = {
    "SUGGESTED_ACCEPTED": "采纳文件建议",
    "SUGGESTED_CHANGED": "起草部门改动了文件建议",
    "ENTERED": "起草部门填写",
}


def _source(entry: dict[str, Any] | None) -> dict[str, Any]:
    """The origin of one answer and, for one the document suggested, the first sentence it rested on."""
    if not entry:
        return {"origin": "", "quote": None}
    quotes = entry.get("quotes") or []
    quote = f"第{quotes[0]['sentence']}句：{quotes[0]['text']}" if quotes else None
    return {"origin": _ORIGIN_ZH.get(entry["origin"], ""), "quote": quote}


def _question(checklist: Any, question_id: str) -> Any:
    """A question of the checklist version the proposal is answered with (validation guarantees it exists)."""
    question = checklist.question(question_id)
    assert question is not None, question_id
    return question


def _money(yuan: float | None) -> str:
    return "" if yuan is None else f"{yuan / 10_000:,.0f} 万元（{yuan:,.0f} yuan）"


def _facts(proposal: Any, jurisdiction: Any, sponsor: Any, version: Any) -> list[tuple[str, str, str]]:
    facts = [
        ("编号", "Reference", proposal.code),
        ("名称", "Title", proposal.title),
        ("类型", "Kind", " / ".join(labels.KIND[proposal.kind])),
        ("辖区", "Jurisdiction", f"{jurisdiction.name_zh}（{jurisdiction.name_en}）"),
        ("责任主体", "Responsible department", f"{sponsor.name_zh}（{sponsor.name_en}）"),
    ]
    optional = [
        (
            "文件类别",
            "Policy type",
            " / ".join(labels.POLICY_TYPE[proposal.policy_type]) if proposal.policy_type else "",
        ),
        ("政府投资", "Government investment", _money(proposal.investment_yuan)),
        ("建设地点", "Site", proposal.site or ""),
        (
            "建设期",
            "Construction",
            " — ".join(
                d.isoformat() for d in (proposal.construction_start, proposal.construction_end) if d is not None
            ),
        ),
        ("影响人数", "People affected", f"{proposal.population_affected:,.0f}" if proposal.population_affected else ""),
        ("脆弱人群", "Vulnerable groups", "、".join(labels.GROUP[g][0] for g in proposal.vulnerable_groups or [])),
        ("内容摘要", "Summary", proposal.summary or ""),
        ("提交时间", "Submitted", local(proposal.submitted_at)),
        ("检查表", "Checklist", f"{version.title_zh}（{version.checklist_id} v{version.version}）"),
    ]
    return facts + [f for f in optional if f[2]]


def _outcome_names(code: str | None) -> tuple[str, str]:
    return outcome_names(code) if code is not None else ("", "")


def _citation(evidence: dict[str, Any]) -> str:
    """`issuer《title》identifier（year）` as a committee cites it; 待核实 where the checklist says it is unchecked."""
    number = f" {evidence['identifier']}" if evidence.get("identifier") else ""
    year = f"（{evidence['year']}）" if evidence.get("year") else ""
    unchecked = "（待核实）" if not evidence.get("verified", True) else ""
    return f"{evidence['issuer']}《{evidence['title']}》{number}{year}{unchecked}：{evidence['claimZh']}"


async def _findings(session: AsyncSession, checklist: Any, document: dict[str, Any]) -> list[dict[str, Any]]:
    findings = document["findings"]
    indicator_codes = sorted(
        {f["indicator"] for f in findings if f["indicator"]} | {c for f in findings for c in f["linkedIndicators"]}
    )
    target_codes = sorted({t for f in findings for t in f["targets"]})
    indicators = await screening_repo.indicators_by_code(session, indicator_codes)
    targets = await screening_repo.targets_by_codes(session, target_codes)
    target_indicators = {
        row.id: row
        for row in await screening_repo.rows_by_id(
            session, Indicator, sorted({t.indicator_id for t in targets.values() if t.indicator_id})
        )
        if row is not None
    }
    # Where each target stands today, and its indicator's trend in the target's jurisdiction.
    statuses = {
        s.target.id: s.status
        for s in await monitoring_reads.statuses_for_targets(session, list(targets.values()), today().year)
    }
    places = {
        row.id: row
        for row in await screening_repo.rows_by_id(
            session, Jurisdiction, sorted({t.jurisdiction_id for t in targets.values()})
        )
        if row is not None
    }
    groups: dict[str, dict[str, Any]] = {}
    names = {d.code: d for d in checklist.determinants}
    for f in findings:
        determinant = names.get(f["determinant"])
        group = groups.setdefault(
            f["determinant"],
            {
                "code": f["determinant"],
                "name_zh": determinant.name_zh if determinant else f["determinant"],
                "name_en": determinant.name_en if determinant else f["determinant"],
                "findings": [],
                "charts": [],
            },
        )
        indicator = indicators.get(f["indicator"]) if f["indicator"] else None
        outcome_zh, outcome_en = _outcome_names(f.get("outcome"))
        group["findings"].append(
            {
                # A finding no indicator measures names its health outcome instead of borrowing an indicator.
                "indicator_code": f["indicator"] or "—",
                "indicator_zh": indicator.name_zh if indicator else (f["indicator"] or f"{outcome_zh}（无对应指标）"),
                "indicator_en": indicator.name_en if indicator else ("" if f["indicator"] else outcome_en),
                "outcome": (outcome_zh, outcome_en),
                "evidence": [_citation(e) for e in f.get("evidence", [])],
                "direction": labels.DIRECTION.get(indicator.direction, ("", "")) if indicator else ("", ""),
                "effect": labels.EFFECT[f["effect"]],
                "severity": labels.SEVERITY[f["severity"]],
                "rule_id": f["ruleId"],
                "rationale_zh": f["rationaleZh"],
                "matched": f["matched"],
                "linked": [(c, indicators[c].name_zh) for c in f["linkedIndicators"] if c in indicators],
                "targets": [
                    _target(targets[c], target_indicators, statuses.get(targets[c].id))
                    for c in f["targets"]
                    if c in targets
                ],
                "binding_at_risk": bool(f["bindingTargetsAtRisk"]),
            }
        )
        for target in (targets[c] for c in f["targets"] if c in targets):
            indicator_row = target_indicators.get(target.indicator_id)
            if indicator_row is None or target.value is None:
                continue
            chart = {"indicator": indicator_row.code, "jurisdiction": places[target.jurisdiction_id].code}
            if chart not in [{"indicator": c["indicator"], "jurisdiction": c["jurisdiction"]} for c in group["charts"]]:
                group["charts"].append(chart)
    for group in groups.values():
        for chart in group["charts"]:
            data = await charts.chart_data(session, chart["indicator"], chart["jurisdiction"])
            # Drawing is CPU work (matplotlib): off the event loop.
            svg = await asyncio.to_thread(charts.render_svg_data, data)
            # As a data URI in an <img>: nothing in it can run, and the page needs no further request.
            chart["data_uri"] = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
            chart["path"] = f"/charts/indicators/{chart['indicator']}/{chart['jurisdiction']}.svg"
    return list(groups.values())


def _target(target: Any, indicators: dict[int, Any], status: str | None) -> dict[str, Any]:
    indicator = indicators.get(target.indicator_id)
    unit = (indicator.unit or "") if indicator is not None else ""
    value = "" if target.value is None else f"{labels.COMPARATOR.get(target.comparator, '')} {target.value:g}{unit}"
    return {
        "indicator": indicator.code if indicator else "",
        "year": target.year,
        "value": value.strip(),
        "text": target.target_text_zh or "",
        "binding": target.attribute == "BINDING",
        "baseline": "" if target.baseline_value is None else f"{target.baseline_value:g}",
        "status": labels.TARGET_STATUS[status] if status else None,
    }


def _opinion(request: Any, review: Any, record: repo.ProposalRecord) -> dict[str, Any]:
    if request.kind == "DEPARTMENT":
        who = record.departments[request.department_id].name_zh
    else:
        expert = record.members.get(request.expert_id)
        asked = "、".join(labels.SPECIALTY[s][0] for s in request.specialties)
        who = f"{expert.name_zh}（{asked}）" if expert else f"未分配（{asked}）"
    return {
        "who": who,
        "kind": request.kind,
        "status": labels.REQUEST[request.status],
        "due_on": request.due_on.isoformat(),
        "opinion": labels.OPINION[review.opinion] if review is not None else None,
        "comments": review.comments if review is not None else None,
        "signed_name": review.signed_name if review is not None else None,
        "submitted_at": local(review.submitted_at) if review is not None else "",
        "closing_reason": request.closing_reason,
    }


__all__ = ["SECTIONS", "Report", "build", "local"]
