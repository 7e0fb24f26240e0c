"""Bearer API tokens: random, shown once, stored only as a SHA-256 hash, with expiry and revocation.

`hia token create --user NAME --role ROLE [--jurisdiction CODE] [--department CODE] [--days N]` prints
a token once; `hia token revoke PREFIX` revokes it; `hia token list` shows prefixes, never tokens.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ApiToken, AppUser, Department, Jurisdiction
from db.repositories import access as repo
from db.repositories import screening as screening_repo
from service.auth.principal import ANONYMOUS, Principal, Role
from service.errors import NotFoundError, ValidationFailed
from service.i18n import _

TOKEN_PREFIX = "hia_"
# Roles that act for one jurisdiction; ADMIN acts everywhere, a VIEWER may be global or local.
SCOPED_ROLES = {Role.COMMITTEE_CHAIR, Role.COMMITTEE_SECRETARY, Role.EXPERT, Role.DEPARTMENT_OFFICER}
UNKNOWN = _("the token is not valid")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class IssuedToken:
    token: str
    prefix: str
    expires_at: dt.datetime | None


async def create(
    session: AsyncSession,
    user: str,
    role: str,
    jurisdiction: str | None = None,
    department: str | None = None,
    days: int | None = 365,
) -> IssuedToken:
    """Issue a token for `user` (created if new) acting as `role` in a scope; the token is returned once."""
    problems: list[tuple[list[str], str]] = []
    if role not in Role.__members__:
        raise ValidationFailed([(["role"], _("must be one of {roles}", roles=", ".join(Role.__members__)))])
    granted = Role(role)
    if not 1 <= len(user.strip()) <= 120 or not user.isprintable():
        problems.append((["user"], _("must be 1 to 120 printable characters")))
    place = department_row = None
    if department is not None:
        department_row = await screening_repo.row_by_code(session, Department, department)
        if department_row is None:
            raise NotFoundError(_("no department has the code {code!r}", code=department), ["department"])
    if jurisdiction is not None:
        place = await screening_repo.row_by_code(session, Jurisdiction, jurisdiction)
        if place is None:
            raise NotFoundError(_("no jurisdiction has the code {code!r}", code=jurisdiction), ["jurisdiction"])
    if granted is Role.DEPARTMENT_OFFICER:
        if department_row is None:
            problems.append((["department"], _("a DEPARTMENT_OFFICER acts for one department: give --department")))
        elif place is not None and place.id != department_row.jurisdiction_id:
            problems.append(
                (
                    ["department"],
                    _(
                        "{department} is not a department of {jurisdiction}",
                        department=department,
                        jurisdiction=jurisdiction,
                    ),
                )
            )
    elif department_row is not None:
        problems.append((["department"], _("only a DEPARTMENT_OFFICER is bound to a department")))
    jurisdiction_id = department_row.jurisdiction_id if department_row is not None else (place.id if place else None)
    if granted in SCOPED_ROLES and jurisdiction_id is None:
        problems.append(
            (["jurisdiction"], _("a {role} acts for one jurisdiction: give --jurisdiction", role=granted.value))
        )
    if granted is Role.ADMIN and jurisdiction_id is not None:
        problems.append((["jurisdiction"], _("an ADMIN acts everywhere: give no jurisdiction")))
    if days is not None and not 1 <= days <= 3650:
        problems.append((["days"], _("must be 1 to 3650")))
    if problems:
        raise ValidationFailed(problems)
    account = await repo.user_by_name(session, user.strip())
    if account is None:
        account = await screening_repo.add(session, AppUser(name=user.strip()))
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    prefix = token[: len(TOKEN_PREFIX) + 8]
    expires_at = now() + dt.timedelta(days=days) if days is not None else None
    await screening_repo.add(
        session,
        ApiToken(
            user_id=account.id,
            prefix=prefix,
            token_hash=hash_token(token),
            role=granted.value,
            jurisdiction_id=jurisdiction_id,
            department_id=department_row.id if department_row is not None else None,
            expires_at=expires_at,
        ),
    )
    return IssuedToken(token, prefix, expires_at)


async def revoke(session: AsyncSession, prefix: str) -> None:
    row = await repo.token_by_prefix(session, prefix)
    if row is None:
        raise NotFoundError(_("no token starts with {prefix!r}", prefix=prefix), ["prefix"])
    if row.revoked_at is None:
        row.revoked_at = now()
        await session.flush()


def _expiry(row: Any) -> dt.datetime | None:
    expires_at: dt.datetime | None = row.expires_at
    if expires_at is not None and expires_at.tzinfo is None:  # SQLite hands back naive UTC datetimes
        expires_at = expires_at.replace(tzinfo=dt.UTC)
    return expires_at


def _refusal(row: Any) -> str | None:
    """Why a stored token no longer grants anything (revoked, expired); None while it does."""
    if row.revoked_at is not None:
        return _("the token was revoked")
    expires_at = _expiry(row)
    if expires_at is not None and expires_at <= now():
        return _("the token has expired")
    return None


async def refusal_of(session: AsyncSession, prefix: str) -> str | None:
    """Why the token named by `prefix` no longer holds, or None while it does: for a connection that outlives
    the moment its token was checked (one indexed read, the same reasons `authenticate` gives)."""
    row = await repo.token_by_prefix(session, prefix)
    return UNKNOWN if row is None else _refusal(row)


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer ...` header, or None when the header carries none."""
    scheme, _space, token = (authorization or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def authenticate(session: AsyncSession, authorization: str | None) -> Principal:
    """The principal of an `Authorization: Bearer ...` header; anonymous (with the reason) otherwise."""
    if not authorization:
        return ANONYMOUS
    token = bearer_token(authorization)
    if token is None:
        return Principal(token_problem=_("the Authorization header must be `Bearer <token>`"))
    row = await repo.token_by_hash(session, hash_token(token))
    if row is None:
        return Principal(token_problem=UNKNOWN)
    problem = _refusal(row)
    if problem is not None:
        return Principal(token_problem=problem)
    return Principal(
        user=row.user_name,
        role=Role(row.role),
        user_id=row.user_id,
        jurisdiction_id=row.jurisdiction_id,
        department_id=row.department_id,
        token_prefix=row.prefix,
        expires_at=_expiry(row),
    )


async def listing(session: AsyncSession) -> list[str]:
    """One line per token, by codes people know (a jurisdiction's and a department's), never internal ids."""
    lines = []
    for r in await repo.tokens(session):
        scope = f"jurisdiction={r.jurisdiction_code or '-'} department={r.department_code or '-'}"
        expiry = f" expires={r.expires_at:%Y-%m-%d}" if r.expires_at else ""
        revoked = " REVOKED" if r.revoked_at else ""
        lines.append(f"{r.prefix}  {r.user_name:<20} {r.role:<20} {scope}{expiry}{revoked}")
    return lines
