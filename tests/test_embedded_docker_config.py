"""DCR030 on a docker config written as a value (GitLab runner's `DOCKER_AUTH_CONFIG`, any
variable's), and DCR022 on Terraform registry Secrets built from `auth` or a heredoc."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from conftest import Lint, scanned

from dcrlint.checks.dcr030_docker_config_plaintext_auth import may_embed_config

AUTH = base64.b64encode(b"ci-bot:Vq7-trellis-93-Kmd").decode()
PASSWORD = "Vq7-trellis-93-Kmd"
CONFIG = '{"auths": {"dcr.example.com": {"auth": "%s"}}}' % AUTH
ESCAPED = CONFIG.replace('"', '\\"')  # in a double-quoted YAML or HCL string


def _dcr030(lint: Lint, path: str, text: str) -> list[tuple[int, int, int, int]]:
    lint.write(path, text)
    run = lint("--format", "json", "--fail-on", "never", ".")
    assert PASSWORD not in run.out and AUTH not in run.out  # never the secret
    return [(h.line, h.column, h.end_line, h.end_column) for h in run.hits("DCR030") if h.path == path]


# (path, text, the line of the `auth` key): the config after `NAME=`, in each language's quoting
PLACES = [
    (".gitlab-ci.yml", f"variables:\n  DOCKER_AUTH_CONFIG: '{CONFIG}'\nb:\n  script: [make]\n", 2),
    (".gitlab-ci.yml", "b:\n  variables:\n    DOCKER_AUTH_CONFIG:\n      value: |\n        {\n"
                       f'          "auths": {{"dcr.example.com": {{"auth": "{AUTH}"}}}}\n        }}\n'
                       "  script: [make]\n", 6),
    (".github/workflows/ci.yml", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    env:\n"
                                 f'      REGISTRY_CFG: "{ESCAPED}"\n'
                                 "    steps:\n      - run: make\n", 6),
    ("compose.yaml", f"services:\n  r:\n    image: x\n    environment:\n      - 'DOCKER_AUTH_CONFIG={CONFIG}'\n", 5),
    ("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n"
                 f"      image: x\n      env:\n        - name: DOCKER_AUTH_CONFIG\n          value: >-\n"
                 f"            {CONFIG}\n", 11),
    (".env", f"DOCKER_AUTH_CONFIG={CONFIG}\n", 1),
    (".env", f"DOCKER_AUTH_CONFIG='{CONFIG}'\n", 1),  # a quoted word of the line: one finding still
    ("app.env", f"# registry\nexport DOCKER_AUTH_CONFIG='{CONFIG}'\n", 2),
    ("setup.sh", f"#!/bin/sh\nexport DOCKER_AUTH_CONFIG='{CONFIG}'\n", 2),
    ("login.sh", f'#!/bin/sh\nexport DOCKER_AUTH_CONFIG="{ESCAPED}"\n', 2),  # sh takes the backslashes out
    (".gitlab-ci.yml", f"b:\n  script:\n    - |\n      export DOCKER_AUTH_CONFIG=\"{ESCAPED}\"\n      make\n", 4),
    ("Dockerfile", f"FROM alpine\nENV DOCKER_AUTH_CONFIG='{CONFIG}'\n", 2),
    ("Jenkinsfile", f"pipeline {{\n  agent any\n  environment {{\n    DOCKER_AUTH_CONFIG = '''{CONFIG}'''\n  }}\n"
                    "  stages { stage('b') { steps { sh 'make' } } }\n}\n", 4),
    ("main.tf", 'locals {\n  cfg = "%s"\n}\n' % ESCAPED, 2),
    # dotenv readers and Compose take the backslash out of \" in a double-quoted value
    (".env", f'DOCKER_AUTH_CONFIG="{ESCAPED}"\n', 1),
    # a make variable: the rest of the line, to a comment
    ("Makefile", f"REGISTRY_AUTH := {CONFIG}\nbuild:\n\tmake -C app\n", 1),
    ("Makefile", f"all: build\n\nexport REGISTRY_AUTH = {CONFIG}  # for the runner\n", 3),
    # a Terraform heredoc (not a kubernetes Secret's: DCR022's), as written and with <<- indents
    ("main.tf", f"locals {{\n  docker_config = <<EOT\n{CONFIG}\nEOT\n}}\n", 3),
    ("secrets.tf", 'resource "aws_secretsmanager_secret_version" "v" {\n  secret_id     = "registry"\n'
                   f'  secret_string = <<-EOT\n    {{\n      "auths": {{"dcr.example.com": {{"auth": "{AUTH}"}}}}\n'
                   '    }\n  EOT\n}\n', 5),
]


@pytest.mark.parametrize(("path", "text", "line"), PLACES, ids=[f"{p}-{i}" for i, (p, _, _) in enumerate(PLACES)])
def test_a_docker_config_in_a_variable_is_reported_at_its_key(lint: Lint, path: str, text: str, line: int) -> None:
    (hit,) = _dcr030(lint, path, text)
    source_line = text.splitlines()[line - 1]
    key = source_line.index("auth", source_line.index("auths") + 5)
    assert hit[:2] == (line, key + 1)
    assert hit[2] == line and source_line[hit[3] - 2 : hit[3] + 1].startswith(AUTH[-1])


def test_the_message_names_variable_registry_and_user_and_no_other_rule_reports_it(lint: Lint) -> None:
    lint.write(".gitlab-ci.yml", f"variables:\n  DOCKER_AUTH_CONFIG: |\n    {CONFIG}\nb:\n  script: [make]\n")
    run = lint("--format", "json", "--fail-on", "never", ".")
    (hit,) = run.hits()  # not also DCR010 for a secret-named variable holding a literal
    assert hit.rule == "DCR030"
    assert "`DOCKER_AUTH_CONFIG`" in hit.message and "dcr.example.com" in hit.message and "ci-bot" in hit.message
    assert PASSWORD not in run.out and AUTH not in run.out


def test_a_jenkins_environment_entry_is_named_by_its_name(lint: Lint) -> None:
    lint.write("Jenkinsfile", "pipeline {\n  agent any\n  environment {\n"
                              f"    // registry\n    REGISTRY_AUTH = '{CONFIG}'\n  }}\n"
                              "  stages { stage('b') { steps { sh 'make' } } }\n}\n")
    run = lint("--format", "json", "--fail-on", "never", ".")
    (hit,) = run.hits()
    assert hit.rule == "DCR030" and "docker config in `REGISTRY_AUTH` stores" in hit.message


def test_a_double_quoted_config_with_an_expansion_is_not_reported(lint: Lint) -> None:
    lint.write("login.sh", '#!/bin/sh\nexport DOCKER_AUTH_CONFIG="{\\"auths\\": {\\"$CI_REGISTRY\\": '
                           '{\\"auth\\": \\"$(printf %s:%s \\"$U\\" \\"$P\\" | base64)\\"}}}"\n'
                           "echo 'a {\"b\": 1}' \"{\\\"auth\\\": 2}\"\n")
    run = lint("--format", "json", "--fail-on", "never", ".")
    assert run.hits("DCR030") == []


def test_a_name_value_entry_is_named_by_its_name(lint: Lint) -> None:
    # container env, Tekton/Argo parameters: the value's variable is the sibling `name`
    lint.write("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                           "    - name: c\n      image: x\n      env:\n        - name: REGISTRY_AUTH\n"
                           f"          value: '{CONFIG}'\n")
    run = lint("--format", "json", "--fail-on", "never", ".")
    (hit,) = run.hits()
    assert hit.rule == "DCR030" and "docker config in `REGISTRY_AUTH` stores" in hit.message


@pytest.mark.parametrize("value", [
    "${{ secrets.REG_AUTH }}", "$REG_AUTH", "${REG_AUTH}", "<base64 of user:password>", "$(cat /run/auth)",
    # no base64 of user:password, and it says what belongs there
    "BASE64_ENCODED_USER_PASS", "BASE64_AUTH", "base64-encoded-auth", "base64(user:pass)",
])
def test_variables_and_placeholders_in_the_config_are_not_reported(lint: Lint, value: str) -> None:
    config = CONFIG.replace(AUTH, value)
    assert _dcr030(lint, ".github/workflows/ci.yml", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n"
                   f"    env:\n      DOCKER_AUTH_CONFIG: '{config}'\n    steps:\n      - run: make\n") == []


@pytest.mark.parametrize("value", ["${{ secrets.DOCKER_AUTH_CONFIG }}", '{"credsStore": "pass"}',
                                   '{"auths": {"dcr.example.com": {}}}', "{not json"])
def test_other_values_are_not_reported(lint: Lint, value: str) -> None:
    assert _dcr030(lint, ".gitlab-ci.yml", f"variables:\n  DOCKER_AUTH_CONFIG: '{value}'\nb:\n  script: [make]\n") == []


def test_values_of_new_places_named_and_reported_once(lint: Lint) -> None:
    lint.write(".env", f'DOCKER_AUTH_CONFIG="{ESCAPED}"\n')
    lint.write("Makefile", f"export REGISTRY_AUTH ?= {CONFIG}\n")
    lint.write("main.tf", f'variable "registry_config" {{\n  default = <<-EOT\n    {CONFIG}\n  EOT\n}}\n')
    run = lint("--format", "json", "--fail-on", "never", ".")
    assert sorted((h.path, h.rule) for h in run.hits()) == [(".env", "DCR030"), ("Makefile", "DCR030"),
                                                           ("main.tf", "DCR030")]
    names = sorted(h.message.split("`")[1] for h in run.hits())
    assert names == ["DOCKER_AUTH_CONFIG", "REGISTRY_AUTH", "default"]
    assert PASSWORD not in run.out and AUTH not in run.out


@pytest.mark.parametrize(("path", "text"), [
    ("Makefile", f"REGISTRY_AUTH != {CONFIG}\n"),  # a command's output, not the text
    ("Makefile", "REGISTRY_AUTH := " + CONFIG.replace(AUTH, "$(REG_AUTH)") + "\n"),
    ("Makefile", f"build:\n\tREGISTRY_AUTH={CONFIG} make\n"),  # a recipe's shell: words, unquoted
    ("Makefile", "REGISTRY_AUTH := " + CONFIG.replace(AUTH, "Y2k#6") + "\n"),  # cut by the comment
    ("main.tf", "locals {\n  cfg = <<EOT\n" + CONFIG.replace(AUTH, "${var.registry_auth}") + "\nEOT\n}\n"),
    (".env", "DOCKER_AUTH_CONFIG='" + ESCAPED + "'\n"),  # single quotes keep the backslashes: no JSON
    (".env", 'DOCKER_AUTH_CONFIG="' + ESCAPED.replace(AUTH, "${REG_AUTH}") + '"\n'),
])
def test_variables_commands_and_escapes_that_are_no_config(lint: Lint, path: str, text: str) -> None:
    assert _dcr030(lint, path, text) == []


def test_a_registry_secrets_config_stays_dcr022(lint: Lint) -> None:
    lint.write("secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: pull}\n"
                              f"type: kubernetes.io/dockerconfigjson\nstringData:\n  .dockerconfigjson: '{CONFIG}'\n")
    run = lint("--format", "json", "--fail-on", "never", ".")
    assert [h.rule for h in run.hits()] == ["DCR022"]


# Spellings of the secret key (and its quote) each language's decoding gives: the gate must hold
# on each (the check reads decoded values), and the finding be there.
SPELLINGS = [
    (".gitlab-ci.yml", 'variables:\n  X: "{\\"auths\\": {\\"r.example.com\\": {\\"\\x61uth\\": \\"%s\\"}}}"\n'),
    (".gitlab-ci.yml", 'variables:\n  X: "{\\"auths\\": {\\"r.example.com\\": {\\"au\\\n    th\\": \\"%s\\"}}}"\n'),
    (".gitlab-ci.yml", "variables:\n  X: '{\"auths\": {\"r.example.com\": {\"\\u0061uth\": \"%s\"}}}'\n"),
    # every brace, quote or blank between them spelled with an escape
    (".gitlab-ci.yml", 'variables:\n  X: "%s"\n' % '\\x7b\\x22auths\\x22: \\x7b\\x22r.example.com\\x22: '
                       '\\x7b\\x22auth\\x22: \\x22%s\\x22}}}'),
    (".gitlab-ci.yml", 'variables:\n  X: "%s"\n' % '{\\n\\t\\"auths\\": {\\r\\ \\"r.example.com\\": '
                       '{\\t\\"auth\\": \\"%s\\"}}}'),
    (".gitlab-ci.yml", 'variables:\n  X: "{\\\n    \\"auths\\": {\\\n \\"r.example.com\\": {\\\n \\"auth\\": '
                       '\\"%s\\"}}}"\n'),
    (".gitlab-ci.yml", "variables:\n  X: '{\"auths\": {\"r.example.com\": {\"AUTH\": \"%s\"}}}'\n"),
    (".gitlab-ci.yml", "variables:\n  X: '{\"auths\": {\"r.example.com\": {\"username\": \"u\", "
                       "\"pa\u017f\u017fword\": \"%s\"}}}'\n"),
    (".gitlab-ci.yml", "variables:\n  X: '{\"auths\": {\"r.example.com\": {\"identityto\u212aen\": \"%s\"}}}'\n"),
    ("Jenkinsfile", "pipeline {\n  environment {\n    X = \"{\\\"auths\\\": {\\\"r.example.com\\\": "
                    "{\\\"\\u0061uth\\\": \\\"%s\\\"}}}\"\n  }\n}\n"),
    ("main.tf", 'locals {\n  cfg = "{\\"auths\\": {\\"r.example.com\\": {\\"\\u0061uth\\": \\"%s\\"}}}"\n}\n'),
]


@pytest.mark.parametrize(("path", "text"), SPELLINGS, ids=[str(i) for i in range(len(SPELLINGS))])
def test_escaped_keys_keep_the_gate_and_the_finding(lint: Lint, gating: None, path: str, text: str) -> None:
    text = text % AUTH
    assert may_embed_config(scanned(text, path))
    assert len(_dcr030(lint, path, text)) == 1


def test_the_gate_is_false_where_no_value_can_hold_a_config() -> None:
    assert not may_embed_config(scanned("variables:\n  A: '{\"x\": {\"y\": 1}}'\n", ".gitlab-ci.yml"))
    assert not may_embed_config(scanned("#!/bin/sh\nexport TOKEN=$TOKEN\n", "setup.sh"))


# --- Terraform registry Secrets: DCR022 ---------------------------------------------------------

def _tf_secret(data: str) -> str:
    return ('resource "kubernetes_secret" "pull" {\n  metadata { name = "pull" }\n'
            f'  type = "kubernetes.io/dockerconfigjson"\n  data = {{\n    ".dockerconfigjson" = {data}\n  }}\n}}\n')


def test_terraform_jsonencode_auth_is_dcr022_with_the_decoded_user(lint: Lint) -> None:
    text = _tf_secret('jsonencode({\n      auths = {\n        "dcr.example.com" = {\n'
                      f'          auth = "{AUTH}"\n        }}\n      }}\n    }})')
    lint.write("main.tf", text)
    run = lint("--format", "json", "--fail-on", "never", ".")
    (hit,) = run.hits()
    line = text.splitlines()[7]
    assert (hit.rule, hit.line, hit.column, hit.end_column) == ("DCR022", 8, line.index(AUTH) + 1,
                                                                line.index(AUTH) + len(AUTH) + 1)
    assert "dcr.example.com (user ci-bot)" in hit.message and AUTH not in run.out


def test_terraform_jsonencode_token_and_reference(lint: Lint) -> None:
    text = _tf_secret('jsonencode({auths = {"a.example.com" = {IdentityToken = "Rt6-canyon-19-Xw"},\n'
                      '      "b.example.com" = {auth = base64encode("ci:${var.pw}")},\n'
                      '      "c.example.com" = {auth = "bm90LWEtcGFpcg=="}}})')
    lint.write("main.tf", text)
    run = lint("--format", "json", "--fail-on", "never", ".")
    assert [(h.rule, h.line) for h in run.hits()] == [("DCR022", 5)]  # a reference, and no user:password


def test_terraform_heredoc_is_dcr022(lint: Lint) -> None:
    text = _tf_secret(f'<<-EOT\n      {CONFIG}\n    EOT')
    lint.write("main.tf", text)
    run = lint("--format", "json", "--fail-on", "never", ".")
    (hit,) = run.hits()  # not also DCR030's heredoc
    assert (hit.rule, hit.line, hit.column, hit.end_line, hit.end_column) == ("DCR022", 6, 7, 6, 7 + len(CONFIG))
    assert "dcr.example.com (user ci-bot)" in hit.message
    templated = _tf_secret('<<-EOT\n      {"auths": {"dcr.example.com": {"auth": "${var.auth}"}}}\n    EOT')
    lint.write("main.tf", templated)
    assert lint("--format", "json", "--fail-on", "never", ".").hits() == []


def test_a_jenkinsfiles_values_are_the_same_from_its_models_tokens() -> None:
    """VALUES of a Jenkinsfile reuse the tokens of its model when it was built, else lex."""
    from dcrlint.facts import JENKINS_MODEL, VALUES

    text = ("pipeline {\n  environment { A = 'x\\u0061' }\n  stages { stage('b') { steps {\n"
            "    sh \"\"\"echo ${A} 't'\"\"\"\n  } } }\n}\n// 'not a string'\n")
    fresh, modelled = scanned(text, "Jenkinsfile"), scanned(text, "Jenkinsfile")
    modelled.get(JENKINS_MODEL)

    def values(file: Any) -> list[tuple[str, int, int]]:
        return [(v.value, v.text.offset(0), v.text.end) for v in file.get(VALUES)]

    assert values(fresh) == values(modelled) and len(values(fresh)) == 3
    assert not fresh.extracted(JENKINS_MODEL)  # lexed without the model (its notifications)


# --- a docker config written in a script: a single-quoted string, a here-document --------------

SCRIPTS = [
    # (path, text, the line of the `auth` key)
    (".github/workflows/ci.yml", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n"
                                 f"          export DOCKER_AUTH_CONFIG='{CONFIG}'\n          make\n", 7),
    (".gitlab-ci.yml", "b:\n  script:\n    - mkdir -p ~/.docker\n    - |\n      cat > ~/.docker/config.json <<EOF\n"
                       f"      {CONFIG}\n      EOF\n", 6),
    ("setup.sh", "#!/bin/sh\nexport DOCKER_AUTH_CONFIG='{\n  \"auths\": {\n"
                 f"    \"dcr.example.com\": {{\"auth\": \"{AUTH}\"}}\n  }}\n}}'\n", 4),
    ("setup.sh", f"#!/bin/sh\ncat > ~/.docker/config.json <<-'EOF'\n\t{CONFIG}\n\tEOF\necho done\n", 3),
    # a delimiter word with a dash (bash takes any word), a script with CRLF line ends
    ("setup.sh", f"#!/bin/sh\ncat > ~/.docker/config.json <<'END-OF-CONFIG'\n{CONFIG}\nEND-OF-CONFIG\necho done\n", 3),
    ("setup.sh", f"#!/bin/sh\r\ncat > ~/.docker/config.json <<EOF\r\n{CONFIG}\r\nEOF\r\necho done\r\n", 3),
    ("Jenkinsfile", "node {\n  sh '''\n    cat > ~/.docker/config.json <<EOF\n"
                    f"    {CONFIG}\nEOF\n  '''\n}}\n", 4),
]


@pytest.mark.parametrize(("path", "text", "line"), SCRIPTS, ids=[f"{p}-{i}" for i, (p, _, _) in enumerate(SCRIPTS)])
def test_a_docker_config_in_a_script_is_reported_at_its_key(lint: Lint, path: str, text: str, line: int) -> None:
    (hit,) = _dcr030(lint, path, text)  # once: a one-line word of a script is also a value
    source_line = text.splitlines()[line - 1]
    key = source_line.index("auth", source_line.index("auths") + 5 if "auths" in source_line else 0)
    assert hit[:3] == (line, key + 1, line)


def test_a_heredoc_expanding_a_variable_is_not_reported(lint: Lint) -> None:
    text = "#!/bin/sh\ncat > ~/.docker/config.json <<EOF\n" + CONFIG.replace(AUTH, "$REG_AUTH") + "\nEOF\n"
    assert _dcr030(lint, "setup.sh", text) == []


def test_here_documents_are_walked_once(lint: Lint, monkeypatch: pytest.MonkeyPatch) -> None:
    # every here-document left open runs to the end of the script: a body is not searched again
    # for here-documents, or each of N unterminated ones would walk the rest (N squared)
    from dcrlint.checks import dcr030_docker_config_plaintext_auth as dcr030

    walked: list[int] = []
    real = dcr030.delimiter_line

    def counted(text: str, start: int, word: str, tabs: bool) -> int | None:
        end = real(text, start, word, tabs)
        walked.append((len(text) if end is None else end) - start)
        return end

    monkeypatch.setattr(dcr030, "delimiter_line", counted)
    script = "#!/bin/sh\n" + 'cat <<EOF\n{"auth": 1\n' * 2000
    lint.write("open.sh", script)
    lint("--format", "json", "--fail-on", "never", "--jobs", "1", ".")
    assert walked and sum(walked) <= len(script)


@pytest.mark.parametrize("head", ["<<'EOF'\n", "<<EOF\nread '\n"], ids=["quoted-delimiter", "quote-in-body"])
def test_a_config_after_a_here_document_is_reported(lint: Lint, head: str) -> None:
    """The quote of a here-document's delimiter, or one in its body, pairs with no quote after
    it: the body is not the shell's string."""
    body = '{"auths": {"r.example.com": {"auth": "$REG_AUTH"}}}'
    script = f"cat > ~/.docker/config.json {head}{body}\nEOF\nexport DOCKER_AUTH_CONFIG='{CONFIG}'\n"
    for path, text in (("setup.sh", f"#!/bin/sh\n{script}"),
                       (".gitlab-ci.yml", "b:\n  script:\n    - |\n" + "".join(f"      {ln}\n" for ln in script.splitlines()))):
        lines = text.splitlines()
        export = next(i for i, ln in enumerate(lines, 1) if "export" in ln)
        assert [h[0] for h in _dcr030(lint, path, text)] == [export], path


def test_a_shift_is_not_a_here_document(lint: Lint) -> None:
    """`<<` with no delimiter line after it leaves the rest of the script to the shell's strings."""
    text = f"#!/bin/sh\necho $((1 << n))\nexport DOCKER_AUTH_CONFIG='{CONFIG}'\n"
    assert [h[0] for h in _dcr030(lint, "setup.sh", text)] == [3]


ENCODED = base64.b64encode(CONFIG.encode()).decode()


@pytest.mark.parametrize(("path", "text", "line"), [
    (".env", f"# registry\nDOCKER_AUTH_CONFIG_B64={ENCODED}\n", 2),
    (".gitlab-ci.yml", f'variables:\n  DOCKER_CONFIG_B64: "{ENCODED}"\nb:\n  script: [make]\n', 2),
    ("cfg.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: cfg}\ntype: Opaque\n"
                 f"data:\n  config.json: {ENCODED}\n", 6),
])
def test_a_base64_encoded_config_is_reported_at_the_whole_value(lint: Lint, path: str, text: str, line: int) -> None:
    lint.write(path, text)
    run = lint("--format", "json", "--fail-on", "never", ".")
    assert ENCODED not in run.out and PASSWORD not in run.out and AUTH not in run.out
    (hit,) = run.hits()
    column = text.splitlines()[line - 1].index(ENCODED) + 1
    assert (hit.rule, hit.line, hit.column, hit.end_line, hit.end_column) == ("DCR030", line, column, line,
                                                                               column + len(ENCODED))
    assert "base64-encoded docker config" in hit.message and "dcr.example.com (user ci-bot)" in hit.message


@pytest.mark.parametrize("config", [
    CONFIG.replace(AUTH, "$REG_AUTH"), CONFIG.replace(AUTH, "BASE64_AUTH"), '{"auths": {"dcr.example.com": {}}}',
    '{"credsStore": "pass", "note": "auths"}', '{"alg": "HS256", "auths": 1}',
])
def test_base64_of_no_inline_secret_is_not_reported(lint: Lint, config: str) -> None:
    assert _dcr030(lint, ".env", f"DOCKER_AUTH_CONFIG_B64={base64.b64encode(config.encode()).decode()}\n") == []


def test_base64_not_exact_is_not_reported(lint: Lint) -> None:
    # cut short (its JSON cut), or with text around it: not the encoding as it is (unpadded is:
    # `test_base64_spellings_are_reported_at_the_whole_value`)
    for value in (ENCODED[:-2], ENCODED[:-5], f"{ENCODED}x", f"{ENCODED}==", f"Basic {ENCODED}", f"{ENCODED[:40]}.{ENCODED[40:]}"):
        assert _dcr030(lint, ".env", f"DOCKER_AUTH_CONFIG_B64={value}\n") == [], value


def test_a_registry_secrets_encoded_config_stays_dcr022(lint: Lint) -> None:
    lint.write("secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: pull}\n"
                              f"type: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: {ENCODED}\n")
    run = lint("--format", "json", "--fail-on", "never", ".")
    assert [h.rule for h in run.hits()] == ["DCR022"]


def _wrapped(data: str, indent: str = "") -> str:
    """`data` base64-encoded as `base64` prints it: a line break after every 76 characters."""
    text = base64.b64encode(data.encode()).decode()
    return "\n".join(indent + text[i : i + 76] for i in range(0, len(text), 76))


# A config whose encoding holds `+` and `/` (URL-safe: `-` and `_`)
SLASHED = '{"auths": {"dcr.example.com": {"auth": "%s", "email": "ci@example.com ~~~???"}}}' % AUTH
assert "+" in base64.b64encode(SLASHED.encode()).decode() and "/" in base64.b64encode(SLASHED.encode()).decode()
PRETTY = '{\n  "auths": {\n    "dcr.example.com": {\n      "auth": "%s"\n    }\n  }\n}\n' % AUTH


# (path, text, the encoded value as written): one finding from its first character to its last
def _b64_spellings() -> list[tuple[str, str, str]]:
    urlsafe = base64.urlsafe_b64encode(SLASHED.encode()).decode()
    unpadded = base64.b64encode(CONFIG.encode()).decode().rstrip("=")
    escaped_keys = base64.b64encode(CONFIG.replace('"auths"', '"\\u0061uths"')
                                    .replace('"auth"', '"\\u0061uth"').encode()).decode()
    upper = base64.b64encode(CONFIG.replace("auths", "Auths").replace('"auth"', '"AUTH"').encode()).decode()
    legacy = base64.b64encode(('{"https://index.docker.io/v1/": {"auth": "%s", "email": "ci@example.com"}}'
                               % AUTH).encode()).decode()
    block = _wrapped(PRETTY, "    ")
    env = _wrapped(PRETTY)
    return [
        (".gitlab-ci.yml", f"variables:\n  DOCKER_CONFIG_B64: |\n{block}\nb:\n  script: [make]\n", block.lstrip()),
        (".env", f'# registry\nDOCKER_CONFIG_B64="{env}"  # base64 -w 76\n', env),
        (".env", f"DOCKER_CONFIG_B64={urlsafe}\n", urlsafe),
        (".gitlab-ci.yml", f"variables:\n  DOCKER_CONFIG_B64: {unpadded}\n", unpadded),
        (".env", f"DOCKER_CONFIG_B64='{escaped_keys}'\n", escaped_keys),
        (".env", f"DOCKER_CONFIG_B64={upper}\n", upper),
        (".env", f"DOCKERCFG_B64={legacy}\n", legacy),
        # the first letter spelled with a YAML escape: the value as YAML reads it
        (".gitlab-ci.yml", f'variables:\n  DOCKER_CONFIG_B64: "\\x65{unpadded[1:]}"\n', f"\\x65{unpadded[1:]}"),
    ]


B64_SPELLINGS = _b64_spellings()


@pytest.mark.parametrize(("path", "text", "value"), B64_SPELLINGS, ids=[str(i) for i in range(len(B64_SPELLINGS))])
def test_base64_spellings_are_reported_at_the_whole_value(lint: Lint, gating: None, path: str, text: str,
                                                          value: str) -> None:
    """Wrapped at 76 columns, unpadded, URL-safe, keys in another case or `\\u` escapes, the legacy
    layout: each is read by whoever reads the file, so each is reported, with the gate."""
    assert may_embed_config(scanned(text, path))
    lint.write(path, text)
    run = lint("--format", "json", "--fail-on", "never", ".")
    lines = value.splitlines()
    assert PASSWORD not in run.out and AUTH not in run.out and not any(line.strip() in run.out for line in lines)
    (hit,) = run.hits()
    start = text.index(value)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    end_line = line + len(lines) - 1
    end_column = (column if len(lines) == 1 else 1) + len(lines[-1])
    assert (hit.rule, hit.line, hit.column, hit.end_line, hit.end_column) == ("DCR030", line, column, end_line,
                                                                               end_column)
    assert "base64-encoded docker config" in hit.message and "(user ci-bot)" in hit.message


@pytest.mark.parametrize("text", [
    "variables:\n  keyId: 1\n  framework: viewport\n",  # inside words: no value starts there
    "variables:\n  NOTE: ew0AAAAAAAAA\n  B: eyAB\n",  # decode to control characters: no JSON
])
def test_the_base64_gate_is_false_on_words_and_non_json(text: str) -> None:
    assert not may_embed_config(scanned(text, ".gitlab-ci.yml"))


@pytest.mark.parametrize("value", [
    _wrapped(PRETTY)[:-8],  # cut: its JSON does not end
    base64.b64encode(b'{"credsStore": "pass", "auths": {"dcr.example.com": {}}}').decode(),
    base64.b64encode(b'{"alg": "HS256", "typ": "JWT"}').decode(),
    base64.b64encode(PRETTY.replace(AUTH, "${REG_AUTH}").encode()).decode(),
])
def test_base64_near_misses(lint: Lint, value: str) -> None:
    assert _dcr030(lint, ".env", f'DOCKER_CONFIG_B64="{value}"\n') == []


def test_base64_led_by_a_cut_is_not_read_and_a_later_cut_is(lint: Lint, gating: None) -> None:
    """A value is read when its first four characters are on one line of the file (what the gate
    looks for); a YAML escaped line break after them is read as YAML reads it."""
    encoded = base64.b64encode(CONFIG.encode()).decode()
    cut = f'variables:\n  DOCKER_CONFIG_B64: "{encoded[:2]}\\\n    {encoded[2:]}"\n'
    assert _dcr030(lint, ".gitlab-ci.yml", cut) == []
    later = f'variables:\n  DOCKER_CONFIG_B64: "{encoded[:40]}\\\n    {encoded[40:]}"\n'
    assert may_embed_config(scanned(later, ".gitlab-ci.yml"))
    assert _dcr030(lint, ".gitlab-ci.yml", later) == [(2, 23, 3, 4 + len(encoded) - 40 + 1)]


# --- env files as Compose and python-dotenv read them -------------------------------------------
# A quoted value ends at its first quote no backslash precedes, maybe lines later; a comment may
# follow it. (path text, (line, column) of the `auth` key, (line, column) where its value ends)
MULTILINE_ESCAPED = f'{{\n  \\"auths\\": {{\n    \\"dcr.example.com\\": {{\\"auth\\": \\"{AUTH}\\"}}\n  }}\n}}'
MULTILINE = MULTILINE_ESCAPED.replace('\\"', '"')


@pytest.mark.parametrize(("text", "line"), [
    (f'DOCKER_AUTH_CONFIG="{ESCAPED}" # the CI registry\n', 1),
    (f'DOCKER_AUTH_CONFIG="{ESCAPED}"# no blank before it\n', 1),
    (f"# registry\nDOCKER_AUTH_CONFIG='{CONFIG}'   # the CI registry\n", 2),
    (f"export DOCKER_AUTH_CONFIG = '{CONFIG}' # spaces around =\n", 1),
    (f'A=1\nDOCKER_AUTH_CONFIG="{MULTILINE_ESCAPED}"\nB=2\n', 4),
    (f"DOCKER_AUTH_CONFIG='{MULTILINE}' # over lines\nB=2\n", 3),
    (f'DOCKER_AUTH_CONFIG="{MULTILINE_ESCAPED}"\r\nB=2\r\n'.replace("\n", "\r\n").replace("\r\r", "\r"), 3),
])
def test_env_file_quoted_values_with_comments_and_over_lines(lint: Lint, text: str, line: int) -> None:
    (hit,) = _dcr030(lint, ".env", text)
    source_line = text.splitlines()[line - 1]
    key = source_line.index('auth\\"' if '\\"' in source_line else 'auth"') + 1
    end = source_line.index(AUTH) + len(AUTH) + 1
    assert hit == (line, key, line, end)


@pytest.mark.parametrize("text", [
    f'DOCKER_AUTH_CONFIG="{ESCAPED}"trailing\n',  # text after the closing quote: no quoted value
    f'DOCKER_AUTH_CONFIG="{MULTILINE}"\n',  # unescaped quotes end a double-quoted value at once
    f"DOCKER_AUTH_CONFIG='{MULTILINE_ESCAPED}' # single quotes keep the backslashes\n",
    f'# DOCKER_AUTH_CONFIG="{ESCAPED}"\n',
    f'DOCKER_AUTH_CONFIG="{ESCAPED.replace(AUTH, "${REG_AUTH}")}" # expanded by Compose\n',
    f"NOTES='one value over lines\nDOCKER_AUTH_CONFIG={CONFIG}\n' # a line of another value\n",
    f'DOCKER_AUTH_CONFIG="{ESCAPED}\n',  # never closed: the line as written
])
def test_env_file_near_misses(lint: Lint, text: str) -> None:
    assert _dcr030(lint, ".env", text) == []


# --- make variables over lines: `define ... endef`, and lines joined by a backslash -------------

@pytest.mark.parametrize(("text", "line"), [
    (f"define DOCKER_AUTH_CONFIG\n{MULTILINE}\nendef\nexport DOCKER_AUTH_CONFIG\n", 4),
    (f"export define REGISTRY_AUTH :=\n{MULTILINE}\nendef\n\nbuild:\n\tmake -C app\n", 4),
    (f"define OUTER\ndefine INNER\nx\nendef\nendef\ndefine REGISTRY_AUTH =\r\n{MULTILINE}\r\nendef\r\n".replace(
        f"{MULTILINE}", MULTILINE.replace("\n", "\r\n")), 9),
    # make joins the lines, each break with the blanks around it one blank
    ('REGISTRY_AUTH := { \\\n    "auths": { \\\n      "dcr.example.com": {"auth": "%s"} \\\n    } \\\n  }\n' % AUTH, 3),
    ('REGISTRY_AUTH = {"auths": {"dcr.example.com":\\\n{"auth": "%s"}}}  # for the runner\nall:\n' % AUTH, 2),
])
def test_make_define_and_joined_lines(lint: Lint, gating: None, text: str, line: int) -> None:
    assert may_embed_config(scanned(text, "Makefile"))
    (hit,) = _dcr030(lint, "Makefile", text)
    source_line = text.splitlines()[line - 1]
    key = source_line.index('"auth"') + 2
    end = source_line.index(AUTH) + len(AUTH) + 1
    assert hit == (line, key, line, end)


def test_make_base64_over_lines_is_reported_at_the_whole_value(lint: Lint, gating: None) -> None:
    encoded = base64.b64encode(PRETTY.encode()).decode()
    lines = [encoded[i : i + 76] for i in range(0, len(encoded), 76)]
    for text, first, last in [
        ("REGISTRY_AUTH_B64 := " + " \\\n\t".join(lines) + "\n", (1, 22), (len(lines), 2 + len(lines[-1]))),
        ("define REGISTRY_AUTH_B64\n" + "\n".join(lines) + "\nendef\n", (2, 1), (1 + len(lines), 1 + len(lines[-1]))),
    ]:
        assert may_embed_config(scanned(text, "Makefile"))
        lint.write("Makefile", text)
        run = lint("--format", "json", "--fail-on", "never", ".")
        assert PASSWORD not in run.out and AUTH not in run.out and not any(piece in run.out for piece in lines)
        (hit,) = run.hits()
        assert (hit.rule, hit.line, hit.column, hit.end_line, hit.end_column) == ("DCR030", *first, *last)


@pytest.mark.parametrize("text", [
    f"define REGISTRY_AUTH\n{MULTILINE}\n",  # no endef: make stops
    f"define REGISTRY_AUTH\n{MULTILINE.replace(AUTH, '$(REG_AUTH)')}\nendef\n",
    f"REGISTRY_AUTH != cat <<'EOF' \\\n{MULTILINE}\n",  # a command's output
    'REGISTRY_AUTH := {"auths": {"dcr.example.com": # a comment goes on \\\n{"auth": "%s"}}}\n' % AUTH,
    'REGISTRY_AUTH := {"auths": {"dcr.example.com": \\\\\n{"auth": "%s"}}}\n' % AUTH,  # `\\\\`: no join
    f"build:\n\tREGISTRY_AUTH='{{ \\\n\t\"auths\": {{\"dcr.example.com\": {{\"auth\": \"{AUTH}\"}}}}}}' make\n",
])
def test_make_near_misses(lint: Lint, text: str) -> None:
    assert _dcr030(lint, "Makefile", text) == []
