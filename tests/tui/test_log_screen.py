"""Pilot tests of the home, log, editor and trash screens, driven by the keyboard."""

from __future__ import annotations

from textual.widgets import Input, Select, Static, TextArea

from craftlog.store.entries import EntryFilter
from craftlog.tui.screens.confirm_modal import ConfirmModal
from craftlog.tui.screens.entry_editor_screen import EntryEditorScreen
from craftlog.tui.screens.log_screen import LogScreen
from craftlog.tui.screens.trash_screen import TrashScreen
from craftlog.tui.widgets.entry_list import EntryList
from craftlog.tui.widgets.entry_preview import EntryPreview


async def settle(app, pilot) -> None:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_log_groups_entries_by_week_newest_first(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")
        await settle(app, pilot)
        assert isinstance(app.screen, LogScreen)
        listing = app.screen.query_one(EntryList)
        headings = [
            str(listing.get_option_at_index(i).prompt).split()[0]
            for i in range(listing.option_count)
            if listing.get_option_at_index(i).disabled
        ]
        assert headings == ["2026-W47", "2026-W46", "2026-W45", "2026-W43"]
        assert listing.current is not None
        assert listing.current.title == "Postgres MVCC: readers never block writers"


async def test_search_and_tag_filter_narrow_the_log(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")
        await settle(app, pilot)
        await pilot.press("slash", *"tokio")
        await settle(app, pilot)
        listing = app.screen.query_one(EntryList)
        assert [listing.current.title] == ["Cancellation safety in tokio::select!"]
        await pilot.press("escape")  # clears the search
        await settle(app, pilot)
        assert app.screen.query_one("#search", Input).value == ""
        app.screen.query_one("#tag-filter", Select).value = "sqlite"
        await settle(app, pilot)
        assert listing.current is not None
        assert listing.current.tags == ("sqlite",)
        assert app.screen.where == EntryFilter(tag="sqlite")


async def test_search_with_no_match_says_so(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")
        await settle(app, pilot)
        await pilot.press("slash", *"zebra")
        await settle(app, pilot)
        preview = app.screen.query_one(EntryPreview)
        assert "Nothing matches" in str(preview.content)


async def test_new_entry_from_the_keyboard_is_stored(make_app, services) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, EntryEditorScreen)
        await pilot.press(*"Loom parks", "enter", *"on IO")
        await pilot.press("tab", "tab", *"java, io")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, EntryEditorScreen)
        stored = services.entries.find(EntryFilter(search="loom"))
        assert [e.title for e in stored] == ["Loom parks"]
        assert stored[0].text == "Loom parks\non IO"
        assert stored[0].tags == ("java", "io")
        assert stored[0].day.isoformat() == "2026-11-18"
        assert services.drafts.load("new-entry") is None


async def test_invalid_entry_shows_the_reason_and_keeps_the_text(make_app, services) -> None:
    app = make_app(seeded=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+s")  # empty
        await pilot.pause()
        error = app.screen.query_one("#editor-error", Static)
        assert "empty" in str(error.content)
        await pilot.press(*"A real insight")
        app.screen.query_one("#date", Input).value = "2026-02-30"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not a day that exists" in str(app.screen.query_one("#editor-error", Static).content)
        assert isinstance(app.screen, EntryEditorScreen)
        assert app.screen.query_one("#text", TextArea).text == "A real insight"
        assert services.entries.find() == []


async def test_editing_keeps_identity_and_updates_text(make_app, services) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")
        await settle(app, pilot)
        before = app.screen.query_one(EntryList).current
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EntryEditorScreen)
        editor.query_one("#text", TextArea).load_text("Postgres MVCC, restated\nShorter.")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        after = services.entries.get(before.id)
        assert after.title == "Postgres MVCC, restated"
        assert after.uid == before.uid and after.created_at == before.created_at


async def test_cancel_with_text_asks_before_discarding(make_app, services) -> None:
    app = make_app(seeded=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"half a thought")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, EntryEditorScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, EntryEditorScreen | ConfirmModal)


async def test_typing_keeps_a_draft_that_is_offered_back(make_app, services) -> None:
    app = make_app(seeded=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"unsaved insight")
        await pilot.pause(0.6)  # the draft is written a moment after the last key
        await app.workers.wait_for_complete()
    draft = services.drafts.load("new-entry")
    assert draft is not None and draft.fields["text"] == "unsaved insight"
    # A new app on the same data: the draft comes back in the editor.
    second = make_app(seeded=False)
    async with second.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert second.screen.query_one("#text", TextArea).text == "unsaved insight"


async def test_trash_restore_and_purge_need_explicit_steps(make_app, services) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")
        await settle(app, pilot)
        victim = app.screen.query_one(EntryList).current
        await pilot.press("d")
        await settle(app, pilot)
        assert services.entries.get(victim.id).deleted_at is not None
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, TrashScreen)
        await pilot.press("r")
        await settle(app, pilot)
        assert services.entries.get(victim.id).deleted_at is None
        services.entries.trash(victim.id)
        app.screen.refresh_data()
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")  # the first "no" keeps it
        await settle(app, pilot)
        assert services.entries.get(victim.id) is not None
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert services.entries.get(victim.id) is None


async def test_hostile_text_is_shown_literally(make_app, services) -> None:
    from craftlog.core.entries import make_draft

    app = make_app(seeded=False)
    hostile = "[@click=app.quit]Click[/] [bold]me\x1b]52;c;cGF3bmVk\x07"
    services.entries.add(make_draft(hostile, day=services.today()))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")
        await settle(app, pilot)
        shown = str(app.screen.query_one(EntryPreview).content)
        assert "[@click=app.quit]Click[/] [bold]me" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        await pilot.click(EntryPreview)
        await pilot.pause()
        assert app.is_running


async def test_a_failing_worker_becomes_a_notification(make_app, services, monkeypatch) -> None:
    app = make_app()

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(services.entries, "find", broken)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")
        await settle(app, pilot)
        assert app.is_running
        assert any("Disk on fire." in str(n.message) for n in app._notifications)


async def test_an_entry_logged_from_the_shell_appears_without_restart(
    make_app, services, monkeypatch
) -> None:
    import subprocess
    import sys

    import craftlog.tui.app as app_module

    monkeypatch.setattr(app_module, "WATCH_SECONDS", 0.1)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")
        await settle(app, pilot)
        # A second process writes while the app holds the database open.
        done = subprocess.run(
            [sys.executable, "-m", "craftlog", "log", "Written from another shell", "-t", "shell"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        for _ in range(40):
            await pilot.pause(0.1)
            await app.workers.wait_for_complete()
            titles = [e.title for e in app.screen.query_one(EntryList)._entries.values()]
            if "Written from another shell" in titles:
                break
        assert "Written from another shell" in titles


async def test_the_app_still_answers_keys_after_the_editor_closes(make_app) -> None:
    """Closing the editor (escape untouched, or discard) must leave the app responsive."""
    import asyncio

    app = make_app(seeded=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for keys in (["escape"], ["x", "escape", "y"]):
            await pilot.press("n")
            await pilot.pause()
            for key in keys:
                await asyncio.wait_for(pilot.press(key), 5)
                await asyncio.wait_for(pilot.pause(), 5)
            await asyncio.wait_for(pilot.press("l"), 5)
            await asyncio.wait_for(pilot.pause(), 5)
            assert isinstance(app.screen, LogScreen)
            await asyncio.wait_for(pilot.press("h"), 5)
            await asyncio.wait_for(pilot.pause(), 5)


async def test_ctrl_e_from_the_text_opens_editor_and_keeps_lines_apart(
    make_app, monkeypatch, tmp_path
) -> None:
    import contextlib
    import os

    script = tmp_path / "fake-editor"
    script.write_text('#!/bin/sh\necho "added by the editor" >> "$1"\n')
    script.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(script))
    app = make_app(seeded=False)
    # The headless test driver cannot hand the terminal over; the editor runs all the same.
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Title line")
        assert app.screen.focused is app.screen.query_one("#text", TextArea)
        await pilot.press("ctrl+e")
        await pilot.pause()
        text = app.screen.query_one("#text", TextArea).text
        assert text == "Title line\nadded by the editor"
        assert not any(p.suffix == ".md" for p in app.services.paths.draft_dir.iterdir())
        assert os.environ["EDITOR"] == str(script)


async def test_a_new_entry_saved_from_the_log_is_selected(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Fresh one")
        app.screen.query_one("#date", Input).value = "2026-10-20"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen.query_one(EntryList).current.title == "Fresh one"


async def test_deleting_moves_the_highlight_to_the_neighbour(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")
        await settle(app, pilot)
        await pilot.press("down", "down")  # third row: the first entry of W46
        await settle(app, pilot)
        listing = app.screen.query_one(EntryList)
        assert listing.current.title.startswith("Nagle")
        await pilot.press("d")
        await settle(app, pilot)
        assert listing.current.title.startswith("Built a tiny argparse CLI")
