"""A committee member's signature details in both languages: title and affiliation in Chinese and English are
kept, shown, changed and checked like the name."""

from __future__ import annotations

import uuid

from tests.review.cast import Cast

ADD = """mutation($input: AddCommitteeMemberInput!) { addCommitteeMember(input: $input) {
  member { id titleZh titleEn affiliationZh affiliationEn } userErrors { field code } } }"""
UPDATE = """mutation($input: UpdateCommitteeMemberInput!) { updateCommitteeMember(input: $input) {
  member { titleZh titleEn affiliationEn } userErrors { field code } } }"""


async def test_title_and_affiliation_are_kept_in_both_languages(cast: Cast) -> None:
    member = {
        "jurisdiction": "panzhihua",
        "user": f"expert-{uuid.uuid4().hex[:6]}",
        "role": "EXPERT",
        "nameZh": "陈研究员",
        "titleZh": "主任医师",
        "titleEn": "Chief Physician",
        "affiliationZh": "攀枝花市疾病预防控制中心",
        "affiliationEn": "Panzhihua Center for Disease Control and Prevention",
        "specialties": ["DISEASE_CONTROL"],
    }
    added = (await cast.secretary.data(ADD, {"input": member}))["addCommitteeMember"]
    assert added["userErrors"] == []
    assert added["member"]["titleEn"] == "Chief Physician"
    assert added["member"]["affiliationEn"] == "Panzhihua Center for Disease Control and Prevention"
    changed = (
        await cast.secretary.data(UPDATE, {"input": {"id": added["member"]["id"], "titleEn": "Senior Physician"}})
    )["updateCommitteeMember"]
    assert changed["userErrors"] == []
    assert changed["member"] == {
        "titleZh": "主任医师",
        "titleEn": "Senior Physician",
        "affiliationEn": "Panzhihua Center for Disease Control and Prevention",
    }


async def test_an_over_long_english_title_is_refused_by_name_and_nothing_is_added(cast: Cast) -> None:
    member = {
        "jurisdiction": "panzhihua",
        "user": f"expert-{uuid.uuid4().hex[:6]}",
        "role": "EXPERT",
        "nameZh": "周研究员",
        "titleEn": "x" * 121,
        "specialties": ["DISEASE_CONTROL"],
    }
    refused = (await cast.secretary.data(ADD, {"input": member}))["addCommitteeMember"]
    assert refused["member"] is None
    assert refused["userErrors"] == [{"field": ["input", "titleEn"], "code": "INVALID"}]
    members = await cast.secretary.data('{ committee(jurisdiction: "panzhihua") { members { nameZh } } }')
    assert "周研究员" not in [m["nameZh"] for m in members["committee"]["members"]]
