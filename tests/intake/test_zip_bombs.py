"""Zip bombs disguised as .docx: refused from the zip's directory before python-docx opens the file, and one whose
directory understates a part's size is refused as soon as the part inflates past it, a chunk at a time. Bounds are
asserted structurally (python-docx never reached, peak allocations), never as wall time."""

from __future__ import annotations

import random
import tracemalloc
import zlib
from collections.abc import Callable
from typing import Any

import docx
import pytest

from service.intake import DocumentError, IntakeLimits, read_document, word
from tests.intake.builders import MIB, deflated_zeros, docx_bytes, parts_of, raw_zip

HANZI = "健康影响评价城乡环境卫生公共场所学校医院养老垃圾转运站噪声大气水源绿地交通安全饮食烟草酒类"
FLAT = 16 * MIB  # peak Python allocations while a bomb is refused: the upload and a chunk, never what it expands to


def never(what: str) -> Callable[..., Any]:
    def fail(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError(f"{what} must not be reached")

    return fail


def bomb(size: int, declared: int | None = None, crc: int = 0) -> bytes:
    """A real .docx whose word/document.xml is replaced by `size` bytes of zeros, declared as `declared`."""
    parts = [
        part for part in parts_of(docx_bytes(["第一条 为保障公众健康，制定本办法。"])) if part[0] != word.MAIN_PART
    ]
    return raw_zip([*parts, (word.MAIN_PART, deflated_zeros(size), crc, size if declared is None else declared)])


def refusal_and_peak(content: bytes, limits: IntakeLimits | None = None) -> tuple[DocumentError, int]:
    tracemalloc.start()
    try:
        with pytest.raises(DocumentError) as refused:
            read_document(content, "方案.docx", limits or IntakeLimits())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return refused.value, peak


def test_a_docx_that_expands_to_200_mib_is_refused_from_its_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    # given 200 MiB of zeros compressed into a few hundred KB, named and built like a Word document
    content = bomb(200 * MIB)
    assert len(content) < MIB
    monkeypatch.setattr(docx, "Document", never("python-docx"))

    # when
    refused, peak = refusal_and_peak(content)

    # then
    assert refused.code == "ZIP_BOMB"
    assert "解压后为 200" in refused.message_zh
    assert "上限 100 MiB" in refused.message_zh
    assert "压缩炸弹" in refused.message_zh
    assert "zip bomb" in refused.message_en
    assert peak < FLAT


def test_a_part_compressed_past_any_real_document_is_refused_under_the_size_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given 50 MiB of zeros: under the 100 MiB limit, but compressed a thousand to one
    monkeypatch.setattr(docx, "Document", never("python-docx"))

    refused, peak = refusal_and_peak(bomb(50 * MIB), IntakeLimits(max_xml_part_bytes=64 * MIB))

    assert refused.code == "ZIP_BOMB"
    assert "word/document.xml" in refused.message_zh
    assert "压缩比" in refused.message_zh
    assert "to 1" in refused.message_en
    assert peak < FLAT


def test_an_xml_part_over_its_own_limit_is_refused() -> None:
    # given a document.xml of 1.5 MB compressed as real text compresses, larger than allowed to be parsed whole
    rng = random.Random(12)
    xml = "".join(f"<w:p><w:r><w:t>{''.join(rng.choices(HANZI, k=100))}</w:t></w:r></w:p>" for _ in range(5_000))
    encoded = xml.encode()
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = compressor.compress(encoded) + compressor.flush()
    parts = [part for part in parts_of(docx_bytes(["x"])) if part[0] != word.MAIN_PART]
    content = raw_zip([*parts, (word.MAIN_PART, data, zlib.crc32(encoded), len(encoded))])

    refused = read_error(content, IntakeLimits(max_xml_part_bytes=MIB))

    assert refused.code == "ZIP_BOMB"
    assert "word/document.xml" in refused.message_zh
    assert "上限 1 MiB" in refused.message_zh


def read_error(content: bytes, limits: IntakeLimits) -> DocumentError:
    with pytest.raises(DocumentError) as refused:
        read_document(content, "方案.docx", limits)
    return refused.value


@pytest.mark.parametrize("crc", ["of nothing", "of the declared bytes"])
def test_a_directory_that_understates_the_size_is_refused_without_inflating_the_part(
    crc: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given 200 MiB of zeros declared as 1 KiB, with a CRC that even matches the first KiB: every check on the
    # directory passes, and zipfile would inflate all 200 MiB in one call before cutting them to 1 KiB
    content = bomb(200 * MIB, declared=1024, crc=zlib.crc32(bytes(1024)) if crc == "of the declared bytes" else 0)
    monkeypatch.setattr(docx, "Document", never("python-docx"))

    # when
    refused, peak = refusal_and_peak(content)

    # then
    assert refused.code == "ZIP_BOMB"
    assert "word/document.xml" in refused.message_zh
    assert "超过其声明的大小（1 KiB）" in refused.message_zh
    assert "declares" in refused.message_en
    assert peak < FLAT
