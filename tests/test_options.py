"""Rule options: each declared once, typed and with its default, by its rule's check module;
the configuration is validated against the declarations; the docs show them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import write

from dcrlint.checks import rule_options
from dcrlint.config import ConfigError, Settings, parse

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("config", "problem"), [
    ("shell-executor-tag: [shell]\n", "unknown key 'shell-executor-tag'"),
    ("shell-executor-tags: {a: 1}\n", "shell-executor-tags: expected a list of strings"),
    ("high-entropy: 'yes'\n", "high-entropy: expected true or false, got 'yes'"),
    ("max-credential-age-days: 0\n", "max-credential-age-days: expected a positive integer, got 0"),
    ("registries:\n  report-unknown: 1\n", "registries.report-unknown: expected true or false, got 1"),
    ("registries:\n  privat: [x]\n", "unknown key registries.privat (known: private, public, report-unknown)"),
    ("registries: [x]\n", "registries: expected a mapping"),
    ("kubernetes:\n  unresolved-without-secret: true\n",
     "unknown key kubernetes.unresolved-without-secret (known: default-namespace, unresolved-without-secrets)"),
    ("registries.private: [x]\n", "unknown key 'registries.private'"),  # a section key, not a dotted one
])
def test_rule_options_are_validated_against_their_declarations(lint: Any, tmp_path: Path, config: str,
                                                               problem: str) -> None:
    write(tmp_path, ".dcrlint.yaml", config)
    write(tmp_path, "a.sh", "echo hi\n")
    r = lint(".")
    assert r.code == 2 and "Traceback" not in r.err
    assert problem in r.err, r.err


def test_options_in_pyproject_are_validated_alike(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[tool.dcrlint.registries]\nreport-unknown = 'no'\n")
    write(tmp_path, "a.sh", "echo hi\n")
    r = lint(".")
    assert r.code == 2 and "registries.report-unknown: expected true or false, got 'no'" in r.err


def test_configured_options_are_typed_and_the_rest_take_their_defaults() -> None:
    from dcrlint.checks.dcr014_persisted_registry_login import SHELL_EXECUTOR_TAGS
    from dcrlint.checks.dcr020_missing_image_pull_secrets import PRIVATE_REGISTRIES, REPORT_UNKNOWN
    from dcrlint.checks.dcr040_stale_credential import MAX_AGE_DAYS
    from dcrlint.config import DEFAULT_NAMESPACE

    s = parse({"shell-executor-tags": "shell", "registries": {"private": ["dcr[.]example[.]com"]},
               "kubernetes": {"default-namespace": "apps", "unresolved-without-secrets": True}}, "x.yaml")
    assert SHELL_EXECUTOR_TAGS.of(s) == ("shell",)
    assert PRIVATE_REGISTRIES.of(s) == ("dcr[.]example[.]com",)
    assert REPORT_UNKNOWN.of(s) is False and MAX_AGE_DAYS.of(s) == 90
    assert DEFAULT_NAMESPACE.of(s) == "apps" == s.default_namespace
    assert s.options == {"shell-executor-tags": ("shell",), "registries.private": ("dcr[.]example[.]com",),
                         "kubernetes.unresolved-without-secrets": True}
    assert MAX_AGE_DAYS.of(Settings().with_options(**{"max-credential-age-days": 30})) == 30


def test_every_declared_default_is_of_its_type() -> None:
    for key, option in {o.key: o for opts in rule_options().values() for o in opts}.items():
        if option.field:  # a setting of the whole scan: its parser adds to a built-in default
            continue
        raw = list(option.default) if isinstance(option.default, tuple) else option.default
        assert option.parse(raw) == option.default, key
        assert option.doc.strip() and option.type.name, key


@pytest.mark.parametrize(("config", "imported"), [
    ({"fail-on": "error", "kubernetes": {"default-namespace": "a"}, "test-fixtures": {"level": "note"}}, []),
    ({"shell-executor-tags": ["shell"]}, ["dcr014_persisted_registry_login"]),
    ({"registries": {"private": ["x"]}, "kubernetes": {"unresolved-without-secrets": True}},
     ["dcr020_missing_image_pull_secrets", "dcr021_unresolved_image_pull_secret"]),
])
def test_loading_a_configuration_imports_only_the_modules_of_the_options_it_sets(
        config: dict[str, Any], imported: list[str]) -> None:
    """Start-up: settings of the whole scan import no check module; a rule's option imports
    the module declaring it, no other."""
    code = (f"import sys; from dcrlint.config import parse; parse({config!r}, 'x'); "
            "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('dcrlint.checks.dcr')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == repr(imported)


def test_rule_pages_list_each_option_with_type_and_default() -> None:
    for rid, options in rule_options().items():
        page = (ROOT / "docs" / "rules" / f"{rid}.md").read_text()
        for o in options:
            row = next((line for line in page.splitlines() if line.startswith(f"| [`{o.key}`]")), None)
            assert row is not None, (rid, o.key)
            assert o.type.name in row and o.default_text.replace("|", "\\|") in row, row


def test_a_parse_error_names_the_key_not_a_traceback() -> None:
    with pytest.raises(ConfigError, match=r"^x.yaml: unknown key 'no-such-option'$"):
        parse({"no-such-option": 1}, "x.yaml")


def test_rule_options_are_part_of_the_result_cache_key() -> None:
    """Results cached under one rule option are not reused under another."""
    import datetime as dt

    from dcrlint.cache import run_key

    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    keys = {run_key(s, ["DCR051"], {}) for s in (
        Settings(now=now), Settings(now=now).with_options(**{"high-entropy": True}),
        Settings(now=now).with_options(**{"registries.private": ("dcr[.]example[.]com",)}))}
    assert len(keys) == 3
