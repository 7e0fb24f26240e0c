"""Pathways and the evidence behind them, checked when a checklist is compiled.

Every citation names a source the checklist lists. Under `settings.require_pathways` (checklist v2 on), every
finding names the health outcome it is about, and every rule that makes a finding cites at least one source
with the claim it takes from it: a committee can then see on what evidence each finding rests.
"""

from __future__ import annotations

from hia_rules.messages import _
from hia_rules.model import Checklist


def check_references(checklist: Checklist) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    source_ids = [s.id for s in checklist.sources]
    for duplicate in sorted({i for i in source_ids if source_ids.count(i) > 1}):
        problems.append(("sources", _("source id {id!r} is used twice", id=duplicate)))
    known = set(source_ids)
    required = checklist.settings.require_pathways
    for i, rule in enumerate(checklist.rules):
        path = f"rules[{i}](id={rule.id})"
        for j, citation in enumerate(rule.evidence):
            if citation.source not in known:
                problems.append(
                    (f"{path}.evidence[{j}].source", _("no source {source!r} in `sources`", source=citation.source))
                )
        if not required or not rule.then.findings:
            continue
        if not rule.evidence:
            problems.append((f"{path}.evidence", _("a rule that makes findings cites at least one source")))
        for j, finding in enumerate(rule.then.findings):
            if finding.outcome is None:
                problems.append(
                    (f"{path}.then.findings[{j}].outcome", _("a finding names the health outcome it is about"))
                )
    return problems
