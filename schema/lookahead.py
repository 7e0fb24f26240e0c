"""Looking ahead at what a query selects below the field being resolved, so a resolver can load in one batch
what the fields below it will ask for, and those fields can answer at once from rows already loaded instead
of each awaiting a loader (issue 15: an awaitable per resolved field is most of a nested read's cost).

The look-ahead follows fragments (named and inline) but does not evaluate `@skip`/`@include`: it may say a
field is asked for when a directive leaves it out (one batch loaded for nothing), never that a field asked
for is not. It never changes what a query returns, only when rows are loaded.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Iterator
from typing import Any

from graphql import FieldNode, FragmentDefinitionNode, FragmentSpreadNode, InlineFragmentNode, SelectionNode
from strawberry.dataloader import DataLoader

from schema.context import Info


def asks_for(info: Info, *path: Collection[str]) -> bool:
    """Whether the query selects, below the field being resolved, a field named in `path[0]` holding one
    named in `path[1]`, and so on (schema names, as the query spells them: `cooperatesOn`)."""
    # graphql-core's own nodes: strawberry's public `selected_fields` would convert the whole subtree, argument
    # values included, on every call, and a page of 100 departments asks several times each.
    raw = info._raw_info
    level: list[FieldNode] = list(raw.field_nodes)
    for names in path:
        level = [
            child
            for node in level
            if node.selection_set is not None
            for child in _fields(node.selection_set.selections, raw.fragments)
            if child.name.value in names
        ]
        if not level:
            return False
    return True


def _fields(selections: Collection[SelectionNode], fragments: dict[str, FragmentDefinitionNode]) -> Iterator[FieldNode]:
    for selection in selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(selection.selection_set.selections, fragments)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                yield from _fields(fragment.selection_set.selections, fragments)


def now_or_later(loader: DataLoader[Any, Any], key: Any, build: Callable[[Any], Any]) -> Any:
    """The object built from what `loader` gives for `key`: at once when this request has loaded it already (a
    resolver above looked ahead and loaded it in one batch), so the executor schedules no awaitable for it;
    otherwise an awaitable that loads it. The field's resolver is synchronous for this to help."""
    loaded = loader.cache_map.get(key)
    if loaded is not None and loaded.done() and not loaded.cancelled() and loaded.exception() is None:
        return build(loaded.result())
    return _build_when_loaded(loader.load(key), build)


async def _build_when_loaded(row: Awaitable[Any], build: Callable[[Any], Any]) -> Any:
    return build(await row)
