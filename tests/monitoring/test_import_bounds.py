"""Spreadsheet imports under hostile input (issue 10, item 3), each test written from its reproduction: a
1,000,000-row workbook of 1.2 MB and 1 MB of compressed whitespace are refused before they are parsed, with flat
memory; a formula without a computed value and an overlong CSV field are row errors, not a blank and a masked error;
and the event loop keeps answering while a file is read. Bounds are asserted structurally (rows read, allocations,
what openpyxl was asked to do), never as wall time."""

from __future__ import annotations

import asyncio
import base64
import io
import random
import threading
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.reader.excel import ExcelReader

from service.errors import ValidationFailed
from service.monitoring import bounds, imports, sheets
from service.monitoring import cli as monitoring_cli
from tests.fixtures import spreadsheets
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.intake.builders import deflated_zeros, parts_of, raw_zip

IMPORT = """mutation($input: ImportSpreadsheetInput!) { importSpreadsheet(input: $input) {
  report { rowsRead validRows rejectedRows rejected { sheet row problems { column message } } }
  userErrors { field message code } } }"""
HEADERS = ["指标代码", "指标名称", "测量项", "地区代码", "期间", "数值", "文字结果", "单位", "数据来源", "备注"]
ROW = b'<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c><v>2021</v></c><c><v>4.5</v></c></row>'
FLAT = 16 * 2**20  # peak Python allocations while a file is refused: a few chunks and rows, never the file's rows


def upload(content: bytes, name: str = "data.xlsx") -> dict:
    return {"input": {"kind": "OBSERVATIONS", "fileName": name, "contentBase64": base64.b64encode(content).decode()}}


async def refusal(content: bytes, name: str = "data.xlsx") -> tuple[ValidationFailed, int]:
    """The error reading the file ends with, and the peak of Python allocations (all threads) meanwhile."""
    tracemalloc.start()
    try:
        with pytest.raises(ValidationFailed) as refused:
            await imports.read_rows(content, name, "OBSERVATIONS")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return refused.value, peak


def never(what: str) -> Callable[..., Any]:
    def fail(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError(f"{what} must not be reached")

    return fail


def counting_rows(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the rows reading goes through below the headers."""
    spent = [0]
    spend = sheets.RowBudget.spend

    def counted(self: sheets.RowBudget) -> None:
        spent[0] += 1
        spend(self)

    monkeypatch.setattr(sheets.RowBudget, "spend", counted)
    return spent


async def test_a_million_row_workbook_is_refused_from_its_xml_before_openpyxl_reads_a_row(
    monkeypatch: pytest.MonkeyPatch, panzhihua_secretary: GraphQLClient
) -> None:
    # given: the reproduction, 1,000,000 rows in a 1.2 MB .xlsx that declares no size (as openpyxl writes them)
    content = spreadsheets.many_rows(1_000_000)
    assert len(content) < 1_500_000
    # when: it is imported, with openpyxl forbidden to open the workbook
    monkeypatch.setattr(ExcelReader, "read", never("opening the workbook"))
    error, peak = await refusal(content)
    # then: the row limit, from the byte scan alone, with flat memory
    assert error.code == "FILE_TOO_LARGE"
    assert error.problems == [
        (
            ["input", "file"],
            "data.xlsx has over 200,000 rows in the sheet 指标监测数据; at most 200,000 a file: split it",
        )
    ]
    assert peak < FLAT, f"{peak:,} bytes"
    # and over GraphQL, as a department officer would send it
    payload = (await panzhihua_secretary.data(IMPORT, upload(content)))["importSpreadsheet"]
    assert payload["report"] is None
    assert payload["userErrors"][0]["message"].endswith("at most 200,000 a file: split it")
    assert payload["userErrors"][0]["code"] == "FILE_TOO_LARGE"


async def test_a_declared_size_over_the_limit_is_refused_before_the_rows_and_an_understated_one_drops_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spent = counting_rows(monkeypatch)
    declared = spreadsheets.xlsx(
        [b'<dimension ref="A1:D1000001"/><sheetData>', spreadsheets.header_row(), ROW * 3, b"</sheetData>"]
    )
    error, _peak = await refusal(declared)
    assert error.code == "FILE_TOO_LARGE"
    assert spent == [0]
    # openpyxl stops at a declared last row: a sheet claiming two rows while holding six must still give all five
    understated = spreadsheets.xlsx(
        [b'<dimension ref="A1:D2"/><sheetData>', spreadsheets.header_row(), ROW * 5, b"</sheetData>"]
    )
    rows = await imports.read_rows(understated, "data.xlsx", "OBSERVATIONS")
    assert [row.number for row in rows] == [2, 3, 4, 5, 6]


async def test_rows_missing_from_the_xml_still_count_and_reading_stops_at_the_first_over_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: two rows, the second numbered 1,000,000 (openpyxl yields the empty rows between them)
    content = spreadsheets.rows_xml(ROW.replace(b"<row>", b'<row r="2">'), ROW.replace(b"<row>", b'<row r="1000000">'))
    spent = counting_rows(monkeypatch)
    error, peak = await refusal(content)
    assert error.problems[0][1] == "data.xlsx has over 200,000 rows; at most 200,000 a file: split it"
    assert spent == [sheets.MAX_ROWS + 1]
    assert peak < FLAT, f"{peak:,} bytes"


async def test_a_megabyte_of_compressed_whitespace_is_refused_by_its_unzipped_size(
    monkeypatch: pytest.MonkeyPatch, panzhihua_secretary: GraphQLClient
) -> None:
    # given: the reproduction, 1 GiB of spaces in the sheet's XML, 1 MB zipped
    content = spreadsheets.whitespace_bomb()
    assert len(content) < 1_100_000
    monkeypatch.setattr(bounds, "scan_sheet", never("scanning a sheet"))
    error, peak = await refusal(content)
    assert error.code == "FILE_TOO_LARGE"
    assert error.problems[0][1] == "data.xlsx expands to 1,024 MiB when unzipped; at most 128 MiB"
    assert peak < FLAT, f"{peak:,} bytes"
    payload = (await panzhihua_secretary.data(IMPORT, upload(content)))["importSpreadsheet"]
    assert payload["userErrors"][0]["field"] == ["input", "file"]
    assert "expands to 1,024 MiB when unzipped" in payload["userErrors"][0]["message"]
    assert payload["userErrors"][0]["code"] == "FILE_TOO_LARGE"


async def test_a_part_compressed_past_any_real_sheet_is_refused_even_under_the_size_limit() -> None:
    error, _peak = await refusal(spreadsheets.whitespace_bomb(64 * 2**20))
    assert error.problems[0][1].startswith("data.xlsx holds xl/worksheets/sheet1.xml compressed ")
    assert error.problems[0][1].endswith(" to 1; at most 100 to 1 (a zip bomb?)")


async def test_a_part_openpyxl_reads_whole_is_held_to_a_size() -> None:
    # styles, the workbook, relationships are parsed into element trees some 20 times their size
    buffer = io.BytesIO(spreadsheets.rows_xml(ROW))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/styles.xml", random.Random(0).randbytes(5 * 2**19).hex())
    error, _peak = await refusal(buffer.getvalue())
    assert error.problems[0][1] == "data.xlsx holds xl/styles.xml of 5 MiB; at most 4 MiB"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (b'<row r="2">' + b"<c/>" * 20_000 + b"</row>", "has row 2 in the sheet 指标监测数据 of over 16,384 cells"),
        (
            b'<row r="2"><c t="inlineStr"><is><t>'
            + random.Random(0).randbytes(2**20).hex().encode()
            + b"</t></is></c></row>",
            "has row 2 in the sheet 指标监测数据 of over 1 MiB of XML",
        ),
    ],
    ids=["cells", "bytes"],
)
async def test_one_row_cannot_hold_what_would_flood_memory(row: bytes, message: str) -> None:
    # openpyxl builds a row's cells in memory before yielding it: a single row is a bomb of its own
    error, peak = await refusal(spreadsheets.rows_xml(row))
    assert error.problems[0][1] == f"data.xlsx {message}"
    assert peak < FLAT, f"{peak:,} bytes"


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"not a zip", "not a zip archive"),
        (bounds.OLE_MAGIC + bytes(508), "an .xls or password-protected workbook: save it as a plain .xlsx"),
        (None, "a zip archive without [Content_Types].xml, so not a workbook"),
        (spreadsheets.rows_xml(b'<row><c t="s"><v>7</v></c></row>'), "its sheet 指标监测数据 cannot be read"),
        (spreadsheets.rows_xml(b"<row><c><v>1</v></c></rw>"), "mismatched tag"),
    ],
    ids=["text", "xls", "zip", "string-index", "xml"],
)
async def test_files_that_are_not_workbooks_are_refused_as_such_never_masked(content: bytes | None, why: str) -> None:
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("notes.txt", "hello")
        content = buffer.getvalue()
    error, _peak = await refusal(content)
    assert error.problems[0][1].startswith(f"data.xlsx is not a readable .xlsx workbook ({why}")


async def test_a_formula_without_a_computed_value_is_a_row_error_not_a_blank(
    panzhihua_secretary: GraphQLClient,
) -> None:
    # given: a workbook written by a program (openpyxl here), whose formulas nobody has calculated
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "指标监测数据"
    sheet.append(HEADERS)
    sheet.append(["PZH14-11", None, None, "panzhihua", 2022, "=3.9"])
    sheet.append(["PZH14-12", None, None, "panzhihua", 2022, 3.9])
    buffer = io.BytesIO()
    workbook.save(buffer)
    # when
    payload = (await panzhihua_secretary.data(IMPORT, upload(buffer.getvalue())))["importSpreadsheet"]
    # then: row 2 is rejected for its formula, row 3 is valid
    assert payload["userErrors"] == []
    report = payload["report"]
    assert (report["rowsRead"], report["validRows"], report["rejectedRows"]) == (2, 1, 1)
    assert report["rejected"] == [
        {
            "sheet": "指标监测数据",
            "row": 2,
            "problems": [
                {
                    "column": "数值",
                    "message": "公式未计算 (the cell F2 holds a formula without a computed value): open the file in "
                    "Excel or WPS and save it, or type the value",
                }
            ],
        }
    ]


async def test_formulas_with_computed_values_are_read_as_their_values() -> None:
    computed = ROW.replace(b"<c><v>4.5</v></c>", b"<c><f>9/2</f><v>4.5</v></c>")
    empty_text = ROW.replace(b"<c><v>4.5</v></c>", b'<c t="str"><f>IF(1,"","")</f><v></v></c>')
    rows = await imports.read_rows(spreadsheets.rows_xml(computed, empty_text), "data.xlsx", "OBSERVATIONS")
    # the second row's formula computed an empty text: a blank row, skipped like any other
    assert [(row.number, row.cells["value"], row.problems) for row in rows] == [(2, 4.5, ())]


async def test_a_csv_field_over_the_csv_limit_is_a_row_error_naming_its_row(
    panzhihua_secretary: GraphQLClient,
) -> None:
    # given: the reproduction, a field of 200,000 characters (the csv module stops at 131,072)
    lines = [",".join(HEADERS), "PZH14-21,,,panzhihua,2023,10.2", "PZH14-21,,,panzhihua,2022,," + "长" * 200_000]
    lines.append("PZH14-21,,,panzhihua,2021,10.4")
    content = "\n".join(lines).encode()
    payload = (await panzhihua_secretary.data(IMPORT, upload(content, "数据.csv")))["importSpreadsheet"]
    assert payload["userErrors"] == []
    assert payload["report"]["validRows"] == 2
    assert payload["report"]["rejected"] == [
        {
            "sheet": "数据.csv",
            "row": 3,
            "problems": [{"column": "行", "message": "字段过长 (a field is over 131,072 characters): shorten it"}],
        }
    ]


async def test_a_csv_over_the_row_limit_is_refused_before_its_rows_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    content = ",".join(HEADERS).encode() + b"\n" + b"PZH14-21,,,panzhihua,2023,1\n" * 300_000
    spent = counting_rows(monkeypatch)
    error, peak = await refusal(content, "big.csv")
    assert error.problems[0][1] == "big.csv has over 200,000 rows; at most 200,000 a file: split it"
    assert spent == [0]
    assert peak < FLAT, f"{peak:,} bytes"


async def test_a_csv_in_neither_encoding_is_refused_clearly() -> None:
    error, _peak = await refusal(b"\xff\xfe\xff" * 10, "x.csv")
    assert error.problems[0][1] == "x.csv is neither UTF-8 nor GB18030 text"


async def test_the_event_loop_answers_healthz_while_a_file_is_read(
    monkeypatch: pytest.MonkeyPatch, anonymous: GraphQLClient, panzhihua_secretary: GraphQLClient
) -> None:
    # given: reading that cannot finish until /healthz has answered (on the event loop, it never would)
    answered = threading.Event()
    threads: list[threading.Thread] = []
    read = sheets.read

    def gated(*args: Any) -> list[sheets.Sheet]:
        threads.append(threading.current_thread())
        assert answered.wait(10), "/healthz did not answer while the file was read"
        return read(*args)

    monkeypatch.setattr(sheets, "read", gated)
    content = spreadsheets.many_rows(2000)
    # when: the import runs and, meanwhile, /healthz is asked
    importing = asyncio.create_task(panzhihua_secretary.data(IMPORT, upload(content)))
    health = await asyncio.wait_for(anonymous.http.get("/healthz"), 10)
    answered.set()
    payload = (await importing)["importSpreadsheet"]
    # then: both answered, and the reading ran in a worker thread
    assert health.status_code == 200
    assert payload["report"]["rowsRead"] == 2000
    assert threads
    assert threads[0] is not threading.main_thread()


async def test_an_abandoned_import_stops_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    # a cancelled wait (the request's time limit) tells the thread to stop ...
    started, stops = threading.Event(), []

    def read(_content: bytes, _name: str, _kind: str, stop: threading.Event) -> list[sheets.Sheet]:
        stops.append(stop)
        started.set()
        stop.wait(10)
        raise bounds.Stopped

    monkeypatch.setattr(sheets, "read", read)
    waiting = asyncio.create_task(imports.read_rows(b"x", "data.xlsx", "OBSERVATIONS"))
    assert await asyncio.to_thread(started.wait, 10)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert stops[0].is_set()
    monkeypatch.undo()
    # ... and a told thread stops: scanning at its next chunk, reading within a thousand rows
    stop = threading.Event()
    stop.set()
    with pytest.raises(bounds.Stopped):
        sheets.read(spreadsheets.many_rows(5000), "data.xlsx", "OBSERVATIONS", stop)
    budget = sheets.RowBudget("data.xlsx", stop)
    for _row in range(999):
        budget.spend()
    with pytest.raises(bounds.Stopped):
        budget.spend()
    assert budget.used == 1000


async def test_the_command_line_refuses_a_file_over_the_size_limit_without_reading_it(
    monkeypatch: pytest.MonkeyPatch, monitoring_db: DatabaseUnderTest, tmp_path: Path
) -> None:
    path = tmp_path / "big.xlsx"
    path.write_bytes(bytes(2**20 + 1))
    monkeypatch.setattr(imports, "MAX_BYTES", 2**20)
    monkeypatch.setattr(Path, "read_bytes", never("reading the file"))
    with pytest.raises(bounds.FileTooLarge) as refused:
        await monitoring_cli.run(
            monitoring_db.factory, "OBSERVATIONS", path, apply=False, apply_valid_rows=False, user="ops"
        )
    assert refused.value.problems[0][1] == "big.xlsx is over 1 MiB: split it"


async def test_a_part_whose_directory_understates_its_size_is_refused_before_openpyxl_reads_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given a workbook whose shared strings declare 1 KiB and inflate to 200 MiB (openpyxl reads them whole, and
    # ZipFile.read inflates all of it before cutting it to the declared size)
    parts = parts_of(spreadsheets.rows_xml(ROW))
    lying = [
        (name, deflated_zeros(200 * 2**20), 0, 1024) if name == "xl/sharedStrings.xml" else (name, data, crc, size)
        for name, data, crc, size in parts
    ]
    assert any(name == "xl/sharedStrings.xml" for name, *_ in parts)
    monkeypatch.setattr(ExcelReader, "read", never("openpyxl"))
    # when it is imported
    error, peak = await refusal(raw_zip(lying))
    # then it is refused by name, holding no more than a few chunks
    assert error.problems[0][1] == (
        "data.xlsx holds xl/sharedStrings.xml, which inflates past the 1 KiB its directory declares"
    )
    assert peak < FLAT
