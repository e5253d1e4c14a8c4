"""A light structural model of Jenkinsfiles: calls, blocks, shell steps, credential scopes."""

from __future__ import annotations

from collections.abc import Sequence

from .groovy import GroovyString, Interpolation, StringStyle, Token, TokenKind, tokenize
from .lazyre import lazy_compile
from .records import lazy_dataclass
from .source import MappedText, MappedTextBuilder, Span
from .values import ValueKind, classify

# Pipeline steps, and Job DSL's build steps (`shell`, `batchFile`, `powerShell` of a job's `steps {}`).
SHELL_STEPS = frozenset({"sh", "bat", "powershell", "pwsh", "shell", "batchFile", "powerShell"})
# Steps that write their message to the build log: Pipeline's `echo`, and Groovy's `println` and
# `print`, which a pipeline script sends to the log too.
LOG_STEPS = frozenset({"echo", "println", "print"})

# Words after which a following token is not a command argument: `def x`, `return y`.
_KEYWORDS = frozenset(
    {
        "def", "var", "return", "new", "else", "if", "for", "while", "switch", "case", "try",
        "catch", "finally", "throw", "import", "package", "class", "interface", "enum", "trait",
        "static", "final", "private", "public", "protected", "abstract", "synchronized",
        "default", "in", "instanceof", "as", "assert", "break", "continue", "extends",
        "implements", "this", "super", "true", "false", "null", "void", "boolean", "int",
        "long", "String", "Object", "Map", "List", "do", "yield", "transient", "volatile",
    }
)  # fmt: skip
# A line that ends with one of these goes on on the next line.
_CONTINUES = frozenset(
    {",", "+", "-", "*", "/", "%", "=", "==", "!=", "&&", "||", "?", ":", "?:", "(", "[", "{",
     ".", "?.", "<<", "=~", "==~", "->", "<", ">", "<=", ">="}
)  # fmt: skip
# A line that begins with one of these goes on the line before.
_GOES_ON = frozenset({".", "?.", "+", "&&", "||", "?", ":", "?:"})
_OPEN = {"(": ")", "[": "]", "{": "}"}
# Punctuation is told by its text alone: no identifier, number, string or comment token has
# the text of one (a string's text keeps its quotes), so `tok.text == "("` means the bracket.
# (an enum member read from its class costs about 20 times a global: these run per token)
_IDENT, _STRING, _NUMBER, _PUNCT, _COMMENT = (TokenKind.IDENT, TokenKind.STRING, TokenKind.NUMBER, TokenKind.PUNCT,
                                              TokenKind.COMMENT)
_CLOSE = frozenset(_OPEN.values())
MAX_DEPTH = 150  # nesting of blocks and calls; deeper parts are reported, not scanned
_ROLE_BY_KEY = {
    "passwordVariable": "password",
    "passphraseVariable": "passphrase",
    "secretKeyVariable": "password",
    "usernameVariable": "username",
    "aliasVariable": "username",
    "accessKeyVariable": "username",
    "keyFileVariable": "file",
    "keystoreVariable": "file",
}
_FILE_BINDINGS = frozenset({"file", "dockerCert", "FileBinding", "DockerServerCredentialsBinding"})
# The names of the calls the model is made of (`_Walker.call`, `_Walker.walk`): a call named
# so is one identifier token, or ends with one (`docker.withRegistry`).
_MODELLED = frozenset({*SHELL_STEPS, *LOG_STEPS, "environment", "withRegistry", "withDockerRegistry", "parameters"})
# What a job parameter's value is given by: a declaration's default (a password parameter's
# also as a `hudson.util.Secret` made from a string), a triggered build's value.
_PARAMETER_VALUE_KEYS = ("defaultValue", "defaultValueAsSecret", "value")
# Job DSL's parameters that take (name, default, description) in that order.
_POSITIONAL_PARAMETERS = frozenset({"stringParam", "textParam"})


# Jenkins' name for the password of a `credentials()` username/password binding (`REG_PSW`, beside
# `REG_USR`): a name with it names a password, also one a shared library's function is given.
PASSWORD_SUFFIX = "_PSW"


@lazy_dataclass(frozen=True, init=False)
class Arg:
    """One argument of a call: `value` or `name: value`."""

    name: str | None
    tokens: tuple[Token, ...]  # the value's tokens
    span: Span  # the value
    calls: tuple[Call, ...]  # calls written inside the value (bindings, closures)

    def __init__(self, name: str | None, tokens: tuple[Token, ...], span: Span, calls: tuple[Call, ...]) -> None:
        d = self.__dict__  # frozen, made through the instance dict (see source.Span): thousands a file
        d["name"] = name
        d["tokens"] = tokens
        d["span"] = span
        d["calls"] = calls


@lazy_dataclass(frozen=True, init=False)
class Call:
    """`name(args)`, `name args`, `name { ... }` or `name(args) { ... }`; name may be dotted."""

    name: str
    name_span: Span
    span: Span
    args: tuple[Arg, ...]
    body: tuple[Call, ...] | None  # calls in the trailing closure; None without one
    body_tokens: tuple[Token, ...]

    def __init__(self, name: str, name_span: Span, span: Span, args: tuple[Arg, ...], body: tuple[Call, ...] | None,
                 body_tokens: tuple[Token, ...]) -> None:
        d = self.__dict__  # frozen, made through the instance dict (see source.Span): thousands a file
        d["name"] = name
        d["name_span"] = name_span
        d["span"] = span
        d["args"] = args
        d["body"] = body
        d["body_tokens"] = body_tokens

    def named(self, key: str) -> Arg | None:
        return next((a for a in self.args if a.name == key), None)

    def positional(self, index: int) -> Arg | None:
        pos = [a for a in self.args if a.name is None]
        return pos[index] if index < len(pos) else None

    def walk(self) -> list[Call]:
        """This call and every call inside it, in source order."""
        out = [self]
        for a in self.args:
            for c in a.calls:
                out.extend(c.walk())
        for c in self.body or ():
            out.extend(c.walk())
        return out


@lazy_dataclass(frozen=True)
class StringValue:
    """A string argument: one literal, or literals joined with `+` (other operands become
    `${expr}` in the text, as Groovy would interpolate them)."""

    value: MappedText
    interpolations: tuple[Interpolation, ...]
    is_gstring: bool  # Groovy builds it at run time from values
    span: Span  # the whole argument expression

    def __init__(self, value: MappedText, interpolations: tuple[Interpolation, ...], is_gstring: bool,
                 span: Span) -> None:
        d = self.__dict__  # every string argument: through the instance dict (see source.Span)
        d["value"] = value
        d["interpolations"] = interpolations
        d["is_gstring"] = is_gstring
        d["span"] = span


@lazy_dataclass(frozen=True)
class CredentialVar:
    """A variable bound to a Jenkins credential."""

    name: str
    role: str  # "secret", "password", "passphrase", "username", "file"
    credentials_id: str | None
    source: str  # the binding: "usernamePassword", "environment", "$class:StringBinding" ...
    span: Span  # where the name is bound


@lazy_dataclass(frozen=True)
class Step:
    """A `sh`/`bat`/`powershell`/`pwsh` step with a string script, or a log step (`echo`) with
    its message."""

    name: str
    script: StringValue
    span: Span  # the whole call
    stages: tuple[str, ...]  # enclosing stage names, outermost first
    index: int  # ordinal among shell steps of the same stage path
    credentials: tuple[CredentialVar, ...]  # credential variables visible here
    # The object the step is called on (`steps` of `steps.sh`, "" for none): in a shared
    # library's class the bound variables are read through it too (`${steps.PASS}`).
    receiver: str = ""
    # `returnStdout: true`: the step returns what its script writes to stdout to the pipeline
    # (a value), and the log shows none of it (stderr still goes there).
    captured: bool = False

    @property
    def value(self) -> MappedText:
        return self.script.value

    @property
    def is_gstring(self) -> bool:
        return self.script.is_gstring

    @property
    def interpolations(self) -> tuple[Interpolation, ...]:
        return self.script.interpolations


@lazy_dataclass(frozen=True)
class EnvAssignment:
    """`NAME = value` in an `environment { }` block."""

    name: str
    name_span: Span
    value: MappedText
    kind: ValueKind
    span: Span  # the value expression
    stages: tuple[str, ...]  # () for pipeline level
    credentials_id: str | None  # set for `credentials('id')`
    is_gstring: bool


@lazy_dataclass(frozen=True)
class JobParameter:
    """A job parameter given a value where the file declares or passes it."""

    assigned: EnvAssignment  # the parameter's name and the value given it
    is_default: bool  # a declaration's default (not a value passed to a build)


@lazy_dataclass(frozen=True)
class RegistryUse:
    """`docker.withRegistry(url, credentialsId)` or `withDockerRegistry(...)`."""

    call: str
    url: StringValue | None
    credentials_id: StringValue | None
    span: Span


@lazy_dataclass(frozen=True)
class JenkinsModel:
    tokens: tuple[Token, ...]  # comments included
    calls: tuple[Call, ...]  # top-level calls
    steps: tuple[Step, ...]
    environment: tuple[EnvAssignment, ...]
    registries: tuple[RegistryUse, ...]
    credentials: tuple[CredentialVar, ...]  # every binding, wherever it is visible
    too_deep_at: int | None = None  # offset where nesting passed the parser's depth limit
    # `env.NAME = value` / `env['NAME'] = value` in code (a `script { }` block, a scripted
    # pipeline): the build's environment set at run time, as `environment { }` sets it.
    env_sets: tuple[EnvAssignment, ...] = ()
    # Job parameters given a value: a declaration's default (declarative `parameters { }`,
    # scripted `properties([parameters([...])])`, Job DSL's), a triggered build's `parameters:`.
    # The build runs with each as an environment variable, as `environment { }` sets one.
    parameters: tuple[JobParameter, ...] = ()
    # `echo` / `println` steps and their messages (LOG_STEPS), with the credentials in scope.
    log_steps: tuple[Step, ...] = ()

    @property
    def comments(self) -> tuple[Token, ...]:
        return tuple(t for t in self.tokens if t.kind is _COMMENT)

    @property
    def errors(self) -> list[tuple[int, str]]:
        """(offset, message) of what could not be lexed cleanly."""
        return [(t.span.start, t.error) for t in self.tokens if t.error is not None]


class _CallParser:
    def __init__(self, tokens: Sequence[Token]) -> None:
        self.toks = [t for t in tokens if t.kind is not _COMMENT]
        self.match = self._match_brackets()
        self.truncated = False
        self.truncated_at: int | None = None

    def _match_brackets(self) -> list[int]:
        """For each opening bracket, the index of its closer (len(toks) when unclosed)."""
        toks = self.toks
        n = len(toks)
        match = [-1] * n
        stack: list[int] = []
        for i, t in enumerate(toks):
            text = t.text
            if text in _OPEN:
                stack.append(i)
            elif text in _CLOSE:
                # A stray closer closes the nearest opener of its kind, if any.
                for k in range(len(stack) - 1, -1, -1):
                    if _OPEN[toks[stack[k]].text] == text:
                        for j in stack[k + 1 :]:
                            match[j] = i
                        match[stack[k]] = i
                        del stack[k:]
                        break
        for j in stack:
            match[j] = n
        return match

    def is_punct(self, i: int, text: str, hi: int) -> bool:
        return i < hi and self.toks[i].text == text

    def close_of(self, i: int, hi: int) -> int:
        return min(self.match[i], hi)

    def span(self, lo: int, hi: int) -> Span:
        """File span of toks[lo:hi] (empty at the boundary when lo >= hi)."""
        if lo >= hi:
            at = self.toks[lo].span.start if lo < len(self.toks) else self._end()
            return Span(at, at)
        return Span(self.toks[lo].span.start, self.toks[hi - 1].span.end)

    def _end(self) -> int:
        return self.toks[-1].span.end if self.toks else 0

    def calls(self, lo: int, hi: int, depth: int = 0) -> tuple[Call, ...]:
        if depth > MAX_DEPTH:
            self.truncated = True
            if self.truncated_at is None:
                self.truncated_at = self.toks[lo].span.start if lo < len(self.toks) else self._end()
            return ()
        toks, match = self.toks, self.match
        out: list[Call] = []
        i = lo
        while i < hi:
            t = toks[i]
            if t.kind is _IDENT:
                call, i = self.call_at(i, hi, depth)
                if call is not None:
                    out.append(call)
                continue
            if t.text in _OPEN:
                close = min(match[i], hi)
                out.extend(self.calls(i + 1, close, depth + 1))
                i = close + 1
                continue
            i += 1
        return tuple(out)

    def call_at(self, i: int, hi: int, depth: int) -> tuple[Call | None, int]:
        """The call whose name starts at toks[i], and where scanning goes on."""
        toks = self.toks
        j = i
        while j + 2 < hi and toks[j + 1].text in (".", "?.") and toks[j + 2].kind is _IDENT:
            j += 2
        nxt = j + 1
        after = toks[nxt].text if nxt < hi else ""
        args: tuple[Arg, ...] = ()
        end = nxt
        if after == "(":
            close = min(self.match[nxt], hi)
            args = self.args(nxt + 1, close, depth)
            end = close + 1
        elif (
            nxt < hi
            and not toks[nxt].newline_before
            and toks[j].text not in _KEYWORDS
            and self.starts_argument(nxt, hi)
        ):
            end = self.statement_end(nxt, hi)
            args = self.args(nxt, end, depth)
            start = toks[i].span.start
            return Call(self.name(i, j), Span(start, toks[j].span.end), Span(start, self.span(nxt, end).end), args,
                        None, ()), end
        elif after != "{":
            return None, j + 1
        name_span = Span(toks[i].span.start, toks[j].span.end)
        name = self.name(i, j)
        body: tuple[Call, ...] | None = None
        body_tokens: tuple[Token, ...] = ()
        if end < hi and toks[end].text == "{":
            close = min(self.match[end], hi)
            body = self.calls(end + 1, close, depth + 1)
            body_tokens = tuple(toks[end + 1 : close])
            end = close + 1
        span = Span(name_span.start, toks[min(end, len(toks)) - 1].span.end)
        return Call(name, name_span, span, args, body, body_tokens), end

    def name(self, i: int, j: int) -> str:
        """The (dotted) name written by toks[i..j]."""
        if i == j:
            return self.toks[i].text
        return "".join(t.text for t in self.toks[i : j + 1]).replace("?.", ".")

    def starts_argument(self, i: int, hi: int) -> bool:
        """Whether toks[i] can begin the first argument of a call without parentheses."""
        t = self.toks[i]
        if t.kind is _STRING or t.kind is _NUMBER:
            return True
        if t.kind is not _IDENT or t.text in ("in", "instanceof", "as"):
            return False
        return not self.is_punct(i + 1, "=", hi) and not self.is_punct(i + 1, "{", hi)

    def statement_end(self, i: int, hi: int) -> int:
        """End of the expression starting at toks[i]: a line break that does not continue it,
        `;`, or a closer of an enclosing bracket."""
        toks = self.toks
        start = i
        while i < hi:
            t = toks[i]
            if i > start and t.newline_before:
                prev = toks[i - 1]
                if prev.text not in _CONTINUES and t.text not in _GOES_ON:
                    return i
            text = t.text
            if text == ";" or text in _CLOSE:
                return i
            if text in _OPEN:
                i = min(self.match[i], hi) + 1
                continue
            i += 1
        return hi

    def split(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Ranges of the comma-separated items in toks[lo:hi]."""
        parts: list[tuple[int, int]] = []
        toks, match = self.toks, self.match
        i = start = lo
        while i < hi:
            text = toks[i].text
            if text == ",":
                parts.append((start, i))
                start = i + 1
            elif text in _OPEN:
                i = min(match[i], hi) + 1
                continue
            i += 1
        if start < hi:
            parts.append((start, hi))
        return parts

    def args(self, lo: int, hi: int, depth: int) -> tuple[Arg, ...]:
        out: list[Arg] = []
        for a, b in self.split(lo, hi):
            name: str | None = None
            first = self.toks[a]
            if b - a >= 2 and self.is_punct(a + 1, ":", b) and first.kind in (_IDENT, _STRING):
                name = first.string.value.text if first.string else first.text
                a += 2
            out.append(Arg(name, tuple(self.toks[a:b]), self.span(a, b), self.calls(a, b, depth + 1)))
        return tuple(out)

    def may_nest_too_deep(self) -> bool:
        """A superset of `calls` passing MAX_DEPTH (without building calls): a call's depth is
        its brackets plus the calls without parentheses around it (`a b c`), each on one
        statement of its bracket; so at most, at each bracket, the depth of its opening plus the
        identifiers since the statement began (tests/test_jenkins_gate.py)."""
        return self._deeper(0, len(self.toks), 0, MAX_DEPTH)

    def _deeper(self, lo: int, hi: int, base: int, limit: int) -> bool:
        toks, match = self.toks, self.match
        run = 0  # identifiers of this bracket since the statement began
        i = lo
        while i < hi:
            t = toks[i]
            text = t.text
            if text == ";" or text in _CLOSE:
                run = 0
            elif t.newline_before and i > lo and toks[i - 1].text not in _CONTINUES and text not in _GOES_ON:
                run = 0  # where `statement_end` ends a statement
            if t.kind is _IDENT:
                run += 1
                if base + run > limit:
                    return True
            elif text in _OPEN:
                close = min(match[i], hi)
                if base + run + 1 > limit or self._deeper(i + 1, close, base + run + 1, limit):
                    return True
                i = close + 1
                continue
            i += 1
        return False

    def map_entries(self, tokens: Sequence[Token]) -> dict[str, tuple[Token, ...]]:
        """Entries of a `[key: value, ...]` map literal (empty when it is not one)."""
        if len(tokens) < 2 or tokens[0].text != "[" or tokens[-1].text != "]":
            return {}
        sub = _CallParser(tokens[1:-1])
        out: dict[str, tuple[Token, ...]] = {}
        for arg in sub.args(0, len(sub.toks), MAX_DEPTH):
            if arg.name is not None:
                out[arg.name] = arg.tokens
        return out


def string_value(tokens: Sequence[Token], source: str | None = None) -> StringValue | None:
    """The string an argument expression builds, or None when it holds no string literal.

    `'a' + x + "b"` reads as `a${x}b`; a method called on a literal (`.stripIndent()`)
    is ignored: the script text stays where it was written.
    """
    if not tokens:
        return None
    operands: list[list[Token]] = [[]]
    depth = 0
    for t in tokens:
        if t.kind is _PUNCT:
            if t.text in _OPEN:
                depth += 1
            elif t.text in _CLOSE:
                depth -= 1
            elif t.text == "+" and depth == 0:
                operands.append([])
                continue
        operands[-1].append(t)
    if not any(op and op[0].string is not None for op in operands):
        return None
    b = MappedTextBuilder()
    interpolations: list[Interpolation] = []
    gstring = False
    for op in operands:
        if not op:
            continue
        s: GroovyString | None = op[0].string
        if s is not None and _only_method_calls(op[1:]):
            _append(b, s.value)
            interpolations.extend(s.interpolations)
            gstring = gstring or s.is_gstring
            continue
        start, end = op[0].span.start, op[-1].span.end
        expr = source[start:end] if source is not None else " ".join(t.text for t in op)
        b.add_decoded("${", start)
        if source is not None:
            b.add(expr, start)
        else:
            b.add_decoded(expr, start)
        b.add_decoded("}", end - 1)
        interpolations.append(Interpolation(Span(start, end), expr.strip(), True))
        gstring = True
    span = Span(tokens[0].span.start, tokens[-1].span.end)
    return StringValue(b.build(span.end), tuple(interpolations), gstring, span)


def _expression_value(tokens: Sequence[Token], source: str | None) -> StringValue | None:
    """An argument that is an expression, no string (`env.TOKEN`, `creds.password`), as the
    string Groovy makes of it: `${expr}`, one interpolation."""
    if source is None:
        return None
    start, end = tokens[0].span.start, tokens[-1].span.end
    b = MappedTextBuilder()
    b.add_decoded("${", start)
    b.add(source[start:end], start)
    b.add_decoded("}", end - 1)
    span = Span(start, end)
    return StringValue(b.build(end), (Interpolation(span, source[start:end].strip(), True),), True, span)


def _append(b: MappedTextBuilder, text: MappedText) -> None:
    b.copy(text, 0, len(text.text))


def _only_method_calls(tokens: Sequence[Token]) -> bool:
    """True for `.name(...)...` chains (or nothing)."""
    i = 0
    while i < len(tokens):
        if tokens[i].text not in (".", "?.") or i + 1 >= len(tokens) or tokens[i + 1].kind is not _IDENT:
            return False
        i += 2
        if i < len(tokens) and tokens[i].text == "(":
            depth = 0
            while i < len(tokens):
                depth += {"(": 1, ")": -1}.get(tokens[i].text, 0)
                i += 1
                if depth == 0:
                    break
    return True


def _literal(tokens: Sequence[Token]) -> str | None:
    """The text of a single plain string literal."""
    if len(tokens) == 1 and tokens[0].string is not None and not tokens[0].string.is_gstring:
        return tokens[0].string.value.text
    return None


def _secret_made_of(tokens: Sequence[Token]) -> Sequence[Token]:
    """The argument of `Secret.fromString(x)` or `new Secret(x)` (the class dotted or not): a
    `hudson.util.Secret` holds the string it is made of; any other expression as it is."""
    if len(tokens) < 4 or tokens[-1].text != ")":
        return tokens
    at = next((i for i, t in enumerate(tokens) if t.text == "("), -1)
    callee = "".join(t.text for t in tokens[:at]).removeprefix("new").removeprefix("hudson.util.")
    if callee not in ("Secret.fromString", "Secret") or (callee == "Secret" and tokens[0].text != "new"):
        return tokens
    return tokens[at + 1 : -1]


def _credentials_call(tokens: Sequence[Token]) -> bool:
    """`credentials(...)`: the Jenkins credential store's value, bound by `environment { }`."""
    return len(tokens) >= 3 and tokens[0].text == "credentials" and tokens[1].text == "(" and tokens[-1].text == ")"


class _Walker:
    def __init__(self, parser: _CallParser, source: str | None) -> None:
        self.p = parser
        self.source = source
        self.steps: list[Step] = []
        self.log_steps: list[Step] = []
        self.environment: list[EnvAssignment] = []
        self.registries: list[RegistryUse] = []
        self.credentials: list[CredentialVar] = []
        self.counters: dict[tuple[str, ...], int] = {}
        self.parameters: list[JobParameter] = []
        self.stage_spans: list[tuple[Span, tuple[str, ...]]] = []  # each stage call and the stages it is in
        self._named: dict[str, Sequence[Token]] | None = None

    def walk(self, calls: Sequence[Call], stages: tuple[str, ...], creds: tuple[CredentialVar, ...]) -> None:
        env_creds: list[CredentialVar] = []
        for c in calls:
            if c.name == "environment" and c.body is not None:
                env_creds.extend(self.environment_block(c, stages))
        creds = creds + tuple(env_creds)
        for c in calls:
            self.call(c, stages, creds)

    def call(self, c: Call, stages: tuple[str, ...], creds: tuple[CredentialVar, ...]) -> None:
        leaf = c.name.rsplit(".", 1)[-1]
        # A step called on an object is that step: a shared library's class is given the
        # pipeline's script object and runs its steps through it (`steps.sh`, `ctx.withCredentials`).
        receiver = c.name[: -len(leaf) - 1]
        if leaf in SHELL_STEPS:
            self.shell_step(c, stages, creds, receiver)
        elif leaf in LOG_STEPS and not receiver.startswith("System."):  # (not the controller's stdout)
            self.log_step(c, stages, creds, receiver)
        elif leaf == "withRegistry" or c.name == "withDockerRegistry":
            self.registry(c)
        if leaf == "parameters":  # `parameters { }` (declarative, Job DSL), `parameters([...])` (scripted)
            self.job_parameters(c.args, c.body or (), stages)
        elif (passed := c.named("parameters")) is not None:  # `build(job: 'x', parameters: [...])`, `input`
            self.job_parameters((passed,), (), stages)
        inner_stages = stages
        if c.name == "stage":
            arg = c.positional(0) or c.named("name")
            name = string_value(arg.tokens, self.source) if arg is not None else None
            inner_stages = (*stages, name.value.text if name else "")
            self.stage_spans.append((c.span, inner_stages))
        inner_creds = creds
        if leaf == "withCredentials":
            bound = self.bindings(c)
            self.credentials.extend(bound)
            inner_creds = creds + tuple(bound)
        for a in c.args:
            # Closures passed as arguments (`parallel a: { ... }`) run in the same scope.
            self.walk(a.calls, inner_stages, creds)
        if c.body is not None:
            self.walk(c.body, inner_stages, inner_creds)

    def shell_step(self, c: Call, stages: tuple[str, ...], creds: tuple[CredentialVar, ...], receiver: str) -> None:
        arg = c.named("script") or c.positional(0)
        if arg is None:
            return
        tokens: Sequence[Token] = arg.tokens
        if len(tokens) == 1 and tokens[0].kind is _IDENT:  # `shell(command)`: a string the file names
            tokens = self.named_strings().get(tokens[0].text, tokens)
        script = string_value(tokens, self.source)
        if script is None:
            return
        index = self.counters.get(stages, 0)
        self.counters[stages] = index + 1
        returned = c.named("returnStdout")
        captured = returned is not None and [t.text for t in returned.tokens] == ["true"]
        self.steps.append(Step(c.name[len(receiver) + 1 if receiver else 0 :], script, c.span, stages, index, creds,
                               receiver, captured))

    def log_step(self, c: Call, stages: tuple[str, ...], creds: tuple[CredentialVar, ...], receiver: str) -> None:
        """`echo "..."`, `echo(message: ...)`, `println x`: the message, a bare expression read as
        one interpolated operand (`echo env.TOKEN` prints what `"${env.TOKEN}"` does)."""
        arg = c.named("message") or c.positional(0)
        if arg is None or not arg.tokens:
            return
        message = string_value(arg.tokens, self.source) or _expression_value(arg.tokens, self.source)
        if message is None:
            return
        key = ("log", *stages)
        index = self.counters.get(key, 0)
        self.counters[key] = index + 1
        self.log_steps.append(Step(c.name[len(receiver) + 1 if receiver else 0 :], message, c.span, stages, index,
                                   creds, receiver))

    def registry(self, c: Call) -> None:
        entries: dict[str, tuple[Token, ...]] = {}
        for a in c.args:
            if a.name is not None:
                entries.setdefault(a.name, a.tokens)
            entries.update({k: v for k, v in self.p.map_entries(a.tokens).items() if k not in entries})
        url_tokens = entries.get("url")
        id_tokens = entries.get("credentialsId")
        if url_tokens is None and (a0 := c.positional(0)) is not None and not self.p.map_entries(a0.tokens):
            url_tokens = a0.tokens
        if id_tokens is None and (a1 := c.positional(1)) is not None:
            id_tokens = a1.tokens
        url = string_value(url_tokens, self.source) if url_tokens else None
        cid = string_value(id_tokens, self.source) if id_tokens else None
        self.registries.append(RegistryUse(c.name, url, cid, c.span))

    def bindings(self, c: Call) -> list[CredentialVar]:
        out: list[CredentialVar] = []
        for tokens, calls in (group for a in c.args for group in self._binding_groups(a)):
            for binding in calls:
                entries = {x.name: x.tokens for x in binding.args if x.name is not None}
                out.extend(self.bound(binding.name.rsplit(".", 1)[-1], entries))
            for item in self._list_items(tokens):
                entries = self.p.map_entries(item)
                if entries:
                    cls = _literal(entries.get("$class", ())) or ""
                    out.extend(self.bound(f"$class:{cls}", entries))
        return out

    def job_parameters(self, args: Sequence[Arg], body: Sequence[Call], stages: tuple[str, ...]) -> None:
        """The parameters a `parameters` list or block gives a value: each a call (`string(name:
        'X', defaultValue: 'v')`, Job DSL's `stringParam('X', 'v', 'about')` and `password { name('X');
        defaultValue('v') }`) or a `[$class: '...ParameterDefinition', name: 'X', defaultValue: 'v']` map."""
        for call in (*(c for a in args for c in a.calls), *body):
            given = self._parameter_call(call)
            if given is not None:
                self._parameter(*given, stages)
        for a in args:
            for item in self._list_items(a.tokens):
                entries = self.p.map_entries(item)
                kind = _literal(entries.get("$class", ())) or ""
                if kind.endswith("ParameterDefinition") and "Credentials" not in kind:
                    self._parameter(entries.get("name", ()), entries.get("defaultValue", ()), True, stages)

    @staticmethod
    def _parameter_call(c: Call) -> tuple[Sequence[Token], Sequence[Token], bool] | None:
        """(name, value, whether a default) of a parameter call; None for one given no value,
        or whose value is a credential's id (a credentials parameter's default)."""
        leaf = c.name.rsplit(".", 1)[-1]
        if leaf.lower().startswith("credentials"):
            return None
        name = c.named("name")
        if name is not None:
            for key in _PARAMETER_VALUE_KEYS:
                if (value := c.named(key)) is not None:
                    return name.tokens, _secret_made_of(value.tokens), key != "value"
            return None
        if leaf in _POSITIONAL_PARAMETERS and (n := c.positional(0)) and (v := c.positional(1)):
            return n.tokens, v.tokens, True
        inner = {b.name: b.positional(0) for b in c.body or () if b.name in ("name", "defaultValue")}
        n, v = inner.get("name"), inner.get("defaultValue")
        return (n.tokens, v.tokens, True) if n is not None and v is not None else None

    def _parameter(self, name_tokens: Sequence[Token], value_tokens: Sequence[Token], is_default: bool,
                   stages: tuple[str, ...]) -> None:
        name = _literal(name_tokens)
        if name and value_tokens:
            assigned = self.assignment(name, name_tokens[0].span, value_tokens, stages)
            self.parameters.append(JobParameter(assigned, is_default))

    def _binding_groups(self, a: Arg) -> list[tuple[Sequence[Token], Sequence[Call]]]:
        """The bindings an argument of `withCredentials` writes, as token runs with the calls in
        them: the argument itself, or, written with variables (`withCredentials(regCreds)`,
        `withCredentials([pushCred, [$class: ...]])`), what the file gives each variable."""
        named = self.named_values()
        if a.name is not None:
            return [(a.tokens, a.calls)]
        items = [a.tokens] if len(a.tokens) == 1 else self._list_items(a.tokens)
        if not any(len(i) == 1 and i[0].kind is _IDENT and i[0].text in named for i in items):
            return [(a.tokens, a.calls)]
        groups: list[tuple[Sequence[Token], Sequence[Call]]] = []
        for item in items:
            value = named.get(item[0].text) if len(item) == 1 and item[0].kind is _IDENT else None
            tokens = value or item
            sub = _CallParser(tokens)
            groups.append((tokens, sub.calls(0, len(sub.toks))))
        return groups

    def _list_items(self, tokens: Sequence[Token]) -> list[Sequence[Token]]:
        """Items of a `[a, b]` list literal; a map literal is its own single item."""
        if len(tokens) < 2 or tokens[0].text != "[" or tokens[-1].text != "]":
            return []
        if self.p.map_entries(tokens):
            return [tokens]
        sub = _CallParser(tokens[1:-1])
        return [sub.toks[a:b] for a, b in sub.split(0, len(sub.toks))]

    def bound(self, source: str, entries: dict[str, tuple[Token, ...]]) -> list[CredentialVar]:
        cid = _literal(entries.get("credentialsId", ()))
        kind = source.removeprefix("$class:")
        out: list[CredentialVar] = []
        for key, tokens in entries.items():
            if key != "variable" and not key.endswith("Variable"):
                continue
            name = _literal(tokens)
            if not name:
                continue
            if key == "variable":
                role = "file" if kind in _FILE_BINDINGS else "secret"
            else:
                role = _ROLE_BY_KEY.get(key, "secret")
            out.append(CredentialVar(name, role, cid, source, tokens[0].span))
        return out

    def environment_block(self, c: Call, stages: tuple[str, ...]) -> list[CredentialVar]:
        sub = _CallParser(c.body_tokens)
        toks = sub.toks
        n = len(toks)
        bound: list[CredentialVar] = []
        i = 0
        while i < n:
            t = toks[i]
            if not (t.kind is _IDENT and sub.is_punct(i + 1, "=", n)):
                i += 1
                continue
            end = sub.statement_end(i + 2, n)
            value_tokens = toks[i + 2 : end]
            i = max(end, i + 2)
            if not value_tokens:
                continue
            assigned = self.assignment(t.text, t.span, value_tokens, stages)
            self.environment.append(assigned)
            if _credentials_call(value_tokens):
                for suffix, role in (("", "secret"), ("_USR", "username"), (PASSWORD_SUFFIX, "password")):
                    bound.append(CredentialVar(t.text + suffix, role, assigned.credentials_id, "environment",
                                               t.span))
        self.credentials.extend(bound)
        return bound

    def assignment(self, name: str, name_span: Span, value_tokens: Sequence[Token],
                   stages: tuple[str, ...]) -> EnvAssignment:
        """`name = value`: a string literal's text and kind, a `credentials('id')` reference, a
        number, or an expression (anything else Groovy computes)."""
        span = Span(value_tokens[0].span.start, value_tokens[-1].span.end)
        cid: str | None = None
        is_call = _credentials_call(value_tokens)
        sv = None if is_call else string_value(value_tokens, self.source)
        if sv is not None:
            value, kind, gstring = sv.value, classify(sv.value.text), sv.is_gstring
        else:
            raw = self.source[span.start : span.end] if self.source is not None else ""
            value = MappedText.verbatim(raw, span.start)
            if is_call:
                kind, gstring = ValueKind.REFERENCE, False
                cid = _literal(value_tokens[2:-1]) if len(value_tokens) == 4 else None
            elif len(value_tokens) == 1 and value_tokens[0].kind is _NUMBER:
                kind, gstring = classify(raw), False
            else:
                kind, gstring = ValueKind.EXPRESSION, False
        return EnvAssignment(name, name_span, value, kind, span, stages, cid, gstring)

    def named_values(self) -> dict[str, Sequence[Token]]:
        """The value each variable of the file is given, when given one once (`def x =`, `String x
        =`, `x =`): what a step given the variable alone reads."""
        if self._named is None:
            p = self.p
            toks, n = p.toks, len(p.toks)
            given: dict[str, list[Sequence[Token]]] = {}
            for i in range(n - 2):
                t = toks[i]
                if t.kind is not _IDENT or not p.is_punct(i + 1, "=", n) or (i and toks[i - 1].text in (".", "?.")):
                    continue
                end = p.statement_end(i + 2, n)
                value = toks[i + 2 : end]
                given.setdefault(t.text, []).append(value)
            self._named = {name: vals[0] for name, vals in given.items() if len(vals) == 1 and vals[0]}
        return self._named

    def named_strings(self) -> dict[str, Sequence[Token]]:
        """`named_values` that are strings: `def command = \"\"\"...\"\"\"` of a Job DSL script that
        its steps run as `shell(command)`."""
        return {name: value for name, value in self.named_values().items() if value[0].string is not None}

    def env_sets(self) -> list[EnvAssignment]:
        """`env.NAME = value` and `env['NAME'] = value` (a plain string literal as the key),
        each in the stages whose call holds it (the innermost)."""
        p = self.p
        toks, n = p.toks, len(p.toks)
        out: list[EnvAssignment] = []
        for i, t in enumerate(toks):
            if t.text != "env" or t.kind is not _IDENT or (i and toks[i - 1].text in (".", "?.")):
                continue  # (`x.env` is another object's)
            if p.is_punct(i + 1, ".", n) and i + 2 < n and toks[i + 2].kind is _IDENT and p.is_punct(i + 3, "=", n):
                name, name_span, at = toks[i + 2].text, toks[i + 2].span, i + 4
            elif (p.is_punct(i + 1, "[", n) and i + 2 < n and p.is_punct(i + 3, "]", n) and p.is_punct(i + 4, "=", n)
                  and (key := _literal(toks[i + 2 : i + 3])) is not None):
                name, name_span, at = key, toks[i + 2].span, i + 5
            else:
                continue
            end = p.statement_end(at, n)
            if end <= at:
                continue
            stages = max(((sp.start, st) for sp, st in self.stage_spans if sp.start <= t.span.start < sp.end),
                         default=(0, ()))[1]
            out.append(self.assignment(name, name_span, toks[at:end], stages))
        return out


def analyze(tokens: Sequence[Token], source: str | None = None) -> JenkinsModel:
    """The model of a tokenized Jenkinsfile; `source` (the file text) keeps non-literal
    operands of string expressions verbatim."""
    parser = _CallParser(tokens)
    if not any(t.text in _MODELLED for t in parser.toks if t.kind is _IDENT) and not parser.may_nest_too_deep():
        # No call the model holds (steps, `environment`, registries), and no nesting to report:
        # the calls are not parsed (most Jenkinsfiles of a repository are such).
        return JenkinsModel(tuple(tokens), (), (), (), (), (), None, tuple(_Walker(parser, source).env_sets()))
    calls = parser.calls(0, len(parser.toks))
    walker = _Walker(parser, source)
    walker.walk(calls, (), ())
    return JenkinsModel(
        tuple(tokens),
        calls,
        tuple(walker.steps),
        tuple(walker.environment),
        tuple(walker.registries),
        tuple(walker.credentials),
        parser.truncated_at,
        tuple(walker.env_sets()),
        tuple(walker.parameters),
        tuple(walker.log_steps),
    )


def parse(text: str) -> JenkinsModel:
    """Tokenize and model a Jenkinsfile; never raises on bad input."""
    tokens = tokenize(text)
    if "script" in text:
        tokens = _inline_pipelines(tokens, text)
    return analyze(tokens, text)


# What a pipeline's text holds (Job DSL's `cps { script('...') }` takes one as a string).
_PIPELINE_TEXT = lazy_compile(r"\bpipeline\s*\{|\bnode\s*[({]|\bstage\s*\(")
_NOT_A_BREAK = lazy_compile(r"[^\n]")
_LITERAL_STYLES = (StringStyle.SINGLE, StringStyle.TRIPLE_SINGLE)


def _inline_pipelines(tokens: list[Token], text: str) -> list[Token]:
    """Job DSL's `cps { script('''pipeline { ... }''') }`: a pipeline Jenkins runs, written as a
    string. Its text, tokenized where it is written, stands in the string's place as a closure
    (`script({ pipeline { ... } })`), so its steps are found at their own lines and columns. Only a
    string Groovy does not interpolate: a GString's `${x}` is expanded when the seed job runs.
    Every such string is tokenized in one pass over the text, the rest of it blanked (offsets
    kept): a seed of many jobs is read in linear time."""
    found: list[tuple[int, int, int]] = []  # (token index, start, end of the string's text)
    for k, tok in enumerate(tokens):
        s = tok.string
        if tok.kind is not _STRING or s is None or s.style not in _LITERAL_STYLES or tok.error or k < 2 \
                or tokens[k - 1].text != "(" or tokens[k - 2].text != "script":
            continue
        quote = len(s.style.value)
        start, end = tok.span.start + quote, tok.span.end - quote
        if end > start and _PIPELINE_TEXT.search(text, start, end) is not None:
            found.append((k, start, end))
    if not found:
        return tokens
    parts: list[str] = []
    pos = 0
    for _, start, end in found:
        parts += [_NOT_A_BREAK.sub(" ", text[pos:start]), text[start:end]]
        pos = end
    inner = tokenize("".join(parts))
    out: list[Token] = []
    done = i = 0
    for k, start, end in found:
        out.extend(tokens[done:k])
        tok = tokens[k]
        out.append(Token(_PUNCT, "{", Span(tok.span.start, tok.span.start), tok.newline_before))
        while i < len(inner) and inner[i].span.start < start:
            i += 1
        j = i
        while j < len(inner) and inner[j].span.start < end:
            j += 1
        out.extend(inner[i:j])
        out.append(Token(_PUNCT, "}", Span(tok.span.end, tok.span.end), False))
        done, i = k + 1, j
    out.extend(tokens[done:])
    return out


def steps(tokens: Sequence[Token], source: str | None = None) -> list[Step]:
    return list(analyze(tokens, source).steps)


def environment(tokens: Sequence[Token], source: str | None = None) -> list[EnvAssignment]:
    return list(analyze(tokens, source).environment)


def registries(tokens: Sequence[Token], source: str | None = None) -> list[RegistryUse]:
    return list(analyze(tokens, source).registries)
