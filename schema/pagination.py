"""Relay connections (edges, pageInfo, totalCount) over keyset pages cut in SQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import strawberry

from service.paging import MAX_PAGE_SIZE, page_request

NodeType = TypeVar("NodeType")

PAGE_ARGUMENTS_HELP = f"Pass `first` (with `after`) or `last` (with `before`), at most {MAX_PAGE_SIZE}."


@strawberry.type(description="Where a page sits in its list (Relay).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether items follow this page.")
    has_previous_page: bool = strawberry.field(description="Whether items come before this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item of the page.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last item of the page.")


@strawberry.type(description="An item of a connection with its cursor.")
class Edge(Generic[NodeType]):
    cursor: str = strawberry.field(description="Opaque cursor: pass it as `after` or `before`.")
    node: NodeType = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list, with cursors and the total count (Relay connection).")
class Connection(Generic[NodeType]):
    edges: list[Edge[NodeType]] = strawberry.field(description="The items of this page with their cursors.")
    nodes: list[NodeType] = strawberry.field(description="The items of this page (shortcut for edges.node).")
    page_info: PageInfo = strawberry.field(description="Paging information.")
    total_count: int = strawberry.field(description="Number of items in the whole list (all pages).")


def to_connection(page: Any, convert: Callable[[Any], NodeType]) -> Connection[NodeType]:
    nodes = [convert(row) for row in page.rows]
    return Connection(
        edges=[Edge(cursor=c, node=n) for c, n in zip(page.cursors, nodes, strict=True)],
        nodes=nodes,
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=page.start_cursor,
            end_cursor=page.end_cursor,
        ),
        total_count=page.total_count,
    )


__all__ = ["PAGE_ARGUMENTS_HELP", "Connection", "Edge", "PageInfo", "page_request", "to_connection"]
