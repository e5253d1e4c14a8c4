"""DCR051: known secret formats through detect-secrets, once per secret, lazily imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write

GH = "ghp_" + "Dcr4q8Zt3v9LkP2mW7xR4nB6yH1cF5gJ0sDaQw"
AWS = "AKIA" + "DCRQ4T7Q2LMNV3ZB"
PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----"


def test_shell_and_yaml_positions(lint, tmp_path: Path) -> None:
    write(tmp_path, "deploy.sh", f'#!/bin/sh\nexport AWS_ACCESS_KEY_ID={AWS}\ncurl -H "Authorization: token {GH}" x\n')
    write(tmp_path, "values.yaml", f"app:\n  notes: |\n    use {GH} here\n")
    run = lint("--format", "json", ".")
    got = run.table("rule", "line", "column", rules=("DCR051",))
    assert got == [("DCR051", 2, 26), ("DCR051", 3, 31), ("DCR051", 3, 9)]
    assert GH not in run.out and AWS not in run.out
    msgs = run.table("message")
    assert "AWS_ACCESS_KEY_ID" in msgs[0] and "GitHub" in msgs[1]


def test_private_key_jwt_and_jenkins(lint, tmp_path: Path) -> None:
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkY3IifQ.c2lnbmF0dXJl"
    block = PEM.replace("\n", "\n    ")
    write(tmp_path, "k.yaml", f"key: |\n    {block}\nbearer: {jwt}\n")
    write(tmp_path, "Jenkinsfile", f"pipeline {{ environment {{ X = '{GH}' }} }}\n")
    got = [(r, p) for r, *_, p in [(f["rule"], f["path"]) for f in lint("--format", "json", ".").json()["findings"]]]
    assert ("DCR051", "k.yaml") in got and ("DCR051", "Jenkinsfile") in got
    assert sum(1 for r, p in got if p == "k.yaml" and r == "DCR051") == 2


def test_placeholders_and_variables_are_clean(lint, tmp_path: Path) -> None:
    write(tmp_path, "a.sh", '#!/bin/sh\necho "$GITHUB_TOKEN" AKIAXXXXXXXXXXXXXXXX\n')
    write(tmp_path, "b.yaml", "token: ${{ secrets.GH }}\nkey: AKIAIOSFODNN7EXAMPLE\n")
    assert lint("--format", "json", ".").table("rule", rules=("DCR051",)) == []


def test_high_entropy_off_by_default(lint, tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", 'blob: "q8Zt3v9LkP2mW7xR4nB6yH1cF5gJ0sDa"\n')
    assert lint("--format", "json", ".").table("rule", rules=("DCR051",)) == []
    write(tmp_path, ".dcrlint.yaml", "high-entropy: true\n")
    assert lint("--format", "json", ".").table("rule", rules=("DCR051",)) == ["DCR051"]


def test_high_entropy_adds_to_the_known_formats(lint, tmp_path: Path) -> None:
    """Turning the entropy detectors on never loses a known-format finding: a Slack token
    shorter than their 20 characters is reported in both modes, at the same place."""
    write(tmp_path, "a.yaml", "notify:\n  slack: xoxb-12-3456-abc\n")
    default = lint("--format", "json", ".").table("rule", "line", "column")
    write(tmp_path, ".dcrlint.yaml", "high-entropy: true\n")
    assert default == [("DCR051", 2, 10)]
    assert lint("--format", "json", ".").table("rule", "line", "column") == default


def test_more_specific_rule_wins(lint, tmp_path: Path) -> None:
    write(tmp_path, "login.sh", f"#!/bin/sh\ndocker login ghcr.io -u me -p {GH}\n")
    rules = lint("--format", "json", ".").table("rule")
    assert "DCR051" not in rules


def test_clean_scan_does_not_import_detect_secrets(tmp_path: Path) -> None:
    write(tmp_path, "a.sh", "#!/bin/sh\necho hello\n")
    write(tmp_path, "w.yaml", "on: push\nkey: value\n")
    write(tmp_path, "config.json", '{"credsStore": "desktop"}\n')
    code = ("import sys\nfrom dcrlint.cli import main\n"
            f"main(['--no-git', '--jobs', '1', {str(tmp_path)!r}])\n"
            "sys.stdout.flush()\n"
            "print('IMPORTED' if any(m.startswith('detect_secrets') for m in sys.modules) else 'CLEAN')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(Path(__file__).parent.parent))
    assert out.stdout.strip().endswith("CLEAN"), out.stdout + out.stderr


def test_slack_token_in_any_case_alone_in_its_file(lint, tmp_path: Path) -> None:
    """The whole-file test that skips files holds for every case the detector matches."""
    token = "Xoxb-" + "20581943-9k3jq7zt2mw8q"
    write(tmp_path, "notify.yaml", f'env:\n  NOTIFY: "{token}"\n')
    run = lint("--format", "json", ".")
    assert run.table("rule", "line", "column", rules=("DCR051",)) == [("DCR051", 2, 12)]
    assert token not in run.out


# --------------------------------------------------------------------------- a value given a name

AWS_SECRET = "Qm7vT2xK9pLw4RzN8cY1/hB5dF3jG6s+aE0uWnHo"  # 40 characters, shaped like an AWS secret key


@pytest.mark.parametrize(("path", "text"), [
    ("deploy.sh", "export AWS_SECRET_ACCESS_KEY=$AWS_SECRET\n"),  # a variable
    ("deploy.sh", 'export AWS_SECRET_ACCESS_KEY="${AWS_SECRET}"\n'),
    ("deploy.sh", "AWS_SECRET_ACCESS_KEY='<your-secret-access-key>' aws s3 ls\n"),  # a placeholder
    ("deploy.sh", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"),  # AWS's documentation key
    ("deploy.sh", f"AWS_SECRET_ACCESS_KEY={AWS_SECRET}x\n"),  # 41 characters: no such key
    ("deploy.sh", f"AWS_ROLE_ARN={AWS_SECRET}\n"),  # no key word in the name
    ("deploy.sh", f"SECRET_ACCESS_KEY={AWS_SECRET}\n"),  # no `aws` in the name
    ("deploy.sh", f"# AWS_SECRET_ACCESS_KEY\nX={AWS_SECRET}\n"),  # another line's name
    (".env", "AWS_SECRET_ACCESS_KEY=\n"),
    # 40 characters of one case: a digest, a key fingerprint, a path (a secret key has both cases)
    ("Dockerfile", "FROM alpine\nENV AWS_CLI_GPG_KEY=9C41E07BD2A58F63B7C02E94D61AF58B3E07C2D4\n"),
    ("Dockerfile", "FROM alpine\nARG AWS_TOOL_KEY_SHA1=5e0c7a31f9b24d86c0e17a3b92f4d8605ab1c37e\n"),
    ("deploy.sh", "AWS_S3_KEY_PREFIX=builds/nightly/linux/amd64/tool/artifact\n"),
    ("deploy.sh", 'aws_object_key="reports/2024/q1/summary/final/v2/reports"\n'),
    (".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                                 "      - run: make\n        env:\n"
                                 "          AWS_KEY_FINGERPRINT: 9C41E07BD2A58F63B7C02E94D61AF58B3E07C2D4\n"),
    (".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                                 "      - run: export AWS_SECRET_ACCESS_KEY=${{ secrets.AWS }}\n"),
])
def test_named_values_that_are_no_secret(lint, path: str, text: str) -> None:
    assert lint.scan(path, text, "--fail-on", "never", "--select", "DCR051").where() == []


@pytest.mark.usefixtures("gating")
@pytest.mark.parametrize(("path", "text"), [
    ("deploy.sh", f"export AWS_SECRET_ACCESS_KEY={AWS_SECRET}\n"),
    (".env", f"aws_secret_access_key = {AWS_SECRET}\n"),
    ("Dockerfile", f"FROM alpine\nENV AWS_SECRET_ACCESS_KEY {AWS_SECRET}\n"),
    ("config.yaml", f"aws:\n  aws_secret_key:\n    {AWS_SECRET}\n"),
    ("deploy.sh", f"AWS_S3_KEY={AWS_SECRET.replace('/', 'x')}\n"),  # both cases, no slash: still a key
])
def test_the_gate_holds_on_a_named_value(lint, path: str, text: str) -> None:
    # (DCR051 alone: in an env file DCR023 reports the key first, by precedence)
    assert [w[0] for w in lint.scan(path, text, "--fail-on", "never", "--select", "DCR051").where()] == ["DCR051"]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_a_named_aws_secret_is_never_printed(lint, tmp_path: Path, fmt: str) -> None:
    write(tmp_path, "deploy.sh", f"#!/bin/sh\nexport AWS_SECRET_ACCESS_KEY={AWS_SECRET}\necho done\n")
    run = lint("--format", fmt, "--fail-on", "never", ".")
    assert "DCR051" in run.out
    for part in (AWS_SECRET, AWS_SECRET[:20], AWS_SECRET[20:]):
        assert part not in run.printed
