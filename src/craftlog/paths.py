"""Where craftlog keeps its database, config, logs and backups."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "craftlog"
HOME_VARIABLE = "CRAFTLOG_HOME"


@dataclass(frozen=True)
class Paths:
    """The directories and files craftlog uses."""

    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "craftlog.db"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def draft_dir(self) -> Path:
        return self.data_dir / "drafts"

    def as_dict(self) -> dict[str, str]:
        """Every location by name, for `craftlog paths` and `doctor`."""
        return {
            "data": str(self.data_dir),
            "database": str(self.database),
            "config": str(self.config_file),
            "logs": str(self.log_dir),
            "backups": str(self.backup_dir),
            "drafts": str(self.draft_dir),
        }

    @classmethod
    def under(cls, home: Path) -> Paths:
        """All locations inside one directory, as `CRAFTLOG_HOME` asks."""
        return cls(data_dir=home, config_dir=home, log_dir=home / "logs")


def resolve_paths(environ: Mapping[str, str] | None = None) -> Paths:
    """Locations from `CRAFTLOG_HOME` when set, else the platform's user directories."""
    env = os.environ if environ is None else environ
    home = env.get(HOME_VARIABLE, "").strip()
    if home:
        return Paths.under(Path(home).expanduser().absolute())
    # Imported here so that a CRAFTLOG_HOME run never pays for it.
    import platformdirs

    dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
    return Paths(
        data_dir=Path(dirs.user_data_dir),
        config_dir=Path(dirs.user_config_dir),
        log_dir=Path(dirs.user_log_dir),
    )
