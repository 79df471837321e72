"""Reading and writing config.toml (config.py)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from craftlog.config import (
    DEFAULT_EXCLUDE,
    TEMPLATE,
    Config,
    ensure_config_file,
    load_config,
    set_config_value,
)


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    return tmp_path / "conf" / "config.toml"


def test_missing_file_gives_defaults_without_warnings(config_file: Path) -> None:
    config = load_config(config_file)
    assert config == Config()
    assert config.warnings == ()
    assert config.min_commits == 5
    assert config.min_lines == 0
    assert config.git_exclude == DEFAULT_EXCLUDE
    assert config.git_emails == ()


def test_the_template_is_valid_and_matches_the_defaults(config_file: Path) -> None:
    ensure_config_file(config_file)
    assert config_file.read_text(encoding="utf-8") == TEMPLATE
    config = load_config(config_file)
    assert config == Config()
    assert config.warnings == ()


def test_good_values_are_used(config_file: Path) -> None:
    config_file.parent.mkdir()
    config_file.write_text(
        '[git]\nemails = ["Me@Example.com", "  "]\nexclude = ["*.min.js"]\n'
        "[flags]\nmin_commits = 2\nmin_lines = 50\n"
        '[ai]\nmodel = "claude-x"\nmax_tokens = 300\n[ui]\ntheme = "nord"\n',
        encoding="utf-8",
    )
    config = load_config(config_file)
    assert config.warnings == ()
    assert config.git_emails == ("Me@Example.com",)
    assert config.git_exclude == ("*.min.js",)
    assert (config.min_commits, config.min_lines) == (2, 50)
    assert (config.ai_model, config.ai_max_tokens, config.theme) == ("claude-x", 300, "nord")


@pytest.mark.parametrize(
    ("section", "key", "bad", "field"),
    [
        ("flags", "min_commits", "0", "min_commits"),
        ("flags", "min_commits", '"five"', "min_commits"),
        ("flags", "min_commits", "true", "min_commits"),
        ("flags", "min_commits", "2.5", "min_commits"),
        ("flags", "min_lines", "-1", "min_lines"),
        ("ai", "max_tokens", "0", "ai_max_tokens"),
        ("ai", "model", '""', "ai_model"),
        ("ai", "model", "3", "ai_model"),
        ("git", "emails", '"me@example.com"', "git_emails"),
        ("git", "exclude", "[1, 2]", "git_exclude"),
        ("ui", "theme", "[]", "theme"),
    ],
)
def test_a_bad_value_warns_naming_key_and_file_and_keeps_only_its_default(
    config_file: Path, section: str, key: str, bad: str, field: str
) -> None:
    # One good value in every section, and the bad one.
    good = {
        "git": ('exclude = ["*.snap"]', "git_exclude", ("*.snap",)),
        "flags": ("min_lines = 7", "min_lines", 7),
        "ai": ("max_tokens = 99", "ai_max_tokens", 99),
        "ui": ('theme = "dark"', "theme", "dark"),
    }
    lines = []
    for name in ("git", "flags", "ai", "ui"):
        lines.append(f"[{name}]")
        good_line, good_field, _ = good[name]
        if good_field != field:
            lines.append(good_line)
        if name == section:
            lines.append(f"{key} = {bad}")
    config_file.parent.mkdir()
    config_file.write_text("\n".join(lines) + "\n", encoding="utf-8")

    config = load_config(config_file)

    assert len(config.warnings) == 1
    warning = config.warnings[0]
    assert str(config_file) in warning
    assert f"[{section}] {key}" in warning
    assert getattr(config, field) == getattr(Config(), field)
    for _, good_field, value in good.values():
        if good_field != field:
            assert getattr(config, good_field) == value


def test_several_bad_values_give_one_warning_each(config_file: Path) -> None:
    config_file.parent.mkdir()
    config_file.write_text(
        "[flags]\nmin_commits = -3\nmin_lines = 'many'\n[ai]\nmodel = 'ok-model'\n",
        encoding="utf-8",
    )
    config = load_config(config_file)
    assert len(config.warnings) == 2
    assert any("min_commits" in w for w in config.warnings)
    assert any("min_lines" in w for w in config.warnings)
    assert (config.min_commits, config.min_lines, config.ai_model) == (5, 0, "ok-model")


def test_a_section_that_is_not_a_table_warns(config_file: Path) -> None:
    config_file.parent.mkdir()
    config_file.write_text('flags = 3\n[ai]\nmodel = "m"\n', encoding="utf-8")
    config = load_config(config_file)
    assert config.ai_model == "m"
    assert config.min_commits == 5
    assert len(config.warnings) == 1
    assert "[flags]" in config.warnings[0] and str(config_file) in config.warnings[0]


def test_unknown_keys_are_ignored(config_file: Path) -> None:
    config_file.parent.mkdir()
    config_file.write_text("[flags]\nmin_commits = 9\nfuture_knob = 1\n[other]\nx = 1\n")
    config = load_config(config_file)
    assert config.min_commits == 9
    assert config.warnings == ()


@pytest.mark.parametrize(
    "content", [b"[flags\nmin_commits = 3\n", b"min_commits = = 3", b"\xff\xfe not utf-8"]
)
def test_invalid_toml_gives_defaults_and_a_warning_naming_the_file(
    config_file: Path, content: bytes
) -> None:
    config_file.parent.mkdir()
    config_file.write_bytes(content)
    config = load_config(config_file)
    assert config == Config()
    assert len(config.warnings) == 1
    assert str(config_file) in config.warnings[0]
    assert "using defaults" in config.warnings[0]


def test_an_unreadable_config_path_gives_defaults_and_a_warning(tmp_path: Path) -> None:
    (tmp_path / "config.toml").mkdir()  # a directory where the file should be
    config = load_config(tmp_path / "config.toml")
    assert config == Config()
    assert len(config.warnings) == 1
    assert "cannot be read" in config.warnings[0]


def test_set_config_value_keeps_comments_and_order(config_file: Path) -> None:
    config_file.parent.mkdir()
    original = (
        "# my own header comment\n"
        "[flags]\n"
        "# how many commits make a busy week\n"
        "min_commits = 5  # inline note\n"
        "min_lines = 0\n"
        "\n"
        "[ai]\n"
        "# keep this model\n"
        'model = "claude-x"\n'
    )
    config_file.write_text(original, encoding="utf-8")

    set_config_value(config_file, "flags", "min_commits", 12)
    set_config_value(config_file, "git", "emails", ["a@example.com"])

    text = config_file.read_text(encoding="utf-8")
    for comment in (
        "# my own header comment",
        "# how many commits make a busy week",
        "# inline note",
        "# keep this model",
    ):
        assert comment in text
    assert text.index("[flags]") < text.index("[ai]")
    parsed = tomllib.loads(text)
    assert parsed["flags"]["min_commits"] == 12
    assert parsed["ai"]["model"] == "claude-x"
    config = load_config(config_file)
    assert config.min_commits == 12
    assert config.git_emails == ("a@example.com",)
    assert config.ai_model == "claude-x"
    assert config.warnings == ()
    assert not list(config_file.parent.glob("*.tmp"))


def test_set_config_value_creates_the_commented_template_first(config_file: Path) -> None:
    set_config_value(config_file, "flags", "min_lines", 40)
    text = config_file.read_text(encoding="utf-8")
    assert "# Your commit identities" in text
    assert load_config(config_file).min_lines == 40


def test_set_config_value_refuses_unknown_keys_and_bad_values(config_file: Path) -> None:
    ensure_config_file(config_file)
    before = config_file.read_bytes()
    with pytest.raises(KeyError):
        set_config_value(config_file, "flags", "nope", 1)
    with pytest.raises(ValueError):
        set_config_value(config_file, "flags", "min_commits", 0)
    with pytest.raises(ValueError):
        set_config_value(config_file, "git", "emails", "not-a-list")
    assert config_file.read_bytes() == before


def test_first_use_writes_a_commented_config_that_reads_back_as_the_defaults(paths) -> None:
    from craftlog.config import Config, load_config
    from craftlog.services import open_services

    assert not paths.config_file.exists()
    open_services(paths).close()
    text = paths.config_file.read_text(encoding="utf-8")
    assert text.startswith("#") and "[flags]" in text
    assert load_config(paths.config_file) == Config()


# --- [ai] prices ------------------------------------------------------------------------------


def test_prices_default_to_the_built_in_table(config_file: Path) -> None:
    from craftlog.config import DEFAULT_MODEL, DEFAULT_PRICES

    assert Config().ai_prices == DEFAULT_PRICES
    assert Config().ai_prices[DEFAULT_MODEL] == (1.0, 5.0)
    assert Config().ai_prices is not DEFAULT_PRICES  # each config its own copy


@pytest.mark.parametrize(
    "table",
    [
        'prices = { "claude-x" = { input = 2, output = 8.5 }, '
        '"claude-haiku-4-5" = { input = 0.5, output = 2.5 } }',
        '[ai.prices]\n"claude-x" = { input = 2, output = 8.5 }\n'
        '"claude-haiku-4-5" = { input = 0.5, output = 2.5 }',
    ],
    ids=["inline", "subtable"],
)
def test_prices_in_the_file_add_models_and_replace_figures(config_file: Path, table: str) -> None:
    from craftlog.config import DEFAULT_PRICES

    config_file.parent.mkdir()
    config_file.write_text(f'[ai]\nmodel = "claude-x"\n{table}\n', encoding="utf-8")
    config = load_config(config_file)
    assert config.warnings == ()
    assert config.ai_prices == {
        **DEFAULT_PRICES,
        "claude-x": (2.0, 8.5),
        "claude-haiku-4-5": (0.5, 2.5),
    }
    assert all(isinstance(n, float) for pair in config.ai_prices.values() for n in pair)


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ("prices = 3", "must be a table"),
        ('prices = ["claude-x"]', "must be a table"),
        ('prices = { "claude-x" = 3 }', "'claude-x', which must be { input = ..., output = ... }"),
        ('prices = { "claude-x" = { input = 1 } }', "which must be { input = ..., output = ... }"),
        ('prices = { "claude-x" = { input = 1, output = 2, cache = 3 } }', "which must be"),
        ('prices = { "claude-x" = { input = "1", output = 2 } }', "input price is not a number"),
        ('prices = { "claude-x" = { input = 1, output = true } }', "output price is not a number"),
        ('prices = { "claude-x" = { input = -1, output = 2 } }', "input price is not 0 or more"),
        ('prices = { "claude-x" = { input = 1, output = nan } }', "output price is not 0 or more"),
        ('prices = { "claude-x" = { input = inf, output = 1 } }', "input price is not 0 or more"),
        ('prices = { " " = { input = 1, output = 1 } }', "a model with an empty name"),
    ],
)
def test_bad_prices_warn_and_keep_the_built_in_ones(
    config_file: Path, bad: str, words: str
) -> None:
    from craftlog.config import DEFAULT_PRICES

    config_file.parent.mkdir()
    config_file.write_text(f"[ai]\nmax_tokens = 500\n{bad}\n", encoding="utf-8")
    config = load_config(config_file)
    (warning,) = config.warnings
    assert warning.startswith(f"{config_file}: [ai] prices ")
    assert words in warning
    assert warning.endswith("; using the built-in prices")
    assert config.ai_prices == DEFAULT_PRICES
    assert config.ai_max_tokens == 500  # the rest of the section still counts


def test_set_config_value_writes_prices(config_file: Path) -> None:
    set_config_value(config_file, "ai", "prices", {"claude-x": {"input": 2.0, "output": 4.0}})
    config = load_config(config_file)
    assert config.warnings == ()
    assert config.ai_prices["claude-x"] == (2.0, 4.0)
    with pytest.raises(ValueError, match="price is not a number"):
        set_config_value(config_file, "ai", "prices", {"claude-x": {"input": "a", "output": 1}})
