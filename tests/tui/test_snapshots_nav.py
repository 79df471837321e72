"""Snapshot tests of the help screen, the palette, empty screens, the trash and a light theme."""

from __future__ import annotations

from tests.seed_git import seed_git
from tests.tui.driving import keys


def test_help_screen_on_the_log(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=keys("l", "question_mark"))


def test_palette_finds_a_screen_action(snap_compare, make_app, size) -> None:
    steps = keys("l", "ctrl+p", *"search")
    assert snap_compare(make_app(), terminal_size=size, run_before=steps)


def test_log_first_launch(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(seeded=False), terminal_size=size, run_before=keys("l"))


def test_trash_empty(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(seeded=False), terminal_size=size, run_before=keys("t"))


def test_trash_with_one_entry(snap_compare, make_app, size) -> None:
    steps = keys("l", "d", "t")
    assert snap_compare(make_app(), terminal_size=size, run_before=steps)


def test_usage_before_any_call(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(seeded=False), terminal_size=size, run_before=keys("u"))


def test_quiz_first_launch(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(seeded=False), terminal_size=size, run_before=keys("q"))


def test_output_in_a_light_theme(snap_compare, make_app, services, tmp_path, size) -> None:
    seed_git(services, tmp_path)
    app = make_app()
    app.theme = "textual-light"
    assert snap_compare(app, terminal_size=size, run_before=keys("o", "down", "down"))
