"""DCR030 where a docker config is written in a file's own way: an env file's double-quoted value
with `\\n` escapes, a make target-specific variable, cloud-init's `write_files`, a GitLab Runner
config past its first 4 KiB or templated. Each at the key inside the registry entry, mapped back
to the file through whatever decoding the reader does, and never shown in any output.
A here-document writing another program's JSON settings (`{"WebConsole": {"password": ...}}`) is no
legacy docker config: that layout's keys are registries."""

from __future__ import annotations

import base64
import gzip
from pathlib import Path

import pytest
from _helpers import scan_as_written as scan
from conftest import Lint, brief, scanned
from test_dcr030_escape_gate import reported_nowhere

from dcrlint.checks.dcr030_docker_config_plaintext_auth import may_embed_config

PASSWORD = "Rw8-harbour-51-Tcz"
AUTH = base64.b64encode(f"deploy-bot:{PASSWORD}".encode()).decode()


def _at(text: str, key: str, secret: str, nth: int = 0) -> tuple[int, int, int, int]:
    """(line, column, end line, end column) from the `nth` `key` (as written) through the end of
    `secret` after it, 1-based, as a finding reports them."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(key, start + 1)
    end = text.index(secret, start) + len(secret)

    def place(at: int) -> tuple[int, int]:
        return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1

    return (*place(start), *place(end))


# --- env files: a double-quoted value's `\n` and `\r` are line breaks (Compose, godotenv and
# python-dotenv agree), `\"` a quote, `\\` a backslash ------------------------------------------
def _pretty_env(secret_key: str, value: str, eol: str = "\\n") -> str:
    return (f'DOCKER_AUTH_CONFIG="{{{eol}  \\"auths\\": {{{eol}    \\"dcr.example.com\\": {{{eol}'
            f'      \\"{secret_key}\\": \\"{value}\\"{eol}    }}{eol}  }}{eol}}}"\n')


@pytest.mark.parametrize(("text", "key"), [
    (_pretty_env("auth", AUTH), 'auth\\"'),
    (_pretty_env("auth", AUTH, "\\r\\n"), 'auth\\"'),
    ("# the runner's registry\nexport " + _pretty_env("password", PASSWORD) + "B=2\n", 'password\\"'),
    (_pretty_env("auth", AUTH).replace('"\n', '" # pretty\n'), 'auth\\"'),
    # over lines of the file too, a `\n` among them
    ('DOCKER_AUTH_CONFIG="{\\n\\"auths\\": {\n  \\"dcr.example.com\\": {\\"auth\\": \\"%s\\"}}}"\n' % AUTH, 'auth\\"'),
])
def test_env_double_quoted_newline_escapes(lint: Lint, gating: None, text: str, key: str) -> None:
    assert may_embed_config(scanned(text, ".env"))
    assert reported_nowhere(lint, ".env", text, PASSWORD, AUTH) == [_at(text, key, AUTH if "auth\\" in key else PASSWORD)]


@pytest.mark.parametrize("text", [
    _pretty_env("auth", "${REG_AUTH}"),  # expanded by Compose: a variable
    _pretty_env("auth", "$REG_AUTH"),
    _pretty_env("auth", "{{ .Values.auth }}"),
    _pretty_env("auth", "<base64 of user:password>"),
    _pretty_env("email", "ci@example.com"),
    _pretty_env("auth", AUTH).replace('"', "'", 1)[:-2] + "'\n",  # single quotes keep `\n`: no JSON
    _pretty_env("auth", AUTH, "\\t"),  # a tab to python-dotenv, `t` to Compose: not read
    _pretty_env("auth", AUTH).replace('DOCKER_AUTH_CONFIG="', "DOCKER_AUTH_CONFIG=")[:-2] + "\n",  # unquoted
    "# " + _pretty_env("auth", AUTH),
])
def test_env_newline_escape_near_misses(lint: Lint, text: str) -> None:
    assert reported_nowhere(lint, ".env", text, PASSWORD, AUTH) == []


# --- make target-specific variables (`target ... : [export|unexport|override|private] X op value`)
CONFIG = '{"auths": {"dcr.example.com": {"auth": "%s"}}}' % AUTH


@pytest.mark.parametrize(("text", "nth"), [
    (f"deploy: REGISTRY_AUTH = {CONFIG}\n\tdocker --config . push img\n", 1),
    (f"push release: export DOCKER_AUTH_CONFIG := {CONFIG} # the runner's\n", 1),
    (f"%.img: override private REG ::= {CONFIG}\n", 1),
    ("build:\n\tmake -C app\n\nci-%: unexport REG ?= { \\\n  \"auths\": {\"dcr.example.com\": \\\n"
     f"    {{\"auth\": \"{AUTH}\"}}}} \\\n}}\n", 1),
    (f"deploy:REGISTRY_AUTH+={CONFIG}\n", 1),
])
def test_make_target_specific_variables(lint: Lint, gating: None, text: str, nth: int) -> None:
    assert may_embed_config(scanned(text, "Makefile"))
    assert reported_nowhere(lint, "Makefile", text, PASSWORD, AUTH) == [_at(text, "auth", AUTH, nth)]


def test_make_target_specific_base64_is_reported_at_the_whole_value(lint: Lint) -> None:
    encoded = base64.b64encode(CONFIG.encode()).decode()
    text = f"deploy: export REGISTRY_AUTH_B64 := {encoded}\n"
    assert reported_nowhere(lint, "Makefile", text, PASSWORD, AUTH, encoded) == [_at(text, encoded, encoded)]


@pytest.mark.parametrize("text", [
    f"deploy: REGISTRY_AUTH = {CONFIG.replace(AUTH, '$(REG_AUTH)')}\n",  # a make variable
    f"deploy: REGISTRY_AUTH = {CONFIG.replace(AUTH, '${REG_AUTH}')}\n",
    f"deploy: REGISTRY_AUTH = {CONFIG.replace(AUTH, '<base64 user:password>')}\n",
    f"deploy: REGISTRY_AUTH != cat {CONFIG}\n",  # a command's output
    f"deploy: ; echo REGISTRY_AUTH = {CONFIG}\n",  # a recipe after `;`: the shell's words
    f"deploy:\n\tREGISTRY_AUTH = {CONFIG.replace(AUTH, '$$REG_AUTH')}\n",  # a recipe line
    f"# deploy: REGISTRY_AUTH = {CONFIG}\n",
    "deploy: REGISTRY_AUTH = " + CONFIG.replace('"auth":', '"email":') + "\n",  # no secret key
])
def test_make_target_specific_near_misses(lint: Lint, text: str) -> None:
    assert reported_nowhere(lint, "Makefile", text, PASSWORD, AUTH) == []


# --- cloud-init `write_files` (in Terraform user data and in a cloud-config file) -------------
PRETTY = '{\n  "auths": {\n    "dcr.example.com": {\n      "auth": "%s"\n    }\n  }\n}\n' % AUTH


def _gz64(text: str) -> str:
    return base64.b64encode(gzip.compress(text.encode(), mtime=0)).decode()


def _indent(text: str, n: int) -> str:
    return "".join(" " * n + line + "\n" for line in text.splitlines())


def _cloud_config(files: str) -> str:
    return f"#cloud-config\npackages: [docker.io]\nwrite_files:\n{files}runcmd:\n  - systemctl restart docker\n"


def _plain_item(path: str = "/root/.docker/config.json", config: str = PRETTY) -> str:
    return f"  - path: {path}\n    permissions: '0600'\n    content: |\n{_indent(config, 6)}"


def _encoded_item(encoding: str, value: str, path: str = "/etc/containers/auth.json") -> str:
    return f"  - path: {path}\n    encoding: {encoding}\n    content: {value}\n"


def _terraform(user_data: str, attribute: str = "user_data", wrap: str = "") -> str:
    body = f"<<-EOF\n{_indent(user_data, 4)}  EOF"
    return (f'resource "aws_instance" "builder" {{\n  ami = "ami-0abc"\n  {attribute} = '
            f'{wrap + "(" if wrap else ""}{body}{chr(10) + "  )" if wrap else ""}\n}}\n')


B64 = base64.b64encode(PRETTY.encode()).decode()
GZ64 = _gz64(PRETTY)


@pytest.mark.parametrize(("text", "key", "secret"), [
    (_terraform(_cloud_config(_plain_item())), "auth", AUTH),
    (_terraform(_cloud_config(_plain_item()), "custom_data", "base64encode"), "auth", AUTH),
    (_terraform(_cloud_config(_encoded_item("b64", B64))), B64, B64),
    (_terraform(_cloud_config(_encoded_item("base64", B64))), B64, B64),
    (_terraform(_cloud_config(_encoded_item("gzip+base64", GZ64))), GZ64, GZ64),
    (_terraform(_cloud_config(_encoded_item("gz+b64", GZ64))), GZ64, GZ64),
    # a GCE instance's `user-data` metadata key
    ('resource "google_compute_instance" "b" {\n  name = "b"\n  metadata = {\n    user-data = <<-EOF\n'
     + _indent(_cloud_config(_plain_item("/var/lib/kubelet/config.json")), 6) + "    EOF\n  }\n}\n", "auth", AUTH),
])
def test_terraform_cloud_init_write_files(lint: Lint, gating: None, text: str, key: str, secret: str) -> None:
    assert may_embed_config(scanned(text, "main.tf"))
    nth = 1 if key == "auth" else 0  # (the first `auth` is in `auths`)
    assert reported_nowhere(lint, "main.tf", text, PASSWORD, AUTH, secret) == [_at(text, key, secret, nth)]


@pytest.mark.parametrize("encoding", ["gzip+base64", "gz+base64", "gzip+b64", "GZ+B64"])
def test_cloud_config_gzip_base64_content(lint: Lint, gating: None, encoding: str) -> None:
    text = _cloud_config(_encoded_item(encoding, GZ64))
    assert may_embed_config(scanned(text, "cloud-init.yaml"))
    assert reported_nowhere(lint, "cloud-init.yaml", text, PASSWORD, AUTH, GZ64) == [_at(text, GZ64, GZ64)]


@pytest.mark.parametrize(("path", "text"), [
    ("main.tf", _terraform(_cloud_config(_plain_item(config=PRETTY.replace(AUTH, "${var.registry_auth}"))))),
    ("main.tf", _terraform(_cloud_config(_plain_item(config=PRETTY.replace(AUTH, "$${REG_AUTH}"))))),
    ("main.tf", _terraform(_cloud_config(_plain_item(config=PRETTY.replace(AUTH, "<base64 of user:password>"))))),
    ("main.tf", _terraform(_cloud_config(_plain_item(config=PRETTY.replace('"auth"', '"email"'))))),
    ("main.tf", _terraform(_cloud_config(_encoded_item("gz+b64", _gz64('{"credsStore": "ecr-login"}'))))),
    ("main.tf", _terraform(_cloud_config(_encoded_item("gz+b64", _gz64(PRETTY.replace(AUTH, "${REG_AUTH}")))))),
    ("main.tf", _terraform(_cloud_config(_encoded_item("b64", GZ64)))),  # not gzip to cloud-init: not JSON
    ("main.tf", _terraform("#!/bin/sh\n" + _cloud_config(_plain_item()).split("\n", 1)[1].replace("{", "x"))),
    ("cloud-init.yaml", _cloud_config(_encoded_item("b64", GZ64))),
    ("cloud-init.yaml", _cloud_config("  - path: /etc/x\n    content: " + GZ64 + "\n")),  # no encoding: as written
    ("cloud-init.yaml", _cloud_config(_encoded_item("gz+b64", GZ64[:40]))),  # cut: not gzip
])
def test_cloud_init_near_misses(lint: Lint, path: str, text: str) -> None:
    assert reported_nowhere(lint, path, text, PASSWORD, AUTH) == []


# --- a GitLab Runner config whose runners come after its first 4 KiB ------------------------
RUNNER_CONFIG = '{\\"auths\\": {\\"dcr.example.com\\": {\\"auth\\": \\"%s\\"}}}' % AUTH


def _runner(n: int, config: str = RUNNER_CONFIG) -> str:
    return (f'[[runners]]\n  name = "docker-{n}"\n  url = "https://gitlab.example.com"\n  executor = "docker"\n'
            f'  environment = ["DOCKER_AUTH_CONFIG={config}"]\n')


GLOBAL = 'concurrent = 8\ncheck_interval = 3\n\n[session_server]\n  session_timeout = 1800\n\n' + "".join(
    f"# fleet note {i:03d}: which cache each runner of this host uses, and why\n" for i in range(80))


@pytest.mark.parametrize("path", ["config.toml", "gitlab-runner/runner-prod.toml"])
def test_runners_after_the_first_4_kib_are_read(lint: Lint, path: str) -> None:
    text = GLOBAL + _runner(1)
    assert text.index("[[runners]]") > 4096
    assert reported_nowhere(lint, path, text, PASSWORD, AUTH) == [_at(text, "auth", AUTH, 1)]


def test_a_large_toml_naming_runners_elsewhere_is_not_a_runner_config(lint: Lint) -> None:
    text = "[tool.pytest]\naddopts = \"-q\"\n" + "".join(f"# option {i:04d} of the test runners\n" for i in range(200))
    text += '[tool.x]\nenvironment = ["DOCKER_AUTH_CONFIG=%s"]\n' % RUNNER_CONFIG
    lint.write("pyproject.toml", text)
    run = lint("--format", "json", "--fail-on", "never", ".")
    assert run.hits("DCR030") == [] and AUTH not in run.out


SETUP = """\
#!/bin/bash
cat > "$HOME/.jupyter/jupyter_notebook_config.json" << EOF
{
  "WebConsole": {
    "password": "Zq8xK2mW9pL4vB"
  }
}
EOF
cat > "$HOME/.dockercfg" << EOF
{
  "registry.corp.example": {
    "password": "Zq8xK2mW9pL4vB"
  }
}
EOF
cat > "$HOME/.dockercfg" << EOF
{
  "localhost": {
    "password": "Zq8xK2mW9pL4vB"
  }
}
EOF
"""


def test_another_programs_settings_are_no_legacy_docker_config(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"setup.sh": SETUP}, rules=frozenset({"DCR030"}))
    assert brief(results) == [("setup.sh", 12, 6, "DCR030"),
                              ("setup.sh", 19, 6, "DCR030")]
