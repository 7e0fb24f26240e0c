"""Every object with an identity of its own implements `Node` (fetch it again with `node(id:)`); the rest are
values: parts of one answer, computed on each read, or parts of an immutable checklist version. A new object type
must take a side here, so the convention cannot erode unnoticed (issue 14)."""

from __future__ import annotations

from graphql import GraphQLObjectType

from schema import build_schema
from tests.fixtures.graphql import GraphQLClient

PARTS_OF_A_CHECKLIST_VERSION = "part of an immutable checklist version: `checklist(version:)` and its own id find it"
COMPUTED = "computed on each read from stored rows (as of a year, a caller, a draft): no identity to fetch again"
PART_OF_ITS_PARENT = "a value inside its parent object, read only through it"
VOCABULARY = "an entry of a fixed vocabulary, identified by its code"

VALUES: dict[str, str] = {
    **dict.fromkeys(
        [
            "ChecklistQuestion",
            "ChecklistRule",
            "ChecklistChoice",
            "ChecklistApplicability",
            "NationalFormQuestion",
        ],
        PARTS_OF_A_CHECKLIST_VERSION,
    ),
    **dict.fromkeys(["Determinant", "HealthOutcome"], VOCABULARY),
    **dict.fromkeys(
        [
            "ApplicableQuestion",
            "DepartmentObligations",
            "IndicatorObligation",
            "DraftSuggestions",
            "SuggestedAnswer",
            "SuggestedField",
            "ExtractedFact",
            "DocumentQuote",
            "Scorecard",
            "FrameworkScorecard",
            "HeadingScorecard",
            "SelfAssessment",
            "SelfAssessmentHeading",
            "SelfAssessmentItem",
            "TargetStatus",
            "StatusCounts",
            "ScreeningPreview",
            "ScreeningOverrules",
            "ScreeningOverrule",
            "OverruleTally",
            "RoundRating",
            "PanelAgreement",
            "QuestionAgreement",
            "PanelSeat",
            "ProposalReport",
            "ImportReport",
            "ImportRow",
            "RowProblem",
            "Viewer",
            "UserError",
        ],
        COMPUTED,
    ),
    **dict.fromkeys(
        [
            "Answer",
            "AnswerOrigin",
            "AnswerProvenance",
            "CommitteeFormAnswer",
            "QuestionRating",
            "DegreeReason",
            "Evidence",
            "Finding",
            "InformationNeeded",
            "Mitigation",
            "NationalFormAnswer",
            "OutcomeSummary",
            "Period",
            "PortfolioRequirement",
            "DepartmentRequirement",
            "SpecialtyRequirement",
            "ReplayChange",
            "ReplayOverruleEffect",
            "ReviewAnswer",
            "ReviewDeadlines",
            "ReviewRequestReason",
            "ReviewerReason",
            "Source",
        ],
        PART_OF_ITS_PARENT,
    ),
}
PLUMBING = ("Query", "Mutation", "Subscription", "PageInfo")


def test_every_object_type_is_a_node_or_a_declared_value() -> None:
    schema = build_schema()._schema
    undeclared, declared_nodes = [], []
    for name, graphql_type in schema.type_map.items():
        if not isinstance(graphql_type, GraphQLObjectType) or name.startswith("__") or name in PLUMBING:
            continue
        if name.endswith(("Payload", "Connection", "Edge")):
            continue
        is_node = any(interface.name == "Node" for interface in graphql_type.interfaces)
        if is_node and name in VALUES:
            declared_nodes.append(name)
        elif not is_node and name not in VALUES:
            undeclared.append(name)
    assert undeclared == [], "make these implement Node, or declare them values here with the reason"
    assert declared_nodes == [], "these are Nodes now: take them off the list of values"


async def test_a_plan_phase_and_a_responsibility_are_fetched_by_their_ids(graphql: GraphQLClient) -> None:
    data = await graphql.data(
        """{ plan(code: "panzhihua-2017") { phases { id seq nameZh } }
             department(code: "panzhihua.education-sport-bureau") {
               obligations { leads { id role task { code } } } } }"""
    )
    phase = data["plan"]["phases"][0]
    lead = data["department"]["obligations"]["leads"][0]
    fetched = await graphql.data(
        """query($ids: [ID!]!) { nodes(ids: $ids) { id ... on PlanPhase { seq nameZh }
             ... on Responsibility { role task { code } } } }""",
        {"ids": [phase["id"], lead["id"]]},
    )
    assert fetched["nodes"] == [phase, lead]
