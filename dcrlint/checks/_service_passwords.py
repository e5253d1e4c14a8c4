"""The passwords a CI job's service containers are set up with: a database the job starts for its
tests lives as long as the job, on the runner's network, so its password guards nothing (DCR010,
and DCR050 for a URL to it)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..classify import FileKind
from ..facts import Assignment
from ..lazyre import lazy_compile
from ..secretnames import password_name as _password_name

if TYPE_CHECKING:
    from ..scanned import ScannedFile

# Where a service container's settings are written, below the job (or pipeline) that starts it.
_SERVICE_KEYS = ("services", "docker", "variables")


def throwaway_passwords(assignments: list[Assignment]) -> list[tuple[tuple[str, ...], str]]:
    """The passwords a job's service containers are set up with (`POSTGRES_PASSWORD` of a database
    the job starts for its tests), each with the place of the job that starts it: the server lives
    as long as the job, on the runner's network, so its password guards nothing. A token or key a
    service is given (a licence key, an API token it calls out with) was issued elsewhere: it stays
    a secret."""
    out: list[tuple[tuple[str, ...], str]] = []
    inputs: set[str] = set()
    for a in assignments:
        if a.role == "service-variable" and a.value and _password_name(a.name):
            at = next((i for i, key in enumerate(a.place) if key in _SERVICE_KEYS), len(a.place))
            out.append((a.place[:at], a.value))
            if (m := _INPUT.fullmatch(a.value.strip())) is not None:
                inputs.add(m.group(1).lower())
    # A reusable workflow's input a service's password is given whole (`${{ inputs.DB_PASSWORD }}`,
    # names in any case as GitHub reads them): its default is that password (that default only).
    out += [(a.place, a.value) for a in assignments if a.role == "input-default" and a.name.lower() in inputs]
    return out


_INPUT = lazy_compile(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}")


def brought_up_passwords(file: ScannedFile) -> list[tuple[tuple[str, ...], str]]:
    """The passwords of the Compose services each job of a GitHub workflow, a Cloud Build build,
    or a Tekton Task brings up for itself (`composeup`), with the place of the job (the whole build)."""
    return [(place, value) for place, passwords, _ in brought_up_services(file) for value in passwords]


def brought_up_services(file: ScannedFile) -> list[tuple[tuple[str, ...], list[str], list[str]]]:
    """For each Compose file a job of the CI file brings up for itself: the place of the job, the
    passwords its services are set up with, and the services' names (the hosts they are reached by)."""
    path = file.source.abspath
    if file.kind not in (FileKind.GITHUB_WORKFLOW, FileKind.CLOUD_BUILD, FileKind.KUBERNETES) or not path \
            or "compose" not in file.source.text:
        return []
    from ..composeup import brought_up, build_brings_up, compose_services, tekton_brings_up

    if file.kind is FileKind.CLOUD_BUILD:  # (one build: every step's values are the build's)
        return [((), *compose_services(compose)) for compose in build_brings_up(file)]
    if file.kind is FileKind.KUBERNETES:  # a Tekton Task's pod: its steps share its sidecars
        if "tekton.dev" not in file.source.text or "dind" not in file.source.text:
            return []
        return [((), *compose_services(compose)) for compose in tekton_brings_up(file)]
    folder = os.path.dirname(path)
    if os.path.basename(folder) != "workflows" or os.path.basename(os.path.dirname(folder)) != ".github":
        return []  # (a starter workflow or a copy: no repository around it that a job starts in)
    from ..gha import workflows

    root = os.path.dirname(os.path.dirname(folder))
    return [(job.place, *compose_services(compose)) for wf in workflows(file) for job, compose in brought_up(wf, root)]


def local_service_env(assignments: list[Assignment], pattern: str) -> set[tuple[str, ...]]:
    """The places of the secret-named variables whose own service the variables a step or job
    sees place on the runner itself (`VAULT_TOKEN` beside `VAULT_ADDR: http://localhost:8200`: the
    dev server a job's service container runs), as an env file's are (`local_service_places`):
    the target is the machine itself (decided). A variable sees those of its own block and of
    the blocks that hold it (a job's `env:`, the workflow's), the nearest one of a name."""
    variables = [a for a in assignments if a.role == "variable"]
    if not any(_LOOPBACK_TEXT.search(a.value) for a in variables):
        return set()  # (most files: no service on the runner named)
    from ..infra.envfile import local_service_places

    out: set[tuple[str, ...]] = set()
    for holder in {a.place[:-2] for a in variables}:
        seen: dict[str, Assignment] = {}
        visible = (x for x in variables if holder[: len(x.place) - 2] == x.place[:-2])
        for a in sorted(visible, key=lambda x: len(x.place)):
            seen[a.name] = a  # (a nearer block's value of a name replaces an outer one's)
        found = local_service_places([(a.name, a.value, a.place) for a in seen.values()], pattern, own_keys=False)
        out.update(place for place in found if place[:-2] == holder)
    return out


_LOOPBACK_TEXT = lazy_compile(r"(?i)localhost|127\.|\[::1\]")


def is_throwaway(a: Assignment, throwaway: list[tuple[tuple[str, ...], str]]) -> bool:
    """A service's password, or the same value given as a password to a client in the job that
    starts the service (`PGPASSWORD` of a step): not a token, not another job's (a deploy job's
    production password that happens to be the same)."""
    return _password_name(a.name) and any(
        a.value == value and a.place[: len(job)] == job for job, value in throwaway)


