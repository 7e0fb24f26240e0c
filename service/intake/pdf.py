"""PDF text layers, read with pypdf: the page count is checked before any text is extracted, a PDF that opens
with the empty password (one protected only against editing or copying) is read like any other, and one that
yields (almost) no text, a scan, is refused rather than drafted from nothing."""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from typing import TYPE_CHECKING

from service.i18n import _
from service.intake import errors
from service.intake.limits import IntakeLimits
from service.intake.plaintext import tidy

if TYPE_CHECKING:
    from pypdf import PdfReader

logger = logging.getLogger(__name__)

KIND = _("PDF")  # what a damaged PDF is called: "The PDF cannot be read"
# A page with fewer letters, digits and characters than this has no text to speak of: a scan with a typed page
# number or a stamp; a page of text holds hundreds.
MIN_PAGE_CHARACTERS = 10
MIN_DOCUMENT_CHARACTERS = 20
# A line this near the page's longest was wrapped by the layout, not ended by the writer...
FULL_LINE_SHARE = 0.85
# ... unless it ends a sentence, or the next line starts a clause (第三条, （二）, 一、, 3.).
_SENTENCE_END = tuple("。！？；：!?;:")
# Cell separators of a table row written as text (名称｜方位｜距离).
_CELL_MARKS = ("｜", "|")
_CLAUSE_START = re.compile(
    r"\s*(?:第[一二三四五六七八九十百零〇\d]+[条章节款]"
    r"|[（(][一二三四五六七八九十\d]+[）)]"
    r"|[一二三四五六七八九十]+、"
    r"|\d+[.、．](?!\d))"
)


def read_pdf(content: bytes, limits: IntakeLimits) -> tuple[str, int]:
    """The text of every page, wrapped lines joined, pages separated by a line break; and the page count."""
    reader = _open(content)
    try:
        pages = len(reader.pages)
    except Exception as exc:
        raise _unreadable(exc) from exc
    if pages > limits.max_pages:
        raise errors.too_many_pages(pages, limits.max_pages)
    texts: list[str] = []
    # Whether each page's last line runs on: a sentence the layout wrapped across the page break.
    runs_on: list[bool] = []
    characters = 0
    for page in reader.pages:
        try:
            extracted = page.extract_text()
        except Exception as exc:
            raise _unreadable(exc) from exc
        text, last_runs_on = unwrap(tidy(extracted))
        texts.append(text)
        runs_on.append(last_runs_on)
        characters += len(text)
        # A PDF of 500 dense pages is refused as soon as it is known to be too long, not after all are extracted.
        if characters > limits.max_characters:
            raise errors.too_many_characters(characters, limits.max_characters, at_least=len(texts) < pages)
    _require_text_layer(texts)
    return _join_pages(texts, runs_on), pages


def _join_pages(texts: list[str], runs_on: list[bool]) -> str:
    """The pages one after another, a line break between them unless a sentence runs on over the break."""
    pages: list[str] = []
    carried = False
    for text, last_runs_on in zip(texts, runs_on, strict=True):
        if not text:
            continue
        if carried and not _CLAUSE_START.match(text):
            pages[-1] = _join(pages[-1].rstrip(), text.lstrip())
        else:
            pages.append(text)
        carried = last_runs_on
    return "\n".join(pages)


def _open(content: bytes) -> PdfReader:
    # pypdf, when a PDF is read: a service that reads none starts without it
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(content))
        # pypdf has already tried the empty password; asking again says whether it worked.
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise errors.encrypted_pdf()
    except errors.DocumentError:
        raise
    except (DependencyError, FileNotDecryptedError, NotImplementedError) as exc:
        # an encryption pypdf cannot undo here (AES without the cryptography package, an unknown handler)
        logger.info("encrypted PDF not read: %s", exc)
        raise errors.encrypted_pdf() from exc
    except Exception as exc:
        raise _unreadable(exc) from exc
    return reader


def _unreadable(exc: Exception) -> errors.DocumentError:
    """pypdf fails on damaged files in many ways (its own errors, KeyError, ValueError, RecursionError...): all of
    them mean the file cannot be read as it is. Its stream limits mean a decompression bomb."""
    from pypdf.errors import FileNotDecryptedError, LimitReachedError

    if isinstance(exc, errors.DocumentError):
        return exc
    if isinstance(exc, FileNotDecryptedError):
        return errors.encrypted_pdf()
    if isinstance(exc, LimitReachedError):
        return errors.pdf_stream_too_large(str(exc))
    logger.info("unreadable PDF", exc_info=exc)
    return errors.corrupt(KIND, f"{type(exc).__name__}: {exc}")


def _require_text_layer(texts: list[str]) -> None:
    """NO_TEXT_LAYER when the document as a whole has next to no text, or most of its pages have none (a scan
    whose cover page was typed)."""
    meaningful = [sum(1 for character in text if character.isalnum()) for text in texts]
    without_text = sum(1 for count in meaningful if count < MIN_PAGE_CHARACTERS)
    if sum(meaningful) < MIN_DOCUMENT_CHARACTERS or (len(texts) >= 3 and 2 * without_text > len(texts)):
        raise errors.no_text_layer(len(texts), without_text)


def unwrap(page: str) -> tuple[str, bool]:
    """Join the lines the page layout wrapped, so that a sentence is one line again (sentences are split at line
    breaks downstream, and a quantity must stay beside the words that say what it is); and whether the page's
    last line runs on to the next page. A line is taken as wrapped when it is nearly as wide as the page's widest
    line and neither ends a sentence nor is followed by a clause number; a row of a table (名称｜方位｜距离) ends
    where it ends, and ran on only when it fills the line to its last character (a wider one would not have
    fitted). Width counts a Chinese character as two columns, as a page lays them out."""
    lines = page.split("\n")
    if len(lines) < 3:
        return page, False
    widths = [_width(line.rstrip()) for line in lines]
    widest = max(widths)
    full = widest * FULL_LINE_SHARE

    def runs_on(line: str, width: int) -> bool:
        wide_enough = width >= widest - 2 if _is_row(line) else width >= full
        return wide_enough and not line.rstrip().endswith(_SENTENCE_END)

    joined = [lines[0]]
    for previous, width, line in zip(lines, widths, lines[1:], strict=False):
        if runs_on(previous, width) and line.strip() and not _CLAUSE_START.match(line):
            joined[-1] = _join(joined[-1].rstrip(), line.lstrip())
        else:
            joined.append(line)
    return "\n".join(joined), runs_on(lines[-1], widths[-1])


def _is_row(line: str) -> bool:
    return sum(line.count(mark) for mark in _CELL_MARKS) >= 2


def _width(line: str) -> int:
    # Ambiguous-width characters (“”‘’…—·) are set full width in Chinese type, as a CJK font draws them.
    return sum(2 if unicodedata.east_asian_width(character) in "WFA" else 1 for character in line)


def _join(left: str, right: str) -> str:
    # Chinese runs on without a space, and so does a number the layout wrapped between its digits (约9|00户 is
    # 约900户: Chinese type breaks a line anywhere); two Latin words wrapped apart need one back.
    if not (left and right) or (left[-1].isdigit() and right[0].isdigit()):
        return left + right
    if left[-1].isascii() and right[0].isascii() and left[-1].isalnum() and right[0].isalnum():
        return f"{left} {right}"
    return left + right
