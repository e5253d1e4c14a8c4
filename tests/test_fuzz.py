"""Property-based fuzzing of every reader, each input under a time budget: text assembled
from the pieces each file kind is made of (so that inputs reach deep into the parsers, not
only their first error) is scanned whole, and the parsers are also called directly.

Properties: no exception escapes (an internal error of a check is a failure here), every
finding and notification points inside the file, and no input takes longer than the budget.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dcrlint.config import Settings
from dcrlint.discover import Target
from dcrlint.engine import scan_file
from dcrlint.rulesmeta import builtin_rules
from dcrlint.source import MappedText, SourceFile

# Per input: generous for a shared CI machine, far below what a hang or a quadratic cost takes.
BUDGET_MS = 3000
EXAMPLES = int(os.environ.get("DCRLINT_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=BUDGET_MS, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])

_ODD = ["\x07", "\x00", "\r", "\r\n", "\t", "\u2028", "\x85", "é", "\U0001f600", "\ufeff", "\\", "'", '"']


def _text(pieces: list[str]) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(pieces), st.sampled_from(_ODD), st.text(max_size=4))
    return st.lists(piece, max_size=60).map("".join)


YAML = ["a", "password", ": ", " ", "  ", "\n", "- ", "&x ", "*x", "<<: *x", "[", "]", "{", "}", ", ",
        "'", '"', "|\n", ">-\n", "# c", "---\n", "...\n", "\\n", "\\u00e9", "!!str ", "!x ", "? ",
        "{{ .Values.x }}", "%YAML 1.1\n", "docker login -u u -p Zt8mQ2vL9xKp r.example.com",
        "${{ secrets.P }}", "$P", "https://u:Zt8mQ2vL9xKp@r.example.com/"]
GITLAB = [*YAML, "build:\n", "  script:\n", "    - ", "  before_script: ", "extends: .x\n", ".x:\n",
          "!reference [.x, script]", "include:\n", "  - local: a.yml\n", "variables:\n", "  tags: [windows]\n"]
WORKFLOW = [*YAML, "on: push\n", "jobs:\n", "  b:\n", "    runs-on: ubuntu-latest\n", "    steps:\n",
            "      - run: ", "        shell: pwsh\n", "      - uses: docker/login-action@v3\n",
            "        with:\n          password: ", "    env:\n", "      P: ${{ secrets.P }}\n"]
K8S = [*YAML, "apiVersion: v1\n", "kind: Pod\n", "kind: Secret\n", "kind: Deployment\n", "metadata:\n",
       "  name: a\n", "  namespace: n\n", "spec:\n", "  template:\n", "  containers:\n", "    - name: c\n",
       "      image: r.example.com/a:1\n", "      env:\n", "        - name: PASSWORD\n", "          value: ",
       "imagePullSecrets: [{name: s}]\n", "type: kubernetes.io/dockerconfigjson\n",
       "data:\n  .dockerconfigjson: eyJhdXRocyI6e319\n", "stringData:\n  password: "]
SHELL = ["docker", " login", " -u", " u", " -p", " $P", " ${P}", " Zt8mQ2vL9xKp", " r.example.com", "'", '"',
         "\\", "$(", ")", "`", "<<EOF\n", "<<'EOF'\n", "EOF\n", " | ", " && ", "; ", "\n", " ",
         "--password-stdin", "--password=", "echo", "set -x", "# c", "{", "}", "bash -c ", "eval ",
         "kubectl create secret docker-registry s --docker-password=", "$((", "))", "${P:-x}", "a=(", "[[", "]]"]
PWSH = ["docker", " login", " -p", " $env:P", " $P", " Zt8mQ2vL9xKp", "`", "`n", "@'\n", "\n'@", '@"\n', '\n"@',
        "'", '"', "$(", ")", "{", "}", "|", ";", "\n", " ", "--password-stdin", "Write-Host", "#", "<#", "#>"]
GROOVY = ["pipeline", " {", "}", "\n", "stage('a')", "steps", "node", "sh ", "bat ", "powershell ", "'", '"',
          '"""', "'''", "${", "$x", "${'Zt8mQ2vL9xKp'}", "\\", "/", "$/", "/$", "(", ")", "//", "/*", "*/",
          "withCredentials([usernamePassword(credentialsId: 'c', usernameVariable: 'U', passwordVariable: 'P')])",
          "environment", " P = credentials('c')\n", "docker login -u $U -p $P r", "docker.withRegistry('https://r', 'c')",
          "[", "]", ":", ",", " + ", "script: "]
DOCKERFILE = ["FROM x\n", "FROM x AS b\n", "RUN ", "\\\n", "docker login -u u -p Zt8mQ2vL9xKp r", "# escape=`\n",
              "`\n", "[", "]", '"', ", ", "<<EOF\n", "EOF\n", "ARG P\n", "ENV P=", "\n", " ", "SHELL [\"pwsh\", \"-c\"]\n",
              "--mount=type=secret,id=p ", "$P", "${P}"]
MAKEFILE = ["a:", " b", "\t", "docker login -u u -p $(P) r", "$$P", "\\\n", "define X\n", "endef\n", "$(", ")",
            "\n", " = ", " := ", ";", "@", "-", "ifeq (a,b)\n", "endif\n", "export P\n", "P ?= Zt8mQ2vL9xKp\n", "#"]
DOCKER_CONFIG = ["{", "}", "[", "]", '"auths"', ": ", ", ", '"r.example.com"', '"https://u:p@r.example.com/v1/"',
                 '"auth"', '"dTpadDhtUTJ2TDl4S3A="', '"dTo="', '"="', '"username"', '"password"', '"Zt8mQ2vL9xKp"',
                 '"identitytoken"', '"credsStore"', '"credHelpers"', '"desktop"', "null", "1", "1e999", "true",
                 '"\\u00e9"', '"\\ud800"', '"', "\\", " ", "\n"]

KINDS = {
    "yaml": ("k8s/a.yaml", K8S),
    "gitlab": (".gitlab-ci.yml", GITLAB),
    "workflow": (".github/workflows/a.yml", WORKFLOW),
    "generic-yaml": ("conf/a.yaml", YAML),
    "shell": ("a.sh", SHELL),
    "pwsh": ("a.ps1", PWSH),
    "jenkins": ("Jenkinsfile", GROOVY),
    "dockerfile": ("Dockerfile", DOCKERFILE),
    "makefile": ("Makefile", MAKEFILE),
    "docker-config": (".docker/config.json", DOCKER_CONFIG),
}
RULES = frozenset(builtin_rules())


def _scan(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", errors="surrogatepass", newline="")
    os.environ["DCRLINT_DEBUG"] = "1"  # a check that raises fails the test
    try:
        out = scan_file(Target(rel, str(path), True), Settings(root=str(root)), RULES, {})
    finally:
        del os.environ["DCRLINT_DEBUG"]
    lines = text.count("\n") + text.count("\r") + 2
    for r in out.results:
        assert 1 <= r.start.line <= r.end.line <= lines, (r.rule_id, r.start, r.end)
    for n in out.notifications:
        assert "internal error" not in n.message, n
        assert n.line is None or 1 <= n.line <= lines, n


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_scan_any_text_of_each_kind(tmp_path: Path, kind: str) -> None:
    rel, pieces = KINDS[kind]

    @FUZZ
    @given(_text(pieces))
    def run(text: str) -> None:
        _scan(tmp_path, rel, text)

    run()


@FUZZ
@given(_text(YAML))
def test_yaml_scalars_map_back_exactly(text: str) -> None:
    """compose never raises anything but YamlError; each scalar's mapped text is its value
    and every character maps inside the file."""
    from yaml.nodes import ScalarNode

    from dcrlint.yamlsrc import YamlError, compose, iter_nodes, scalar_text

    source = SourceFile("a.yaml", text)
    problems: list[YamlError] = []
    try:
        docs = compose(source, problems)
    except YamlError:
        return
    for doc in docs:
        for node in iter_nodes(doc):
            if isinstance(node, ScalarNode):
                mt = scalar_text(node, source)
                assert mt.text == node.value
                assert all(0 <= mt.offset(i) <= len(text) for i in range(len(mt.text)))


@FUZZ
@given(_text(SHELL), st.sampled_from(["sh", "bash", "pwsh", "cmd"]))
def test_shell_words_stay_inside_the_script(text: str, dialect: str) -> None:
    from dcrlint.shell import parse_shell

    script = parse_shell(MappedText.verbatim(text, 0), dialect)
    for cmd in script.commands:
        assert 0 <= cmd.span.start <= cmd.span.end <= len(text)
        for w in cmd.words:
            assert 0 <= w.span.start <= w.span.end <= len(text)


@FUZZ
@given(_text(GROOVY))
def test_groovy_tokens_cover_the_text_in_order(text: str) -> None:
    from dcrlint.groovy import tokenize
    from dcrlint.jenkins import parse

    tokens = tokenize(text)
    at = 0
    for t in tokens:
        assert at <= t.span.start <= t.span.end <= len(text)
        at = t.span.end
        if t.string is not None:
            assert all(0 <= t.string.value.offset(i) <= len(text) for i in range(len(t.string.value.text)))
    model = parse(text)
    for step in model.steps:
        assert all(0 <= step.value.offset(i) <= len(text) for i in range(len(step.value.text)))


@FUZZ
@given(_text(DOCKER_CONFIG))
def test_docker_config_raises_only_its_own_error(text: str) -> None:
    from dcrlint.dockerauth import DockerConfigError, parse_docker_config

    with contextlib.suppress(DockerConfigError):
        parse_docker_config(text)
