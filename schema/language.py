"""The language a caller reads: Chinese unless the request's `Accept-Language` prefers English. Chinese is the source
text of the catalog and the default of every field that follows the request's language."""

from __future__ import annotations

from schema.context import Info
from service.i18n import EN, ZH, localize, preferred

__all__ = ["EN", "ZH", "for_reader", "of_request", "preferred"]


def of_request(info: Info) -> str:
    """The language of this request (WebSocket connections send the header with the upgrade request)."""
    request = info.context.request
    return preferred(request.headers.get("accept-language") if request is not None else None)


def for_reader(info: Info, text: str) -> str:
    """A message (`service.i18n`) in this request's language; plain text as it is."""
    return localize(text, of_request(info))
