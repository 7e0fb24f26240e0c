"""The default database lives in a per-user data directory, so `hia` finds the same one from any working directory;
a command on a database that is missing, not migrated or without a catalog says what to run, and leaves no file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from service.config import Settings, data_dir

# the `hia` script installed beside the interpreter running the tests, as a user runs it
HIA = str(Path(sys.executable).parent / "hia")
SET_UP_HINTS = ("hia db upgrade", "hia catalog load")


def user_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a user whose home is `home`, with no HIA_* or XDG_DATA_HOME of the test runner's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIA_") and k != "XDG_DATA_HOME"}
    return {**env, "HOME": str(home), **extra}


def hia(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    cwd.mkdir(parents=True, exist_ok=True)
    return subprocess.run([HIA, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def assert_says_what_to_run(result: subprocess.CompletedProcess[str], *hints: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for hint in hints:
        assert hint in result.stderr, result.stderr


def test_a_command_on_a_fresh_data_dir_says_what_to_run_and_leaves_no_file(tmp_path: Path) -> None:
    # given a user with no database yet, in some project folder
    env = user_env(tmp_path / "home")
    # when
    result = hia("token", "list", cwd=tmp_path / "project", env=env)
    # then
    assert_says_what_to_run(result, *SET_UP_HINTS)
    assert str(tmp_path / "home" / ".local" / "share" / "hia" / "hia.sqlite3") in result.stderr
    assert files_under(tmp_path) == []


def test_an_unmigrated_database_file_says_what_to_run(tmp_path: Path) -> None:
    # given the empty file an earlier version left behind
    data = tmp_path / "data"
    data.mkdir()
    (data / "hia.sqlite3").touch()
    result = hia("token", "list", cwd=tmp_path / "elsewhere", env=user_env(tmp_path / "home", HIA_DATA_DIR=str(data)))
    assert_says_what_to_run(result, *SET_UP_HINTS)
    assert files_under(tmp_path) == [data / "hia.sqlite3"]


def test_after_db_upgrade_in_one_directory_tokens_work_from_another(tmp_path: Path) -> None:
    # given: the database migrated from one working directory
    env = user_env(tmp_path / "home", XDG_DATA_HOME=str(tmp_path / "xdg"))
    upgraded = hia("db", "upgrade", cwd=tmp_path / "one", env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    # when: a token is issued from another and listed from a third
    created = hia("token", "create", "--user", "ops", "--role", "ADMIN", cwd=tmp_path / "two", env=env)
    listed = hia("token", "list", cwd=tmp_path / "three", env=env)
    # then: one database, in the data directory, and none in the working directories
    assert created.returncode == 0, created.stderr
    prefix = created.stdout.strip()[:12]
    assert listed.returncode == 0, listed.stderr
    assert prefix in listed.stdout
    assert {p.name for p in files_under(tmp_path)} <= {"hia.sqlite3", "hia.sqlite3-wal", "hia.sqlite3-shm"}
    assert (tmp_path / "xdg" / "hia" / "hia.sqlite3").is_file()


def test_a_command_that_needs_the_catalog_says_to_load_it(tmp_path: Path) -> None:
    env = user_env(tmp_path / "home", HIA_DATA_DIR=str(tmp_path / "data"))
    assert hia("db", "upgrade", cwd=tmp_path, env=env).returncode == 0
    result = hia(
        "token", "create", "--user", "v", "--role", "VIEWER", "--jurisdiction", "wuzhong", cwd=tmp_path, env=env
    )
    assert_says_what_to_run(result, "hia catalog load")


def test_hia_data_dir_comes_before_xdg_and_the_database_url_before_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HIA_DATABASE_URL", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv("HIA_DATA_DIR", raising=False)
    assert data_dir() == tmp_path / "home" / ".local" / "share" / "hia"
    # a relative XDG_DATA_HOME is invalid by the spec, and ignored
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")
    assert data_dir() == tmp_path / "home" / ".local" / "share" / "hia"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_dir() == tmp_path / "xdg" / "hia"
    monkeypatch.setenv("HIA_DATA_DIR", str(tmp_path / "mine"))
    assert Settings.from_env().database_url == f"sqlite+aiosqlite:///{tmp_path / 'mine' / 'hia.sqlite3'}"
    monkeypatch.setenv("HIA_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/hia")
    assert Settings.from_env().database_url == "postgresql+asyncpg://postgres@127.0.0.1:5432/hia"
