"""Command palette entries for every screen and action, and for the keys of the screen in view."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from craftlog.tui.keys import SCREEN_KEYS, KeyHelp, run_key, screen_keys

# The screens as the footer lists them, a few named in full here, where there is room.
FULL_TITLES = {"audit": "Monthly audit", "checks": "Self-checks", "usage": "AI usage"}

# (title, help line, action on the app)
COMMANDS = (
    ("New entry", "Write down something you understand now", "new_entry"),
    *(
        (FULL_TITLES.get(mode, label), help_line, f"switch_mode('{mode}')")
        for _key, mode, label, help_line in SCREEN_KEYS
    ),
    ("Scan repositories", "Read new commits from every registered repository", "scan"),
    ("Repositories", "Add or remove the git repositories that count", "repositories"),
    ("Take the symptom list", "Seven yes/no signs of the gap", "take_instrument('symptoms')"),
    ("Take the quick self-check", "Five tasks to do without AI", "take_instrument('quick-check')"),
    ("Take the AI-usage tier test", "Ten questions, a step for each no", "take_instrument('tier')"),
    ("Quiz me on a topic", "Claude asks a few questions on a topic you name", "quiz_topic"),
    ("Back up now", "Write a copy of the database to the backups folder", "backup"),
    ("Keys", "Every key of this screen, with what it does", "help"),
    ("Back", "Return to the screen shown before this one", "back"),
)


class CraftlogProvider(Provider):
    """Offers craftlog's screens and actions in the command palette."""

    async def discover(self) -> Hits:
        for title, help_text, action in COMMANDS:
            yield DiscoveryHit(title, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in COMMANDS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(title), partial(self._run, action), help=help_text
                )

    async def _run(self, action: str) -> None:
        await self.app.run_action(action)


class ScreenKeysProvider(Provider):
    """Offers every action of the screen the palette was opened on, with its key and help line."""

    def _items(self) -> list[KeyHelp]:
        # The app's own keys are the commands above; a widget's Textual built-ins (cursor moves)
        # carry no help line and are not actions a person looks for by name.
        # A screen key named like a command above (Repositories on the output screen) would be
        # listed twice.
        titles = {title.casefold() for title, _help, _action in COMMANDS}
        return [
            item
            for item in screen_keys(self.screen)
            if item.place != "app"
            and item.help
            and item.enabled
            and item.description.casefold() not in titles
        ]

    async def discover(self) -> Hits:
        for item in self._items():
            yield DiscoveryHit(item.description, partial(run_key, item), help=_help(item))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for item in self._items():
            score = matcher.match(f"{item.description} {item.help}")
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(item.description),
                    partial(run_key, item),
                    help=_help(item),
                )


def _help(item: KeyHelp) -> str:
    return f"{item.help} · key {item.label}"
