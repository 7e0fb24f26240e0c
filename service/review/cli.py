"""`hia committee ...` and `hia review set-deadlines`: setting up a committee from the command line (an operator
acting as administrator), e.g. before anyone holds a token to do it over the API."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

# The parsers are built for every `hia` command (and `--help`); what the commands do is imported when they run.
if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from service.auth.principal import Principal

# What `hia review set-deadlines` sets when a degree's days are not given (service.review.settings.DueDays).
DEFAULT_DAYS = {"minimal": 5, "mild": 10, "major": 20}


def operator() -> Principal:
    """The operator at the command line administers the database directly."""
    from service.auth.principal import Principal, Role

    return Principal(user="hia-cli", role=Role.ADMIN)


SPECIALTIES = [
    "ENVIRONMENTAL_HEALTH",
    "DISEASE_CONTROL",
    "OCCUPATIONAL_HEALTH",
    "URBAN_PLANNING",
    "ROAD_TRAFFIC",
    "HOUSING_CONSTRUCTION",
    "SOCIAL_SCIENCE_EQUITY",
    "MENTAL_HEALTH",
    "NUTRITION_FOOD_SAFETY",
    "HEALTH_ECONOMICS",
    "HEALTH_SERVICES",
    "EMERGENCY_RESPONSE",
]


async def create_committee(session: AsyncSession, args: argparse.Namespace) -> str:
    from service.review import committee

    row = await committee.create(session, operator(), args.jurisdiction, args.name_zh, args.name_en)
    return f"{row.code}: {row.name_zh}"


async def add_member(session: AsyncSession, args: argparse.Namespace) -> str:
    from service.review import committee

    details = committee.MemberDetails(
        name_zh=args.name_zh,
        name_en=args.name_en,
        title_zh=args.title_zh,
        title_en=args.title_en,
        affiliation_zh=args.affiliation_zh,
        affiliation_en=args.affiliation_en,
        affiliation_department=args.affiliation_department,
        specialties=args.specialty or None,
    )
    member = await committee.add_member(session, operator(), args.jurisdiction, args.user, args.role, details)
    return f"{args.user} is {member.role} of the {args.jurisdiction} committee ({', '.join(member.specialties)})"


async def set_deadlines(session: AsyncSession, args: argparse.Namespace) -> str:
    from service.review import settings

    days = settings.DueDays(args.minimal, args.mild, args.major)
    await settings.set_due_days(session, operator(), args.jurisdiction, days)
    return f"{args.jurisdiction}: reviews due after {days.minimal}/{days.mild}/{days.major} days (minimal/mild/major)"


def add_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]  # argparse's private type
    group = commands.add_parser("committee", help="the expert committee of a jurisdiction")
    sub = group.add_subparsers(dest="committee_command", required=True)
    create = sub.add_parser("create", help="set up a jurisdiction's committee (once)")
    create.add_argument("jurisdiction")
    create.add_argument("--name-zh")
    create.add_argument("--name-en")
    create.set_defaults(review_work=create_committee)
    member = sub.add_parser("add-member", help="put a chair, secretary or expert on the committee")
    member.add_argument("jurisdiction")
    member.add_argument("--user", required=True, help="the account the person's token is issued to")
    member.add_argument("--role", required=True, choices=["CHAIR", "SECRETARY", "EXPERT"])
    member.add_argument("--name-zh", required=True, help="name as signed in reports")
    member.add_argument("--name-en")
    member.add_argument("--title-zh", help="professional title (职称)")
    member.add_argument("--title-en", help="professional title in English")
    member.add_argument("--affiliation-zh", help="where the person works")
    member.add_argument("--affiliation-en", help="where the person works, in English")
    member.add_argument("--affiliation-department", help="department code, if one of the jurisdiction's")
    member.add_argument("--specialty", action="append", choices=SPECIALTIES, help="repeat for several")
    member.set_defaults(review_work=add_member)
    review = commands.add_parser("review", help="review settings")
    review_sub = review.add_subparsers(dest="review_command", required=True)
    deadlines = review_sub.add_parser("set-deadlines", help="days reviewers have, per impact degree")
    deadlines.add_argument("jurisdiction")
    for degree, days in DEFAULT_DAYS.items():
        deadlines.add_argument(f"--{degree}", type=int, default=days, help=f"days (default {days})")
    deadlines.set_defaults(review_work=set_deadlines)
