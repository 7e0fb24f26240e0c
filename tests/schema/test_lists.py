"""A list that can grow is a connection (paged, counted, with cursors); a plain list is kept only where it is
bounded, and this file says why (issue 14). A new plain list of objects must be declared here or be a connection."""

from __future__ import annotations

from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLOutputType, get_named_type

from schema import build_schema

SOURCE_PLANS = "fixed by the transcribed plans: it changes only when a plan is loaded, and stays within one plan's size"
ONE_SCREENING = "bounded by one screening: the rules that fired and the indicators and targets they name"
ONE_PROPOSAL = "bounded by one proposal or round: its documents, rounds, requests and conditions (a handful each)"
COMMITTEE = "a committee's membership and one round's panel: tens of people, former members included"
CORRECTIONS = "the versions of one recorded value: a correction is rare"
ONE_INPUT = "what one mutation's input recorded: as long as the input, which the request size bounds"

BOUNDED: dict[str, str] = {
    **dict.fromkeys(
        [
            "Department.portfolios",
            "DepartmentObligations.leads",
            "DepartmentObligations.cooperatesOn",
            "DepartmentObligations.responsibleFor",
            "Dimension.children",
            "Dimension.indicators",
            "Indicator.targets",
            "Indicator.responsibleDepartments",
            "Indicator.linkedIndicators",
            "Indicator.tasks",
            "IndicatorFramework.dimensions",
            "IndicatorObligation.viaTasks",
            "IndicatorObligation.targets",
            "Jurisdiction.children",
            "Jurisdiction.plans",
            "Jurisdiction.departmentsForPortfolio",
            "Plan.phases",
            "Plan.workingGroups",
            "Plan.indicatorFrameworks",
            "Portfolio.departments",
            "Task.subtasks",
            "Task.assignments",
            "Task.indicators",
            "Task.targets",
            "WorkingGroup.members",
            "WorkingGroup.tasks",
        ],
        SOURCE_PLANS,
    ),
    **dict.fromkeys(
        ["Finding.linkedIndicators", "Finding.targets", "Finding.bindingTargetsAtRisk", "Proposal.places"],
        ONE_SCREENING,
    ),
    **dict.fromkeys(
        [
            "Proposal.documents",
            "Proposal.assessments",
            "Proposal.reviewRounds",
            "Review.conditions",
            "ReviewRound.reviewRequests",
            "ReviewRound.conditions",
        ],
        ONE_PROPOSAL,
    ),
    **dict.fromkeys(["Committee.members", "RoundRating.missingExperts", "RoundRating.ratings"], COMMITTEE),
    "Observation.history": CORRECTIONS,
    **dict.fromkeys(["RecordObservationsPayload.observations", "RecordTaskProgressPayload.reports"], ONE_INPUT),
}


def _plain_lists_of_nodes() -> set[str]:
    schema = build_schema()._schema
    found = set()
    for name, graphql_type in schema.type_map.items():
        if not isinstance(graphql_type, GraphQLObjectType) or name.startswith("__") or name.endswith("Connection"):
            continue
        for field_name, field in graphql_type.fields.items():
            inner: GraphQLOutputType = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
            item = get_named_type(inner)
            is_node = isinstance(item, GraphQLObjectType) and any(i.name == "Node" for i in item.interfaces)
            if isinstance(inner, GraphQLList) and is_node:
                found.add(f"{name}.{field_name}")
    return found


def test_every_plain_list_of_objects_is_declared_bounded() -> None:
    plain = _plain_lists_of_nodes()
    assert sorted(plain - BOUNDED.keys()) == [], "make these connections, or declare them bounded here with why"
    assert sorted(BOUNDED.keys() - plain) == [], "these are no longer plain lists: take them off"


def test_the_lists_that_grow_with_use_are_connections() -> None:
    schema = build_schema()._schema
    for type_name, field_name in [("DepartmentObligations", "conditions"), ("Query", "checklists")]:
        parent = schema.type_map[type_name]
        assert isinstance(parent, GraphQLObjectType)
        field = parent.fields[field_name]
        assert get_named_type(field.type).name.endswith("Connection"), f"{type_name}.{field_name}"
        assert {"first", "after", "last", "before"} <= field.args.keys()
