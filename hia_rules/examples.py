"""Example proposals shipped with a checklist, each with the outcome it must produce (like OPA policy tests).

`checklists/examples/<id>-v<version>/*.yaml`, one proposal per file:

    name_zh: 生活垃圾焚烧发电项目          name_en: Waste incinerator near homes
    proposal: {kind, policy_type, investment_yuan, population_affected, vulnerable_groups, answers,
               investment_threshold_yuan}
    expect:                                 # every key is optional; the ones given must hold
      in_scope: true
      impact_degree: MAJOR
      procedure: FULL_ASSESSMENT
      fired_rules: [...]                    # exactly these (any order)
      fired_rules_include: [...]            # at least these
      fired_rules_exclude: [...]            # none of these
      findings_include: [{indicator: CN2018-01, effect: NEGATIVE}]   # indicator and/or outcome; effect,
      findings_exclude: [{outcome: ODOUR_NUISANCE, indicator: CN2018-01}]  # severity optional
      portfolios: [...] / portfolios_include: [...] / portfolios_exclude: [...]   # portfolios (departments
      specialties: [...] / specialties_include: [...] / specialties_exclude: [...] # and experts) to review
      max_portfolios: 4                     # at most this many portfolios and specialties asked to review
      max_specialties: 2
      derived_facts_include: [...]
      national_form: {6: YES, 8: NO}        # the answers of these questions of the form
      needs_information: [...]              # exactly these questions (any order)

Run them: `python -m hia_rules.examples CHECKLIST.yaml` (both evaluators; exit 1 on any mismatch).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hia_rules import screen
from hia_rules.checklist import CompiledChecklist, load_checklist
from hia_rules.facts import ScreeningInput
from hia_rules.outcome import Outcome
from hia_rules.yaml_loader import load_yaml

EXPECTATION_KEYS = {
    "in_scope",
    "impact_degree",
    "procedure",
    "fired_rules",
    "fired_rules_include",
    "fired_rules_exclude",
    "findings_include",
    "findings_exclude",
    "portfolios",
    "portfolios_include",
    "portfolios_exclude",
    "max_portfolios",
    "specialties",
    "specialties_include",
    "specialties_exclude",
    "max_specialties",
    "derived_facts_include",
    "national_form",
    "needs_information",
}
PROPOSAL_KEYS = {
    "kind",
    "policy_type",
    "investment_yuan",
    "population_affected",
    "vulnerable_groups",
    "answers",
    "investment_threshold_yuan",
}


@dataclass(frozen=True)
class Example:
    path: Path
    name_zh: str
    name_en: str
    given: ScreeningInput
    expect: dict[str, Any]


def examples_dir(checklist_path: Path, compiled: CompiledChecklist) -> Path:
    return checklist_path.parent / "examples" / f"{compiled.checklist.id}-v{compiled.checklist.version}"


def load_example(path: Path) -> Example:
    data = load_yaml(path.read_text(encoding="utf-8"))
    unknown = set(data) - {"name_zh", "name_en", "proposal", "expect"}
    proposal = data.get("proposal") or {}
    expect = data.get("expect") or {}
    problems = [f"unknown key {k!r}" for k in sorted(unknown)]
    problems += [f"proposal: unknown key {k!r}" for k in sorted(set(proposal) - PROPOSAL_KEYS)]
    problems += [f"expect: unknown key {k!r}" for k in sorted(set(expect) - EXPECTATION_KEYS)]
    if not expect:
        problems.append("expect: an example must expect something")
    if problems:
        raise ValueError(f"{path}: " + "; ".join(problems))
    return Example(
        path, data.get("name_zh", path.stem), data.get("name_en", path.stem), example_input(proposal, path), expect
    )


def example_input(proposal: dict[str, Any], path: Path) -> ScreeningInput:
    """A proposal as written in an example (or a bare proposal file)."""
    unknown = set(proposal) - PROPOSAL_KEYS
    if unknown:
        raise ValueError(f"{path}: proposal: unknown keys {sorted(unknown)}")
    return ScreeningInput(
        kind=proposal.get("kind", ""),
        policy_type=proposal.get("policy_type"),
        investment_yuan=proposal.get("investment_yuan"),
        population_affected=proposal.get("population_affected"),
        vulnerable_groups=tuple(proposal.get("vulnerable_groups") or ()),
        answers=dict(proposal.get("answers") or {}),
        investment_threshold_yuan=proposal.get("investment_threshold_yuan"),
    )


def load_examples(directory: Path) -> list[Example]:
    return [load_example(p) for p in sorted(directory.glob("*.yaml"))]


def _finding_matches(finding: Any, item: dict[str, Any]) -> bool:
    """An expected finding names an indicator and/or a health outcome; effect and severity are optional."""
    return bool(
        ("indicator" not in item or finding.indicator == item["indicator"])
        and ("outcome" not in item or finding.outcome == item["outcome"])
        and item.get("effect", finding.effect) == finding.effect
        and item.get("severity", finding.severity) == finding.severity
    )


def mismatches(outcome: Outcome, expect: dict[str, Any]) -> list[str]:
    """What the outcome gets wrong against the expectation (empty when it holds)."""
    found: list[str] = []

    def check(name: str, actual: Any, wanted: Any) -> None:
        if actual != wanted:
            found.append(f"{name}: expected {wanted!r}, got {actual!r}")

    fired = set(outcome.fired_rules)
    portfolios = {r.code for r in outcome.required_portfolios}
    specialties = {r.code for r in outcome.required_specialties}
    for key, wanted in expect.items():
        match key:
            case "in_scope":
                check(key, outcome.in_scope, wanted)
            case "impact_degree":
                check(key, outcome.impact_degree, wanted)
            case "procedure":
                check(key, outcome.procedure, wanted)
            case "fired_rules":
                check(key, sorted(fired), sorted(wanted))
            case "fired_rules_include":
                check(key + " (missing)", sorted(set(wanted) - fired), [])
            case "fired_rules_exclude":
                check(key + " (present)", sorted(set(wanted) & fired), [])
            case "findings_include":
                for item in wanted:
                    if not any(_finding_matches(f, item) for f in outcome.findings):
                        found.append(f"findings_include: no finding {item}")
            case "findings_exclude":
                for item in wanted:
                    if any(_finding_matches(f, item) for f in outcome.findings):
                        found.append(f"findings_exclude: a finding {item}")
            case "portfolios":
                check(key, sorted(portfolios), sorted(wanted))
            case "portfolios_include":
                check(key + " (missing)", sorted(set(wanted) - portfolios), [])
            case "portfolios_exclude":
                check(key + " (present)", sorted(set(wanted) & portfolios), [])
            case "max_portfolios":
                if len(portfolios) > wanted:
                    found.append(f"max_portfolios: {len(portfolios)} asked to review, at most {wanted} expected")
            case "specialties":
                check(key, sorted(specialties), sorted(wanted))
            case "specialties_include":
                check(key + " (missing)", sorted(set(wanted) - specialties), [])
            case "specialties_exclude":
                check(key + " (present)", sorted(set(wanted) & specialties), [])
            case "max_specialties":
                if len(specialties) > wanted:
                    found.append(f"max_specialties: {len(specialties)} asked to review, at most {wanted} expected")
            case "derived_facts_include":
                check(key + " (missing)", sorted(set(wanted) - set(outcome.derived_facts)), [])
            case "national_form":
                answers = {a.number: a.answer for a in outcome.national_form}
                for number, answer in wanted.items():
                    check(f"national_form[{number}]", answers.get(int(number)), answer)
            case "needs_information":
                check(key, sorted(outcome.needs_information), sorted(wanted))
    return found


def run(checklist_path: Path) -> int:
    compiled = load_checklist(checklist_path)
    examples = load_examples(examples_dir(checklist_path, compiled))
    failures = 0
    for example in examples:
        for evaluator in ("durable", "reference"):
            problems = mismatches(screen(compiled, example.given, evaluator), example.expect)
            status = "ok" if not problems else "FAIL"
            print(f"{status:4} {evaluator:9} {example.path.name}: {example.name_en}")
            for problem in problems:
                print(f"       {problem}")
            failures += bool(problems)
    print(f"{len(examples)} examples, {failures} failures")
    return 1 if failures or not examples else 0


if __name__ == "__main__":
    raise SystemExit(run(Path(sys.argv[1])))
