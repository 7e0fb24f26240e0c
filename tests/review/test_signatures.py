"""People, not logins: `hia user set` records an officer's real name and title, and the officer's reviews are signed
with them; without them the login still identifies who signed."""

from __future__ import annotations

import asyncio

import pytest

from service.cli import main
from tests.fixtures.database import DatabaseUnderTest
from tests.review.cast import SUBMIT_REVIEW, Cast

VIEWER = "{ viewer { user } }"


async def department_review_signature(cast: Cast) -> str:
    proposal = await cast.submitted()
    request = next(
        r
        for r in await cast.requests(proposal)
        if r["kind"] == "DEPARTMENT" and r["department"]["code"] == "panzhihua.environmental-protection-bureau"
    )
    payload = (await cast.environment.data(SUBMIT_REVIEW, {"input": {"id": request["id"], "opinion": "CONCUR"}}))[
        "submitReview"
    ]
    assert payload["userErrors"] == [], payload
    signed: str = payload["review"]["signedName"]
    return signed


async def test_an_officer_signs_with_the_name_and_title_the_operator_recorded(
    cast: Cast, review_db: DatabaseUnderTest, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    login = (await cast.environment.data(VIEWER))["viewer"]["user"]
    # before anything is recorded the signature names the login
    assert await department_review_signature(cast) == f"市环境保护局（{login}）"
    # when the operator records the officer's name and title
    monkeypatch.setenv("HIA_DATABASE_URL", review_db.url)
    argv = ["user", "set", login, "--name-zh", "赵敏", "--title", "科长", "--organisation", "攀枝花市环境保护局"]
    assert await asyncio.to_thread(main, argv) == 0
    assert "signs as 赵敏（科长）" in capsys.readouterr().out
    # then the next review is signed with them
    assert await department_review_signature(cast) == "市环境保护局 赵敏（科长）"


async def test_setting_an_unknown_user_or_a_control_character_is_refused(
    cast: Cast, review_db: DatabaseUnderTest, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HIA_DATABASE_URL", review_db.url)
    assert await asyncio.to_thread(main, ["user", "set", "nobody-here", "--name-zh", "某人"]) != 0
    assert "no user is called 'nobody-here'" in capsys.readouterr().err
    login = (await cast.education.data(VIEWER))["viewer"]["user"]
    assert await asyncio.to_thread(main, ["user", "set", login, "--name-zh", "张\x07三"]) != 0
    assert "display_name_zh" in capsys.readouterr().err
