"""Messages for people in the reader's language: Chinese by default, English when asked.

Code writes every message a person reads through `_` (from `hia_rules.messages`): English template, message
id and parameters in one `str`. The Chinese translations are a gettext catalog,
`service/locale/zh/LC_MESSAGES/hia.po`, read once with Babel; `scripts/messages` extracts new ids into it and
`tests/test_messages.py` fails while one is untranslated. A plain `str` (a database value, a name) is shown as
it is; a message without a translation falls back to its English rather than failing the request.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from hia_rules.messages import Message, _

__all__ = ["CATALOG", "EN", "ZH", "Message", "_", "for_reader", "localize", "preferred", "translations"]

ZH, EN = "zh", "en"
CATALOG = Path(__file__).parent / "locale" / ZH / "LC_MESSAGES" / "hia.po"


def preferred(header: str | None) -> str:
    """`zh` or `en`, whichever the header ranks higher (the earlier of equals); Chinese when it names neither."""
    best, best_q = ZH, 0.0
    for part in (header or "").split(","):
        tag, *params = (piece.strip() for piece in part.split(";"))
        language = tag.lower().split("-")[0]
        if language not in (ZH, EN):
            continue
        quality = _quality(params)
        if quality > best_q:
            best, best_q = language, quality
    return best


def _quality(params: list[str]) -> float:
    for param in params:
        name, _sep, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return max(0.0, min(1.0, float(value)))
            except ValueError:
                return 0.0  # a malformed weight counts as "not acceptable" rather than failing the request
    return 1.0


@cache
def translations() -> dict[str, str]:
    """Message id → Chinese template, for the translated, non-fuzzy entries of the catalog."""
    from babel.messages.pofile import read_po  # only when a Chinese message is first shown

    with CATALOG.open("rb") as po:
        catalog = read_po(po)
    return {m.id: m.string for m in catalog if isinstance(m.id, str) and isinstance(m.string, str) and m.string}


def localize(text: str, language: str) -> str:
    """`text` for a reader of `language` (`zh` or `en`); parameters that are messages are translated too."""
    if not isinstance(text, Message):
        return text
    if language == EN:
        return str.__str__(text)
    template = translations().get(text.msgid, text.msgid)
    if not text.params:
        return template
    params: dict[str, Any] = {
        name: localize(value, language) if isinstance(value, Message) else value for name, value in text.params.items()
    }
    return template.format(**params)


def for_reader(text: str, accept_language: str | None) -> str:
    """`text` for the reader of a request with this `Accept-Language` header (plain HTTP routes; GraphQL resolvers
    use `schema.language.of_request`)."""
    return localize(text, preferred(accept_language))
