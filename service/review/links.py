"""Links to a proposal's report. The path is stable (`/reports/<code>.html`, `.md`) and answers a bearer token;
a signed link (`?expires=...&signature=...`, HMAC-SHA256 with the database's own key, valid 24 hours) opens
it in a browser, where no header can be added, or for someone without a token. Anyone holding a signed link
can read that report until it expires: hand it on accordingly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from urllib.parse import urlencode

from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories import review as repo
from service.i18n import _
from service.ids import ascii_digits

KEY_NAME = "report-links"
LINK_LIFETIME = dt.timedelta(hours=24)
FORMATS = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8"}


class LinkKeyMissing(RuntimeError):
    """The database predates report links: `hia db upgrade` creates the key."""


@dataclass(frozen=True)
class ReportLinks:
    html_url: str
    markdown_url: str
    signed_html_url: str
    signed_markdown_url: str
    signed_until: dt.datetime


async def _key(session: AsyncSession) -> bytes:
    value = await repo.secret_value(session, KEY_NAME)
    if value is None:
        raise LinkKeyMissing("the database has no key for report links: run `hia db upgrade`")
    return value.encode()


def _signature(key: bytes, code: str, fmt: str, expires: int) -> str:
    return hmac.new(key, f"{code}.{fmt}:{expires}".encode(), hashlib.sha256).hexdigest()


def path(code: str, fmt: str) -> str:
    return f"/reports/{code}.{fmt}"


async def links(session: AsyncSession, code: str, base_url: str, now: dt.datetime | None = None) -> ReportLinks:
    key = await _key(session)
    until = (now or dt.datetime.now(dt.UTC)) + LINK_LIFETIME
    expires = int(until.timestamp())
    base = base_url.rstrip("/")

    def signed(fmt: str) -> str:
        query = urlencode({"expires": expires, "signature": _signature(key, code, fmt, expires)})
        return f"{base}{path(code, fmt)}?{query}"

    return ReportLinks(
        html_url=base + path(code, "html"),
        markdown_url=base + path(code, "md"),
        signed_html_url=signed("html"),
        signed_markdown_url=signed("md"),
        signed_until=dt.datetime.fromtimestamp(expires, dt.UTC),
    )


async def check_signature(
    session: AsyncSession, code: str, fmt: str, expires: str, signature: str, now: dt.datetime | None = None
) -> str | None:
    """None when the signed link is good; otherwise what is wrong with it."""
    if not ascii_digits(expires, max_length=12):  # seconds since 1970: 12 digits last until the year 33658
        return _("the link's `expires` is not a time")
    if int(expires) < (now or dt.datetime.now(dt.UTC)).timestamp():
        return _("the link has expired: ask for a new one (Proposal.report)")
    expected = _signature(await _key(session), code, fmt, int(expires))
    # compare_digest refuses non-ASCII text with a TypeError: such a signature is simply not ours.
    if not signature.isascii() or not hmac.compare_digest(expected, signature):
        return _("the link's signature is not valid")
    return None
