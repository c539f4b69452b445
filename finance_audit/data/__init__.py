"""Reference data shipped with the tool (country aliases, legal forms, ...)."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


@cache
def load_data(name: str) -> dict:
    """One YAML data file from this package, by name without the extension."""
    text = resources.files("finance_audit.data").joinpath(f"{name}.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@cache
def load_words(name: str) -> tuple[str, ...]:
    """One word list from this package (`name`.txt: a word a line, # comments)."""
    text = resources.files("finance_audit.data").joinpath(f"{name}.txt").read_text("utf-8")
    return tuple(line for line in text.splitlines() if line and not line.startswith("#"))
