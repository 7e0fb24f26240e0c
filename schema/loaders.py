"""DataLoaders, built once per request so batching and caching never cross requests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from strawberry.dataloader import DataLoader

from service import audit
from service.catalog import batches
from service.intake import storage
from service.monitoring import reads as monitoring_reads
from service.review import ratings
from service.review import reads as review_reads
from service.screening import batches as screening_batches
from service.screening import reads as screening_reads

# Screening records are confidential: their loaders read through the principal's scope, so `node(id:)`
# on a proposal the caller may not see gives null, exactly as for an id that does not exist.
SCOPED_BY_ID: dict[str, Callable[..., Awaitable[list[Any]]]] = {
    "proposal": screening_reads.visible_proposals,
    "assessment": screening_reads.visible_assessments,
    "screeningReplay": screening_reads.visible_replays,
    "committee": review_reads.committees,
    "committeeMember": review_reads.members,
    "expertRating": ratings.visible_ratings,
    "auditEvent": audit.visible_events,
    "proposalDocument": storage.visible_documents,
    **{kind: partial(review_reads.visible, kind=kind) for kind in review_reads.VISIBLE_BY_PROPOSAL},
}
SCOPED_BY_CODE = {"proposal": screening_reads.visible_proposals_by_code}

if TYPE_CHECKING:
    from schema.context import Context


class Loaders:
    def __init__(self, context: Context) -> None:
        self._context = context
        self._by_id: dict[str, DataLoader[int, Any]] = {}
        self._by_code: dict[str, DataLoader[str, Any]] = {}
        self.portfolios_by_department = self._make(batches.portfolios_by_department)
        self.names_by_department = self._make(batches.names_by_department)
        self.departments_by_portfolio = self._make(batches.departments_by_portfolio_and_jurisdiction)
        self.linked_indicator_ids = self._make(batches.indicator_links)
        self.indicator_ids_by_task = self._make(batches.indicator_ids_by_task)
        self.tasks_by_indicator = self._make(batches.tasks_by_indicator)
        self.targets_by_indicator = self._make(batches.targets_by_indicator_in_jurisdiction)
        self.targets_by_task = self._make(batches.targets_by_task)
        self.dimensions_by_framework = self._make(batches.dimensions_by_framework)
        self.phases_by_plan = self._make(batches.phases_by_plan)
        self.plans_by_jurisdiction = self._make(batches.plans_by_jurisdiction)
        self.plan_by_seed = self._make(batches.plans_by_seed)
        self.jurisdiction_children = self._make(batches.jurisdiction_children)
        self.indicators_by_dimension = self._make(batches.indicators_by_dimension)
        self.tasks_by_working_group = self._make(batches.tasks_by_working_group)
        self.working_groups_by_plan = self._make(batches.working_groups_by_plan)
        self.frameworks_by_plan = self._make(batches.frameworks_by_plan)
        self.subtasks = self._make(batches.subtasks)
        self.responsibilities_of_task = self._make(batches.responsibilities_of_tasks)
        self.responsibilities_of_indicator = self._make(batches.responsibilities_of_indicators)
        self.responsibilities_of_working_group = self._make(batches.responsibilities_of_working_groups)
        self.obligations = self._make(batches.obligations)
        self.department_pages = self._make(batches.department_pages)
        self.task_pages = self._make(batches.task_pages)
        self.indicator_pages = self._make(batches.indicator_pages)
        self.assessments_of_proposal = self._make(screening_batches.assessments_of)
        self.replay_change_pages = self._make(screening_batches.replay_change_pages)
        self.requests_of_assessment = self._make(review_reads.requests_of_assessments)
        # Reached through a proposal the caller sees; the scope still withholds what blind review seals.
        scope = context.principal.proposal_scope()
        self.review_of_request = self._make(partial(review_reads.reviews_by_request, scope=scope))
        self.conditions_of_review = self._make(partial(review_reads.conditions_of_reviews, scope=scope))
        self.conditions_of_assessment = self._make(partial(review_reads.conditions_of_assessments, scope=scope))
        self.conclusion_of_assessment = self._make(review_reads.conclusions_by_assessment)
        self.settled_form_of_assessment = self._make(review_reads.settled_forms_by_assessment)
        self.members_of_committee = self._make(review_reads.members_of)
        self.open_review_count = self._make(review_reads.open_review_counts)
        self.event_pages = self._make(review_reads.event_pages)
        # Conditions a department answers for, on proposals this principal may see.
        self.condition_pages_of_department = self._make(
            partial(review_reads.department_condition_pages, principal=context.principal)
        )
        self.target_status = self._make(monitoring_reads.target_statuses)
        self.observation_pages = self._make(monitoring_reads.observation_pages)
        self.observation_versions = self._make(monitoring_reads.versions)
        self.progress_pages = self._make(monitoring_reads.progress_pages)

        async def my_expert_ids(keys: list[None]) -> list[Any]:
            # the caller's committee membership as an expert, looked up once per request whatever asks for it
            found = await context.db(review_reads.my_expert_ids, context.principal)
            return [found for _key in keys]

        self.my_expert_ids: DataLoader[None, Any] = DataLoader(load_fn=my_expert_ids)

        async def load_ahead(keys: list[tuple[str, tuple[Any, ...]]]) -> list[None]:
            wanted: dict[str, set[Any]] = {}
            for name, loader_keys in keys:
                wanted.setdefault(name, set()).update(loader_keys)
            for name, union in wanted.items():
                await self._named(name).load_many(list(union))
            return [None] * len(keys)

        self._ahead: DataLoader[tuple[str, tuple[Any, ...]], None] = DataLoader(load_fn=load_ahead)

    async def load_ahead(self, name: str, keys: Sequence[Any]) -> None:
        """Load `keys` into loader `name` (`task` for rows by id, or a loader attribute such as
        `targets_by_task`) so the fields below answer at once (schema/lookahead.py). Every caller waits for one
        shared batch, even with no keys, so resolvers that look ahead all resume together and the batches after
        them stay whole: a read's statement count does not depend on which parents had anything to load."""
        await self._ahead.load((name, tuple(keys)))

    def _named(self, name: str) -> DataLoader[Any, Any]:
        loader = getattr(self, name, None)
        return loader if isinstance(loader, DataLoader) else self.by_id(name)

    def _make(self, batch: Callable[..., Awaitable[Sequence[Any]]]) -> DataLoader[Any, Any]:
        context = self._context

        async def load(keys: list[Any]) -> list[Any]:
            return list(await context.db(batch, keys))

        return DataLoader(load_fn=load)

    def by_id(self, kind: str) -> DataLoader[int, Any]:
        """Rows of one kind (`jurisdiction`, `department`, `task` ...) by primary key; None when absent."""
        if kind not in self._by_id:
            context = self._context
            scoped = SCOPED_BY_ID.get(kind)

            async def load(ids: list[int]) -> list[Any]:
                if scoped is not None:
                    return await context.db(scoped, context.principal, ids)
                return await context.db(batches.rows_by_id, kind, ids)

            self._by_id[kind] = DataLoader(load_fn=load)
        return self._by_id[kind]

    def by_code(self, kind: str) -> DataLoader[str, Any]:
        """Rows of one kind by their human code; None when no row has it."""
        if kind not in self._by_code:
            context = self._context
            scoped = SCOPED_BY_CODE.get(kind)

            async def load(codes: list[str]) -> list[Any]:
                if scoped is not None:
                    return await context.db(scoped, context.principal, codes)
                return await context.db(batches.rows_by_code, kind, codes)

            self._by_code[kind] = DataLoader(load_fn=load)
        return self._by_code[kind]
