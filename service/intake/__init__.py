"""Intake of a proposal's own document (issue 12): a Word .docx, a PDF with a text layer, a text file or pasted
text becomes plain text for drafting, or a DocumentError that names what is wrong. No database, no web."""

from service.intake.documents import ExtractedDocument, read_document, read_pasted_text
from service.intake.errors import DocumentError
from service.intake.limits import IntakeLimits

__all__ = ["DocumentError", "ExtractedDocument", "IntakeLimits", "read_document", "read_pasted_text"]
