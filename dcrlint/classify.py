"""Decide once what a file is, by its path and, where the path is ambiguous, a cheap look at its head."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import PurePosixPath

from .lazyre import lazy_compile


class FileKind(enum.Enum):
    # Members are singletons: hashed by identity (C) rather than by Enum's hash of the name, a
    # Python call on every dict or set look-up (thousands a scan: facts by kind, styles by token).
    __hash__ = object.__hash__

    GITHUB_WORKFLOW = "github-workflow"
    GITHUB_ACTION = "github-action"
    GITLAB_CI = "gitlab-ci"
    AZURE_PIPELINES = "azure-pipelines"
    CIRCLECI = "circleci"
    BITBUCKET_PIPELINES = "bitbucket-pipelines"
    DRONE = "drone"
    BUILDKITE = "buildkite"
    TRAVIS = "travis"
    CODEBUILD = "codebuild"
    CLOUD_BUILD = "cloud-build"
    TASKFILE = "taskfile"  # Task (go-task): a Taskfile's tasks run their `cmds` in a shell
    CONCOURSE = "concourse"  # Concourse pipelines and task configs
    JENKINSFILE = "jenkinsfile"
    JENKINS_CASC = "jenkins-casc"  # Jenkins Configuration as Code (`jenkins.yaml`)
    KUBERNETES = "kubernetes"
    DOCKER_CONFIG = "docker-config"
    SHELL = "shell"
    DOCKERFILE = "dockerfile"
    MAKEFILE = "makefile"
    JUSTFILE = "justfile"  # just's recipes (`justfile`, `*.just` modules): shell, as a Makefile's
    HELM_VALUES = "helm-values"
    HELMFILE = "helmfile"  # Helmfile's releases, repositories and environments
    COMPOSE = "compose"
    KUSTOMIZATION = "kustomization"
    ENV_FILE = "env-file"
    TERRAFORM = "terraform"
    TERRAFORM_STATE = "terraform-state"  # `*.tfstate`: every attribute of every resource, in plaintext
    ANSIBLE = "ansible"
    MAVEN_POM = "maven-pom"
    MAVEN_SETTINGS = "maven-settings"  # a Maven `settings.xml`: its servers' credentials
    GRADLE = "gradle"
    GITLAB_RUNNER = "gitlab-runner"  # a GitLab Runner's config.toml
    CONTAINERD_CONFIG = "containerd-config"  # containerd's config.toml: its registry logins
    CLOUD_INIT = "cloud-init"  # user data whose first line is `#cloud-config`
    K3S_REGISTRIES = "k3s-registries"  # k3s / RKE2 `registries.yaml`: containerd's registry logins
    ANSIBLE_INVENTORY = "ansible-inventory"  # an INI inventory (`hosts`, `inventory.ini`)
    NPM_PACKAGE = "npm"  # a `package.json`: npm, yarn, pnpm and bun run its `scripts` in a shell
    SYSTEMD_UNIT = "systemd"  # a systemd service (`*.service`) and Podman Quadlet units: commands run at boot
    BUTANE = "butane"  # a Butane config (`*.bu`, `*.butane`; Fedora CoreOS, Flatcar): a machine's units and files
    YAML = "yaml"  # YAML that is none of the above: still scanned for secrets
    TEXT = "text"  # a settings or notes file of lines (`.conf`, `.properties`, `.npmrc`, `.txt`, a key file)
    OTHER = "other"

    @property
    def context(self) -> str:
        """The name rule metadata (`contexts:`) and user policies use for this kind of file."""
        return _CONTEXT_NAMES.get(self, self.value)

    @property
    def is_yaml(self) -> bool:
        return self in _YAML_KINDS


_CONTEXT_NAMES = {
    FileKind.GITHUB_WORKFLOW: "github-actions",
    FileKind.GITHUB_ACTION: "github-actions",
    FileKind.JENKINSFILE: "jenkins",
    FileKind.JENKINS_CASC: "jenkins",
    FileKind.HELM_VALUES: "helm",
    FileKind.KUSTOMIZATION: "kustomize",
    FileKind.MAVEN_POM: "maven",
    FileKind.MAVEN_SETTINGS: "maven",
}

_YAML_KINDS = {
    FileKind.GITHUB_WORKFLOW,
    FileKind.GITHUB_ACTION,
    FileKind.GITLAB_CI,
    FileKind.AZURE_PIPELINES,
    FileKind.CIRCLECI,
    FileKind.BITBUCKET_PIPELINES,
    FileKind.DRONE,
    FileKind.BUILDKITE,
    FileKind.TRAVIS,
    FileKind.CODEBUILD,
    FileKind.CLOUD_BUILD,
    FileKind.TASKFILE,
    FileKind.CONCOURSE,
    FileKind.KUBERNETES,
    FileKind.HELM_VALUES,
    FileKind.HELMFILE,
    FileKind.COMPOSE,
    FileKind.KUSTOMIZATION,
    FileKind.ANSIBLE,
    FileKind.CLOUD_INIT,
    FileKind.K3S_REGISTRIES,
    FileKind.JENKINS_CASC,
    FileKind.BUTANE,
    FileKind.YAML,
}
# Shell scripts; PowerShell and cmd.exe scripts are read in their own dialect (`script_dialect`).
_SHELL_SUFFIXES = {".sh", ".bash", ".ksh", ".zsh", ".bats", ".ps1", ".psm1", ".cmd", ".bat"}
_SHELL_STARTUP_FILES = frozenset({
    *(f"{dot}{name}" for dot in (".", "") for name in (
        "bashrc", "bash_profile", "bash_login", "bash_logout", "bash_aliases", "bash_functions",
        "zshrc", "zprofile", "zshenv", "zlogin", "zlogout", "kshrc", "mkshrc")),
    ".profile",  # (not `profile`: a word too common as a file's name)
})
_DIALECT_BY_SUFFIX = {".ps1": "pwsh", ".psm1": "pwsh", ".cmd": "cmd", ".bat": "cmd"}


def shell_startup_file(path: str) -> bool:
    """A file an interactive or login shell reads as it starts (`.bashrc`, `zshrc`, `.profile`)."""
    return path[path.rfind("/") + 1 :].lower() in _SHELL_STARTUP_FILES


def script_dialect(path: str) -> str:
    """The dialect a shell script file is written in, by its suffix (POSIX shells: "sh")."""
    dot = path.rfind(".")
    return _DIALECT_BY_SUFFIX.get(path[dot:].lower(), "sh") if dot > path.rfind("/") else "sh"
_SHEBANG = lazy_compile(r"#!\s*(/usr)?(/bin/|/usr/bin/env\s+(-\S+\s+)*)(ba|z|k|da)?sh\b|#!.*\bbats\b")


def _line_start(pattern: str) -> re.Pattern[str]:
    """`pattern` where a line starts (`^(?:pattern)` in MULTILINE mode), searched in the head
    with a line break before it (`classify`'s `lines`): a pattern led by a literal line break
    is found by `re` skipping ahead, where one led by `^` is tried at every character (a YAML
    head that is no CI file's was tried so against twenty patterns)."""
    return lazy_compile(rf"\n(?:{pattern})", re.M)


_K8S = _line_start(r"apiVersion\s*:")
_K8S_KIND = _line_start(r"kind\s*:")
# A Kubernetes object written as a flow mapping (JSON; YAML's `{apiVersion: v1, kind: Secret}`,
# kubectl reads both): a document that starts with `{` (a file's first, or one after `---`),
# and the keys an object has, each after `{` or `,` and given the value it takes (an API
# version, a kind's name), not a mapping (a JSON schema's `"apiVersion": {"type": ...}`).
_FLOW_DOCUMENT = lazy_compile(r"(?:\A|\n---[^\n]*\n)(?:[ \t\r]*(?:#[^\n]*)?\n)*[ \t\r]*\{")
_FLOW_K8S = (
    lazy_compile(r"""[{,]\s*(["']?)apiVersion\1\s*:\s*(["']?)(?:[a-z0-9.-]+/)?v\d+\w*\2\s*[,}]"""),
    lazy_compile(r"""[{,]\s*(["']?)kind\1\s*:\s*(["']?)[A-Z]\w*\2\s*[,}]"""),
)


def _flow_kubernetes(head: str) -> bool:
    """A Kubernetes object written as a flow mapping starts a document of the head."""
    return "apiVersion" in head and "kind" in head and _FLOW_DOCUMENT.search(head) is not None \
        and all(p.search(head) for p in _FLOW_K8S)
_GITHUB_WORKFLOW = (_line_start(r"(on|\"on\"|'on'|true)\s*:"), _line_start(r"jobs\s*:"))
_GITHUB_ACTION = (_line_start(r"runs\s*:"), _line_start(r"\s+using\s*:"))
# A Helmfile state file kept under another name (`bootstrap/helmfile/apps.yaml`): its schema
# comment, or top-level `releases:` with a release's `chart:`.
_HELMFILE_RELEASES = (_line_start(r"releases\s*:"), _line_start(r"\s+-?\s*chart\s*:"))
_GITLAB_HINT = _line_start(r"(stages|include|variables|default|workflow)\s*:|\s+script\s*:")
# `\bpipeline\s*\{|\bnode\s*[({]|\bstage\s*\(|\b(sh|bat|powershell)\s*[('"]`, one pattern a
# branch, each word first and the boundary before it looked behind: re skips ahead to a pattern's
# literal, where a leading `\b` (or an alternation's first letters, common ones) has it try
# nearly every position.
_PIPELINE_HINT = tuple(lazy_compile(p) for p in (
    r"pipeline(?<!\wpipeline)\s*\{", r"node(?<!\wnode)\s*[({]", r"stage(?<!\wstage)\s*\(",
    r"sh(?<!\wsh)\s*[('\"]", r"bat(?<!\wbat)\s*[('\"]", r"powershell(?<!\wpowershell)\s*[('\"]",
    r"pwsh(?<!\wpwsh)\s*[('\"]",
    # a step given named arguments without parentheses (`sh label: 'login', script: '...'`)
    r"(?<!\w)(?:sh|bat|pwsh|powershell)[ \t]+(?:script|label|returnStdout|returnStatus|encoding)[ \t]*:",
    # a Job DSL script: a job named by a string (its `shell(...)` steps, its parameters)
    r"\b(?:job|freeStyleJob|pipelineJob|matrixJob|mavenJob|multiJob)\s*\(\s*['\"]"))


def shell_shebang(text: str) -> bool:
    """Whether text starts with the shebang of a POSIX shell (or bats)."""
    return text.startswith("#!") and _SHEBANG.match(text) is not None


# Current format, or the legacy one: {"registry": {"auth": ...}} at the top level.
# Keys in any case: Docker reads its config with Go's encoding/json, which ignores their case.
_DOCKER_CONFIG_KEYS = lazy_compile(
    r'"(?i:auths|credsStore|credHelpers)"\s*:|\A\s*\{\s*"[^"]+"\s*:\s*\{\s*"(?i:auth)"\s*:')
# A JSON escape, or an escaped backslash (kept as written so that `\\u0061` stays text).
_JSON_ESCAPE = lazy_compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.S)


def json_unescaped(head: str) -> str:
    """The head with JSON's `\\uXXXX` escapes decoded, as a JSON reader sees keys
    (`"\\u0061uths"` is `"auths"`); a decoded quote or backslash stays escaped, so that the
    text keeps its strings' bounds."""
    def one(m: re.Match[str]) -> str:
        if m.group(1) is None:
            return m.group()
        ch = chr(int(m.group(1), 16))
        return m.group() if ch in '"\\' else ch

    return _JSON_ESCAPE.sub(one, head)


def _tfstate_name(lower: str) -> bool:
    """A name Terraform gives its state: `terraform.tfstate`, `errored.tfstate`, the backup it
    keeps (`terraform.tfstate.backup`, `terraform.tfstate.1700000000.backup`)."""
    return lower.endswith(".tfstate") or (".tfstate." in lower and lower.endswith(".backup"))


def _tfstate(head: str, named: bool) -> bool:
    """Terraform state by its JSON: an object whose first key is the format's `version` (under a
    state's name), or with the `terraform_version` and `lineage` only a state has (a state
    pulled to a `.json`: `terraform state pull > state.json`)."""
    if not head.lstrip().startswith("{") or '"version"' not in head:
        return False
    return named or ('"lineage"' in head and '"terraform_version"' in head)


# Packer's legacy JSON template: its `builders` list of typed objects.
_PACKER_JSON = lazy_compile(r'"builders"\s*:\s*\[\s*\{[^{}]*"type"\s*:')


def _is_docker_config(head: str) -> bool:
    if _DOCKER_CONFIG_KEYS.search(head):
        return True
    # Only a head holding a `\u` escape can read otherwise (one substring test for the rest).
    return "\\u" in head and _DOCKER_CONFIG_KEYS.search(json_unescaped(head)) is not None


# containerd's config.toml with registry logins: a table of its CRI plugin's registry settings
# (`[plugins."io.containerd.grpc.v1.cri".registry.configs."reg.example.com".auth]`, or the
# `registry` table with dotted `configs."reg.example.com".auth.password` keys) and an `auth`
# somewhere (the parse says whether it is a login).
_CONTAINERD_REGISTRY = lazy_compile(r"^[ \t]*\[[ \t]*plugins[ \t]*\.[^\]\n]*\bregistry\b", re.M)

# A GitLab Runner's config.toml: its runners are an array of tables (`[[runners]]`, the way
# `gitlab-runner register` writes it), or, as TOML allows, an array of inline tables.
_RUNNER_CONFIG = lazy_compile(r"""^[ \t]*(?:\[\[[ \t]*(?:runners|"runners"|'runners')[ \t]*\]\]"""
                              r"""|(?:runners|"runners"|'runners')[ \t]*=[ \t]*\[)""", re.M)


# Dockerfile, Dockerfile.dev, Dockerfile-alpine, Dockerfile_ci, app.Dockerfile, Containerfile ...
_DOCKERFILE_NAME = lazy_compile(r"(docker|container)file([._-].*)?$|.+[._-](docker|container)file$")
# ... but not a document or program about one (Dockerfile.md, dockerfile_test.go, Makefile.toml
# of cargo-make).
_NOT_BUILD_FILE_SUFFIXES = frozenset({
    ".md", ".rst", ".adoc", ".txt", ".html", ".json", ".yml", ".yaml", ".toml", ".xml", ".py", ".go",
    ".js", ".ts", ".rb", ".java", ".rs", ".lock", ".sum", ".png", ".svg", ".orig", ".rej", ".patch",
})


def _split(path: str) -> tuple[tuple[str, ...], str, str]:
    """`PurePosixPath(path)`'s parts, name and suffix; a plain path (what discovery gives,
    relative, or absolute when the scan was named so) without building the object."""
    if not path or path == "." or path == "/" or path.startswith(("./", "//")) or "//" in path or "/./" in path \
            or path.endswith(("/", "/.")):
        p = PurePosixPath(path)
        return p.parts, p.name, p.suffix
    parts = ("/", *path[1:].split("/")) if path[0] == "/" else tuple(path.split("/"))
    name = parts[-1]
    dot = name.rfind(".")
    return parts, name, name[dot:] if 0 < dot < len(name) - 1 else ""


# What a template named `<name>.tpl` renders, by that name: text that is no YAML.
_TEXT_SUFFIXES = frozenset({".md", ".txt", ".rst", ".html", ".xml", ".ps1", ".py", ".conf", ".ini", ".cfg",
                            ".toml", ".tf", ".hcl", ".service", ".env", ".properties", ".csv",
                            # SQL, systemd units, code and style sheets a module renders
                            ".sql", ".timer", ".socket", ".target", ".mount", ".path", ".js", ".ts", ".go",
                            ".rb", ".lua", ".php", ".css", ".vcl",
                            # a Nomad job a Nomad Pack renders (`templates/app.nomad.tpl`): HCL
                            ".nomad"})


# Files of settings or notes, read as lines for the rules that apply anywhere (URLs with passwords,
# known secret formats): a package manager's or a tool's credentials file (`.npmrc`'s `_authToken`,
# `.git-credentials`' `https://user:token@host` lines), settings (`.conf`, `.ini`, `.properties`),
# notes (`.txt`) and key files (`.pem`, `.key`, and OpenSSH's own names for a private key, `id_rsa`,
# `id_ed25519` ..., which have no suffix; not their `.pub`). Not source code or documentation (`.py`,
# `.md`): their examples and test data are not settings.
_PLAIN_TEXT_SUFFIXES = frozenset({".txt", ".conf", ".cfg", ".ini", ".properties", ".pem", ".key"})
_PLAIN_TEXT_NAMES = frozenset({".npmrc", "npmrc", ".yarnrc", ".pypirc", "pypirc", ".netrc", "_netrc", ".gemrc",
                               ".git-credentials", "git-credentials",
                               "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk"})


def _text_template(inner: str) -> bool:
    """`inner` (a `.tpl` file's name without it, lower-cased) names a text file that is no YAML: a
    suffix of one, a dotfile (`.gitignore`), or a repository's file in capitals (`CODEOWNERS`,
    written in any case: `codeowners`, `license`, `makefile`)."""
    dot = inner.rfind(".")
    if dot > 0 and inner[dot:] in _TEXT_SUFFIXES:
        return True
    return inner.startswith(".") or inner in ("codeowners", "license", "makefile", "dockerfile", "notice", "authors")


# A pure function of the path, asked twice of most files a scan reads: by the listing (which
# files run shell, `infra.helmscripts`) and by `classify`. Kept for every file of a scan (not
# the least recently asked: the scan asks in the listing's order), up to a bound.
@lru_cache(maxsize=1 << 16)
def classify_path(path: str) -> FileKind | None:
    """Kind decided by the path alone, or None when the content must tell."""
    parts, name, suffix = _split(path)
    lower = name.lower()
    suffix = suffix.lower()
    if not suffix and len(parts) >= 2 and parts[-2].lower() in ("group_vars", "host_vars"):
        return FileKind.ANSIBLE  # `group_vars/all`, `host_vars/web1`: YAML without a suffix
    if suffix == ".gotmpl":  # Helmfile renders these with Go templates before reading them as YAML
        inner = lower[: -len(suffix)]
        if inner.endswith((".yaml", ".yml")):
            if _helmfile_path(parts, inner):
                return FileKind.HELMFILE
            return FileKind.HELM_VALUES if _HELM_VALUES.match(inner) else None
        return _rendered(inner)
    if suffix in (".yml", ".yaml"):
        if len(parts) >= 3 and parts[-3] == ".github" and parts[-2] == "workflows":
            return FileKind.GITHUB_WORKFLOW
        if lower in ("action.yml", "action.yaml"):
            return FileKind.GITHUB_ACTION
        if lower.endswith(".gitlab-ci.yml") or lower.endswith(".gitlab-ci.yaml"):
            return FileKind.GITLAB_CI
        infra = _infra_by_name(lower)
        if infra is not None:
            return infra
        if _helmfile_path(parts, lower):
            return FileKind.HELMFILE
        if _ansible_path([part.lower() for part in parts[:-1]], lower):
            return FileKind.ANSIBLE
        # Another CI system by its conventional name; else Kubernetes, GitLab include, plain YAML: look inside.
        return _ci_system_by_path(lower, [part.lower() for part in parts[:-1]])
    if lower == "pom.xml":
        return FileKind.MAVEN_POM
    if lower == "package.json":
        return FileKind.NPM_PACKAGE
    if suffix == ".service":
        return FileKind.SYSTEMD_UNIT
    if suffix in _BUTANE_SUFFIXES:
        return FileKind.BUTANE
    if suffix in _QUADLET_SUFFIXES:
        return None  # a Quadlet unit if its section says so (`.image` names disk images too)
    if lower.endswith("settings.xml"):  # `settings.xml`, `ci_settings.xml`, `maven-settings.xml`: its root tells
        return None
    if lower in ("build.gradle", "build.gradle.kts"):
        return FileKind.GRADLE
    if suffix in (".tf", ".tfvars", ".nomad") or lower.endswith((".pkr.hcl", ".pkrvars.hcl", ".nomad.hcl")):
        return FileKind.TERRAFORM  # Packer's templates, Nomad's jobs: HCL, read as Terraform's (infra.terraform)
    if _tfstate_name(lower):
        return None  # Terraform state if its JSON says so
    if lower == "kustomization":
        return FileKind.KUSTOMIZATION
    if ".env" in lower and _ENV_FILE.match(lower):  # (both of its forms hold `.env`: most names compile nothing)
        return FileKind.ENV_FILE
    # The last part of a name says what it is: `Dockerfile_agent_Jenkinsfile` is a pipeline; a
    # document about one is not (`jenkinsfile_conf.rst`, `Jenkinsfile.md`).
    if (lower.startswith("jenkinsfile") and suffix not in _NOT_BUILD_FILE_SUFFIXES) \
            or lower.endswith(("_jenkinsfile", "-jenkinsfile", ".jenkinsfile")):
        return FileKind.JENKINSFILE
    if lower in ("config.json", ".dockercfg") or lower.endswith((".dockercfg", "dockerconfigjson")):
        return None  # a docker config only if its keys say so
    if suffix in _SHELL_SUFFIXES:
        return FileKind.SHELL
    if _DOCKERFILE_NAME.match(lower) and suffix not in _NOT_BUILD_FILE_SUFFIXES:
        return FileKind.DOCKERFILE
    if lower in ("makefile", "gnumakefile") or suffix in (".mk", ".mak") \
            or (lower.startswith(("makefile.", "gnumakefile.")) and suffix not in _NOT_BUILD_FILE_SUFFIXES):
        return FileKind.MAKEFILE  # also the parts a Makefile includes: Makefile.docker, Makefile.release
    if lower in ("justfile", ".justfile") or suffix == ".just":
        return FileKind.JUSTFILE  # (and a module it imports, `mod release 'just/release.just'`)
    if suffix == ".tpl" and lower[:-4].endswith((".sh", ".bash")):
        # a script a module renders (`user-data.sh.tpl`, `templatefile("init.sh.tpl")` beside the
        # module's `.tf` files, in a chart's `templates/` or not): shell with `${x}` put in
        return FileKind.SHELL
    if suffix == ".tpl" and "templates" in parts[:-1]:
        # A Helm chart's helpers: `define` blocks of YAML; not a template of another kind of text
        # that a Terraform module renders there (`README.md.tpl`, `CODEOWNERS.tpl`, `.gitignore.tpl`).
        return FileKind.OTHER if _text_template(lower[:-4]) else FileKind.YAML
    if suffix in (".json", ".groovy", ".toml"):
        return None
    if lower in _SHELL_STARTUP_FILES:
        return FileKind.SHELL  # what bash, zsh and ksh read as they start (also without the dot)
    if suffix in _PLAIN_TEXT_SUFFIXES or lower in _PLAIN_TEXT_NAMES:
        return FileKind.TEXT
    if suffix in _RENDERED:
        return _rendered(lower[: -len(suffix)])
    if suffix == "" or suffix in (".in",):
        return None  # maybe a script with a shebang
    return FileKind.OTHER


# A template that renders a file by its name (Ansible's `deploy.sh.j2`, Terraform's
# `templatefile("user_data.sh.tftpl")`, Packer's `.pkrtpl`, Go's `.tmpl`): the file it renders,
# its placeholders (`{{ x }}`, `${x}`) read as such. Helm's `.tpl` helpers are read as Helm's.
_RENDERED = frozenset({".j2", ".jinja", ".jinja2", ".tftpl", ".pkrtpl", ".tmpl"})
# What a template of source code or documentation renders: not settings (as `_PLAIN_TEXT_SUFFIXES`).
_CODE_OR_DOCS = frozenset({".md", ".rst", ".adoc", ".html", ".htm", ".py", ".go", ".js", ".ts", ".rb", ".java",
                           ".php", ".css", ".lua", ".c", ".h", ".rs", ".swift", ".kt", ".cs"})


def _rendered(inner: str) -> FileKind | None:
    """The kind of a rendered file by its name (`inner`, lower-cased): a shell script by its
    suffix, else by its shebang (None: the content tells, `classify`), else the lines of settings
    the rules that apply anywhere read (TEXT); nothing for code and documentation."""
    dot = inner.rfind(".")
    suffix = inner[dot:] if dot > 0 else ""
    if suffix in _SHELL_SUFFIXES and suffix not in (".ps1", ".psm1", ".cmd", ".bat"):
        return FileKind.SHELL
    if suffix == ".service":
        return FileKind.SYSTEMD_UNIT  # (`app.service.j2`: an Ansible role's unit)
    if suffix in _BUTANE_SUFFIXES:
        return FileKind.BUTANE  # (`node.bu.tmpl`)
    if suffix in _CODE_OR_DOCS:
        return FileKind.OTHER
    return None


# Helm values (values.yaml, values-prod.yaml, values.dev.yaml, prod-values.yaml), Docker Compose
# files (compose.yaml, docker-compose.override.yml, compose.prod.yaml), Kustomize's file.
_HELM_VALUES = lazy_compile(r"(.+[._-])?values([._-].+)?\.ya?ml$")
_COMPOSE = lazy_compile(r"(docker-)?compose([._-].+)?\.ya?ml$")
_KUSTOMIZATION = lazy_compile(r"kustomization\.ya?ml$")
# .env, .env.production, prod.env; not .envrc or env.example.yaml
# `.env`, `.env.production`, `prod.env`, and a named one's stand-in or variant (`app.env.sample`,
# `db.env.example`, `web.env.prod`): not a program named so (`config.env.js`).
_ENV_FILE = lazy_compile(r"\.env(\.[\w.-]+)?$|[\w.-]+\.env(\.(sample|example|template|tmpl|tpl|dist|default"
                         r"|defaults|local|orig|bak|j2|dev|development|prod|production|stage|staging|test|ci|qa))?$")


_ANSIBLE_ROLE_PARTS = frozenset({"tasks", "handlers", "vars", "defaults"})
# A play (`- hosts:`), or a task calling a module by its collection name.
_ANSIBLE_CONTENT = _line_start(
    r"-\s+hosts\s*:|\s*-?\s*(ansible\.builtin|community\.docker|containers\.podman|kubernetes\.core)\.\w+\s*:")


# A variables file named for the secrets it keeps, wherever it is (`vars_files: [secrets.yml]`,
# `vault.yml`, `secrets.prod.yml`, `prod-vault.yml`): read as Ansible's variables when it is no
# Kubernetes manifest nor CI configuration (those are told by their content first).
_SECRET_VARS_FILE = lazy_compile(r"(?:[\w-]+[._-])?(?:secrets?|vault)(?:\.[\w-]+)?\.ya?ml")


def _ansible_path(folders: list[str], name: str) -> bool:
    """Roles' tasks, handlers, vars and defaults; group_vars and host_vars; a playbooks folder;
    a Molecule scenario's files (`molecule/<scenario>/molecule.yml`, its `converge.yml` play,
    the inventory's variables in them)."""
    for i, part in enumerate(folders):
        if part == "roles" and len(folders) > i + 2 \
                and folders[i + 2] in _ANSIBLE_ROLE_PARTS:
            return True
        if part in ("group_vars", "host_vars", "playbooks") or (part == "molecule" and len(folders) > i + 1):
            return True
    # A role kept as its own repository (or folder): its `defaults/main.yml`, `vars/main.yml`,
    # `tasks/main.yml`, `handlers/main.yml` at the role's root, with no `roles/` above.
    if folders and folders[-1] in _ANSIBLE_ROLE_PARTS and name in ("main.yml", "main.yaml"):
        return True
    return name.startswith("playbook")


def _infra_by_name(name: str) -> FileKind | None:
    if _KUSTOMIZATION.match(name):
        return FileKind.KUSTOMIZATION
    if _COMPOSE.match(name):
        return FileKind.COMPOSE
    if _HELM_VALUES.match(name):
        return FileKind.HELM_VALUES
    return None


def _helmfile_path(parts: tuple[str, ...], name: str) -> bool:
    """`helmfile.yaml` (`.yml`, `.gotmpl`), and the state files of a `helmfile.d` folder."""
    return name in ("helmfile.yaml", "helmfile.yml") or (len(parts) >= 2 and parts[-2].lower() == "helmfile.d")


def _ci_system_by_path(name: str, folders: list[str]) -> FileKind | None:
    """The CI systems whose configuration has a conventional name or folder."""
    stem = name.rsplit(".", 1)[0]
    if stem.startswith("azure-pipelines") or (folders and folders[-1] in (".azure-pipelines", "azure-pipelines")):
        return FileKind.AZURE_PIPELINES
    if folders and folders[-1] == ".circleci" and stem == "config":
        return FileKind.CIRCLECI
    if stem == "bitbucket-pipelines":
        return FileKind.BITBUCKET_PIPELINES
    if stem in (".drone", ".woodpecker") or (folders and folders[-1] == ".woodpecker"):
        return FileKind.DRONE  # Woodpecker, Drone's fork, reads Drone's format
    if stem == ".travis":
        return FileKind.TRAVIS
    if stem.startswith("buildspec"):
        return FileKind.CODEBUILD
    if stem.startswith("cloudbuild") or stem.endswith((".cloudbuild", "-cloudbuild", "_cloudbuild")):
        return FileKind.CLOUD_BUILD  # Google Cloud Build: cloudbuild.yaml, cloudbuild-prod.yaml
    if folders and folders[-1] == ".buildkite" and stem.startswith("pipeline"):
        return FileKind.BUILDKITE
    if stem in ("taskfile", "taskfile.dist"):
        return FileKind.TASKFILE  # the names `task` looks for (Taskfile.yml, taskfile.dist.yaml)
    return None


# What each CI system's configuration looks like inside, for files named otherwise (templates,
# copies under another name): every pattern of one entry must match the head of the file, each
# branch where a line starts (`_line_start`).
_CI_CONTENT_TEXT: tuple[tuple[FileKind, tuple[str, ...]], ...] = (
    (FileKind.DRONE, (r"kind\s*:\s*['\"]?pipeline\b", r"steps\s*:")),
    (FileKind.CODEBUILD, (r"version\s*:\s*['\"]?0\.[12]\b", r"phases\s*:")),
    (FileKind.CIRCLECI, (r"version\s*:\s*['\"]?2(\.\d)?['\"]?\s*$", r"(jobs|workflows|orbs|executors)\s*:")),
    (FileKind.BITBUCKET_PIPELINES, (r"pipelines\s*:", r"\s+-?\s*step\s*:")),
    (FileKind.AZURE_PIPELINES, (r"\s*-?\s*task\s*:\s*['\"]?\w[\w.-]*@\d+\s*['\"]?\s*$|\s+vmImage\s*:",)),
    (FileKind.AZURE_PIPELINES, (r"(steps|jobs|stages|trigger|pool|extends)\s*:",
                                r"\s*-\s*(bash|pwsh|powershell|script|checkout)\s*:")),
    # A template a pipeline includes: typed parameters, then what it adds.
    (FileKind.AZURE_PIPELINES, (r"parameters\s*:", r"\s*-\s*name\s*:",
                                r"\s+type\s*:\s*(string|boolean|number|object|(step|job|deployment|stage)(List)?)\s*$",
                                r"(steps|jobs|stages|variables)\s*:")),
    (FileKind.TRAVIS, (r"language\s*:", r"(before_install|script|dist|sudo)\s*:")),
    (FileKind.BUILDKITE, (r"steps\s*:",
                          r"\s*-\s*(label|command|commands|block|trigger|group|input|key|plugins)\s*:"
                          r"|\s*-\s*wait\b|agents\s*:")),
    # The parts of a CircleCI orb's source, which CircleCI's tool packs into one orb: a command
    # or job is its `steps:`, CircleCI steps (`- run:`); an example, a 2.1 config under `usage:`.
    (FileKind.CIRCLECI, (r"steps\s*:", r"\s*-\s*run\s*:")),
    (FileKind.CIRCLECI, (r"usage\s*:", r"\s+version\s*:\s*['\"]?2\.1\b")),
    # A Taskfile under another name (one a Taskfile `includes:`, `tasks/docker.yml`): its schema
    # version and top-level `tasks:`.
    (FileKind.TASKFILE, (r"version\s*:\s*['\"]?[23](\.\d+)*['\"]?\s*$", r"tasks\s*:\s*$")),
    # Concourse has no file name of its own: a pipeline is top-level `jobs:` whose jobs have a
    # `plan:` (with `resources:` or a step `get:`/`put:`/`task:`); a task config (a pipeline's
    # `task: x, file: ci/tasks/x.yml`) is top-level `platform:` and `run:`.
    (FileKind.CONCOURSE, (r"jobs\s*:", r"\s+-?\s*plan\s*:",
                          r"resources\s*:|\s+-\s*(get|put|task)\s*:")),
    (FileKind.CONCOURSE, (r"platform\s*:\s*['\"]?(linux|darwin|windows)['\"]?\s*$", r"run\s*:")),
    # A pipeline whose `jobs:` come after the head (long `resource_types:`/`resources:` lists
    # first), or a part of one a merging tool assembles (`resources.yml`): top-level `resources:`
    # or `resource_types:` opening a list of `- name:` items, each a `type:` with a `source:`.
    (FileKind.CONCOURSE, (r"(resources|resource_types)[ \t]*:[ \t]*(#.*)?\r?\n(?:[ \t]*(#.*)?\r?\n)*"
                          r"[ \t]*-[ \t]*name[ \t]*:",
                          r"[ \t]+type[ \t]*:[ \t]*[^\s#]", r"[ \t]+source[ \t]*:[ \t]*(\{|(#.*)?\r?$)")),
    # A Woodpecker pipeline under another name (it has no `kind: pipeline`): top-level `steps:`
    # whose steps name an `image` and run `commands` or give a plugin `settings`, and a
    # top-level key only Woodpecker's format has beside them (`when:`, `clone:`, `skip_clone:`).
    (FileKind.DRONE, (r"steps\s*:", r"\s+-?\s*image\s*:", r"\s+(commands|settings)\s*:",
                      r"(when|clone|skip_clone)\s*:")),
)
_CI_CONTENT = tuple((kind, tuple(_line_start(p) for p in patterns)) for kind, patterns in _CI_CONTENT_TEXT)


def _ci_system_by_content(lines: str) -> FileKind | None:
    """The CI system whose patterns all hold on `lines` (a head with a line break before it)."""
    for kind, patterns in _CI_CONTENT:
        if all(p.search(lines) for p in patterns):
            return kind
    return None


# GitLab's job keywords no other CI system has at a job's level (Travis's `stage` and Bitbucket's
# `script` are in list items, Azure's `script` is a step).
_GITLAB_JOB_KEYS = frozenset({"stage", "before_script", "after_script", "extends", "needs", "rules", "only", "except"})
_INDENTED_SCRIPT = lazy_compile(r"^[ \t]+script[ \t]*:", re.M)
# A top-level key opening a block mapping (`build:`, `.base: &base`, `"deploy prod":`, a name holding
# colons not followed by a space: `.docker:build:`, `test:unit:`); a child key.
_TOP_KEY = lazy_compile(
    r"""[^\s#'"-](?:[^:#]|:(?![ \t]|$))*:[ \t]*(?:&\S+[ \t]*)?(?:#.*)?$|(["'])[^"'\n]*\1[ \t]*:[ \t]*(?:#.*)?$""")
_CHILD_KEY = lazy_compile(r"( +)([A-Za-z_][\w-]*)[ \t]*:(?=[ \t]|$)")


def _gitlab_job_shaped(head: str) -> bool:
    """A top-level key whose mapping holds `script` and a job keyword only GitLab has
    (`stage`, `before_script`, `extends` ...): a GitLab job, wherever the file is kept (a
    template another project includes by URL)."""
    if _INDENTED_SCRIPT.search(head) is None:
        return False
    return _top_mapping_shaped(head, lambda keys: "script" in keys and not keys.isdisjoint(_GITLAB_JOB_KEYS))


_INDENTED_COMMANDS = lazy_compile(r"^[ \t]+commands[ \t]*:", re.M)


def _drone_step_shaped(head: str) -> bool:
    """A top-level key whose mapping holds `image` and `commands`: a Drone (Woodpecker) step
    kept on its own, as a library of steps keeps them (`.publish: &publish {image, commands}`,
    merged into pipelines with `<<: *publish`; Drone has no include)."""
    if _INDENTED_COMMANDS.search(head) is None:
        return False
    return _top_mapping_shaped(head, lambda keys: "image" in keys and "commands" in keys)


def _top_mapping_shaped(head: str, shaped: Callable[[set[str]], bool]) -> bool:
    """Whether the child keys of a top-level key's block mapping (as far as read) are `shaped`."""
    keys: set[str] | None = None
    indent = 0
    for line in head.splitlines():
        if not line or line[0] not in " \t":
            if line and line[0] != "#":
                keys, indent = (set(), 0) if _TOP_KEY.match(line) else (None, 0)
            continue
        if keys is None or line.lstrip().startswith("#") or not line.strip():
            continue
        m = _CHILD_KEY.match(line)
        if indent == 0:
            indent = len(m.group(1)) if m else -1  # the first child sets the mapping's indent
        if m is not None and len(m.group(1)) == indent:
            keys.add(m.group(2))
            if shaped(keys):
                return True
    return False


HEAD = 4096  # how much of a file's text `classify` is given


def classify_text(path: str, text: str) -> FileKind:
    """`classify` of a file from its whole text: its head, and for a TOML file whose head holds no
    runner, the whole text (a GitLab Runner's `[[runners]]` may follow any length of global
    settings and comments; a TOML file is read whole anyway, and `runners` is one substring test);
    the same for a JSON file naming `builders` (a Packer template's may follow long variables) and
    for a Groovy file (a shared library's class may run its first step after long code)."""
    kind = classify(path, text[:HEAD])
    if kind is FileKind.OTHER and len(text) > HEAD and (
            (("runners" in text or "registry" in text) and path.lower().endswith(".toml"))
            or ('"builders"' in text and path.lower().endswith(".json"))  # a Packer template's long variables
            or path.lower().endswith(".groovy")):  # a library class's steps, a Job DSL job, after long code
        return classify(path, text)
    if len(text) > HEAD and kind in (FileKind.YAML, FileKind.OTHER, FileKind.ANSIBLE) \
            and _kubernetes_past_head(path, text):  # (`regcred-secret.yaml` is a secrets file by its name)
        return FileKind.KUBERNETES
    return kind


# Jenkins Configuration as Code: its root keys, `jenkins:` with another of its sections.
_JCASC_ROOT = _line_start(r"jenkins\s*:\s*$")
_JCASC_SECTION = _line_start(r"(credentials|unclassified|security|tool|jobs|globalCredentialsConfiguration)\s*:\s*$")
# k3s / RKE2 `registries.yaml` (k3d's `--registry-config` too): top-level `mirrors` and `configs`,
# or `configs` with a registry's `auth` in a file that is no stack file (whose `configs` are files).
_K3S_MIRRORS = _line_start(r"mirrors\s*:")
_K3S_CONFIGS = _line_start(r"configs\s*:")
_K3S_AUTH = _line_start(r"\s+auth\s*:")
_STACK_SERVICES = _line_start(r"services\s*:")


# Docker Compose by its content, whatever the file's name: every top-level key is one of the
# Compose file's own (`services`, `volumes` ..., `x-` extensions) and a service names its `image`
# or `build` (Helm values or Ansible variables with a `services:` key have other top-level keys).
_TOP_LEVEL_KEY = lazy_compile(r"^(?!#|---|\.\.\.)([^\s:#][^:]*?)[ \t]*:(?:[ \t]|$)", re.M)
_COMPOSE_KEYS = frozenset(("version", "name", "services", "networks", "volumes", "configs", "secrets", "include"))
_COMPOSE_SERVICE = _line_start(r"[ \t]+(?:image|build)[ \t]*:[ \t]*[^\s#|>]")
# ... its `services` a mapping of names (not a list, not a flow mapping on its line)
_COMPOSE_SERVICES = _line_start(r"services[ \t]*:[ \t]*(?:#.*)?\r?\n(?:[ \t]*(?:#.*)?\r?\n)*"
                                r"[ \t]+[^\s#-][^\n:]*:[ \t]*(?:#.*)?\r?\n")


# Google Cloud Build by its content, whatever the file's name: every top-level key one of a build
# config's, `steps` among them, a step given its builder's `args`, `entrypoint`, `script` or
# `secretEnv`, and no step naming an `image:` (a step's image is its `name`; Drone, Woodpecker and
# Tekton steps name theirs `image`).
_CLOUD_BUILD_KEYS = frozenset(("steps", "substitutions", "options", "availableSecrets", "images", "artifacts",
                               "timeout", "queueTtl", "logsBucket", "serviceAccount", "tags", "secrets"))
_CLOUD_BUILD_STEP = _line_start(r"[ \t]+-?[ \t]*(?:args|entrypoint|script|secretEnv)[ \t]*:")
_STEP_IMAGE = _line_start(r"[ \t]+-?[ \t]*image[ \t]*:")


def _cloud_build_by_content(head: str) -> bool:
    keys = [k.strip("'\"") for k in _TOP_LEVEL_KEY.findall(head) if not k.startswith("-")]  # (`- name:`: a step)
    lines = "\n" + head
    return "steps" in keys and all(k in _CLOUD_BUILD_KEYS for k in keys) \
        and _CLOUD_BUILD_STEP.search(lines) is not None and _STEP_IMAGE.search(lines) is None


def _compose_keys_only(head: str) -> bool:
    """Every top-level key of the head is one a Compose file may have (Compose refuses others)."""
    return all(k.strip("'\"") in _COMPOSE_KEYS or k.strip("'\"").startswith("x-") for k in _TOP_LEVEL_KEY.findall(head))


def _compose_by_content(head: str) -> bool:
    keys = [k.strip("'\"") for k in _TOP_LEVEL_KEY.findall(head)]
    return "services" in keys and all(k in _COMPOSE_KEYS or k.startswith("x-") for k in keys) \
        and _COMPOSE_SERVICE.search("\n" + head) is not None and _COMPOSE_SERVICES.search("\n" + head) is not None


def _k3s_registries(name: str, lines: str) -> bool:
    mirrors = _K3S_MIRRORS.search(lines) is not None
    configs = _K3S_CONFIGS.search(lines) is not None
    if name in ("registries.yaml", "registries.yml") and (mirrors or configs):
        return True
    return configs and (mirrors or (_K3S_AUTH.search(lines) is not None and _STACK_SERVICES.search(lines) is None))


# The root element of Maven's settings (after the XML declaration and comments).
_MAVEN_SETTINGS = lazy_compile(r"<settings[\s/>]")


def _kubernetes_past_head(path: str, text: str) -> bool:
    """A manifest whose `kind` is past the head: kubectl writes an object's keys in alphabetical
    order (`kubectl get -o yaml`/`-o json`: apiVersion, data, kind, metadata), so an exported
    Secret or ConfigMap with a long `data` (a registry token of kilobytes), or an exported
    `List`, names its kind after it. Its apiVersion still opens the file."""
    suffix = path[path.rfind(".") :].lower()
    if suffix in (".yml", ".yaml"):
        return _K8S.search("\n" + text[:HEAD]) is not None and _K8S_KIND.search(text) is not None
    return suffix == ".json" and "apiVersion" in text[:HEAD] and _flow_kubernetes(text)


# An INI inventory by its lines: a host with an `ansible_` variable (`web1 ansible_host=10.0.0.5`), or
# a group's variables section (`[all:vars]`) whose first line sets one (not `ansible.cfg`'s
# `[defaults]` with `ansible_managed = ...`: a section of settings, not of hosts).
_INI_INVENTORY = lazy_compile(r"(?m)^[ \t]*[\w.:\[\]-]+[ \t]+ansible_\w+=|^\[[\w.-]+:vars\][ \t]*\r?\n"
                              r"(?:[ \t]*(?:[#;].*)?\r?\n)*[ \t]*ansible_\w+[ \t]*=")
# cloud-init's header for user data in YAML (its own line; a Jinja template's line before it).
_CLOUD_CONFIG = ("#cloud-config\n", "#cloud-config\r\n", "#cloud-config ", "## template: jinja\n#cloud-config")
# ... in a file named as user data is (`user-data`, `cloud-init.yaml`, `init.cfg`, a Terraform
# `templatefile`'s `cloud-init.tftpl`), not a document about it (`README.md`).
_CLOUD_CONFIG_SUFFIXES = frozenset({"", ".yaml", ".yml", ".cfg", ".conf", ".txt", ".tpl", ".tftpl", ".pkrtpl",
                                    ".tmpl", ".j2", ".userdata", ".in"})


# Butane configs' names (`node.bu` in Butane's own documentation, `node.butane` as many keep them).
_BUTANE_SUFFIXES = frozenset({".bu", ".butane"})
# A Butane config's first key: the variant of the OS it configures (`variant: fcos`, `flatcar`).
_BUTANE_VARIANT = _line_start(r"variant\s*:\s*[\"']?(?:fcos|flatcar|openshift|r4e|fiot|rhcos)[\"']?\s*$")


# A kubeconfig by its conventional names (`kubeconfig`, `lab.kubeconfig`, `~/.kube/config`), which
# carry no `.yaml`: YAML whose `kind` is `Config`, holding client keys and tokens.
_KUBECONFIG_KIND = _line_start(r"kind\s*:\s*[\"']?Config[\"']?\s*$")
# ... and its own top-level sections, which say what the file is wherever it is kept.
_KUBECONFIG_SECTIONS = _line_start(r"(?:clusters|users|contexts)\s*:")


def _kubeconfig_content(head: str) -> bool:
    """YAML that is a kubeconfig by its content (`apiVersion`, `kind: Config`, `clusters`/`users`):
    its content says what it is more surely than the folder it is kept in (a cluster's client
    config beside the playbooks that use it is no Ansible variables file)."""
    lines = "\n" + head
    return "Config" in head and _KUBECONFIG_KIND.search(lines) is not None and _K8S.search(lines) is not None \
        and _KUBECONFIG_SECTIONS.search(lines) is not None


# Nomad Pack's template actions, in its own delimiters (`[[ define "region" ]]`, `[[ var "count" . ]]`).
# A Go template's `define` (a Helm chart's helpers: `{{- define "app.labels" -}}`).
_DEFINE = lazy_compile(r"\{\{-?\s*define\s")
_PACK_ACTION = lazy_compile(r"\[\[-?\s*(?:define|template|var|range|if|end|meta|include|with)\b")


# How a YAML document's first line of content starts: a document marker, a sequence item, a key
# (plain, quoted, or a template's `${key}`), a flow mapping or sequence (JSON: not an INI section's
# `[name]` line); a Terraform directive (`%{ for }`).
_YAML_START = lazy_compile(r"---|\.\.\.|-(?:\s|$)|[\w$.{}\"'/-][^:#\n]*:(?:\s|$)|\{|\[(?![\w.:@ -]+\]$)|%\{|#|$")


def _starts_as_yaml(head: str) -> bool:
    """The first line of `head` that is no comment nor blank reads as YAML's first line."""
    for line in head.splitlines():
        text = line.strip()
        if text and not text.startswith("#"):
            return _YAML_START.match(text) is not None
    return True


def kubeconfig_name(path: str) -> bool:
    """A kubeconfig's conventional name (`kubeconfig`, `*.kubeconfig`, `.kube/config`)."""
    parts, name, suffix = _split(path)
    lower = name.lower()
    return lower == "kubeconfig" or suffix.lower() == ".kubeconfig" \
        or (lower == "config" and len(parts) >= 2 and parts[-2] == ".kube")


# A helm-unittest suite: top-level `suite:` and `tests:` (each test's `asserts`, the output the
# chart's templates are expected to render), whatever its name says.
_UNITTEST_SUITE = lazy_compile(r"(?m)^suite[ \t]*:")
_UNITTEST_TESTS = lazy_compile(r"(?m)^tests[ \t]*:")


# A Jenkins pipeline's start, after comments and a shared library's `@Library(...) _`: `pipeline {`,
# `node {`, `node('label') {`. No YAML document starts so.
_GROOVY_PIPELINE = lazy_compile(r"(?:\s*//[^\n]*\n|\s*/\*.*?\*/|\s*@Library\([^)]*\)[ \t]*_?)*"
                                r"\s*(?:pipeline|node)[ \t]*(?:\([^)\n]*\))?\s*\{", re.S)


def _yaml_by_content(parts: tuple[str, ...], name: str, head: str) -> FileKind:
    """The kind of a YAML file its path did not tell (or told only as a proposal), by its head."""
    # Each pattern's literal first: a substring test rules most heads out faster than a
    # multi-line regex search. The patterns hold where a line starts (`_line_start`).
    lines = "\n" + head
    if "apiVersion" in head and "kind" in head and (
            (_K8S.search(lines) and _K8S_KIND.search(lines)) or _flow_kubernetes(head)):
        return FileKind.KUBERNETES
    # Workflows outside .github/workflows: templates, starter workflows, test data.
    if "jobs" in head and all(r.search(lines) for r in _GITHUB_WORKFLOW):
        return FileKind.GITHUB_WORKFLOW
    if "runs" in head and "using" in head and all(r.search(lines) for r in _GITHUB_ACTION):
        return FileKind.GITHUB_ACTION
    if _ANSIBLE_CONTENT.search(lines):
        return FileKind.ANSIBLE
    if "variant" in head and _BUTANE_VARIANT.search(lines):
        return FileKind.BUTANE  # (`node.yaml` given to butane: its variant says so)
    if "jenkins" in head and _JCASC_ROOT.search(lines) and _JCASC_SECTION.search(lines):
        return FileKind.JENKINS_CASC  # (before the CI systems: its `jobs: - script:` is Job DSL)
    system = _ci_system_by_content(lines)
    if system is not None:
        return system
    if "steps" in head and _cloud_build_by_content(head):
        return FileKind.CLOUD_BUILD  # (a build config named for what it pushes: `ci/dockerhub.yaml`)
    if "schemastore.org/helmfile" in head \
            or ("releases" in head and all(r.search(lines) for r in _HELMFILE_RELEASES)):
        return FileKind.HELMFILE
    # Files a .gitlab-ci.yml includes usually live in a folder named for GitLab or CI.
    in_ci_folder = any(part.lower() in (".gitlab", "gitlab", "gitlab-ci", "ci", ".ci") for part in parts[:-1])
    if (in_ci_folder or "gitlab" in name.lower()) and _GITLAB_HINT.search(lines):
        return FileKind.GITLAB_CI
    if "script" in head and _gitlab_job_shaped(head):
        return FileKind.GITLAB_CI  # a job template kept anywhere (a catalog's jobs/x/x.yml)
    if "commands" in head and "image" in head and _drone_step_shaped(head):
        return FileKind.DRONE  # a library of steps (`.publish: &publish {image, commands}`)
    if "services" in head and _compose_by_content(head):
        return FileKind.COMPOSE  # (a stack file named for its service: `stack/ledger.yaml`)
    if ("configs" in head or "mirrors" in head) and _k3s_registries(name.lower(), lines):
        return FileKind.K3S_REGISTRIES
    if _SECRET_VARS_FILE.fullmatch(name.lower()):
        return FileKind.ANSIBLE  # (once no CI system's content says what the file is)
    if name.lower().endswith((".yaml.gotmpl", ".yml.gotmpl")):
        # YAML Helmfile renders that is no state file: values it hands a release, or an
        # environment's values its templates hand on (`releases/<app>.yaml.gotmpl`), whatever
        # the name (`_HELM_VALUES`'s names are one convention)
        return FileKind.HELM_VALUES
    return FileKind.YAML


def classify(path: str, head: str) -> FileKind:
    """Kind of a file from its path and the first few KiB of its text."""
    kind = classify_path(path)
    if head[:1] in ("/", "p", "n", "@", " ", "\n", "\t") and _split(path)[2].lower() in (".yml", ".yaml") \
            and _GROOVY_PIPELINE.match(head):
        return FileKind.JENKINSFILE  # a pipeline saved under a YAML name (`jenkinsfile-push.yaml`): Groovy, no YAML
    if kind in (None, FileKind.OTHER, FileKind.YAML, FileKind.TEXT) and head.startswith(_CLOUD_CONFIG) \
            and _split(path)[2].lower() in _CLOUD_CONFIG_SUFFIXES:
        return FileKind.CLOUD_INIT  # (cloud-init reads a file so only: its first line says what it is)
    if kind in (None, FileKind.OTHER, FileKind.TEXT) and "ansible_" in head and _INI_INVENTORY.search(head) \
            and _split(path)[2].lower() in ("", ".ini", ".cfg", ".txt"):
        return FileKind.ANSIBLE_INVENTORY
    if kind is FileKind.YAML and "{{" not in head and path.lower().endswith(".tpl"):
        if "[[" in head and _PACK_ACTION.search(head):
            return FileKind.OTHER  # a Nomad Pack's helpers (`[[ define "x" ]]`): HCL snippets, no Helm helpers
        if not _starts_as_yaml(head):
            # No Helm action and no YAML: a text a Terraform module renders (`templatefile`): an INI
            # inventory, a script's lines; read as lines of settings, not parsed as YAML.
            return FileKind.TEXT
    if kind is FileKind.HELM_VALUES and "suite" in head and "tests" in head and _UNITTEST_SUITE.search(head) \
            and _UNITTEST_TESTS.search(head):
        return FileKind.YAML  # a helm-unittest suite named as values are (`values_test.yaml`): no values
    if kind is FileKind.YAML and "define" in head and path.lower().endswith(".tpl") and _DEFINE.search(head):
        return FileKind.KUBERNETES  # a chart's helpers: pieces of its manifests, read as its templates are
    if kind in (None, FileKind.OTHER) and "Config" in head and kubeconfig_name(path) \
            and _KUBECONFIG_KIND.search("\n" + head):
        return FileKind.KUBERNETES  # (read as a `kubeconfig.yaml` is: its users' keys are values)
    if kind is FileKind.ANSIBLE and _split(path)[2].lower() in ("", ".yml", ".yaml") and _kubeconfig_content(head):
        return FileKind.KUBERNETES  # (an Ansible folder's kubeconfig: read as one is anywhere else)
    if kind is FileKind.COMPOSE and not _compose_keys_only(head):
        # A name proposes Compose; with top-level keys Compose refuses, the content may say the
        # file is something else (a CI pipeline named `docker-compose-deploy.yaml` that deploys
        # one, an Ansible role's `tasks/compose.yml`). Else it stays Compose: a file in the
        # legacy format (services at the top level), a typo, a template's lines.
        parts, name, _ = _split(path)
        other = _yaml_by_content(parts, name, head)
        return kind if other is FileKind.YAML else other
    if kind is not None:
        return kind
    parts, name, suffix = _split(path)
    suffix = suffix.lower()
    if suffix == ".gotmpl" and name.lower().endswith((".yaml.gotmpl", ".yml.gotmpl")):
        suffix = ".yaml"  # YAML Helmfile renders first: its content tells what it is
    if suffix in (".yml", ".yaml"):
        return _yaml_by_content(parts, name, head)
    if _tfstate_name(name.lower()):
        return FileKind.TERRAFORM_STATE if _tfstate(head, True) else FileKind.OTHER
    if suffix == ".json" or name.lower().endswith(("dockercfg", "dockerconfigjson")):
        if suffix == ".json" and _flow_kubernetes(head):
            return FileKind.KUBERNETES  # a manifest kubectl applies as it applies YAML
        if _is_docker_config(head) or name.lower().endswith("dockercfg"):
            return FileKind.DOCKER_CONFIG
        if suffix == ".json" and '"builders"' in head and _PACKER_JSON.search(head):
            return FileKind.TERRAFORM  # a legacy Packer template: read into the HCL template's model
        if suffix == ".json" and _tfstate(head, False):
            return FileKind.TERRAFORM_STATE
        return FileKind.OTHER
    if suffix == ".xml":  # a Maven settings file (its root element) under a settings name
        return FileKind.MAVEN_SETTINGS if _MAVEN_SETTINGS.search(head) else FileKind.OTHER
    if suffix == ".toml":  # a GitLab Runner's configuration, by its runners (any name: copies, roles' files)
        if "runners" in head and _RUNNER_CONFIG.search(head):
            return FileKind.GITLAB_RUNNER
        if "registry" in head and "auth" in head and _CONTAINERD_REGISTRY.search(head):
            return FileKind.CONTAINERD_CONFIG  # (one with no registry logins is read for nothing)
        return FileKind.OTHER
    if suffix in _QUADLET_SUFFIXES:
        return FileKind.SYSTEMD_UNIT if _QUADLET_SECTION.search("\n" + head[:4096]) else FileKind.OTHER
    if suffix == ".groovy":  # shared-library and job DSL pipelines, when they run steps
        return FileKind.JENKINSFILE if any(p.search(head) for p in _PIPELINE_HINT) else FileKind.OTHER
    if head.startswith("#!") and _SHEBANG.match(head):
        return FileKind.SHELL
    if not suffix and _ENV_NAMED.fullmatch(name.lower()) and _env_lines(head):
        return FileKind.ENV_FILE
    return FileKind.TEXT if suffix in _RENDERED else FileKind.OTHER


# Podman Quadlet's units that run podman with registry credentials: an image's pull (`Creds=`), a
# container's run (`PodmanArgs=`), known by their section.
_QUADLET_SUFFIXES = frozenset({".image", ".container"})
_QUADLET_SECTION = lazy_compile(r"\n[ \t]*\[(?:Image|Container)\][ \t]*(?:\r?\n|$)")


# A file with no suffix named for an environment (`env`, `db_env`, `app-env`: what Compose's
# `env_file:`, docker's `--env-file` and systemd's `EnvironmentFile=` name; installers
# write one per service): an env file when its lines are `NAME=value` settings.
_ENV_NAMED = lazy_compile(r"(?:[\w.-]+[-_])?env")
_ENV_LINE = lazy_compile(r"(?:export[ \t]+)?[A-Za-z_][A-Za-z0-9_]*=.*")


def _env_lines(head: str) -> bool:
    """Every line of `head` that is no comment nor blank is a `NAME=value` setting, and one is."""
    lines = [t for t in (line.strip() for line in head.splitlines()) if t and not t.startswith("#")]
    return bool(lines) and all(_ENV_LINE.fullmatch(t) for t in lines)
