"""`hia assess` and `hia checklist validate`: screening from the command line, without a database."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import TextIO

import hia_rules
from hia_rules.examples import example_input, load_example
from hia_rules.yaml_loader import load_yaml
from service.catalog.loader import DEFAULT_SEED_DIR, indicators_of, read_seed_set
from service.screening.checklists import DEFAULT_CHECKLIST


def catalog_codes(seed_dir: Path = DEFAULT_SEED_DIR) -> tuple[set[str], set[str]]:
    """Indicator and portfolio codes of the seed files: what a checklist may refer to."""
    seeds = read_seed_set(seed_dir)
    indicators = {i.code for _p, pf in seeds.plan_files for f in pf.frameworks for i, _d in indicators_of(f)}
    return indicators, {p.code for p in seeds.portfolios.portfolios}


def checklist_path(choice: str | None) -> Path:
    """A checklist file by path, or a shipped version by number (latest when None)."""
    if choice is not None and Path(choice).is_file():
        return Path(choice)
    shipped = {p.stem: p for p in hia_rules.shipped_checklists()}
    if choice is None:
        if not shipped:
            raise FileNotFoundError("no checklist ships with the service")
        return max(shipped.values(), key=lambda p: int(p.stem.rsplit("-v", 1)[1]))
    name = f"{DEFAULT_CHECKLIST}-v{choice}"
    if name not in shipped:
        raise FileNotFoundError(
            f"no checklist file or shipped version {choice!r} (shipped: {', '.join(sorted(shipped))})"
        )
    return shipped[name]


def validate(path: Path, out: TextIO = sys.stdout) -> int:
    indicators, portfolios = catalog_codes()
    try:
        compiled = hia_rules.load_checklist(path, indicators=indicators, portfolios=portfolios)
    except hia_rules.ChecklistError as exc:
        print(exc, file=sys.stderr)
        return 1
    from hia_rules.durable_engine import compile_ruleset

    definition, groups = compile_ruleset(compiled)
    checklist = compiled.checklist
    print(
        f"ok: {checklist.key}: {len(checklist.questions)} questions, {len(checklist.rules)} rules "
        f"({len(definition)} engine rules over {len(groups)} facts per proposal), "
        f"{len(checklist.determinants)} determinants",
        file=out,
    )
    return 0


def _proposal(path: Path) -> hia_rules.ScreeningInput:
    data = load_yaml(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and "proposal" in data:
        return load_example(path).given
    # A bare proposal: the same fields as an example's `proposal`.
    return example_input(data, path)


def assess(
    proposal_path: Path, checklist: str | None, as_json: bool, evaluator: hia_rules.Evaluator, out: TextIO = sys.stdout
) -> int:
    path = checklist_path(checklist)
    compiled = hia_rules.load_checklist(path)
    try:
        outcome = hia_rules.screen(compiled, _proposal(proposal_path), evaluator)
    except hia_rules.InputError as exc:
        for problem in exc.problems:
            print(f"{proposal_path}: {'.'.join(problem.field)}: {problem.message}", file=sys.stderr)
        return 1
    if as_json:
        json.dump(dataclasses.asdict(outcome), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    model = compiled.checklist
    line = "-" * 78
    print(f"{model.title_zh} / {model.title_en}  ({model.key}, inputs {outcome.inputs_hash[:12]})", file=out)
    print(line, file=out)
    print(
        f"Scope       {'IN' if outcome.in_scope else 'OUT'}  {outcome.scope_reason_zh} / {outcome.scope_reason_en}",
        file=out,
    )
    print(f"Degree      {outcome.impact_degree} -> {outcome.procedure}", file=out)
    for r in outcome.degree_reasons:
        mark = "*" if r.decisive else " "
        print(f"  {mark} {r.degree:<8} {r.text_zh} / {r.text_en}", file=out)
        for zh in r.matched_zh:
            print(f"  {'':<10} · {zh}", file=out)
    form = "  ".join(f"{a.number}:{a.answer}" for a in outcome.national_form)
    print(f"National    {form}", file=out)
    print(line, file=out)
    print(f"{'indicator':<10} {'outcome':<26} {'effect':<9} {'severity':<8} rule", file=out)
    for f in outcome.findings:
        # A finding on an outcome no indicator measures names none (checklists from v2): shown as "—".
        print(f"{f.indicator or '—':<10} {f.outcome or '':<26} {f.effect:<9} {f.severity:<8} {f.rule_id}", file=out)
        print(f"{'':<10} matched: {'; '.join(f.matched)}", file=out)
        for source in f.evidence:
            checked = "" if source.verified else "（待核实）"
            print(f"{'':<10} evidence: {source.title} {source.identifier or ''}{checked}".rstrip(), file=out)
    if not outcome.findings:
        print("(no findings)", file=out)
    print(line, file=out)
    print("Portfolios  " + (", ".join(r.code for r in outcome.required_portfolios) or "-"), file=out)
    print("Specialties " + (", ".join(r.code for r in outcome.required_specialties) or "-"), file=out)
    print("Needs info  " + (", ".join(outcome.needs_information) or "-"), file=out)
    if outcome.unanswered:
        print("Unanswered  " + ", ".join(outcome.unanswered) + "  (submitting is refused until answered)", file=out)
    for m in outcome.mitigations:
        print(f"Mitigation  {m.zh} / {m.en} ({m.rule_id})", file=out)
    return 0
