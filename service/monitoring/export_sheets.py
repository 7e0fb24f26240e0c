"""How an exported sheet looks, so that a department can print or forward it as it is: a title row, a row naming
the source and the date of export, bold headers that stay in view and repeat on every printed page, columns as
wide as their contents (Chinese characters count double), long texts wrapped, landscape pages one page wide."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from service.review import settings

NOTE_COLOUR = "C00000"
SOURCE_COLOUR = "595959"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
MIN_WIDTH, MAX_WIDTH = 6, 48
# Rows above the headers: the title, and the source with the date of export.
TITLE_ROWS = 2


@dataclass(frozen=True)
class Column:
    header: str
    # Wrap the text instead of widening the column past MAX_WIDTH (requirements, reasons, conditions).
    wrap: bool = False
    number_format: str | None = None


def display_width(value: Any) -> int:
    """Columns a value takes in a spreadsheet cell: wide (CJK) characters take two."""
    if value is None:
        return 0
    text = value.strftime("%Y-%m-%d") if isinstance(value, dt.date) else str(value)
    longest = max(text.split("\n"), key=len)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in longest)


def exported_on(today: dt.date | None = None) -> str:
    day = today or settings.today()
    return f"{day.year}年{day.month}月{day.day}日"


def titled_sheet(
    workbook: Workbook,
    name: str,
    title: str,
    source: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    *,
    first: bool = False,
    note: str | None = None,
) -> Worksheet:
    """A sheet named `name`: `title` and `source` above the headers; `note` (why the sheet is empty, or what it
    leaves out) in dark red between them and the headers."""
    worksheet = workbook.active if first else workbook.create_sheet()
    assert worksheet is not None
    worksheet.title = name
    last = get_column_letter(len(columns))
    worksheet.append([title])
    worksheet["A1"].font = Font(bold=True, size=14)
    worksheet.append([source])
    worksheet["A2"].font = Font(size=9, color=SOURCE_COLOUR)
    for row in (1, 2):
        worksheet.merge_cells(f"A{row}:{last}{row}")
    if note is not None:
        worksheet.append([note])
        worksheet.merge_cells(f"A3:{last}3")
        worksheet["A3"].font = Font(bold=True, color=NOTE_COLOUR)
    worksheet.append([c.header for c in columns])
    header_row = worksheet.max_row
    for cell in worksheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(bottom=Side(style="thin"))
    for values in rows:
        worksheet.append(list(values))
        for column, cell in zip(columns, worksheet[worksheet.max_row], strict=False):
            cell.alignment = Alignment(wrap_text=column.wrap, vertical="top")
            if column.number_format is not None:
                cell.number_format = column.number_format
    for index, column in enumerate(columns, start=1):
        widest = max([display_width(column.header), *(display_width(r[index - 1]) for r in rows if len(r) >= index)])
        worksheet.column_dimensions[get_column_letter(index)].width = max(MIN_WIDTH, min(MAX_WIDTH, widest + 2))
    # The title, source and note rows span the table: wrap them to its width instead of cutting them off.
    table_width = sum(worksheet.column_dimensions[get_column_letter(i)].width for i in range(1, len(columns) + 1))
    for row, line_height in ((1, 24), (2, 14), (3, 15)):
        text = worksheet.cell(row, 1).value
        if row < header_row and text:
            lines = -(-display_width(text) // max(1, int(table_width * 0.95)))
            worksheet.cell(row, 1).alignment = Alignment(wrap_text=True, vertical="center")
            worksheet.row_dimensions[row].height = line_height * lines
    worksheet.freeze_panes = f"A{header_row + 1}"
    if rows:
        worksheet.auto_filter.ref = f"A{header_row}:{last}{worksheet.max_row}"
    worksheet.print_title_rows = f"{header_row}:{header_row}"
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    return worksheet
