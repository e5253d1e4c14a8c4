"""Registry logins found among parsed commands, with the exact text of each credential argument."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence

from ..lazyre import lazy_compile
from ..logintools import BY_PROGRAM, LoginTool
from ..records import lazy_dataclass
from ..references import expansion_default, secret_reference
from ..source import MappedText, Span
from ..values import DEFAULT_CLASSIFIER, Classifier, ValueKind, classify
from .model import Command, Script, Word, join_words, slice_word


@lazy_dataclass(frozen=True)
class Login:
    """One registry login command and what it was given."""

    command: Command
    entry: LoginTool  # the catalog entry it matched
    tool: str  # e.g. "docker", "helm registry", "kubectl create secret docker-registry"
    password: MappedText | None  # the value part of the password argument, mapped to the file
    password_word: Word | None
    password_kind: ValueKind | None
    password_stdin: bool
    username: MappedText | None
    registry: MappedText | None
    spelling: str  # how the password was given: "-p X", "-pX", "--password=X", "--password-stdin" ...


# `$(DOCKER) login`, `${PODMAN_BIN} login`, `$HELM registry login`: a variable named for the
# tool it holds (Makefiles and CI scripts pick the binary this way).
_TOOL_VARIABLE = lazy_compile(r"\$[({]?([A-Za-z_]\w*)[)}]?")


# `$(command -v docker) login`, `$(which podman)`, `type -P`: the path of the tool it names, looked up.
_TOOL_LOOKUP = lazy_compile(r"(?:\$\(|`)[ \t]*(?:command[ \t]+-v|which|type[ \t]+-[pP])[ \t]+([\w.+-]+)[ \t]*(?:\)|`)")
# `${DOCKER:-docker} login`, `${ENGINE:=podman}`: the tool the script runs when the variable is unset.
_TOOL_DEFAULT = lazy_compile(r"\$\{([A-Za-z_]\w*):?[-=]([^${}\s]+)\}")


def _program(name: str) -> str:
    m = _TOOL_VARIABLE.fullmatch(name)
    if m:
        var = m.group(1).lower()
        for tool in BY_PROGRAM:
            if var == tool or var.startswith((f"{tool}_", f"{tool}-")):
                return tool
        return name
    if name.startswith("${") and (d := _TOOL_DEFAULT.fullmatch(name)) is not None:
        named = _program(f"${{{d.group(1)}}}")
        return named if named in BY_PROGRAM else _program(d.group(2))
    if name.startswith(("$(", "`")) and (found := _TOOL_LOOKUP.fullmatch(name)) is not None:
        return _program(found.group(1))
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].lower()
    for suffix in (".exe", ".cmd"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
    return base


def _after_path(cmd: Command, tool: LoginTool) -> int | None:
    """Index of the first word after the subcommand path, or None when it is another subcommand."""
    words = cmd.words
    i, matched = 1, 0
    while i < len(words) and matched < len(tool.path):
        w = words[i].text
        if w == tool.path[matched]:
            matched += 1
            i += 1
        elif w.startswith("-") and len(w) > 1:
            i += 2 if w in tool.global_options else 1
        elif w.startswith("$") and _OPTIONS_HELD.fullmatch(words[i].raw.text):
            i += 1  # `kubectl "${KUBE_ARGS[@]}" create ...`: options kept in a variable or array
        else:
            return None
    return i if matched == len(tool.path) else None


# A word that is wholly an expansion, before the subcommand: the options a script keeps in an array
# (`"${ARGS[@]}"`, `"$@"`) or a variable (`$KUBE_OPTS`, `"$CONTEXT_FLAG"`).
_OPTIONS_HELD = lazy_compile(r'"?\$(?:[@*]|\{[A-Za-z_]\w*(?:\[[@*]\])?\}|[A-Za-z_]\w*)"?')


def registry_label(login: Login) -> str:
    """` to REGISTRY` for a message, or "" when the registry is not given or could carry a
    credential (`https://user:pass@host`): messages never hold a secret."""
    reg = login.registry
    if reg is None or "@" in reg.text or len(reg.text) > 200:
        return ""
    return f" to {reg.text}"


def stdin_option(login: Login) -> str | None:
    """The tool's option that reads the password from stdin (`--password-stdin`, regctl's
    `--pass-stdin`), or None for tools without one (kubectl, az)."""
    tool = login.entry
    if not tool.stdin:
        return None
    return "--password-stdin" if "--password-stdin" in tool.stdin else sorted(tool.stdin)[0]


# Whether a layer before the shell expands the `$` reference a text starts with, at the `$`
# the file has there (a Groovy GString's `'${PASS}'`, make's `'$(PASS)'`): a variable; where
# none does (a shell script, `\$` in Groovy, make's `'$$PASS'`), the shell's quotes make it
# the text the program gets. The file's: `derived.layer_of`.
Layer = Callable[[MappedText], bool]


def _shell_only(text: MappedText) -> bool:
    return False


def find_logins(script: Script, values: Classifier = DEFAULT_CLASSIFIER, layer: Layer = _shell_only) -> list[Login]:
    """Every registry login command of the catalog, in source order; `values` decides what
    a password argument is (the configured placeholders), `layer` what expands it."""
    found: list[Login] = []
    for cmd in script.commands:
        cmd = _past_prefix(cmd)
        for tool in BY_PROGRAM.get(_program(cmd.name), ()) if cmd.words else ():
            start = _after_path(cmd, tool)
            if start is not None and (not tool.requires or any(
                    w.text.startswith(tool.requires) for w in cmd.words[start:])):
                found.extend(x for x in _logins(cmd, tool, start, values, layer)
                             if not tool.optional or x.password is not None or x.username is not None
                             or x.password_stdin)
                break
    return found


# A command word that is only a variable (`$SUDO docker login`), or one glued before the tool's
# name (`${prefix}docker login`, a Groovy `prefix = "sudo "`): a prefix that holds `sudo` or
# nothing. Whatever it holds, the login tool's words follow it onto a command line: the login is
# the tool's (unquoted only: a quoted empty prefix would be an empty command name).
_PREFIX_WORD = lazy_compile(r"\$(?:[A-Za-z_]\w*|\{[A-Za-z_]\w*(?::?[-=+][^${}\s]*)?\})")
_GLUED_PREFIX = lazy_compile(r"\$\{[A-Za-z_]\w*\}")


def _past_prefix(cmd: Command) -> Command:
    """The command with a prefix held in a variable taken off its front, when a login tool
    follows it (`_program` reads a variable named for the tool itself, `$DOCKER login`)."""
    words = cmd.words
    if not words or "$" not in cmd.name or _program(cmd.name) in BY_PROGRAM:
        return cmd
    first = words[0]
    raw = first.raw.text
    if len(words) > 1 and _PREFIX_WORD.fullmatch(raw) and _program(words[1].text) in BY_PROGRAM:
        rest = words[1:]
    elif (m := _GLUED_PREFIX.match(raw)) and raw == first.value.text and "$" not in raw[m.end():] \
            and _program(raw[m.end():]) in BY_PROGRAM:
        rest = (slice_word(first, m.end()), *words[1:])
    else:
        return cmd
    return cmd.with_words(rest, (*cmd.wrappers, first))


def _logins(cmd: Command, tool: LoginTool, start: int, values: Classifier, layer: Layer) -> list[Login]:
    """The login a command is; one per credential it is given (`skopeo copy --src-creds A
    --dest-creds B` logs in to two registries)."""
    words = cmd.words
    passwords: list[tuple[Word, str]] = []  # each password argument and how it was given
    spelling = ""  # `--password-stdin` when that is how
    stdin = False
    user: Word | None = None
    registry: Word | None = None
    operands: list[Word] = []
    j = start
    while j < len(words):
        w = words[j]
        t = w.text
        nxt = words[j + 1] if j + 1 < len(words) else None
        if t == "--":
            operands.extend(words[j + 1 :])
            break
        name, eq, _ = t.partition("=")
        if name in tool.pair:  # USER:PASSWORD
            pair, at = (w, len(name) + 1) if eq else (nxt, 0)
            j += 0 if eq else 1
            if pair is not None:
                colon = pair.text.find(":", at)
                named = pair.value.slice(at, colon if colon >= 0 else len(pair.text))
                user = Word.of(named, named)  # never the part after the colon
                if colon >= 0:
                    _took(passwords, slice_word(pair, colon + 1), f"{name} USER:PASSWORD")
        elif t.startswith("-D") and eq:  # a system property: -Djib.to.auth.password=X
            if name in tool.password:
                _took(passwords, slice_word(w, len(name) + 1), f"{name}=X")
            elif name in tool.username:
                user = slice_word(w, len(name) + 1)
            elif name in tool.registry:
                registry = slice_word(w, len(name) + 1)
        elif t.startswith("--"):
            cut = len(name) + 1
            if name in tool.stdin:
                stdin, spelling = True, name
            elif name in tool.password:
                if eq:
                    _took(passwords, slice_word(w, cut), f"{name}=X")
                elif nxt is not None:
                    _took(passwords, nxt, f"{name} X")
                    j += 1
            elif name in tool.username:
                user, j = (slice_word(w, cut), j) if eq else (nxt, j + 1)
            elif name in tool.registry:
                registry, j = (slice_word(w, cut), j) if eq else (nxt, j + 1)
            elif not eq and (name in tool.arg_options or name in tool.global_options):
                j += 1
        elif t.startswith("-") and len(t) > 1:
            opt = t[:2]
            cut = 3 if t[2:3] == "=" else 2
            if opt in tool.password:
                if len(t) == 2:
                    if nxt is not None:
                        _took(passwords, nxt, f"{opt} X")
                        j += 1
                else:
                    _took(passwords, slice_word(w, cut), f"{opt}=X" if cut == 3 else f"{opt}X")
            elif opt in tool.username:
                user, j = (nxt, j + 1) if len(t) == 2 else (slice_word(w, cut), j)
            elif opt in tool.registry:
                registry, j = (nxt, j + 1) if len(t) == 2 else (slice_word(w, cut), j)
            elif t in tool.arg_options or t in tool.global_options:
                j += 1
        else:
            operands.append(w)
        j += 1
    if registry is None and not tool.registry and tool.registry_operand is not None and operands \
            and len(operands) > tool.registry_operand:
        registry = operands[tool.registry_operand]  # (-1: the last, a push's destination or its image)
    given: list[tuple[Word | None, str]] = [*passwords] or [(None, spelling)]
    return [
        Login(
            command=cmd,
            entry=tool,
            tool=tool.label,
            password=pw.value if pw is not None else None,
            password_word=pw,
            password_kind=_password_kind(pw, values, layer) if pw is not None else None,
            password_stdin=stdin,
            username=user.value if user is not None else None,
            registry=registry.value if registry is not None else None,
            spelling=how,
        )
        for pw, how in given
    ]


def _took(passwords: list[tuple[Word, str]], word: Word, spelling: str) -> None:
    passwords.append((word, spelling))


@lazy_dataclass(frozen=True)
class Logout:
    """A command that removes stored registry logins: `<tool> logout [REGISTRY]` (any tool
    with a `logout` subcommand: docker, podman, helm registry ...), or removing the docker
    config (`rm -rf ~/.docker`)."""

    command: Command
    program: str
    registry: str | None  # normalised; None: the tool's default registry; "*": every registry

    def clears(self, login: Login) -> bool:
        """Whether this logout removes what the login stored."""
        registry = normalise_registry(login.registry.text) if login.registry is not None else None
        return self.matches(_program(login.command.name), registry, login.entry.stores)

    def matches(self, program: str, registry: str | None, stores: str = "docker-config") -> bool:
        """Whether it removes the login of `program` to `registry` (normalised) kept in `stores`."""
        if not (self.program == program or (self.program == "docker" and stores == "docker-config")):
            return False
        if self.registry == "*" or registry == self.registry:
            return True
        return any(x is not None and "$" in x for x in (registry, self.registry))  # cannot tell: trust it


def normalise_registry(value: str | None) -> str | None:
    """`https://Dcr.Example.com/` -> `dcr.example.com`, to compare a login's and a logout's."""
    if value is None:
        return None
    v = value.strip().strip("'\"").lower()
    v = re.sub(r"^[a-z]+://", "", v).rstrip("/")
    return v or None


def find_logouts(script: Script) -> list[Logout]:
    """Every logout among the parsed commands (the one logout detector: never raw text, so an
    `echo "remember to logout"` is none)."""
    out: list[Logout] = []
    for cmd in script.commands:
        words = [w.text for w in cmd.words]
        if not words:
            continue
        program = _program(cmd.name)
        if program == "rm" and any(".docker" in w for w in words[1:]):
            out.append(Logout(cmd, "docker", "*"))
        elif "logout" in words[1:4]:
            operands = [w for w in words[words.index("logout") + 1 :] if not w.startswith("-")]
            out.append(Logout(cmd, program, normalise_registry(operands[0]) if operands else None))
    return out


def stdin_source(login: Login) -> Word | MappedText | Command | None:
    """What feeds a `--password-stdin` login: a here-string word, a heredoc body, a `< file`
    word, or the command piped into it (redirections win over a pipe, as in the shell)."""
    if not login.password_stdin:
        return None
    return _feed(login.command)


_WHOLE_REFERENCE = lazy_compile(r"\$(?:([A-Za-z_]\w*)|\{([A-Za-z_]\w*)\})")


def password_variable(login: Login) -> str | None:
    """The variable whose value the login is given, when that is all of it: `-p "$X"`,
    `echo "$X" |`, `printf '%s' "${X}" |`, `<<< "$X"`; else None."""
    text = _password_text(login)
    m = None if text is None else _WHOLE_REFERENCE.fullmatch(text.text)
    return None if m is None else m.group(1) or m.group(2)


def password_default(login: Login) -> tuple[str, MappedText] | None:
    """The variable the login is given and the word written as its default, when the password is
    all of one such expansion (`-p "${X:-word}"`, `echo "${X:-word}" |`): the password the login
    gets wherever X is unset, written in the file."""
    if login.password is not None and login.password_kind is ValueKind.LITERAL:
        return None  # (`'${X:-word}'`: that text itself)
    text = _password_text(login)
    found = None if text is None else expansion_default(text.text)
    return None if found is None or text is None else (found[0], text.slice(found[1], found[2]))


def _password_text(login: Login) -> MappedText | None:
    """The password as written when it is one word: the value of `-p`, or the one word fed to
    `--password-stdin` (a here-string, an `echo` or `printf '%s'` operand) without its double
    quotes; else None."""
    if login.password is not None:
        return login.password
    source = stdin_source(login)
    if isinstance(source, Word) and source is not login.command.stdin_file:
        raw = source.raw
    elif isinstance(source, Command) and (name := _program(source.name)) in _ECHOES | {"printf"}:
        args = [a.raw for a in source.args if not (a.raw.text.startswith("-") and name == "echo")]
        if name == "printf" and len(args) == 2 and args[0].text.strip("'\"").replace("\\n", "") == "%s":
            args = args[1:]
        if len(args) != 1:
            return None
        raw = args[0]
    else:
        return None
    lead, trail = len(raw.text) - len(raw.text.lstrip('"')), len(raw.text.rstrip('"'))
    return raw.slice(lead, max(lead, trail))


def _feed(cmd: Command) -> Word | MappedText | Command | None:
    if cmd.herestring is not None:
        return cmd.herestring
    if cmd.heredoc is not None:
        return cmd.heredoc
    if cmd.stdin_file is not None:
        return cmd.stdin_file
    return cmd.pipe_from


# Filters that pass a literal through unchanged enough that it is still the secret.
_FILTERS = frozenset({"tr", "tee", "head", "tail", "cut", "sed", "awk", "xargs"})
_ECHOES = frozenset({"echo", "write-output", "write", "write-host"})


def _password_kind(pw: Word, values: Classifier, layer: Layer) -> ValueKind:
    """What the settings' classifier reads in the text, unless the script's dialect made the word
    a variable (cmd.exe's `!NAME!`), which no placeholder setting changes."""
    if _word_kind(pw, layer) is ValueKind.VARIABLE:
        return ValueKind.VARIABLE
    return values.classify(pw.value.text, pw.dollars_literal, not pw.dollars_literal or layer(pw.value))


def _word_kind(word: Word, layer: Layer) -> ValueKind:
    """The word's kind where `layer` tells whether a quoted reference in it is expanded."""
    kind = word.kind
    if kind is ValueKind.VARIABLE and word.dollars_literal and not layer(word.value):
        return classify(word.value.text, quoted=True, expanded=False)
    return kind


def literal_fed_to_stdin(login: Login, values: Classifier = DEFAULT_CLASSIFIER,
                         layer: Layer = _shell_only) -> MappedText | None:
    """The literal secret text a `--password-stdin` login is fed (`echo hunter2 |`,
    `printf 'hunter2' |`, `<<< hunter2`, a literal heredoc), else None; `values` decides
    what is literal (the configured placeholders), `layer` what expands a quoted reference."""
    if not login.password_stdin:
        return None
    source = _feed(login.command)
    for _ in range(8):
        if isinstance(source, Command) and _program(source.name) in _FILTERS:
            source = _feed(source)
        else:
            break
    if source is None:
        return None
    if isinstance(source, Word):
        if source is login.command.stdin_file:
            return None
        return _literal_text(source.value, values, layer, source.dollars_literal)
    if isinstance(source, MappedText):
        return _literal_text(_strip(source), values, layer, not _heredoc_owner(login, source).heredoc_expands)
    return _echoed(source, values, layer)


def trace_shows_credential(login: Login, names: str, functions: Collection[str] = (),
                           commands: Sequence[Command] = (), assigned: Callable[[str], bool] | None = None) -> bool:
    """Whether shell tracing (`set -x`) prints the credential this login is given. A traced
    command shows its words expanded: a password argument, the words of what feeds
    `--password-stdin` (`echo "$PASS" |`, `printf`; a bare `cat` passes on what feeds it). A program that
    prints the credential itself (`aws ecr get-login-password |`, `cat token.txt |`) shows
    only its own words: no credential, unless they expand a secret-named variable (`names`,
    the secret-names pattern) or it is one of the script's `functions` (its body is traced).
    A trace shows no redirection: what a `< file`, heredoc or here-string feeds is not in it.
    But the commands a substitution there runs (`< <(echo "$P")`, `<<< "$(printf %s "$P")"`)
    are traced as a command piped in is (found among the script's `commands`, else taken to
    show it); and where the script sets a variable a heredoc or here-string expands, the trace
    of that assignment shows its value (`+ P=<value>`): `assigned` tells whose setting a trace
    may show (checked: bash 5.2, dash)."""
    if login.password is not None:
        return True
    return _shows(_feed(login.command), login.command, names, functions, commands, assigned, 0)


def _shows(source: Word | MappedText | Command | None, owner: Command, names: str, functions: Collection[str],
           commands: Sequence[Command], assigned: Callable[[str], bool] | None, depth: int) -> bool:
    """Whether the trace shows what `source` gives `owner`'s stdin: through the filters between
    (`tr`, `sed` ...), whose words are shown, to the command or redirection that gives it."""
    words: list[str] = []
    for _ in range(8):
        if isinstance(source, (Word, MappedText)):
            return secret_reference(" ".join(words), names) is not None or _redirect_shows(
                owner, source, names, functions, commands, assigned, depth)
        if source is None:
            return True  # (nothing feeds it here: the script's own stdin, not told)
        words.extend(w.raw.text for w in source.words)
        if _program(source.name) not in _FILTERS and not _bare_cat(source):
            break
        owner, source = source, _feed(source)  # (a bare `cat` passes its own stdin on: a heredoc's text is not traced)
    assert isinstance(source, Command)
    name = _program(source.name)
    if name in _ECHOES or name == "printf" or source.name in functions:
        return True
    if name == "cat":  # its operands are the files it reads: a trace shows their paths, not what they hold
        operands = source.words[1:]  # (but a substitution's commands are traced: `cat <(echo "$P")`)
        words = words[: len(words) - len(operands)] + [w.raw.text for w in operands if _RUNS.search(w.raw.text)]
    return secret_reference(" ".join(words), names) is not None


# A command substitution or a process substitution in a word: commands the shell runs (and traces).
_RUNS = lazy_compile(r"\$\(|[<>]\(|`")


def _bare_cat(cmd: Command) -> bool:
    """`cat` given no file: it writes its stdin (`cat <<EOF | docker login --password-stdin`)."""
    return _program(cmd.name) == "cat" and all(w.text == "-" for w in cmd.args)


# A variable expanded (`$P`, `${P}`, `${P:-}`).
_REFERENCE = lazy_compile(r"\$\{?([A-Za-z_]\w*)")


def _redirect_shows(owner: Command, source: Word | MappedText, names: str, functions: Collection[str],
                    commands: Sequence[Command], assigned: Callable[[str], bool] | None, depth: int) -> bool:
    """What a trace shows of a redirection feeding `owner`: the commands a substitution in it
    runs (a `<(...)`, a `$(...)` or backticks the shell expands), and the setting of a variable
    a heredoc or here-string expands."""
    if isinstance(source, Word):
        text, span = source.raw.text, source.span
        file = source is owner.stdin_file
        expands = file or not source.dollars_literal
    else:
        text, span, file, expands = source.text, source.span(0, len(source.text)), False, owner.heredoc_expands
    if not expands:
        return False
    if "$(" in text or "`" in text or (file and text.startswith("<(")):
        ends = _substituted(span, commands)
        if not ends or depth >= 4:
            return True  # (its commands not parsed here: a heredoc's body)
        if any(_shows(c, owner, names, functions, commands, assigned, depth + 1) for c in ends):
            return True
    if file or assigned is None:
        return False  # (a `< file` expands a path)
    return any(assigned(name) for name in _REFERENCE.findall(text))


def _substituted(span: Span, commands: Sequence[Command]) -> list[Command]:
    """The commands in a substitution at `span` whose output it gives: the last of each
    pipeline, not one nested in another's word."""
    inner = [c for c in commands if span.start <= c.span.start and c.span.end <= span.end]
    fed = {id(c.pipe_from) for c in inner if c.pipe_from is not None}
    return [c for c in inner if id(c) not in fed and not any(
        o is not c and o.span.start <= c.span.start and c.span.end <= o.span.end for o in inner)]


def _heredoc_owner(login: Login, body: MappedText) -> Command:
    """The command whose heredoc `body` is (the login, or a filter it reads from)."""
    cmd: Command | None = login.command
    for _ in range(9):
        if cmd is None or cmd.heredoc is body:
            break
        cmd = cmd.pipe_from
    return cmd if cmd is not None else login.command


def _echoed(cmd: Command, values: Classifier, layer: Layer) -> MappedText | None:
    name = _program(cmd.name)
    args = list(cmd.args)
    if name in _ECHOES:
        while args and args[0].text.startswith("-") and len(args[0].text) > 1 and name == "echo":
            args.pop(0)
        if not args:
            return None
        literal = all(_word_kind(a, layer) is ValueKind.LITERAL for a in args)
        return _literal_text(join_words(args), values, layer, all(a.dollars_literal or "$" not in a.raw.text
                                                                   for a in args)) if literal else None
    if name == "printf":
        if not args or args[0].text == "-v":
            return None
        fmt = args[0]
        if len(args) == 1:
            text = _strip_newline_escape(fmt.value)
            return None if "%" in text.text else _literal_text(text, values, layer, fmt.dollars_literal)
        data = args[1:]
        if fmt.text.replace("\\n", "").strip() not in ("%s", "%b") or len(data) != 1:
            return None
        return _literal_text(data[0].value, values, layer, data[0].dollars_literal)
    if name == "cat" and not args:
        inner = _feed(cmd)
        if isinstance(inner, Word) and inner is not cmd.stdin_file:
            return _literal_text(inner.value, values, layer, inner.dollars_literal)
        if isinstance(inner, MappedText):
            return _literal_text(_strip(inner), values, layer, not cmd.heredoc_expands)
        return None
    if len(cmd.words) == 1 and cmd.words[0].raw.text[:1] in ("'", '"'):
        # PowerShell: a bare string is written to the pipeline
        word = cmd.words[0]
        return _literal_text(word.value, values, layer, word.dollars_literal)
    return None


def _literal_text(text: MappedText, values: Classifier, layer: Layer, quoted: bool = False) -> MappedText | None:
    expanded = not quoted or layer(text)
    return text if values.classify(text.text, quoted, expanded) is ValueKind.LITERAL else None


def _strip(text: MappedText) -> MappedText:
    s = text.text
    start = len(s) - len(s.lstrip())
    end = len(s.rstrip())
    return text.slice(start, max(start, end))


def _strip_newline_escape(text: MappedText) -> MappedText:
    s = text.text
    end = len(s)
    while s[:end].endswith("\\n"):
        end -= 2
    return text.slice(0, end)


__all__ = ["Login", "Logout", "find_logins", "find_logouts", "literal_fed_to_stdin", "password_variable",
           "stdin_source"]
