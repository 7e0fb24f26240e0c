"""Operation limits: depth, aliases, tokens and cost, each violation named with its limit.

The validation rules are built once, here, at import: strawberry's per-request limiter factories would
create new rule classes for every request and defeat the validation cache (about 9x the cost). The cost
is counted as GitHub does: the nodes connections could return, page sizes multiplied down the tree;
a page size given as a variable counts at the maximum (100), so the rule does not depend on variables
and its verdict can be cached with the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import AddValidationRules, SchemaExtension
from strawberry.extensions.max_aliases import create_validator as alias_validator
from strawberry.extensions.query_depth_limiter import create_validator as depth_validator

from service.paging import MAX_PAGE_SIZE

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 2_000
MAX_COST = 10_000


def _page_size(field: FieldNode) -> int | None:
    for argument in field.arguments or ():
        if argument.name.value in ("first", "last"):
            if isinstance(argument.value, IntValueNode):
                return max(0, min(int(argument.value.value), MAX_PAGE_SIZE))
            return MAX_PAGE_SIZE  # a variable: the most it could be
    return None


def _fields(
    selection_set: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode], seen: frozenset[str]
) -> Iterator[FieldNode]:
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                yield from _fields(fragment.selection_set, fragments, seen | {selection.name.value})


def cost_of(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    multiplier: int = 1,
    seen: frozenset[str] = frozenset(),
) -> int:
    """Nodes the selection could return: each connection counts its page size times its parents'."""
    total = 0
    for field in _fields(selection_set, fragments, seen):
        size = _page_size(field)
        inner = multiplier
        if size is not None:
            inner = multiplier * max(size, 1)
            total += inner
        total += cost_of(field.selection_set, fragments, inner, seen)
        if total > MAX_COST * 100:  # far past the limit: stop counting
            break
    return total


class CostLimit(ValidationRule):
    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        fragments = {d.name.value: d for d in context.document.definitions if isinstance(d, FragmentDefinitionNode)}
        for definition in context.document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                cost = cost_of(definition.selection_set, fragments)
                if cost > MAX_COST:
                    name = definition.name.value if definition.name else "anonymous operation"
                    context.report_error(
                        GraphQLError(
                            f"'{name}' could return {cost:,} nodes; the limit is {MAX_COST:,} (ask for smaller pages)",
                            [definition],
                        )
                    )


RULES: list[Any] = [depth_validator(MAX_DEPTH, None, None), alias_validator(MAX_ALIASES), CostLimit]


class OperationLimits(AddValidationRules):
    """Depth, alias and cost limits, with rules created once for the process."""

    def __init__(self) -> None:
        super().__init__(RULES)


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
