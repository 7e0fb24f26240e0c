"""Text files and the one shape every extracted text is given.

Chinese text files come from Notepad and WPS in UTF-8 (often with a byte-order mark) or in GB18030's older
subsets GBK and GB2312, which Windows in China still writes by default; UTF-16 turns up with its byte-order mark
(Notepad's "Unicode"). Each is decoded strictly: a file that decodes as none of them is refused rather than
guessed at, since a wrong guess yields plausible-looking Chinese that says something else.
"""

from __future__ import annotations

import re
import unicodedata

from service.intake import errors

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# Every way a line may end, including Word's and the web's: CR LF, CR, vertical tab (Word's line break in plain
# text), form feed (a page break), NEL and the Unicode line and paragraph separators.
_LINE_ENDS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# Dropped: control characters (they cannot be stored, see service.text), bidirectional controls (they make a
# quoted sentence display differently from what it says), and the invisible marks editors scatter inside words
# (zero-width space, a byte-order mark mid-text), which would keep a cue such as 禁止 from matching 禁\u200b止.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
# Characters no text file holds on purpose (controls other than line ends and tabs, private-use code points): the
# sign of binary data or of bytes decoded in the wrong encoding. A regular expression, not a loop over
# unicodedata: a 20 MiB file is checked in milliseconds.
_GARBAGE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ue000-\uf8ff\U000f0000-\U0010ffff]")
_GARBAGE_SHARE = 0.01
_GARBAGE_STRAYS = 2  # a short note with a stray control character is still a note


def tidy(text: str) -> str:
    """Line ends made "\\n", invisible and control characters dropped, and NFC normalisation, so that the same
    printed text is the same string whatever wrote it. NFC, not NFKC: full-width punctuation and digits stay as
    printed (，（）１２). It does unify the CJK compatibility ideographs (U+F900 to U+FAFF) with the characters
    they are defined to be, which is what matching them needs."""
    text = _LINE_ENDS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFC", text).strip()


def decode(content: bytes) -> tuple[str, str]:
    """The text of a text file and the encoding it was in ("utf-8", "gb18030" or "utf-16")."""
    if content.startswith(_UTF16_BOMS):
        text, encoding = _strict(content, "utf-16"), "utf-16"
    elif content.startswith(_UTF8_BOM):
        text, encoding = _strict(content[len(_UTF8_BOM) :], "utf-8"), "utf-8"
    else:
        # UTF-8 first: its byte patterns are so regular that text which is not UTF-8 almost never decodes as it,
        # whereas GB18030 accepts many byte sequences.
        text, encoding = _strict(content, "utf-8"), "utf-8"
        if text is None:
            text, encoding = _strict(content, "gb18030"), "gb18030"
    if text is None or _looks_binary(text):
        raise errors.unknown_encoding()
    return text, encoding


def _strict(content: bytes, encoding: str) -> str | None:
    try:
        return content.decode(encoding)
    except UnicodeDecodeError:
        return None


def _looks_binary(text: str) -> bool:
    """Over 1% garbage, and more than a stray character or two (those are only dropped, by `tidy`): binary data,
    or text in another encoding (UTF-16 without its mark decodes as UTF-8 with a NUL every other character)."""
    garbage = len(_GARBAGE.findall(text))
    return garbage > _GARBAGE_STRAYS and garbage > _GARBAGE_SHARE * len(text)
