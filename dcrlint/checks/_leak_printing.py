"""Printing commands that write a secret to the log: an `echo` of a secret variable, a docker
config printed, a secret read into a variable and shown, a script's result line printed for its
caller; not one written to a file, masked first, or captured."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..classify import FileKind, kubeconfig_name, shell_startup_file
from ..facts import JENKINS_MODEL
from ..findings import Finding
from ..lazyre import lazy_compile
from ..references import expanded_variables, secret_reference
from ..scanned import ScannedFile, ShellContext
from ..secretnames import is_secret_name
from ..shell.model import PRINTING_COMMANDS, Word
from ..shell.stdout import LOGGER, logger_message, readers, shown_by
from ..source import Span
from ._leak_env_secrets import _MASKING_RUNNERS, _env_held_secrets
from ._leak_expansions import _expanded, _secret_in
from ._leak_tracing import _NAME, _may_be_traced

if TYPE_CHECKING:
    from ..shell.model import Command, Script
    from ..source import MappedText

    # A variable set: where, its name, the secret variable it holds (or None), and a stretch of
    # the file that never runs after it (what waits on a `read` that fails: `_not_run`).
    ReadSet = tuple[int, str, str | None, Span | None]


_DOCKER_CONFIG = lazy_compile(
    r"(^|/)\.docker/config\.json$|(^|/)\.dockercfg$|\$\{?DOCKER_CONFIG\}?/config\.json$"
    r"|(^|/)containers/auth\.json$|\$\{?REGISTRY_AUTH_FILE\}?$"
)
# Logging commands a CI runner reads from stdout to mask a value: GitHub's `::add-mask::`,
# Azure Pipelines' `##vso[task.setsecret]` and secret `##vso[task.setvariable ...issecret=true]`.
_MASKING = lazy_compile(r"::add-mask::|##vso\[task\.setsecret\]|##vso\[task\.setvariable [^\]]*issecret=true", re.I)
# What may come before a logging command in an argument: PowerShell's parentheses around the
# string (`Write-Output ("##vso[...]$X")`), its quote.
_MASKING_LEAD = lazy_compile(r"""[(\s]*["']?""")


_STDOUT_REDIRECT = lazy_compile(r"[ \t]*(1?>(?!&)|&>)")


def _result_line(file: ScannedFile, ctx: ShellContext, script: Script) -> Command | None:
    """The command a script file ends with, when it prints a value (no words around it) made of
    variables the script itself set from a command (`token=$(...)` ... `echo "$url?$token"`):
    that is how a script returns a value to the caller that runs it as `$(script)` or
    `returnStdout`."""
    if file.kind is not FileKind.SHELL or not script.commands:
        return None
    last = max(script.commands, key=lambda c: c.span.end)
    rest = file.source.text[last.span.end :]
    if last.name not in ("echo", "printf") or re.sub(r"(?m)#.*$", "", rest).strip():
        return None
    if any(" " in re.sub(r"\$\{[^}]*\}|\$\w+", "", w.value.text) and not _json_document(w.value.text)
           for w in last.args):
        return None  # a sentence for a reader ("token is $TOKEN"), not a value for a caller
    used = {m.group(1) or m.group(2) for w in last.args
            for m in re.finditer(r"\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)", w.raw.text)}
    secret = {n for n in used if is_secret_name(n, file.settings.secret_names)}
    if not secret or _may_be_traced(script, last.span):
        return None  # (traced: the trace of the line writes the value to the log anyway)
    made = _made(script)
    if script.partial and not secret <= made:
        from ..shell import parse_shell

        made = _made(parse_shell(ctx.text, ctx.dialect))  # with the statements no check reads
    return last if secret <= made else None


def _json_document(value: str) -> bool:
    """A JSON object or array once each variable stands for a value (`{"token": "$TOKEN"}`):
    data for a program, whose blanks are JSON's, not a sentence for a reader."""
    value = value.strip()
    if not value.startswith(("{", "[")):
        return False
    import json

    try:
        json.loads(re.sub(r"\$\{[^}]*\}|\$\w+", "0", value))
    except ValueError:
        return False
    return True


def _made(script: Script) -> set[str]:
    """The variables the script sets from a command's output."""
    return {name for c in script.commands for name, w in c.assignments if "$(" in w.raw.text or "`" in w.raw.text}


def _leaks(file: ScannedFile, ctx: ShellContext, script: Script,
           answers: Callable[[str], bool] | None = None) -> Iterator[Finding]:
    """Commands of one script that print a credential to the job log (not those printing its
    `answers`, see `_answers`)."""
    found_here: list[Finding] = []
    printed = _printing(file, ctx, script, found_here, answers)
    yield from found_here
    # A function's result read whole into variables (`PW=$(get_pw)`): not shown where the
    # function prints it; shown where a command prints one of those variables.
    carried: dict[str, str] = {}
    results: set[str] = set()
    whole_script: list[Script] = []  # parsed again once, when a partial parse left statements out

    def whole() -> Script:
        if not script.partial:
            return script
        if not whole_script:
            from ..shell import parse_shell

            whole_script.append(parse_shell(ctx.text, ctx.dialect))
        return whole_script[0]

    away: list[tuple[Callable[[int], bool] | None, Callable[[int], bool] | None, Callable[[int], str] | None]] = []
    startup = file.kind is FileKind.SHELL and shell_startup_file(file.path)
    for cmd, found, _, _ in printed:
        if found is not None and cmd.result_of and cmd.result_of not in results:
            if startup and _substitution_calls(ctx.text.text, cmd.result_of) == (0, 0):
                # A shell start-up file's function it never calls: a command its user runs at
                # the terminal (a password generator's `echo "$pass"`), what it prints is theirs.
                results.add(cmd.result_of)
                continue
            if not away:
                away.append((_sent_away(ctx, whole()), _called_away(ctx, whole()), _forwarded(ctx, whole())))
            held = _result_holders(ctx.text.text, cmd.result_of, *away[0])
            if held is not None:
                results.add(cmd.result_of)
                carried.update(dict.fromkeys(held, found))
    looped = _loops_over(ctx.text, carried) if carried else {}
    if carried and script.partial:
        every = _printing(file, ctx, whole(), [])  # the statements printing a carrier were left out
        known = {(c.span.start, c.span.end) for c, _, _, _ in printed}
        printed += [p for p in every if (p[0].span.start, p[0].span.end) not in known]
        printed.sort(key=lambda p: p[0].span.start)
    piped_read = any(c.name == "read" and (c.pipe_from is not None or (
        c.stdin_file is not None and c.stdin_file.raw.text.startswith("<("))) for c in script.commands)
    read_in = _read_secrets(file, ctx, script) if piped_read else None
    for cmd, found, shown_all, shower in printed:
        if found is not None and cmd.result_of in results:
            continue
        what = f"`{found}`" if found is not None else next(
            (f"`{holds}` (as `{v}`)" for t in shown_all for v in _expanded_names(t)
             if (holds := carried.get(v) or _held_at(looped.get(v), cmd.span.start)) is not None), None)
        if what is None and read_in:
            what = _read_carried(read_in, cmd, shown_all)
        if what is None:
            continue
        if cmd is shower and cmd.name == LOGGER:
            message = f"`logger` writes secret {what} to the system log"
        else:
            message = f"`{cmd.name}` prints secret {what}{_to(shower)}"
        yield Finding("DCR003", message, file.path, cmd.span, ctx.place)
    yield from _filled_cats(file, ctx, whole, answers)


def _loops_over(script: MappedText, carried: dict[str, str]) -> dict[str, list[tuple[int, int, str]]]:
    """Each `for` loop's variable over a holder's words (`for l in "${lines[@]}"`, `for t in $tok`,
    also over a loop variable holding one): it takes what the holder holds, from its `for` (file
    offsets) up to the next `for` binding the same name to other words (`for l in *.txt`)."""
    from ._name_holders import FOR_LOOP

    loops = [(script.offset(m.start(1)), m.group(1), _expanded_names(_expanded(m.group(2))))
             for m in FOR_LOOP.finditer(script.text)]
    looped: dict[str, list[tuple[int, int, str]]] = {}
    for k, (at, var, over) in enumerate(loops):
        held = next((h for n in over if (h := carried.get(n) or _held_at(looped.get(n), at)) is not None), None)
        if held is not None and var not in carried:
            end = next((later for later, name, _ in loops[k + 1 :] if name == var), script.end)
            looped.setdefault(var, []).append((at, end, held))
    return looped


def _held_at(spans: list[tuple[int, int, str]] | None, at: int) -> str | None:
    """The secret a loop variable holds at a file offset (`_loops_over`), None if none."""
    return next((held for start, end, held in spans or () if start <= at < end), None)


def _read_secrets(file: ScannedFile, ctx: ShellContext, script: Script) -> list[ReadSet] | None:
    """Where the script sets a variable (an assignment, `read`), in order: its offset, the name,
    the secret variable it then holds when `read` takes it from a pipe carrying that secret
    (`echo "$P" | while read l; do ...`, `| { read x; ...; }`, through filters passing it on)
    or from a process substitution that prints it (`done < <(echo "$P")`),
    and where nothing runs (`_not_run`): what prints such a variable prints the secret. None
    when no `read` does."""
    from ..shell.stdout import may_end_a_line, passes_on

    out: list[ReadSet] = []
    holders: list[frozenset[str]] = []
    for cmd in script.commands:
        out.extend((cmd.span.start, name, None, None) for name, _ in cmd.assignments)
        names = _read_names(cmd) if cmd.name == "read" else None
        if not names:
            continue
        source, secret, fed = cmd.pipe_from, None, cmd.pipe_from
        captured = False
        if cmd.stdin_file is not None and cmd.herestring is None and cmd.heredoc is None:
            # a process substitution feeding it, its own or a loop's or group's around it
            # (`while read -r l; do ...; done < <(echo "$P")`): its last command's output is read
            source = fed = _substitution_output(cmd.stdin_file, script)
            captured = True
        if cmd.herestring is None and cmd.heredoc is None and (cmd.stdin_file is None or captured):
            for _ in range(9):
                if source is None or (source.output != "log" and not captured):
                    break
                if source.name in ("echo", "printf"):
                    secret = _secret_in(file, ctx, source.args, holders)[0]
                    break
                if not passes_on(source):
                    break
                if source.herestring is not None:  # (`cat <<< "$P" | while read l; ...`)
                    secret = _secret_in(file, ctx, (source.herestring,), holders)[0]
                    break
                source = source.pipe_from
        skip = _not_run(ctx, cmd) if secret is not None and fed is not None and not may_end_a_line(fed) else None
        out.extend((cmd.span.start, name, secret, skip) for name in names)
    return out if any(secret is not None for _, _, secret, _ in out) else None


def _substitution_output(word: Word, script: Script) -> Command | None:
    """The command whose output a process substitution (`<(echo "$P")`) gives, when it is one
    pipeline's last command; None for a file or any other."""
    if not word.raw.text.startswith("<("):
        return None
    span = word.span
    inner = [c for c in script.commands if span.start <= c.span.start and c.span.end <= span.end]
    fed = {id(c.pipe_from) for c in inner if c.pipe_from is not None}
    ends = [c for c in inner if id(c) not in fed]
    return ends[0] if len(ends) == 1 else None


def _not_run(ctx: ShellContext, read: Command) -> Span | None:
    """What never runs after a `read` given an input with no line break (`printf %s "$P" |`):
    it fails at the end of its input, setting its names all the same, so what runs only on its
    success (a `while` body, a `then` branch, the right of `&&`) never runs; what follows the
    loop or the `if`, an `else` branch, the next statement, do (they see the secret)."""
    if ctx.dialect != "sh":
        return None
    at = _script_index(ctx.text, read.span.start)
    if at is None:
        return None
    from ..shell.bash import run_on_success

    gated = run_on_success(ctx.text.text, at)
    return None if gated is None else ctx.text.span(*gated)


def _script_index(text: MappedText, offset: int) -> int | None:
    """The index in a mapped text of the character at a file offset (None: not in it)."""
    for k, start in enumerate(text.starts):
        run_end = text.starts[k + 1] if k + 1 < len(text.starts) else len(text.text)
        if text.origins[k] <= offset < text.origins[k] + run_end - start:
            return start + offset - text.origins[k]
    return None


def _read_carried(read_in: list[ReadSet], cmd: Command, shown_all: list[str]) -> str | None:
    """The secret a printed text shows through a variable `read` last set from it before `cmd`
    (`_read_secrets`), unless `cmd` never runs after that read: "`P` (as `l`)"; None if none."""
    for text in shown_all:
        for name in _expanded_names(text):
            last: str | None = None
            skip: Span | None = None
            for at, set_name, secret, not_run in read_in:
                if at >= cmd.span.start:
                    break
                if set_name == name:
                    last, skip = secret, not_run
            if last is not None and not (skip is not None and skip.start <= cmd.span.start < skip.end):
                return f"`{last}` (as `{name}`)"
    return None


# `read`'s options that take a value (the rest of the word or the next word); `-a NAME` sets an
# array, `-u FD` reads another descriptor than stdin.
_READ_VALUED = frozenset("adinNptu")


def _read_names(cmd: Command) -> list[str] | None:
    """The names `read` sets from its stdin (`REPLY` when none is given); None when it reads
    another descriptor (`-u FD`). Every name may hold the whole value (a value with no blank
    fills the first one)."""
    names: list[str] = []
    args = cmd.args
    k = 0
    while k < len(args):
        text = args[k].text
        k += 1
        if text == "--":
            names.extend(w.text for w in args[k:])
            break
        if not text.startswith("-") or len(text) == 1 or names:
            names.append(text)
            continue
        for at, ch in enumerate(text[1:], 2):
            if ch in _READ_VALUED:
                value = text[at:] if at < len(text) else args[k].text if k < len(args) else ""
                k += at == len(text)
                if ch == "u":
                    return None
                if ch == "a":
                    names.append(value)
                break
    return [n for n in names if _NAME.fullmatch(n)] or ["REPLY"]


def _to(shower: Command) -> str:
    """Where the command showing a printed text writes it (`shell.stdout.shown_by`)."""
    return " through `logger` to the system log" if shower.name.rsplit("/", 1)[-1] == LOGGER else " to the log"


def _printing(file: ScannedFile, ctx: ShellContext, script: Script, findings: list[Finding],
              answers: Callable[[str], bool] | None = None) -> list[tuple[Command, str | None, list[str], Command]]:
    """The commands of a script that print to the log, each with the secret variable it prints
    (or None), the texts it shows and the command showing them (`shell.stdout.shown_by`: itself,
    a program it pipes into, `logger`); `printenv` of a secret and `cat` of a docker config go
    to `findings`."""
    read_by = readers(script.commands)
    text = file.source.text
    result = _result_line(file, ctx, script)
    # (a Jenkins step's `returnStdout: true`, a Taskfile dynamic variable's `sh:`: the value it makes)
    captured = (file.kind is FileKind.JENKINSFILE and ctx.place in _captured_steps(file)) \
        or (file.kind is FileKind.TASKFILE and len(ctx.place) > 2 and ctx.place[-3] == "vars" and ctx.place[-1] == "sh")
    holders: list[frozenset[str]] = []  # variables the script shows hold names (`_secret_in`)
    printed: list[tuple[Command, str | None, list[str], Command]] = []
    masked: dict[str, int] = {}  # variables whose value a masking command registered, and where it ended
    for cmd in script.commands:
        if cmd is result:
            continue  # a script file's last line printing a value it made: its result, for a caller
        if cmd.name in ("printenv", "declare", "typeset"):
            shower = shown_by(cmd, read_by)
            named = None if shower is None else _env_printed(cmd, file.settings.secret_names)
            if shower is not None and named is not None and not (answers and answers(named)):
                what = "`printenv`" if cmd.name == "printenv" else f"`{cmd.name} -p`"
                findings.append(Finding("DCR003", f"{what} prints secret `{named}`{_to(shower)}",
                                        file.path, cmd.span, ctx.place))
            continue
        logger = cmd.name == LOGGER and ctx.dialect == "sh"
        if not logger and cmd.name not in PRINTING_COMMANDS:
            continue
        shower = cmd if logger else shown_by(cmd, read_by)
        if shower is None:
            continue  # written to a file, read by an enclosing command or a program keeping it: not in the log
        if captured and not logger and not _TO_STDERR.match(text, shower.span.end):
            continue  # a `returnStdout: true` step: its stdout is the value it returns, not the log
        if ctx.dialect != "sh" and _STDOUT_REDIRECT.match(text, cmd.span.end):
            continue  # PowerShell, cmd: redirected (the bash parser tells `> f` from `>&2`)
        args = logger_message(cmd) if logger else cmd.words[1:]
        if any(_MASKING.match(w.text, _MASKING_LEAD.match(w.text).end()) for w in args):  # type: ignore[union-attr]
            # A CI logging command that hides the value in the log (a marker line); the runner
            # masks the value wherever the log shows it after (`echo "::add-mask::$TOKEN"`), where
            # the file says which runner reads it (a script file may run anywhere).
            if file.kind in _MASKING_RUNNERS:
                masked.update(dict.fromkeys((n for w in args for n in _expanded_names(w.text)), cmd.span.end))
            continue
        if cmd.name == "cat":
            if any(_DOCKER_CONFIG.search(w.value.text) for w in args) and not (answers and answers("docker")):
                findings.append(Finding("DCR003", "`cat` of a docker config.json prints registry credentials "
                                        "to the log", file.path, cmd.span, ctx.place))
            if args or cmd.heredoc is None or not cmd.heredoc_expands or ctx.dialect != "sh" \
                    or any(e.start <= cmd.span.start < e.end for e in script.errors):
                continue  # (in a part the parser could not read, a body may run past its end line)
            # `cat <<EOF` prints the here-document as the shell expanded it (a quoted delimiter: as written)
            args = (Word.of(cmd.heredoc, cmd.heredoc),)
        found, shown_all = _secret_in(file, ctx, args, holders)
        if found is not None and answers is not None and answers(found):
            continue  # the program's answer to its caller
        if found is not None and ctx.dialect == "sh" and _tested_as_file(ctx, found, cmd):
            continue  # the path of the file holding it, shown before the script reads it
        if found is not None and ctx.dialect == "sh" and _failed_output(ctx, found, cmd):
            continue  # what the command that failed to give it printed (its error), not the secret
        if found is not None and found in masked and _shown_masked(text, found, masked[found], cmd, shower, args):
            continue  # shown as `***`
        printed.append((cmd, found, shown_all, shower))
    return printed


# `cat` of one path (the text's words; `_filled_cats` asks the parse after). The name first, what
# is before it looked behind: `re` skips to each `cat` in C.
_CAT_OF = lazy_compile(r"cat(?:(?<![\w./-]cat)|(?<=bin/cat))[ \t]+([^\s;&|<>()`]+)"
                       r"(?=[ \t]*(?:[\n;&|)]|\Z|[12]?>&2))")
# An `echo`/`printf` expanding something into a file (`echo "T=$T" >> f`): the path (its words). A
# superset of the writes `_WRITTEN_TO` reads after a command's parsed words: anything between,
# quotes holding `;&|` too (`"?a=1&t=$T"`), then `>`, `>>`, `1>`, `>|` (not `2>`, `&>`).
_EXPANSION_WRITE = lazy_compile(r"(?:echo(?:(?<![\w./-]echo)|(?<=bin/echo))"
                                r"|printf(?:(?<![\w./-]printf)|(?<=bin/printf)))"
                                r"[ \t][^\n$]*\$[^\n]*?"
                                r"(?<![02-9&])>>?\|?[ \t]*[\"']?([^\s\"';&|<>()`]+)")


def _filled_cats(file: ScannedFile, ctx: ShellContext, whole: Callable[[], Script],
                 answers: Callable[[str], bool] | None) -> Iterator[Finding]:
    """`cat` of a file the script wrote a secret into (`_filled_file`), to the log: it prints the
    secret as `echo "$SECRET"` would. Asked of the whole script (a `cat` of a plain path is a
    statement the filters leave out) only where the text has an `echo`/`printf` expanding
    something into a path ending as a later `cat`'s (by its last part: `~/x` and `$HOME/x` are
    one); not where a CI runner is told to mask values (what it masks is not followed here)."""
    text = ctx.text.text
    if ctx.dialect != "sh" or "cat" not in text or ">" not in text \
            or (file.kind in _MASKING_RUNNERS and _MASKING.search(text) is not None):
        return
    cats = [(m.start(), _last_part(m.group(1))) for m in _CAT_OF.finditer(text)]
    if not cats:
        return
    parts = {part for _, part in cats}
    pattern = file.settings.secret_names
    held: frozenset[str] | None = None
    written: dict[str, int] = {}  # a path's last part: where it is first written so
    for m in _EXPANSION_WRITE.finditer(text):
        part = _last_part(m.group(1))
        if part not in parts or part in written:
            continue
        # (what `_filled_file` may find there, read looser: a secret's name, a variable a CI step
        # gives a secret, or anything into a kubeconfig's path)
        if secret_reference(m.group(), pattern) is None and not _kubeconfig_path(_home(m.group(1))):
            held = held if held is not None else _env_held_secrets(file, ctx)
            if not any(n in held for n in expanded_variables(m.group())):
                continue
        written[part] = m.start()
    if not any(written.get(part, len(text)) < at for at, part in cats):
        return
    script = whole()
    read_by = readers(script.commands)
    holders: list[frozenset[str]] = []
    for cmd in script.commands:
        if cmd.name != "cat" or (shower := shown_by(cmd, read_by)) is None:
            continue
        filled = _filled_file(file, ctx, script, cmd, holders)
        if filled is not None and not (answers and answers(filled[1])):
            yield Finding("DCR003", f"`cat` of `{filled[0]}` prints secret `{filled[1]}`, which the script wrote "
                          f"into it,{_to(shower)}", file.path, cmd.span, ctx.place)


# Where an `echo` or `printf` writes its stdout: `> f`, `>> f` (`1>`, `>|`) right after its words;
# a path as written, quoted or not (no command substitution).
_WRITTEN_TO = lazy_compile(r"""[ \t]*1?(>>|>\|?)[ \t]*(?:"([^"`\\]+)"|'([^']+)'|([^\s"'`;&|<>()]+))(?=[\s;&|)]|\Z)""")


def _filled_file(file: ScannedFile, ctx: ShellContext, script: Script, cat: Command,
                 holders: list[frozenset[str]]) -> tuple[str, str] | None:
    """The file a `cat` prints (its one argument) and the secret variable the script wrote into
    it before (held-out 19a GM1): the last `echo`/`printf` of a secret (`_secret_in`) before the
    `cat` redirected into that very path (`> f`, `>> f`), when nothing after that write empties
    or replaces the file (a `> f` of anything, `rm f`, read in the text: a statement no check
    reads is in it too). `~/x` and `$HOME/x` are one path. Into a kubeconfig's path whatever is
    written is the cluster's credentials: the variable expanded there (held-out 20a JM5,
    `echo "$CLUSTER_KUBECONFIG" > ~/.kube/config`). None otherwise."""
    if len(cat.args) != 1:
        return None
    path = _home(cat.args[0].value.text)
    text = file.source.text
    if not path or path.startswith("-"):
        return None
    found: tuple[int, str] | None = None
    for c in script.commands:
        if c.span.end > cat.span.start:
            break
        if c.name in ("echo", "printf") and (m := _WRITTEN_TO.match(text, c.span.end)) is not None \
                and _home(m.group(2) or m.group(3) or m.group(4)) == path:
            name = _secret_in(file, ctx, c.args, holders)[0]
            if name is None and _kubeconfig_path(path):  # (a kubeconfig holds the cluster's credentials)
                name = next((n for w in c.args for n in expanded_variables(_expanded(w.raw.text))), None)
            if name is not None:
                found = (m.end(), name)
    if found is None:
        return None
    between = text[found[0] : cat.span.start]
    target = "|".join(re.escape(p) for p in {path, path.replace("$HOME/", "~/", 1)})
    emptied = rf"""(?:(?<!>)>\|?|\brm\b[^\n;&|]*?)[ \t]*["']?(?:{target})["']?(?=[\s;&|)]|\Z)"""
    return None if re.search(emptied, between) else (cat.args[0].value.text, found[1])


def _last_part(path: str) -> str:
    return path.strip("\"'").rsplit("/", 1)[-1]


def _kubeconfig_path(path: str) -> bool:
    """A kubeconfig's path: by its conventional name (`~/.kube/config`, `ci.kubeconfig`), or the
    variable kubectl reads it from (`$KUBECONFIG`)."""
    return kubeconfig_name(path) or path in ("$KUBECONFIG", "${KUBECONFIG}")


def _home(path: str) -> str:
    """A path with the home folder written one way (`~/.npmrc`, `${HOME}/.npmrc`: `$HOME/.npmrc`)."""
    for home in ("~/", "${HOME}/"):
        if path.startswith(home):
            return "$HOME/" + path[len(home) :]
    return path


def _tested_as_file(ctx: ShellContext, name: str, cmd: Command) -> bool:
    """`cmd` runs only where a test found the variable to name a file (the `then` branch or the
    `&&` right of `[ -f "$X" ]`, `[[ -s $X ]]`, `test -r "$X"`), and the script does not set it
    between: it holds the file's path there (`if [ -f "$PW" ]; then echo "reading $PW";
    PW=$(cat "$PW"); fi`, a secret given as a value or as the file holding it)."""
    text = ctx.text.text
    if "-" not in text or (at := _script_index(ctx.text, cmd.span.start)) is None:
        return False
    from ..shell.bash import run_on_success

    for test in _file_tests(text).get(name, ()):
        start, end, gated = test
        if end > at:
            break
        if gated is _UNREAD:
            gated = test[2] = run_on_success(text, start)  # (read once per test, kept with the script's)
        if gated is not None and gated[0] <= at < gated[1] and not _sets(text[end:at], name):
            return True
    return False


def _failed_output(ctx: ShellContext, name: str, cmd: Command) -> bool:
    """`cmd` runs only where the command whose output the variable was last set to failed (the
    right of `NAME=$(cmd 2>&1) || ...`, the `then` of `if ! NAME=$(cmd); then`), and nothing sets
    it between: it holds what the failing command printed, its error; a command that could not
    read or make the secret did not print it."""
    text = ctx.text.text
    if "=$(" not in text or (at := _script_index(ctx.text, cmd.span.start)) is None:
        return False
    sets = _substitution_assignments(text).get(name, [])
    k = bisect.bisect_right(sets, (at, at)) - 1
    while k >= 0 and sets[k][1] > at:
        k -= 1  # one that ends past the command: not written before it
    if k < 0:
        return False
    from ..shell.bash import run_on_failure

    gated = run_on_failure(text, sets[k][0])
    return gated is not None and gated[0] <= at < gated[1] and not _sets(text[gated[0] : at], name)


_SUBSTITUTION_ASSIGNMENT = lazy_compile(r"(?:^|[\s;&|({!])([A-Za-z_]\w*)=\$\(")


@lru_cache(maxsize=4)  # a pure function of the script: asked once per printing command
def _substitution_assignments(text: str) -> dict[str, list[tuple[int, int]]]:
    """Where the script sets each variable to a command's output (`NAME=$(`): (the name's
    start, the match's end), in order; found in one pass (a pass per printing command was
    quadratic in a long script)."""
    found: dict[str, list[tuple[int, int]]] = {}
    for m in _SUBSTITUTION_ASSIGNMENT.finditer(text):
        found.setdefault(m.group(1), []).append((m.start(1), m.end()))
    return found


# A test that a variable names a file: `[ -f "$X" ]`, `[[ -s $X ]]`, `test -r "$X"`.
_FILE_TEST = lazy_compile(r"(?:\[\[?|(?<![\w-])test)[ \t]+-[efrs][ \t]+(\"?)\$\{?([A-Za-z_]\w*)\}?\1(?=[ \t])")
_UNREAD: Any = object()  # a test whose gated range is not read yet


@lru_cache(maxsize=4)  # a pure function of the script: asked once per printing command
def _file_tests(text: str) -> dict[str, list[list[Any]]]:
    """Where the script tests each variable as a file, in order, as [start, end, the range the
    test gates (read on first need)]: one pass (a pass per printing command was quadratic on
    long generated scripts)."""
    out: dict[str, list[list[Any]]] = {}
    for m in _FILE_TEST.finditer(text):
        out.setdefault(m.group(2), []).append([m.start(), m.end(), _UNREAD])
    return out


def _sets(text: str, name: str) -> bool:
    """Whether the text assigns the variable (`X=`, `local X=`, `export X=`) or reads into it."""
    return re.search(r"(?:^|[\s;&|({])(?:(?:export|local|declare|typeset|readonly)(?:[ \t]+-\w+)*[ \t]+)?"
                     + name + r"=|\bread\b[^\n;&|]*\b" + name + r"\b", text) is not None


def _shown_masked(text: str, name: str, masked_at: int, cmd: Command, shower: Command,
                  args: tuple[Word, ...]) -> bool:
    """Whether the runner shows `***` for what `cmd` prints of `name`: it masks the exact text the
    variable held when the mask was printed. Not when the variable is set again after the mask
    (a mask of an unset variable masks nothing), nor a part or a transform of the value
    (`${TOKEN:0:8}`, `| base64`): text the runner was not given."""
    if (shower is not cmd and shower.name not in ("tee", "cat")) \
            or any(re.search(r"\$\{" + name + r"[:/#%^,@]", w.text) for w in args):
        return False  # (`tee` and `cat` pass the text on as it is)
    return not _sets(text[masked_at : cmd.span.start], name)


def _captured_steps(file: ScannedFile) -> frozenset[tuple[str, ...]]:
    """The places of a Jenkinsfile's shell steps given `returnStdout: true` (their shell contexts'
    places, `extractors.jenkins.shell_contexts`)."""
    out: set[tuple[str, ...]] = set()
    model = file.get(JENKINS_MODEL)
    for step in model.steps if model is not None else ():
        if step.captured:
            stages = tuple(part for name in step.stages for part in ("stage", name))
            out.add((*stages, step.name, str(step.index)))
    return frozenset(out)


# A command's stdout moved to stderr (`>&2`, `1>&2`, `> /dev/stderr`): the log, whatever reads stdout.
_TO_STDERR = lazy_compile(r"[^\n;&|]*?(?<![<\w])(?:1?>&2|>[ \t]*/dev/stderr)")


def _env_printed(cmd: Command, pattern: str) -> str | None:
    """The secret-named variable `printenv NAME` or `declare -p NAME` prints; None if none."""
    if cmd.name != "printenv":
        return _declared_printed(cmd, pattern)
    return next((w.text for w in cmd.args if is_secret_name(w.text, pattern)), None)


def _declared_printed(cmd: Command, pattern: str) -> str | None:
    """The first secret-named variable `declare -p` / `typeset -p` prints (its operands, the
    options `-f`/`-F` not given); None if none."""
    flags = "".join(w.text[1:] for w in cmd.args if w.text[:1] in "-+" and w.text != "--")
    if "p" not in flags or "f" in flags or "F" in flags:
        return None
    for w in cmd.args:
        if w.text[:1] not in "-+" and "=" not in w.text and is_secret_name(w.text, pattern):
            return w.text
    return None


def _expanded_names(text: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in re.finditer(r"\$\{([A-Za-z_]\w*)[^}]*\}|\$([A-Za-z_]\w*)", text)]


# A call of a shell function whose whole output is one variable's value: `x=$(f args)`,
# `local x="$(f)"`, `` x=`f` ``.
_RESULT_ASSIGNED = lazy_compile(
    r"(?:^|[\s;&|({])(?:(?:local|export|declare|readonly|typeset)(?:[ \t]+-\w+)*[ \t]+)?([A-Za-z_]\w*)="
    r"(\"?)(?:\$\([ \t]*(?P<f>[\w.:-]+)(?:[ \t][^()`\n]*)?\)|`[ \t]*(?P<g>[\w.:-]+)(?:[ \t][^()`\n]*)?`)\2"
    r"(?=[\s;&|)]|$)", re.M)


# `readarray -t args < <(f)`, `mapfile ARR < <(f)`, `read -r a b < <(f)`: the builtin reads the
# process substitution's output into variables, whole (the words between: options and names).
_RESULT_READ = lazy_compile(
    r"(?:^|[\s;&|({])(?P<reader>readarray|mapfile|read)(?P<words>(?:[ \t]+[^\s<>;&|()`$]+)*)[ \t]*<[ \t]*"
    r"<\([ \t]*(?P<f>[\w.:-]+)(?:[ \t][^()`\n]*)?\)(?=[\s;&|)]|$)", re.M)
_IDENTIFIER = lazy_compile(r"[A-Za-z_]\w*")


def _result_holders(script: str, function: str, sent_away: Callable[[int], bool] | None = None,
                    called_away: Callable[[int], bool] | None = None,
                    forwarded: Callable[[int], str] | None = None,
                    outer: frozenset[str] = frozenset()) -> set[str] | None:
    """The variables that hold `function`'s output when the script calls it only as the whole
    value of an assignment (`x=$(f)`), where `sent_away` (at the call's offset in `script`)
    says what holds it goes elsewhere than the log (`cat <<EOF > f`), or as a command whose
    stdout `called_away` says nobody shows (`f | docker login --password-stdin`, `f > file`);
    None when it calls it otherwise (inside a printed word, as a command shown, through eval:
    its output is shown) or never (a library's function, whose callers are not seen). A call in
    another function's body that gives that one's result (`g() { f; }`, `forwarded`) has the
    holders of that one's output (none when it is called otherwise, or calls come round again)."""
    via: list[str] = []
    counted = _substitution_calls(script, function, sent_away, called_away, forwarded, via)
    if counted is None or (counted == (0, 0) and not via):
        return None
    calls, _ = counted
    assigned = [m.group(1) for m in _RESULT_ASSIGNED.finditer(script) if function in (m.group("f"), m.group("g"))
                and (sent_away is None or not sent_away(m.start(1)))]  # not a heredoc's `password=$(f)` line
    read = [_read_into(m) for m in _RESULT_READ.finditer(script) if m.group("f") == function
            and (sent_away is None or not sent_away(m.start()))]
    holders = set(assigned).union(*read)
    if len(assigned) + len(read) != calls:
        return None
    for g in via:
        if g == function or g in outer:
            return None  # a recursion: where its output ends is not followed
        held = _result_holders(script, g, sent_away, called_away, forwarded, outer | {function})
        if held is None:
            return None
        holders |= held
    return holders


def _read_into(m: re.Match[str]) -> set[str]:
    """The variables `readarray`/`mapfile` (one array, MAPFILE by default) or `read` fill."""
    names = [w for w in m.group("words").split() if _IDENTIFIER.fullmatch(w)]
    if m.group("reader") == "read":
        return set(names) or {"REPLY"}
    return set(names[-1:]) or {"MAPFILE"}


def _sent_away(ctx: ShellContext, script: Script) -> Callable[[int], bool] | None:
    """Whether an offset of the script lies in what a command prints elsewhere than the log:
    a `cat` heredoc or `echo`/`printf` words whose stdout goes to a file, a capture, or a
    program that does not show it (`cat <<EOF > f`, `| kubectl apply -f -`, `| base64 > f`;
    not `| tee f`, `| base64`, which pass it on to the log). None: nothing is."""
    read_by = readers(script.commands)
    away: list[tuple[int, int]] = []
    for cmd in script.commands:
        if cmd.name == "cat" and cmd.heredoc is not None:
            span = cmd.heredoc.span(0, len(cmd.heredoc.text))
            start, end = span.start, span.end
        elif cmd.name in ("echo", "printf") and cmd.args:
            start, end = cmd.args[0].span.start, cmd.args[-1].span.end
        else:
            continue
        if shown_by(cmd, read_by) is None:
            away.append((start, end))
    if not away:
        return None
    at_file = ctx.text.offset
    return lambda at: any(start <= at_file(at) < end for start, end in away)


def _called_away(ctx: ShellContext, script: Script) -> Callable[[int], bool] | None:
    """Whether an offset of the script starts the name of a command whose stdout nobody shows
    (`shown_by`: a file, a program keeping it; not a capture, whose variable is not followed):
    a function called so (`get_pw | docker login --password-stdin`) prints nothing to the log.
    None: no command is."""
    read_by = readers(script.commands)
    names = {c.words[0].span.start for c in script.commands
             if c.words and c.output != "captured" and shown_by(c, read_by) is None}
    if not names:
        return None
    at_file = ctx.text.offset
    return lambda at: at_file(at) in names


def _forwarded(ctx: ShellContext, script: Script) -> Callable[[int], str] | None:
    """The function (else "") whose own result is the stdout of the command whose name starts at
    an offset of the script: `g() { f; }` run as `x=$(g)` gives what `f` prints to `x`. None: no
    command is in a function's body so."""
    by_start = {c.words[0].span.start: c.result_of for c in script.commands
                if c.words and c.result_of and c.result_of != c.words[0].text}
    if not by_start:
        return None
    at_file = ctx.text.offset
    return lambda at: by_start.get(at_file(at), "")


def _only_captured(script: str, function: str) -> bool:
    """The script calls `function`, and only as a command substitution (`$(f)`, `` `f` ``)."""
    return _substitution_calls(script, function) not in (None, (0, 0))


def _substitution_calls(script: str, function: str, sent_away: Callable[[int], bool] | None = None,
                        called_away: Callable[[int], bool] | None = None,
                        forwarded: Callable[[int], str] | None = None,
                        via: list[str] | None = None) -> tuple[int, int] | None:
    """How many times the script calls `function` as a command substitution, and how many more
    in a text `sent_away` (at the offset) says goes elsewhere than the log or as a command
    whose stdout `called_away` says nobody shows; None when it uses its name otherwise (a call
    shown, a word of a string). A call `forwarded` says is another function's result adds that
    function to `via` (its callers decide where the output goes)."""
    calls = away = 0
    name = re.escape(function)  # looked behind after it: a pattern led by a lookbehind is tried everywhere
    for m in re.finditer(rf"{name}(?<![\w.:-]{name})(?![\w.:-])", script):
        at = m.start()
        while at and script[at - 1] in " \t":
            at -= 1
        if _DEFINED.match(script, m.end()) or script.endswith("function", 0, at):
            continue  # the definition
        if _NAMES_ONLY.search(script, max(0, at - 24), m.start()):
            continue  # `unset -f f`, `unalias f`: the name, nothing run
        if not script.endswith(("$(", "`", "<("), 0, at):
            if called_away is not None and called_away(m.start()):
                away += 1  # `f | docker login --password-stdin`, `f > file`
                continue
            if forwarded is not None and via is not None and (outer := forwarded(m.start())):
                via.append(outer)  # `g() { f; }`: f's output is g's
                continue
            return None
        if sent_away is not None and sent_away(at):
            away += 1
        else:
            calls += 1
    return calls, away


_DEFINED = lazy_compile(r"[ \t]*\(\s*\)")
# Builtins given a function's name to forget or declare it, not to run it (ending where it starts).
_NAMES_ONLY = lazy_compile(r"(?<![\w-])(?:unset(?:[ \t]+-f)?|unalias|(?:declare|typeset|export)[ \t]+-f)[ \t]+$")
