"""Reading spreadsheets (.xlsx with openpyxl, .csv) into rows keyed by field, with the row numbers a user sees.

Headers are the template's Chinese ones (English field names are accepted too); a header row is looked for in
the first five rows and the first hundred columns of each sheet; sheets without the required headers are skipped;
unknown columns are ignored. Cells formatted as percentages hold fractions in Excel (95% is 0.95): they are read back
as 95. A cell that cannot be read (a formula never calculated, a CSV field over the csv module's limit) makes its
row's `problems`, reported like any other row error.

Reading is bounded: an .xlsx passes the checks of service.monitoring.bounds before openpyxl sees it, and at most
MAX_ROWS rows below the headers are read from a file, blank ones included (they cost reading too); reading stops at
the first row over the limit. It is CPU work meant for a worker thread: setting `stop` ends it at the next row.
"""

from __future__ import annotations

import codecs
import csv
import io
import threading
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.xml.constants import SHARED_STRINGS, WORKSHEET_TYPE

from service.errors import ValidationFailed
from service.i18n import _
from service.monitoring import bounds

OBSERVATION_COLUMNS = {
    "indicator": "指标代码",
    "name": "指标名称",
    "measure": "测量项",
    "jurisdiction": "地区代码",
    "period": "期间",
    "value": "数值",
    "value_text": "文字结果",
    "unit": "单位",
    "source": "数据来源",
    "note": "备注",
}
OBSERVATION_REQUIRED = ("indicator", "jurisdiction", "period", "value")
PROGRESS_COLUMNS = {
    "task": "任务代码",
    "name": "任务名称",
    "period": "期间",
    "percent": "完成比例(%)",
    "status": "进展状态",
    "note": "备注",
}
PROGRESS_REQUIRED = ("task", "period")
COLUMNS = {"OBSERVATIONS": OBSERVATION_COLUMNS, "TASK_PROGRESS": PROGRESS_COLUMNS}
REQUIRED = {"OBSERVATIONS": OBSERVATION_REQUIRED, "TASK_PROGRESS": PROGRESS_REQUIRED}
SHEET_TITLES = {"OBSERVATIONS": "指标监测数据", "TASK_PROGRESS": "任务进展"}
MAX_ROWS = 200_000
HEADER_ROWS = 5
MAX_COLUMNS = 100
# What openpyxl, zipfile and the XML parser raise on a malformed workbook (ParseError is a SyntaxError; a shared
# string index past the table is an IndexError): the file's fault, reported as such rather than masked.
MALFORMED = (
    InvalidFileException,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    SyntaxError,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    ArithmeticError,
    RuntimeError,  # an encrypted zip member
    NotImplementedError,  # a compression method zipfile lacks
)


@dataclass(frozen=True)
class Row:
    sheet: str
    number: int
    cells: dict[str, Any]
    problems: tuple[tuple[str, str], ...] = ()  # (field, or "row" for the whole row; message): what could not be read


@dataclass
class Sheet:
    name: str
    rows: Iterator[Row]
    size: int  # rows below the header, as counted before reading (for progress)


@dataclass(frozen=True)
class Unreadable:
    """A CSV record the csv module refused, in place of its cells: the row's error, not the file's."""

    message: str


Cells = Sequence[Any] | Unreadable


class RowBudget:
    """Rows below the headers, counted across the file as they are read: the first one over the limit ends reading.
    Now and then it also looks whether anybody still waits for the rows."""

    def __init__(self, file_name: str, stop: threading.Event | None) -> None:
        self.file_name = file_name
        self.stop = stop
        self.used = 0

    def spend(self) -> None:
        self.used += 1
        if self.used > MAX_ROWS:
            raise bounds.too_many_rows(self.file_name, MAX_ROWS)
        if self.used % 1000 == 0 and self.stop is not None and self.stop.is_set():
            raise bounds.Stopped


def _header_map(values: tuple[Any, ...], kind: str) -> dict[int, str] | None:
    names = {v: k for k, v in COLUMNS[kind].items()} | {k: k for k in COLUMNS[kind]}
    found = {i: names[str(v).strip()] for i, v in enumerate(values) if v is not None and str(v).strip() in names}
    return found if set(REQUIRED[kind]) <= set(found.values()) else None


def _cell_value(cell: Any) -> Any:
    value = cell.value if hasattr(cell, "value") else cell
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number_format = getattr(cell, "number_format", "") or ""
        if "%" in number_format:
            return float(value) * 100
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _rows(
    name: str, raw: Iterator[Cells], kind: str, budget: RowBudget, uncomputed: frozenset[tuple[int, int]]
) -> tuple[int, Iterator[Row]] | None:
    """The header's row number and the rows below it, or None when the first rows hold no header."""
    for number, values in enumerate(raw, start=1):
        if not isinstance(values, Unreadable):
            header = _header_map(tuple(_cell_value(v) for v in values), kind)
            if header is not None:
                return number, _below(name, raw, header, number, budget, uncomputed)
        if number >= HEADER_ROWS:
            return None
    return None


def _below(
    name: str,
    raw: Iterator[Cells],
    columns: dict[int, str],
    header_row: int,
    budget: RowBudget,
    uncomputed: frozenset[tuple[int, int]],
) -> Iterator[Row]:
    for number, cells in enumerate(raw, start=header_row + 1):
        budget.spend()
        if isinstance(cells, Unreadable):
            yield Row(name, number, {}, (("row", cells.message),))
            continue
        picked = {field: _cell_value(cells[i]) for i, field in columns.items() if i < len(cells)}
        problems = _uncomputed(columns, number, uncomputed) if uncomputed else ()
        if problems or any(v is not None for v in picked.values()):
            yield Row(name, number, picked, problems)


def _uncomputed(
    columns: dict[int, str], number: int, uncomputed: frozenset[tuple[int, int]]
) -> tuple[tuple[str, str], ...]:
    # Read with data_only, such a cell is None: without this it would pass for a blank.
    return tuple(
        (field, _formula_problem(get_column_letter(i + 1) + str(number)))
        for i, field in columns.items()
        if (number, i + 1) in uncomputed
    )


def _formula_problem(cell: str) -> str:
    return _(
        "公式未计算 (the cell {cell} holds a formula without a computed value): open the file in Excel or WPS and save "
        "it, or type the value",
        cell=cell,
    )


def read(content: bytes, file_name: str, kind: str, stop: threading.Event | None = None) -> list[Sheet]:
    """The sheets of the file holding `kind` rows, each a stream of its non-blank rows (see the module's docstring)."""
    budget = RowBudget(file_name, stop)
    if file_name.lower().endswith(".csv"):
        return _read_csv(content, file_name, kind, budget)
    return _read_xlsx(content, file_name, kind, budget)


def _read_xlsx(content: bytes, file_name: str, kind: str, budget: RowBudget) -> list[Sheet]:
    workbook, scans = _open_workbook(content, file_name, budget.stop)
    sheets = []
    for worksheet in workbook.worksheets:
        scan = scans.get(worksheet.title)
        if scan is None:  # cannot happen: both come from the workbook's list of sheets; never read a sheet unscanned
            why = _("its sheet {sheet} is not where the workbook says", sheet=worksheet.title)
            raise bounds.unreadable(file_name, why)
        # openpyxl reads no further than a declared size and pads up to it: neither may decide what is read.
        worksheet.reset_dimensions()
        found = _rows(worksheet.title, _cells(worksheet, file_name), kind, budget, frozenset(scan.uncomputed))
        if found is not None:
            header_row, rows = found
            sheets.append(Sheet(worksheet.title, rows, max(0, scan.rows - header_row)))
    if not sheets:
        _no_headers(file_name, kind)
    return sheets


def _open_workbook(
    content: bytes, file_name: str, stop: threading.Event | None
) -> tuple[Any, dict[str, bounds.SheetScan]]:
    """The workbook, opened read-only with cached values, once the zip and every worksheet passed the checks."""
    archive = bounds.open_archive(content, file_name)
    try:
        reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
        reader.read_manifest()
        _check_parts(reader, archive, file_name)
        reader.read_workbook()  # the sheets' names and parts only: opening the workbook fully reads them
        parts = [
            (sheet.name, rel.target)
            for sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type
        ]
        if len({title for title, _path in parts}) < len(parts):
            raise bounds.unreadable(file_name, _("two of its sheets have the same name"))
        scans = {
            title: bounds.scan_sheet(archive, path, bounds.SheetScan(title, file_name, MAX_ROWS, HEADER_ROWS), stop)
            for title, path in parts
        }
        reader.read()
    except MALFORMED as exc:
        raise bounds.unreadable(file_name, str(exc)) from exc
    return reader.wb, scans


def _check_parts(reader: ExcelReader, archive: zipfile.ZipFile, file_name: str) -> None:
    """Worksheets as the content types name them are scanned, row by row; every other part openpyxl reads whole, so
    it is held to a size (a worksheet by another name included: it gets the small limit)."""
    package: Any = reader.package  # the [Content_Types].xml (its methods carry no types)
    limits: dict[str, int | None] = {part.PartName[1:]: None for part in package.findall(WORKSHEET_TYPE)}
    strings = package.find(SHARED_STRINGS)
    if strings is not None:
        limits[strings.PartName[1:]] = bounds.MAX_SHARED_STRINGS_BYTES
    bounds.check_parts(archive, file_name, limits, bounds.MAX_PART_BYTES)


def _cells(worksheet: Any, file_name: str) -> Iterator[Cells]:
    try:
        yield from worksheet.iter_rows(max_col=MAX_COLUMNS)
    except MALFORMED as exc:
        why = _("its sheet {sheet} cannot be read: {error}", sheet=worksheet.title, error=str(exc))
        raise bounds.unreadable(file_name, why) from exc


def _read_csv(content: bytes, file_name: str, kind: str, budget: RowBudget) -> list[Sheet]:
    encoding = _csv_encoding(content, file_name)
    _count_records(content, encoding, file_name, budget.stop)
    found = _rows(file_name, _records(content, encoding), kind, budget, frozenset())
    if found is None:
        _no_headers(file_name, kind)
    assert found is not None
    header_row, rows = found
    return [Sheet(file_name, rows, max(0, content.count(b"\n") - header_row))]


def _csv_encoding(content: bytes, file_name: str) -> str:
    """UTF-8 (with or without a BOM) or else GB18030, tried chunk by chunk: no copy of the whole text is made."""
    step = bounds.CHUNK_BYTES
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(content), step):
                decoder.decode(content[start : start + step], final=start + step >= len(content))
        except UnicodeDecodeError:
            continue
        return encoding
    raise ValidationFailed([(["input", "file"], _("{file} is neither UTF-8 nor GB18030 text", file=file_name))])


def _records(content: bytes, encoding: str) -> Iterator[Cells]:
    """The CSV's records, streamed; one the csv module refuses becomes that row's error and reading goes on."""
    reader = csv.reader(io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline=""))
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            too_long = "field larger than field limit" in str(exc)
            limit = csv.field_size_limit()
            yield Unreadable(
                _("字段过长 (a field is over {limit:,} characters): shorten it", limit=limit)
                if too_long
                else _("无法读取 (this row is not valid CSV: {error})", error=str(exc))
            )
            continue
        yield record[:MAX_COLUMNS]


def _count_records(content: bytes, encoding: str, file_name: str, stop: threading.Event | None) -> None:
    """Refuse a CSV over the row limit before any of its rows is kept (counting keeps nothing)."""
    for count, _record in enumerate(_records(content, encoding), start=1):
        if count > MAX_ROWS + HEADER_ROWS:
            raise bounds.too_many_rows(file_name, MAX_ROWS)
        if count % 1000 == 0 and stop is not None and stop.is_set():
            raise bounds.Stopped


def _no_headers(file_name: str, kind: str) -> None:
    headers = "、".join(COLUMNS[kind][k] for k in REQUIRED[kind])
    message = _("{file} has no sheet with the columns {columns}", file=file_name, columns=headers)
    raise ValidationFailed([(["input", "file"], message)])
