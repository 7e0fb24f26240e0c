"""Word documents (.docx): the zip is checked before python-docx opens it, then the body is read in document
order, paragraphs and tables alike.

Why two checks: the directory's declared sizes are checked first, at no cost; but the directory may understate
them, and python-docx reads each part whole, so each part is also inflated once, a chunk at a time, before
python-docx sees it (service/zip_inflation.py).
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterator
from typing import Any

from service.i18n import _
from service.intake import errors
from service.intake.limits import IntakeLimits, size_text
from service.zip_inflation import UnreadableZip, part_inflating_past_declared

logger = logging.getLogger(__name__)

MAIN_PART = "word/document.xml"
KIND = _("Word document (.docx)")  # what a damaged one is called: "The Word document (.docx) cannot be read"
MAX_RATIO = 100  # real Word parts compress 5 to 20 to 1; deflate tops out near 1,000 to 1
# Only big parts are held to the ratio: a long document of repeated clauses or empty table cells compresses past
# 100 to 1 in a few MiB of XML, and below this the size limits bound the cost anyway.
RATIO_FROM_BYTES = 4 * 2**20
MAX_PARTS = 10_000  # a .docx has tens of parts, a few hundred with many pictures

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT, _CUSTOM_XML = (
    f"{{{_W}}}{name}" for name in ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml")
)
# The text of a paragraph as printed: runs anywhere inside it (hyperlinks, fields, tracked insertions, content
# controls), but not text boxes anchored in it (they float elsewhere on the page), nor tracked deletions and the
# origin of tracked moves (struck through, no longer part of the text).
_RUN_TEXT = (
    ".//w:r[not(ancestor::w:txbxContent) and not(ancestor::w:del) and not(ancestor::w:moveFrom)]"
    "/*[self::w:t or self::w:tab or self::w:br or self::w:cr or self::w:noBreakHyphen]"
)
_RUN_PIECES = {f"{{{_W}}}tab": "\t", f"{{{_W}}}br": "\n", f"{{{_W}}}cr": "\n", f"{{{_W}}}noBreakHyphen": "-"}


def open_checked(content: bytes) -> zipfile.ZipFile:
    """The zip with its directory read (nothing inflated yet); CORRUPT_DOCUMENT if it is no zip."""
    try:
        return zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise errors.corrupt(KIND, _("not a readable zip: {error}", error=str(exc))) from exc


def check_bounds(archive: zipfile.ZipFile, limits: IntakeLimits) -> None:
    """ZIP_BOMB unless every declared size is within the limits. Runs before any part is inflated."""
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise errors.zip_bomb(_("holds {parts:,} parts", parts=len(infos)))
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_bytes:
        limit = size_text(limits.max_uncompressed_bytes)
        raise errors.zip_bomb(
            _("expands to {size} when unzipped, over the limit of {limit}", size=size_text(total), limit=limit)
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
            raise errors.zip_bomb(
                _(
                    "holds {part} compressed {ratio:,.0f} to 1 (real documents stay under {limit} to 1)",
                    part=info.filename,
                    ratio=ratio,
                    limit=MAX_RATIO,
                )
            )
        if info.filename.endswith((".xml", ".rels")) and info.file_size > limits.max_xml_part_bytes:
            limit = size_text(limits.max_xml_part_bytes)
            raise errors.zip_bomb(
                _(
                    "holds {part} of {size}, over the limit of {limit} for one XML part",
                    part=info.filename,
                    size=size_text(info.file_size),
                    limit=limit,
                )
            )


def check_inflation(content: bytes, archive: zipfile.ZipFile) -> None:
    """ZIP_BOMB if a part inflates past the size the directory declares for it (service/zip_inflation.py)."""
    try:
        info = part_inflating_past_declared(content, archive)
    except UnreadableZip as exc:
        raise errors.corrupt(KIND, str(exc)) from exc
    if info is not None:
        raise errors.zip_bomb(
            _(
                "holds {part}, which inflates past the {size} its directory declares",
                part=info.filename,
                size=size_text(info.file_size),
            )
        )


def read_docx(content: bytes, limits: IntakeLimits) -> str:
    """The body's text in document order: one line per paragraph, one per table row (its cells joined by tabs, so
    a label stays on the line of its value: 总投资（万元）\\t3000). Headers, footers, notes and text boxes are left
    out: they repeat or annotate, and are not the proposal's own clauses."""
    with open_checked(content) as archive:
        check_bounds(archive, limits)
        check_inflation(content, archive)
    import docx  # python-docx, when a .docx is read: a service that reads none starts without it

    try:
        body = docx.Document(io.BytesIO(content)).element.body
    except Exception as exc:
        # python-docx, zipfile and lxml fail in many ways on a damaged package (missing parts, bad XML, a CRC error
        # where a part inflates past its declared size): all of them mean the file cannot be read as it is.
        logger.info("unreadable .docx", exc_info=True)
        raise errors.corrupt(KIND, f"{type(exc).__name__}: {exc}") from exc
    return "\n".join(line for line in _blocks(body) if line.strip())


def _blocks(container: Any) -> Iterator[str]:
    for child in container.iterchildren():
        if child.tag == _P:
            yield _paragraph(child)
        elif child.tag == _TBL:
            yield from _table(child)
        elif child.tag == _SDT:
            # content controls (a cover page, a form field block) hold ordinary paragraphs and tables
            for content in child.iterchildren(_SDT_CONTENT):
                yield from _blocks(content)
        elif child.tag == _CUSTOM_XML:
            yield from _blocks(child)


def _paragraph(paragraph: Any) -> str:
    return "".join(
        # every w:p is python-docx's CT_P, whose xpath knows the w: prefix
        _RUN_PIECES.get(piece.tag) or piece.text or ""
        for piece in paragraph.xpath(_RUN_TEXT)
    )


def _table(table: Any) -> Iterator[str]:
    # Cells straight from the XML: python-docx's row.cells repeats a merged cell once per grid column it spans,
    # which would repeat its text. A vertically merged cell's continuation holds no text and drops out.
    for row in table.iterchildren(_TR):
        cells = ("\n".join(line for line in _blocks(cell) if line.strip()) for cell in row.iterchildren(_TC))
        line = "\t".join(cell for cell in cells if cell)
        if line:
            yield line
