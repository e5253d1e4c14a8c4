"""Registry logins found among parsed commands, with the exact text of each credential argument."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..source import MappedText
from ..values import ValueKind, classify
from .model import Command, Script, Word, join_words, slice_word


@dataclass(frozen=True)
class Login:
    """One registry login command and what it was given."""

    command: Command
    tool: str  # e.g. "docker", "helm registry", "kubectl create secret docker-registry"
    password: MappedText | None  # the value part of the password argument, mapped to the file
    password_word: Word | None
    password_kind: ValueKind | None
    password_stdin: bool
    username: MappedText | None
    registry: MappedText | None
    spelling: str  # how the password was given: "-p X", "-pX", "--password=X", "--password-stdin" ...


def _opts(*names: str) -> frozenset[str]:
    return frozenset(names)


@dataclass(frozen=True)
class _Tool:
    program: str
    path: tuple[str, ...]  # subcommand words after the program
    password: frozenset[str]
    username: frozenset[str] = _opts("-u", "--username")
    stdin: frozenset[str] = _opts("--password-stdin")
    registry: frozenset[str] = frozenset()  # options naming the registry; else the first operand
    arg_options: frozenset[str] = frozenset()  # other options that take a separate value
    global_options: frozenset[str] = frozenset()  # program options before the subcommand taking a value

    @property
    def label(self) -> str:
        return (
            " ".join((self.program, *self.path[:-1]))
            if self.path[-1] == "login"
            else " ".join((self.program, *self.path))
        )


_DOCKER_GLOBAL = _opts(
    "--config", "-c", "--context", "-H", "--host", "-l", "--log-level", "--tlscacert", "--tlscert", "--tlskey"
)
_CONTAINERS_GLOBAL = _opts(
    "--log-level",
    "--connection",
    "-c",
    "--url",
    "--identity",
    "--root",
    "--runroot",
    "--storage-driver",
    "--storage-opt",
    "--tmpdir",
    "--cgroup-manager",
    "--events-backend",
    "--network-cmd-path",
    "--conmon",
    "--hooks-dir",
    "--module",
    "--runtime",
    "--runtime-flag",
    "--ssh",
    "--registries-conf",
    "--command-timeout",
    "--policy",
    "--registries.d",
    "--override-arch",
    "--override-os",
    "--override-variant",
    "--db-backend",
    "--imagestore",
    "--network-config-dir",
    "--volumepath",
)
_CONTAINERS_LOGIN = _opts("--authfile", "--cert-dir", "--compat-auth-file", "--secret")
_PW = _opts("-p", "--password")
_KUBE_GLOBAL = _opts(
    "-n",
    "--namespace",
    "--context",
    "--kubeconfig",
    "--cluster",
    "--user",
    "-s",
    "--server",
    "--token",
    "--as",
    "--as-group",
    "-o",
    "--output",
    "--certificate-authority",
    "--client-certificate",
    "--client-key",
    "--request-timeout",
    "--field-manager",
    "--template",
)

_TOOLS: dict[str, _Tool] = {
    t.program: t
    for t in (
        _Tool("docker", ("login",), _PW, global_options=_DOCKER_GLOBAL),
        _Tool(
            "nerdctl",
            ("login",),
            _PW,
            global_options=_opts(
                "--address",
                "-a",
                "-H",
                "--host",
                "--namespace",
                "-n",
                "--snapshotter",
                "--cni-path",
                "--cni-netconfpath",
                "--data-root",
                "--cgroup-manager",
                "--host-gateway-ip",
                "--hosts-dir",
            ),
        ),
        _Tool("podman", ("login",), _PW, arg_options=_CONTAINERS_LOGIN, global_options=_CONTAINERS_GLOBAL),
        _Tool("buildah", ("login",), _PW, arg_options=_CONTAINERS_LOGIN, global_options=_CONTAINERS_GLOBAL),
        _Tool("skopeo", ("login",), _PW, arg_options=_CONTAINERS_LOGIN, global_options=_CONTAINERS_GLOBAL),
        _Tool(
            "helm",
            ("registry", "login"),
            _PW,
            arg_options=_opts("--cert-file", "--key-file", "--ca-file"),
            global_options=_opts(
                "--kube-context",
                "--kubeconfig",
                "-n",
                "--namespace",
                "--registry-config",
                "--repository-cache",
                "--repository-config",
                "--burst-limit",
                "--kube-apiserver",
                "--kube-as-user",
                "--kube-as-group",
                "--kube-ca-file",
                "--kube-token",
                "--qps",
            ),
        ),
        _Tool(
            "oras",
            ("login",),
            _opts("-p", "--password", "--identity-token"),
            stdin=_opts("--password-stdin", "--identity-token-stdin"),
            arg_options=_opts("--registry-config", "--ca-file", "--cert-file", "--key-file", "--resolve"),
        ),
        _Tool("crane", ("auth", "login"), _PW, global_options=_opts("--platform")),
        _Tool(
            "regctl",
            ("registry", "login"),
            _opts("-p", "--pass"),
            username=_opts("-u", "--user"),
            stdin=_opts("--pass-stdin"),
            global_options=_opts("--host", "--logopt", "-v", "--verbosity", "--user-agent"),
        ),
        _Tool(
            "az",
            ("acr", "login"),
            _PW,
            stdin=frozenset(),
            registry=_opts("-n", "--name"),
            arg_options=_opts("--subscription", "--suffix", "-g", "--resource-group", "-o", "--output", "--query"),
        ),
        _Tool("cosign", ("login",), _PW),
        _Tool(
            "kubectl",
            ("create", "secret", "docker-registry"),
            _opts("--docker-password"),
            username=_opts("--docker-username"),
            stdin=frozenset(),
            registry=_opts("--docker-server"),
            arg_options=_opts("--docker-email", "--from-file", "--append-hash"),
            global_options=_KUBE_GLOBAL,
        ),
    )
}


# `$(DOCKER) login`, `${PODMAN_BIN} login`, `$HELM registry login`: a variable named for the
# tool it holds (Makefiles and CI scripts pick the binary this way).
_TOOL_VARIABLE = re.compile(r"\$[({]?([A-Za-z_]\w*)[)}]?")


def _program(name: str) -> str:
    m = _TOOL_VARIABLE.fullmatch(name)
    if m:
        var = m.group(1).lower()
        for tool in _TOOLS:
            if var == tool or var.startswith((f"{tool}_", f"{tool}-")):
                return tool
        return name
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].lower()
    for suffix in (".exe", ".cmd"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
    return base


def _after_path(cmd: Command, tool: _Tool) -> int | None:
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
        else:
            return None
    return i if matched == len(tool.path) else None


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
    tool = _TOOLS.get(_program(login.command.name))
    if tool is None or not tool.stdin:
        return None
    return "--password-stdin" if "--password-stdin" in tool.stdin else sorted(tool.stdin)[0]


def find_logins(script: Script) -> list[Login]:
    """Every registry login command of the catalog, in source order."""
    found: list[Login] = []
    for cmd in script.commands:
        tool = _TOOLS.get(_program(cmd.name)) if cmd.words else None
        if tool is None:
            continue
        start = _after_path(cmd, tool)
        if start is not None:
            found.append(_login(cmd, tool, start))
    return found


def _login(cmd: Command, tool: _Tool, start: int) -> Login:
    words = cmd.words
    password: Word | None = None
    spelling = ""
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
        if t.startswith("--"):
            name, eq, _ = t.partition("=")
            cut = len(name) + 1
            if name in tool.stdin:
                stdin, spelling = True, name
            elif name in tool.password:
                if eq:
                    password, spelling = slice_word(w, cut), f"{name}=X"
                elif nxt is not None:
                    password, spelling, j = nxt, f"{name} X", j + 1
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
                        password, spelling, j = nxt, f"{opt} X", j + 1
                else:
                    password, spelling = slice_word(w, cut), f"{opt}=X" if cut == 3 else f"{opt}X"
            elif opt in tool.username:
                user, j = (nxt, j + 1) if len(t) == 2 else (slice_word(w, cut), j)
            elif opt in tool.registry:
                registry, j = (nxt, j + 1) if len(t) == 2 else (slice_word(w, cut), j)
            elif t in tool.arg_options or t in tool.global_options:
                j += 1
        else:
            operands.append(w)
        j += 1
    if registry is None and not tool.registry and operands:
        registry = operands[0]
    return Login(
        command=cmd,
        tool=tool.label,
        password=password.value if password is not None else None,
        password_word=password,
        password_kind=classify(password.value.text) if password is not None else None,
        password_stdin=stdin,
        username=user.value if user is not None else None,
        registry=registry.value if registry is not None else None,
        spelling=spelling,
    )


def stdin_source(login: Login) -> Word | MappedText | Command | None:
    """What feeds a `--password-stdin` login: a here-string word, a heredoc body, a `< file`
    word, or the command piped into it (redirections win over a pipe, as in the shell)."""
    if not login.password_stdin:
        return None
    return _feed(login.command)


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


def literal_fed_to_stdin(login: Login) -> MappedText | None:
    """The literal secret text a `--password-stdin` login is fed (`echo hunter2 |`,
    `printf 'hunter2' |`, `<<< hunter2`, a literal heredoc), else None."""
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
        return source.value if source.kind is ValueKind.LITERAL else None
    if isinstance(source, MappedText):
        return _literal_text(_strip(source))
    return _echoed(source)


def _echoed(cmd: Command) -> MappedText | None:
    name = _program(cmd.name)
    args = list(cmd.args)
    if name in _ECHOES:
        while args and args[0].text.startswith("-") and len(args[0].text) > 1 and name == "echo":
            args.pop(0)
        if not args:
            return None
        return _literal_text(join_words(args)) if all(a.kind is ValueKind.LITERAL for a in args) else None
    if name == "printf":
        if not args or args[0].text == "-v":
            return None
        fmt = args[0]
        if len(args) == 1:
            text = _strip_newline_escape(fmt.value)
            return None if "%" in text.text else _literal_text(text)
        data = args[1:]
        if fmt.text.replace("\\n", "").strip() not in ("%s", "%b") or len(data) != 1:
            return None
        return data[0].value if data[0].kind is ValueKind.LITERAL else None
    if name == "cat" and not args:
        inner = _feed(cmd)
        if isinstance(inner, Word) and inner is not cmd.stdin_file:
            return inner.value if inner.kind is ValueKind.LITERAL else None
        if isinstance(inner, MappedText):
            return _literal_text(_strip(inner))
        return None
    if len(cmd.words) == 1 and cmd.words[0].raw.text[:1] in ("'", '"'):
        # PowerShell: a bare string is written to the pipeline
        word = cmd.words[0]
        return word.value if word.kind is ValueKind.LITERAL else None
    return None


def _literal_text(text: MappedText) -> MappedText | None:
    return text if classify(text.text) is ValueKind.LITERAL else None


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


__all__ = ["Login", "find_logins", "literal_fed_to_stdin", "stdin_source"]
