"""Operation limits: size, depth, aliases and cost, each violation named with its limit and a code.

An operation's shape is measured in one pass over the document that is linear in its size: a fragment is
measured once, under its own type condition, and every spread of it reuses that measure (multiplied where
the spread sits under a list). A document whose fragments fan out (`F0 { ...F1 ...F1 }`, `F1 { ...F2
...F2 }`, ...) therefore costs as many steps as it has nodes, not as many as its expansion, and is refused
for its expanded size before graphql-core's own rules (some of which walk every expanded spread) ever see it.

The cost is counted as GitHub does, the nodes the operation could return: a connection counts its page size
(a variable counts at the maximum, 100, so the verdict does not depend on variables and is cached with the
document); a plain list of objects counts the estimate declared for it below (or `DEFAULT_LIST_SIZE`); both
multiply everything beneath them. Introspection is bounded by the schema and not counted (production turns it
off). The validation that follows is cached per document and rule set.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
)
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import FieldExtension, SchemaExtension
from strawberry.schema.schema import validate_document
from strawberry.types import Info

from service.errors import PageSizeError
from service.i18n import _
from service.paging import MAX_PAGE_SIZE

log = logging.getLogger("hia.graphql")

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 2_000
# Now that plain lists count (with generous typical sizes), ordinary catalog reads estimate well above what
# they return: the department-obligations read at page size 100 counts 11,300 and returns about 1,900 objects
# in under 0.1 s; every jurisdiction with its departments, plans, phases and tasks counts 28,400. The nested-
# list document of issue 10 (119 bytes, 15-21 s of work before plain lists counted) counts 109,300.
MAX_COST = 30_000
# Selections once every fragment spread is expanded: far above any hand-written operation (the token limit
# keeps those near 1,000), far below what makes validation or execution slow.
MAX_SELECTIONS = 5_000
# `nodes(ids:)` fetches at most a page's worth of objects.
MAX_NODE_IDS = MAX_PAGE_SIZE
_CAP = 10**15  # measures are capped here: past any limit, and small enough to stay cheap integers

# How many objects a plain (unpaged) list of objects holds, for the cost. Bounded lists say their bound;
# catalog lists a generous typical size (in the shipped catalog: obligations of a department 3-5 per role on
# average, up to 42 indicators for the one department that answers for the whole national system; an
# indicator's tasks 2 on average, up to 10). A list not named here counts DEFAULT_LIST_SIZE.
DEFAULT_LIST_SIZE = 10
LIST_SIZES: dict[str, int] = {
    "Query.checklists": 10,
    "Department.portfolios": 3,
    "Portfolio.departments": 20,
    "Jurisdiction.children": 20,
    "Jurisdiction.plans": 3,
    "Jurisdiction.departmentsForPortfolio": 3,
    "Plan.phases": 5,
    "Plan.workingGroups": 10,
    "Plan.indicatorFrameworks": 3,
    "IndicatorFramework.dimensions": 6,
    "Dimension.children": 10,
    "Dimension.indicators": 10,
    "Indicator.targets": 3,
    "Indicator.responsibleDepartments": 3,
    "Indicator.linkedIndicators": 2,
    "Indicator.tasks": 3,
    "Task.subtasks": 10,
    "Task.assignments": 10,
    "Task.indicators": 3,
    "Task.targets": 3,
    "WorkingGroup.members": 20,
    "WorkingGroup.tasks": 10,
    "DepartmentObligations.leads": 5,
    "DepartmentObligations.cooperatesOn": 5,
    "DepartmentObligations.responsibleFor": 5,
    "DepartmentObligations.indicators": 8,
    "DepartmentObligations.conditions": 5,
    "IndicatorObligation.viaTasks": 2,
    "IndicatorObligation.targets": 3,
    "Assessment.nationalForm": 10,
    "ScreeningPreview.nationalForm": 10,
}


@dataclass(frozen=True)
class Shape:
    """What a selection set amounts to once its fragments are expanded (cost for a multiplier of 1)."""

    selections: int = 0
    depth: int = 0
    aliases: int = 0
    cost: int = 0

    def __add__(self, other: Shape) -> Shape:
        return Shape(
            min(self.selections + other.selections, _CAP),
            max(self.depth, other.depth),
            min(self.aliases + other.aliases, _CAP),
            min(self.cost + other.cost, _CAP),
        )


def _is_list(graphql_type: Any) -> bool:
    while isinstance(graphql_type, GraphQLNonNull):
        graphql_type = graphql_type.of_type
    return isinstance(graphql_type, GraphQLList)


class _Measure:
    """One pass over one document; `steps` counts the nodes visited (a test holds it linear)."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode) -> None:
        self.schema = schema
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.measured: dict[str, Shape] = {}
        self.in_progress: set[str] = set()
        self.steps = 0

    def operation(self, operation: OperationDefinitionNode) -> Shape:
        root = self.schema.get_root_type(operation.operation)
        return self.selection_set(operation.selection_set, root)

    def selection_set(self, selection_set: SelectionSetNode | None, parent: Any) -> Shape:
        shape = Shape()
        if selection_set is None:
            return shape
        for selection in selection_set.selections:
            self.steps += 1
            if isinstance(selection, FieldNode):
                shape = shape + self.field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                shape = shape + self.selection_set(selection.selection_set, inner) + Shape(selections=1)
            elif isinstance(selection, FragmentSpreadNode):
                shape = shape + self.fragment(selection.name.value) + Shape(selections=1)
        return shape

    def fragment(self, name: str) -> Shape:
        if name in self.measured:
            return self.measured[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.in_progress:
            return Shape()  # unknown or cyclic: graphql-core's own rules name it
        self.in_progress.add(name)
        shape = self.selection_set(definition.selection_set, self.schema.get_type(definition.type_condition.name.value))
        self.in_progress.discard(name)
        self.measured[name] = shape
        return shape

    def field(self, node: FieldNode, parent: Any) -> Shape:
        name = node.name.value
        fields = getattr(parent, "fields", None)  # object and interface types; None for unions, unknown types
        definition = fields.get(name) if fields else None
        inner_type = get_named_type(definition.type) if definition is not None else None
        inner = self.selection_set(node.selection_set, inner_type)
        introspection = name.startswith("__") or (parent is not None and parent.name.startswith("__"))
        depth = 0 if introspection or node.selection_set is None else min(1 + inner.depth, _CAP)
        size = None if introspection or definition is None else self._size(node, parent.name, definition)
        cost = inner.cost if size is None else min(size + size * inner.cost, _CAP)
        return Shape(min(1 + inner.selections, _CAP), depth, min((1 if node.alias else 0) + inner.aliases, _CAP), cost)

    @staticmethod
    def _size(node: FieldNode, parent_name: str, definition: Any) -> int | None:
        """How many objects the field multiplies by: a connection's page, a list's estimate, else None."""
        if "first" in definition.args or "last" in definition.args:
            for argument in node.arguments or ():
                if argument.name.value in ("first", "last"):
                    if isinstance(argument.value, IntValueNode):
                        return max(1, min(int(argument.value.value), MAX_PAGE_SIZE))
                    return MAX_PAGE_SIZE  # a variable: the most it could be
            return MAX_PAGE_SIZE  # no page size: refused when resolved, counted at the most here
        if parent_name.endswith(("Connection", "Edge")):
            return None  # edges and nodes are the connection's page, already counted
        if parent_name == "Query" and node.name.value == "nodes":
            for argument in node.arguments or ():
                if argument.name.value == "ids" and isinstance(argument.value, ListValueNode):
                    return max(1, len(argument.value.values))
            return MAX_NODE_IDS
        if _is_list(definition.type) and hasattr(get_named_type(definition.type), "fields"):
            return LIST_SIZES.get(f"{parent_name}.{node.name.value}", DEFAULT_LIST_SIZE)
        return None


def _limit_error(message: str, code: str, node: Any) -> GraphQLError:
    return GraphQLError(message, [node], extensions={"code": code})


def measure_operations(schema: GraphQLSchema, document: DocumentNode) -> tuple[list[GraphQLError], int]:
    """The limits each operation of the document breaks, and the number of nodes visited to find out."""
    measure = _Measure(schema, document)
    errors: list[GraphQLError] = []
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        name = definition.name.value if definition.name else "anonymous operation"
        shape = measure.operation(definition)
        if shape.selections > MAX_SELECTIONS:
            # Nothing else is worth saying about it, and nothing else should walk it.
            errors.append(
                _limit_error(
                    f"'{name}' expands to {shape.selections:,} selections through its fragments; the limit is "
                    f"{MAX_SELECTIONS:,}",
                    "DOCUMENT_TOO_LARGE",
                    definition,
                )
            )
            continue
        if shape.depth > MAX_DEPTH:
            errors.append(
                _limit_error(f"'{name}' exceeds maximum operation depth of {MAX_DEPTH}", "DEPTH_LIMIT", definition)
            )
        if shape.aliases > MAX_ALIASES:
            errors.append(
                _limit_error(f"{shape.aliases:,} aliases found. Allowed: {MAX_ALIASES}", "ALIAS_LIMIT", definition)
            )
        if shape.cost > MAX_COST:
            errors.append(
                _limit_error(
                    f"'{name}' could return {shape.cost:,} nodes; the limit is {MAX_COST:,} (ask for smaller pages)",
                    "COST_LIMIT",
                    definition,
                )
            )
    return errors, measure.steps


# Limits can be lifted for a benchmark that measures what they cost (bench/hardening.py).
LIMITS_ON = True


@lru_cache(maxsize=256)
def _validate(schema: GraphQLSchema, document: DocumentNode, rules: tuple[Any, ...]) -> list[GraphQLError]:
    if LIMITS_ON:
        errors, _steps = measure_operations(schema, document)
        if errors:
            return errors
    return validate_document(schema, document, rules)


class LimitedValidation(SchemaExtension):
    """Validation with the operation limits first, cached per document (in place of strawberry's
    ValidationCache): a document over a limit is refused without graphql-core's rules walking it."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        assert context.graphql_document is not None
        context.pre_execution_errors = _validate(
            context.schema._schema, context.graphql_document, tuple(context.validation_rules)
        )
        yield


class AtMostNodeIds(FieldExtension):
    """`nodes(ids:)` refuses more than MAX_NODE_IDS ids, however they arrive (the cost counts a literal list;
    a variable can hold any number)."""

    @staticmethod
    def _check(kwargs: dict[str, Any]) -> None:
        ids = kwargs.get("ids") or ()
        if len(ids) > MAX_NODE_IDS:
            raise PageSizeError(
                _("ids holds {count:,} ids; at most {limit} are allowed", count=len(ids), limit=MAX_NODE_IDS), ["ids"]
            )

    def resolve(self, next_: Callable[..., Any], source: Any, info: Info, **kwargs: Any) -> Any:
        self._check(kwargs)
        return next_(source, info, **kwargs)

    async def resolve_async(self, next_: Callable[..., Any], source: Any, info: Info, **kwargs: Any) -> Any:
        self._check(kwargs)
        result = next_(source, info, **kwargs)
        return await result if inspect.isawaitable(result) else result


class ProductionRules(SchemaExtension):
    """In production (HIA_ENV=production) introspection is refused."""

    def on_operation(self) -> Iterator[None]:
        settings = getattr(self.execution_context.context, "settings", None)
        if settings is not None and settings.production:
            self.execution_context.validation_rules = (
                *self.execution_context.validation_rules,
                NoSchemaIntrospectionCustomRule,
            )
        yield
