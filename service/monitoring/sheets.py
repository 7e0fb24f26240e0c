"""Reading spreadsheets (.xlsx with openpyxl, .csv) into rows keyed by field, with the row numbers a user sees.

Headers are the template's Chinese ones (English field names are accepted too); a header row is looked for in
the first five rows of each sheet; sheets without the required headers are skipped; unknown columns are ignored.
Cells formatted as percentages hold fractions in Excel (95% is 0.95): they are read back as 95.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from service.errors import ValidationFailed

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


@dataclass(frozen=True)
class Row:
    sheet: str
    number: int
    cells: dict[str, Any]


@dataclass
class Sheet:
    name: str
    rows: Iterator[Row]
    size: int  # rows below the header, as the file declares them (for progress)


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


def _rows(name: str, raw: Iterator[tuple[Any, ...]], kind: str) -> tuple[dict[int, str], int, Iterator[Row]] | None:
    for number, values in enumerate(raw, start=1):
        header = _header_map(tuple(_cell_value(v) for v in values), kind)
        if header is not None:

            def rest(start: int = number, columns: dict[int, str] = header) -> Iterator[Row]:
                for offset, cells in enumerate(raw, start=start + 1):
                    picked = {columns[i]: _cell_value(c) for i, c in enumerate(cells) if i in columns}
                    if any(v is not None for v in picked.values()):
                        yield Row(name, offset, picked)

            return header, number, rest()
        if number >= 5:
            return None
    return None


def read(content: bytes, file_name: str, kind: str) -> list[Sheet]:
    """The sheets of the file holding `kind` rows, each a stream of its non-blank rows."""
    if file_name.lower().endswith(".csv"):
        return _read_csv(content, file_name, kind)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationFailed([(["input", "file"], f"{file_name} is not a readable .xlsx workbook ({exc})")]) from exc
    sheets = []
    for worksheet in workbook.worksheets:
        found = _rows(worksheet.title, worksheet.iter_rows(), kind)
        if found is not None:
            _header, header_row, rows = found
            sheets.append(Sheet(worksheet.title, rows, max(0, (worksheet.max_row or 0) - header_row)))
    if not sheets:
        _no_headers(file_name, kind)
    return sheets


def _read_csv(content: bytes, file_name: str, kind: str) -> list[Sheet]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationFailed([(["input", "file"], f"{file_name} is neither UTF-8 nor GB18030 text")])
    lines = iter(csv.reader(io.StringIO(text)))
    found = _rows(file_name, (tuple(r) for r in lines), kind)
    if found is None:
        _no_headers(file_name, kind)
    assert found is not None
    _header, header_row, rows = found
    return [Sheet(file_name, rows, max(0, text.count("\n") - header_row))]


def _no_headers(file_name: str, kind: str) -> None:
    headers = "、".join(COLUMNS[kind][k] for k in REQUIRED[kind])
    raise ValidationFailed([(["input", "file"], f"{file_name} has no sheet with the columns {headers}")])
