"""Keyboard first: one key per screen from every screen, escape back, help, palette, quit, mouse."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable

import pytest
from textual.binding import Binding
from textual.command import CommandPalette, Provider
from textual.widgets import OptionList

import craftlog.tui.screens
import craftlog.tui.widgets
from craftlog.config import load_config
from craftlog.services import Services, open_services
from craftlog.tui.app import CraftlogApp, build_app
from craftlog.tui.commands import COMMANDS, CraftlogProvider, ScreenKeysProvider
from craftlog.tui.keys import SCREEN_KEYS, screen_keys
from craftlog.tui.screens.help_modal import HelpModal
from craftlog.tui.widgets.key_bar import KeyBar
from tests.conftest import fixed_clock
from tests.tui.driving import settle

MODES = [mode for _key, mode, _label, _help in SCREEN_KEYS]
KEY_OF = {mode: key for key, mode, _label, _help in SCREEN_KEYS}


def our_binding_classes() -> list[type]:
    """Every class in craftlog's screens and widgets that declares its own key bindings."""
    found: list[type] = [CraftlogApp]
    for package in (craftlog.tui.screens, craftlog.tui.widgets):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == module.__name__ and "BINDINGS" in vars(cls):
                    found.append(cls)
    return found


def test_every_binding_has_a_name_a_help_line_and_an_id() -> None:
    classes = our_binding_classes()
    assert len(classes) > 15
    for cls in classes:
        for binding in vars(cls)["BINDINGS"]:
            assert isinstance(binding, Binding), cls
            assert binding.description, (cls, binding.key)
            assert binding.tooltip, (cls, binding.key)
            assert binding.id, (cls, binding.key)


async def test_every_screen_is_one_key_from_every_other(
    make_app: Callable[..., CraftlogApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for start in MODES:
            for target in MODES:
                await pilot.press(KEY_OF[start])
                await settle(pilot)
                assert app.current_mode == start
                await pilot.press(KEY_OF[target])
                await settle(pilot)
                assert app.current_mode == target, (start, target)
                assert app.screen is app.screen_stack[0]  # the screen itself, nothing over it


async def test_the_screens_line_lists_every_screen_and_marks_the_current_one(
    make_app: Callable[..., CraftlogApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for mode in MODES:
            await pilot.press(KEY_OF[mode])
            await settle(pilot)
            bar = app.screen.query_one(KeyBar)
            screens_line = str(bar.render()).splitlines()[1]
            for key, _mode, label, _help in SCREEN_KEYS:
                assert f"{key} {label}" in screens_line
            assert len(screens_line) <= 80
            assert [item.mode for item in bar.screens if item.current] == [mode]
            assert all(item.reachable for item in bar.screens)


async def test_a_key_a_screen_keeps_for_itself_is_shown_as_not_reaching_its_screen(
    make_app: Callable[..., CraftlogApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("enter", "enter")  # the symptom list: y and n answer it
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        unreachable = {item.key for item in bar.screens if not item.reachable}
        assert "c" not in unreachable  # the symptom list answers with y and n only
        assert {"h", "l", "o", "a", "q", "t"}.isdisjoint(unreachable)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("2", "enter")  # the quick check: c and u answer it
        await settle(pilot)
        unreachable = {
            item.key for item in app.screen.query_one(KeyBar).screens if not item.reachable
        }
        assert {"c", "u"} <= unreachable


async def test_escape_goes_back_the_way_you_came(make_app: Callable[..., CraftlogApp]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # nothing before home: it stays
        assert app.current_mode == "home"
        for key in ("l", "o", "q", "u"):
            await pilot.press(key)
            await settle(pilot)
        for expected in ("quiz", "output", "log", "home", "home"):
            await pilot.press("escape")
            await settle(pilot)
            assert app.current_mode == expected


async def test_escape_leaves_a_screen_opened_over_another(
    make_app: Callable[..., CraftlogApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for opener in (("n",), ("question_mark",), ("c", "enter"), ("a", "s")):
            await pilot.press(*opener)
            await settle(pilot)
            base = app.screen_stack[0]
            assert app.screen is not base, opener
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is base, opener


@pytest.mark.parametrize("where", [(), ("l",), ("o",), ("n",), ("question_mark",), ("c", "enter")])
async def test_ctrl_q_quits_from_anywhere(
    make_app: Callable[..., CraftlogApp], where: tuple[str, ...]
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*where)
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0


async def test_the_help_screen_lists_this_screens_keys_and_every_screen(
    make_app: Callable[..., CraftlogApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await settle(pilot)
        expected = [item for item in screen_keys(app.screen) if item.place == "screen"]
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpModal)
        names = [str(label.content) for label in app.screen.query(".help-name")]
        lines = [str(static.content) for static in app.screen.query(".help-line")]
        for item in expected:
            assert item.description in names and item.help in lines
        for _key, _mode, label, help_line in SCREEN_KEYS:
            assert label in names and help_line in lines
        assert "Search" in names and "Edit" in names  # the log's own, hidden or shown
        await pilot.press("question_mark")
        await settle(pilot)
        assert not isinstance(app.screen, HelpModal)


async def test_the_help_screen_scrolls_rather_than_cuts_at_80_by_24(
    make_app: Callable[..., CraftlogApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "enter", "enter", "question_mark")
        await settle(pilot)
        rows = app.screen.query_one("#help-rows")
        assert app.screen.query_one("#help-box").region.bottom <= 24
        assert rows.max_scroll_y > 0  # more keys than lines: it scrolls
        await pilot.press("end")


async def hits_of(provider: Provider) -> dict[str, str]:
    return {str(hit.text): str(hit.help) async for hit in provider.discover()}


async def test_every_action_is_in_the_palette_with_a_help_line(
    make_app: Callable[..., CraftlogApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app_actions = {action for _title, _help, action in COMMANDS}
        for binding in CraftlogApp.BINDINGS:
            assert isinstance(binding, Binding)
            assert binding.action in app_actions or binding.action == "quit", binding.action
        for mode in MODES:
            await pilot.press(KEY_OF[mode])
            await settle(pilot)
            screen = app.screen
            hits = await hits_of(ScreenKeysProvider(screen))
            commands = await hits_of(CraftlogProvider(screen))
            own = [i for i in screen_keys(screen) if i.place == "screen" and i.enabled]
            for item in own:
                if item.description in commands:  # offered once, as the app's command
                    assert item.description not in hits
                    continue
                assert hits.get(item.description, "").startswith(item.help), (mode, item)
            assert all(help_line for help_line in commands.values())


def trashed(services: Services) -> int:
    return sum(entry.deleted_at is not None for entry in services.entries.all())


async def test_a_screen_action_runs_from_the_palette(
    make_app: Callable[..., CraftlogApp], services: Services
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        await settle(pilot)
        before = trashed(services)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"move the selected")
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        assert options.option_count >= 1
        await pilot.press("enter")
        await settle(pilot)
        assert trashed(services) == before + 1


async def test_clicks_open_screens_and_press_keys(make_app: Callable[..., CraftlogApp]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        keys_line, screens_line = str(app.screen.query_one(KeyBar).render()).splitlines()
        await pilot.click(KeyBar, offset=(screens_line.index("o Output") + 2, 1))
        await settle(pilot)
        assert app.current_mode == "output"
        keys_line = str(app.screen.query_one(KeyBar).render()).splitlines()[0]
        await pilot.click(KeyBar, offset=(keys_line.index("? Keys") + 1, 0))
        await settle(pilot)
        assert isinstance(app.screen, HelpModal)


async def test_a_theme_chosen_in_the_app_is_kept_for_the_next_start(
    make_app: Callable[..., CraftlogApp], services: Services
) -> None:
    app = make_app()
    config_file = services.paths.config_file
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.theme = "textual-light"
        await settle(pilot)
    assert load_config(config_file).theme == "textual-light"
    assert "# " in config_file.read_text()  # the template's comments are still there
    reopened = open_services(services.paths, now=fixed_clock)
    try:
        again = build_app(reopened)
        async with again.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert again.theme == "textual-light"
    finally:
        reopened.close()
