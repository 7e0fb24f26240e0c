"""The GraphQL schema: strawberry types over the service layer. `build_schema()` is the only entry point."""

from __future__ import annotations

from functools import cache

import strawberry
from strawberry import relay
from strawberry.extensions import MaxTokensLimiter, ParserCache

from schema.access import AccessQuery
from schema.catalog.queries import CatalogQuery
from schema.extensions import AccessLog, DomainErrors, HiaSchema, RequestSession, mask_unexpected_errors
from schema.intake.mutations.accept_suggestions import accept_suggestions
from schema.intake.mutations.create_proposal_from_document import create_proposal_from_document
from schema.intake.queries import IntakeQuery
from schema.limits import MAX_NODE_IDS, MAX_TOKENS, AtMostNodeIds, LimitedValidation, ProductionRules
from schema.monitoring.mutations.correct_observation import correct_observation
from schema.monitoring.mutations.import_spreadsheet import import_spreadsheet
from schema.monitoring.mutations.record_observations import record_observations
from schema.monitoring.mutations.record_task_progress import record_task_progress
from schema.monitoring.mutations.score_self_assessment_item import score_self_assessment_item
from schema.monitoring.mutations.set_target_status import set_target_status
from schema.monitoring.queries import MonitoringQuery
from schema.permissions import (
    ASSIGNERS,
    CHAIRS,
    COMMITTEE_MANAGERS,
    DRAFTERS,
    FOLLOWERS_UP,
    FORM_SETTLERS,
    JUDGES,
    PREVIEWERS,
    PUBLISHERS,
    RATERS,
    RECORDERS,
    REPLAYERS,
    REVIEWERS,
)
from schema.review.mutations.add_committee_member import add_committee_member
from schema.review.mutations.add_review_request import add_review_request
from schema.review.mutations.close_rating import close_rating
from schema.review.mutations.complete_condition import complete_condition
from schema.review.mutations.conclude_review import conclude_review
from schema.review.mutations.create_committee import create_committee
from schema.review.mutations.replace_reviewer import replace_reviewer
from schema.review.mutations.set_blind_review import set_blind_review
from schema.review.mutations.set_review_deadlines import set_review_deadlines
from schema.review.mutations.settle_screening_form import settle_screening_form
from schema.review.mutations.submit_expert_rating import submit_expert_rating
from schema.review.mutations.submit_review import submit_review
from schema.review.mutations.update_committee_member import update_committee_member
from schema.review.mutations.waive_review_request import waive_review_request
from schema.review.queries import ReviewQuery
from schema.review.subscriptions import Subscription
from schema.screening.mutations.create_proposal import create_proposal
from schema.screening.mutations.preview_screening import preview_screening
from schema.screening.mutations.publish_checklist import publish_checklist
from schema.screening.mutations.replay_screening import replay_screening
from schema.screening.mutations.submit_proposal import submit_proposal
from schema.screening.mutations.update_proposal import update_proposal
from schema.screening.queries import ScreeningQuery


@strawberry.type(
    description="Read the catalog of Health in All Policies (将健康融入所有政策): jurisdictions, plans, "
    "departments, working groups, indicator frameworks, targets and tasks; proposals and their screening "
    "(for signed-in users); their review by the expert committee; monitoring and evaluation (scorecards, "
    "self-assessments); who is asking and the audit trail."
)
class Query(CatalogQuery, ScreeningQuery, IntakeQuery, ReviewQuery, MonitoringQuery, AccessQuery):
    node: relay.Node | None = relay.node(description="Any object by its global id.")
    nodes: list[relay.Node | None] = relay.node(
        description=f"Objects by their global ids, null where an id matches nothing; at most {MAX_NODE_IDS} ids.",
        extensions=[AtMostNodeIds()],
    )


@strawberry.type(
    description="Change data: proposals, their screening, checklists, the committee and its review, monitoring "
    "data. Each mutation names who may use it."
)
class Mutation:
    create_proposal = strawberry.mutation(
        resolver=create_proposal,
        permission_classes=[DRAFTERS],
        description="Start a draft proposal. For an officer of the sponsoring department or the committee's secretary.",
    )
    update_proposal = strawberry.mutation(
        resolver=update_proposal,
        permission_classes=[DRAFTERS],
        description="Change a draft proposal. For an officer of the sponsoring department or the committee's secretary.",
    )
    create_proposal_from_document = strawberry.mutation(
        resolver=create_proposal_from_document,
        permission_classes=[DRAFTERS],
        description="Start a draft proposal from its own document (an uploaded one, or pasted text): the document "
        "is attached and what it suggests is kept beside the draft, never as answers, until accepted "
        "(acceptSuggestions) or answered otherwise (updateProposal). For an officer of the sponsoring department "
        "or the committee's secretary.",
    )
    accept_suggestions = strawberry.mutation(
        resolver=accept_suggestions,
        permission_classes=[DRAFTERS],
        description="Accept the answers a draft's document suggests (some or all): each is recorded as suggested "
        "and accepted. For an officer of the sponsoring department or the committee's secretary.",
    )
    submit_proposal = strawberry.mutation(
        resolver=submit_proposal,
        permission_classes=[DRAFTERS],
        description="Submit a draft: screen it and store the assessment (idempotent). For an officer of the "
        "sponsoring department or the committee's secretary.",
    )
    preview_screening = strawberry.mutation(
        resolver=preview_screening,
        permission_classes=[PREVIEWERS],
        description="Screen an unsaved proposal and show the outcome; stores nothing. Not for viewers.",
    )
    publish_checklist = strawberry.mutation(
        resolver=publish_checklist,
        permission_classes=[PUBLISHERS],
        description="Publish a new checklist version (validated; old assessments keep theirs). The committee's "
        "chair or an administrator.",
    )
    replay_screening = strawberry.mutation(
        resolver=replay_screening,
        permission_classes=[REPLAYERS],
        description="Re-evaluate stored proposals under a checklist version and report which outcomes would change. "
        "The committee's chair or secretary (its jurisdiction's proposals) or an administrator.",
    )
    create_committee = strawberry.mutation(
        resolver=create_committee,
        permission_classes=[COMMITTEE_MANAGERS],
        description="Set up a jurisdiction's expert committee (idempotent: one per jurisdiction). The jurisdiction's "
        "committee chair or secretary, or an administrator.",
    )
    set_blind_review = strawberry.mutation(
        resolver=set_blind_review,
        permission_classes=[COMMITTEE_MANAGERS],
        description="Turn blind review on or off: while on, reviewers' opinions and proposed conditions are hidden "
        "from the sponsoring department until the round is concluded. The jurisdiction's committee chair or "
        "secretary, or an administrator.",
    )
    add_committee_member = strawberry.mutation(
        resolver=add_committee_member,
        permission_classes=[COMMITTEE_MANAGERS],
        description="Put a chair, secretary or expert on the committee. The jurisdiction's committee chair or "
        "secretary, or an administrator.",
    )
    update_committee_member = strawberry.mutation(
        resolver=update_committee_member,
        permission_classes=[COMMITTEE_MANAGERS],
        description="Change a committee member's details, specialties or availability. The jurisdiction's committee "
        "chair or secretary, or an administrator.",
    )
    set_review_deadlines = strawberry.mutation(
        resolver=set_review_deadlines,
        permission_classes=[COMMITTEE_MANAGERS],
        description="Set how many days reviewers have, per impact degree, for new requests. The jurisdiction's "
        "committee chair or secretary, or an administrator.",
    )
    add_review_request = strawberry.mutation(
        resolver=add_review_request,
        permission_classes=[ASSIGNERS],
        description="Ask one more department or expert to review the current round, with a reason. The committee's "
        "secretary or chair (its jurisdiction), or an administrator.",
    )
    replace_reviewer = strawberry.mutation(
        resolver=replace_reviewer,
        permission_classes=[ASSIGNERS],
        description="Replace the reviewer of an open request (assigns an UNASSIGNED one), with a reason. The "
        "committee's secretary or chair (its jurisdiction), or an administrator.",
    )
    waive_review_request = strawberry.mutation(
        resolver=waive_review_request,
        permission_classes=[ASSIGNERS],
        description="Waive an open review request, with a reason. The committee's secretary or chair (its "
        "jurisdiction), or an administrator.",
    )
    submit_review = strawberry.mutation(
        resolver=submit_review,
        permission_classes=[REVIEWERS],
        description="Give an opinion on a review request addressed to you: an officer of the requested department, "
        "or the assigned expert.",
    )
    submit_expert_rating = strawberry.mutation(
        resolver=submit_expert_rating,
        permission_classes=[RATERS],
        description="Rate the ten questions of the national form and propose a degree, independently: an expert asked "
        "to review the proposal's current round, once. Others' ratings stay hidden from you until rating closes.",
    )
    close_rating = strawberry.mutation(
        resolver=close_rating,
        permission_classes=[FORM_SETTLERS],
        description="Close the experts' rating of the current round before every expert has rated (with a reason, "
        "which is recorded with who was missing). The jurisdiction's committee chair.",
    )
    settle_screening_form = strawberry.mutation(
        resolver=settle_screening_form,
        permission_classes=[FORM_SETTLERS],
        description="Settle the committee's ten answers of the national form and its degree, once rating is closed; "
        "a reason is required wherever they differ from the screening's. The jurisdiction's committee chair.",
    )
    conclude_review = strawberry.mutation(
        resolver=conclude_review,
        permission_classes=[CHAIRS],
        description="Conclude the current review round and sign, once every request is reviewed or waived. The "
        "jurisdiction's committee chair.",
    )
    complete_condition = strawberry.mutation(
        resolver=complete_condition,
        permission_classes=[FOLLOWERS_UP],
        description="Record an adopted condition as done, with evidence. An officer of the responsible department, "
        "the committee's secretary or chair, or an administrator.",
    )
    record_observations = strawberry.mutation(
        resolver=record_observations,
        permission_classes=[RECORDERS],
        description="Record measured values of indicators (监测数据), all or none; a value for a period that has one "
        "is a correction (a new version). For an officer of a department answering for the indicator there, the "
        "jurisdiction's committee secretary, or an administrator.",
    )
    correct_observation = strawberry.mutation(
        resolver=correct_observation,
        permission_classes=[RECORDERS],
        description="Correct one observation: a new version with the reason, the old one kept in its history. Who "
        "may record it may correct it.",
    )
    record_task_progress = strawberry.mutation(
        resolver=record_task_progress,
        permission_classes=[RECORDERS],
        description="Report progress of plan tasks (任务进展), all or none. For an officer of a department leading "
        "or answering for the task, the jurisdiction's committee secretary, or an administrator.",
    )
    import_spreadsheet = strawberry.mutation(
        resolver=import_spreadsheet,
        permission_classes=[RECORDERS],
        description="Check a spreadsheet of observations or task progress row by row (a dry run by default) and, "
        "when asked, apply its valid rows in one transaction. Rows the caller may not record are rejected.",
    )
    set_target_status = strawberry.mutation(
        resolver=set_target_status,
        permission_classes=[JUDGES],
        description="Judge a target no rule can compute (a text target 文字目标, or a task's target without a "
        "catalog indicator). For the jurisdiction's committee chair or "
        "secretary, an administrator, or an officer of a department answering for its indicator or task.",
    )
    score_self_assessment_item = strawberry.mutation(
        resolver=score_self_assessment_item,
        permission_classes=[JUDGES],
        description="Record a self-assessed score (自评) of an item of a scored list, with evidence. For the "
        "jurisdiction's committee chair or secretary, an administrator, or an officer of a department the item "
        "names as responsible.",
    )


@cache  # strawberry's relay fields can be bound to one schema only; the schema is immutable anyway
def build_schema() -> strawberry.Schema:
    return HiaSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[
            RequestSession,
            AccessLog,
            # Order matters: masking runs after domain errors got their codes.
            mask_unexpected_errors,
            DomainErrors,
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            ProductionRules,
            lambda: ParserCache(maxsize=256),
            # Size, depth, alias and cost limits before graphql-core's rules, then validation, cached.
            LimitedValidation,
        ],
    )
