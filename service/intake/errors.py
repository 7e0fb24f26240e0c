"""Why a document cannot be read, in words an officer can act on: each message names the problem, the limit or
what was found, and what to upload instead. The message is written for translation (`service.i18n`): the officer
reads it in Chinese, an integrator who asks for English in English. Nothing is stored when one of these is raised."""

from __future__ import annotations

from service.errors import HiaError
from service.i18n import EN, ZH, _, localize
from service.intake.limits import size_text


class DocumentError(HiaError):
    """A document refused with a stable code (EMPTY_DOCUMENT, TOO_LARGE, ...) and a message for people, shown in
    the reader's language like any other error; `message_zh` and `message_en` give it in either language."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message, code=code)

    @property
    def message_zh(self) -> str:
        return localize(self.message, ZH)

    @property
    def message_en(self) -> str:
        return localize(self.message, EN)


def empty(what: str | None = None) -> DocumentError:
    """`what` (a message: the document, the pasted text) holds no text; the file, unless said."""
    return DocumentError(
        _(
            "{what} is empty: it holds no text. Check that it is the right file.",
            what=what if what is not None else _("The file"),
        ),
        code="EMPTY_DOCUMENT",
    )


def too_large(size: int, limit: int) -> DocumentError:
    # A stream cut off just past the limit knows only that it is over: "20 MiB, over the limit of 20 MiB" would
    # read as a contradiction.
    if size_text(size) == size_text(limit):
        message = _(
            "The file is over the limit of {limit}: compress its pictures or upload the main text only.",
            limit=size_text(limit),
        )
    else:
        message = _(
            "The file is {size}, over the limit of {limit}: compress its pictures or upload the main text only.",
            size=size_text(size),
            limit=size_text(limit),
        )
    return DocumentError(message, code="TOO_LARGE")


def pdf_stream_too_large(detail: str) -> DocumentError:
    # pypdf stops inflating a stream past its own limit: a decompression bomb, or a PDF made of huge images.
    return DocumentError(
        _(
            "The PDF holds content that inflates past the reading limit ({detail}): "
            "save it again as a plain PDF or a Word document.",
            detail=detail,
        ),
        code="TOO_LARGE",
    )


def too_many_pages(pages: int, limit: int) -> DocumentError:
    return DocumentError(
        _(
            "The PDF has {pages:,} pages, over the limit of {limit:,}: upload the main text only, "
            "splitting off the annexes.",
            pages=pages,
            limit=limit,
        ),
        code="TOO_MANY_PAGES",
    )


def too_many_characters(count: int, limit: int, *, at_least: bool = False) -> DocumentError:
    if at_least:
        message = _(
            "The document has at least {count:,} characters, over the limit of {limit:,}: "
            "upload the main text only, splitting off the annexes.",
            count=count,
            limit=limit,
        )
    else:
        message = _(
            "The document has {count:,} characters, over the limit of {limit:,}: "
            "upload the main text only, splitting off the annexes.",
            count=count,
            limit=limit,
        )
    return DocumentError(message, code="TOO_MANY_CHARACTERS")


def unsupported(kind: str, advice: str) -> DocumentError:
    """`kind`: what the content is (a message, "a picture"); `advice`: what to do instead (a message)."""
    return DocumentError(
        _(
            "Cannot read {kind}: {advice} "
            "(accepted: a Word document (.docx), a PDF with a text layer, a text file (.txt), or pasted text)",
            kind=kind,
            advice=advice,
        ),
        code="UNSUPPORTED_FORMAT",
    )


def extension_mismatch(extension: str, kind: str) -> DocumentError:
    """The name ends in `extension`; the content is `kind` (a message, "a Word document (.docx)")."""
    return DocumentError(
        _(
            "The file name ends in {extension} but the file is {kind}: "
            "check that it is the right file and name it after what it holds.",
            extension=extension,
            kind=kind,
        ),
        code="EXTENSION_MISMATCH",
    )


def encrypted_pdf() -> DocumentError:
    return DocumentError(
        _(
            "The PDF is encrypted (protected by a password), so its text cannot be read: "
            "upload an unencrypted PDF or the Word document."
        ),
        code="ENCRYPTED_PDF",
    )


def no_text_layer(pages: int, pages_without_text: int) -> DocumentError:
    return DocumentError(
        _(
            "The PDF has no text layer (a scan?): {without:,} of its {pages:,} pages hold no readable text. "
            "Upload a PDF with text or the Word document.",
            without=pages_without_text,
            pages=pages,
        ),
        code="NO_TEXT_LAYER",
    )


def corrupt(kind: str, detail: str) -> DocumentError:
    """`kind`: what could not be read (a message, "Word document (.docx)"); `detail`: the reader library's words."""
    return DocumentError(
        _(
            "The {kind} cannot be read; it may be damaged or incomplete ({detail}). "
            "Open it in the program that made it, save it again and upload that.",
            kind=kind,
            detail=detail,
        ),
        code="CORRUPT_DOCUMENT",
    )


def zip_bomb(problem: str) -> DocumentError:
    """`problem`: what is wrong with the zip (a message, "holds 20,000 parts")."""
    return DocumentError(
        _(
            "The Word document {problem}, so it was not opened (a zip bomb?). Open it in Word or WPS, save it again "
            "and upload that.",
            problem=problem,
        ),
        code="ZIP_BOMB",
    )


def unknown_encoding() -> DocumentError:
    return DocumentError(
        _(
            "The text file is in an encoding that is not accepted, or is not text at all. Accepted: UTF-8, GB18030 "
            "(which covers GBK and GB2312) and UTF-16 with a byte-order mark; save it as UTF-8 and upload that."
        ),
        code="UNKNOWN_ENCODING",
    )
