"""DCR040 and DCR041: JWT dates, rotation/expiry annotations, git history."""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import Lint, git, write

from dcrlint import jwt
from dcrlint.gitdates import parse_porcelain


def make_jwt(**claims: object) -> str:
    def part(d: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(d).encode()).decode().rstrip("=")

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(dict(claims))}.c2lnbmF0dXJlLXg"


NOW = "2024-06-01"
T0 = int(dt.datetime(2024, 6, 1, tzinfo=dt.UTC).timestamp())


def test_jwt_decode() -> None:
    tok = jwt.decode(make_jwt(iat=T0, exp=T0 + 60, iss="dcr"))
    assert tok is not None and tok.issuer == "dcr"
    assert tok.expires_at == dt.datetime(2024, 6, 1, 0, 1, tzinfo=dt.UTC)
    assert jwt.decode("eyJhbGciOi.not.json") is None
    assert next(iter(jwt.find("x " + make_jwt(exp=1) + " y")))[0] == 2


def test_expired_jwt_in_docker_config_is_dcr030_and_dcr041(lint, tmp_path: Path) -> None:
    token = make_jwt(exp=T0 - 86400, iat=T0 - 2 * 86400)
    write(tmp_path, "config.json", '{\n  "auths": {\n    "r.example.com": {\n      "identitytoken": "%s"\n    }\n  }\n}\n' % token)
    run = lint("--now", NOW, "--format", "json", ".")
    got = run.table("rule", "line", "column", "message", rules=("DCR030", "DCR041", "DCR051",))
    assert [(r, ln) for r, ln, _, _ in got] == [("DCR030", 4), ("DCR041", 4)]
    assert "2024-05-31" in got[1][3]
    assert token not in run.out


def test_old_iat_is_dcr040_and_fresh_token_is_clean(lint, tmp_path: Path) -> None:
    old = make_jwt(iat=T0 - 200 * 86400, exp=T0 + 86400)
    fresh = make_jwt(iat=T0 - 86400, exp=T0 + 86400)
    write(tmp_path, "deploy.sh", f"#!/bin/sh\nOLD_TOKEN={old}\nNEW_TOKEN={fresh}\n")
    run = lint("--now", NOW, "--format", "json", ".")
    got = run.table("rule", "line", "column", "message", rules=("DCR040", "DCR041", "DCR051",))
    # The token has a presence finding: its age goes into it, not into a second result.
    assert [(r, ln, c) for r, ln, c, _ in got] == [("DCR051", 2, 11), ("DCR051", 3, 11)]
    assert "issued on" in got[0][3] and "200 days ago" in got[0][3] and "issued" not in got[1][3]
    props = [f.get("properties") for f in run.json()["findings"] if f["rule"] == "DCR051"]
    assert props == [{"issued": "2023-11-14", "age-days": 200}, None]
    # Without a presence finding at the place (DCR051 not run), the age stands alone.
    got = lint("--now", NOW, "--format", "json", "--ignore", "DCR051", ".").table("rule", "line", "column", "message", rules=("DCR040", "DCR041"))
    assert [(r, ln, c) for r, ln, c, _ in got] == [("DCR040", 2, 11)]
    assert "200 days" in got[0][3] and "OLD_TOKEN" in got[0][3]


def test_documentation_sample_tokens_are_no_credentials(lint, tmp_path: Path) -> None:
    """Sample claims (a subject of digits in counting order, the placeholder person) make an
    example token: no presence, no age, no expiry; a token of other claims stays reported."""
    samples = [make_jwt(sub="1234567890", name="Jane Doe", iat=T0 - 900 * 86400),
               make_jwt(sub="0123456789", iat=T0 - 900 * 86400, exp=T0 - 86400),
               make_jwt(sub="u-48213", name="john doe", exp=T0 - 86400)]
    real = make_jwt(sub="u-48213", name="Ola Berg", iat=T0 - 900 * 86400)
    write(tmp_path, "values.yaml", "".join(f"t{i}: {t}\n" for i, t in enumerate([*samples, real])))
    run = lint("--now", NOW, "--format", "json", ".")
    assert run.table("rule", "line", rules=("DCR040", "DCR041", "DCR051")) == [("DCR051", 4)]
    sample, other = jwt.decode(samples[0]), jwt.decode(real)
    assert sample is not None and sample.example and other is not None and not other.example


def test_max_age_is_configurable(lint, tmp_path: Path) -> None:
    write(tmp_path, ".dcrlint.yaml", "max-credential-age-days: 7\n")
    write(tmp_path, "deploy.sh", f"#!/bin/sh\nT={make_jwt(iat=T0 - 10 * 86400)}\n")
    assert lint("--now", NOW, "--format", "json", "--select", "DCR040", ".").table("rule", rules=("DCR040",)) \
        == ["DCR040"]


SECRET = """apiVersion: v1
kind: Secret
metadata:
  name: dcr-pull
  annotations:
    dcrlint.io/rotated-at: "{rot}"
    dcrlint.io/expires-at: {exp}
type: Opaque
stringData:
  token: "$(DCR_TOKEN)"
"""


def test_annotations(lint, tmp_path: Path) -> None:
    write(tmp_path, "k8s/old.yaml", SECRET.format(rot="2023-01-15", exp="2024-05-01T12:00:00Z"))
    write(tmp_path, "k8s/new.yaml", SECRET.format(rot="2024-05-01", exp="2025-01-01"))
    write(tmp_path, "k8s/bad.yaml", SECRET.format(rot="last tuesday", exp="2025-01-01"))
    run = lint("--now", NOW, "--format", "json", ".")
    got = run.table("rule", "line", "column", "message", rules=("DCR040", "DCR041",))
    assert [(r, ln, c) for r, ln, c, _ in got] == [("DCR040", 6, 28), ("DCR041", 7, 28)]
    assert "Secret dcr-pull" in got[0][3]
    notes = [n for n in run.json()["notifications"] if n["path"].endswith("bad.yaml")]
    assert notes and "ISO 8601" in notes[0]["message"]


def test_custom_annotation_keys(lint, tmp_path: Path) -> None:
    write(tmp_path, ".dcrlint.yaml", "rotation-annotations: [example.com/rotated]\n")
    write(tmp_path, "s.yaml", SECRET.replace("dcrlint.io/rotated-at", "example.com/rotated")
          .format(rot="2020-01-01", exp="2030-01-01"))
    assert lint("--now", NOW, "--format", "json", ".").table("rule", rules=("DCR040",)) == ["DCR040"]


def test_annotation_key_spelled_with_an_escape(lint, tmp_path: Path) -> None:
    # The annotation walk is skipped when no key is written as is; a key spelled with a YAML
    # escape (\x2D for `-`) is still read as the key, so that file is walked.
    escaped = SECRET.replace("dcrlint.io/rotated-at:", '"dcrlint.io/rotated\\x2Dat":')
    assert '\\x2Dat"' in escaped
    write(tmp_path, "s.yaml", escaped.format(rot="2020-01-01", exp="2030-01-01"))
    assert lint("--now", NOW, "--format", "json", ".").table("rule", rules=("DCR040",)) == ["DCR040"]


def test_parse_porcelain() -> None:
    out = ("a" * 40 + " 3 7 1\nauthor x\nauthor-time 1600000000\n\tline\n"
           + "0" * 40 + " 1 8 1\nauthor-time 1700000000\n\tnew\n")
    assert parse_porcelain(out) == {7: dt.datetime.fromtimestamp(1600000000, dt.UTC)}


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_history(lint: Lint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    auth = base64.b64encode(b"ci:Old-Secret-1").decode()
    auth2 = base64.b64encode(b"ci:New-Secret-2").decode()
    git(tmp_path, "init", "-q")
    write(tmp_path, "config.json", '{"auths": {\n"a.example.com": {"auth": "%s"},\n"b.example.com": {"auth": "%s"}\n}}\n' % (auth, auth))
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "old", date="2023-01-01T00:00:00Z")
    write(tmp_path, "config.json", '{"auths": {\n"a.example.com": {"auth": "%s"},\n"b.example.com": {"auth": "%s"}\n}}\n' % (auth, auth2))
    git(tmp_path, "commit", "-qam", "rotate b", date="2024-05-20T00:00:00Z")
    write(tmp_path, "clean.sh", "#!/bin/sh\necho hello\n")
    monkeypatch.chdir(tmp_path)
    calls: list[list[str]] = []
    real_run = subprocess.run

    def spy(cmd, *a, **kw):  # type: ignore[no-untyped-def]
        if isinstance(cmd, list) and "blame" in cmd:
            calls.append(cmd)
        return real_run(cmd, *a, **kw)

    monkeypatch.setattr(subprocess, "run", spy)
    findings = lint("--now", NOW, "--format", "json", ".", git=True).findings
    # The git age goes into the presence finding (message and properties), not a DCR040.
    assert [f for f in findings if f["rule"] == "DCR040"] == []
    dated = [(f["start"]["line"], f["message"], f.get("properties")) for f in findings if f["rule"] == "DCR030"]
    assert [(ln, p) for ln, _, p in dated] == [(2, {"committed": "2023-01-01", "age-days": 517}), (3, None)]
    assert "committed on 2023-01-01" in dated[0][1]
    assert len(calls) == 1  # one blame for the file with findings, none for clean.sh
    stale = lint("--now", NOW, "--format", "json", "--select", "DCR040", ".", git=True).table("line", "message")
    assert [ln for ln, _ in stale] == [2]  # no presence finding reported: the age stands alone
    assert "2023-01-01" in stale[0][1] and "DCR030" in stale[0][1]
    assert not lint("--now", NOW, "--format", "json", ".").table("rule", rules=("DCR040",))
