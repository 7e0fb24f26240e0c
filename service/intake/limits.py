"""What one document may cost to read, checked before the expensive step each limit guards.

- max_bytes, 20 MiB: checked first, on the upload as it arrived. Policy texts and project proposals are a few
  hundred KB; a Word file full of photographs of the site reaches a few MB.
- max_pages, 500 (PDF): counted from the page tree before any page's text is extracted.
- max_characters, 400,000: a 200,000-character document (a long development plan) must still be read; the cap is
  what drafting is measured against (bench/intake.py), not what a file happens to hold.
- max_uncompressed_bytes, 100 MiB (.docx): a .docx is a zip of XML parts that can expand a thousandfold; the zip's
  directory is checked against this before python-docx opens it (a part compressed over 100 to 1 is refused too).
- max_xml_part_bytes, 32 MiB (.docx): python-docx parses an XML part whole into a tree some 20 times its size.
  Word writes a 400,000-character document in about 10 MB of XML.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 2**20


@dataclass(frozen=True)
class IntakeLimits:
    max_bytes: int = 20 * MIB
    max_pages: int = 500
    max_characters: int = 400_000
    max_uncompressed_bytes: int = 100 * MIB
    max_xml_part_bytes: int = 32 * MIB


def size_text(size: int) -> str:
    """A size as people read it, in either language: 20 MiB, 1.5 MiB, 300 KiB, 101 B."""
    for unit, factor in (("MiB", MIB), ("KiB", 1024)):
        if size >= factor:
            return f"{size / factor:,.1f}".removesuffix(".0") + f" {unit}"
    return f"{size:,} B"
