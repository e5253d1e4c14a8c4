"""A GitLab Runner's `config.toml`: classified by its `[[runners]]`, read as TOML (tomllib; each
string's place found by a scan of the text and held to the parse), DCR030 on its
`environment = ["DOCKER_AUTH_CONFIG=..."]`, DCR051/DCR050 on its strings; the same config as a
value (the gitlab-runner chart's `runners.config`)."""

from __future__ import annotations

import base64
import json
import random
import tomllib
from typing import Any

import pytest
from conftest import Lint

from dcrlint.classify import FileKind, classify
from dcrlint.infra.tomltext import TomlError, toml_strings

AUTH = base64.b64encode(b"ci-bot:Tg4-lantern-57-Qzn").decode()
PASSWORD = "Tg4-lantern-57-Qzn"
RUNNER_TOKEN = "glrt-Zq4v8Xk2Lp7Tn9Rw3Ym5"  # shaped like a runner token, not one
ACCESS_KEY = "AKIAZ3MSJV4WWNKWW5FG"  # shaped like an AWS access key id
CONFIG = json.dumps({"auths": {"dcr.example.com": {"auth": AUTH}}}, separators=(",", ":"))
TOML_ESCAPED = CONFIG.replace('"', '\\"')  # in a TOML basic string
KEY = f'auth\\":\\"{AUTH}'  # where DCR030 points: the key through its value, as written


def _flatten(node: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str]]:
    """Every string tomllib holds, with its key path (array items by index)."""
    if isinstance(node, str):
        return [(path, node)]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _flatten(v, (*path, k))]
    if isinstance(node, list):
        return [s for i, v in enumerate(node) for s in _flatten(v, (*path, str(i)))]
    return []


# ------------------------------------------------------------------ classification

@pytest.mark.parametrize(("path", "head", "kind"), [
    ("config.toml", 'concurrent = 2\n\n[[runners]]\n  name = "a"\n', FileKind.GITLAB_RUNNER),
    ("roles/runner/files/runner.toml", '[[ runners ]]\nname = "a"\n', FileKind.GITLAB_RUNNER),
    ("gitlab-runner/config.toml", 'runners = [{ name = "a", token = "x" }]\n', FileKind.GITLAB_RUNNER),
    ("Cargo.toml", '[package]\nname = "runners"\n', FileKind.OTHER),
    ("pyproject.toml", '[tool.runners]\nx = 1\n', FileKind.OTHER),
    (".cargo/config.toml", "[build]\nrunners = 2\n", FileKind.OTHER),
])
def test_classified_by_its_runners(path: str, head: str, kind: FileKind) -> None:
    assert classify(path, head) is kind


# ------------------------------------------------------------------ the scan held to tomllib

TRICKY = (
    '# a comment with "quotes" and [[runners]]\n'
    'concurrent = 4\n'
    'listen_address = "127.0.0.1:9252" # trailing comment\n'
    '[[runners]]\n'
    '  name = \'literal \\ backslash\'\n'
    '  url = "https://gitlab.example.com/\\u0041\\t\\"q\\""\n'
    '  "quoted.key" = "x"\n'
    '  dotted . key = "y"\n'
    '  environment = [\n'
    '    "A=1", # one\n'
    '    \'B=2\',\n'
    '    """C=3""",\n'
    '  ]\n'
    '  when = 1979-05-27 07:32:00Z\n'
    '  script = """\n'
    'line one \\\n'
    '    line two\\u0021"""\n'
    '  raw = \'\'\'\n'
    'kept \\n as written\'\'\'\'\'\n'
    '  [runners.docker]\n'
    '    volumes = ["/cache", { host = "h", opts = [\'ro\', "z"] }]\n'
    '    labels = { a = "b", "c.d" = { e = "f" } }\n'
    '[[runners]]\n'
    '  name = "second"\n'
    '  [runners.cache.s3]\n'
    '    AccessKey = "k"\n'
)


def test_every_string_is_found_where_it_is_written() -> None:
    found = toml_strings(TRICKY)
    assert sorted((p, t.text) for p, t in found) == sorted(_flatten(tomllib.loads(TRICKY)))
    for _, text in found:
        span = text.span(0, len(text.text))
        written = TRICKY[span.start : span.end]
        if "\\" not in written and '"""' not in written and "'''" not in written:
            assert written == text.text  # as written: the very characters
    by_path = dict(found)
    url = by_path["runners", "0", "url"]
    assert url.text == 'https://gitlab.example.com/A\t"q"'
    # the decoded `A` is its whole escape, the quote after `\t` its escape
    a = url.text.index("A")
    assert TRICKY[url.span(a, a + 1).start : url.span(a, a + 1).end] == "\\u0041"
    script = by_path["runners", "0", "script"]
    assert script.text == "line one line two!"
    two = script.text.index("two")
    assert TRICKY[script.span(two, two + 3).start : script.span(two, two + 3).end] == "two"
    assert by_path["runners", "0", "raw"].text == "kept \\n as written''"
    assert by_path["runners", "1", "cache", "s3", "AccessKey"].text == "k"


def test_crlf_lines() -> None:
    text = '[[runners]]\r\n  a = """\r\nx\r\ny"""\r\n  b = "c"\r\n'
    found = dict(toml_strings(text))
    assert found["runners", "0", "a"].text == "x\ny"
    b = found["runners", "0", "b"]
    assert text[b.span(0, 1).start] == "c"


def test_not_toml_is_an_error_without_the_text() -> None:
    with pytest.raises(TomlError) as e:
        toml_strings(f'[[runners]]\ntoken = "{RUNNER_TOKEN}" extra\n')
    assert RUNNER_TOKEN not in str(e.value) and "line 2" in str(e.value)


def _random_string(rng: random.Random) -> tuple[str, str]:
    """(TOML source of a string, its value), in one of the four kinds of string."""
    pieces = ["a", "Z", "9", " ", "#", "=", "[", "]", "{", "}", ",", ".", "'", '"', "\\", "é", "\t"]
    value = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12)))
    kind = rng.randrange(4)
    if kind == 1 and "'" not in value and "\n" not in value:
        return f"'{value}'", value
    if kind == 2 and "'''" not in value and not value.endswith("'"):
        return f"'''\n{value}'''", value
    escaped = "".join({"\\": "\\\\", '"': '\\"', "\t": rng.choice(["\\t", "\t"])}.get(c, c)
                      if c != "a" or rng.random() < 0.5 else "\\u0061" for c in value)
    if kind == 3:
        return f'"""{escaped}"""', value
    one_line = escaped.replace("\t", "\\t")  # (a basic string's tab may be written, escaped too)
    return f'"{one_line}"', value


def _random_value(rng: random.Random, depth: int) -> str:
    roll = rng.random()
    if depth > 2 or roll < 0.5:
        return _random_string(rng)[0] if rng.random() < 0.8 else rng.choice(["1", "true", "1.5", "2024-01-02"])
    if roll < 0.8:
        sep = rng.choice([", ", ",\n  ", " ,\n # c\n "])
        items = [_random_value(rng, depth + 1) for _ in range(rng.randrange(0, 4))]
        return "[" + sep.join(items) + (rng.choice(["", ","]) if items else "") + "]"
    pairs = [f"k{i} = {_random_value(rng, 3)}" for i in range(rng.randrange(0, 3))]
    return "{ " + ", ".join(pairs) + " }"


def test_random_documents_read_as_tomllib_reads_them() -> None:
    rng = random.Random(7)
    checked = 0
    for _ in range(1500):
        lines = []
        for t in range(rng.randrange(1, 4)):
            lines.append(rng.choice(["[[runners]]", "[[ runners ]]", f"[t{t}]", f'["q{t}".x]']))
            for k in range(rng.randrange(0, 4)):
                lines.append(f"{rng.choice(['  ', ''])}key{k} = {_random_value(rng, 0)}"
                             f"{rng.choice(['', ' # c'])}")
        text = "\n".join(lines) + "\n"
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            continue
        found = toml_strings(text)
        assert sorted((p, t.text) for p, t in found) == sorted(_flatten(doc)), text  # (text order: tables reopened)
        for _, mt in found:  # each character at a place of the text that writes it
            for i, ch in enumerate(mt.text):
                span = mt.span(i, i + 1)
                written = text[span.start : span.end]
                assert written == ch or written.startswith("\\") or written == "\r\n", (text, mt.text, i)
        checked += 1
    assert checked > 1000


# ------------------------------------------------------------------ findings

RUNNER = (
    "concurrent = 2\n"
    "[[runners]]\n"
    '  name = "docker"\n'
    '  url = "https://gitlab.example.com/"\n'
    f'  token = "{RUNNER_TOKEN}"\n'
    '  executor = "docker"\n'
    "  environment = [\n"
    '    "GIT_DEPTH=10",\n'
    f'    "DOCKER_AUTH_CONFIG={TOML_ESCAPED}",\n'
    "  ]\n"
    "  [runners.cache.s3]\n"
    f"    AccessKey = '{ACCESS_KEY}'\n"
    '    SecretKey = "$CACHE_SECRET"\n'
)


def test_runner_config_findings(lint: Lint) -> None:
    run = lint.scan("gitlab-runner/config.toml", RUNNER, "--fail-on", "never")
    where = run.where()
    col = RUNNER.splitlines()[8].index(KEY) + 1
    assert ("DCR030", 9, col, 9, col + len(KEY)) in where
    assert ("DCR051", 5, 12, 5, 12 + len(RUNNER_TOKEN)) in where
    assert ("DCR051", 12, 18, 12, 18 + len(ACCESS_KEY)) in where
    assert len(where) == 3, where
    for fmt in ("json", "sarif", "text"):
        out = lint("--format", fmt, "--fail-on", "never", ".").printed
        assert PASSWORD not in out and AUTH not in out and RUNNER_TOKEN not in out and ACCESS_KEY not in out


@pytest.mark.parametrize("environment", [
    '"DOCKER_AUTH_CONFIG=$DOCKER_AUTH"',
    '"DOCKER_AUTH_CONFIG={\\"auths\\":{\\"r.example.com\\":{\\"auth\\":\\"${REG_AUTH}\\"}}}"',
    '"DOCKER_AUTH_CONFIG={\\"auths\\":{\\"r.example.com\\":{\\"auth\\":\\"<base64 user:password>\\"}}}"',
    '"DOCKER_AUTH_CONFIG={\\"credsStore\\":\\"ecr-login\\"}"',
    '"DOCKER_AUTH_CONFIG={\\"auths\\":{\\"r.example.com\\":{}},\\"credHelpers\\":{\\"r.example.com\\":\\"gcr\\"}}"',
    "'DOCKER_AUTH_CONFIG={\"auths\":{\"r.example.com\":{\"auth\":\"CHANGEME\"}}}'",
])
def test_near_misses_stay_silent(lint: Lint, environment: str) -> None:
    text = f'[[runners]]\n  token = "${{RUNNER_TOKEN}}"\n  url = "https://$USER:$PASS@gitlab.example.com"\n' \
           f"  environment = [{environment}]\n"
    assert lint.scan("config.toml", text, "--fail-on", "never").where() == []


def test_not_toml_is_notified_and_the_scan_goes_on(lint: Lint) -> None:
    lint.write("runner/config.toml", f'[[runners]]\n  token = "{RUNNER_TOKEN}" oops\n')
    run = lint.scan("deploy.sh", "#!/bin/sh\ndocker login -p hunter2hunter r.example.com\n", "--fail-on", "never")
    notes = [n for n in run.json()["notifications"] if n["path"] == "runner/config.toml"]
    assert len(notes) == 1 and "not TOML" in notes[0]["message"], run.json()["notifications"]
    assert RUNNER_TOKEN not in run.printed
    assert {h.path for h in run.hits()} == {"deploy.sh"}


def test_helm_values_runners_config(lint: Lint) -> None:
    """The gitlab-runner chart's `runners.config`: the runner's TOML in a YAML block scalar,
    mapped through both."""
    text = ("gitlabUrl: https://gitlab.example.com/\n"
            "runners:\n"
            "  config: |\n"
            "    [[runners]]\n"
            '      environment = ["A=1", "DOCKER_AUTH_CONFIG=' + TOML_ESCAPED + '"]\n'
            "      [runners.kubernetes]\n"
            '        namespace = "{{.Release.Namespace}}"\n')
    run = lint.scan("chart/values.yaml", text, "--fail-on", "never")
    col = text.splitlines()[4].index(KEY) + 1
    assert run.where("DCR030") == [("DCR030", 5, col, 5, col + len(KEY))]
    assert AUTH not in run.printed


def test_helm_values_template_config_is_not_read(lint: Lint) -> None:
    """A chart's template actions outside strings: not TOML, not read, nothing said."""
    text = ("runners:\n  config: |\n    [[runners]]\n    {{- if .Values.x }}\n"
            '      environment = ["DOCKER_AUTH_CONFIG=' + TOML_ESCAPED + '"]\n    {{- end }}\n')
    run = lint.scan("chart/values.yaml", text, "--fail-on", "never")
    assert run.where("DCR030") == [] and run.json()["notifications"] == []
