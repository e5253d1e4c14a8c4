"""`dcrlint rules` and `dcrlint explain RULE`."""

from __future__ import annotations

import argparse
import textwrap

from .config import ConfigError, Settings, find_config, load
from .ruleset import load_rules


def parser(command: str) -> argparse.ArgumentParser:
    if command == "rules":
        p = argparse.ArgumentParser(prog="dcrlint rules", description="List the rules: ID, name, level, summary.")
        p.add_argument("rule", nargs="?", help="ignored (accepted for symmetry with explain)")
    else:
        p = argparse.ArgumentParser(prog="dcrlint explain",
                                    description="Show one rule: what it finds, why, examples and the fix.")
        p.add_argument("rule", help="rule ID or name, e.g. DCR001 or password-on-command-line")
    p.add_argument("--rules-dir", action="append", default=[], metavar="DIR",
                   help="also load user policy rules from DIR (repeatable)")
    return p


def main(argv: list[str]) -> int:
    args = parser(argv[0]).parse_args(argv[1:])
    from pathlib import Path

    config = find_config(Path.cwd())
    settings = load(config) if config else Settings()
    if args.rules_dir:
        settings = settings.with_overrides(rules_dirs=settings.rules_dirs + tuple(args.rules_dir))
    rules = load_rules(settings)
    if argv[0] == "rules":
        for r in sorted(rules.values(), key=lambda r: r.id):
            print(f"{r.id}  {r.name:<34} {r.level:<8} {r.short_description}")
        return 0
    from .rulesmeta import resolve

    ids = resolve(rules, args.rule)
    if len(ids) != 1:
        raise ConfigError(f"{args.rule!r} names {len(ids)} rules; give one ID or name")
    r = rules[ids[0]]
    print(f"{r.id} {r.name} ({r.level}, security-severity {r.security_severity:.1f}"
          f"{', fixable' if r.fixable else ''})\n")
    print(textwrap.fill(r.full_description, 88) + "\n")
    print(r.help + "\n")
    for ex in r.examples:
        print(f"Bad ({ex.context}):\n{textwrap.indent(ex.bad.rstrip(), '    ')}\n")
        print(f"Good ({ex.context}):\n{textwrap.indent(ex.good.rstrip(), '    ')}\n")
    print(f"More: {r.help_uri}")
    return 0
