"""Messages for people are translated: every text a userError or an error can carry goes through `_()` into
the Chinese catalog, every id there has a translation with the same placeholders, and the API shows Chinese
by default and English when `Accept-Language` asks for it."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import service
from hia_rules.messages import _
from service.errors import AccessDenied, HiaError
from service.i18n import EN, ZH, localize
from service.i18n_catalog import ROOT, SOURCES, mismatched, missing
from tests.fixtures.graphql import GraphQLClient

# Helpers whose second argument is a problem's message: problem(path, message).
PROBLEM_HELPERS = {"problem", "_problem", "InputProblem", "ChecklistProblem"}


def _error_classes() -> set[str]:
    """Names of every exception class whose message reaches a person through the API."""
    for module in pkgutil.walk_packages(service.__path__, "service."):
        importlib.import_module(module.name)
    names: set[str] = {AccessDenied.__name__}
    pending: list[type] = [HiaError]
    while pending:
        cls = pending.pop()
        names.add(cls.__name__)
        pending.extend(cls.__subclasses__())
    return names


def _literal_text(node: ast.AST | None) -> bool:
    """A message written as a bare literal, an f-string, or built from one: it cannot be translated."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left) or _literal_text(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join"):
        return _literal_text(node.func.value)
    return False


def _called(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _message_of(node: ast.Call, name: str, errors: set[str]) -> Sequence[ast.expr | None]:
    """The arguments of this call that are a message for people, by the call's name."""
    if name in errors and name != "ValidationFailed":
        keyword = [k.value for k in node.keywords if k.arg == "message"]
        return node.args[:1] or keyword
    if name in PROBLEM_HELPERS:
        return node.args[1:2]
    if name == "UserError":
        return [k.value for k in node.keywords if k.arg == "text"]
    problems: list[ast.expr] = []
    if name == "ValidationFailed" and node.args and isinstance(node.args[0], ast.List):
        problems = node.args[0].elts
    elif name == "append" and "problem" in ast.unparse(node.func).lower():
        problems = node.args
    return [item.elts[1] for item in problems if isinstance(item, ast.Tuple) and len(item.elts) == 2]


def _untranslated(tree: ast.AST, errors: set[str]) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and any(_literal_text(m) for m in _message_of(node, _called(node), errors)):
            yield node


def test_every_message_for_people_is_written_for_translation() -> None:
    errors = _error_classes()
    found = []
    for package in SOURCES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found += [f"{path.relative_to(ROOT)}:{node.lineno}" for node in _untranslated(tree, errors)]
    assert not found, 'write these messages as _("English {placeholder}", placeholder=...):\n' + "\n".join(found)


def test_every_message_has_a_chinese_translation() -> None:
    assert missing() == [], "run scripts/messages and translate the empty msgstr entries"


def test_translations_keep_the_placeholders_of_their_message() -> None:
    assert mismatched() == []


def test_localize_translates_nested_messages_and_leaves_plain_text_alone() -> None:
    # a translated message used as a parameter of an untranslated one is translated inside it
    inner = _("must be YES, UNKNOWN (don't know) or NO")
    outer = _("{field} (untranslated frame): {problem}", field="answers.Q1", problem=inner)
    assert str(outer) == "answers.Q1 (untranslated frame): must be YES, UNKNOWN (don't know) or NO"
    assert localize(outer, EN) == str(outer)
    chinese = localize(outer, ZH)
    assert chinese.startswith("answers.Q1 (untranslated frame): ")
    assert "YES" in chinese
    assert "must be" not in chinese
    # data is never translated
    assert localize("攀枝花市", ZH) == "攀枝花市"
    assert localize("plain", ZH) == "plain"


def test_a_message_without_translation_falls_back_to_english() -> None:
    assert localize(_("a message nobody wrote {n}", n=3), ZH) == "a message nobody wrote 3"


def test_catalog_is_shipped_with_the_package() -> None:
    pyproject = (Path(ROOT) / "pyproject.toml").read_text(encoding="utf-8")
    assert "locale/*/LC_MESSAGES/*.po" in pyproject


CREATE = """mutation($input: CreateProposalInput!) { createProposal(input: $input) {
  proposal { id } userErrors { field message code } } }"""
BAD_ANSWER = {
    "kind": "PROJECT",
    "title": "垃圾焚烧发电厂",
    "jurisdiction": "panzhihua",
    "sponsoringDepartment": "panzhihua.urban-management-bureau",
    "answers": [{"question": "air.emissions", "choice": "YES"}],
}


async def _user_error(api: GraphQLClient) -> dict[str, Any]:
    data = await api.data(CREATE, {"input": BAD_ANSWER})
    assert data["createProposal"]["proposal"] is None
    [error] = data["createProposal"]["userErrors"]
    assert (error["field"], error["code"]) == (["input", "answers", "air.emissions"], "INVALID")
    found: dict[str, Any] = error
    return found


async def test_a_user_error_is_in_chinese_unless_english_is_preferred(screening_api: GraphQLClient) -> None:
    english = (await _user_error(screening_api))["message"]
    assert english == "air.emissions is a YES_NO question: answer it with `yesNo`, not `choice`"
    for preference in (None, "zh-CN", "zh-CN,zh;q=0.9,en;q=0.8", "fr"):
        message = (await _user_error(screening_api.in_language(preference)))["message"]
        assert re.search(r"[\u4e00-\u9fff]", message), preference
        assert "air.emissions" in message
        assert "yesNo" in message
    assert (await _user_error(screening_api.in_language("en-GB,en;q=0.9,zh;q=0.5")))["message"] == english


async def test_a_top_level_error_follows_the_same_language(anonymous_screening_api: GraphQLClient) -> None:
    query = "{ proposals(first: 1) { totalCount } }"
    [english] = await anonymous_screening_api.errors(query)
    [chinese] = await anonymous_screening_api.in_language(None).errors(query)
    assert english["extensions"]["code"] == chinese["extensions"]["code"] == "UNAUTHENTICATED"
    assert "token" in english["message"]
    assert re.search(r"[\u4e00-\u9fff]", chinese["message"])
    assert "token" not in chinese["message"].lower() or "令牌" in chinese["message"]


def _imports_the_message_function(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom) and any(alias.name == "_" and alias.asname is None for alias in node.names)
        for node in tree.body
    )


def _binds_underscore(tree: ast.AST) -> Iterator[int]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
            yield node.lineno


def test_no_module_that_writes_messages_rebinds_the_message_function() -> None:
    # `code, _, rest = text.partition(".")` in a function that also calls `_("...")` makes `_` local to it: the
    # message raises UnboundLocalError (or calls a str) exactly when the error should be reported.
    found = []
    for package in SOURCES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            if _imports_the_message_function(tree):
                found += [f"{path.relative_to(ROOT)}:{line}" for line in _binds_underscore(tree)]
    assert not found, "name the throwaway value (`_rest`, `_unused`): " + ", ".join(found)
