"""DCR030: inline credentials in docker config files, and the shared decoder."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from conftest import brief, engine_scan, write

from dcrlint.classify import FileKind, classify
from dcrlint.dockerauth import DockerConfigError, decode_base64, parse_docker_config

AUTH = base64.b64encode(b"ci-bot:Dcr-s3cret-2024").decode()


def test_parse_positions_and_user() -> None:
    text = '{\n  "auths": {\n    "dcr.example.com": {"auth": "%s"}\n  },\n  "credsStore": "pass"\n}' % AUTH
    cfg = parse_docker_config(text)
    (e,) = cfg.entries
    assert (e.registry, e.kind, e.user, e.password) == ("dcr.example.com", "auth", "ci-bot", "Dcr-s3cret-2024")
    assert text[e.key_span.start : e.key_span.end] == "auth"
    assert text[e.value_span.start : e.value_span.end] == AUTH
    assert text[e.registry_span.start : e.registry_span.end] == "dcr.example.com"
    assert cfg.creds_store == "pass" and cfg.helper_for("https://dcr.example.com/v1/") == "pass"


def test_parse_escapes_and_legacy() -> None:
    text = '{"https://old.example.com/v1/": {"auth": "%s", "email": "a@b"}}' % AUTH
    cfg = parse_docker_config(text)
    assert cfg.legacy and cfg.entries[0].user == "ci-bot"
    cfg = parse_docker_config('{"auths": {"r\\u002eexample.com": {"identitytoken": "t\\"ok"}}}')
    assert cfg.entries[0].registry == "r.example.com" and cfg.entries[0].value == 't"ok'


def test_keys_in_any_case_as_docker_reads_them(lint, tmp_path: Path) -> None:
    """Docker reads config.json with Go's encoding/json, which matches field names ignoring
    case: `Auths`, `Auth`, `IdentityToken`, `Username`, `CredHelpers` are the fields they name,
    and two `auths` in different case merge."""
    text = ('{"Auths": {"a.example.com": {"Auth": "%s"}},\n'
            ' "auths": {"b.example.com": {"Username": "deploy", "PASSWORD": "Pw-8c1f0e2d"}},\n'
            ' "CredHelpers": {"a.example.com": "ecr-login"}}' % AUTH)
    cfg = parse_docker_config(text)
    assert [(e.registry, e.kind, e.user) for e in cfg.entries] == [
        ("a.example.com", "auth", "ci-bot"), ("b.example.com", "password", "deploy")]
    assert cfg.helper_for("a.example.com") == "ecr-login"
    write(tmp_path, "config.json", text + "\n")
    got = lint("--format", "json", ".").table("line", "column", rules=("DCR030",))
    assert got == [(1, 31), (2, 53)]  # each key, as written


@pytest.mark.parametrize("bad", ["", "{", '{"auths": }', "[1, 2", '{"a": "\x01"}', '{"a": 1} x', "[" * 500])
def test_parse_errors_are_value_errors_without_text(bad: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_docker_config(bad)
    assert isinstance(info.value, DockerConfigError)


def test_decode_base64() -> None:
    assert decode_base64(AUTH) == "ci-bot:Dcr-s3cret-2024"
    assert decode_base64(AUTH.rstrip("=")) == "ci-bot:Dcr-s3cret-2024"
    with pytest.raises(DockerConfigError) as info:
        decode_base64("not base64 hunter2!")
    assert "hunter2" not in str(info.value)


def test_inline_auth_reported_at_key(lint, tmp_path: Path) -> None:
    write(tmp_path, ".docker/config.json",
          '{\n  "auths": {\n    "dcr.example.com": {\n      "auth": "%s"\n    }\n  }\n}\n' % AUTH)
    run = lint("--format", "json", ".")
    ((line, col, msg),) = run.table("line", "column", "message", rules=("DCR030",))
    assert (line, col) == (4, 8)
    assert "dcr.example.com" in msg and "ci-bot" in msg
    assert "Dcr-s3cret-2024" not in run.out and AUTH not in run.out


def test_every_secret_kind_and_helper_coverage(lint, tmp_path: Path) -> None:
    write(tmp_path, "config.json", """{
  "auths": {
    "a.example.com": {"identitytoken": "idt-9f8e7d6c5b4a"},
    "b.example.com": {"registrytoken": "rgt-1a2b3c4d5e6f"},
    "c.example.com": {"username": "deploy", "password": "Pw-8c1f0e2d"},
    "d.example.com": {"auth": "%s"},
    "e.example.com": {}
  },
  "credHelpers": {"d.example.com": "ecr-login"}
}
""" % AUTH)
    got = lint("--format", "json", ".").table("line", "column", "message", rules=("DCR030",))
    assert [(ln, c) for ln, c, _ in got] == [(3, 24), (4, 24), (5, 46), (6, 24)]
    assert "deploy" in got[2][2]
    assert "ecr-login" in got[3][2]


def test_helpers_only_and_placeholders_are_clean(lint, tmp_path: Path) -> None:
    write(tmp_path, "config.json", '{"auths": {"x.example.com": {}}, "credsStore": "desktop"}\n')
    placeholder = base64.b64encode(b"user:changeme").decode()
    write(tmp_path, "other/config.json", '{"auths": {"y.example.com": {"auth": "%s"}}}\n' % placeholder)
    write(tmp_path, "third/config.json", '{"auths": {"z.example.com": {"password": "${REG_PASSWORD}"}}}\n')
    # an `auth` that is no base64 of user:password and says what belongs there
    write(tmp_path, "fourth/config.json", '{"auths": {"w.example.com": {"auth": "BASE64_ENCODED_USER_PASS"}}}\n')
    run = lint("--format", "json", ".")
    assert run.table("line", "column", "message", rules=("DCR030",)) == []


SLOTS = """\
{
  "auths": {
    "reg.example.org": {
      "username": "reg.example.org.username",
      "password": "reg.example.org.password",
      "auth": "reg.example.org.auth"
    },
    "two.example.org": {"username": "deploy_user", "password": "deploy_pass"},
    "three.example.org": {"username": "deploy_user", "password": "Rw5-lantern-62-Hgs"},
    "four.example.org": {"username": "deploy", "password": "registry.password"}
  }
}
"""


def test_a_template_whose_slots_are_named_for_what_goes_there(lint, tmp_path: Path) -> None:
    """A docker config whose user and password are each the name of what goes there
    (`reg.example.org.username`, `deploy_pass`) is a template a tool fills in (a chart's
    `replace`), as a URL's `db_user:db_pass@` is; a real password beside a slot-named user, and a
    slot-named password beside a real user, stay reported."""
    write(tmp_path, "charts/app/auth.json", SLOTS)
    assert lint("--format", "json", ".").table("line", "column", rules=("DCR030",)) == [(9, 55), (10, 49)]


def test_an_auth_docker_cannot_decode_is_still_a_secret(lint, tmp_path: Path) -> None:
    """A password written into `auth` as it is (not base64) is committed all the same."""
    write(tmp_path, "config.json", '{"auths": {"w.example.com": {"auth": "Zq8wLm3!Rt7Kx"}}}\n')
    assert lint("--format", "json", ".").table("line", "column", rules=("DCR030",)) == [(1, 31)]


def test_broken_config_is_a_notification(lint, tmp_path: Path) -> None:
    write(tmp_path, "config.json", '{"auths": {"x": {"auth": "%s"}\n' % AUTH)
    run = lint("--format", "json", ".")
    notes = run.json()["notifications"]
    assert any("docker config" in n["message"] for n in notes)
    assert AUTH not in run.out


def test_one_finding_per_secret_with_dcr051(lint, tmp_path: Path) -> None:
    token = "ghp_" + "Dcr4q8Zt3v9LkP2mW7xR4nB6yH1cF5gJ0sDa"
    write(tmp_path, "config.json", '{"auths": {"ghcr.io": {"password": "%s", "username": "me"}}}\n' % token)
    rules = [f["rule"] for f in lint("--format", "json", ".").json()["findings"]]
    assert rules == ["DCR030"]


@pytest.mark.parametrize("key", ["auths", "Auths", "AUTHS", "credHelpers", "CredHelpers", "credhelpers"])
def test_a_docker_config_in_any_case_may_add_to_the_pull_secret_index(key: str) -> None:
    """The pre-commit context's prefilter keeps a docker config whatever the case of its keys
    (Docker reads them ignoring case): its registries are evidence for DCR020."""
    from dcrlint.checks._pull_secret_index import might_add_to_index

    assert might_add_to_index('{"%s": {"r.example.com": {"auth": "%s"}}}' % (key, AUTH))
    assert might_add_to_index('{"\\u00%x%s": {"r.example.com": {"auth": "%s"}}}' % (ord(key[0]), key[1:], AUTH))


# A config file whose keys are JSON-escaped: classified by its keys as a JSON reader reads them.

@pytest.mark.parametrize("head", [
    '{"\\u0061uths": {"r.example.com": {"auth": "eA=="}}}',
    '{"\\u0063redsStore": "pass"}',
    '{"r.example.com": {"\\u0041UTH": "eA=="}}',  # the legacy layout
])
def test_escaped_keys_are_read_as_a_json_reader_reads_them(head: str) -> None:
    assert classify(".docker/config.json", head) is FileKind.DOCKER_CONFIG


@pytest.mark.parametrize("head", ['{"\\\\u0061uths": {}}', '{"name": "\\u0061uths"}', '{"\\u0022auths": {}}'])
def test_escapes_that_spell_no_key_do_not_make_a_docker_config(head: str) -> None:
    assert classify(".docker/config.json", head) is FileKind.OTHER


def test_a_config_file_with_escaped_keys_is_reported(tmp_path: Path) -> None:
    text = '{\n  "\\u0061uths": {\n    "r.example.com": {"\\u0061uth": "%s"}\n  }\n}\n' % AUTH
    results, notes = engine_scan(tmp_path, {".docker/config.json": text}, rules=frozenset({"DCR030"}), dedent=False)
    assert brief(results) == [(".docker/config.json", 3, 24, "DCR030")] and notes == []
