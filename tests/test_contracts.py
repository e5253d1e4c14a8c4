"""Contracts between the rule metadata (rules/*.yaml) and the checks that implement it: what
the docs say a rule looks at, reads, fixes and ranks is what its check does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import scanned

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


class _RecordingOptions(dict[str, Any]):
    """Rule options that remember which keys were looked up."""

    def __init__(self, read: set[str]) -> None:
        super().__init__()
        self.read = read

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)


class _Recording:
    """Settings that remember which settings were read: rule options by key, settings of the
    whole scan by the key of their option (`kubernetes.default-namespace`) or field name."""

    def __init__(self, settings: Any) -> None:
        object.__setattr__(self, "_settings", settings)
        object.__setattr__(self, "read", set())

    def __getattr__(self, name: str) -> Any:
        if name == "options":
            return _RecordingOptions(self.read)
        self.read.add(_FIELD_KEYS.get(name, name))
        return getattr(self._settings, name)


def _all_options() -> dict[str, Any]:
    """Every option the check modules declare, by key."""
    from dcrlint.checks import rule_options

    return {o.key: o for opts in rule_options().values() for o in opts}


def _field_keys() -> dict[str, str]:
    """Option key of each Settings field that an option declaration names."""
    return {o.field: o.key for o in _all_options().values() if o.field}


_FIELD_KEYS = _field_keys()


def _settings_read(rule_id: str, findings: list[Any] | None = None) -> set[str]:
    """Fields of the settings the checks of a rule read over its documented examples (and
    the findings of its bad examples, into `findings`)."""
    import datetime as dt

    from test_rule_examples import FILE_FOR_CONTEXT

    from dcrlint.classify import classify
    from dcrlint.config import Settings

    read: set[str] = set()
    for ex in RULES[rule_id].examples:
        for text in (ex.bad, ex.good):
            rel = FILE_FOR_CONTEXT[ex.context]
            kind = classify(rel, text)
            settings = _Recording(Settings(now=dt.datetime(2026, 11, 29, tzinfo=dt.UTC), git=False))
            file = scanned(text, (rel, kind), settings)
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


# Settings every rule honours through the value classifier, whatever its options say.
_GENERAL = {"placeholders", "secret-names"}


def test_documented_options_are_the_options_the_checks_read() -> None:
    """A rule's checks read, over its examples, only options its module declares (`OPTIONS`,
    which its metadata lists: checked at load); each rule option a module declares is read by
    that module's code (`NAME.of(`: the examples may not reach every branch)."""
    from importlib import import_module

    from dcrlint.checks import options_of
    from dcrlint.options import Option

    keys = set(_all_options())
    wrong = {}
    for rid, rule in RULES.items():
        if rid in ENGINE_RULES:
            continue
        declared = {o.key for o in options_of(rid)}
        read = (_settings_read(rid) & keys) - _GENERAL
        assert set(rule.options) == declared, rid
        name = next(m.name for m in MODULES if m.rule == rid)
        module: Any = import_module(f"dcrlint.checks.{name}")
        source = Path(module.__file__).read_text()
        in_code = {v.key for n, v in vars(module).items() if isinstance(v, Option) and f"{n}.of(" in source}
        read |= in_code - _GENERAL
        unread = {o.key for o in options_of(rid) if not o.field} - in_code
        if read - declared or unread:
            wrong[rid] = {"undeclared": sorted(read - declared), "never read": sorted(unread)}
    assert wrong == {}


def test_an_option_key_is_declared_once() -> None:
    """Two modules reading one setting share one declaration (one type, default, doc)."""
    from dcrlint.checks import rule_options

    by_key: dict[str, Any] = {}
    for options in rule_options().values():
        for o in options:
            assert by_key.setdefault(o.key, o) is o, o.key


def test_metadata_agrees_with_the_modules() -> None:
    """Each rule's `options` are the keys its module declares (OPTIONS), its `fixable` the
    module's FIXABLE; and a disagreement is found (the check can fail)."""
    from dataclasses import replace

    from dcrlint.rulesmeta import agrees_with_module

    assert {rid: agrees_with_module(r) for rid, r in RULES.items() if agrees_with_module(r)} == {}
    dcr014 = RULES["DCR014"]
    assert agrees_with_module(replace(dcr014, options=()))[0].startswith("options [] differ")
    assert agrees_with_module(replace(dcr014, options=(*dcr014.options, "nope")))
    assert agrees_with_module(replace(dcr014, fixable=True)) == [
        "fixable: true, but its check module says it does not fix (FIXABLE)"]


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

    from dcrlint.config import Settings

    for rule in RULES.values():
        for ex in rule.examples:
            rel = FILE_FOR_CONTEXT[ex.context]
            file = scanned(ex.bad, rel, Settings(git=False))
            for check in FILE_CHECKS:
                if check.runs_on(file.kind):
                    stray = {f.rule_id for f in check.run(file)} - set(check.rules)
                    assert not stray, (check.run, stray)


# Check modules read typed facts (`file.get`), never parsed documents. These still read YAML
# nodes, each for a reason; the list may only shrink.
READ_YAML = {
    # rotation and expiry annotations of resources in any YAML file, not only manifests
    "_credential_dates",
    # `toJSON(secrets)` in any scalar of a workflow, with its key path (VALUES has no key paths)
    "dcr013_overbroad_secrets",
    # the data of Secrets: K8S_RESOURCES gives the resource's mapping node
    "_manifest_values", "dcr022_committed_registry_secret", "dcr023_plaintext_secret_in_manifest",
}


def _reads_yaml(path: Any) -> bool:
    import ast

    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name == "yaml" or a.name.startswith("yaml.") for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module == "yaml" or module.startswith("yaml.") or module.endswith("yamlsrc") \
                    or any(a.name in ("YAML_DOCUMENTS", "yamlsrc") for a in node.names):
                return True
        if isinstance(node, ast.Attribute) and node.attr == "yaml_documents":
            return True
    return False


def test_checks_read_facts_not_yaml_documents() -> None:
    from pathlib import Path

    import dcrlint.checks

    folder = Path(dcrlint.checks.__file__).parent
    readers = {p.stem for p in folder.glob("*.py") if p.stem != "__init__" and _reads_yaml(p)}
    assert readers == READ_YAML


def _ungated(kind: FileKind) -> list[str]:
    """The built-in checks running on the kind that have no gate (file and project checks: a
    follow-up runs only where a file check's gate held)."""
    from dcrlint import checks

    found = checks.for_kind(kind)
    return [f"{c.run.__module__}.{c.run.__qualname__}" for c in found.file if c.gate is None] + \
        [f"collection {p.name}" for p in found.project if p.gate is None]


def _inert_path_on(kind: FileKind) -> bool:
    """The engine asks the kind's gates (a file where none holds is not modelled), every rule
    selected."""
    from dcrlint import engine
    from dcrlint.checks import CHECKED_RULES

    engine._plan.cache_clear()  # plans are kept per kind
    try:
        return engine._plan(kind, CHECKED_RULES, (), False).gates is not None
    finally:
        engine._plan.cache_clear()


def test_every_check_on_a_gated_kind_has_a_gate() -> None:
    """The engine skips modelling a file of a kind of GATED_KINDS only where every check of its
    plan has a gate: one check without a gate turns the inert path off for the whole kind,
    silently (the output stays the same, the scan gets slower). A new check on such a kind
    needs a gate (`checks.Gate`, with a test that it is False only where the check gives
    nothing), or the kind leaves GATED_KINDS by measurement."""
    from dcrlint.engine import GATED_KINDS
    from dcrlint.extractors import notes_of

    for kind in [k for k in FileKind if k in GATED_KINDS]:
        assert notes_of(kind) is not None, f"{kind}: gated, but its extractor has no NOTES"
        assert _ungated(kind) == [], f"{kind}: checks without a gate"
        assert _inert_path_on(kind), kind


def test_a_check_losing_its_gate_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The contract above fails when any one check of a gated kind has no gate, and the engine
    stops asking the kind's gates (what the contract guards against)."""
    from dcrlint import checks
    from dcrlint.engine import GATED_KINDS

    builtin = checks.for_kind
    for kind in [k for k in FileKind if k in GATED_KINDS]:
        found = builtin(kind)
        for check in (*found.file, *found.project):
            ungated = _without_gate(found, check)
            monkeypatch.setattr(checks, "for_kind", lambda k, u=ungated, kk=kind: u if k is kk else builtin(k))
            assert len(_ungated(kind)) == 1, (kind, check)
            # (project checks sharing a name share the first one's collection, and its gate)
            used = not isinstance(check, checks.ProjectCheck) or \
                next(p for p in found.project if p.name == check.name) is check
            assert _inert_path_on(kind) is not used, (kind, check)
        monkeypatch.setattr(checks, "for_kind", builtin)


def _without_gate(found: Any, check: Any) -> Any:
    from dcrlint import checks
    from dcrlint.records import replace

    def drop(group: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(replace(c, gate=None) if c is check else c for c in group)

    return checks.Checks(drop(found.file), found.follow_ups, drop(found.project))
