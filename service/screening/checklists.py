"""Checklist versions: the shipped files are published on setup; new versions are published by the
committee; every proposal and assessment keeps the version it was made with."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import hia_rules
from db.models import ChecklistVersion
from db.repositories import screening as repo
from db.repositories.paging import Page, PageRequest
from service import idempotency
from service.auth.principal import Principal
from service.errors import NotFoundError, ValidationFailed
from service.i18n import _

DEFAULT_CHECKLIST = "hiap-screening"

# Compiling is pure and versions never change once published: one compiled checklist per content hash.
_compiled: dict[str, hia_rules.CompiledChecklist] = {}


def compiled(version: ChecklistVersion) -> hia_rules.CompiledChecklist:
    found = _compiled.get(version.content_hash)
    if found is None:
        found = _compiled[version.content_hash] = hia_rules.load_checklist_text(
            version.source_yaml, source=f"{version.checklist_id}@{version.version}"
        )
    return found


async def _validate(session: AsyncSession, text: str, source: str) -> hia_rules.CompiledChecklist:
    indicators, portfolios = await repo.catalog_codes(session)
    try:
        return hia_rules.load_checklist_text(text, indicators=indicators, portfolios=portfolios, source=source)
    except hia_rules.ChecklistError as exc:
        raise ValidationFailed([(["input", "yaml", p.path], p.message) for p in exc.problems]) from exc


async def publish_by(
    session: AsyncSession, principal: Principal, text: str, idempotency_key: str | None = None
) -> ChecklistVersion:
    """`publish` for a caller: the same content published again is the version already stored; an idempotency
    key besides refuses its reuse with other content (IDEMPOTENCY_CONFLICT)."""
    return await idempotency.once(
        session,
        principal,
        "publishChecklist",
        idempotency_key,
        {"yaml": text},
        lambda: publish(session, text, principal.user),
        ChecklistVersion,
    )


async def publish(session: AsyncSession, text: str, published_by: str | None) -> ChecklistVersion:
    """Validate a checklist against the catalog and the engine's limits and store it as a new version."""
    return await _store(session, text, await _validate(session, text, "checklist"), published_by)


async def _store(
    session: AsyncSession, text: str, checked: hia_rules.CompiledChecklist, published_by: str | None
) -> ChecklistVersion:
    existing = await repo.checklist_version_by_hash(session, checked.content_hash)
    if existing is not None:
        return existing
    latest = await repo.checklist_version(session, checked.checklist.id, None)
    if latest is not None and checked.checklist.version <= latest.version:
        raise ValidationFailed(
            [
                (
                    ["input", "yaml", "version"],
                    _(
                        "{checklist} version {version} is published; a new version must be above it",
                        checklist=checked.checklist.id,
                        version=latest.version,
                    ),
                )
            ]
        )
    row = ChecklistVersion(
        checklist_id=checked.checklist.id,
        version=checked.checklist.version,
        title_zh=checked.checklist.title_zh,
        title_en=checked.checklist.title_en,
        content_hash=checked.content_hash,
        source_yaml=text,
        published_by=published_by,
    )
    await repo.add(session, row)
    _compiled[checked.content_hash] = checked
    return row


async def publish_shipped(session: AsyncSession, paths: list[Path] | None = None) -> list[str]:
    """Publish the checklists that ship with the service and are not in the database yet."""
    published = []
    for path in paths if paths is not None else hia_rules.shipped_checklists():
        text = path.read_text(encoding="utf-8")
        checked = await _validate(session, text, str(path))
        if await repo.checklist_version_by_hash(session, checked.content_hash) is not None:
            continue
        same = await repo.checklist_version(session, checked.checklist.id, checked.checklist.version)
        if same is not None:
            raise ValidationFailed(
                [
                    (
                        [str(path)],
                        _(
                            "{checklist} was published with other content; give the change a new version",
                            checklist=checked.key,
                        ),
                    )
                ]
            )
        # Validated once: compiling a checklist is most of a first start's publishing.
        await _store(session, text, checked, "shipped with the service")
        published.append(checked.key)
    return published


async def resolve(
    session: AsyncSession, version: int | None, field: list[str], checklist_id: str = DEFAULT_CHECKLIST
) -> ChecklistVersion:
    """A published version, or the latest when `version` is None."""
    found = await repo.checklist_version(session, checklist_id, version)
    if found is None:
        if version is not None:
            missing = _(
                "checklist {checklist} has no published version {version}", checklist=checklist_id, version=version
            )
        else:
            missing = _("checklist {checklist} has no published version", checklist=checklist_id)
        raise NotFoundError(missing, field)
    return found


async def versions(session: AsyncSession, request: PageRequest) -> Page[Any]:
    return await repo.checklist_versions_page(session, request)
