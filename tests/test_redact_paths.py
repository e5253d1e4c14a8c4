"""Redaction masks secrets, never the paths a report names: a weak password that is also part of a
file name must not make the finding point at a file that does not exist. Nor the keys of a JSON,
SARIF or GitLab report (`notifi` of `notifications`)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from dcrlint.cli import main
from dcrlint.redact import Redactor

MANIFEST = """apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  containers:
    - name: db
      image: mysql:8
      env:
        - name: DB_PASSWORD
          value: Kq8vZt2wLm
        - name: NOTE
          value: "debug Kq8vZt2wLm"
"""


def test_scrub_keeps_paths_whole() -> None:
    r = Redactor(["Kq8vZt2wLm"])
    text = "deploy/Kq8vZt2wLm-pod.yaml: password Kq8vZt2wLm"
    assert r.scrub(text, keep=["deploy/Kq8vZt2wLm-pod.yaml"]) == "deploy/Kq8vZt2wLm-pod.yaml: password **********"
    assert r.scrub(text) == "deploy/**********-pod.yaml: password **********"


def test_reports_name_the_real_file(tmp_path: Path, capsys: object) -> None:
    name = "Kq8vZt2wLm-pod.yaml"
    (tmp_path / name).write_text(MANIFEST)
    for fmt in ("json", "sarif"):
        out = tmp_path / f"out.{fmt}"
        main([str(tmp_path / name), "--no-git", "--format", fmt, "-o", str(out), "--fail-on", "never"])
        text = out.read_text()
        data = json.loads(text)
        if fmt == "json":
            paths = {f["path"] for f in data["findings"]}
        else:
            paths = {loc["physicalLocation"]["artifactLocation"]["uri"]
                     for res in data["runs"][0]["results"] for loc in res["locations"]}
        assert paths and all(p.endswith(name) for p in paths), paths
        # the secret itself is still nowhere but in the path
        assert text.replace(name, "").count("Kq8vZt2wLm") == 0


def test_a_document_is_scrubbed_as_its_texts_are() -> None:
    """`scrub_document` reads where the secrets' forms are once, for its JSON keys and for the
    masking: the same text as `scrub` with the keys kept (a JSON document holding a form), or
    as `scrub` alone (no form in it, or not JSON). Forms in values and in a path not kept are
    still masked; a URL's password is a rule text's example there (not masked)."""
    from dcrlint.redact import own_keys

    r = Redactor(["notifi", "Kq8vZt2wLm"])
    doc = json.dumps({"notifications": [{"message": "password notifi", "path": "notifi/Kq8vZt2wLm.sh"}],
                      "help": "https://u:pw12345@h.io", "other": "a/notifi.sh"})
    keep = ("notifi/Kq8vZt2wLm.sh",)
    got = r.scrub_document(doc, keep=keep)
    assert got == r.scrub(doc, urls=False, keep=(*keep, *own_keys(doc)))
    assert '"notifications"' in got and '"password ******"' in got and '"notifi/Kq8vZt2wLm.sh"' in got
    assert '"a/******.sh"' in got and "pw12345" in got
    for text in ("[]", doc.replace("notifi", "x").replace("Kq8vZt2wLm", "y"), "notifications: notifi\n", ""):
        assert r.scrub_document(text, keep=keep) == r.scrub(text, urls=False, keep=keep)
    assert Redactor([]).scrub_document(doc) == doc


SETTINGS_WITH_WEAK_PASSWORDS = """\
rabbit = https://bob:notifi@mq.example.org:15672/api
other = https://ann:ocation@db.example.org/x
"""


def _keys(doc: object) -> set[str]:
    if isinstance(doc, dict):
        return set(doc) | {k for v in doc.values() for k in _keys(v)}
    if isinstance(doc, list):
        return {k for v in doc for k in _keys(v)}
    return set()


def _values(doc: object) -> list[object]:
    if isinstance(doc, dict):
        return [x for v in doc.values() for x in _values(v)]
    if isinstance(doc, list):
        return [x for v in doc for x in _values(v)]
    return [doc]


@pytest.mark.parametrize(("fmt", "keys"), [
    ("json", {"notifications", "findings"}), ("sarif", {"physicalLocation", "artifactLocation", "locations"}),
    ("gitlab", {"location", "check_name"}),
])
def test_a_weak_password_never_masks_a_json_reports_keys(lint: Any, fmt: str, keys: set[str]) -> None:
    """The last scrub of a report masks every form of every secret in its text; a password that
    is part of a word dcrlint writes (`notifi` of `notifications`, `ocation` of `locations`) turned
    the JSON, SARIF and GitLab reports' keys into keys no reader knows (`"******cations"`). A JSON
    document's keys are dcrlint's own names: kept whole, on standard output, in a report file and
    a baseline. The passwords are still nowhere else in the output."""
    import json

    lint.write("app.conf", SETTINGS_WITH_WEAK_PASSWORDS)
    out = lint("--format", fmt, "--fail-on", "never", ".")
    lint("--format", fmt, "--fail-on", "never", "-o", "report.out", "--write-baseline", "base.json", ".")
    for text in (out.out, (lint.root / "report.out").read_text()):
        doc = json.loads(text)
        assert keys <= _keys(doc) and not any("*" in k for k in _keys(doc))
        values = json.dumps([v for v in _values(doc)])
        # (inside a longer word, `notifications` in a rule's text, a short password is left:
        # masking it there would spell it out, see redact._WORD_SECRET)
        assert not re.search(r"(?<![A-Za-z0-9])(?:notifi|ocation)(?![A-Za-z0-9])", values)
    baseline = json.loads((lint.root / "base.json").read_text())
    assert "findings" in baseline and len(baseline["findings"]) == 2
    assert lint("--baseline", "base.json", "--format", fmt, "--fail-on", "warning", ".").code == 0


def test_own_keys_are_the_documents_object_keys() -> None:
    """A JSON document's object keys: a quoted name before `:`, not a quote escaped in a value."""
    from dcrlint.redact import own_keys

    doc = '{"rule": "DCR001", "message": "say \\"level\\": high", "a.b": {"$k": 1}, "x" : 2, "v": "y"}'
    assert own_keys(doc) == {'"rule"', '"message"', '"a.b"', '"$k"', '"x"', '"v"'}
