"""Where craftlog keeps its files (paths.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from craftlog.paths import Paths, resolve_paths


def test_craftlog_home_puts_everything_under_it(home: Path) -> None:
    paths = resolve_paths()
    assert paths.data_dir == home
    assert paths.config_file == home / "config.toml"
    assert paths.database.parent == home
    for where in paths.as_dict().values():
        assert Path(where).is_relative_to(home)
    assert paths.backup_dir.is_relative_to(home)
    assert paths.draft_dir.is_relative_to(home)
    assert paths.log_dir.is_relative_to(home)


def test_craftlog_home_from_an_explicit_mapping_is_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    paths = resolve_paths({"CRAFTLOG_HOME": "rel/dir"})
    assert paths.data_dir == tmp_path / "rel" / "dir"
    assert paths.config_file == tmp_path / "rel" / "dir" / "config.toml"


def test_craftlog_home_expands_the_user_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    assert resolve_paths({"CRAFTLOG_HOME": "~/cl"}).data_dir == tmp_path / "user" / "cl"


def test_as_dict_names_every_location(home: Path) -> None:
    names = resolve_paths().as_dict()
    assert set(names) == {"data", "database", "config", "logs", "backups", "drafts"}
    assert names["database"] == str(home / "craftlog.db")


@pytest.mark.parametrize("value", [None, "", "   "])
def test_without_craftlog_home_the_platform_directories_are_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    if value is None:
        monkeypatch.delenv("CRAFTLOG_HOME")
    else:
        monkeypatch.setenv("CRAFTLOG_HOME", value)
    paths = resolve_paths()
    assert paths.data_dir == tmp_path / "xdg_data_home" / "craftlog"
    assert paths.config_dir == tmp_path / "xdg_config_home" / "craftlog"
    assert paths.config_file == tmp_path / "xdg_config_home" / "craftlog" / "config.toml"
    assert paths.log_dir.is_relative_to(tmp_path / "xdg_state_home" / "craftlog")
    assert paths.database == tmp_path / "xdg_data_home" / "craftlog" / "craftlog.db"


def test_paths_under_is_what_craftlog_home_uses(tmp_path: Path) -> None:
    assert resolve_paths({"CRAFTLOG_HOME": str(tmp_path)}) == Paths.under(tmp_path)
