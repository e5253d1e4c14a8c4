"""The parse prefilters (`CommandFilter`s: a context is parsed only when one holds on its text)
lose nothing: a command spelled with quotes, escapes, a nested script, YAML or Groovy escapes,
or in another case, is found as when every context is parsed."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import run_checks, scanned, where
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dcrlint.checks import FILE_CHECKS
from dcrlint.checks._leak_filters import ENVIRONMENT_DUMPS, PRINTED_SECRETS
from dcrlint.checks.dcr014_persisted_registry_login import LOGOUT_COMMANDS
from dcrlint.config import Settings
from dcrlint.facts import CommandFilter
from dcrlint.logintools import LOGIN_COMMANDS
from dcrlint.shell.spelling import plain, words

EVERY_CONTEXT = (CommandFilter("every context", lambda text, settings: True),)
PW = "Zq8xW3vN5tR7yU1"


def findings(text: str, path: str, rule: str, filters: tuple[CommandFilter, ...] | None = None) -> list[Any]:
    """Findings of `rule` with the command filters of its checks (as a scan that selects only
    it plans), or with `filters`."""
    file = scanned(text, path)
    own = tuple(f for c in FILE_CHECKS if rule in c.rules and c.runs_on(file.kind) for f in c.commands)
    file.commands = own if filters is None else filters
    return where(file, run_checks(file, rule))


SPELLED = [
    # bash quotes and escapes in a word
    ("script.sh", f'docker lo"gin" -u bob -p {PW} reg.example.com\n', "DCR001"),
    ("script.sh", f"docker 'lo'gin -u bob -p {PW} reg.example.com\n", "DCR001"),
    ("script.sh", f"do\\cker lo\\gin -u bob -p {PW} reg.example.com\n", "DCR002"),
    ("script.sh", f"docker $'\\x6cogin' -u bob -p {PW} reg.example.com\n", "DCR001"),
    ("script.sh", f"docker $'\\154ogin' -u bob -p {PW} reg.example.com\n", "DCR001"),
    ("script.sh", f"docker l$'ogin' -u bob -p {PW} reg.example.com\n", "DCR001"),
    ("script.sh", f'"${{DOCKER_BIN}}" lo"gin" -u bob -p {PW} reg.example.com\n', "DCR001"),
    ("script.sh", f'helm re"po" a\\dd charts https://charts.example.com --username bob --password {PW}\n',
     "DCR001"),
    # one more level of quotes: a nested script, eval, a heredoc fed to a shell
    ("script.sh", f'bash -c "docker lo\\"gin\\" -u bob -p {PW} reg.example.com"\n', "DCR001"),
    ("script.sh", f"eval docker 'lo''gin' -u bob -p {PW} reg.example.com\n", "DCR001"),
    ("script.sh", f"eval docker \"$\"\"'\"'\\x6cogin'\"'\" -u bob -p {PW} reg.example.com\n", "DCR001"),
    ("script.sh", f"sh <<'EOF'\ndocker lo\"gin\" -u bob -p {PW} reg.example.com\nEOF\n", "DCR001"),
    # case: programs are read in any case
    ("script.sh", f"$DOCKER login -u bob -p {PW} reg.example.com\n", "DCR001"),
    # DCR003: a printing command, printenv, a dump of the environment, a docker config
    ("script.sh", 'e"cho" "$REGISTRY_PASSWORD"\n', "DCR003"),
    ("script.sh", 'echo "$REGISTRY_PASSWORD"_FILE\n', "DCR003"),  # read plain: $REGISTRY_PASSWORD_FILE
    ("script.sh", "eval 'ech''o $REGISTRY_PASSW''ORD'\n", "DCR003"),
    ("script.sh", 'print"env" REGISTRY_PASSWORD\n', "DCR003"),
    ("script.sh", 'c"at" ~/.doc"ker"/config.json\n', "DCR003"),
    ("script.sh", ': "$REGISTRY_PASSWORD"\ns"et"\n', "DCR003"),
    ("script.sh", ': "$REGISTRY_PASSWORD"\ne\\nv 2>&1\n', "DCR003"),
    ("script.sh", ': "$REGISTRY_PASSWORD"\nexport \'-p\'\n', "DCR003"),
    ("script.sh", ': "$REGISTRY_PASSWORD"\neval $\'set\\nenv\'\n', "DCR003"),
    ("script.sh", 'lo"gg"er -t ci "$REGISTRY_PASSWORD"\n', "DCR003"),
    ("script.sh", 'echo "$REGISTRY_PASSWORD" | $\'\\x6cogger\'\n', "DCR003"),
    ("script.sh", "de'cl'are -'p' REGISTRY_PASSWORD\n", "DCR003"),
    ("script.sh", "typeset \\\n  -p REGISTRY_PASSWORD\n", "DCR003"),
    ("script.sh", "DECLARE=1; declare -p REGISTRY_PASSWORD\n", "DCR003"),
    # YAML double-quoted escapes, PowerShell's backtick, cmd's caret, upper case
    (".github/workflows/ci.yml", f'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n'
     f'      - run: "docker \\x6cogin -u bob -p {PW} reg.example.com"\n', "DCR001"),
    (".github/workflows/ci.yml", f'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n'
     f'      - run: "docker \\u006cogin -u bob -p {PW} reg.example.com"\n', "DCR001"),
    (".github/workflows/ci.yml", f'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n'
     f'      - run: "docker lo\\\n          gin -u bob -p {PW} reg.example.com"\n', "DCR001"),
    (".github/workflows/ci.yml", f'on: push\njobs:\n  a:\n    runs-on: windows-latest\n    steps:\n'
     f'      - shell: pwsh\n        run: docker lo`gin -u bob -p {PW} reg.example.com\n', "DCR001"),
    (".github/workflows/ci.yml", f'on: push\njobs:\n  a:\n    runs-on: windows-latest\n    steps:\n'
     f'      - shell: cmd\n        run: docker lo^gin -u bob -p {PW} reg.example.com\n', "DCR001"),
    (".github/workflows/ci.yml", f'on: push\njobs:\n  a:\n    runs-on: windows-latest\n    steps:\n'
     f'      - shell: pwsh\n        run: DOCKER.EXE login -u bob -p {PW} reg.example.com\n', "DCR001"),
    (".github/workflows/ci.yml", 'on: push\njobs:\n  a:\n    runs-on: windows-latest\n    steps:\n'
     '      - shell: pwsh\n        env:\n          REGISTRY_PASSWORD: ${{ secrets.REGISTRY_PASSWORD }}\n'
     '        run: |\n          Get-Child`Item ENV`:\n', "DCR003"),
    # Groovy unicode escapes, in a single- and a double-quoted string
    ("Jenkinsfile", "pipeline { agent any\n stages { stage('a') { steps {\n"
     f"  sh 'docker \\u006cogin -u bob -p {PW} reg.example.com'\n}}}}}}\n", "DCR001"),
    ("Jenkinsfile", "pipeline { agent any\n stages { stage('a') { steps {\n"
     f'  sh "docker lo\\u0067in -u bob -p {PW} reg.example.com"\n}}}}}}\n', "DCR001"),
]


@pytest.mark.parametrize(("path", "text", "rule"), SPELLED)
def test_a_spelled_command_is_parsed(path: str, text: str, rule: str) -> None:
    every = findings(text, path, rule, EVERY_CONTEXT)
    assert every, "the parser reads this spelling"
    assert findings(text, path, rule) == every


def test_the_filters_read_a_backslash_newline_and_an_ansi_c_string() -> None:
    s = Settings()
    assert LOGIN_COMMANDS.test("docker log\\\nin -p x r", s)
    assert LOGIN_COMMANDS.test("docker log\\\r\nin -p x r", s)
    assert LOGIN_COMMANDS.test("docker $'\\x6c'ogin -p x r", s)
    assert LOGOUT_COMMANDS.test("docker log\\\nout", s)
    assert ENVIRONMENT_DUMPS.test("s\\\net", s)
    assert plain("$'\\x6c'") is None
    assert plain("eval \"$\"\"'\"'\\x6c'\"'\"") is None  # `$'\x6c'` once eval'd
    assert plain("eval $'set\\nenv'") is None  # `set` and `env`, once eval'd
    assert plain("echo $'a\\eb' lo\\gin") == "echo $aeb login"  # no escape spells a letter or a blank
    # an escape before the first opener is in no ANSI-C string: the text is read
    assert plain("printf '%s\\n' x\ngrep -v '^$' f") == "printf %sn x\ngrep -v $ f"
    assert plain("grep -v '^$' f\nprintf '%s\\n' x") is None  # one after it may be
    assert plain("printf '%s\\n' x\necho $'\\x6c'") is None
    assert LOGIN_COMMANDS.test("printf '%s\\n' x\ndocker $'\\x6c'ogin -p x r\ngrep -v '^$' f", s)
    assert plain("lo\"g\"'i'\\n`^") == "login"
    assert words("L$'OG'IN") == "login"
    assert plain('eval echo "$"PASSWORD') == "eval echo $PASSWORD"  # a `$` stays for names


@pytest.mark.parametrize("text", [
    "set -euo pipefail\nexport PATH=$PATH:/opt/bin\nmake build\n",  # no command prints the environment
    "npm login\ngh auth login\n",  # logins, but of no registry tool
    'echo "building $VERSION"\n',  # printed, but no secret
    'echo "PATH=$PATH" >> "$GITHUB_ENV"\npython -m venv .venv\necho "${X:?must be set}"\n',  # no env, set
    "helm repo update\n",  # helm repo, but not `repo add`
])
def test_the_filters_do_not_hold_on_scripts_with_nothing_to_read(text: str) -> None:
    s = Settings()
    assert not any(f.test(text, s) for f in (LOGIN_COMMANDS, PRINTED_SECRETS, ENVIRONMENT_DUMPS, LOGOUT_COMMANDS))


# --------------------------------------------------------------------------- random spellings

def _hex(ch: str) -> str:
    return f"\\x{ord(ch):02x}"


@st.composite
def spelled(draw: st.DrawFn, word: str, escape: bool = True) -> str:
    """`word` cut in pieces, each written bare, escaped, quoted, or as an ANSI-C string.
    tree-sitter-bash splits a word where an escape follows a quote (`'l'\\ogin`), and joins a
    line that starts with an escape (`\\docker`) to the line before: only the first piece of a
    word that does not start a line is escaped."""
    cuts = sorted(draw(st.sets(st.integers(1, len(word) - 1), max_size=2))) if len(word) > 1 else []
    out = []
    for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True):
        piece = word[a:b]
        style = draw(st.sampled_from(["bare", "escaped", "single", "double", "ansi", "ansi-hex"] if a == 0 and escape
                                     else ["bare", "single", "double", "ansi", "ansi-hex"]))
        if style == "escaped":
            piece = "".join(f"\\{c}" for c in piece)
        elif style == "single":
            piece = f"'{piece}'"
        elif style == "double":
            piece = f'"{piece}"'
        elif style == "ansi":
            piece = f"$'{piece}'"
        elif style == "ansi-hex":
            piece = "$'" + "".join(_hex(c) for c in piece) + "'"
        out.append(piece)
    return "".join(out)


LINES = [
    ("docker", "login", f"-u bob -p {PW} reg.example.com"),
    ("podman", "login", f"--username bob --password={PW} reg.example.com"),
    ("kubectl", "create secret docker-registry", f"r --docker-server=reg.example.com --docker-password={PW}"),
    ("helm", "repo add", f"charts https://charts.example.com --username bob --password {PW}"),
    ("echo", "", '"$REGISTRY_PASSWORD"'),
    ("printenv", "", "REGISTRY_PASSWORD"),
    ("cat", "", "~/.docker/config.json"),
    ("set", "", ""),
    ("env", "", ""),
    ("logger", "", '-t ci "$REGISTRY_PASSWORD"'),
    ("declare", "-p", "REGISTRY_PASSWORD"),
    ("typeset", "-p", "REGISTRY_PASSWORD"),
]


@st.composite
def scripts(draw: st.DrawFn) -> str:
    program, sub, rest = draw(st.sampled_from(LINES))
    line = " ".join([draw(spelled(program, escape=False)), *(draw(spelled(w)) for w in sub.split()), rest]).strip()
    wrapper = draw(st.sampled_from(["", "sudo ", "bash -c", "eval", "heredoc"]))
    if wrapper in ("bash -c", "eval"):
        line = f"{wrapper} '" + line.replace("'", "'\\''") + "'"
    elif wrapper == "heredoc":
        line = f"bash <<'EOF'\n{line}\nEOF"
    else:
        line = wrapper + line
    # an escape before the script's ANSI-C strings, and a `$'` that opens none after them
    before = draw(st.sampled_from(["", "printf '%s\\n' x\n"]))
    after = draw(st.sampled_from(["", "grep -v '^$' f\n"]))
    return f': "$REGISTRY_PASSWORD";\n{before}{line}\n{after}'


def _yaml_quoted(script: str, escapes: list[bool]) -> str:
    """`script` as a YAML double-quoted scalar, letters written as `\\xHH` where `escapes` says."""
    out = []
    for k, ch in enumerate(script):
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch.isalpha() and escapes[k % len(escapes)]:
            out.append(_hex(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(script=scripts(), in_yaml=st.booleans(), escapes=st.lists(st.booleans(), min_size=1, max_size=7))
def test_random_spellings_find_what_every_context_parsed_finds(script: str, in_yaml: bool,
                                                               escapes: list[bool]) -> None:
    if in_yaml:
        path = ".github/workflows/ci.yml"
        text = ("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "
                + _yaml_quoted(script, escapes) + "\n")
    else:
        path, text = "script.sh", script
    for rule in ("DCR001", "DCR002", "DCR003"):
        every = findings(text, path, rule, EVERY_CONTEXT)
        assert findings(text, path, rule) == every, (rule, text)
    # the spellings are ones the parser reads: what the line does is found
    assert findings(text, path, "DCR001", EVERY_CONTEXT) or findings(text, path, "DCR003", EVERY_CONTEXT), text


# --------------------------------------------------------------------------- statements left out
# A context that holds something a check reads is parsed, but its top-level statements that hold
# nothing a check reads are not walked (`parse_shell(..., wanted)`).

NOISE = [
    "make build", "cd src && ls -la", "export PATH=$PATH:/opt/bin", 'if [ -n "$CI" ]; then\n  npm ci\nfi',
    'for f in *.txt; do wc -l "$f"; done', 'echo "building $VERSION"', "curl -fsSL https://example.com/x.sh -o x.sh",
    "TOKEN=$(vault read -field=token secret/ci)", 'url="https://example.com/api"', "# a comment", "set -eu",
]
READ = [
    'echo "$REGISTRY_PASSWORD" | docker login -u bob --password-stdin reg.example.com',
    f"docker login -u bob -p {PW} reg.example.com", "cat ~/.docker/config.json", "set -x", "set -o xtrace",
    "bash -x deploy.sh", "printenv REGISTRY_PASSWORD", "env", 'echo "$url?$TOKEN"',
    '{ echo "$A"; cat token.txt; } | docker login -u bob --password-stdin reg.example.com',
    "docker logout reg.example.com", "kubectl create secret docker-registry r --docker-password=$PW",
    'eval "$(aws ecr get-login --no-include-email)"', f'bash -c "docker login -u bob -p {PW} reg.example.com"',
    "vault read -field=token secret/ci | docker login -u bob --password-stdin reg.example.com",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.sampled_from(NOISE + READ), min_size=1, max_size=14), run=st.sampled_from([1, 60, 2000]))
def test_statements_no_check_reads_are_left_out_and_nothing_else(lines: list[str], run: int) -> None:
    import dcrlint.shell.bash as bash

    kept = bash._RUN
    bash._RUN = run  # runs of one statement, of a few, of the whole script
    try:
        _left_out_and_nothing_else("\n".join(lines) + "\n")
    finally:
        bash._RUN = kept


def _left_out_and_nothing_else(text: str) -> None:
    from dcrlint.checks import command_filters
    from dcrlint.shell import parse_shell
    from dcrlint.shell.logins import find_logins
    from dcrlint.source import MappedText

    filters, s = command_filters(), Settings()
    mt = MappedText.verbatim(text, 0)
    full = parse_shell(mt, "sh")
    part = parse_shell(mt, "sh", lambda t: any(f.test(t, s) for f in filters))
    assert set(part.commands) <= set(full.commands)  # the same commands, pipes and spans
    assert (find_logins(part), part.xtrace, part.errors) == (find_logins(full), full.xtrace, full.errors)
    assert part.partial or len(part.commands) == len(full.commands)
    for rule in ("DCR001", "DCR002", "DCR003"):  # a script file: DCR003 reads its last line too
        assert findings(text, "deploy.sh", rule) == findings(text, "deploy.sh", rule, EVERY_CONTEXT), rule


def test_a_statement_left_out_is_not_walked() -> None:
    from dcrlint.shell import parse_shell
    from dcrlint.source import MappedText

    text = f"make build\nnpm test\ndocker login -u bob -p {PW} reg.example.com\n"
    part = parse_shell(MappedText.verbatim(text, 0), "sh", lambda t: LOGIN_COMMANDS.test(t, Settings()))
    assert [c.name for c in part.commands] == ["docker"]
    assert part.partial


def test_a_script_returning_a_token_it_made_in_a_statement_left_out() -> None:
    """DCR003 reads the assignments of the whole script for its last line (`echo "$TOKEN"`
    returns a value it made): those of statements left out are read from a whole parse."""
    text = 'TOKEN=$(vault read -field=token secret/ci)\nmake build\necho "$TOKEN"\n'
    assert findings(text, "get-token.sh", "DCR003") == findings(text, "get-token.sh", "DCR003", EVERY_CONTEXT) == []
    assert findings('TOKEN=abc\necho "$TOKEN"\n', "get-token.sh", "DCR003")  # not made from a command: printed
