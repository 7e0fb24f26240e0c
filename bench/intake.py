"""Benchmark drafting a screening from a proposal's document, on the labelled corpus (issue 12).

Loads every `tests/drafting_corpus/*.yaml` with its `.txt`, and checklist v2 with its cues
(`hia_rules/checklists/drafting/hiap-screening-v2.cues.yaml`, or another cues file to try with `--cues`), runs
`suggest` on each document and prints:
  - kind and policy-type accuracy, total investment and places found;
  - per question type: answers labelled, suggested, right;
  - YES precision (overall and per confidence) and recall (YES_NO answers, and each choice of a MULTI_CHOICE
    answer but NONE, are the yes-items), NO precision, NUMBER exact-or-within-5%, CHOICE accuracy, the share
    of applicable questions left undecided;
  - the worst false positives (question, document, quoted sentence, cue) and the most missed questions, for
    the cue writer;
  - time per document (p50/p99, warm), and for a 40,000- and a 200,000-character document built by
    concatenating the corpus: cold (first call in the process: jieba's dictionary and the checklist's
    compiled cues) and warm; jieba's own cold start is timed in a fresh process.

    .venv/bin/python bench/intake.py [--corpus tests/drafting_corpus] [--cues FILE] [--worst 25] [--repeat 3]
        [--only p,j]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hia_rules import CHECKLIST_DIR, ChecklistError
from hia_rules.checklist import compile_checklist, parse_checklist
from hia_rules.drafting.cues import UNIT_FACTORS
from hia_rules.drafting.matching import Document
from hia_rules.drafting.suggest import Draft, Suggestion, suggest
from hia_rules.drafting.text import sentences
from hia_rules.model import Checklist, Question
from hia_rules.vocabulary import QuestionType
from hia_rules.yaml_loader import load_yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "drafting_corpus"
V2 = CHECKLIST_DIR / "hiap-screening-v2.yaml"
CUES = CHECKLIST_DIR / "drafting" / "hiap-screening-v2.cues.yaml"
# The towns and streets of 吴中区 (jurisdiction wuzhong), where the corpus is set.
WUZHONG = (
    *("木渎镇", "甪直镇", "胥口镇", "东山镇", "临湖镇", "光福镇", "金庭镇"),
    *("长桥街道", "郭巷街道", "横泾街道", "越溪街道", "城南街道", "太湖街道", "香山街道"),
)
CONFIDENCE_ORDER = {"HIGH": 0, "MEDIUM": 1, "LOW": 2}


@dataclass(frozen=True)
class Labelled:
    name: str
    text: str
    label: dict[str, Any]

    @property
    def answers(self) -> dict[str, Any]:
        return dict(self.label.get("answers") or {})


def load_corpus(directory: Path, only: tuple[str, ...] = ()) -> list[Labelled]:
    """Each labelled document: `NN-slug.yaml` (labels) beside `NN-slug.txt` (the text, UTF-8); with `only`,
    those whose name starts with one of its prefixes (p, j: tune on these, keep the held-out h files unseen)."""
    found = []
    for labels in sorted(directory.glob("*.yaml")):
        if only and not labels.name.startswith(only):
            continue
        text = labels.with_suffix(".txt")
        if not text.is_file():
            print(f"skipped {labels.name}: no {text.name}", file=sys.stderr)
            continue
        found.append(Labelled(labels.stem, text.read_text(encoding="utf-8"), load_yaml(labels.read_text("utf-8"))))
    return found


def load_checklist_with_cues(cues_path: Path) -> Checklist:
    """v2 with the cues of `cues_path` (its shipped cues by default). Cue problems are printed (the cue writer's
    to-do list) and the checklist is used as parsed."""
    data = load_yaml(V2.read_text(encoding="utf-8"))
    data["drafting"] = load_yaml(cues_path.read_text(encoding="utf-8"))
    checklist = parse_checklist(data, str(cues_path))
    try:
        compile_checklist(checklist, source=str(cues_path))
    except ChecklistError as exc:
        print(f"the checklist with its cues does not validate ({len(exc.problems)} problems):")
        for problem in exc.problems[:40]:
            print(f"  {problem.path}: {problem.message}")
        print()
    return checklist


@dataclass
class Tally:
    yes_right: int = 0
    yes_wrong: int = 0
    # per confidence (HIGH/MEDIUM/LOW): yes-items right and wrong against labelled answers
    by_confidence: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    yes_unlabelled: int = 0
    yes_missed: int = 0
    no_right: int = 0
    no_wrong: int = 0
    no_unlabelled: int = 0
    number: Counter[str] = field(default_factory=Counter)
    choice: Counter[str] = field(default_factory=Counter)
    by_type: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    false_positives: list[tuple[str, str, str, Suggestion]] = field(default_factory=list)
    missed: Counter[str] = field(default_factory=Counter)
    # (question, document, labelled, suggested, first quote) for NUMBER and CHOICE answers not right
    wrong_values: list[tuple[str, str, Any, Any, str]] = field(default_factory=list)
    # CHOICE questions labelled but left undecided, per question
    choices_left: Counter[str] = field(default_factory=Counter)
    applicable: int = 0
    undecided: int = 0


def yes_items(question_type: QuestionType, value: Any) -> set[str]:
    if question_type is QuestionType.YES_NO:
        return {""} if value == "YES" else set()
    if question_type is QuestionType.MULTI_CHOICE and isinstance(value, list):
        return {str(v) for v in value if v != "NONE"}
    return set()


def no_item(question_type: QuestionType, value: Any) -> bool:
    return (question_type is QuestionType.YES_NO and value == "NO") or (
        question_type is QuestionType.MULTI_CHOICE and value == ["NONE"]
    )


def score(checklist: Checklist, document: Labelled, draft: Draft, tally: Tally) -> None:
    labelled = document.answers
    suggested = {s.question_id: s for s in draft.suggestions}
    tally.applicable += len(draft.suggestions) + len(draft.undecided)
    tally.undecided += len(draft.undecided)
    for question in checklist.questions:
        qid, kind = question.id, question.type
        label, suggestion = labelled.get(qid), suggested.get(qid)
        counts = tally.by_type[kind.value]
        counts["labelled"] += label is not None
        counts["suggested"] += suggestion is not None
        value = suggestion.answer if suggestion is not None else None
        if kind in (QuestionType.YES_NO, QuestionType.MULTI_CHOICE):
            wanted, given = yes_items(kind, label), yes_items(kind, value)
            right = wanted & given
            tally.yes_right += len(right)
            if suggestion is not None and label is not None and given:
                tally.by_confidence[suggestion.confidence.value]["right"] += len(right)
                tally.by_confidence[suggestion.confidence.value]["wrong"] += len(given - wanted)
            tally.yes_missed += len(wanted - given)
            for item in sorted(wanted - given):
                tally.missed[f"{qid}{'=' + item if item else ''}"] += 1
            wrong = given - wanted
            if label is None:
                tally.yes_unlabelled += len(wrong)
            else:
                tally.yes_wrong += len(wrong)
            if wrong and suggestion is not None:
                tally.false_positives.append((qid, document.name, "YES" if label is None else f"≠{label}", suggestion))
            if no_item(kind, value):
                if label is None:
                    tally.no_unlabelled += 1
                elif no_item(kind, label):
                    tally.no_right += 1
                else:
                    tally.no_wrong += 1
                    assert suggestion is not None
                    tally.false_positives.append((qid, document.name, f"NO≠{label}", suggestion))
            counts["right"] += label is not None and value == label
        elif kind is QuestionType.NUMBER and label is not None:
            tally.number["labelled"] += 1
            close = isinstance(value, (int, float)) and abs(value - float(label)) <= 0.05 * abs(float(label))
            tally.number["suggested"] += isinstance(value, (int, float))
            tally.number["right"] += close
            counts["right"] += close
            if not close:
                seen = _first_quote(suggestion) or _labelled_figure(checklist, question, document, draft, float(label))
                tally.wrong_values.append((qid, document.name, label, value, seen))
        elif kind is QuestionType.CHOICE and label is not None:
            tally.choice["labelled"] += 1
            tally.choice["suggested"] += value is not None
            tally.choice["right"] += value == label
            counts["right"] += value == label
            if value is not None and value != label and suggestion is not None:
                tally.false_positives.append((qid, document.name, f"{value}≠{label}", suggestion))
            if value is None:
                tally.choices_left[qid] += 1
            elif value != label:
                tally.wrong_values.append((qid, document.name, label, value, _first_quote(suggestion)))
        if kind is QuestionType.MULTI_CHOICE and label is not None and value is not None and value != label:
            tally.wrong_values.append((qid, document.name, label, value, _first_quote(suggestion)))


def _labelled_figure(checklist: Checklist, question: Question, document: Labelled, draft: Draft, label: float) -> str:
    """Where the labelled figure is in the document, and why the question's cues did not take it."""
    cues = checklist.drafting.questions.get(question.id) if checklist.drafting else None
    if cues is None or cues.quantity is None:
        return ""
    factor = UNIT_FACTORS[cues.quantity.kind].get(question.unit, 1)
    read = Document(document.text, sentences(document.text))
    for fact in draft.facts:
        if fact.kind is not cues.quantity.kind or fact.value is None:
            continue
        if abs(fact.value * factor - label) > 0.05 * abs(label):
            continue
        index = fact.sentence - 1
        why = (
            "a `requires` word is not in its sentence"
            if cues.requires and not read.has(index, cues.requires)
            else "an `excludes` word is in its sentence"
            if cues.excludes and read.has(index, cues.excludes)
            else "no `near` word in its qualifier, clause or sentence"
        )
        return f"the figure “{fact.text}” (qualifier “{fact.qualifier}”) is in #{fact.sentence}: {why}"
    return f"no {cues.quantity.kind.value} quantity near {label:g} was extracted"


def _first_quote(suggestion: Suggestion | None) -> str:
    if suggestion is None or not suggestion.quotes:
        return ""
    quote = suggestion.quotes[0]
    return f"cue “{quote.cue}” in #{quote.sentence}: {quote.text[:80]}"


def ratio(part: float, whole: float) -> str:
    return f"{part / whole:.3f} ({part:g}/{whole:g})" if whole else "n/a (0/0)"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def concatenated(documents: Iterable[Labelled], size: int) -> str:
    texts = [d.text for d in documents]
    built = ""
    while len(built) < size:
        built += "\n".join(texts) + "\n"
    return built[:size]


def jieba_cold_start() -> float:
    # Our modules are imported first: what is timed is jieba's import and dictionary load on the first words().
    probe = (
        "import time; from hia_rules.drafting.text import words; t = time.perf_counter(); words('本项目不涉及核设施');"
        " print(time.perf_counter() - t)"
    )
    run = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(run.stdout.strip().splitlines()[-1])


def timed(checklist: Checklist, text: str) -> float:
    start = time.perf_counter()
    suggest(checklist, text, WUZHONG)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--cues", type=Path, default=CUES)
    parser.add_argument("--worst", type=int, default=25)
    parser.add_argument(
        "--only", default="", help="comma-separated prefixes of the documents to use, e.g. p,j (default: all)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    documents = load_corpus(args.corpus, tuple(p.strip() for p in args.only.split(",") if p.strip()))
    checklist = load_checklist_with_cues(args.cues)
    if not documents:
        print(f"no labelled documents in {args.corpus}")
        return 1
    print(
        f"corpus: {len(documents)} documents, {sum(len(d.text) for d in documents):,} characters; cues: "
        f"{len(checklist.drafting.questions) if checklist.drafting else 'no'} questions with cues"
    )
    # Cold first: nothing of the drafting has run in this process yet.
    text_40k, text_200k = concatenated(documents, 40_000), concatenated(documents, 200_000)
    cold_40k = timed(checklist, text_40k)
    warm_40k = min(timed(checklist, text_40k) for _ in range(args.repeat))
    warm_200k = min(timed(checklist, text_200k) for _ in range(args.repeat))

    tally = Tally()
    kinds = Counter[str]()
    policy_types = Counter[str]()
    investment = Counter[str]()
    places = Counter[str]()
    times: list[float] = []
    for document in documents:
        for _ in range(args.repeat):
            start = time.perf_counter()
            draft = suggest(checklist, document.text, WUZHONG)
            times.append(time.perf_counter() - start)
        label = document.label
        kinds["all"] += 1
        kinds["right"] += draft.kind is not None and draft.kind.answer == label.get("kind")
        if label.get("kind") == "POLICY":
            policy_types["all"] += 1
            policy_types["right"] += draft.policy_type is not None and draft.policy_type.answer == label.get(
                "policy_type"
            )
            if draft.policy_type is None or draft.policy_type.answer != label.get("policy_type"):
                print(
                    f"  policy type: {document.name}: {label.get('policy_type')} suggested as "
                    f"{draft.policy_type.answer if draft.policy_type else None}"
                )
        if draft.kind is None or draft.kind.answer != label.get("kind"):
            print(
                f"  kind: {document.name}: {label.get('kind')} suggested as {draft.kind.answer if draft.kind else None}"
            )
        if label.get("investment_yuan") is not None:
            investment["labelled"] += 1
            got = draft.investment_yuan.answer if draft.investment_yuan else None
            investment["right"] += (
                got is not None and abs(got - label["investment_yuan"]) <= 0.05 * label["investment_yuan"]
            )
        wanted_places, found_places = set(label.get("places") or ()), set(draft.places)
        places["labelled"] += len(wanted_places)
        places["found"] += len(found_places)
        places["right"] += len(wanted_places & found_places)
        score(checklist, document, draft, tally)

    print()
    print(
        f"kind: {ratio(kinds['right'], kinds['all'])}   "
        f"policy type: {ratio(policy_types['right'], policy_types['all'])}"
    )
    print(
        f"total investment within 5%: {ratio(investment['right'], investment['labelled'])}   places: "
        f"precision {ratio(places['right'], places['found'])}, recall {ratio(places['right'], places['labelled'])}"
    )
    print()
    print(f"{'question type':<14}{'labelled':>10}{'suggested':>11}{'right':>8}")
    for kind in QuestionType:
        counts = tally.by_type[kind.value]
        print(f"{kind.value:<14}{counts['labelled']:>10}{counts['suggested']:>11}{counts['right']:>8}")
    print()
    print(
        f"YES precision: {ratio(tally.yes_right, tally.yes_right + tally.yes_wrong)} against labelled answers; "
        f"{ratio(tally.yes_right, tally.yes_right + tally.yes_wrong + tally.yes_unlabelled)} counting YES on "
        f"unlabelled questions as wrong ({tally.yes_unlabelled})"
    )
    print(f"YES recall:    {ratio(tally.yes_right, tally.yes_right + tally.yes_missed)}")
    per_confidence = (
        f"{name} {ratio(c['right'], c['right'] + c['wrong'])}"
        for name in CONFIDENCE_ORDER
        if (c := tally.by_confidence.get(name))
    )
    print(f"YES precision per confidence: {', '.join(per_confidence)}")
    print(
        f"NO precision:  {ratio(tally.no_right, tally.no_right + tally.no_wrong)} against labelled answers "
        f"(+{tally.no_unlabelled} NO on unlabelled questions)"
    )
    print(
        f"NUMBER exact or within 5%: {ratio(tally.number['right'], tally.number['labelled'])} of labelled "
        f"({tally.number['suggested']} suggested)"
    )
    print(
        f"CHOICE accuracy: {ratio(tally.choice['right'], tally.choice['labelled'])} of labelled "
        f"({ratio(tally.choice['right'], tally.choice['suggested'])} of suggested)"
    )
    print(f"undecided: {ratio(tally.undecided, tally.applicable)} of applicable questions")
    print()
    worst = sorted(tally.false_positives, key=lambda f: (CONFIDENCE_ORDER[f[3].confidence.value], f[0], f[1]))
    print(f"worst false positives ({len(worst)}; showing {min(len(worst), args.worst)}):")
    for qid, name, what, suggestion in worst[: args.worst]:
        quote = suggestion.quotes[0] if suggestion.quotes else None
        print(f"  {qid} {what} [{suggestion.confidence.value}] {name}")
        if quote is not None:
            print(f"      cue “{quote.cue}” in #{quote.sentence}: {quote.text[:120]}")
    print()
    undecidable = {q for q, c in (checklist.drafting.questions.items() if checklist.drafting else ()) if c.undecidable}
    left = ", ".join(
        f"{qid} ×{n}{' (undecidable)' if qid in undecidable else ''}" for qid, n in tally.choices_left.most_common()
    )
    print(f"CHOICE answers labelled but left undecided: {left or 'none'}")
    print()
    print(f"answers suggested wrong, and labelled figures missed ({len(tally.wrong_values)}):")
    for qid, name, label, value, quoted in sorted(tally.wrong_values, key=lambda w: (w[0], w[1])):
        print(f"  {qid} {name}: labelled {label}, suggested {value}" + (f"\n      {quoted}" if quoted else ""))
    print()
    print("most missed yes-items: " + ", ".join(f"{item} ×{n}" for item, n in tally.missed.most_common(15)))
    print()
    print(
        f"time per document (warm, {len(times)} runs): p50 {percentile(times, 0.5) * 1000:.1f} ms, "
        f"p99 {percentile(times, 0.99) * 1000:.1f} ms"
    )
    print(
        f"40,000 characters: cold {cold_40k * 1000:.0f} ms (first call: jieba and compiled cues), warm "
        f"{warm_40k * 1000:.0f} ms"
    )
    print(f"200,000 characters: warm {warm_200k * 1000:.0f} ms")
    print(f"jieba cold start (fresh process: import and dictionary): {jieba_cold_start() * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
