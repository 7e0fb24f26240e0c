"""What free text may hold. Chinese documents are full of characters `str.isprintable()` refuses (the
ideographic space U+3000, no-break spaces, U+2028 line separators, a byte-order mark pasted from Word, emoji
joined with U+200D): all of them are accepted. Refused are only characters that cannot be stored or that
change how the text around them is read:
- C0 and C1 control characters and DEL (NUL cannot even be stored in PostgreSQL), except tab, line feed and
  carriage return where the text may run over several lines;
- lone surrogates (not characters at all; they cannot be encoded as UTF-8);
- bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which can make a
  displayed text read differently from what is stored ("Trojan Source", CVE-2021-42574).
"""

from __future__ import annotations

import re

from service.i18n import _

_LINE_BREAKS = "\t\n\r"
_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def refused_character(text: str, *, multiline: bool = True) -> str | None:
    """None when `text` may be stored; otherwise which character is refused and where (1-based)."""
    for match in _REFUSED.finditer(text):
        character = match.group()
        if multiline and character in _LINE_BREAKS:
            continue
        return _("U+{code:04X} at character {position}", code=ord(character), position=match.start() + 1)
    return None


def text_problem(text: str, *, multiline: bool = True) -> str | None:
    """A userError message for text with a refused character, or None."""
    refused = refused_character(text, multiline=multiline)
    if refused is None:
        return None
    return _("must not contain control characters or bidirectional overrides ({refused})", refused=refused)
