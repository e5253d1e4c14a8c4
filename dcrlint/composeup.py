"""Compose files a CI job brings up for itself: the principle of `checks._service_passwords` for
services a job starts with `docker compose` rather than declares as `services:`.

A GitHub Actions job on a GitHub-hosted runner (a machine made for the job and thrown away after
it) that runs `docker compose -f FILE up` (or `docker-compose`; `run`, `create`, `start`; the
default file names when no `-f` is given) on the runner's own docker (nothing in the job selects
another: see `brought_up`), with no action but the runner's setup, starts FILE's services for
itself: a database it sets up there lives as long as the job, on the runner, so its password
guards nothing. Not the repository root's own Compose file: that is what the project deploys.
A Google Cloud Build build is such a job too (`cloud_build_brought_up`): each build runs on a
worker made for it and thrown away after it; and a Tekton Task bringing a file up on its own
docker daemon sidecar (`tekton_brought_up`): a TaskRun is one pod, its sidecars gone with it.

Told from both sides: a workflow's scan reads the Compose files its jobs bring up (their
passwords, and the same value given to a client in that job: DCR010), and a Compose file's scan
reads the workflows of its repository, the Cloud Build configs in its folder and the folders
above it and the Tekton Tasks near it (watched: a cached result is trusted while they are
unchanged, depends.py), whose jobs may bring it up (DCR023); a URL to a service by its name is
that client's setting (DCR050).
Only the passwords a server run from an image is set up with, and the same values elsewhere, are
throwaway: a token or key a service is given, an app's password for an outside server, stay
secrets."""

from __future__ import annotations

import glob
import os
import re
import shlex
from collections.abc import Iterator
from typing import TYPE_CHECKING

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .depends import watch, watch_glob
from .lazyre import lazy_compile
from .references import expansion_default
from .secretnames import password_name

if TYPE_CHECKING:
    from .gha import Job, Workflow
    from .scanned import ScannedFile

# Configuration files a CI job brings up are small: a larger one is not read for this.
_LIMIT = 2_000_000
_DEFAULT_FILES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
# `compose` commands that create the services' containers on the docker they talk to.
_STARTS = frozenset(("up", "run", "create", "start"))
# docker's global options that send the command to another docker than the runner's own.
_ELSEWHERE = frozenset(("-H", "--host", "-c", "--context"))
# compose's options that take a value (the word after them is no subcommand).
_VALUED = frozenset(("-f", "--file", "-p", "--project-name", "--env-file", "--profile", "--project-directory",
                     "--ansi", "--progress", "--parallel"))
_COMMANDS = lazy_compile(r"[^\n;&|]*\bdocker(?:-compose|[ \t]+(?:-{1,2}\S+[ \t]+)*compose)\b[^\n;&|]*")
_ASSIGNMENT = lazy_compile(r"[A-Za-z_]\w*=")
# What sends later docker commands elsewhere: the variables, or a context selected.
_ANOTHER_DOCKER = lazy_compile(r"\bDOCKER_(?:HOST|CONTEXT)\b|\bdocker[ \t]+context[ \t]+(?:use|create)\b")
_HOSTED = ("ubuntu-", "windows-", "macos-")


def brought_up(workflow: Workflow, root: str) -> list[tuple[Job, str]]:
    """The Compose files (absolute, normalised paths) each job of the workflow brings up for
    itself; `root` is the repository's folder (where a job starts). Not the file at the root (a
    project's own Compose file is what it deploys, whatever a job also does with it), nor in a
    job that selects another docker anywhere (`DOCKER_HOST` or `DOCKER_CONTEXT` in an `env:` or a
    script, `docker context`, a value naming `ssh://`, `tcp://` or docker-machine: a deploy to a
    server), nor in one with actions other than the runner's setup (what they do is not known)."""
    out: list[tuple[Job, str]] = []
    if _selects_another_docker(workflow.get("env")):
        return out
    for job in workflow.jobs:
        labels = job.runner_labels() or _matrix_runners(job)
        if not labels or not all(label.strip().lower().startswith(_HOSTED) for label in labels) \
                or _selects_another_docker(job.get("env")) \
                or any(_selects_another_docker(s.get("env"), s.run) for s in job.steps) \
                or not _only_setup_actions(job) or _names_a_remote(job.node):
            continue
        defaults = _scalar(_get(_get(_get(job.node, "defaults"), "run"), "working-directory"))
        for step in job.steps:
            run = step.run
            if run is None or "compose" not in run.value:
                continue
            folder = os.path.join(root, _scalar(step.get("working-directory")) or defaults or "")
            for files in compose_starts(run.value):
                paths = (os.path.normpath(os.path.join(folder, f)) for f in files or _DEFAULT_FILES)
                out += [(job, p) for p in paths if os.path.dirname(p) != os.path.normpath(root)]
    return out


def compose_starts(script: str) -> Iterator[list[str]]:
    """For each command of the script that starts Compose services on the local docker, the
    files it names (`-f`, `--file`; none: the default names). Only plain words are read: a file
    named by a variable is not known."""
    for m in _COMMANDS.finditer(script.replace("\\\n", " ")):
        try:
            words = shlex.split(m.group(), comments=True)
        except ValueError:
            continue
        # the command's own first word (after variable assignments, sudo): not an argument of ssh
        at = next((i for i, w in enumerate(words) if not _ASSIGNMENT.match(w) and w != "sudo"), None)
        if at is None or words[at] not in ("docker", "docker-compose"):
            continue
        words = words[at:]
        if words[0] == "docker":
            head = words[1 : words.index("compose")] if "compose" in words else []
            if any(w.split("=", 1)[0] in _ELSEWHERE for w in head):
                continue
            words = words[len(head) + 1 :]
        files, command, i = [], None, 1
        while i < len(words) and command is None:
            word = words[i]
            name, eq, value = word.partition("=")
            if name in _VALUED and name.startswith("--") and eq:
                if name == "--file":
                    files.append(value)
            elif word in _VALUED:
                if word in ("-f", "--file") and i + 1 < len(words):
                    files.append(words[i + 1])
                i += 1
            elif word.startswith("-f") and len(word) > 2:
                files.append(word[2:])
            elif not word.startswith("-"):
                command = word
            i += 1
        if command in _STARTS and not any("$" in f for f in files):
            yield files


def service_passwords(doc: Node, folder: str = "") -> list[tuple[str, str]]:
    """(name, value) of the password-named `environment` entries (map or `NAME=value` list) that
    set up a server the file runs from an image (`POSTGRES_PASSWORD` of `image: postgres`, no
    `build:`: a job's service container, not the app under test; or built from a Dockerfile, in
    the Compose file's `folder`, that starts FROM the server image the entry is named for:
    `FROM postgres:16`, `images.sets_up`), and of the entries elsewhere in the file given the
    same value (the app's `DB_PASSWORD` for it). An app's password for an outside service
    (`SMTP_PASSWORD`) is no such value."""
    from .images import sets_up

    services = _get(doc, "services")
    entries: list[tuple[bool, str, str]] = []  # (of a server from an image, name, value)
    for _, service in services.value if isinstance(services, MappingNode) else ():
        build = _get(service, "build")
        base = frozenset({_built_from(build, folder)}) if build is not None else frozenset()
        server = _get(service, "image") is not None if build is None else bool(base - {""})
        env = _get(service, "environment")
        if isinstance(env, MappingNode):
            pairs = [(str(k.value), str(v.value)) for k, v in env.value
                     if isinstance(k, ScalarNode) and isinstance(v, ScalarNode)]
        elif isinstance(env, SequenceNode):
            pairs = [tuple(str(item.value).split("=", 1)) for item in env.value  # type: ignore[misc]
                     if isinstance(item, ScalarNode) and "=" in str(item.value)]
        else:
            continue
        entries += [(server and (build is None or sets_up(k.strip(), base)), k.strip(), _given(v))
                    for k, v in pairs if v and password_name(k.strip())]
    set_up = {v for server, _, v in entries if server}
    return [(k, v) for _, k, v in entries if v in set_up]


def _built_from(build: Node, folder: str) -> str:
    """The last name of the image a service's `build:` starts its built stage FROM (`postgres` of
    `FROM postgres:16 AS db`; the `target:` stage, else the last, followed through earlier
    stages), from its `dockerfile_inline`, else the Dockerfile in its context (read as a
    dependency of the scan); "" when not known (no folder, a remote context, a variable)."""
    from .extractors.dockerfile import FROM_ARGS
    from .images import parse_image

    target = None
    if isinstance(build, ScalarNode):
        context, dockerfile, text = str(build.value), "Dockerfile", None
    elif isinstance(build, MappingNode):
        context = _scalar(_get(build, "context")) or "."
        dockerfile = _scalar(_get(build, "dockerfile")) or "Dockerfile"
        target, text = _scalar(_get(build, "target")), _scalar(_get(build, "dockerfile_inline"))
    else:
        return ""
    if text is None:
        if not folder or "$" in context + dockerfile or ":" in context:
            return ""  # (a variable, a URL or `git@host:repo`: not in the scan)
        path = os.path.normpath(os.path.join(folder, context, dockerfile))
        watch(path)
        text = _text(path)
    stages: dict[str, str] = {}
    base = ""
    for line in _FROM_LINE.findall(text or ""):
        fm = FROM_ARGS.match(line.strip())
        if fm is None:
            continue
        base = stages.get(fm.group(1).lower(), fm.group(1))  # an earlier stage: what it starts from
        stage = (fm.group(2) or "").lower()
        stages[stage] = base
        if target is not None and stage == target.lower():
            break
    ref = parse_image(base) if base.lower() != "scratch" else None
    return ref.path.rsplit("/", 1)[-1].lower() if ref is not None else ""


_FROM_LINE = lazy_compile(r"(?im)^[ \t]*FROM[ \t]+(.+)$")


def _given(value: str) -> str:
    """What an environment entry gives the server: a plain default's word (`${X:-word}`, as the
    file's settings read it, `infra.literals.defaulted`), else the value."""
    found = expansion_default(value.strip())
    return value if found is None else value.strip()[found[1] : found[2]]


def compose_passwords(path: str) -> list[str]:
    """The service passwords of the Compose file at `path` (read as a dependency of the scan)."""
    return compose_services(path)[0]


def compose_services(path: str) -> tuple[list[str], list[str]]:
    """The service passwords of the Compose file at `path` (read as a dependency of the scan),
    and its services' names: the hosts its clients reach them by on the Compose network."""
    watch(path)
    docs = _documents(path)
    names = [str(k.value) for doc in docs if isinstance(services := _get(doc, "services"), MappingNode)
             for k, _ in services.value if isinstance(k, ScalarNode)]
    folder = os.path.dirname(path)
    return [value for doc in docs for _, value in service_passwords(doc, folder)], names


def brought_up_here(compose_path: str) -> bool:
    """Whether a CI run of the repository holding the Compose file brings it up for itself: a
    job of its GitHub workflows, a Cloud Build config in the file's folder or one above it, or a
    Tekton Task near it on its own docker sidecar."""
    target = os.path.normpath(compose_path)
    return _workflow_brings_up(target) or target in _cloud_builds_bringing_up(os.path.dirname(target)) \
        or target in _tekton_tasks_bringing_up(target)


def _cloud_builds_bringing_up(folder: str) -> frozenset[str]:
    """The Compose files the Cloud Build configs (named as Cloud Build's) in `folder` and the
    folders above it, up to the repository's root, bring up."""
    from .classify import FileKind, classify

    found: set[str] = set()
    for _ in range(32):
        pattern = os.path.join(glob.escape(folder), "*cloudbuild*.y*ml")
        watch_glob(pattern)
        for path in sorted(glob.glob(pattern)):
            if classify(path, "") is FileKind.CLOUD_BUILD:
                watch(path)
                for doc in _documents(path, "compose"):
                    found.update(cloud_build_brought_up(doc, path))
        parent = os.path.dirname(folder)
        if _repository_root(folder) == os.path.normpath(folder) or parent == folder:
            break
        folder = parent
    return frozenset(found)


def _workflow_brings_up(compose_path: str) -> bool:
    """Whether a workflow of the repository holding the Compose file brings it up for a job."""
    root = _repository(os.path.dirname(compose_path))
    if root is None:
        return False
    pattern = os.path.join(glob.escape(root), ".github", "workflows", "*")
    paths = sorted(p for p in glob.glob(pattern) if p.endswith((".yml", ".yaml")))
    files = _workflows_bringing_up(root, paths)
    for path in paths:  # watched for each scan that asks (depends.py records per scan)
        watch(path)
    watch_glob(pattern)
    return compose_path in files


def _repository(folder: str) -> str | None:
    """The nearest folder at or above `folder` holding `.github/workflows` (looked at: watched),
    up to a `.git` or the file system's root."""
    for _ in range(32):
        workflows = os.path.join(folder, ".github", "workflows")
        watch(workflows)  # (a folder: whether it is one; its files are watched by their glob)
        if os.path.isdir(workflows):
            return folder
        git = os.path.join(folder, ".git")
        watch(git)
        parent = os.path.dirname(folder)
        if os.path.exists(git) or parent == folder:
            return None
        folder = parent
    return None


def _workflows_bringing_up(root: str, paths: list[str]) -> frozenset[str]:
    """The Compose files the jobs of the repository's workflows (`paths`) bring up. Read for
    each Compose file that asks (no module-level cache: facts live on the scanned file); a
    repository's workflows are few and small."""
    from .gha import Workflow

    found: set[str] = set()
    for path in paths:
        for doc in _documents(path, "compose"):
            if isinstance(doc, MappingNode):
                found.update(f for _, f in brought_up(Workflow(doc, False), root))
    return frozenset(found)


def documents_beside(path: str) -> list[Node]:
    """The YAML documents of the file at `path`, read as a dependency of the scan (watched)."""
    watch(path)
    return _documents(path)


def _documents(path: str, needs: str = "") -> list[Node]:
    """The YAML documents of a file the scan reads beside the file it scans; none when it cannot
    be read, is not YAML, or (`needs`) does not hold that text."""
    from .source import SourceFile
    from .yamlsrc import YamlError, compose

    text = _text(path)
    if text is None or (needs and needs not in text):
        return []
    try:
        return compose(SourceFile(path, text, path))
    except (YamlError, ValueError):
        return []


def _text(path: str) -> str | None:
    """The text of a file the scan reads beside the file it scans; None when it cannot be read."""
    from .reading import Unreadable, decode, read_bytes

    try:
        return decode(read_bytes(path, _LIMIT))[0]
    except (Unreadable, OSError, ValueError):
        return None


def _matrix_runners(job: Job) -> list[str] | None:
    """The runners `runs-on: ${{ matrix.K }}` may name: the values of the job's `strategy.matrix.K`
    list and of `K` in each `include` entry (None when one is not a plain value, or none is written)."""
    m = _MATRIX_REF.fullmatch(_scalar(_get(job.node, "runs-on")) or "")
    matrix = _get(_get(job.node, "strategy"), "matrix")
    if m is None or not isinstance(matrix, MappingNode):
        return None
    key = m.group(1)
    values: list[Node] = []
    listed = _get(matrix, key)
    if listed is not None:
        values += listed.value if isinstance(listed, SequenceNode) else [listed]
    include = _get(matrix, "include")
    if include is not None:
        if not isinstance(include, SequenceNode):
            return None  # (an expression: not known)
        values += [v for entry in include.value if (v := _get(entry, key)) is not None]
    labels = [str(v.value) for v in values if isinstance(v, ScalarNode)]
    return labels if labels and len(labels) == len(values) else None


_MATRIX_REF = lazy_compile(r"\$\{\{\s*matrix\.([A-Za-z_][\w-]*)\s*\}\}")


def _only_setup_actions(job: Job) -> bool:
    """The job's `uses:` steps only set the runner up (GitHub's own `actions/...`, a `.../setup-...`
    action): any other action may select another docker (a docker-context action given a host)."""
    for step in job.steps:
        action = step.action
        if action is not None and not (action.startswith("actions/") or "/setup-" in action):
            return False
    return True


def _names_a_remote(node: Node) -> bool:
    """Whether a value of the job names another machine's docker (`ssh://`, `tcp://`,
    docker-machine's settings): however a step selects it, the job deploys."""
    stack, seen = [node], 0
    while stack and seen < 20_000:
        n = stack.pop()
        seen += 1
        if isinstance(n, ScalarNode):
            v = str(n.value)
            if ("ssh://" in v or "tcp://" in v) or "docker-machine" in v:
                return True
        elif isinstance(n, MappingNode):
            stack.extend(v for _, v in n.value)
        elif isinstance(n, SequenceNode):
            stack.extend(n.value)
    return seen >= 20_000  # (a job too large to read is not known to be a test's)


def _selects_another_docker(env: Node | None, run: ScalarNode | None = None) -> bool:
    if isinstance(env, MappingNode) and any(
            isinstance(k, ScalarNode) and k.value in ("DOCKER_HOST", "DOCKER_CONTEXT") for k, _ in env.value):
        return True
    text = run.value if run is not None else ""
    return ("DOCKER_" in text or "context" in text) and _ANOTHER_DOCKER.search(text) is not None


def _get(node: Node | None, key: str) -> Node | None:
    from .yamlsrc import get

    return get(node, key)


def _scalar(node: Node | None) -> str | None:
    return node.value if isinstance(node, ScalarNode) else None


# --------------------------------------------------------------------------- Google Cloud Build
# Cloud Build runs each build on a worker made for it and thrown away after it (the default pool's
# and a private pool's alike): a step that brings a Compose file up starts its services for that
# build, as a GitHub-hosted job does.


def cloud_build_brought_up(doc: Node, config: str) -> list[str]:
    """The Compose files (absolute, normalised paths) the steps of the Cloud Build config at
    `config` bring up for the build: a step running `docker compose ... up` (a builder named for
    compose, `docker/compose` with the file and `up` in its `args`; the docker builder given
    `args: [compose, ...]`; a shell's `-c` script or `script:`), files relative to the config's
    folder and the step's `dir:`. None when the build selects another docker anywhere
    (`DOCKER_HOST`, `DOCKER_CONTEXT`, `docker context`, a value naming `ssh://`, `tcp://` or
    docker-machine: a deploy), nor the repository root's own Compose file."""
    steps = _get(doc, "steps")
    if not isinstance(steps, SequenceNode) or _names_a_remote(doc) or _mentions_another_docker(doc):
        return []
    folder = os.path.dirname(config)
    root = _repository_root(folder)
    out: list[str] = []
    for step in steps.value:
        base = os.path.join(folder, _scalar(_get(step, "dir")) or "")
        for script in _step_scripts(step):
            if "compose" not in script:
                continue
            for files in compose_starts(script):
                paths = (os.path.normpath(os.path.join(base, f)) for f in files or _DEFAULT_FILES)
                out += [p for p in paths if root is None or os.path.dirname(p) != root]
    return out


def build_brings_up(file: ScannedFile) -> list[str]:
    """`cloud_build_brought_up` of each document of a scanned Cloud Build config."""
    return [c for doc in file.yaml_documents for c in cloud_build_brought_up(doc, file.source.abspath)]


def _step_scripts(step: Node) -> list[str]:
    """What a Cloud Build step runs, as command lines: its `script:`, a shell's `-c` script (from
    `entrypoint` or the first `args`), or the program its `entrypoint` or builder image names
    given its `args` (`docker/compose` runs `docker-compose`, `gcr.io/cloud-builders/docker` `docker`)."""
    from .cisystems import shell_c

    args_node = _get(step, "args")
    args = [str(a.value) for a in args_node.value] if isinstance(args_node, SequenceNode) else []
    if isinstance(args_node, SequenceNode) and len(args) != sum(isinstance(a, ScalarNode) for a in args_node.value):
        args = []  # (an argument that is no plain value: not known)
    entry = _scalar(_get(step, "entrypoint"))
    out = [s] if (s := _scalar(_get(step, "script"))) else []
    if entry is not None and args and shell_c(entry, args[0]) and len(args) > 1:
        out.append(args[1])
    elif entry is None and len(args) > 2 and shell_c(args[0], args[1]):
        out.append(args[2])
    program = (entry or _image_program(_scalar(_get(step, "name")) or "")).rsplit("/", 1)[-1]
    if program in ("docker", "docker-compose"):
        out.append(shlex.join([program, *args]))
    return out


def _image_program(image: str) -> str:
    """The program a builder image runs: its repository's last name (`docker/compose` -> compose,
    read as `docker-compose`; `gcr.io/cloud-builders/docker:24` -> docker)."""
    name = image.split("@", 1)[0].rsplit("/", 1)[-1].split(":", 1)[0]
    return "docker-compose" if name == "compose" else name


def _mentions_another_docker(doc: Node) -> bool:
    """Whether a value of the build selects another docker: `DOCKER_HOST=`, `DOCKER_CONTEXT=`,
    `docker context use|create` (in an `env:` entry or a script)."""
    stack = [doc]
    while stack:
        n = stack.pop()
        if isinstance(n, ScalarNode):
            v = str(n.value)
            if ("DOCKER_" in v or "context" in v) and _ANOTHER_DOCKER.search(v) is not None:
                return True
        elif isinstance(n, MappingNode):
            stack.extend(v for _, v in n.value)
        elif isinstance(n, SequenceNode):
            stack.extend(n.value)
    return False


def _repository_root(folder: str) -> str | None:
    """The nearest folder at or above `folder` that is a repository's (holding `.git` or
    `.github`); None when none is."""
    return _nearest_holding(folder, (".git", ".github"))


def _nearest_holding(folder: str, names: tuple[str, ...]) -> str | None:
    """The nearest folder at or above `folder` holding one of `names` (each looked at: watched);
    None when none does."""
    for _ in range(32):
        for name in names:
            path = os.path.join(folder, name)
            watch(path)
            if os.path.exists(path):
                return os.path.normpath(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
    return None


# --------------------------------------------------------------------------- Tekton Tasks
# A TaskRun is one pod: its steps and sidecars start and stop together. A Task with a sidecar
# running a docker daemon (`docker:dind`) whose steps bring a Compose file up on that daemon
# starts its services for that run only, as a GitHub-hosted job does.

_TEKTON_GROUPS = ("steps", "sidecars")
# The docker a Task's own sidecar serves: on the pod's loopback (or its socket).
_OWN_DOCKER = lazy_compile(r"(?:tcp://)?(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?/?|unix:///\S*")
_DOCKER_HOST_SET = lazy_compile(r"\bDOCKER_HOST=[\"']?([^\s\"';]*)")
_CD = lazy_compile(r"[ \t]*cd[ \t]+(\S+)[ \t]*(?:&&|;|$)")
# Tekton's variables a script's folder is written with: a workspace's path (the checked-out
# repository), a parameter.
_TEKTON_VARIABLE = lazy_compile(r"\$\((workspaces\.[\w-]+\.path|(?:inputs\.)?params\.([\w-]+))\)")
_WORKSPACE = "\0"  # the checked-out repository, in a folder being resolved


def tekton_brought_up(doc: Node, path: str) -> list[str]:
    """The Compose files (absolute, normalised paths) the Tekton Task `doc` (a Task or ClusterTask
    in the file at `path`) brings up on its own docker daemon: a sidecar runs a docker image's
    `dind` tag, and a step's or sidecar's `script:` runs `docker compose ... up` on it (no
    `DOCKER_HOST`, or one on the pod's loopback, `tcp://localhost:2375`: any other host, an
    `ssh://` value or `docker context` is a deploy). Files are relative to the script's folder,
    its `workingDir` then a `cd` before the command, written from `$(workspaces.NAME.path)` (the
    checked-out repository holding the Task: `_checkout`) and `$(params.NAME)` (its plain
    `default:`); not the repository root's own Compose file."""
    api = _scalar(_get(doc, "apiVersion")) or ""
    if not api.startswith("tekton.dev/") or _scalar(_get(doc, "kind")) not in ("Task", "ClusterTask"):
        return []
    spec = _get(doc, "spec")
    containers = [c for group in _TEKTON_GROUPS if isinstance(seq := _get(spec, group), SequenceNode)
                  for c in seq.value if isinstance(c, MappingNode)]
    if not any(_runs_dind(c) for c in containers) or not _on_own_docker(doc, containers):
        return []
    defaults = _param_defaults(_get(spec, "params"))
    out: list[str] = []
    for c in containers:
        script = _scalar(_get(c, "script"))
        if not script or "compose" not in script:
            continue
        folder = _scalar(_get(c, "workingDir")) or ""
        for line in script.replace("\\\n", " ").splitlines():
            if (cd := _CD.match(line)) is not None:
                folder = os.path.join(folder, cd.group(1))  # (`cd DIR && docker compose up`: then up)
            for files in compose_starts(line):
                where = _resolved(folder, defaults)
                if where is None:
                    continue  # (a folder not known, or outside the checked-out repository)
                for f in files or _DEFAULT_FILES:
                    rel = os.path.normpath(os.path.join(where, f))
                    root = _checkout(path, rel)
                    if root is not None and os.path.dirname(rel) not in ("", "."):
                        out.append(os.path.normpath(os.path.join(root, rel)))
    return out


def tekton_brings_up(file: ScannedFile) -> list[str]:
    """`tekton_brought_up` of each document of a scanned manifest."""
    return [c for doc in file.yaml_documents for c in tekton_brought_up(doc, file.source.abspath)]


def _runs_dind(container: Node) -> bool:
    """The container runs a docker daemon: a docker image's `dind` tag (`docker:dind`, `docker:27-dind`)."""
    from .images import parse_image

    ref = parse_image(_scalar(_get(container, "image")) or "")
    return ref is not None and ref.path.rsplit("/", 1)[-1] == "docker" and "dind" in (ref.tag or "")


def _on_own_docker(doc: Node, containers: list[MappingNode]) -> bool:
    """Every `DOCKER_HOST` of the Task (an `env:` entry, a script's `DOCKER_HOST=`) is the pod's own
    loopback; no `DOCKER_CONTEXT`, `docker context`, `ssh://` or docker-machine anywhere in it."""
    for c in containers:
        for item in env.value if isinstance(env := _get(c, "env"), SequenceNode) else ():
            name = _scalar(_get(item, "name"))
            if name == "DOCKER_CONTEXT" or (name == "DOCKER_HOST" and not _OWN_DOCKER.fullmatch(
                    _scalar(_get(item, "value")) or "")):
                return False
        script = _scalar(_get(c, "script")) or ""
        if "DOCKER_HOST=" in script and not all(_OWN_DOCKER.fullmatch(m.group(1))
                                                for m in _DOCKER_HOST_SET.finditer(script)):
            return False
    stack = [doc]
    while stack:
        n = stack.pop()
        if isinstance(n, ScalarNode):
            v = str(n.value)
            if "ssh://" in v or "docker-machine" in v or "DOCKER_CONTEXT" in v \
                    or ("context" in v and _ANOTHER_DOCKER.search(v) is not None):
                return False
        elif isinstance(n, MappingNode):
            stack.extend(v for _, v in n.value)
        elif isinstance(n, SequenceNode):
            stack.extend(n.value)
    return True


def _param_defaults(params: Node | None) -> dict[str, str]:
    """The Task's parameters with a plain default (no variable in it)."""
    out: dict[str, str] = {}
    for p in params.value if isinstance(params, SequenceNode) else ():
        name, default = _scalar(_get(p, "name")), _scalar(_get(p, "default"))
        if name and default is not None and "$" not in default:
            out[name] = default
    return out


def _resolved(folder: str, defaults: dict[str, str]) -> str | None:
    """The folder relative to the checked-out repository (a workspace's path): its variables
    given their values; None when one has none or the folder is not in a workspace."""
    def value(m: re.Match[str]) -> str:
        return _WORKSPACE if m.group(2) is None else defaults.get(m.group(2), "$")

    text = _TEKTON_VARIABLE.sub(value, folder)
    if "$" in text or not text.startswith(_WORKSPACE) or text.count(_WORKSPACE) > 1:
        return None
    rel = os.path.normpath("./" + text[len(_WORKSPACE) :].lstrip("/"))
    return None if rel.startswith("..") else rel


def _checkout(task: str, rel: str) -> str | None:
    """The checked-out repository a Task's workspace holds: the repository holding the Task
    (`_repository_root`), else the nearest folder above the Task's own holding the file `rel`
    names (looked at: watched)."""
    folder = os.path.dirname(task)
    return _repository_root(folder) or _nearest_holding(folder, (rel,))


def _tekton_tasks_bringing_up(compose_path: str) -> frozenset[str]:
    """The Compose files the Tekton Tasks near a Compose file bring up: in the YAML files of its
    folder and the folders above it up to its repository's root (two above it when no root is
    found), and of their subfolders (`ci/`, `.tekton/`)."""
    folder = os.path.dirname(compose_path)
    root = _repository_root(folder)
    found: set[str] = set()
    for level in range(32):
        for pattern in (os.path.join(glob.escape(folder), "*.y*ml"), os.path.join(glob.escape(folder), "*", "*.y*ml")):
            watch_glob(pattern)
            for path in sorted(glob.glob(pattern))[:_MAX_NEAR]:
                watch(path)
                for doc in _documents(path, "dind"):
                    if isinstance(doc, MappingNode):
                        found.update(tekton_brought_up(doc, path))
        parent = os.path.dirname(folder)
        if (root is None and level == 2) or os.path.normpath(folder) == root or parent == folder:
            break
        folder = parent
    return frozenset(found)


# YAML files read in one folder's pattern: a folder of more is not a repository's CI.
_MAX_NEAR = 200
