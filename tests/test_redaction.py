"""No found secret in any output: the redaction choke point and each place a secret escaped."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from conftest import write

from dcrlint.redact import Redactor, is_reference


def test_forms_cover_encodings() -> None:
    secret = 'Pq9"w/x+é'
    red = Redactor([secret])
    for text in (secret, json.dumps(secret), json.dumps(secret, ensure_ascii=False),
                 "https://h/?p=" + "Pq9%22w%2Fx%2B%C3%A9",
                 base64.b64encode(f"user:{secret}".encode()).decode(),
                 base64.b64encode(f"us:{secret}".encode()).decode(),
                 base64.b64encode(f"u:{secret}".encode()).decode()):
        assert red.leaks(red.scrub(text)) == [], text
        assert red.leaks(text) == [secret], text


def test_scrub_keeps_length_and_masks_url_passwords() -> None:
    red = Redactor(["Hx7pQ2vLm9Kw"])
    assert red.scrub("a Hx7pQ2vLm9Kw b") == "a ************ b"
    assert red.scrub("https://oauth2:glpat-abcdefgh@gitlab.example.com/x") == (
        "https://oauth2:**************@gitlab.example.com/x")
    assert red.scrub("https://u:pa@ss@h.example.com") == "https://u:*****@h.example.com"
    # references and placeholders are not secrets
    assert red.scrub("https://u:$TOKEN@h.example.com") == "https://u:$TOKEN@h.example.com"
    assert red.scrub("https://user:<password>@h.example.com") == "https://user:<password>@h.example.com"


@pytest.mark.parametrize(("value", "ref"), [
    ("$PASS", True), ('"${PASS}"', True), ("${{ secrets.X }}", True), ("$$PASS", True),
    ("$(PASS)", True), ("%PASS%", True), ("$env:PASS", True), ("credentials('id')", True),
    ("$(cat /run/secrets/pw)", True), ('"$1"', True), ("${2}", True), ("$@", True), ('"$(vault kv get -field=pw ci/reg)"', True),
    ("Zt8$mQ4wLp", False), ("lit${X}", False), ("$(echo lit)", False), ("${X:-hunter2}", False),
    ("`printf %s lit`", False), ("$(echo lit)x", False),
])
def test_is_reference(value: str, ref: bool) -> None:
    assert is_reference(value) is ref


def test_crlf_text_report_masks_right_columns(lint, tmp_path: Path) -> None:
    (tmp_path / "deploy.sh").write_bytes(
        b"#!/bin/sh\r\nset -e\r\necho start\r\ndocker login -u ci -p Hx7pQ2vLm9Kw registry.example.com\r\n")
    r = lint("--fail-on", "never")
    assert "Hx7pQ2vLm9Kw" not in r.printed
    assert "    4 | docker login -u ci -p ************ registry.example.com" in r.out


def test_same_secret_on_another_line_is_masked(lint, tmp_path: Path) -> None:
    write(tmp_path, "rep.sh", "docker login -u ci -p Rep3atedPw99x registry.example.com\n"
                              'echo "debug: $REGISTRY_PASSWORD Rep3atedPw99x"\n')
    r = lint("--fail-on", "never")
    assert "DCR003" in r.out and "Rep3atedPw99x" not in r.printed


def test_secret_of_another_file_is_masked(lint, tmp_path: Path) -> None:
    write(tmp_path, "a.sh", "docker login -u ci -p Cr0ssFilePw7 registry.example.com\n")
    write(tmp_path, "b.sh", 'echo "$REGISTRY_PASSWORD Cr0ssFilePw7"\n')
    r = lint("--fail-on", "never")
    assert "b.sh:1:1: DCR003" in r.out and "Cr0ssFilePw7" not in r.printed


FLOW_POD = """apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: a, image: registry.example.com/team/app:1, env: [{name: DB_PASSWORD, value: Fl0wStylePw7}]}]}
"""
LOGIN = "docker login -u ci -p Hx7pQ2vLm9Kw registry.example.com\n"


def test_cross_file_finding_on_flow_style_line(lint, tmp_path: Path) -> None:
    write(tmp_path, "pod.yaml", FLOW_POD)
    write(tmp_path, "login.sh", LOGIN)
    for args in ((), ("--select", "DCR020")):  # also when the rule that finds it is not selected
        r = lint("--fail-on", "never", *args)
        assert "pod.yaml:4:38: DCR020" in r.out and "Fl0wStylePw7" not in r.printed


POLICY = """id: ACME001
name: any-value
level: warning
security-severity: 5.0
short-description: x
target: [kubernetes]
select: [containers.image, 'containers.env[*].value']
message: "value {value} from {repository}"
"""


def test_policy_message_fields(lint, tmp_path: Path) -> None:
    write(tmp_path, "pol/p.yaml", POLICY)
    write(tmp_path, "pod.yaml", FLOW_POD.replace("image: registry.example.com/team/app:1",
                                                 "image: registry.example.com/Hx7pQ2vLm9Kw:1"))
    write(tmp_path, "login.sh", LOGIN)
    for fmt in ("text", "json", "sarif"):
        r = lint("--fail-on", "never", "--rules-dir", "pol", "--format", fmt)
        assert "ACME001" in r.out
        assert "Hx7pQ2vLm9Kw" not in r.printed and "Fl0wStylePw7" not in r.printed


def test_url_password_with_at_sign(lint, tmp_path: Path) -> None:
    write(tmp_path, "clone.sh", "git clone https://ci:Pa55@word9Z@git.example.com/org/repo.git\n")
    for fmt in ("text", "json", "sarif", "github", "gitlab"):
        r = lint("--format", fmt, "--fail-on", "never")
        assert "word9Z" not in r.printed, fmt
    f, = lint("--format", "json").json()["findings"]
    assert f["message"] == "literal password in a URL for host git.example.com"
    assert (f["start"]["column"], f["end"]["column"]) == (22, 33)


def test_diff_context_hides_config_ignored_secrets(lint, tmp_path: Path) -> None:
    write(tmp_path, ".gitlab-ci.yml", "variables:\n  API_TOKEN: Ign0redTok3n9\nbuild:\n  script:\n"
                                      '    - docker login -u ci -p "$REGISTRY_PASSWORD" registry.example.com\n')
    write(tmp_path, ".dcrlint.yaml", "ignores:\n  DCR010: [.gitlab-ci.yml]\n")
    r = lint("--diff")
    assert "--password-stdin" in r.out and "Ign0redTok3n9" not in r.printed


@pytest.mark.parametrize("arg", ['"Lit9zQwErT${X}"', '"$(echo Lit8zQwErTy)"'])
def test_partly_literal_password_not_copied(lint, tmp_path: Path, arg: str) -> None:
    write(tmp_path, "deploy.sh", f"docker login -u ci -p {arg} registry.example.com\n")
    literal = "Lit9zQwErT" if "Lit9" in arg else "Lit8zQwErTy"
    for args in (("--format", "json"), ("--format", "sarif"), ("--format", "text"), ("--diff",)):
        r = lint(*args)
        assert literal not in r.printed, args


def test_suppression_reason_before_code(lint, tmp_path: Path) -> None:
    write(tmp_path, "Jenkinsfile", "pipeline { agent any\n stages { stage('x') { steps {\n"
          "  /* dcrlint: ignore[DCR001,DCR002] legacy */ sh 'docker login -u ci -p Sup9rS3cretPw registry.example.com'\n"
          "} } } }\n")
    r = lint("--format", "json", "--show-suppressed")
    suppressed = [f for f in r.json()["findings"] if "suppressed" in f]
    assert suppressed and {f["suppressed"]["justification"] for f in suppressed} == {"legacy"}
    assert "Sup9rS3cretPw" not in r.printed


def test_literal_read_as_variable_and_jwt_signature(lint, tmp_path: Path) -> None:
    header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("=")
    body = base64.urlsafe_b64encode(b'{"sub":"ci","iat":1700000000}').decode().rstrip("=")
    jwt = f"{header}.{body}.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
    write(tmp_path, "deploy.sh", "docker login -u ci -p 'Zt8$mQ4wLp' registry.example.com\n"
                                 f'export REGISTRY_TOKEN="{jwt}"\n')
    r = lint("--fail-on", "never")
    assert "DCR001" in r.out and "DCR051" in r.out
    for part in ("Zt8$mQ4wLp", "mQ4wLp", "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", body):
        assert part not in r.printed


def test_jwt_finding_covers_its_signature(lint, tmp_path: Path) -> None:
    header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("=")
    body = base64.urlsafe_b64encode(b'{"sub":"ci"}').decode().rstrip("=")
    sig = "Sfl-KxwRJSMeKKF2QT4f_wpMeJf36POk6yJV_adQssw5c"
    write(tmp_path, "deploy.sh", f'export REGISTRY_TOKEN="{header}.{body}.{sig}"\n')
    r = lint("--format", "json")
    (f,) = r.json()["findings"]
    assert (f["rule"], f["start"]["column"], f["end"]["column"]) == ("DCR051", 24, 24 + len(f"{header}.{body}.{sig}"))
    for fmt in ("text", "json", "sarif", "github", "gitlab"):
        assert "Sfl-KxwRJSMeKKF2QT4f" not in lint("--format", fmt).printed, fmt


@pytest.mark.parametrize("name", ["evil\x1b[31mred.sh", "rtl\u202ehs.txt.sh", "new\nline.sh",
                                  "::error file=x::pwned.sh"])
def test_file_names_escaped(lint, tmp_path: Path, name: str) -> None:
    write(tmp_path, name, "git clone https://ci:Zq7rT9mW2xKp@git.example.com/x.git\n")
    r = lint("--fail-on", "never")
    assert "DCR050" in r.out
    for line in r.printed.splitlines():
        assert not line.lstrip().startswith("::")
    assert "\x1b" not in r.out and "\u202e" not in r.out
    assert "new\\x0aline.sh:1:" in r.out or "new" not in name


GITLAB = """include:
  - remote: 'https://oauth2:glpat-Inc1udeT0kenAbCd@gitlab.example.com/g/p/-/raw/main/x.yml'
  - 'https://user:BareInclPw88x@gitlab.example.com/x.yml'
  - local: 'https://lu:LocalInclPw77x@gitlab.example.com/y.yml'
build:
  script:
    - echo hi
"""


def test_gitlab_include_notifications(lint, tmp_path: Path) -> None:
    write(tmp_path, ".gitlab-ci.yml", GITLAB)
    for fmt in ("text", "json", "sarif", "github", "gitlab"):
        r = lint("--format", fmt, "--select", "DCR001", "--fail-on", "never")
        assert "not fetched" in r.printed or fmt == "gitlab"
        for pw in ("Inc1udeT0kenAbCd", "BareInclPw88x", "LocalInclPw77x"):
            assert pw not in r.printed, (fmt, pw)


def test_docker_config_key_with_credentials(lint, tmp_path: Path) -> None:
    auth = base64.b64encode(b"ci:RegAuthPw99x").decode()
    write(tmp_path, ".docker/config.json",
          json.dumps({"auths": {"https://ci:RegKeyPw77x@registry.example.com/v1/": {"auth": auth}}}))
    for fmt in ("text", "json", "sarif", "github", "gitlab"):
        r = lint("--format", fmt, "--select", "DCR030", "--fail-on", "never")
        assert "DCR030" in r.out
        assert "RegKeyPw77x" not in r.printed and auth not in r.printed and "RegAuthPw99x" not in r.printed


def test_choke_point_catches_a_report_that_prints_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    """A report that ignores the redacted model and prints a raw secret still prints asterisks."""
    from dcrlint import reports
    from dcrlint.engine import Scan
    from dcrlint.reports.options import ReportOptions

    leaky = type("M", (), {"render": staticmethod(lambda scan, options: "x Hx7pQ2vLm9Kw " + json.dumps(
        ["Hx7pQ2vLm9Kw\u00e9"]) + base64.b64encode(b"u:Hx7pQ2vLm9Kw").decode())})
    monkeypatch.setattr(reports, "import_module", lambda name: leaky)
    scan = Scan({}, [], [], 0, secrets=frozenset({"Hx7pQ2vLm9Kw", "Hx7pQ2vLm9Kw\u00e9"}))
    out = reports.render("text", scan, ReportOptions())
    assert Redactor(scan.secrets).leaks(out) == []


def test_stderr_notes_scrubbed_and_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    from dcrlint.cli import _note
    from dcrlint.findings import Notification

    _note(Redactor(["Hx7pQ2vLm9Kw"]), Notification("a\x1b[2Jb.sh", "saw Hx7pQ2vLm9Kw in https://u:pw12345@h.io"))
    err = capsys.readouterr().err
    assert "Hx7pQ2vLm9Kw" not in err and "pw12345" not in err and "\x1b" not in err


def test_streams_mask_what_bypasses_the_redactor(lint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A report or message written to stdout/stderr without the Redactor is masked anyway."""
    from dcrlint import cli, reports

    write(tmp_path, "a.sh", LOGIN)

    def rogue(fmt, scan, options):  # type: ignore[no-untyped-def]
        print("stderr: Hx7pQ2vLm9Kw", file=__import__("sys").stderr)
        return "stdout: Hx7pQ2vLm9Kw " + base64.b64encode(b"ci:Hx7pQ2vLm9Kw").decode() + "\n"

    monkeypatch.setattr(reports, "render", rogue)
    monkeypatch.setattr(cli, "render", rogue, raising=False)
    r = lint("--sarif", "out.sarif")
    assert "stdout: ************" in r.out and "stderr: ************" in r.err
    assert (tmp_path / "out.sarif").read_text().startswith("stdout: ************")
    assert "Hx7pQ2vLm9Kw" not in r.printed and base64.b64encode(b"ci:Hx7pQ2vLm9Kw").decode()[4:-4] not in r.out


def test_json_escaped_forms_are_jsons() -> None:
    """The redactor escapes as json.dumps does (through json's own C functions, without
    importing json at start-up)."""
    import json

    from dcrlint.redact import _json_escaped

    for text in ("plain", 'q"uo\\te', "ctl\x00\x1f\t\n\r\x7f", "naïve €𝄞", "lone \ud800 surrogate", "</script>", ""):
        assert _json_escaped(text) == (json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1]), text


def test_word_secret_inside_a_longer_word_masks_the_whole_word() -> None:
    # `****late` would show which letters the password is; `********` shows nothing of it
    r = Redactor({"temp", "n0va", "warehouse"})
    assert r.scrub("PASSWORD=temp in the template (temp)") == "PASSWORD=**** in the ******** (****)"
    assert r.scrub("supern0vas n0va-") == "********** ****-"
    assert r.scrub("warehousePassword: warehouse") == "*****************: *********"
    assert r.leaks(r.scrub("the template, -ptemp, warehousedb/x")) == []
    # base64 forms sit inside longer encoded text: masked as they are
    r6 = Redactor({"temp12"})
    core = base64.b64encode(b"u:temp12").decode()
    assert r6.leaks(core) == ["temp12"] and r6.leaks(r6.scrub(core)) == []
    assert Redactor({"hunter22"}).scrub("xhunter22y") == "x********y"


def test_a_password_glued_to_an_option_is_masked_on_every_shown_line(lint, tmp_path: Path) -> None:
    """R67: `-pQz7mK2` on another finding's line was shown in clear by a first version of the word
    rule; the whole word is masked."""
    write(tmp_path, "deploy.sh", "#!/bin/sh\ndocker login -u ci -pQz7mK2 reg.example.org\n"
          "mysql -uroot -pQz7mK2 -e 'select 1'; echo \"$REG_PASSWORD\"\n"
          "docker login -u ci -p lanternfish reg2.example.org\n"
          "PGPASSWORD=x psql -Ulanternfish; mysql -planternfish; echo \"$REG_TOKEN\"\n")
    for fmt in ("text", "json", "sarif"):
        out = lint("--no-git", "--fail-on", "never", "--format", fmt, ".").out
        assert "Qz7mK2" not in out and "lanternfish" not in out, fmt


def test_a_word_password_inside_a_key_masks_the_key(lint, tmp_path: Path) -> None:
    """A key named for the password (`warehousePassword`) is masked whole in the shown source
    line: `*********Password` spelled the password out beside its mask."""
    write(tmp_path, "chart/values.yaml", "warehouseDb: {user: loader, password: warehouse}\n")
    write(tmp_path, "chart/Chart.yaml", "apiVersion: v2\nname: x\nversion: 0.1.0\n")
    out = lint("--no-git", "--fail-on", "never", ".")
    assert "***********: {user: loader, password: *********}" in out.out and "warehouse" not in out.out


def test_decoded_forms_of_a_secret() -> None:
    """What a secret written encoded stands for is a secret too (R73)."""
    from dcrlint.redact import decoded

    auth = base64.b64encode(b"builder:Tp4wQx9Lm2Vz").decode()
    config = base64.b64encode(json.dumps({"auths": {"r.example.net": {"auth": auth}}}).encode()).decode()
    assert {"builder:Tp4wQx9Lm2Vz", "Tp4wQx9Lm2Vz"} <= decoded(auth)
    assert "Tp4wQx9Lm2Vz" in decoded(config)
    assert decoded("Lk9%40Rt2vQ7") == {"Lk9@Rt2vQ7"}
    assert "Lk9ARt2vQ7" in decoded("Lk9\\u0041Rt2vQ7") and "Lk9ARt2vQ7" in decoded("Lk9\\x41Rt2vQ7")
    assert decoded("Zx8Kq3Wv7Mt2") == set()  # no encoding: nothing more


def test_clear_text_of_an_encoded_secret_is_masked_on_other_files_lines(lint, tmp_path: Path) -> None:
    """R73: a Secret's base64 `data`, a docker config's `auth`, a dockerconfigjson, a URL's
    percent-encoding and a quoted string's escape are reported as written; the same password in
    clear on a line the report shows for another finding was printed."""
    pw = ["pelicanharbour", "Vb3mK7tXz4Lc", "Gw6rT1yNp9Sf", "Mq2@Zl8vB5xD", "Ck4AnW7eR3uJ", "ferret-moss",
          "Quill.Beacon", "Amber_Wren!"]
    b64 = [base64.b64encode(p.encode()).decode() for p in (pw[0], f"ci:{pw[1]}")]
    pull = {"auths": {"reg.example.net": {"username": "ci", "password": pw[2]}}}
    write(tmp_path, "k8s/app.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\n"
          f"data:\n  password: {b64[0]}\n" + "".join(f"  p{i}_password: {base64.b64encode(p.encode()).decode()}\n"
                                                 for i, p in enumerate(pw[5:])))
    write(tmp_path, "k8s/pull.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: pull\n"
          "type: kubernetes.io/dockerconfigjson\ndata:\n"
          f"  .dockerconfigjson: {base64.b64encode(json.dumps(pull).encode()).decode()}\n")
    write(tmp_path, ".docker/config.json", json.dumps({"auths": {"r9.example.net": {"auth": b64[1]}}}))
    write(tmp_path, "fetch.sh", "git clone https://ci:Mq2%40Zl8vB5xD@git.example.net/app.git\n")
    write(tmp_path, ".gitlab-ci.yml", 'variables:\n  DB_PASSWORD: "Ck4\\u0041nW7eR3uJ"\n'
          "job:\n  script:\n    - echo \"$DB_PASSWORD\"  # Ck4AnW7eR3uJ\n")
    write(tmp_path, "show.sh", "".join(f'echo "$REG_TOKEN"  # was {p}\n' for p in pw))
    for fmt in ("text", "json", "sarif"):
        out = lint("--no-git", "--fail-on", "never", "--format", fmt, ".").out
        assert out.count("echo") >= 5 or fmt != "text", out
        for p in pw:
            assert p not in out, (fmt, p)


def test_secret_shaped_decoded_values() -> None:
    """R84: a decoded passphrase of letters and separators (ten characters or more, eight letters)
    is masked report-wide; a host name a test auth is built from is not (it names the registry in
    every message)."""
    from dcrlint.redact import decoded

    def auth(pair: str) -> set[str]:
        return decoded(base64.b64encode(pair.encode()).decode())

    assert "ferret-moss" in auth("ci:ferret-moss") and "Amber_Wren!" in auth("ci:Amber_Wren!")
    assert "reg.example.org" not in auth("index:reg.example.org") and "docker.io" not in auth("index:docker.io")
    assert "reg.examp.io" not in auth("reg.examp.io:reg.examp.io")  # (a short host as user and password)
    assert "fox-den" not in auth("ci:fox-den")  # (seven letters: masked at its own place only)
