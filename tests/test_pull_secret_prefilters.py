"""The pull-secret collection's early exit for a file that is no manifest (`_may_add`: may it
log in or run kubectl) reads the file's memoized `shell_words`; it answers as the tests it
stands for, each spelling's words made again: `may_run_kubectl` of the text and of its decoded
spelling, or `k8s.evidence.may_log_in`. Random texts of the pieces that decide them (quotes and
escapes splitting a word, YAML and Groovy escapes, ANSI-C strings, case, `oc` as a word)."""

from __future__ import annotations

import pytest
from conftest import scanned
from hypothesis import given, settings
from hypothesis import strategies as st

PIECES = ["kube", "ctl", "KUBE", "lo", "gin", "LOGIN", "oc", "OC", "o\\c", "xoc", "oc_", '"', "'", "\\", "\\x6c",
          "\\x63", "\\u006c", "$'", "$'\\x6c'", "\\\n", " ", "\n", "-", "$", "docker ", "run: "]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
PATHS = [".github/workflows/ci.yml", ".gitlab-ci.yml", "Jenkinsfile", "build.sh", "Makefile"]


def _before(file: object) -> bool:
    """The test as written before: each spelling's words made for each question."""
    from dcrlint.checks._spellings import unescaped_text
    from dcrlint.k8s.clients import may_run_kubectl
    from dcrlint.k8s.evidence import may_log_in

    text = file.source.text  # type: ignore[attr-defined]
    if may_run_kubectl(text) or may_log_in(file):  # type: ignore[arg-type]
        return True
    decoded = unescaped_text(file)  # type: ignore[arg-type]
    return decoded is not None and may_run_kubectl(decoded)


@pytest.mark.parametrize("path", PATHS)
@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_may_add_as_each_spelling_read_again(path: str, text: str) -> None:
    from dcrlint.checks._pull_secret_index import _may_log_in_or_run_kubectl

    assert _may_log_in_or_run_kubectl(scanned(text, path)) == _before(scanned(text, path))


@pytest.mark.parametrize(("path", "text"), [
    (".gitlab-ci.yml", 'job:\n  script:\n    - "kube\\x63tl create secret docker-registry r"\n'),
    (".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    steps:\n      - run: kube\"ct\"l apply -f x\n"),
    ("build.sh", "o\\c create sa builder\n"),
    ("build.sh", "docker $'\\x6c'ogin r.example.com\n"),
])
def test_may_add_spellings(path: str, text: str) -> None:
    from dcrlint.checks._pull_secret_index import _may_log_in_or_run_kubectl

    assert _may_log_in_or_run_kubectl(scanned(text, path))


# --- the parse prefilter of the index's kubectl commands (KUBECTL_COMMANDS) ------------------
# A context is parsed for the index only where a kubectl (or oc) command may create a Secret or
# a ServiceAccount, or patch one: the commands `k8s.index._command_facts` reads are found as when
# every context is parsed, whatever the options around the verbs and however they are spelled.

VERBS = ["create secret docker-registry r --docker-server=reg.example.com --docker-password=$PW",
         "create secret generic app --from-literal=k=v", "create secret tls t --cert=c --key=k",
         "create serviceaccount builder", "create sa builder", "patch sa default -p '{\"imagePullSecrets\": [{\"name\": \"r\"}]}'",
         "patch serviceaccount default --patch '{\"imagePullSecrets\": [{\"name\": \"r\"}]}'",
         "patch sa/default -p '{\"imagePullSecrets\": [{\"name\": \"r\"}]}'", "apply -f x.yaml", "get pods",
         "create deployment web --image=x"]
OPTIONS = ["", "-n ci ", "--namespace=ci ", "--dry-run=client ", "-o yaml ", "--context prod "]


@st.composite
def kubectl_scripts(draw: st.DrawFn) -> str:
    program = draw(st.sampled_from(["kubectl", "oc", "/usr/local/bin/kubectl", 'kube"ctl"', "KUBECTL", "o\\c"]))
    verb, *rest = draw(st.sampled_from(VERBS)).split(" ", 1)
    first, _, more = (rest[0] if rest else "").partition(" ")
    spelled = draw(st.sampled_from([verb, f'"{verb}"', f"{verb[:2]}'{verb[2:]}'", verb.upper()]))
    line = " ".join(p for p in (program, draw(st.sampled_from(OPTIONS)).strip(), spelled,
                                 draw(st.sampled_from(OPTIONS)).strip(), first, more) if p)
    wrapper = draw(st.sampled_from(["", "sudo ", "bash -c", "eval"]))
    nested = wrapper in ("bash -c", "eval")
    line = f"{wrapper} '" + line.replace("'", "'\\''") + "'" if nested else wrapper + line
    return f"echo start\n{line}\necho done\n"


@settings(max_examples=300, deadline=None)
@given(script=kubectl_scripts(), in_yaml=st.booleans())
def test_kubectl_commands_read_as_when_every_context_is_parsed(script: str, in_yaml: bool) -> None:
    from dcrlint.checks._pull_secret_index import KUBECTL_COMMANDS
    from dcrlint.facts import CommandFilter
    from dcrlint.k8s.index import _command_facts

    if in_yaml:  # a GitLab job's script, a literal block
        path = ".gitlab-ci.yml"
        text = "job:\n  script:\n    - |\n" + "".join(f"      {line}\n" for line in script.splitlines())
    else:
        path, text = "deploy.sh", script
    every = scanned(text, path)
    every.commands = (CommandFilter("every context", lambda t, s: True),)
    filtered = scanned(text, path)
    filtered.commands = (KUBECTL_COMMANDS,)
    assert repr(_command_facts(filtered)) == repr(_command_facts(every)), text


@settings(max_examples=300, deadline=None)
@given(script=kubectl_scripts())
def test_a_file_whose_kubectl_commands_add_to_the_index_is_read_in_pre_commit(script: str) -> None:
    """`might_add_to_index` (a pre-commit run reads no other file) holds wherever the index reads a
    kubectl command: options before the verbs (`kubectl create -n ci secret ...`) were missed."""
    from dcrlint.checks._pull_secret_index import might_add_to_index
    from dcrlint.facts import CommandFilter
    from dcrlint.k8s.index import _command_facts

    every = scanned(script, "deploy.sh")
    every.commands = (CommandFilter("every context", lambda t, s: True),)
    if _command_facts(every) != ([], []):
        assert might_add_to_index(script), script


def test_options_before_the_verbs_add_to_the_index() -> None:
    from dcrlint.checks._pull_secret_index import might_add_to_index

    assert might_add_to_index("kubectl create -n ci secret docker-registry r --docker-server=r.example.com\n")
    assert might_add_to_index("oc patch --namespace ci sa default -p '{\"imagePullSecrets\": [{\"name\": \"r\"}]}'\n")
    assert not might_add_to_index("kubectl apply -f deploy.yaml\nkubectl rollout status deploy/web\n")


# Kustomizations that include resources (and maybe give them a namespace) in the styles the
# pre-commit prefilter promises to read: block keys (plain, quoted, escaped), a flow mapping on
# one line or over several (its `{` opening a line), JSON; comments, blank lines, a document
# marker and other keys around them.
def _key(draw: st.DrawFn, key: str) -> str:
    quote = draw(st.sampled_from(["", "'", '"', "escaped"]))
    if quote == "escaped":
        at = draw(st.integers(0, len(key) - 1))
        return f'"{key[:at]}\\x{ord(key[at]):02x}{key[at + 1:]}"'
    return f"{quote}{key}{quote}"


@st.composite
def kustomizations(draw: st.DrawFn) -> str:
    pairs = [(draw(st.sampled_from(["resources", "bases"])), "[../base, deploy.yaml]")]
    if draw(st.booleans()):
        pairs.append(("namespace", "shop"))
    pairs += draw(st.lists(st.sampled_from([("namePrefix", "web-"), ("commonLabels", "{app: web}")]),
                           max_size=2, unique=True))
    pairs = draw(st.permutations(pairs))
    style = draw(st.sampled_from(["block", "flow", "flow-lines", "json"]))
    if style == "block":
        body = "".join(f"{_key(draw, k)}: {v}\n" for k, v in pairs)
    elif style == "json":
        body = "{\n" + ",\n".join(f'  "{k}": {_json(v)}' for k, v in pairs) + "\n}\n"
    else:
        items = [f"{_key(draw, k)}: {v}" for k, v in pairs]
        body = "{" + (", ".join(items) if style == "flow" else "\n  " + ",\n  ".join(items) + "\n") + "}\n"
    head = draw(st.lists(st.sampled_from(["# kustomize\n", "\n", "---\n"]), max_size=3))
    return "".join(head) + body


def _json(value: str) -> str:
    import json

    import yaml

    return json.dumps(yaml.safe_load(value))


@settings(max_examples=300, deadline=None)
@given(text=kustomizations())
def test_a_kustomization_that_places_files_is_read_in_pre_commit(text: str) -> None:
    """`might_add_to_index` holds on every kustomization the index reads resources of (what
    k8s.placement gives a namespace to), whatever its style."""
    from dcrlint.checks._pull_secret_index import collect, might_add_to_index

    found = collect(scanned(text, "overlay/kustomization.yaml"))
    assert found is not None and found.kustomization is not None, text  # the case tests something
    assert might_add_to_index(text), text


@pytest.mark.parametrize("text", [
    # a Helm template: lines opening with a Go template action
    "{{- if .Values.enabled }}\napiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n{{- end }}\n",
    "{{ define \"web.labels\" }}\napp: web\n{{ end }}\n",
    # a script: lines opening with a test
    "#!/bin/sh\n[ -n \"$DEBUG\" ] && set -x\n[[ -f .env ]] && . ./.env\nmake build\n",
])
def test_template_actions_and_shell_tests_add_nothing(text: str) -> None:
    """A line opening with `{{` or `[` starts no kustomization's mapping: not read in pre-commit
    (a Helm template or a script holds many); a line opening a flow mapping is."""
    from dcrlint.checks._pull_secret_index import might_add_to_index

    assert not might_add_to_index(text)
    assert might_add_to_index(text + "{namespace: shop, resources: [a.yaml]}\n")
