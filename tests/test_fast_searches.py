"""Whole-text searches written for speed (a substring test first, a pattern that starts where
`re` skips ahead fast) agree with the patterns they stand for, on random texts of the pieces
that decide them (cases `re` folds, word boundaries, quotes)."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

SECRETS = st.lists(st.sampled_from(["secrets", "SECRETS", "Secrets", "ſecrets", "secret", "s", "ecrets", ".", "-",
                                    "_", "x", " ", "\n", "{{", "}}", "İ", "ı", "K"]), max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(SECRETS)
def test_secrets_reference(text: str) -> None:
    from dcrlint.checks.dcr011_secret_expanded_in_script import _SECRETS_REF, _refs_secrets

    assert _refs_secrets(text) == (_SECRETS_REF.search(text) is not None)


AFTER_NAME = re.compile(r"[\w)]['\"]|\$/")  # as written before: a name or `)`, then a quote
GROOVY = st.lists(st.sampled_from(["sh", "'", '"', ")", "(", " ", "$", "/", "$/", "é", "_", "1", "\n", "+"]),
                  max_size=16).map("".join)


@settings(max_examples=500, deadline=None)
@given(GROOVY)
def test_groovy_string_after_name(text: str) -> None:
    from dcrlint.checks._leak_gate import _GROOVY_STRING_AFTER_NAME

    assert (_GROOVY_STRING_AFTER_NAME.search(text) is not None) == (AFTER_NAME.search(text) is not None)


# classify's head patterns as written before (`^` in MULTILINE mode), and what stands for each.
LINE_START = {
    "_K8S": r"^apiVersion\s*:",
    "_K8S_KIND": r"^kind\s*:",
    "_GITLAB_HINT": r"^(stages|include|variables|default|workflow)\s*:|^\s+script\s*:",
    "_ANSIBLE_CONTENT": r"^-\s+hosts\s*:|^\s*-?\s*(ansible\.builtin|community\.docker|containers\.podman"
                        r"|kubernetes\.core)\.\w+\s*:",
    "_GITHUB_WORKFLOW": (r"^(on|\"on\"|'on'|true)\s*:", r"^jobs\s*:"),
    "_GITHUB_ACTION": (r"^runs\s*:", r"^\s+using\s*:"),
    "_CI_CONTENT": (
        r"^kind\s*:\s*['\"]?pipeline\b", r"^steps\s*:",
        r"^version\s*:\s*['\"]?0\.[12]\b", r"^phases\s*:",
        r"^version\s*:\s*['\"]?2(\.\d)?['\"]?\s*$", r"^(jobs|workflows|orbs|executors)\s*:",
        r"^pipelines\s*:", r"^\s+-?\s*step\s*:",
        r"^\s*-?\s*task\s*:\s*['\"]?\w[\w.-]*@\d+\s*['\"]?\s*$|^\s+vmImage\s*:",
        r"^(steps|jobs|stages|trigger|pool|extends)\s*:", r"^\s*-\s*(bash|pwsh|powershell|script|checkout)\s*:",
        r"^parameters\s*:", r"^\s*-\s*name\s*:",
        r"^\s+type\s*:\s*(string|boolean|number|object|(step|job|deployment|stage)(List)?)\s*$",
        r"^(steps|jobs|stages|variables)\s*:",
        r"^language\s*:", r"^(before_install|script|dist|sudo)\s*:",
        r"^steps\s*:", r"^\s*-\s*(label|command|commands|block|trigger|group|input|key|plugins)\s*:"
                       r"|^\s*-\s*wait\b|^agents\s*:",
        r"^steps\s*:", r"^\s*-\s*run\s*:",
        r"^usage\s*:", r"^\s+version\s*:\s*['\"]?2\.1\b",
        r"^version\s*:\s*['\"]?[23](\.\d+)*['\"]?\s*$", r"^tasks\s*:\s*$",
        r"^jobs\s*:", r"^\s+-?\s*plan\s*:", r"^resources\s*:|^\s+-\s*(get|put|task)\s*:",
        r"^platform\s*:\s*['\"]?(linux|darwin|windows)['\"]?\s*$", r"^run\s*:",
        r"^(resources|resource_types)[ \t]*:[ \t]*(#.*)?\r?\n(?:[ \t]*(#.*)?\r?\n)*[ \t]*-[ \t]*name[ \t]*:",
        r"^[ \t]+type[ \t]*:[ \t]*[^\s#]", r"^[ \t]+source[ \t]*:[ \t]*(\{|(#.*)?\r?$)",
        r"^steps\s*:", r"^\s+-?\s*image\s*:", r"^\s+(commands|settings)\s*:", r"^(when|clone|skip_clone)\s*:",
    ),
}
HEADS = st.lists(st.sampled_from([
    "\n", "\r\n", " ", "\t", "-", ":", "'", '"', "#", "x", "@1", ".", "2", "0.1",
    "apiVersion", "kind", "pipeline", "steps", "version", "phases", "jobs", "pipelines", "step", "task",
    "vmImage", "bash", "parameters", "name", "type", "string", "stepList", "language", "script", "label",
    "wait", "agents", "stages", "hosts", "ansible.builtin", "runs", "using", "on", "true", "include", "run",
    "usage", "2.1", "plan", "resources", "get", "put", "platform", "linux", "image",
    "commands", "settings", "when", "clone", "resource_types", "source", "{"]),
    max_size=14).map("".join)


@settings(max_examples=1500, deadline=None)
@given(HEADS)
def test_classify_line_start_patterns(head: str) -> None:
    from dcrlint import classify

    for name, old in LINE_START.items():
        new = getattr(classify, name)
        if name == "_CI_CONTENT":
            new = [p for _, patterns in new for p in patterns]
        olds, news = (old, new) if isinstance(old, tuple) else ((old,), (new,))
        assert len(olds) == len(news)
        for o, n in zip(olds, news, strict=True):
            assert (re.search(o, head, re.M) is not None) == (n.search("\n" + head) is not None), (name, o)



# DCR051's whole-text test, as first written: every detector's literal (in each spelling `re`
# matches where the detector ignores case) or a pattern that has none, searched one by one.
def _detector_literals() -> tuple[str, ...]:
    from dcrlint.secret_formats import any_case

    return ("GR1348941", "eyJ", "_authToken", "github_pat_", "T3BlbkFJ", "PRIVATE KEY", "PuTTY-User-Key",
            "pypi-AgE", "SG.", "sq0csp-", "k_live_", "A3T", "ABIA", "ACCA", "AKIA", "ASIA", "AccountKey=",
            *(f"gh{c}_" for c in "pousr"),
            *(f"gl{p}-" for p in ("pat", "dt", "ft", "soat", "rt", "cbt", "imt", "ptt", "agent", "oas")),
            *any_case("xox"))


def _detector_patterns() -> tuple[str, ...]:
    from dcrlint.checks._spellings import FOLD

    return (rf"(?i)aws(?:{FOLD}|.){{0,20}}?(?:key|pwd|pw|pass|token)(?:{FOLD}|.){{0,20}}?"
            r"['\"=:\s][0-9a-z/+]{40}(?![0-9a-z/+])",
            r"[0-9a-z]{32}-us\d", rf"PRIVATE{FOLD}KEY", r"(?i)hooks\.slack\.com", r"\d{8}:[\w-]{35}",
            r"AC[a-z0-9]{32}", r"SK[a-z0-9]{32}")


def _scan_as_written(text: str) -> tuple[bool, bool]:
    from dcrlint.secret_formats import any_case

    found = (any(word in text for word in _detector_literals())
             or any(re.search(p, text) for p in _detector_patterns())
             or (re.search(r"\.[\w-]{6}\.[\w-]{27}", text) is not None
                 and re.search(r"[MNO][\w-]{23,25}\.[\w-]{6}\.", text) is not None))
    return found, any(w in text for w in any_case("aws")) or "PRIVATE" in text


DETECTOR_PIECES = st.lists(st.sampled_from([
    "AK", "IA", "A", "3T", "B", "BIA", "CCA", "SIA", "ccountKey=", "Account", "Key=", "gh", "p_", "o_", "r", "_", "gl",
    "pat-", "dt-", "soat-", "agent-", "oas-", "ptt", "-", "xo", "XO", "x", "X", "o", "O", "aw", "AW", "a", "w", "W",
    "s", "S", "ſ", "K", "İ", "ı", "key", "Token", " = '", "'", '"', "=", "zt8mq2vn7xk4pl9sr3wy6bh1cf5gj0dt2eu8io4a",
    "Zt8mQ2vN7xK4pL9sR3wY6bH1cF5gJ0dT2eU8iO4a", "PRIV", "ATE", "PRIVATE", " KEY", "KEY", "\n  ", " \n ", "\r\n",
    "hooks", "HOOKS", ".slack.", ".SLACK.", "com", "hoo", "12345678", "1234", ":", "a" * 35, "a" * 20, "-" * 10,
    "eyJ", "ey", "J", "T3Blbk", "FJ", "GR13", "48941", "SG", ".", "sq0", "csp-", "k_", "live_", "_auth", "github",
    "_pat_", "pypi", "-AgE", "PuTTY", "-User-Key", "0123456789abcdef0123456789abcdef", "-us1", "-us", "AC", "SK",
    "M" + "a" * 24, ".abcdef.", "a" * 27, "é", "٣", " ",
]), max_size=14).map("".join)


@settings(max_examples=3000, deadline=None)
@example("aws secret\n  key = 'Zt8mQ2vN7xK4pL9sR3wY6bH1cF5gJ0dT2eU8iO4a'")  # over a folded line
@example("AWS_SECRET_ACCESS_KEY: xxxxx")  # the literal alone: no match, over lines
@example("Ma" + "a" * 24 + ".abcdef.")  # Discord's pattern, not its guard
@example("Ma" + "a" * 24 + ".abcdef." + "a" * 27)
@example("hooKs.slacK.com")  # the Kelvin sign, as `re` folds it
@given(DETECTOR_PIECES)
def test_detector_prefilter_as_the_literals_and_patterns(text: str) -> None:
    """DCR051's one-pass whole-text test finds what each literal and pattern finds, and tells
    the literals that go over lines where it finds nothing."""
    from dcrlint.checks.dcr051_known_secret_format import _scan

    expected = _scan_as_written(text)
    found = _scan(text)
    assert found[0] == expected[0]
    assert found[0] or found[1] == expected[1]


@pytest.mark.parametrize("literal", [*_detector_literals(), "1234567890:" + "a" * 35, "AC" + "0" * 32,
                                     "SK" + "0" * 32, "a" * 32 + "-us1", "hooks.slack.com", "PRIVATE\n  KEY",
                                     "Ma" + "a" * 24 + ".abcdef." + "a" * 27])
def test_detector_prefilter_finds_each_literal(literal: str) -> None:
    from dcrlint.checks.dcr051_known_secret_format import _scan

    assert _scan(f"k: {literal}\n")[0]
    assert _scan(literal)[0]


@settings(max_examples=3000, deadline=None)
@example("hooKs.slacK.com")  # the Kelvin sign
@example("AWſ_KEY")  # the long s
@example("12345678:" + "a" * 35)
@example("Ma" + "a" * 24 + ".abcdef." + "a" * 27)
@given(DETECTOR_PIECES)
def test_pieces_test_before_the_detector_pattern_is_compiled(text: str) -> None:
    """A text the pieces test (`_may_match`, asked until the pattern is needed) rules out is one
    where the pattern matches nowhere: `_scan` answers for it as the pattern would."""
    from dcrlint.checks.dcr051_known_secret_format import _ANY_DETECTOR, _may_match, _search

    if not _may_match(text):
        assert _ANY_DETECTOR.search(text) is None
        assert _search(text) == (False, False)


@pytest.mark.parametrize("literal", [*_detector_literals(), "1234567890:" + "a" * 35, "AC" + "0" * 32,
                                     "SK" + "0" * 32, "a" * 32 + "-us1", "hooks.slack.com", "PRIVATE\n  KEY",
                                     "Ma" + "a" * 24 + ".abcdef." + "a" * 27, "aws", "AwS", "aWſ", "XoX"])
def test_pieces_test_holds_on_each_literal(literal: str) -> None:
    from dcrlint.checks.dcr051_known_secret_format import _may_match

    assert _may_match(f"k: {literal}\n")
    assert not _may_match("#!/bin/sh\nprintf '%s' \"$PW\" | docker login r.example.com -u ci --password-stdin\n")


def test_detector_prefilter_tells_each_literal_that_goes_over_lines() -> None:
    from dcrlint.checks.dcr051_known_secret_format import _scan
    from dcrlint.secret_formats import any_case

    for literal in (*any_case("aws"), "PRIVATE"):
        assert _scan(f"k: {literal}\n") == (False, True), literal


EXPANDED = st.lists(st.sampled_from(["$", "%", ":", "{", "}", "$$", "PASS", "password", "Token", "_KEY", "auth",
                                     "AUTHORS", "secret", "credential", "pwd", "x", "_", "1", " ", "\n", "-", ".",
                                     "é", "K"]), max_size=12).map("".join)


@settings(max_examples=2000, deadline=None)
@given(EXPANDED)
def test_expanded_secret_names_found_from_the_words(names: str) -> None:
    from dcrlint.checks._leak_filters import _EXPANDED_NAME, _expands_secret, _may_be_secret
    from dcrlint.valuepatterns import DEFAULT_SECRET_NAMES

    written = any(_may_be_secret(name, DEFAULT_SECRET_NAMES) for name in _EXPANDED_NAME.findall(names))
    assert _expands_secret(names, DEFAULT_SECRET_NAMES) == written


PRINTERS = st.lists(st.sampled_from(["echo", "printf", "cat", "print", "env", "printenv", "write-host", " ", "\n",
                                     "$", "${", "}", "PASSWORD", "_TOKEN", "secrets.", "AUTHORS", "x", "/", ".", "-",
                                     '"', "'", "|", ";", ".docker/config.json", "ſ", "K"]), max_size=12).map("".join)


@settings(max_examples=2000, deadline=None)
@given(PRINTERS)
def test_printing_filter_asks_the_names_first(text: str) -> None:
    """DCR003's printing filter tests the names before the printing command's pattern: the
    same answer as in the order written before (the command, then the names)."""
    from dcrlint.checks._leak_filters import (
        _DOCKER_CONFIG_TEXT,
        _expands_secret,
        _may_print_words,
        _printing_command,
        _printing_words,
    )
    from dcrlint.config import Settings
    from dcrlint.secretnames import may_name_a_secret
    from dcrlint.shell.spelling import plain, words

    low, names = words(text), plain(text)
    if low is None or names is None:
        return
    settings = Settings(root=".")
    before = (any(p in low for p in _DOCKER_CONFIG_TEXT) or "printenv" in low) or (
        any(p in low for p in _printing_words()) and _printing_command().search(low) is not None
        and ("secrets." in names or (may_name_a_secret(names, settings.secret_names)
                                     and _expands_secret(names, settings.secret_names))))
    assert _may_print_words(low, names, settings) == before


JENKINS_WORDS = st.lists(st.sampled_from([
    "sh", "'", '"', "'''", " ", "\n", "echo ", "print", "env", "printenv", "set", "export -p", "declare", "$TOKEN",
    "${PASS}", "$AUTH", "Authors", "secrets.X", ".docker/config.json", "docker login", "-u u -p p", "+", "\\",
    "\\\n", "${'e'}", "x", "$", ";", "|", "set -x", "KEY", "(", ")",
    # spellings a reader decodes or joins: a Groovy `\u` escape, an ANSI-C string, quotes in a
    # word, a line continuation inside one, upper case
    "\\u0065cho", "\\u0050ASS", "\\u0024", "$'\\x65'", "lo\"gin\"", "e\\\ncho", "ECHO", "PRINTENV", "Env",
    "\\u002edocker/config.json"]), max_size=14).map("".join)


@settings(max_examples=1500, deadline=None)
@given(JENKINS_WORDS)
@example('sh"echo \\u0024TOKEN"')  # the secret's `$` only decoded
@example("sh'e' + 'cho $PASS'")  # the printer only joined
@example("sh'set -x; docker lo\"gin\" -p p r'")  # tracing with a login in quotes
@example("sh $'\\x65cho' $TOKEN")  # an ANSI-C string: every word may be read
def test_jenkins_leak_gate_asks_the_words_first(text: str) -> None:
    """DCR003's gate on a Jenkinsfile gives the same answer when it first asks whether any of
    its tests may hold (`_may_read_command_words`) as when it puts the blanks in and asks them."""
    from dcrlint.checks._leak_gate import _whole_text
    from dcrlint.checks._spellings import shell_words
    from dcrlint.classify import FileKind
    from dcrlint.config import Settings
    from dcrlint.scanned import ScannedFile
    from dcrlint.source import SourceFile

    def fresh() -> ScannedFile:
        return ScannedFile(SourceFile("Jenkinsfile", text), FileKind.JENKINSFILE, Settings(root="."))

    file = fresh()
    spelled = shell_words(file)
    if spelled is None:
        return
    other = fresh()
    written = shell_words(other)
    assert written is not None
    assert _whole_text(file, spelled.low, spelled.names) == _whole_text(other, written.low, written.names,
                                                                       ask_first=False)


ALIASES = st.lists(st.sampled_from(["&a", "*a", "&b", "*b", "&&", "**", " ", "\n", "-", "[", "'", "x", "&", "*", ":"]),
                   max_size=12).map("".join)


@settings(max_examples=800, deadline=None)
@given(ALIASES, st.integers(0, 6), st.integers(0, 6))
def test_may_alias_as_the_pairs_of_names(text: str, cut: int, keep: int) -> None:
    """Anchors searched first, and no search without a `&` and a `*`: the same answer as the
    aliases' names looked up among the anchors'."""
    from dcrlint.yamlsrc import _ALIAS, _ANCHOR, _may_alias

    start, end = min(cut, len(text)), max(min(cut, len(text)), len(text) - keep)
    aliases = {m.group(1) for m in _ALIAS.finditer(text, start, end)}
    expected = bool(aliases) and any(m.group(1) in aliases for m in _ANCHOR.finditer(text, start, end))
    assert _may_alias(text, start, end) == expected


BREAKS = st.lists(st.sampled_from(["\r", "\n", "\r\n", "\x85", "\u2028", "\u2029", "a", "é", " ", "\u2027", "\x84"]),
                  max_size=10).map("".join)


@settings(max_examples=800, deadline=None)
@given(BREAKS)
def test_exotic_line_break_found_by_pieces(text: str) -> None:
    from dcrlint.yamlsrc import _EXOTIC_BREAK, _exotic_break

    assert _exotic_break(text) == (_EXOTIC_BREAK.search(text) is not None)


@pytest.mark.parametrize("text", ['sh"echo \\u0024TOKEN"', "sh'e' + 'cho $PASS'", "sh'set -x; docker lo\"gin\" -p p r'",
                                  "sh'ec\\u0068o $API_\\u0054OKEN'"])
def test_jenkins_leak_gate_holds_on_spelled_printers(text: str) -> None:
    """A printer of a secret, or tracing with a login, spelled with a Groovy escape, a joined
    string or quotes in a word, a string right after `sh` (where the question is asked first):
    the gate holds."""
    from dcrlint.checks._leak_gate import _GROOVY_STRING_AFTER_NAME, gate
    from dcrlint.classify import FileKind
    from dcrlint.config import Settings
    from dcrlint.scanned import ScannedFile
    from dcrlint.source import SourceFile

    assert _GROOVY_STRING_AFTER_NAME.search(text)
    assert gate(ScannedFile(SourceFile("Jenkinsfile", text), FileKind.JENKINSFILE, Settings(root=".")))


CALLS = st.lists(st.sampled_from(["fetch", "a.b", "a-b", "x", "fetch2", "$(", "`", " ", "\t", "\n", "function ",
                                  "()", " ()", " ( ) ", "{", "}", ".", ":", "-", "_", "=", "é", "$", "echo "]),
                 max_size=14).map("".join)


def _only_captured_as_written(script: str, function: str) -> bool:
    """DCR003's `_only_captured` with the name found by a pattern led by its lookbehind."""
    from dcrlint.checks._leak_printing import _DEFINED

    calls = 0
    for m in re.finditer(rf"(?<![\w.:-]){re.escape(function)}(?![\w.:-])", script):
        at = m.start()
        while at and script[at - 1] in " \t":
            at -= 1
        if _DEFINED.match(script, m.end()) or script.endswith("function", 0, at):
            continue
        if not script.endswith(("$(", "`"), 0, at):
            return False
        calls += 1
    return calls > 0


@settings(max_examples=2000, deadline=None)
@example("x=$(a.b)\nb=$(fetch)", "a.b")
@given(CALLS, st.sampled_from(["fetch", "a.b", "a-b", "x"]))
def test_function_calls_found_from_the_name(script: str, function: str) -> None:
    from dcrlint.checks._leak_printing import _only_captured

    assert _only_captured(script, function) == _only_captured_as_written(script, function)


NAMES = st.lists(st.one_of(
    st.sampled_from(["-", "_", ".", " ", "/", ":", "\n", "ſ", "ı", "İ", "\u212a", "é", "password", "TOKEN", "x",
                     "usernam", "ids", "URL", "Ur", "l", "s", "i"]),
    st.sampled_from(sorted(__import__("dcrlint.secretnames", fromlist=["_"])._NOT_SECRET_SUFFIXES)).map(
        lambda w: w.upper() if len(w) % 2 else w.title())), max_size=8).map("".join)


@settings(max_examples=3000, deadline=None)
@example("DB_PASSWORD_URL\n")  # `$` before a last line break
@example("TOKEN_FıLE")  # the dotless i, as `re` folds it
@example("KEY-ſCOPE")
@example("api.KEYS")
@given(NAMES)
def test_not_secret_suffix_without_its_pattern(name: str) -> None:
    """An ASCII name is told a where-or-what suffix (`_URL`, `-file`, `.Keys`) without compiling
    the pattern, as the pattern tells it."""
    from dcrlint.secretnames import _NOT_SECRET_SUFFIX, _has_not_secret_suffix

    assert _has_not_secret_suffix(name) == (_NOT_SECRET_SUFFIX.search(name) is not None)


# values.classify's delimited expressions and templates as written before: a lazy `.*?` to the
# closer, quadratic on a value of many openers with no closer (`_paired` finds the same).
OLD_EXPR = re.compile(r"\$\{\{.*?\}\}|\$\(\(.*?\)\)|\$\[.*?\]", re.S)
OLD_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|<<\s*[A-Za-z_][\w.-]*(?:[ \t]+[\w.-]+)*\s*>>|\{\d+\}"
                          r"|\(@[-=]?\s.*?\s-?@\)|(?<!\$)\(\([ \t]*[\w\"][\w\"./:-]*[ \t]*\)\)", re.S)
DELIMITED = st.lists(st.sampled_from(["$", "{", "}", "{{", "}}", "(", ")", "((", "))", "[", "]", "%", "@", "(@",
                                      "@)", "-", "=", " ", "\n", "<<", ">>", "a", "1", "_"]),
                     max_size=14).map("".join)


@settings(max_examples=1500, deadline=None)
@given(DELIMITED)
@example("(@ a (@ a ")
@example("(@- x -@)")
@example("{%}")
@example("$(())")
def test_delimited_values(text: str) -> None:
    from dcrlint.values import _EXPRESSION_PAIRS, _paired, _templated

    assert _paired(text, _EXPRESSION_PAIRS) == (OLD_EXPR.search(text) is not None)
    assert _templated(text) == (OLD_TEMPLATE.search(text) is not None)


OLD_GH_EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.S)


@settings(max_examples=1000, deadline=None)
@given(DELIMITED)
@example("${{ a }} ${{ b ${{")
def test_github_expressions(text: str) -> None:
    from dcrlint.ghexpr import expressions

    assert [m.span(1) for m in expressions(text)] == [m.span(1) for m in OLD_GH_EXPRESSION.finditer(text)]


OLD_SHELL_TEMPLATE = re.compile(r"\$\{\{[^\n]*?\}\}|\{\{[^\n]*?\}\}|\{%[^\n]*?%\}|\$\{[A-Za-z_]\w*[.(][^}\n]*\}")
SHELL_TEMPLATES = st.lists(st.sampled_from(["$", "{", "}", "{{", "}}", "{%", "%}", "%", "${", "a", "é", "_", "1", ".",
                                            "(", " ", "\n", "x.y"]), max_size=16).map("".join)


@settings(max_examples=2000, deadline=None)
@given(SHELL_TEMPLATES)
@example("${{ a ${{ b }} {{ c\n}} ${a.b} ${x(1) {% y %}")
def test_shell_template_mask(text: str) -> None:
    from dcrlint.shell.bash import _mask_templates

    old = OLD_SHELL_TEMPLATE.sub(lambda m: ("$" if m.group().startswith("$") else "_") + "_" * (len(m.group()) - 1),
                                 text)
    assert _mask_templates(text) == old


# Patterns once led by a lookbehind or a word boundary (tried at every character), now led by
# their literal, what was before it looked behind: the same matches, groups and all.
LED_BY_LITERAL = {
    "dcrlint.shell.bash:_ANGLE_PLACEHOLDER": re.compile(
        r"(?<![<\w])<[A-Za-z][\w.-]*>(?=[ \t]*(?:$|[;&|)\n#]))|(?<==)<[A-Za-z][\w.-]*>(?![\w<>])", re.M),
    "dcrlint.shell.bash:_OPENS_FD": re.compile(r"\bexec\b[^\n;&|]*?\d<"),
    "dcrlint.checks._assignment_gate:_ENV_INDEX": re.compile(r"(?<![\w$])env\s*\[([^\]]*)\]\s*=(?![=~])"),
    # (and those once led by a class in one alternative: now each led by one character)
    "dcrlint.checks._spellings:_GROOVY_MARKS": re.compile(r"\\|\$[$/]|\$\{[ \t]*['\"]|['\"][ \t]*\}"),
    "dcrlint.groovyscan:_EVENT": re.compile(r"""['"/]|\$/"""),
    "dcrlint.infra.helmscripts:_HELM_RELEASE": re.compile(
        r"\bhelm(?:3)?\s+(?:(?:secrets|diff)\s+)?(?:upgrade|install|template)\b[^\n;&|]*"),
}
LEADS = st.lists(st.sampled_from(["<", ">", "<<", "=", "a", "Z", "_", ".", "-", "1", "3", "é", " ", "\t", "\n", ";",
                                  "|", ")", "#", "$", "[", "]", "==", "=~", "exec", "env", "xexec", "$env", "<a>",
                                  "<name_1>", "\\", "'", '"', "/", "$/", "$$", "${", "{", "}", " }", "helm",
                                  "helm3", "xhelm", "upgrade", "install", "template", "secrets", "diff"]),
                       max_size=14).map("".join)


@settings(max_examples=2000, deadline=None)
@given(LEADS)
@example("PW=<pw_here> U=<user>\nx <a>;")
@example("exec 3< <(cmd) ; execs 4<")
@example("env['K'] = 1; $env[x]=2; myenv[y]=3; env [z] == 4")
@example("sh \"${'x'}\" + '$/a/$' + \"b\\n\" ' }")
@example("helm upgrade -f a.yaml; xhelm install b\n_helm template c | éhelm3 secrets upgrade d")
def test_patterns_led_by_their_literal(text: str) -> None:
    from importlib import import_module

    for where, old in LED_BY_LITERAL.items():
        module, name = where.split(":")
        new = getattr(import_module(module), name)
        assert [(m.span(), m.groups()) for m in new.finditer(text)] == \
            [(m.span(), m.groups()) for m in old.finditer(text)], where
