"""The rules of a run: built-in rules plus user policies from --rules-dir and the config."""

from __future__ import annotations

from .config import ConfigError, Settings
from .rulesmeta import Rule, builtin_rules


def load_rules(settings: Settings) -> dict[str, Rule]:
    """Built-in rules, then the user policies of settings.rules_dirs (docs/policies/README.md).
    A user ID never starts with DCR; an ID or name used twice is an error."""
    rules = dict(builtin_rules())
    if not settings.rules_dirs:
        return rules
    from .policies import load_policies

    names = {r.name: r for r in rules.values()}
    for policy in load_policies(tuple(settings.rules_dirs)):
        rule = policy.rule
        if rule.id.upper().startswith("DCR"):
            raise ConfigError(f"{rule.source}: id {rule.id}: the DCR prefix is reserved for built-in rules")
        if rule.id in rules:
            raise ConfigError(f"{rule.source}: duplicate rule id {rule.id} (also in {rules[rule.id].source})")
        if rule.name in names:
            raise ConfigError(f"{rule.source}: duplicate rule name {rule.name} "
                              f"(also {names[rule.name].id} in {names[rule.name].source})")
        rules[rule.id] = rule
        names[rule.name] = rule
    return rules
