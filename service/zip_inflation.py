"""Whether a zip's parts inflate past the sizes its directory declares: the check behind every Office file we read.

Why: readers of Office files (python-docx, openpyxl) read parts whole with ZipFile.read, which inflates all of a
part's compressed data in one call (up to 2 GiB) and only then cuts it to the declared size. A directory that
understates a part therefore bypasses any limit on declared sizes. Each part is inflated here once, a chunk at a
time, and reported as soon as it grows past its declared size; after that, the declared sizes truly bound what a
reader can be made to hold. Memory stays within a chunk.
"""

from __future__ import annotations

import struct
import zipfile
import zlib

from service.i18n import _

CHUNK_BYTES = 64 * 2**10
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature; the name's and the extra field's lengths end it


class UnreadableZip(ValueError):
    """The archive's data cannot be checked: no local header, a compression Office files never use, bad data.
    Its message is for the uploader (inside the refusal of the file): `str(error)` is that message itself."""

    def __str__(self) -> str:
        message = self.args[0] if self.args else ""
        return message if isinstance(message, str) else super().__str__()


def part_inflating_past_declared(content: bytes, archive: zipfile.ZipFile) -> zipfile.ZipInfo | None:
    """The first part that inflates past the size the directory declares for it, or None when none does."""
    view = memoryview(content)
    for info in archive.infolist():
        start = _data_start(view, info)
        data = view[start : start + info.compress_size]
        if info.compress_type == zipfile.ZIP_STORED:
            inflated = len(data)
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            inflated = _inflated_size(data, info.file_size)
        else:  # Office writes only these two; zipfile would need other libraries for the rest
            raise UnreadableZip(_("compression {method} of {part}", method=info.compress_type, part=info.filename))
        if inflated > info.file_size:
            return info
    return None


def _data_start(view: memoryview, info: zipfile.ZipInfo) -> int:
    header = bytes(view[info.header_offset : info.header_offset + _LOCAL_HEADER.size])
    if len(header) < _LOCAL_HEADER.size or not header.startswith(b"PK\x03\x04"):
        raise UnreadableZip(_("no local header for {part}", part=info.filename))
    _signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    return int(info.header_offset + _LOCAL_HEADER.size + name_length + extra_length)


def _inflated_size(data: memoryview, declared: int) -> int:
    """How many bytes `data` inflates to, counting no further than one chunk past `declared`. Compressed input is
    fed a chunk at a time too: zlib copies the unconsumed rest of its input on every call."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    inflated = 0
    try:
        for offset in range(0, len(data), CHUNK_BYTES):
            pending = bytes(data[offset : offset + CHUNK_BYTES])
            while pending and not inflater.eof:
                inflated += len(inflater.decompress(pending, CHUNK_BYTES))
                if inflated > declared:
                    return inflated
                pending = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error as exc:
        raise UnreadableZip(_("bad compressed data: {error}", error=str(exc))) from exc
    return inflated
