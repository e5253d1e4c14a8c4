"""Facts derived from other facts, the same way for every kind of file: available for a kind
when its extractor provides what they need (`NEEDS`)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from functools import cache, partial
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from ..checks._spellings import escape_marks, unescaped_lines
from ..classify import FileKind
from ..facts import (
    K8S_FOLDER_NAMESPACE,
    K8S_POD_SPECS,
    K8S_RESOURCES,
    LOGINS,
    SHELL_CONTEXTS,
    SHELL_SCRIPTS,
    SUPPRESSIONS,
    URL_CREDENTIALS,
    VALUES,
    Fact,
    LoginSite,
    UrlCredential,
)
from ..filevalues import FileValue
from ..shell import parse_shell
from ..source import MappedText, Span
from ..suppress import parse_directives
from ..urlcreds import url_matches
from .applied import applied_resources, folder_namespace, pod_specs

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from ..config import Settings
    from ..facts import ShellContext
    from ..scanned import ScannedFile
    from ..shell.model import Script
    from ..suppress import Directive


def shell_scripts(file: ScannedFile) -> list[tuple[ShellContext, Script]]:
    """Each shell context parsed once. A context with nothing the file's checks read (their
    command filters) is not parsed, and in one that is, nor is a top-level statement with
    nothing they read: most scripts of a monorepo are such, and parsing is the costly step.
    A filter with a `when` counts for a context only where its `when` holds too. A statement
    is tested only by the filters that held on its context: a filter holds on a text whenever
    it holds on a part of it (`parse_shell` tests runs of statements on that ground too). A
    filter is not asked in a kind of file where its `when` never holds (`CommandFilter.kinds`)."""
    filters = file.commands
    if filters is None:
        from ..checks import command_filters

        filters = command_filters()
    settings = file.settings
    kind = file.kind
    pairs = tuple((f.test, f.when) for f in filters if f.kinds is None or kind in f.kinds)
    contexts = file.get(SHELL_CONTEXTS)
    if len(contexts) > 1:
        # The contexts' texts together, each on lines of its own: a filter that fails on them
        # all fails on each (it holds on a text whenever it holds on a part of it), and is not
        # asked of each (most contexts of a CI file).
        whole = "\n\n".join([ctx.text.text for ctx in contexts])
        pairs = tuple((test, when) for test, when in pairs
                      if test(whole, settings) and (when is None or when(file, whole)))
        if not pairs:
            return [(ctx, _unparsed(ctx.dialect)) for ctx in contexts]

    out = []
    name = script_name(file)
    for ctx in contexts:
        text = ctx.text.text
        # (a filter whose `when` fails on the context does not count for it: nor is its test
        # asked of the context's statements)
        held = tuple(test for test, when in pairs if test(text, settings) and (when is None or when(file, text)))
        if held:
            script = parse_shell(ctx.text, ctx.dialect, _any_of(held, settings), name)
            if script.unclosed:  # (the catalog's parse-failure notification: never silent)
                opener, closer = script.unclosed[0]
                file.notify(f"shell: syntax error: what opens here is never closed (no `{closer}` before the "
                            "script ends; bash rejects it); the commands after it are read as inside it",
                            file.source.position(opener.start)[0])
            out.append((ctx, script))
        else:
            out.append((ctx, _unparsed(ctx.dialect)))
    return out


def script_name(file: ScannedFile) -> str:
    """A shell script file's own name (what `bash -x ./NAME` in it runs again); "" for other kinds."""
    return file.path.rsplit("/", 1)[-1] if file.kind is FileKind.SHELL else ""


def _any_of(tests: tuple[Callable[[str, Settings], bool], ...], settings: Settings) -> Callable[[str], bool]:
    """Whether one of `tests` holds on a statement's text."""
    if len(tests) == 1:
        test = tests[0]
        return lambda text: test(text, settings)

    def wanted(text: str) -> bool:
        # (a loop, no generator: this runs on each statement of a parsed context)
        for test in tests:
            if test(text, settings):
                break
        else:
            return False
        return True
    return wanted


# Unparsed contexts share one empty script per dialect (most contexts: a script is frozen).
_UNPARSED: dict[str, Script] = {}


def _unparsed(dialect: str) -> Script:
    script = _UNPARSED.get(dialect)
    if script is None:
        from ..shell.model import Script

        script = _UNPARSED[dialect] = Script((), (), dialect)
    return script


def logins(file: ScannedFile) -> list[LoginSite]:
    """Every login of the catalog in the file's parsed shell, in source order per context."""
    scripts = [(ctx, script) for ctx, script in file.get(SHELL_SCRIPTS) if script.commands]
    if not scripts:
        return []  # most files (an import statement costs more than this test)
    from ..shell.logins import find_logins  # here: a docker config or Terraform file has no shell

    layer = layer_of(file)
    return [LoginSite(ctx, script, login) for ctx, script in scripts
            for login in find_logins(script, file.classifier, layer)]


# What a layer before the shell does to a `$` written in the file, decided at that `$` (the
# file offset a text's first `$` maps to; `shell.logins.Layer`): whether it expands the
# reference there. A `$` no layer expands is the shell's, whose quotes decide (single quotes
# or `\$` make `'$ADMIN2024'` the text the program gets). GNU make: `$$` is a `$` for the
# shell, any other `$` starts a make reference (`$(X)`, `${X}`, `$X`). Groovy (a Jenkinsfile):
# a GString's `$name` or `${expr}` (a `JenkinsModel` step's interpolations); `\$` in any
# string, and a single-quoted string's `$`, reach the shell as `$`. Kubernetes: `$(VAR)` in a
# container's command, args or env, `$$` escaping it. Azure Pipelines: the `$(var)` macro.
# Compose, Drone and Buildkite interpolate `$VAR` and `${VAR}`, `$$` escaping it (Buildkite:
# `\$` too); so does Cloud Build (its substitutions, `$_NAME` and built-ins like `$PROJECT_ID`, in
# a step's args before the shell runs them; `$$` is the shell's `$`. A `script` gets them as
# environment variables, with automapSubstitutions: read the same, a reference either way). A
# shell script, a Dockerfile RUN, a GitHub, GitLab or other CI script: nothing.
def _make_expands(source: str, at: int) -> bool:
    return source.startswith("$", at) and not source.startswith("$$", at)


def _macro_expands(source: str, at: int) -> bool:
    """`$(name)` not escaped as `$$(name)` (Kubernetes; Azure's macros have no escape)."""
    return source.startswith("$(", at) and not source.endswith("$", 0, at)


def _interpolates(source: str, at: int, escapes: str = "$") -> bool:
    """`$NAME` or `${NAME}` not escaped (`$$`, or a character of `escapes` before it)."""
    nxt = source[at + 1 : at + 2]
    return (source.startswith("$", at) and (nxt == "{" or nxt.isalpha() or nxt == "_")
            and not (at and source[at - 1] in escapes))


def _buildkite_expands(source: str, at: int) -> bool:
    return _interpolates(source, at, "$\\")


_EXPANDS: dict[FileKind, Callable[[str, int], bool]] = {
    FileKind.MAKEFILE: _make_expands, FileKind.KUBERNETES: _macro_expands, FileKind.AZURE_PIPELINES: _macro_expands,
    FileKind.COMPOSE: _interpolates, FileKind.DRONE: _interpolates, FileKind.BUILDKITE: _buildkite_expands,
    FileKind.CLOUD_BUILD: _interpolates}


def layer_of(file: ScannedFile) -> Callable[[MappedText], bool]:
    """Whether a layer before the shell expands the `$` reference a text of the file starts
    with (`shell.logins.Layer`), read at the file offset its `$` maps to, as the file's layer
    reads it there."""
    kind = file.kind
    if kind is FileKind.JENKINSFILE:
        from .jenkins import jenkins_model

        starts = frozenset(i.span.start for step in jenkins_model(file).steps for i in step.interpolations)
        return lambda text: _dollar_offset(text) in starts
    expands = _EXPANDS.get(kind)
    if expands is None:
        return _nowhere
    source = file.source.text
    return lambda text: (at := _dollar_offset(text)) >= 0 and expands(source, at)


def _dollar_offset(text: MappedText) -> int:
    """The file offset of the text's first `$` (of the escape it was decoded from), else -1."""
    i = text.text.find("$")
    return -1 if i < 0 else text.offset(i)


def _nowhere(text: MappedText) -> bool:
    return False


def url_credentials(file: ScannedFile) -> list[UrlCredential]:
    """The URLs written with a password: in the text as written, and, in a file whose values
    its language decodes (a YAML double-quoted scalar's `\\x70`, a Groovy or HCL string's
    `\\u0070`, an escaped line break), in each value as it reads decoded, the password's span
    mapped back to the file."""
    matches = list(url_matches(file.source.text))
    found = [UrlCredential(m.group("user"), m.group("pw"), m.group("host"), Span(m.start("pw"), m.end("pw")))
             for m in matches]
    if _decodes_values(file.kind):
        escaped = _escaped(file, matches)
        if escaped or _may_read_other_urls(file, matches):
            found = _with_decoded(found, _value_urls(file), _read_by_values(file, escaped))
    return found


def _escaped(file: ScannedFile, written: list[re.Match[str]]) -> list[Span]:
    """The passwords of the URLs as written whose `user:password` holds an escape: what they
    are is what the value reads (`&lt;password&gt;` is `<password>`, no password at all)."""
    if not written:
        return []
    marks, text = escape_marks(file.kind), file.source.text
    return [Span(m.start("pw"), m.end("pw")) for m in written if marks.search(text, m.start("user"), m.end("pw"))]


def _read_by_values(file: ScannedFile, spans: list[Span]) -> list[Span]:
    """Those of spans a value of the file reads (decoded): not a YAML comment's, say."""
    if not spans:
        return []
    if file.kind is FileKind.MAVEN_POM:
        return spans  # its whole text is read decoded (`_value_urls`)
    read = sorted((r.start, r.end) for r in (v.text.span(0, len(v.value)) for v in file.get(VALUES)
                                             if "://" in v.value))
    starts = [start for start, _ in read]
    reach = list(accumulate((end for _, end in read), max))  # the furthest end of a value so far
    # a span is read when a value starting at or before it reaches past its end (linear-log:
    # a file of many escaped URLs made the pairwise test quadratic)
    return [s for s in spans if (i := bisect_right(starts, s.start)) and reach[i - 1] >= s.end]


@cache
def _decodes_values(kind: FileKind) -> bool:
    """Kinds whose VALUES are decoded from escapes (`checks._spellings.unescaped` reads them)."""
    return kind.is_yaml or kind in (FileKind.JENKINSFILE, FileKind.TERRAFORM, FileKind.MAVEN_POM,
                                    FileKind.GITLAB_RUNNER, FileKind.CONTAINERD_CONFIG, FileKind.TERRAFORM_STATE)


def _may_read_other_urls(file: ScannedFile, written: list[re.Match[str]]) -> bool:
    """Whether a value may read a URL with a password otherwise than the text as written: on
    the lines an escape is on (with the line after: an escaped line break joins them,
    `_spellings.escape_lines`), the decoded text's URLs are not the written text's."""
    text = file.source.text
    if file.kind is FileKind.MAVEN_POM:
        if "&" not in text and "<![" not in text:
            return False  # no reference nor CDATA: most files
    elif "\\" not in text and file.kind is not FileKind.JENKINSFILE:
        return False  # no escape (Groovy has `$$` and `${'...'}` too): most files
    decoded = unescaped_lines(file)
    if decoded is None or "@" not in decoded:
        return False
    # A URL that reads otherwise decoded: one the written text lacks there, or one written there
    # that reads otherwise (`\\x24{PW}` is `${PW}`). A password that is a variable, written `$X`
    # or with its `$` escaped (`\\${X}` in Groovy), reads as one either way: no need to read the
    # values for it, which costs a lexer's pass over a Jenkinsfile.
    new = Counter(w for w in _url_words(url_matches(decoded)) if not w[1].startswith(_VARIABLE))
    marks = escape_marks(file.kind)
    there = []
    # Per line (not per URL: many URLs on one long line each walked it), from the line before
    # it: the end of its first mark. A mark's end comes with its start (no mark starts inside
    # another and ends before it), so a URL has a mark before its end when the first one does.
    line_end, above, first = -1, 0, -1
    for m in written:
        if m.start() >= line_end:
            line = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.start())
            line_end = len(text) if line_end < 0 else line_end
            above = text.rfind("\n", 0, max(line - 1, 0)) + 1
            found = marks.search(text, above, line_end)
            first = found.end() if found else -1
        # (a URL over a line break: looked for as before)
        if (0 <= first <= m.end()) if m.end() <= line_end else marks.search(text, above, m.end()) is not None:
            there.append(m)  # on a line with a mark, or the line after one
    return new != Counter(w for w in _url_words(there) if not w[1].startswith(_VARIABLE))


def _url_words(matches: Iterable[re.Match[str]]) -> Iterator[tuple[str, str, str]]:
    return ((m.group("user"), m.group("pw"), m.group("host")) for m in matches)


_VARIABLE = ("$", "\\$")


def _value_urls(file: ScannedFile) -> Iterator[UrlCredential]:
    """The URLs with a password in the file's values, read decoded (a value's map is built
    only for one that holds a URL)."""
    values = file.get(VALUES)
    if file.kind is FileKind.MAVEN_POM:  # XML read for a few elements: its whole text decoded
        from ..infra.xmltext import decoded

        mapped = decoded(file.source.text)
        values = [FileValue(mapped.text, partial(_known, mapped))]
    for value in values:
        text = value.value
        if "@" not in text or "://" not in text:
            continue
        for m in url_matches(text):
            span = value.text.span(m.start("pw"), m.end("pw"))
            yield UrlCredential(m.group("user"), m.group("pw"), m.group("host"), span)


def _known(mapped: MappedText) -> MappedText:
    return mapped


def _with_decoded(written: list[UrlCredential], decoded: Iterable[UrlCredential],
                  read: list[Span]) -> list[UrlCredential]:
    """The URLs found as written, each one a decoded value also holds (its password where the
    written one's is) taken as the value reads it, and the value's other URLs, in file order;
    a written password with an escape that a value reads (`read`) only as the value reads it."""
    out = {(u.password_span.start, u.password_span.end): u for u in written}
    for span in read:
        out.pop((span.start, span.end), None)
    # The written passwords do not overlap (one pass of a regex): sorted by start, their ends
    # are sorted too, and those a span overlaps are one run of them, found by bisection.
    keys = sorted(out)
    starts, ends = [k[0] for k in keys], [k[1] for k in keys]
    added: dict[tuple[int, int], UrlCredential] = {}
    at: list[tuple[int, int]] = []  # added's keys, sorted, not overlapping
    for url in decoded:
        span = url.password_span
        for key in keys[bisect_right(ends, span.start) : bisect_left(starts, span.end)]:
            out.pop(key, None)  # the value's reading wins over the written text's
        # a later reading wins over an earlier one it overlaps (one text read twice)
        i = j = bisect_left(at, (span.start, span.end))
        while j < len(at) and at[j][0] < span.end:
            j += 1
        if i and at[i - 1][1] > span.start:
            i -= 1
        for key in at[i:j]:
            del added[key]
        at[i:j] = [(span.start, span.end)]
        added[span.start, span.end] = url
    out.update(added)
    return [out[k] for k in sorted(out)]


def suppressions(file: ScannedFile) -> list[Directive]:
    """The file's `dcrlint: ignore[...]` comments, in its language's comment syntax."""
    return parse_directives(file.source.text, file.kind)


FACTS: dict[Fact[Any], Any] = {
    SHELL_SCRIPTS: shell_scripts,
    LOGINS: logins,
    URL_CREDENTIALS: url_credentials,
    SUPPRESSIONS: suppressions,
    # The manifests a file's shell applies from here-documents (a kind with its own manifests
    # keeps them: Kubernetes, Ansible's k8s tasks)
    K8S_RESOURCES: applied_resources,
    K8S_POD_SPECS: pod_specs,
    K8S_FOLDER_NAMESPACE: folder_namespace,
}
NEEDS: dict[Fact[Any], tuple[Fact[Any], ...]] = {
    SHELL_SCRIPTS: (SHELL_CONTEXTS,),
    LOGINS: (SHELL_CONTEXTS,),
    K8S_RESOURCES: (SHELL_CONTEXTS,),
    K8S_POD_SPECS: (K8S_RESOURCES,),
    K8S_FOLDER_NAMESPACE: (K8S_RESOURCES,),
}
