"""Why a document cannot be read, in words an officer can act on: each message names the problem, the limit or
what was found, and what to upload instead, in Chinese for the officer and in English for integrators and logs.
Nothing is stored when one of these is raised."""

from __future__ import annotations

from service.errors import HiaError
from service.intake.limits import size_text

ACCEPTED_ZH = "可上传Word文档（.docx）、含文字的PDF、文本文件（.txt），或直接粘贴正文"
ACCEPTED_EN = "accepted: a Word document (.docx), a PDF with a text layer, a text file (.txt), or pasted text"


class DocumentError(HiaError):
    """A document refused with a stable code (EMPTY_DOCUMENT, TOO_LARGE, ...). `message` carries both languages,
    so a caller that shows one string (a userError) still says everything."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(f"{message_zh} ({message_en})", code=code)
        self.message_zh = message_zh
        self.message_en = message_en


def empty(what_zh: str = "文件", what_en: str = "The file") -> DocumentError:
    return DocumentError(
        "EMPTY_DOCUMENT",
        f"{what_zh}是空的，没有任何文字。请确认上传了正确的文件。",
        f"{what_en} is empty: it holds no text. Check that it is the right file.",
    )


def too_large(size: int, limit: int) -> DocumentError:
    # A stream cut off just past the limit knows only that it is over: "20 MiB, over the limit of 20 MiB" would
    # read as a contradiction.
    shown_zh, shown_en = (f"为 {size_text(size)}，", f"is {size_text(size)}, ")
    if size_text(size) == size_text(limit):
        shown_zh, shown_en = ("", "is ")
    return DocumentError(
        "TOO_LARGE",
        f"文件大小{shown_zh}超过上限 {size_text(limit)}。请压缩其中的图片，或只上传正文部分。",
        f"The file {shown_en}over the limit of {size_text(limit)}: compress its pictures or upload the main text only.",
    )


def pdf_stream_too_large(detail: str) -> DocumentError:
    # pypdf stops inflating a stream past its own limit: a decompression bomb, or a PDF made of huge images.
    return DocumentError(
        "TOO_LARGE",
        "此PDF中有内容解压后超过读取上限（可能是异常的压缩数据）。请另存为普通PDF或Word文档后再上传。",
        f"The PDF holds content that inflates past the reading limit ({detail}): "
        "save it again as a plain PDF or a Word document.",
    )


def too_many_pages(pages: int, limit: int) -> DocumentError:
    return DocumentError(
        "TOO_MANY_PAGES",
        f"此PDF共 {pages:,} 页，超过上限 {limit:,} 页。请只上传政策或项目的正文，附件可以拆分后分别上传。",
        f"The PDF has {pages:,} pages, over the limit of {limit:,}: upload the main text only, "
        "splitting off the annexes.",
    )


def too_many_characters(count: int, limit: int, *, at_least: bool = False) -> DocumentError:
    more_zh, more_en = ("至少", "at least ") if at_least else ("", "")
    return DocumentError(
        "TOO_MANY_CHARACTERS",
        f"文档有{more_zh} {count:,} 个字符，超过上限 {limit:,} 个字符。请只上传正文，附件可以拆分后分别上传。",
        f"The document has {more_en}{count:,} characters, over the limit of {limit:,}: "
        "upload the main text only, splitting off the annexes.",
    )


def unsupported(kind_zh: str, kind_en: str, advice_zh: str, advice_en: str) -> DocumentError:
    return DocumentError(
        "UNSUPPORTED_FORMAT",
        f"无法读取{kind_zh}。{advice_zh}（{ACCEPTED_ZH}）",
        f"Cannot read {kind_en}: {advice_en} ({ACCEPTED_EN})",
    )


def extension_mismatch(extension: str, kind_zh: str, kind_en: str) -> DocumentError:
    return DocumentError(
        "EXTENSION_MISMATCH",
        f"文件名后缀是 {extension}，但文件内容是{kind_zh}。请确认上传了正确的文件，并使用与内容相符的后缀。",
        f"The file name ends in {extension} but the file is {kind_en}: "
        "check that it is the right file and name it after what it holds.",
    )


def encrypted_pdf() -> DocumentError:
    return DocumentError(
        "ENCRYPTED_PDF",
        "此PDF已加密（设置了打开密码或权限密码），无法读取其中的文字。请上传未加密的PDF或Word文档。",
        "The PDF is encrypted (protected by a password), so its text cannot be read: "
        "upload an unencrypted PDF or the Word document.",
    )


def no_text_layer(pages: int, pages_without_text: int) -> DocumentError:
    return DocumentError(
        "NO_TEXT_LAYER",
        f"此PDF没有文字层（可能是扫描件）：共 {pages:,} 页，其中 {pages_without_text:,} 页没有可读取的文字。"
        "请上传含文字的PDF或Word文档。",
        f"The PDF has no text layer (a scan?): {pages_without_text:,} of its {pages:,} pages hold no readable text. "
        "Upload a PDF with text or the Word document.",
    )


def corrupt(kind_zh: str, kind_en: str, detail: str) -> DocumentError:
    return DocumentError(
        "CORRUPT_DOCUMENT",
        f"无法读取此{kind_zh}，文件可能已损坏或不完整。请用原软件打开并重新保存后再上传。",
        f"The {kind_en} cannot be read; it may be damaged or incomplete ({detail}). "
        "Open it in the program that made it, save it again and upload that.",
    )


def zip_bomb(problem_zh: str, problem_en: str) -> DocumentError:
    return DocumentError(
        "ZIP_BOMB",
        f"此Word文档{problem_zh}，已拒绝读取（疑似“压缩炸弹”）。请在Word或WPS中打开并重新保存后再上传。",
        f"The Word document {problem_en}, so it was not opened (a zip bomb?). Open it in Word or WPS, save it again "
        "and upload that.",
    )


def unknown_encoding() -> DocumentError:
    return DocumentError(
        "UNKNOWN_ENCODING",
        "无法识别此文本文件的编码，或它不是文本文件。支持的编码：UTF-8、GB18030（兼容GBK、GB2312）、带BOM的UTF-16。"
        "请在记事本或WPS中另存为UTF-8编码后再上传。",
        "The text file is in an encoding that is not accepted, or is not text at all. Accepted: UTF-8, GB18030 "
        "(which covers GBK and GB2312) and UTF-16 with a byte-order mark; save it as UTF-8 and upload that.",
    )
