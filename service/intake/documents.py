"""A proposal's own document, read into plain text: a Word .docx, a PDF with a text layer, a text file, or text
pasted in. The format is told from the bytes, never from the file name alone; a name that claims another format
than the bytes hold is refused, since it is either the wrong file or a disguise. Pure: no database, no web.

Order of checks, cheapest first: size, emptiness, what the bytes are (and whether the name agrees), the format's
own bounds (a zip's declared sizes, a PDF's page count), extraction, then the number of characters.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from service.i18n import _
from service.intake import errors, pdf, plaintext, word
from service.intake.errors import DocumentError
from service.intake.limits import IntakeLimits

# The whole of intake's surface, importable from here as from the package.
__all__ = ["DocumentError", "ExtractedDocument", "IntakeLimits", "read_document", "read_pasted_text"]

DOCX = "docx"
PDF = "pdf"
TXT = "txt"
MEDIA_TYPES = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    PDF: "application/pdf",
}
SAVE_AS_DOCX = _("open it in Word or WPS, save it as a Word document (.docx) and upload that.")

# What each kind of content is called, and for those that cannot be read, what to do instead (messages, shown
# in the reader's language).
_NAMES = {
    DOCX: _("a Word document (.docx)"),
    PDF: _("a PDF"),
    TXT: _("plain text"),
    "ole": _("an old Word (.doc), WPS or password-protected Office file"),
    "xlsx": _("an Excel workbook (.xlsx)"),
    "pptx": _("a PowerPoint presentation (.pptx)"),
    "odf": _("an OpenDocument file (.odt)"),
    "ofd": _("an OFD document"),
    "image": _("a picture"),
    "archive": _("an archive"),
    "rtf": _("an RTF document"),
}
_SAVE_THE_TEXT = _("save the text as a Word document (.docx) or PDF.")
_ADVICE = {
    "ole": _("remove any password, then open it in Word or WPS, save it as a Word document (.docx) and upload that."),
    "ofd": _("save it as a PDF with text or as .docx and upload that."),
    "image": _("upload a PDF with a text layer or a Word document."),
    "archive": _("unpack it and upload the Word document or PDF inside."),
    "xlsx": _SAVE_THE_TEXT,
    "pptx": _SAVE_THE_TEXT,
}
# What a file name's ending claims. Endings not listed (.md, none, 通知（2024.3）) claim nothing.
_EXTENSIONS = {
    ".docx": DOCX,
    ".pdf": PDF,
    ".txt": TXT,
    ".text": TXT,
    **dict.fromkeys((".doc", ".wps", ".xls", ".et", ".ppt", ".dps"), "ole"),
    ".xlsx": "xlsx",
    ".pptx": "pptx",
    **dict.fromkeys((".odt", ".ods", ".odp"), "odf"),
    ".ofd": "ofd",
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp", ".webp"), "image"),
    **dict.fromkeys((".zip", ".rar", ".7z", ".gz"), "archive"),
    ".rtf": "rtf",
}
_MAGIC = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
    (b"Rar!\x1a\x07", "archive"),
    (b"7z\xbc\xaf\x27\x1c", "archive"),
    (b"\x1f\x8b", "archive"),
    (b"{\\rtf", "rtf"),
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# Acrobat finds the header within the first kilobyte; some generators put junk before it.
_PDF_HEADER_WITHIN = 1024


@dataclass(frozen=True)
class ExtractedDocument:
    """The plain text of a document, lines separated by "\\n" (a .docx: its paragraphs and its table rows, cells
    separated by tabs, in document order), with what it was read from."""

    text: str
    format: str  # "docx" | "pdf" | "txt"
    media_type: str  # of the original bytes, as stored with the proposal
    pages: int | None  # PDF only
    characters: int
    encoding: str | None  # a text file's: "utf-8", "gb18030" or "utf-16"; None for pasted text


def read_document(
    content: bytes, filename: str | None = None, limits: IntakeLimits = IntakeLimits()
) -> ExtractedDocument:
    """Read an uploaded file, or raise DocumentError naming what is wrong with it."""
    if len(content) > limits.max_bytes:
        raise errors.too_large(len(content), limits.max_bytes)
    if not content.strip():
        raise errors.empty()
    kind = _content_kind(content)
    extension = _extension(filename)
    claimed = _EXTENSIONS.get(extension) if extension else None
    if kind not in (DOCX, PDF, TXT):
        raise _unsupported(kind)
    if claimed is not None and claimed != kind:
        raise errors.extension_mismatch(extension, _NAMES[kind])
    pages = encoding = None
    if kind == DOCX:
        text = word.read_docx(content, limits)
    elif kind == PDF:
        text, pages = pdf.read_pdf(content, limits)
    else:
        text, encoding = plaintext.decode(content)
    media_type = MEDIA_TYPES.get(kind) or f"text/plain; charset={encoding}"
    return _extracted(text, kind, media_type, pages, encoding, limits)


def read_pasted_text(text: str, limits: IntakeLimits = IntakeLimits()) -> ExtractedDocument:
    """Text pasted in instead of a file: the same normalisation and limits as a text file."""
    # Checked before normalising, which costs time in proportion: line ends and invisible characters never make up
    # half of a real text.
    if len(text) > 2 * limits.max_characters:
        raise errors.too_many_characters(len(text), limits.max_characters)
    return _extracted(text, TXT, "text/plain; charset=utf-8", None, None, limits, empty=_("The pasted text"))


def _extracted(
    text: str,
    kind: str,
    media_type: str,
    pages: int | None,
    encoding: str | None,
    limits: IntakeLimits,
    empty: str | None = None,
) -> ExtractedDocument:
    text = plaintext.tidy(text)
    if not text:
        raise errors.empty(empty if empty is not None else _("The document"))
    if len(text) > limits.max_characters:
        raise errors.too_many_characters(len(text), limits.max_characters)
    return ExtractedDocument(text, kind, media_type, pages, len(text), encoding)


def _content_kind(content: bytes) -> str:
    """What the bytes are: docx, pdf or txt, or the name of a kind that cannot be read."""
    if b"%PDF-" in content[:_PDF_HEADER_WITHIN]:
        return PDF
    if content.startswith(_ZIP_MAGIC):
        with word.open_checked(content) as archive:
            return _zip_kind(archive)
    for magic, kind in _MAGIC:
        if content.startswith(magic):
            return kind
    return TXT


def _zip_kind(archive: zipfile.ZipFile) -> str:
    names = set(archive.namelist())
    if word.MAIN_PART in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if "OFD.xml" in names:
        return "ofd"
    if "mimetype" in names and "content.xml" in names:
        return "odf"
    return "archive"


def _unsupported(kind: str) -> errors.DocumentError:
    return errors.unsupported(_NAMES[kind], _ADVICE.get(kind, SAVE_AS_DOCX))


def _extension(filename: str | None) -> str:
    """The name's last ending, lower-cased: browsers send C:\\fakepath\\方案.PDF as the name of 方案.PDF."""
    if not filename:
        return ""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip().rstrip(".")
    stem, dot, ending = name.rpartition(".")
    return f".{ending.lower()}" if dot and stem else ""
