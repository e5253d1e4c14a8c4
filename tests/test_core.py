"""Engine, CLI, configuration, suppressions and baseline, exercised through real rules."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import write

SECRET = "Zq7rT9mW2xKp"
URL_LINE = f"helm repo add charts https://ci:{SECRET}@charts.example.com/stable\n"


def test_finding_position_and_exit_code(lint, tmp_path: Path) -> None:
    write(tmp_path, "deploy.sh", "#!/bin/sh\nset -e\n" + URL_LINE)
    r = lint("--format", "json")
    assert r.code == 1
    (f,) = [f for f in r.json()["findings"] if f["rule"] == "DCR050"]
    assert (f["path"], f["start"], f["end"]) == ("deploy.sh", {"line": 3, "column": 33}, {"line": 3, "column": 45})


def test_fail_on_and_select(lint, tmp_path: Path) -> None:
    write(tmp_path, "deploy.sh", URL_LINE)
    assert lint("--fail-on", "never").code == 0
    assert lint("--select", "DCR001").code == 0
    assert lint("--select", "credentials-in-url").code == 1
    assert lint("--ignore", "DCR050").code == 0


def test_unknown_rule_is_usage_error(lint, tmp_path: Path) -> None:
    r = lint("--select", "DCR999")
    assert r.code == 2 and "unknown rule 'DCR999'" in r.err


def test_config_unknown_key_and_bad_value(lint, tmp_path: Path) -> None:
    write(tmp_path, ".dcrlint.yaml", "selct: [DCR001]\n")
    r = lint()
    assert r.code == 2 and "unknown key 'selct'" in r.err
    write(tmp_path, ".dcrlint.yaml", "fail-on: sometimes\n")
    r = lint()
    assert r.code == 2 and "fail-on" in r.err


def test_config_from_pyproject_and_ignores(lint, tmp_path: Path) -> None:
    write(tmp_path, "a/deploy.sh", URL_LINE)
    write(tmp_path, "b/deploy.sh", URL_LINE)
    write(tmp_path, "pyproject.toml", '[tool.dcrlint]\nignores = { DCR050 = ["a/*"] }\n')
    r = lint("--format", "json")
    assert [f["path"] for f in r.json()["findings"]] == ["b/deploy.sh"]
    write(tmp_path, "pyproject.toml", '[tool.dcrlint]\nignores = { credentials-in-url = ["b/deploy.sh:1"] }\n')
    assert [f["path"] for f in lint("--format", "json").json()["findings"]] == ["a/deploy.sh"]


def test_inline_suppression_by_id_and_name(lint, tmp_path: Path) -> None:
    write(tmp_path, "a.sh", URL_LINE.rstrip() + "  # dcrlint: ignore[DCR050] test fixture\n")
    write(tmp_path, "b.sh", "# dcrlint: ignore[credentials-in-url] test fixture\n" + URL_LINE)
    r = lint("--format", "json")
    assert r.json()["findings"] == [] and r.json()["summary"]["suppressed"] == 2
    assert lint("--no-ignores").code == 1


def test_suppression_expiry_reason_and_unused(lint, tmp_path: Path) -> None:
    write(tmp_path, "a.sh", URL_LINE.rstrip() + "  # dcrlint: ignore[DCR050, exp:2026-01-31] until migration\n")
    r = lint("--format", "json", "--now", "2026-02-01")
    rules = sorted(f["rule"] for f in r.json()["findings"])
    assert rules == ["DCR050", "DCR902"]
    assert lint("--format", "json", "--now", "2026-01-30").json()["findings"] == []
    write(tmp_path, "a.sh", URL_LINE.rstrip() + "  # dcrlint: ignore[DCR050]\n# dcrlint: ignore[DCR001] nothing here\n")
    r = lint("--format", "json", "--require-reasons", "--report-unused-ignores", "--now", "2026-01-01")
    assert sorted((f["rule"], f["start"]["line"]) for f in r.json()["findings"]) == [("DCR900", 2), ("DCR901", 1)]


def test_bare_ignore_is_refused(lint, tmp_path: Path) -> None:
    write(tmp_path, "a.sh", URL_LINE.rstrip() + "  # dcrlint: ignore\n")
    rules = sorted(f["rule"] for f in lint("--format", "json").json()["findings"])
    assert rules == ["DCR050", "DCR902"]


def test_baseline_roundtrip_survives_moved_lines(lint, tmp_path: Path) -> None:
    write(tmp_path, "a.sh", URL_LINE)
    assert lint("--write-baseline", "baseline.json").code == 0
    text = (tmp_path / "baseline.json").read_text()
    assert SECRET not in text and '"line"' not in text
    write(tmp_path, "a.sh", "#!/bin/sh\n\n# comment\n" + URL_LINE)
    r = lint("--baseline", "baseline.json", "--format", "json")
    assert r.code == 0 and r.json()["findings"] == []
    write(tmp_path, "a.sh", "#!/bin/sh\n" + URL_LINE + URL_LINE.replace("charts.", "other."))
    r = lint("--baseline", "baseline.json", "--format", "sarif")
    (res,) = r.json()["runs"][0]["results"]
    assert res["baselineState"] == "new"
    lint("--write-baseline", "again.json")
    lint("--write-baseline", "again2.json")
    assert (tmp_path / "again.json").read_bytes() == (tmp_path / "again2.json").read_bytes()


def test_deterministic_output(lint, tmp_path: Path) -> None:
    for i in range(5):
        write(tmp_path, f"d{i}/x.sh", URL_LINE * 2)
    outs = {lint("--format", fmt).out for fmt in ("sarif",) for _ in range(2)}
    assert len(outs) == 1


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "gitlab"])
def test_no_secret_in_any_output(lint, tmp_path: Path, fmt: str) -> None:
    write(tmp_path, "a.sh", URL_LINE)
    r = lint("--format", fmt, "--color", "always", "--sarif", "out.sarif", "--write-baseline", "b.json")
    assert SECRET not in r.out + r.err
    assert SECRET not in (tmp_path / "out.sarif").read_text() + (tmp_path / "b.json").read_text()


def test_robustness_every_bad_input(lint, tmp_path: Path) -> None:
    write(tmp_path, "ok.sh", URL_LINE)
    write(tmp_path, "broken/.gitlab-ci.yml", "job: [unclosed\n")
    write(tmp_path, "chart/templates/deploy.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {{ .Values.x\n")
    (tmp_path / "bin.sh").write_bytes(b"#!/bin/sh\n\x00\x01binary")
    (tmp_path / "latin1.sh").write_bytes(b"#!/bin/sh\necho caf\xe9\n")
    write(tmp_path, "huge.sh", "#" * 3_000_001)
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    write(tmp_path, ".github/workflows/bomb.yml", bomb)
    write(tmp_path, "deep/.gitlab-ci.yml", "a: " + "[" * 5000 + "]" * 5000 + "\n")
    os.symlink(tmp_path / "missing.sh", tmp_path / "dangling.sh")
    os.symlink(tmp_path, tmp_path / "loop")
    unreadable = write(tmp_path, "secret.sh", "echo\n")
    unreadable.chmod(0)
    r = lint("--format", "json", "--strict")
    assert "Traceback" not in r.err
    data = r.json()
    assert [f["path"] for f in data["findings"] if f["rule"] == "DCR050"] == ["ok.sh"]
    notes: dict[str, str] = {}
    for n in data["notifications"]:
        notes[n["path"]] = notes.get(n["path"], "") + n["message"] + "; "
    assert "bin.sh" not in notes  # not text: counted, not a notification each
    assert data["summary"]["binary_skipped"] == 1
    assert "UTF-8" in notes["latin1.sh"]
    assert "larger than" in notes["huge.sh"]
    assert "broken/.gitlab-ci.yml" in notes
    assert "template" in notes["chart/templates/deploy.yaml"].lower()
    assert "dangling.sh" in notes
    if os.geteuid() != 0:
        assert "cannot read" in notes["secret.sh"]
    assert r.code == 1


def test_git_listing_respects_gitignore_and_explicit_files(lint, tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q"], check=True)
    write(tmp_path, ".gitignore", "ignored/\n")
    write(tmp_path, "ignored/a.sh", URL_LINE)
    write(tmp_path, "tracked.sh", URL_LINE)
    write(tmp_path, "vendor/b.sh", URL_LINE)
    out = tmp_path / "r.json"
    lint("--format", "json", "-o", str(out), "--exclude", "vendor", git=True, jobs=None)
    assert [f["path"] for f in json.loads(out.read_text())["findings"]] == ["tracked.sh"]
    lint("--format", "json", "-o", str(out), "--exclude", "vendor", "ignored/a.sh", "vendor/b.sh", git=True, jobs=None)
    assert {f["path"] for f in json.loads(out.read_text())["findings"]} == {"ignored/a.sh", "vendor/b.sh"}


def test_rules_and_explain(lint) -> None:
    r = lint("rules")
    assert "DCR001  password-on-command-line" in r.out
    r = lint("explain", "password-on-command-line")
    assert r.code == 0 and "--password-stdin" in r.out
    assert lint("explain", "DCR777").code == 2


def test_groovy_comment_suppression(lint, tmp_path: Path) -> None:
    jenkinsfile = (
        "pipeline {\n  agent any\n  environment { DCR = credentials('dcr') }\n  stages { stage('x') { steps {\n"
        "    // dcrlint: ignore[groovy-secret-interpolation] throwaway test registry\n"
        '    sh "echo ${DCR_PSW} | docker login -u ci --password-stdin r.example.com"\n'
        '    sh "echo ${DCR_PSW} | docker login -u ci --password-stdin r.example.com"\n'
        "  } } }\n}\n"
    )
    write(tmp_path, "Jenkinsfile", jenkinsfile)
    data = lint("--format", "json", "Jenkinsfile").json()
    assert [(f["rule"], f["start"]["line"]) for f in data["findings"]] == [("DCR012", 7)]
    assert data["summary"]["suppressed"] == 1


def test_output_dash_is_standard_output(lint) -> None:
    lint.write("deploy.sh", 'docker login -u ci -p "$REGISTRY_PASSWORD" registry.example.com\n')
    run = lint("deploy.sh", "--format", "json", "-o", "-")
    assert run.code == 1 and [f["rule"] for f in run.json()["findings"]] == ["DCR001"]
    assert not (lint.root / "-").exists()
