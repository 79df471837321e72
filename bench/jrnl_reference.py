"""The reference jrnl 4.x: a throwaway virtualenv, a config that never prompts, a journal."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.context import BenchError, Context, clean_environment, log
from bench.dataset import JRNL_TIMEFORMAT, generate, jrnl_text

REQUIREMENT = "jrnl>=4,<5"
MARKER = "bench-jrnl.json"


@dataclass(frozen=True)
class JrnlInstall:
    """An installed jrnl: its console script and version."""

    executable: Path
    version: str


def _venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def _read_marker(venv: Path) -> JrnlInstall | None:
    try:
        marker = json.loads((venv / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    executable = venv / "bin" / "jrnl"
    if marker.get("requirement") != REQUIREMENT or not executable.exists():
        return None
    return JrnlInstall(executable=executable, version=str(marker.get("version")))


def _run(argv: list[str], what: str) -> str:
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = " / ".join(result.stderr.strip().splitlines()[-3:])
        raise BenchError(f"{what} failed ({result.returncode}): {tail}")
    return result.stdout


def install_jrnl(cache: Path) -> JrnlInstall:
    """jrnl in `cache/jrnl-venv`, created with venv + pip on first use and reused afterwards."""
    venv = cache / "jrnl-venv"
    found = _read_marker(venv)
    if found is not None:
        return found
    log(f"installing {REQUIREMENT} into {venv} (first run only)")
    shutil.rmtree(venv, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    _run([sys.executable, "-m", "venv", str(venv)], "creating the jrnl virtualenv")
    pip = [str(_venv_python(venv)), "-m", "pip", "--disable-pip-version-check", "-q"]
    _run([*pip, "install", REQUIREMENT], f"pip install {REQUIREMENT}")
    version = _run(
        [str(_venv_python(venv)), "-c", "from jrnl import __version__; print(__version__)"],
        "reading jrnl's version",
    ).strip()
    (venv / MARKER).write_text(
        json.dumps({"requirement": REQUIREMENT, "version": version}), encoding="utf-8"
    )
    return JrnlInstall(executable=venv / "bin" / "jrnl", version=version)


def config_text(version: str, journal: Path) -> str:
    """A complete jrnl config: every key jrnl 4 expects, so it neither prompts nor rewrites it."""
    # Every key of jrnl.config.get_default_config(), and `version` equal to the installed one:
    # a missing key or another version makes jrnl rewrite the file on each run.
    return "\n".join(
        [
            f"version: {json.dumps(version)}",
            "journals:",
            "  default:",
            f"    journal: {json.dumps(str(journal))}",
            'editor: ""',
            "encrypt: false",
            "template: false",
            "default_hour: 9",
            "default_minute: 0",
            f"timeformat: {json.dumps(JRNL_TIMEFORMAT)}",
            'tagsymbols: "@"',
            "highlight: true",
            "linewrap: 79",
            'indent_character: "|"',
            "colors:",
            "  body: none",
            "  date: none",
            "  tags: none",
            "  title: none",
            "",
        ]
    )


@dataclass(frozen=True)
class JrnlFixture:
    """A jrnl journal of `entries` entries: template and live directories, and how to run jrnl."""

    install: JrnlInstall
    template: Path
    live: Path
    entries: int

    @property
    def config(self) -> Path:
        return self.live / "jrnl.yaml"

    @property
    def journal(self) -> Path:
        return self.live / "journal.txt"

    def argv(self, *args: str) -> list[str]:
        """The jrnl command line, always with its own config file."""
        return [str(self.install.executable), "--config-file", str(self.config), *args]

    def env(self) -> dict[str, str]:
        """jrnl's environment: HOME and the XDG directories inside the live directory."""
        return clean_environment(self.live / "home")

    def entry_count(self) -> int:
        """Entries in the live journal, counted from its date lines."""
        text = self.journal.read_text(encoding="utf-8")
        return sum(1 for line in text.splitlines() if line.startswith("[20"))

    def config_unchanged(self) -> bool:
        """True when jrnl left its config file exactly as written (no upgrade rewrite)."""
        return self.config.read_text(encoding="utf-8") == (self.template / "jrnl.yaml").read_text(
            encoding="utf-8"
        )


def build_jrnl_fixture(ctx: Context) -> JrnlFixture:
    """Install jrnl if needed and write a pristine N-entry journal with its config."""
    install = install_jrnl(ctx.cache)
    ctx.versions["jrnl"] = install.version
    template = ctx.directory("template", "jrnl")
    live = ctx.scratch / "live" / "jrnl"
    entries = generate(ctx.entries, ctx.today)
    (template / "journal.txt").write_text(jrnl_text(entries), encoding="utf-8")
    (template / "jrnl.yaml").write_text(
        config_text(install.version, live / "journal.txt"), encoding="utf-8"
    )
    (template / "home").mkdir(exist_ok=True)
    fixture = JrnlFixture(install=install, template=template, live=live, entries=ctx.entries)
    log(f"jrnl {install.version}: journal of {ctx.entries} entries written")
    return fixture
