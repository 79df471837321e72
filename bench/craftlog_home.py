"""A craftlog home of N entries, built once with `craftlog import` and copied before each run."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.context import BenchError, Context, clean_environment, log
from bench.dataset import generate, write_craftlog_export


@dataclass(frozen=True)
class CraftlogFixture:
    """A pristine craftlog home (template), the live copy the commands use, and how to run them."""

    executable: Path
    template: Path
    live: Path
    user_home: Path
    entries: int

    def argv(self, *args: str) -> list[str]:
        """The craftlog command line through the installed console script."""
        return [str(self.executable), *args]

    def env(self, home: Path | None = None) -> dict[str, str]:
        """craftlog's environment: CRAFTLOG_HOME and HOME both inside the scratch space."""
        home = home or self.live
        return clean_environment(self.user_home, CRAFTLOG_HOME=str(home))

    def run(self, *args: str, home: Path | None = None) -> str:
        """Run craftlog outside the timed runs; its standard output, or a BenchError."""
        result = subprocess.run(
            self.argv(*args), env=self.env(home), capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise BenchError(f"craftlog {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    def status(self, home: Path | None = None) -> dict[str, object]:
        """`craftlog status --json` of a home, for checks outside the timed runs."""
        return json.loads(self.run("status", "--json", home=home))

    def entry_count(self, home: Path | None = None) -> int:
        """Live entries in a home, as `craftlog status --json` counts them."""
        return int(self.status(home)["total_entries"])  # type: ignore[call-overload]


def build_craftlog_fixture(ctx: Context) -> CraftlogFixture:
    """Import a generated N-entry export into an empty home, the template every run copies."""
    template = ctx.scratch / "template" / "craftlog"
    live = ctx.scratch / "live" / "craftlog"
    fixture = CraftlogFixture(
        executable=ctx.craftlog,
        template=template,
        live=live,
        user_home=ctx.directory("craftlog-user"),
        entries=ctx.entries,
    )
    export = write_craftlog_export(
        generate(ctx.entries, ctx.today), ctx.directory("inputs") / "craftlog-export.json"
    )
    fixture.run("import", str(export), "--format", "craftlog", home=template)
    version = fixture.run("--version").split()
    ctx.versions["craftlog"] = version[-1] if version else "unknown"
    count = fixture.entry_count(template)
    if count != ctx.entries:
        raise BenchError(f"the craftlog template holds {count} entries, not {ctx.entries}")
    log(f"craftlog: home of {count} entries imported")
    return fixture
