"""Settings from `config.toml`: read fast with tomllib, written with comments kept by tomlkit."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from craftlog.core.assistants import DEFAULT_AI_PATTERNS

DEFAULT_EXCLUDE = ("*.lock", "package-lock.json", "pnpm-lock.yaml", "yarn.lock", "go.sum")
DEFAULT_MODEL = "claude-haiku-4-5"
# US dollars per million tokens (input, output), from Anthropic's price list; the usage view's
# costs are estimates from these. `[ai] prices` adds models or replaces these figures.
DEFAULT_PRICES: dict[str, tuple[float, float]] = {
    "claude-haiku-4-5": (1.0, 5.0),
    "claude-sonnet-4-5": (3.0, 15.0),
    "claude-sonnet-4-6": (3.0, 15.0),
    "claude-opus-4-5": (5.0, 25.0),
    "claude-opus-4-6": (5.0, 25.0),
    "claude-opus-4-1": (15.0, 75.0),
}

TEMPLATE = """\
# craftlog settings. Edit freely: comments and order are kept when craftlog writes here.

[git]
# Your commit identities; empty means `git config user.email`.
emails = []
# Files whose lines do not count as output (the commit still counts).
exclude = ["*.lock", "package-lock.json", "pnpm-lock.yaml", "yarn.lock", "go.sum"]
# A commit counts as AI-assisted when a co-author trailer or a "generated with" line names one
# of these (regular expressions, matched as whole words, any case). Always a lower bound.
ai_patterns = [
    "claude", "anthropic", "copilot", "cursor", "chatgpt", "openai", "codex", "gemini",
    "aider", "devin-ai", "windsurf", "codeium", "amazon q", "tabnine", "google-labs-jules",
]

[flags]
# A week with no learning entry is flagged at this many commits...
min_commits = 5
# ...and at least this many changed lines.
min_lines = 0

[ai]
# The Claude model the optional AI quiz uses, and its answer budget.
model = "claude-haiku-4-5"
max_tokens = 1024
# Estimated cost in US dollars per million tokens, by model; what you set here adds to or
# replaces the built-in prices, e.g.
# prices = { "claude-haiku-4-5" = { input = 1.0, output = 5.0 } }

[ui]
theme = "craftlog"
"""


@dataclass(frozen=True)
class Config:
    """Every setting craftlog reads, with its default."""

    git_emails: tuple[str, ...] = ()
    git_exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    git_ai_patterns: tuple[str, ...] = DEFAULT_AI_PATTERNS
    min_commits: int = 5
    min_lines: int = 0
    ai_model: str = DEFAULT_MODEL
    ai_max_tokens: int = 1024
    ai_prices: dict[str, tuple[float, float]] = field(default_factory=lambda: dict(DEFAULT_PRICES))
    theme: str = "craftlog"
    warnings: tuple[str, ...] = field(default=(), compare=False)


def _str_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def _int_at_least(minimum: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("must be a whole number")
        if value < minimum:
            raise ValueError(f"must be at least {minimum}")
        return value

    return check


def _patterns(value: Any) -> tuple[str, ...]:
    patterns = _str_list(value)
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValueError(f"has {pattern!r}, which is not a valid pattern ({error})") from None
    return patterns


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty string")
    return value.strip()


def _prices(value: Any) -> dict[str, tuple[float, float]]:
    """The built-in prices with the file's models added or replaced."""
    if not isinstance(value, dict):
        raise ValueError('must be a table like { "model" = { input = 1.0, output = 5.0 } }')
    prices = dict(DEFAULT_PRICES)
    for model, price in value.items():
        if not model.strip():
            raise ValueError("has a model with an empty name")
        if not isinstance(price, dict) or set(price) != {"input", "output"}:
            raise ValueError(f"has {model!r}, which must be {{ input = ..., output = ... }}")
        for side in ("input", "output"):
            number = price[side]
            if isinstance(number, bool) or not isinstance(number, int | float):
                raise ValueError(f"has {model!r} whose {side} price is not a number")
            if not 0 <= number < float("inf"):
                raise ValueError(f"has {model!r} whose {side} price is not 0 or more")
        prices[model.strip()] = (float(price["input"]), float(price["output"]))
    return prices


# (section, key) -> (Config field, validator)
_SCHEMA: dict[tuple[str, str], tuple[str, Callable[[Any], Any]]] = {
    ("git", "emails"): ("git_emails", _str_list),
    ("git", "exclude"): ("git_exclude", _str_list),
    ("git", "ai_patterns"): ("git_ai_patterns", _patterns),
    ("flags", "min_commits"): ("min_commits", _int_at_least(1)),
    ("flags", "min_lines"): ("min_lines", _int_at_least(0)),
    ("ai", "model"): ("ai_model", _text),
    ("ai", "max_tokens"): ("ai_max_tokens", _int_at_least(1)),
    ("ai", "prices"): ("ai_prices", _prices),
    ("ui", "theme"): ("theme", _text),
}


def load_config(path: Path) -> Config:
    """Read the config file; a bad value keeps its default and warns, naming key and file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as error:
        return Config(warnings=(f"{path}: cannot be read ({error.strerror}); using defaults",))
    import tomllib  # only when there is a file to read

    try:
        document = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Config(warnings=(f"{path}: not valid TOML ({error}); using defaults",))
    values: dict[str, Any] = {}
    warnings: list[str] = []
    for section in dict.fromkeys(section for section, _ in _SCHEMA):
        if not isinstance(document.get(section, {}), dict):
            warnings.append(f"{path}: [{section}] must be a table; using its defaults")
    for (section, key), (name, check) in _SCHEMA.items():
        table = document.get(section, {})
        if not isinstance(table, dict) or key not in table:
            continue
        try:
            values[name] = check(table[key])
        except ValueError as error:
            default = getattr(Config(), name)
            # The price table is long: name it rather than print it.
            shown = "built-in prices" if name == "ai_prices" else f"default {default!r}"
            warnings.append(f"{path}: [{section}] {key} {error}; using the {shown}")
    return replace(Config(), **values, warnings=tuple(warnings))


def ensure_config_file(path: Path) -> None:
    """Write the commented template when no config file exists yet."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with os.fdopen(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600), "w") as handle:
        handle.write(TEMPLATE)


def set_config_value(path: Path, section: str, key: str, value: Any) -> None:
    """Change one value in place, keeping the file's comments and order."""
    import tomlkit

    if (section, key) not in _SCHEMA:
        raise KeyError(f"unknown setting [{section}] {key}")
    _SCHEMA[(section, key)][1](value)
    ensure_config_file(path)
    document = tomlkit.parse(path.read_text(encoding="utf-8"))
    table = document.setdefault(section, tomlkit.table())
    table[key] = value
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(tomlkit.dumps(document), encoding="utf-8")
    tmp.replace(path)
