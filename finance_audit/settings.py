"""Settings: defaults, then finance-audit.toml (or [tool.finance-audit] in pyproject.toml) in
the working directory, then command-line flags. Each value remembers where it came from, so
`check --verbose` can say so and reports can embed them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from finance_audit.errors import UsageError
from finance_audit.match.score import THRESHOLD

DEFAULTS: dict[str, object] = {
    "db": "finance-audit.duckdb",
    "rules": None,  # the shipped rule pack
    "jurisdiction": None,
    "profile": None,
    "registries": [],
    "default_registry": True,
    "fail_on": None,
    "format": "table",
    "match_threshold": THRESHOLD,
    "params": {},  # rule code -> {param: value}
}
TYPES: dict[str, tuple[type, ...]] = {
    "db": (str,), "rules": (str, type(None)), "jurisdiction": (str, type(None)),
    "profile": (str, type(None)), "registries": (list,), "default_registry": (bool,),
    "fail_on": (str, type(None)), "format": (str,), "match_threshold": (float, int),
    "params": (dict,),
}


@dataclass
class Settings:
    """Resolved settings and the origin of each: default, a file path, or a flag."""

    values: dict[str, object] = field(default_factory=lambda: dict(DEFAULTS))
    origins: dict[str, str] = field(default_factory=lambda: dict.fromkeys(DEFAULTS, "default"))

    def __getitem__(self, key: str) -> object:
        return self.values[key]

    def set(self, key: str, value: object, origin: str) -> None:
        if value is None:
            return
        self.values[key] = value
        self.origins[key] = origin

    def all(self) -> dict[str, tuple[object, str]]:
        """Every setting with where it came from (a report's manifest shows them)."""
        return {k: (v, self.origins[k]) for k, v in self.values.items()}

    def changed(self) -> dict[str, tuple[object, str]]:
        """The settings that differ from the defaults, with where each came from."""
        return {k: (v, self.origins[k]) for k, v in self.values.items()
                if self.origins[k] != "default"}


def _file_settings(directory: Path) -> tuple[dict, str] | None:
    own = directory / "finance-audit.toml"
    if own.is_file():
        return _read(own), str(own)
    project = directory / "pyproject.toml"
    if project.is_file():
        table = _read(project).get("tool", {}).get("finance-audit")
        if table is not None:
            return table, f"{project} [tool.finance-audit]"
    return None


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise UsageError(f"cannot read settings ({err})", file=str(path)) from err


def load_settings(directory: Path | None = None, flags: dict[str, object] | None = None
                  ) -> Settings:
    """Defaults < the settings file < flags (a flag left out is None and changes nothing)."""
    settings = Settings()
    found = _file_settings(directory or Path.cwd())
    if found:
        data, origin = found
        for key, value in data.items():
            name = key.replace("-", "_")
            if name not in DEFAULTS:
                raise UsageError(f"unknown setting {key!r} (known: "
                                 f"{', '.join(sorted(DEFAULTS))})", file=origin.split(" ")[0])
            if not isinstance(value, TYPES[name]):
                raise UsageError(f"setting {key!r} has the wrong type", file=origin.split(" ")[0])
            settings.set(name, value, origin)
    for key, value in (flags or {}).items():
        if value not in (None, [], ()):
            settings.set(key, value, "command line")
    return settings
