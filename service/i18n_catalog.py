"""Keeping the Chinese catalog in step with the code (development time only; the service reads the catalog
through `service.i18n`). `scripts/messages` runs `update`; `tests/test_messages.py` runs `missing`/`mismatched`."""

from __future__ import annotations

import string
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from service.i18n import CATALOG

ROOT = Path(__file__).resolve().parent.parent
# Every package whose text can reach a person through the API (tests and benches are not translated).
SOURCES = ("service", "schema", "hia_rules", "db")


def extracted() -> dict[str, list[tuple[str, int]]]:
    """Each `_("...")` message id in the code, with where it is written."""
    found: dict[str, list[tuple[str, int]]] = {}
    for package in SOURCES:
        for filename, line, message, _comments, _context in extract_from_dir(
            ROOT / package, method_map=[("**.py", "python")], keywords={"_": None}
        ):
            if isinstance(message, str):
                found.setdefault(message, []).append((f"{package}/{filename}", line))
    return found


def read() -> Catalog:
    with CATALOG.open("rb") as po:
        return read_po(po, locale="zh_CN")


def update() -> tuple[int, int]:
    """Add new ids (untranslated), drop ids the code no longer has; returns (added, dropped)."""
    code = extracted()
    old = read() if CATALOG.exists() else Catalog(locale="zh_CN")
    new = Catalog(
        locale="zh_CN",
        project="hia",
        version="",
        header_comment="# hia: messages for people in Chinese; ids are the English text of the code (service/i18n).",
        creation_date=old.creation_date,
        revision_date=old.revision_date,
        fuzzy=False,
    )
    for msgid in sorted(code, key=lambda m: (code[m][0], m)):
        kept = old.get(msgid)
        # Files only, no line numbers: an edit elsewhere in a file must not rewrite the catalog.
        new.add(msgid, kept.string if kept is not None else "", locations=[(f, 0) for f, _ in code[msgid][:3]])
    CATALOG.parent.mkdir(parents=True, exist_ok=True)
    with CATALOG.open("wb") as po:
        write_po(po, new, width=120, include_lineno=False, omit_header=False)
    dropped = sum(1 for m in old if m.id and m.id not in code)
    return sum(1 for m in code if old.get(m) is None), dropped


def missing() -> list[str]:
    """Ids in the code that the catalog does not translate."""
    catalog = read()
    translated = {m.id for m in catalog if m.id and m.string}
    return sorted(m for m in extracted() if m not in translated)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def mismatched() -> list[str]:
    """Translations whose `{placeholders}` are not exactly those of their id (they would fail or drop a value)."""
    return sorted(
        f"{m.id!r} → {m.string!r}"
        for m in read()
        if m.id and m.string and isinstance(m.id, str) and placeholders(m.id) != placeholders(str(m.string))
    )
