"""The variables a CI file gives a script's step a secret in, in its own keys (a step's `env:`,
GitLab's `variables:`, Drone's `from_secret`...), and a Kubernetes container's env entries given
a Secret's key: a script printing one prints the secret."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..classify import FileKind
from ..facts import ASSIGNMENTS
from ..lazyre import lazy_compile
from ..scanned import ScannedFile, ShellContext
from ..secretnames import is_secret_name, names_a_user, names_no_secret, names_stored_setting

if TYPE_CHECKING:
    from ..facts import Assignment


_MASKING_RUNNERS = frozenset({FileKind.GITHUB_WORKFLOW, FileKind.GITHUB_ACTION, FileKind.AZURE_PIPELINES})


def _env_held_secrets(file: ScannedFile, ctx: ShellContext) -> frozenset[str]:
    """The variables a CI definition gives a secret whole for a script, whatever their own names:
    printing one prints that secret. A step's `env:` entry given one reference to a secret
    (`REG_PW: ${{ secrets.REGISTRY_PASSWORD }}`, Azure's `REG_PW: $(registryPassword)`; for GitHub
    Actions also the job's and the workflow's), a Drone (Woodpecker) step's `environment:` entry
    given `from_secret:`, the names a Cloud Build step (or its `options`) lists in `secretEnv`,
    CodeBuild's `env.secrets-manager` variables, a Buildkite step's secret-store plugin's; a
    Kubernetes container's env entries given `valueFrom.secretKeyRef`, for its command's script
    (what it prints goes to the pod's log, which log collectors keep)."""
    if len(ctx.place) < 2:
        return frozenset()
    if file.kind is FileKind.KUBERNETES:
        return _container_secrets(file, ctx.place)
    if file.kind in _DECLARED_SECRETS:
        return _declared_secrets(file, ctx.place)
    if file.kind is FileKind.GITLAB_CI:  # a job's `variables:`, and the file's
        scopes = {(ctx.place[0], "variables"), ("variables",)}
    elif file.kind in _MASKING_RUNNERS:  # (the CI systems whose step keeps an `env:` beside its script)
        scopes = {(*ctx.place[:-1], "env")}
        if file.kind.value.startswith("github"):
            scopes |= {(*ctx.place[:2], "env"), ("env",)}
    else:
        return frozenset()
    return frozenset(a.name for a in _env_secret_assignments(file) if a.place[:-1] in scopes)


# The CI systems declaring a script's secret variables in their own keys (`_env_held_secrets`,
# `cisystems.CiSystem.secret_variables`), each with the word the file then holds.
_DECLARED_SECRETS = {FileKind.DRONE: "from_secret", FileKind.CLOUD_BUILD: "secretEnv",
                     FileKind.CODEBUILD: "secrets-manager", FileKind.BUILDKITE: "plugins"}


def _declared_secrets(file: ScannedFile, place: tuple[str, ...]) -> frozenset[str]:
    """`_env_held_secrets` of the systems in `_DECLARED_SECRETS`: their CI facts'."""
    from ..cisystems import ci_facts

    facts = ci_facts(file)
    return frozenset() if facts is None else facts.secrets_for(place)


def _container_secrets(file: ScannedFile, place: tuple[str, ...]) -> frozenset[str]:
    """The env names given a Secret's key of the container whose command `place` is in."""
    from ..facts import K8S_POD_SPECS
    from ..k8s.model import secret_env

    for spec in file.get(K8S_POD_SPECS):
        for container in spec.containers:
            if place[: len(container.place)] == container.place:
                return frozenset(n for n, key in secret_env(container) if _held_secret(n, key, file))
    return frozenset()


def _held_secret(name: str, key: str, file: ScannedFile) -> bool:
    """An env entry given a Secret's key holds a secret, unless it is named, or its key is, for
    what a store keeps beside a credential: a user name, a host, a port (`DB_HOST` from the
    database Secret's `host`)."""
    pattern = file.settings.secret_names
    return not any(names_stored_setting(t, pattern) or names_no_secret(t) for t in (name, key) if t)


def _env_secret_assignments(file: ScannedFile) -> list[Assignment]:
    """The `env:` entries (GitLab's `variables:`) of the file given a secret whole
    (`_env_held_secrets`); worked out once per file (PRINTED_ENV_SECRETS' `when` asks for each
    context)."""
    return file.once("dcr003_env_secrets", _env_secret_entries)


def _env_secret_entries(file: ScannedFile) -> list[Assignment]:
    pattern = file.settings.secret_names
    key = ("variables",) if file.kind is FileKind.GITLAB_CI else ("env",)
    return [a for a in file.get(ASSIGNMENTS) if a.place[-2:-1] == key
            and (m := _WHOLE_REFERENCE.fullmatch(a.value.strip())) is not None and _holds_secret(m, a.name, pattern)]


def _holds_secret(m: re.Match[str], name: str, pattern: str) -> bool:
    """Whether the reference `_WHOLE_REFERENCE` matched gives a credential: the secrets context
    or one it picks by an expression (`toJSON(secrets)`, `secrets[matrix.key]`); a named secret
    not kept for who or what (`secrets.DOCKERHUB_USERNAME`, `secrets.AWS_REGION`); a variable
    named for a secret."""
    if m.group(4) is not None:
        return True
    if m.group(1) is not None:
        return not (names_stored_setting(m.group(1), pattern) or names_a_user(name, pattern))
    return is_secret_name(m.group(2) or m.group(3) or "", pattern)


# One reference as a whole value: GitHub's `${{ secrets.X }}` (any secret; the whole context,
# `toJSON(secrets)`, or one picked, `secrets[x]`), or a variable named for a secret:
# `${{ env.X }}`/`${{ vars.X }}`, Azure's `$(X)` and `${{ variables.X }}`, `$X`, `${X}`.
_WHOLE_REFERENCE = lazy_compile(
    r"\$\{\{\s*secrets\.([A-Za-z_][\w-]*)\s*\}\}"
    r"|\$\{\{\s*(?:env|vars|variables)\.([A-Za-z_][\w.-]*)\s*\}\}"
    r"|\$[({]?([A-Za-z_][\w.]*)[)}]?"
    # (the whole secrets context, or a secret an expression picks, in one expression)
    r"|(\$\{\{.*?(?:toJSON\(\s*secrets\s*\)|(?<![\w.])secrets\s*\[).*\}\})")
