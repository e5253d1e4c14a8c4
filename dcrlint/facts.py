"""The typed facts checks read from a file, each extracted once per file.

A `Fact` is a key: `file.get(fact)` returns the value, computed on first use by the extractor
of the file's kind (`dcrlint.extractors`) and kept on the `ScannedFile`. Checks declare the
facts they consume (`FileCheck.facts`); the kinds of file a check runs on follow from which
extractors provide those facts. This module holds only the keys and the small fact records,
so that everything can import it cheaply."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .records import lazy_dataclass
from .source import MappedText, Span
from .values import ValueKind

if TYPE_CHECKING:
    from .cisystems import CiFacts
    from .classify import FileKind
    from .config import Settings
    from .dockerauth import DockerConfig
    from .filevalues import FileValue
    from .gha import Workflow
    from .gitlabci import GitlabConfig
    from .images import ImageRef
    from .infra.terraform import TerraformFacts
    from .jenkins import JenkinsModel
    from .k8s.model import PodSpec, Resource
    from .scanned import ScannedFile
    from .shell.logins import Login
    from .shell.model import Script
    from .suppress import Directive

T = TypeVar("T")


class Fact(Generic[T]):
    """The key of one type of fact. `empty` builds the value for a file whose kind has no
    extractor for it (nothing of the sort in that file)."""

    __slots__ = ("doc", "empty", "name")

    def __init__(self, name: str, doc: str, empty: Callable[[], T]) -> None:
        self.name = name
        self.doc = doc
        self.empty = empty

    def __repr__(self) -> str:
        return f"Fact({self.name})"


def _none() -> None:
    return None


@lazy_dataclass(frozen=True)
class ShellContext:
    """A piece of shell found in a file: a `run:` block, a `sh '...'` step, a RUN line."""

    text: MappedText
    dialect: str  # "sh" (POSIX/bash), "pwsh", "cmd"
    place: tuple[str, ...]  # structural place, e.g. ("jobs", "build", "steps", "2", "run")

    def __init__(self, text: MappedText, dialect: str, place: tuple[str, ...]) -> None:
        d = self.__dict__  # made by the thousand: through the instance dict (see source.Span)
        d["text"] = text
        d["dialect"] = dialect
        d["place"] = place


# A place element of a context whose commands no shell runs (a systemd unit's: systemd splits the
# words itself), read as shell for its words only: a fix there must not add a pipe.
NO_SHELL = "systemd-unit"


@lazy_dataclass(frozen=True)
class ShellSession:
    """A CI job's shell contexts that one shell runs in turn, by their places (GitLab: the
    `before_script` in effect, then `script`, joined into one script): what one turns on
    (tracing) holds in those after it. `after`: a context of the same job run by another shell
    (GitLab's `after_script`). `debug_trace`: the place (in ASSIGNMENTS) of the variable in
    effect that turns the CI's own shell tracing on for the job (GitLab `CI_DEBUG_TRACE`)."""

    job: str
    places: tuple[tuple[str, ...], ...]
    after: tuple[str, ...] | None = None
    debug_trace: tuple[str, ...] | None = None


@lazy_dataclass(frozen=True)
class LoginSite:
    """A registry login command of the catalog (`logintools`) and the script it is in."""

    context: ShellContext
    script: Script
    login: Login


@lazy_dataclass(frozen=True)
class UrlCredential:
    """`scheme://user:password@host` written in the file (never `image@sha256:...`)."""

    user: str
    password: str
    host: str
    password_span: Span  # in the file


@lazy_dataclass(frozen=True)
class CommandFilter:
    """Shell commands a check reads. Parsing is the costly step, so a shell context is parsed
    only when the `test` of one of the checks that will run holds on its text, and only its
    top-level statements on whose text one holds are walked; `test` must hold on every text
    holding a command the check reads, however spelled (`shell.spelling`), including the
    command's own statement (a superset is fine).
    `when`: a test of the file and a whole context's text; a context on whose text only
    filters with one hold is parsed only when one of theirs holds too (a logout matters only
    in a file with a login); it is not asked of a statement.
    `kinds`: the kinds of file where its `when` can hold (None: every kind); elsewhere it is
    not asked at all."""

    name: str
    test: Callable[[str, Settings], bool]
    when: Callable[[ScannedFile, str], bool] | None = None
    kinds: frozenset[FileKind] | None = None


@lazy_dataclass(frozen=True)
class Setting:
    """A value written for a name in infrastructure code (a Helm value, a Compose environment
    entry, an env-file line, a Kustomize literal): `where` says where, for messages."""

    name: str  # the key or variable name, as the secret-name patterns read it
    shown: str  # what messages call it: `auth.adminPassword`, `POSTGRES_PASSWORD`
    value: MappedText  # the value as decoded, mapped to the file
    place: tuple[str, ...]
    where: str  # "Helm values", "Compose service api", "env file" ...
    advice: str  # how to keep the value out of the file
    secret_type: str | None = None  # set for the data of a Secret: every key not naming who or where is secret
    from_file: str | None = None  # the value is this committed file's content (`value` is its path)


@lazy_dataclass(frozen=True)
class Variable:
    """A value a file gives a variable, read as the file's language reads it: a Dockerfile's
    `ENV` and `ARG` (quotes and escapes taken out as Docker's lexer takes them out)."""

    name: str
    value: MappedText  # decoded, mapped to the file
    place: tuple[str, ...]
    statement: Span  # the whole statement giving it (an instruction with its continuation lines)


@lazy_dataclass(frozen=True)
class RegistryCredential:
    """A registry password written in configuration rather than a command: a login's (the
    Terraform docker provider's `registry_auth`, jib's `to.auth`, Ansible `docker_login`) or
    a registry Secret's (`kind` "login": DCR002; "secret": DCR022)."""

    registry: str | None
    user: str | None
    password: MappedText
    place: tuple[str, ...]
    where: str  # "Terraform provider docker registry_auth", "jib in pom.xml" ...
    kind: str  # "login" or "secret"


@lazy_dataclass(frozen=True)
class ImageReference:
    """An image the file runs, as written: a Kubernetes container's `image:` (pods, Tekton,
    Argo), a Compose service's `image:`, a CI job's image, services or container, a
    Dockerfile's base image."""

    text: str  # as written (decoded): `dcr.example.com/team/app:1.2`
    span: Span  # of the text, in the file
    place: tuple[str, ...]  # structural place of the value
    user: str  # what runs it, for messages: the container, service or job
    ref: ImageRef | None  # read by the one parser, `images.parse_image`; None: templated, not a reference


class _Positions:
    """Where a value (and the name it is given to) is written. Both are worked out on first
    use: nearly every value of a CI file is looked at by name and dropped."""

    __slots__ = ("_name_at", "_name_span", "_text", "_value_at")

    def __init__(self, value_at: Callable[[], MappedText], name_at: Callable[[], Span | None]) -> None:
        self._value_at: Callable[[], MappedText] | None = value_at
        self._name_at: Callable[[], Span | None] | None = name_at
        self._text: MappedText | None = None
        self._name_span: Span | None = None

    @property
    def text(self) -> MappedText:
        """The value as decoded, each character mapped to the file."""
        if self._value_at is not None:
            self._text, self._value_at = self._value_at(), None
        assert self._text is not None
        return self._text

    @property
    def name_span(self) -> Span | None:
        """Where the name is written; None when not beside the value (GitLab merges)."""
        if self._name_at is not None:
            self._name_span, self._name_at = self._name_at(), None
        return self._name_span


# What a value is (ValueKind), or the classifier that tells it from the value on first use:
# nearly every value of a CI file is dropped by its name before its kind is asked.
Kind = ValueKind | Callable[[str], ValueKind]


class _Classified(_Positions):
    """A value written in the file, and what it is (asked on first use)."""

    __slots__ = ("_kind", "value")

    def __init__(self, value: str, kind: Kind, value_at: Callable[[], MappedText],
                 name_at: Callable[[], Span | None]) -> None:
        super().__init__(value_at, name_at)
        self.value = value
        self._kind = kind

    @property
    def kind(self) -> ValueKind:
        """What `file.classifier` says of the value (Groovy: what the expression is)."""
        kind = self._kind
        if not isinstance(kind, ValueKind):
            kind = self._kind = kind(self.value)
        return kind


class Assignment(_Classified):
    """A value given to a name in a CI file: a variable or environment entry (GitHub `env:`,
    GitLab `variables:`, Jenkins `environment { }`, the variables and `NAME=value` words of the
    CI systems described as data), an input's default, the password of a job image's registry."""

    __slots__ = ("advice", "is_text", "name", "place", "role", "shown")

    def __init__(self, name: str, value: str, kind: Kind, is_text: bool, place: tuple[str, ...], role: str,
                 shown: str, advice: str, value_at: Callable[[], MappedText],
                 name_at: Callable[[], Span | None]) -> None:
        super().__init__(value, kind, value_at, name_at)  # value as decoded (`text`: mapped to the file)
        self.name = name
        self.is_text = is_text  # written as text (not a YAML number or boolean, a Groovy expression or GString)
        self.place = place
        # "variable", "input-default" (of an action or callable workflow), "registry-password", or
        # "service-variable": a setting of a service container the job starts for itself (GitHub
        # `services.<name>.env`, a CI system's secondary images), which sets up a throwaway server
        self.role = role
        self.shown = shown  # how messages name it: "`TOKEN` in `env:`", "variable `TOKEN` in job `build`"
        self.advice = advice  # how the CI system keeps a secret out of the file

    def __repr__(self) -> str:
        return f"Assignment({self.name!r}, {self.role}, {self.kind.value}, {self.place})"


class ActionInput(_Classified):
    """A value given to an input of what a step or job runs: a GitHub action (`with:`), a called
    reusable workflow (`with:`, `secrets:`), a plugin, pipe, orb, task or deploy provider."""

    __slots__ = ("action", "advice", "is_text", "name", "place", "secret", "taker")

    def __init__(self, taker: str, action: str, name: str, value: str, kind: Kind, is_text: bool,
                 place: tuple[str, ...], secret: bool, advice: str, value_at: Callable[[], MappedText],
                 name_at: Callable[[], Span | None]) -> None:
        super().__init__(value, kind, value_at, name_at)
        self.taker = taker  # "action", "workflow" (a reusable workflow) or "plugin" (CI systems as data)
        self.action = action  # what takes it: `docker/login-action`; for a plugin the key path holding it
        self.name = name
        self.is_text = is_text
        self.place = place
        self.secret = secret  # handed over as a secret (`secrets:` of a reusable workflow call)
        self.advice = advice

    def __repr__(self) -> str:
        return f"ActionInput({self.taker}, {self.action!r}, {self.name!r}, {self.kind.value}, {self.place})"


# --- what a file is made of (one extractor per kind provides these) -----------------------

YAML_DOCUMENTS: Fact[list[Any]] = Fact(
    "yaml-documents", "composed YAML documents (PyYAML nodes with marks); [] when broken", list)
SHELL_CONTEXTS: Fact[list[ShellContext]] = Fact(
    "shell-contexts", "every piece of shell the file runs, with exact positions", list)
SHELL_SESSIONS: Fact[list[ShellSession]] = Fact(
    "shell-sessions", "the shell contexts a CI job runs in one shell, in order, and its CI tracing", list)
VALUES: Fact[list[FileValue]] = Fact(
    "values", "every literal value of the file with the key naming it (secret detectors)", list)
GITHUB_WORKFLOWS: Fact[list[Workflow]] = Fact(
    "github-workflows", "GitHub Actions workflow or action documents", list)
GITLAB_CONFIG: Fact[GitlabConfig | None] = Fact(
    "gitlab-config", "the GitLab CI configuration, local includes merged", _none)
CI_FACTS: Fact[CiFacts | None] = Fact(
    "ci-facts", "scripts and assignments of a CI system described as data (cisystems.SYSTEMS)", _none)
JENKINS_MODEL: Fact[JenkinsModel | None] = Fact(
    "jenkins-model", "steps, environment and registries of a Jenkinsfile", _none)
K8S_RESOURCES: Fact[list[Resource]] = Fact(
    "k8s-resources", "Kubernetes resources of a manifest, List items expanded", list)
K8S_POD_SPECS: Fact[list[PodSpec]] = Fact(
    "k8s-pod-specs", "the pod specs of a manifest's resources and their containers (Tekton, Argo too)", list)
K8S_FOLDER_NAMESPACE: Fact[str | None] = Fact(
    "k8s-folder-namespace", "`namespace:` of the kustomization in the manifest's folder", _none)
DOCKER_CONFIG: Fact[DockerConfig | None] = Fact(
    "docker-config", "the auth entries of a docker config.json or .dockercfg", _none)
REGISTRY_CREDENTIALS: Fact[list[RegistryCredential]] = Fact(
    "registry-credentials", "registry passwords written in configuration (Terraform, jib, Ansible)", list)
TERRAFORM: Fact[TerraformFacts | None] = Fact(
    "terraform", "a Terraform file read with tree-sitter-hcl: credentials, settings, values", _none)
IMAGE_REFS: Fact[list[ImageReference]] = Fact(
    "image-refs", "images the file runs (containers, services, CI jobs, base images), in file order", list)
ASSIGNMENTS: Fact[list[Assignment]] = Fact(
    "assignments", "variables and environment entries of a CI file, input defaults, registry passwords", list)
ACTION_INPUTS: Fact[list[ActionInput]] = Fact(
    "action-inputs", "values given to actions, reusable workflows and CI plugins", list)
VARIABLES: Fact[list[Variable]] = Fact(
    "variables", "values a Dockerfile's ENV and ARG give names, read as Docker reads them", list)
SETTINGS: Fact[list[Setting]] = Fact(
    "settings", "values written for names in infrastructure code (Helm values, Compose, env files)", list)

# --- derived from the facts above, the same way for every kind (extractors/derived.py) ----

SHELL_SCRIPTS: Fact[list[tuple[ShellContext, Script]]] = Fact(
    "shell-scripts", "each shell context parsed into commands (only contexts a check reads)", list)
LOGINS: Fact[list[LoginSite]] = Fact(
    "logins", "registry logins (login-tool catalog) with their credential arguments", list)
URL_CREDENTIALS: Fact[list[UrlCredential]] = Fact(
    "url-credentials", "URLs written with a user and password", list)
SUPPRESSIONS: Fact[list[Directive]] = Fact(
    "suppressions", "`dcrlint: ignore[...]` comments of the file's language, malformed ones too", list)
