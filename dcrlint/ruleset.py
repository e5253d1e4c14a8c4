"""The rules of a run: built-in rules plus user policies from --rules-dir and the config."""

from __future__ import annotations

from .config import Settings
from .rulesmeta import Rule, builtin_rules


def load_rules(settings: Settings) -> dict[str, Rule]:
    rules = dict(builtin_rules())
    return rules
