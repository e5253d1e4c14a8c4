"""Contracts between the rule metadata (rules/*.yaml) and the checks that implement it: what
the docs say a rule looks at, reads, fixes and ranks is what its check does."""

from __future__ import annotations

from typing import Any

from dcrlint.checks import ENGINE_RULES, FILE_CHECKS, FOLLOW_UP_CHECKS, MODULES, PROJECT_CHECKS
from dcrlint.classify import FileKind
from dcrlint.extractors import EXTRACTORS
from dcrlint.rulesmeta import builtin_rules, presence_order

RULES = builtin_rules()
SCANNED = [k for k in FileKind if k in EXTRACTORS]


def _kinds_of(rule: str) -> set[FileKind]:
    kinds: set[FileKind] = set()
    for check in (*FILE_CHECKS, *FOLLOW_UP_CHECKS):
        if rule in check.rules:
            kinds |= {k for k in SCANNED if check.runs_on(k)}
    for p in PROJECT_CHECKS:
        if rule in p.rules:
            kinds |= set(p.reports_in) if p.reports_in is not None else {k for k in SCANNED if p.runs_on(k)}
    return kinds


def test_contexts_are_the_kinds_each_check_runs_on() -> None:
    wrong = {}
    for rid, rule in RULES.items():
        if rid in ENGINE_RULES:
            continue
        runs = {k.context for k in _kinds_of(rid)}
        said = set(rule.contexts)
        if said == {"any"}:
            said = {k.context for k in SCANNED}
        if runs != said:
            wrong[rid] = {"undocumented": sorted(runs - said), "not checked": sorted(said - runs)}
    assert wrong == {}


def test_one_module_per_rule_and_each_check_reports_its_modules_rule() -> None:
    from importlib import import_module

    rules = sorted(r for r in RULES if r not in ENGINE_RULES)
    assert [m.name[:6].upper() for m in MODULES] == rules
    for name in (m.name for m in MODULES):
        module: Any = import_module(f"dcrlint.checks.{name}")
        assert {r for c in module.CHECKS for r in c.rules} == {name[:6].upper()}, name
        assert name[7:].replace("_", "-") == RULES[name[:6].upper()].name


def test_the_module_table_says_where_each_modules_checks_run() -> None:
    """checks.MODULES lets a scan import only the modules a kind of file needs: what it says
    of each module (where each check runs, project checks) is what the module declares."""
    from importlib import import_module

    from dcrlint.checks import FileCheck, FollowUpCheck, ProjectCheck

    for entry in MODULES:
        declared: Any = import_module(f"dcrlint.checks.{entry.name}").CHECKS
        assert all(isinstance(c, (FileCheck, FollowUpCheck, ProjectCheck)) for c in declared), entry.name
        where = {c.kinds if c.kinds is not None else c.facts for c in declared}
        project = any(isinstance(c, ProjectCheck) for c in declared)
        assert (set(entry.where), entry.project) == (where, project), \
            f"checks.MODULES entry of {entry.name}: where={tuple(where)!r}, project={project}"


def test_for_kind_is_every_check_that_runs_on_the_kind() -> None:
    from dcrlint.checks import for_kind

    for kind in FileKind:
        found = for_kind(kind)
        assert found.file == tuple(c for c in FILE_CHECKS if c.runs_on(kind)), kind
        assert found.follow_ups == tuple(c for c in FOLLOW_UP_CHECKS if c.runs_on(kind)), kind
        assert found.project == tuple(c for c in PROJECT_CHECKS if c.runs_on(kind)), kind


def test_precedence_is_the_metadata_of_presence_rules() -> None:
    order = presence_order(RULES)
    assert set(order) == {rid for rid, r in RULES.items() if r.kind == "presence"}
    assert sorted(order, key=order.__getitem__) == sorted(order, key=lambda rid: RULES[rid].precedence or 0)


class _Recording:
    """Settings that remember which fields were read."""

    def __init__(self, settings: Any) -> None:
        object.__setattr__(self, "_settings", settings)
        object.__setattr__(self, "read", set())

    def __getattr__(self, name: str) -> Any:
        self.read.add(name)
        return getattr(self._settings, name)


def _option_fields() -> dict[str, str]:
    """Settings field of each documented rule option (`registries.private` -> private_registries)."""
    from dcrlint import config

    fields = {key: name for key, (name, _) in config._KEYS.items()}
    for section, keys in config._SECTIONS.items():
        fields.update({f"{section}.{key}": name for key, (name, _) in keys.items()})
    return fields


def _settings_read(rule_id: str, findings: list[Any] | None = None) -> set[str]:
    """Fields of the settings the checks of a rule read over its documented examples (and
    the findings of its bad examples, into `findings`)."""
    import datetime as dt

    from test_rule_examples import FILE_FOR_CONTEXT

    from dcrlint.classify import classify
    from dcrlint.config import Settings
    from dcrlint.scanned import ScannedFile
    from dcrlint.source import SourceFile

    read: set[str] = set()
    for ex in RULES[rule_id].examples:
        for text in (ex.bad, ex.good):
            rel = FILE_FOR_CONTEXT[ex.context]
            kind = classify(rel, text)
            settings = _Recording(Settings(now=dt.datetime(2026, 11, 29, tzinfo=dt.timezone.utc), git=False))
            file = ScannedFile(SourceFile(rel, text), kind, settings)  # type: ignore[arg-type]
            settings.read.clear()  # the value classifier reads the patterns every rule honours
            found: list[Any] = []
            for check in FILE_CHECKS:
                if rule_id in check.rules and check.runs_on(kind):
                    found.extend(check.run(file))
            for follow in FOLLOW_UP_CHECKS:
                if rule_id in follow.rules and follow.runs_on(kind):
                    list(follow.run(file, found))
            for p in PROJECT_CHECKS:
                if rule_id in p.rules and p.runs_on(kind):
                    facts = p.collect(file)
                    if facts:
                        found.extend(p.finish({rel: facts}, settings))  # type: ignore[arg-type]
            read |= settings.read
            if findings is not None and text is ex.bad:
                findings.extend(f for f in found if f.rule_id == rule_id)
    return read


# Settings of the whole scan, not of one rule (every rule honours placeholders and secret names
# through the value classifier).
_GENERAL = {"select", "ignore", "levels", "fail_on", "include", "exclude", "ignores", "max_file_size",
            "rules_dirs", "fixture_paths", "fixture_level", "placeholders", "secret_names"}


def test_documented_options_are_the_settings_the_checks_read() -> None:
    """Each setting a rule's checks read over its examples is among its documented options;
    each documented option is read by the code (the examples may not reach every branch)."""
    from pathlib import Path

    import dcrlint

    fields = _option_fields()
    options = set(fields.values()) - _GENERAL
    code = "\n".join(p.read_text() for p in Path(dcrlint.__file__).parent.rglob("*.py") if p.name != "config.py")
    wrong = {}
    for rid, rule in RULES.items():
        if rid in ENGINE_RULES:
            continue
        said = {fields[o] for o in rule.options} & options
        read = _settings_read(rid) & options
        module = Path(dcrlint.__file__).parent / "checks" / f"{rid.lower()}_{rule.name.replace('-', '_')}.py"
        read |= {f for f in options if f"settings.{f}" in module.read_text()}  # branches examples miss
        unused = {f for f in said - read if f".{f}" not in code}
        if read - said or unused:
            wrong[rid] = {"undocumented": sorted(read - said), "never read": sorted(unused)}
    assert wrong == {}


def test_fixable_rules_and_only_they_emit_fixes() -> None:
    for rid, rule in RULES.items():
        if rid in ENGINE_RULES:
            continue
        found: list[Any] = []
        _settings_read(rid, found)
        assert found, f"no bad example of {rid} fires it"
        assert any(f.fix is not None for f in found) == rule.fixable, rid


def test_checks_report_only_the_rules_they_declare() -> None:
    from test_rule_examples import FILE_FOR_CONTEXT

    from dcrlint.classify import classify
    from dcrlint.config import Settings
    from dcrlint.scanned import ScannedFile
    from dcrlint.source import SourceFile

    for rule in RULES.values():
        for ex in rule.examples:
            rel = FILE_FOR_CONTEXT[ex.context]
            file = ScannedFile(SourceFile(rel, ex.bad), classify(rel, ex.bad), Settings(git=False))
            for check in FILE_CHECKS:
                if check.runs_on(file.kind):
                    stray = {f.rule_id for f in check.run(file)} - set(check.rules)
                    assert not stray, (check.run, stray)
