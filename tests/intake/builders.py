"""Documents made in the test, never committed: Word files with python-docx, PDFs with a Chinese text layer with
matplotlib (TrueType glyphs embedded, fonttype 42, from Debian's fonts-noto-cjk), a scan with Pillow, and zips
written byte by byte where a test needs a directory that lies."""

from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib
from collections.abc import Sequence
from typing import Any

import matplotlib
import pytest
from docx import Document
from matplotlib import font_manager
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter

from service.intake import DocumentError, IntakeLimits, read_document

CJK_FILE = "NotoSansCJK-Regular"
MIB = 2**20


def docx_bytes(paragraphs: Sequence[str] = (), table: Sequence[Sequence[str]] = (), after: Sequence[str] = ()) -> bytes:
    """A Word document: paragraphs, then a table (rows of cells), then more paragraphs."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, cells in zip(grid.rows, table, strict=True):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
    for text in after:
        document.add_paragraph(text)
    return save(document)


def save(document: Any) -> bytes:
    """A python-docx document's bytes (python-docx's Document is a factory: its class is not importable)."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def cjk_font() -> font_manager.FontProperties:
    # The font files themselves, not matplotlib's font cache: a cache built before the fonts were installed would
    # not know them.
    paths = sorted(path for path in font_manager.findSystemFonts() if CJK_FILE in path)
    if not paths:
        pytest.fail(f"no {CJK_FILE} font file: apt-get install fonts-noto-cjk (scripts/test does)")
    font_manager.fontManager.addfont(paths[0])
    name = font_manager.FontProperties(fname=paths[0]).get_name()
    # matplotlib's own DejaVu Sans for what the CJK font lacks (the superscript minus of 1×10⁻⁶), as a typesetter
    # falls back to another font: the PDF's text layer then holds every character of the source.
    return font_manager.FontProperties(family=[name, "DejaVu Sans"], size=12)


def pdf_bytes(pages: Sequence[Sequence[str]]) -> bytes:
    """A PDF with a text layer: each page's lines from the top of an A4 page, 12 pt, about 40 Chinese characters
    to a full line. Kept per content: matplotlib takes a second to subset the CJK font for each file."""
    return _pdf_bytes(tuple(tuple(lines) for lines in pages))


@functools.cache
def _pdf_bytes(pages: tuple[tuple[str, ...], ...]) -> bytes:
    font = cjk_font()
    buffer = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(buffer) as pdf:
        for lines in pages:
            figure = Figure(figsize=(8.27, 11.69))
            for number, line in enumerate(lines):
                figure.text(0.08, 0.92 - number * 0.03, line, fontproperties=font)
            pdf.savefig(figure)
    return buffer.getvalue()


def scanned_pdf(pages: int = 2) -> bytes:
    """What a scanner makes: each page a picture of text, no text layer."""
    images = []
    for _ in range(pages):
        image = Image.new("RGB", (595, 842), "white")
        ImageDraw.Draw(image).text((50, 50), "Scanned page: 200 m to the school", fill="black")
        images.append(image)
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:])
    return buffer.getvalue()


def blank_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted(pdf: bytes, user_password: str, owner_password: str = "owner-secret") -> bytes:
    # RC4: pypdf writes and reads it without the optional cryptography package.
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def deflated_zeros(size: int) -> bytes:
    """Raw deflate data for `size` zero bytes (a whole number of MiB), made without holding them: each MiB is
    compressed once and ends in a full flush, so the same bytes stand for every MiB."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    one_mib = compressor.compress(bytes(MIB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return one_mib * (size // MIB) + compressor.flush()


# Zip records (APPNOTE 4.3.7, 4.3.12, 4.3.16), deflate (8), no timestamps, attributes or comments.
LOCAL = struct.Struct("<4s5H3L2H")
CENTRAL = struct.Struct("<4s6H3L5H2L")
END = struct.Struct("<4s4H2LH")


def raw_zip(parts: Sequence[tuple[str, bytes, int, int]]) -> bytes:
    """A zip written by hand from (name, deflate data, CRC-32, declared size): the directory says whatever it is
    told, which zipfile would never write."""
    body = io.BytesIO()
    directory = io.BytesIO()
    for name, data, crc, declared in parts:
        encoded = name.encode()
        offset = body.tell()
        sizes = (crc, len(data), declared, len(encoded))
        body.write(LOCAL.pack(b"PK\x03\x04", 20, 0, 8, 0, 0, *sizes, 0) + encoded + data)
        directory.write(CENTRAL.pack(b"PK\x01\x02", 20, 20, 0, 8, 0, 0, *sizes, 0, 0, 0, 0, 0, offset) + encoded)
    count = len(parts)
    end = END.pack(b"PK\x05\x06", 0, 0, count, count, directory.tell(), body.tell(), 0)
    return body.getvalue() + directory.getvalue() + end


def parts_of(docx: bytes) -> list[tuple[str, bytes, int, int]]:
    """A real .docx's parts as raw_zip takes them, honestly declared."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            parts.append((info.filename, compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)))
    return parts


def refusal(content: bytes, filename: str | None = None, limits: IntakeLimits | None = None) -> DocumentError:
    """The error reading `content` ends with (the test fails if it is read)."""
    with pytest.raises(DocumentError) as refused:
        read_document(content, filename, limits or IntakeLimits())
    return refused.value
