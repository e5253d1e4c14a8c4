"""The login-tool catalog, as data: which programs log in to a registry, with which
subcommand, and which options carry the user, the password and the registry.

A program may have several entries (one per subcommand that takes registry credentials).
Adding a tool is adding one `LoginTool` to `CATALOG`: the shell login finder, the parse
prefilter, the Kubernetes container-command contexts and the rules built on logins (DCR001,
DCR002, DCR003, DCR014) all read it from here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from .facts import CommandFilter

if TYPE_CHECKING:
    from .config import Settings


def _opts(*names: str) -> frozenset[str]:
    return frozenset(names)


@dataclass(frozen=True)
class LoginTool:
    program: str
    path: tuple[str, ...]  # subcommand words after the program
    password: frozenset[str]
    username: frozenset[str] = _opts("-u", "--username")
    stdin: frozenset[str] = _opts("--password-stdin")
    registry: frozenset[str] = frozenset()  # options naming the registry; else the first operand
    arg_options: frozenset[str] = frozenset()  # other options that take a separate value
    global_options: frozenset[str] = frozenset()  # program options before the subcommand taking a value
    # Where the login is kept: "docker-config" (~/.docker/config.json), "containers-auth"
    # (auth.json of podman, buildah, skopeo), "helm" (helm's registry config), "cluster" (a
    # Secret in the cluster: nothing stays on the machine that ran it).
    stores: str = "docker-config"
    # A word any command line holding this login has (the parse prefilter); default: the last
    # word of the subcommand path.
    trigger: str = ""

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

_HELM_GLOBAL = _opts(
    "--kube-context", "--kubeconfig", "-n", "--namespace", "--registry-config", "--repository-cache",
    "--repository-config", "--burst-limit", "--kube-apiserver", "--kube-as-user", "--kube-as-group",
    "--kube-ca-file", "--kube-token", "--qps",
)

CATALOG: tuple[LoginTool, ...] = (
    LoginTool("docker", ("login",), _PW, global_options=_DOCKER_GLOBAL),
    LoginTool("nerdctl", ("login",), _PW, global_options=_opts(
        "--address", "-a", "-H", "--host", "--namespace", "-n", "--snapshotter", "--cni-path",
        "--cni-netconfpath", "--data-root", "--cgroup-manager", "--host-gateway-ip", "--hosts-dir")),
    LoginTool("podman", ("login",), _PW, arg_options=_CONTAINERS_LOGIN, global_options=_CONTAINERS_GLOBAL,
              stores="containers-auth"),
    LoginTool("buildah", ("login",), _PW, arg_options=_CONTAINERS_LOGIN, global_options=_CONTAINERS_GLOBAL,
              stores="containers-auth"),
    LoginTool("skopeo", ("login",), _PW, arg_options=_CONTAINERS_LOGIN, global_options=_CONTAINERS_GLOBAL,
              stores="containers-auth"),
    LoginTool("helm", ("registry", "login"), _PW, arg_options=_opts("--cert-file", "--key-file", "--ca-file"),
              global_options=_HELM_GLOBAL, stores="helm"),
    LoginTool("oras", ("login",), _opts("-p", "--password", "--identity-token"),
              stdin=_opts("--password-stdin", "--identity-token-stdin"),
              arg_options=_opts("--registry-config", "--ca-file", "--cert-file", "--key-file", "--resolve")),
    LoginTool("crane", ("auth", "login"), _PW, global_options=_opts("--platform")),
    LoginTool("regctl", ("registry", "login"), _opts("-p", "--pass"), username=_opts("-u", "--user"),
              stdin=_opts("--pass-stdin"),
              global_options=_opts("--host", "--logopt", "-v", "--verbosity", "--user-agent")),
    LoginTool("az", ("acr", "login"), _PW, stdin=frozenset(), registry=_opts("-n", "--name"),
              arg_options=_opts("--subscription", "--suffix", "-g", "--resource-group", "-o", "--output",
                                "--query")),
    LoginTool("cosign", ("login",), _PW),
    LoginTool("kubectl", ("create", "secret", "docker-registry"), _opts("--docker-password"),
              username=_opts("--docker-username"), stdin=frozenset(), registry=_opts("--docker-server"),
              arg_options=_opts("--docker-email", "--from-file", "--append-hash"), global_options=_KUBE_GLOBAL,
              stores="cluster"),
)

BY_PROGRAM: dict[str, tuple[LoginTool, ...]] = {}
for _tool in CATALOG:
    BY_PROGRAM[_tool.program] = (*BY_PROGRAM.get(_tool.program, ()), _tool)
PROGRAMS: frozenset[str] = frozenset(BY_PROGRAM)


@cache
def trigger_pattern() -> re.Pattern[str]:
    """Matches every shell text that can hold a login of the catalog (the parse prefilter)."""
    words = sorted({t.trigger or t.path[-1] for t in CATALOG})
    return re.compile("|".join(re.escape(w) for w in words))


def _has_login(text: str, settings: Settings) -> bool:
    return trigger_pattern().search(text) is not None


# The shell a rule on logins needs parsed.
LOGIN_COMMANDS = CommandFilter("logins", _has_login)
