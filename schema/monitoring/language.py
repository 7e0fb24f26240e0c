"""The language a caller reads: Chinese unless the request's `Accept-Language` prefers English. Chinese is the source
text of the catalog and the default of every field that follows the request's language."""

from __future__ import annotations

from schema.context import Info

ZH, EN = "zh", "en"


def preferred(header: str | None) -> str:
    """`zh` or `en`, whichever the header ranks higher (the earlier of equals); Chinese when it names neither."""
    best, best_q = ZH, 0.0
    for part in (header or "").split(","):
        tag, *params = (piece.strip() for piece in part.split(";"))
        language = tag.lower().split("-")[0]
        if language not in (ZH, EN):
            continue
        quality = _quality(params)
        if quality > best_q:
            best, best_q = language, quality
    return best


def _quality(params: list[str]) -> float:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return max(0.0, min(1.0, float(value)))
            except ValueError:
                return 0.0  # a malformed weight counts as "not acceptable" rather than failing the request
    return 1.0


def of_request(info: Info) -> str:
    """The language of this request (WebSocket connections send the header with the upgrade request)."""
    request = info.context.request
    return preferred(request.headers.get("accept-language") if request is not None else None)
