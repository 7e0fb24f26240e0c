"""What a spreadsheet may cost, checked before it is parsed: an .xlsx is a zip of XML parts that can expand a
thousandfold, and openpyxl reads a sheet's rows (and, for a sheet without a declared size, the whole sheet while
merely opening the workbook) before anyone can count them. So the zip's directory is checked first, then each
worksheet's XML is streamed through a byte scanner that counts rows, bounds the size of each row and finds formula
cells without a computed value; only then does openpyxl see the file.

Limits, and why:
- MAX_UNCOMPRESSED_BYTES, 128 MiB of XML in all: a realistic sheet of MAX_ROWS rows of nine filled columns is about
  80 MB of XML, so the row limit, not this one, is what a real file meets; past it a zip is a bomb.
- MAX_RATIO, 100 to 1 for a part over 1 MiB: real sheets compress 5 to 20 to 1; deflate tops out near 1,000 to 1.
- MAX_PART_BYTES, 4 MiB for any other part (the content types, the workbook, styles, relationships, pictures):
  openpyxl parses these whole into element trees, some 20 times their size (tens of KB in real files).
- MAX_SHARED_STRINGS_BYTES, 16 MiB: openpyxl keeps the shared strings as a list, some 8 times their size; a sheet
  of MAX_ROWS rows each with its own 20-character note needs 15 MB.
- MAX_ROW_BYTES, 1 MiB of XML from one row to the next (and before the first, after the last): openpyxl builds each
  row's cells in memory before it yields the row, so one row of a million cells is a memory bomb of its own.
- MAX_CELLS_PER_ROW, 16,384: Excel's own number of columns.
- Rows: MAX_ROWS (service.monitoring.sheets) below the header; a sheet with more row elements than that plus the
  rows where a header may stand is refused before any row is parsed.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from dataclasses import dataclass, field
from itertools import pairwise

from openpyxl.utils import column_index_from_string

from service.errors import ValidationFailed
from service.i18n import _
from service.zip_inflation import UnreadableZip, part_inflating_past_declared

MAX_UNCOMPRESSED_BYTES = 128 * 2**20
MAX_RATIO = 100
RATIO_FROM_BYTES = 2**20
MAX_PART_BYTES = 4 * 2**20
MAX_SHARED_STRINGS_BYTES = 16 * 2**20
MAX_ROW_BYTES = 2**20
MAX_CELLS_PER_ROW = 16_384
MAX_UNCOMPUTED = 1_000
CHUNK_BYTES = 256 * 2**10
FIELD = ["input", "file"]
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls workbooks and password-protected .xlsx ones are OLE compound files

# Tags, with any namespace prefix: SpreadsheetML may be written as <row> or <x:row>.
_P = rb"(?:[A-Za-z_][\w.-]{0,31}:)?"
ROW_START = re.compile(rb"<" + _P + rb"row[\s/>]")
CELL_START = re.compile(rb"<" + _P + rb"c[\s/>]")
# A cell holding a formula and no value, or an empty one (<v/>, as openpyxl writes every formula): read with
# data_only it would pass for a blank. Empty is a computed value only for a text result (t="str": ="" ).
UNCOMPUTED = re.compile(
    rb"<" + _P + rb"c(\s[^>]*)?>\s*<" + _P + rb"f(?:\s[^>]*)?(?:/>|>[^<]*</" + _P + rb"f\s*>)\s*"
    rb"(<" + _P + rb"v\s*/>|<" + _P + rb"v(?:\s[^>]*)?>\s*</" + _P + rb"v\s*>)?\s*</" + _P + rb"c\s*>"
)
TEXT_RESULT = re.compile(rb"""\st\s*=\s*["']str["']""")
# Formulas end in </f> or </x:f>, or are one tag (<f t="shared" si="0"/>): without these, no regex search is needed.
FORMULA_HINTS = (b"f>", b"<f ", b":f ")
DIMENSION = re.compile(rb"<" + _P + rb"""dimension\s[^>]*ref\s*=\s*["'](?:[^"':]*:)?[A-Za-z$]*([0-9]{1,10})["']""")
CELL_REF = re.compile(rb"""\sr\s*=\s*["']([A-Z]{1,3})([0-9]{1,7})["']""")
ROW_REF = re.compile(rb"""\sr\s*=\s*["']([0-9]{1,7})["']""")


class FileTooLarge(ValidationFailed):
    """A file over one of the limits above (or the row limit): refused as a whole, before it is parsed."""

    code = "FILE_TOO_LARGE"


class Stopped(Exception):
    """Reading was abandoned: whoever waited for it is gone (the request's time limit, a disconnect)."""


def too_large(message: str) -> FileTooLarge:
    """`message` names the file and the limit it is over."""
    return FileTooLarge([(FIELD, message)])


def too_many_rows(file_name: str, limit: int, sheet: str | None = None) -> FileTooLarge:
    if sheet:
        return too_large(
            _(
                "{file} has over {limit:,} rows in the sheet {sheet}; at most {limit:,} a file: split it",
                file=file_name,
                limit=limit,
                sheet=sheet,
            )
        )
    return too_large(
        _("{file} has over {limit:,} rows; at most {limit:,} a file: split it", file=file_name, limit=limit)
    )


def unreadable(file_name: str, why: str) -> ValidationFailed:
    """`why` is a message, or the text of the exception a library raised (left as it is)."""
    return ValidationFailed([(FIELD, _("{file} is not a readable .xlsx workbook ({why})", file=file_name, why=why))])


def mib(size: int) -> str:
    if size < 2**20:  # a part's declared size can be tiny (a lying directory): 0 MiB would say nothing
        return f"{size / 2**10:,.1f}".removesuffix(".0") + " KiB"
    return f"{size / 2**20:,.1f}".removesuffix(".0") + " MiB"


def open_archive(content: bytes, file_name: str) -> zipfile.ZipFile:
    """The zip, once its directory shows nothing that expands past the limits and no part inflates past the size
    the directory declares for it (so that the declared sizes truly bound the work)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as exc:
        if content.startswith(OLE_MAGIC):
            why = _("an .xls or password-protected workbook: save it as a plain .xlsx")
            raise unreadable(file_name, why) from exc
        raise unreadable(file_name, _("not a zip archive: {error}", error=str(exc))) from exc
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise too_large(
            _(
                "{file} expands to {size} when unzipped; at most {limit}",
                file=file_name,
                size=mib(total),
                limit=mib(MAX_UNCOMPRESSED_BYTES),
            )
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
            raise too_large(
                _(
                    "{file} holds {part} compressed {ratio:,.0f} to 1; at most {limit} to 1 (a zip bomb?)",
                    file=file_name,
                    part=info.filename,
                    ratio=ratio,
                    limit=MAX_RATIO,
                )
            )
    if "[Content_Types].xml" not in archive.namelist():
        raise unreadable(file_name, _("a zip archive without [Content_Types].xml, so not a workbook"))
    check_parts(archive, file_name, {"[Content_Types].xml": MAX_PART_BYTES})
    # openpyxl reads the parts other than worksheets whole: a directory that understates one must not get past.
    try:
        lying = part_inflating_past_declared(content, archive)
    except UnreadableZip as exc:
        raise unreadable(file_name, str(exc)) from exc
    if lying is not None:
        raise too_large(
            _(
                "{file} holds {part}, which inflates past the {size} its directory declares",
                file=file_name,
                part=lying.filename,
                size=mib(lying.file_size),
            )
        )
    return archive


def check_parts(archive: zipfile.ZipFile, file_name: str, limits: dict[str, int | None], default: int = 0) -> None:
    """Each part within its limit (None: none, a worksheet is scanned instead), the others within `default`
    (0: unchecked)."""
    for info in archive.infolist():
        limit = limits.get(info.filename, default)
        if limit and info.file_size > limit:
            raise too_large(
                _(
                    "{file} holds {part} of {size}; at most {limit}",
                    file=file_name,
                    part=info.filename,
                    size=mib(info.file_size),
                    limit=mib(limit),
                )
            )


@dataclass
class SheetScan:
    """What the byte scanner learnt of one worksheet: its row elements and its formula cells without a value."""

    title: str
    file_name: str
    limit: int  # rows below the header
    header_rows: int  # rows where the header may stand, on top of the limit
    rows: int = 0
    uncomputed: set[tuple[int, int]] = field(default_factory=set)  # (row, column), both from 1
    prologue_read: bool = False

    def feed(self, buffer: bytes, final: bool) -> bytes:
        """Scan the complete rows of `buffer`; return the unfinished rest (it starts where the last row starts)."""
        starts = [m.start() for m in ROW_START.finditer(buffer)]
        if not final and not starts:
            self._check_stretch(buffer, 0, len(buffer))
            return buffer
        if not self.prologue_read:
            self._check_declared(buffer, starts[0] if starts else len(buffer))
        done = len(buffer) if final else starts[-1]
        edges = [0, *starts, done] if final else [0, *starts]
        for begin, end in pairwise(edges):
            self._check_stretch(buffer, begin, end)
        self.rows += len(starts) if final else len(starts) - 1
        if self.rows > self.limit + self.header_rows:
            raise too_many_rows(self.file_name, self.limit, self.title)
        if any(hint in buffer for hint in FORMULA_HINTS):
            for match in UNCOMPUTED.finditer(buffer, 0, done):
                attributes = match.group(1) or b""
                if not (match.group(2) and TEXT_RESULT.search(attributes)):
                    self._uncomputed(attributes)
        rest = buffer[done:]
        self._check_stretch(rest, 0, len(rest))
        return rest

    def _check_declared(self, buffer: bytes, end: int) -> None:
        """The size the sheet declares before its rows (<dimension ref="A1:J5000"/>): over the limit, the file is
        refused before a row is parsed. Absent or understated it proves nothing: the rows are counted anyway."""
        self.prologue_read = True
        declared = DIMENSION.search(buffer, 0, end)
        if declared is not None and int(declared.group(1)) > self.limit + self.header_rows:
            raise too_many_rows(self.file_name, self.limit, self.title)

    def _check_stretch(self, buffer: bytes, begin: int, end: int) -> None:
        # Only a stretch over 64 KiB can hold more cells than Excel has columns (a cell takes at least 4 bytes).
        if end - begin <= 64 * 2**10:
            return
        where, file = self._where(buffer, begin), self.file_name
        if end - begin > MAX_ROW_BYTES:
            raise too_large(
                _("{file} has {where} of over {limit} of XML", file=file, where=where, limit=mib(MAX_ROW_BYTES))
            )
        if sum(1 for _cell in CELL_START.finditer(buffer, begin, end)) > MAX_CELLS_PER_ROW:
            raise too_large(
                _("{file} has {where} of over {limit:,} cells", file=file, where=where, limit=MAX_CELLS_PER_ROW)
            )

    def _where(self, buffer: bytes, begin: int) -> str:
        if not ROW_START.match(buffer, begin):
            return _("XML outside the rows of the sheet {sheet}", sheet=self.title)
        ref = ROW_REF.search(buffer, begin, begin + 200)
        return _("row {row:,} in the sheet {sheet}", row=int(ref.group(1)) if ref else self.rows + 1, sheet=self.title)

    def _uncomputed(self, attributes: bytes) -> None:
        ref = CELL_REF.search(attributes)
        if ref is None:
            self._formulas_refused(_("a formula cell without its cell reference"))
        elif len(self.uncomputed) >= MAX_UNCOMPUTED:
            self._formulas_refused(_("over {limit:,} of them", limit=MAX_UNCOMPUTED))
        else:
            self.uncomputed.add((int(ref.group(2)), column_index_from_string(ref.group(1).decode())))

    def _formulas_refused(self, detail: str) -> None:
        # One by one they are row errors (service.monitoring.sheets); this many, or unplaceable, the file is.
        message = _(
            "{file}: the sheet {sheet} has formulas without a computed value (公式未计算; {detail}): "
            "open it in Excel or WPS and save it, so that they are calculated",
            file=self.file_name,
            sheet=self.title,
            detail=detail,
        )
        raise ValidationFailed([(FIELD, message)])


def scan_sheet(archive: zipfile.ZipFile, path: str, scan: SheetScan, stop: threading.Event | None) -> SheetScan:
    """Stream one worksheet's XML through the scanner: memory stays within a chunk and one row."""
    with archive.open(path) as source:
        pending = b""
        while chunk := source.read(CHUNK_BYTES):
            if stop is not None and stop.is_set():
                raise Stopped
            pending = scan.feed(pending + chunk, final=False)
        scan.feed(pending, final=True)
    return scan
