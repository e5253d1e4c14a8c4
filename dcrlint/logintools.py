"""The login-tool catalog, as data: which programs log in to a registry, with which
subcommand, and which options carry the user, the password and the registry.

A program may have several entries (one per subcommand that takes registry credentials).
Adding a tool is adding one `LoginTool` to `CATALOG`: the shell login finder, the parse
prefilter, the Kubernetes container-command contexts and the rules built on logins (DCR001,
DCR002, DCR003, DCR014) all read it from here."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from .classify import FileKind
from .facts import CommandFilter
from .records import lazy_dataclass
from .shell.spelling import words

if TYPE_CHECKING:
    from .checks._spellings import ShellWords
    from .config import Settings
    from .scanned import ScannedFile


def _opts(*names: str) -> frozenset[str]:
    return frozenset(names)


@lazy_dataclass(frozen=True)
class LoginTool:
    program: str
    path: tuple[str, ...]  # subcommand words after the program
    password: frozenset[str]
    username: frozenset[str] = _opts("-u", "--username")
    stdin: frozenset[str] = _opts("--password-stdin")
    registry: frozenset[str] = frozenset()  # options naming the registry; else an operand:
    registry_operand: int | None = 0  # which one (-1: the last; None: no operand names it)
    arg_options: frozenset[str] = frozenset()  # other options that take a separate value
    global_options: frozenset[str] = frozenset()  # program options before the subcommand taking a value
    # Where the login is kept: "docker-config" (~/.docker/config.json), "containers-auth"
    # (auth.json of podman, buildah, skopeo), "helm" (helm's registry config), "apptainer" (its
    # remote.yaml and docker config, ~/.apptainer or ~/.singularity), "kubeconfig"
    # (`oc login`), "cluster" (a Secret in the cluster: nothing stays on the machine that ran
    # it), "none" (credentials used for one command, e.g. a build's system properties).
    stores: str = "docker-config"
    # A word any command line holding this login has (the parse prefilter); default: the last
    # word of the subcommand path.
    trigger: str = ""
    pair: frozenset[str] = frozenset()  # options taking `USER:PASSWORD` (skopeo --creds, oc --auth-basic)
    name: str = ""  # how messages name the tool, when not its program and subcommands
    # A prefix one of the command's words must have for it to be a login (`mvn ... -Djib.`):
    # for programs that mostly do other things.
    requires: str = ""
    # The command does other things and takes credentials only optionally (`skopeo copy`,
    # `helm repo add`, a build): it counts as a login only when it is given a user or password.
    optional: bool = False
    # The command prints a `docker login -p TOKEN` command line for the caller to run
    # (`$(aws ecr get-login)`): the token goes on a command line without being written here.
    prints_login: bool = False
    # How to stop passing the password as an argument (DCR001), for tools whose way differs
    # from feeding it to their stdin option.
    advice: str = ""

    @property
    def label(self) -> str:
        if self.name:
            return self.name
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

# skopeo options that take a separate value (other than credentials).
_SKOPEO_ARGS = _opts(
    "--authfile", "--src-authfile", "--dest-authfile", "--cert-dir", "--src-cert-dir", "--dest-cert-dir",
    "--format", "-f", "--sign-by", "--sign-identity", "--sign-by-sigstore", "--sign-by-sigstore-private-key",
    "--sign-passphrase-file", "--digestfile", "--encryption-key", "--decryption-key", "--additional-tag",
    "--retry-times", "--retry-delay", "--src-shared-blob-dir", "--dest-shared-blob-dir", "--multi-arch",
    "--dest-compress-format", "--dest-compress-level", "--src-daemon-host", "--dest-daemon-host",
    "--image-parallel-copies", "--shared-blob-dir", "--daemon-host", "--config", "--src", "--dest",
    "--append-suffix", "--override-arch", "--override-os", "--override-variant",
)
_SKOPEO_ADVICE = ("these skopeo commands take no password on stdin: log in first with "
                  "`skopeo login --password-stdin REGISTRY` (or pass `--authfile` of a mounted secret) "
                  "and drop the credentials from the command")
# podman's and buildah's pull and push options that take a separate value (other than credentials).
_CONTAINERS_PULL_ARGS = _opts(
    "--authfile", "--cert-dir", "--arch", "--os", "--variant", "--platform", "--retry", "--retry-delay",
    "--decryption-key", "--policy", "--format", "-f", "--digestfile", "--sign-by", "--sign-by-sigstore",
    "--sign-by-sigstore-private-key", "--sign-passphrase-file", "--compression-format", "--compression-level",
    "--encryption-key", "--signature-policy",
)
_CREDS_ADVICE = ("`--creds` puts the password on the command line: log in first with `podman login "
                 "--password-stdin REGISTRY` (or give `--authfile` of a mounted secret; in a Quadlet unit, "
                 "`AuthFile=`) and drop `--creds`")
_HELM_GLOBAL = _opts(
    "--kube-context", "--kubeconfig", "-n", "--namespace", "--registry-config", "--repository-cache",
    "--repository-config", "--burst-limit", "--kube-apiserver", "--kube-as-user", "--kube-as-group",
    "--kube-ca-file", "--kube-token", "--qps",
)

# helm's chart commands' options that take a separate value (other than credentials).
_HELM_CHART_ARGS = _opts(
    "--version", "--ca-file", "--cert-file", "--key-file", "-d", "--destination", "--untardir", "--keyring",
    "-f", "--values", "--set", "--set-string", "--set-file", "--set-json", "--set-literal", "--timeout",
    "--post-renderer", "--post-renderer-args", "--description", "--kube-version", "-a", "--api-versions",
    "--output-dir", "-s", "--show-only", "-o", "--output", "--name-template", "--history-max",
    "--labels", "-l", "--repo",
)
_HELM_CHART_ADVICE = ("helm's chart commands take no password on stdin: log in first with `helm registry login "
                      "REGISTRY --password-stdin` (a chart repository: `helm repo add NAME URL --password-stdin`) "
                      "and drop the credentials from the command")

# oras's options that take a separate value (other than credentials).
_ORAS_ARGS = _opts(
    "--registry-config", "--ca-file", "--cert-file", "--key-file", "--resolve", "--artifact-type", "-a",
    "--annotation", "--annotation-file", "--export-manifest", "--config", "--concurrency", "--format",
    "--platform", "-o", "--output", "--image-spec", "--artifact-platform", "--distribution-spec", "--template",
    "--depth", "--media-type", "--descriptor", "--last", "--from-registry-config", "--to-registry-config",
    "--from-ca-file", "--to-ca-file", "--from-cert-file", "--to-cert-file", "--from-key-file", "--to-key-file",
    "--from-resolve", "--to-resolve", "--from-oci-layout-path", "--to-oci-layout-path", "--oci-layout-path",
    "--size",
)

_SECRET_FROM_FILE = (
    "there is no --password-stdin here: create the Secret from a docker config file instead "
    "(`kubectl create secret generic NAME --type=kubernetes.io/dockerconfigjson "
    "--from-file=.dockerconfigjson=PATH`), or apply a Secret manifest fed on stdin (`apply -f -`)"
)
_JIB_PASSWORD = _opts("-Djib.to.auth.password", "-Djib.from.auth.password")
_JIB_USER = _opts("-Djib.to.auth.username", "-Djib.from.auth.username")
_JIB_IMAGE = _opts("-Dimage", "-Djib.to.image")
_JIB_ADVICE = (
    "Jib reads credentials from a docker config or a credential helper (`jib.to.credHelper`): log in "
    "with `docker login --password-stdin` first, or set `<auth>` in the build file from environment "
    "variables, instead of a system property on the command line"
)

# The fabric8 docker-maven-plugin's registry credentials as system properties (`-Ddocker.password`,
# and the push and pull registries' own).
_MAVEN_DOCKER_PASSWORD = _opts("-Ddocker.password", "-Ddocker.push.password", "-Ddocker.pull.password")
_MAVEN_DOCKER_USER = _opts("-Ddocker.username", "-Ddocker.push.username", "-Ddocker.pull.username")
_MAVEN_DOCKER_REGISTRY = _opts("-Ddocker.registry", "-Ddocker.push.registry", "-Ddocker.pull.registry")
_MAVEN_DOCKER_ADVICE = (
    "the docker-maven-plugin reads a registry's credentials from a `settings.xml` server or the docker config: "
    "log in with `docker login --password-stdin` first, or set `<authConfig>` in the build file from "
    "environment variables, instead of a system property on the command line"
)

CATALOG: tuple[LoginTool, ...] = (
    # (`-e`/`--email EMAIL`: docker before 17.06; scripts written for it still pass it)
    LoginTool("docker", ("login",), _PW, arg_options=_opts("-e", "--email"), global_options=_DOCKER_GLOBAL),
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
    # skopeo's commands that reach registries take credentials of their own, `USER[:PASSWORD]`
    # (`--creds`, `--src-creds`, `--dest-creds`) or split (`--src-username`/`--src-password`).
    *(LoginTool("skopeo", (sub,), _opts("--password", "--registry-token"), username=_opts("--username"),
                stdin=frozenset(), pair=_opts("--creds"), arg_options=_SKOPEO_ARGS,
                global_options=_CONTAINERS_GLOBAL, trigger="skopeo", stores="none", advice=_SKOPEO_ADVICE,
                optional=True)
      for sub in ("inspect", "delete", "list-tags")),
    *(LoginTool("skopeo", (sub,), _opts("--src-password", "--dest-password", "--src-registry-token",
                                        "--dest-registry-token"),
                username=_opts("--src-username", "--dest-username"), stdin=frozenset(),
                pair=_opts("--src-creds", "--dest-creds", "--screds", "--dcreds"), registry_operand=None,
                arg_options=_SKOPEO_ARGS, global_options=_CONTAINERS_GLOBAL, trigger="skopeo", stores="none",
                advice=_SKOPEO_ADVICE, optional=True)
      for sub in ("copy", "sync")),
    # podman's and buildah's commands that reach a registry take its credentials for that command
    # only, `--creds USER:PASSWORD` (`podman pull --creds ... IMAGE`; what a Quadlet `.image`
    # unit's `Creds=` runs); a command given none is no login (`optional`).
    *(LoginTool(program, path, frozenset(), username=frozenset(), stdin=frozenset(), pair=_opts("--creds"),
                registry_operand=operand, arg_options=_CONTAINERS_PULL_ARGS, global_options=_CONTAINERS_GLOBAL,
                trigger="--creds", stores="none", optional=True, advice=_CREDS_ADVICE)
      for program, path, operand in (
          *((p, path, 0) for p in ("podman", "buildah") for path in (("pull",), ("image", "pull"))),
          # (`push IMAGE [DESTINATION]`: the credentials are the destination's, else the image's registry)
          *((p, path, -1) for p in ("podman", "buildah") for path in (("push",), ("image", "push"),
                                                                       ("manifest", "push"))),
          ("buildah", ("from",), 0),
          *((p, path, None) for p in ("podman", "buildah") for path in (("build",), ("image", "build"))),
          ("buildah", ("bud",), None), ("podman", ("run",), None), ("podman", ("create",), None),
          ("podman", ("kube", "play"), None))),
    # A chart repository with basic auth: `helm repo add NAME URL --username U --password P`.
    LoginTool("helm", ("repo", "add"), _PW, registry_operand=1, trigger="repo",
              arg_options=_opts("--cert-file", "--key-file", "--ca-file"), global_options=_HELM_GLOBAL,
              stores="helm", optional=True),
    # helm's commands that fetch or push a chart take a registry's or repository's credentials of
    # their own (`helm pull oci://REG/chart --username U --password P`), for that command only.
    *(LoginTool("helm", (sub,), _opts("--password"), username=_opts("--username"), stdin=frozenset(),
                registry_operand=operand, arg_options=_HELM_CHART_ARGS, global_options=_HELM_GLOBAL,
                stores="none", optional=True, advice=_HELM_CHART_ADVICE)
      for sub, operand in (("pull", 0), ("push", 1), ("install", 1), ("upgrade", 1), ("template", 1))),
    # The ChartMuseum plugin's push (`helm cm-push CHART REPO`): a password (`-p`) or a token.
    LoginTool("helm", ("cm-push",), _opts("-p", "--password", "--access-token"), stdin=frozenset(),
              registry_operand=1, arg_options=_opts("--context-path", "--app-version", "--timeout", "-t",
                                                    *_HELM_CHART_ARGS),
              global_options=_HELM_GLOBAL, stores="none", optional=True,
              advice="the ChartMuseum plugin reads `HELM_REPO_PASSWORD` (or `HELM_REPO_ACCESS_TOKEN`) from the "
                     "environment: set it from the secret store and drop the credentials from the command"),
    # Apptainer (and SingularityCE): a login to an OCI registry or a remote endpoint, kept in
    # the user's Apptainer folder.
    *(LoginTool(program, (group, "login"), _PW, arg_options=_opts("--tokenfile", "--authfile"),
                stores="apptainer")
      for program in ("apptainer", "singularity") for group in ("remote", "registry")),
    LoginTool("oras", ("login",), _opts("-p", "--password", "--identity-token"),
              stdin=_opts("--password-stdin", "--identity-token-stdin"),
              arg_options=_opts("--registry-config", "--ca-file", "--cert-file", "--key-file", "--resolve")),
    # oras's commands that reach a registry take its credentials of their own, for that command
    # only (`oras push REG/REPO:TAG FILE -u U -p P`; `oras copy`'s `--from-`/`--to-` pairs).
    *(LoginTool("oras", path, _opts("-p", "--password", "--identity-token"),
                stdin=_opts("--password-stdin", "--identity-token-stdin"), arg_options=_ORAS_ARGS,
                trigger="oras", stores="none", optional=True)
      for path in (("push",), ("pull",), ("attach",), ("discover",), ("tag",), ("resolve",),
                   *(("manifest", sub) for sub in ("fetch", "fetch-config", "push", "delete")),
                   *(("blob", sub) for sub in ("fetch", "push", "delete")), ("repo", "ls"), ("repo", "tags"))),
    LoginTool("oras", ("copy",), _opts("--from-password", "--to-password", "--from-identity-token",
                                       "--to-identity-token"),
              username=_opts("--from-username", "--to-username"), stdin=frozenset(), registry_operand=None,
              arg_options=_ORAS_ARGS, trigger="oras", stores="none", optional=True,
              advice="`oras copy` takes no password on stdin: log in to each registry first with `oras login "
                     "--password-stdin REGISTRY` and drop the credentials from the command"),
    LoginTool("crane", ("auth", "login"), _PW, global_options=_opts("--platform")),
    LoginTool("ko", ("login",), _PW),  # (crane's login in ko, the Go image builder: docker's config)
    LoginTool("regctl", ("registry", "login"), _opts("-p", "--pass"), username=_opts("-u", "--user"),
              stdin=_opts("--pass-stdin"),
              global_options=_opts("--host", "--logopt", "-v", "--verbosity", "--user-agent")),
    LoginTool("az", ("acr", "login"), _PW, stdin=frozenset(), registry=_opts("-n", "--name"),
              arg_options=_opts("--subscription", "--suffix", "-g", "--resource-group", "-o", "--output",
                                "--query"),
              advice="`az acr login` has no stdin option: sign in with `az login` (service principal, workload "
                     "or managed identity) and run `az acr login -n REGISTRY` without -p, or pipe "
                     "`az acr login -n REGISTRY --expose-token --query accessToken -o tsv` into "
                     "`docker login --password-stdin`"),
    LoginTool("cosign", ("login",), _PW),
    LoginTool("kubectl", ("create", "secret", "docker-registry"), _opts("--docker-password"),
              username=_opts("--docker-username"), stdin=frozenset(), registry=_opts("--docker-server"),
              arg_options=_opts("--docker-email", "--from-file", "--append-hash"), global_options=_KUBE_GLOBAL,
              stores="cluster", advice=_SECRET_FROM_FILE),
    # OpenShift: `oc` takes kubectl's `create secret docker-registry`, and logs in to the cluster
    # (its token then reaches the registry) and to the registry itself.
    LoginTool("oc", ("create", "secret", "docker-registry"), _opts("--docker-password"),
              username=_opts("--docker-username"), stdin=frozenset(), registry=_opts("--docker-server"),
              arg_options=_opts("--docker-email", "--from-file", "--append-hash"), global_options=_KUBE_GLOBAL,
              stores="cluster", advice=_SECRET_FROM_FILE),
    LoginTool("oc", ("login",), _opts("-p", "--password", "--token"), stdin=frozenset(),
              arg_options=_opts("-s", "--server", "--certificate-authority", "--kubeconfig", "-n", "--namespace",
                                "--context", "--cluster", "--user"),
              stores="kubeconfig",
              advice="`oc login` has no stdin option: point `KUBECONFIG` at a kubeconfig made from the secret "
                     "(a service account token file) instead of passing a password or token"),
    LoginTool("oc", ("registry", "login"), frozenset(), stdin=frozenset(), pair=_opts("--auth-basic"),
              registry=_opts("--registry"), arg_options=_opts("--to", "-z", "--service-account"),
              global_options=_KUBE_GLOBAL,
              advice="without `--auth-basic`, `oc registry login` uses the token of the current `oc login` "
                     "session (or `-z SERVICE_ACCOUNT`): log in to the cluster from a kubeconfig instead"),
    # Jib: Maven and Gradle builds given registry credentials as system properties; the Jib CLI.
    *(LoginTool(program, (), _JIB_PASSWORD, username=_JIB_USER, stdin=frozenset(), registry=_JIB_IMAGE,
                name=f"jib ({program})", requires="-Djib.", trigger="jib.", stores="none", advice=_JIB_ADVICE,
                optional=True)
      for program in ("mvn", "mvnw", "gradle", "gradlew")),
    *(LoginTool(program, (), _MAVEN_DOCKER_PASSWORD, username=_MAVEN_DOCKER_USER, stdin=frozenset(),
                registry=_MAVEN_DOCKER_REGISTRY, name=f"docker-maven-plugin ({program})", requires="-Ddocker.",
                trigger="docker.", stores="none", advice=_MAVEN_DOCKER_ADVICE, optional=True)
      for program in ("mvn", "mvnw")),
    *(LoginTool("jib", (sub,), _opts("--to-password", "--from-password", "--password"), stdin=frozenset(),
                username=_opts("--to-username", "--from-username", "--username"), registry=_opts("-t", "--target"),
                trigger="jib", stores="none", advice=_JIB_ADVICE, optional=True)
      for sub in ("build", "jar", "war")),
    # The deprecated `aws ecr get-login` (AWS CLI v1) prints `docker login -u AWS -p TOKEN ...`, run
    # with `$(...)` or `eval`: the token lands on a command line.
    LoginTool("aws", ("ecr", "get-login"), frozenset(), stdin=frozenset(), username=frozenset(),
              registry=_opts("--registry-ids"), arg_options=_opts("--region", "--profile", "--endpoint-url",
                                                                  "--output", "--query", "--cli-read-timeout",
                                                                  "--cli-connect-timeout", "--color", "--ca-bundle"),
              global_options=_opts("--region", "--profile", "--endpoint-url", "--output", "--query"),
              prints_login=True,
              advice="use `aws ecr get-login-password --region REGION | docker login --username AWS "
                     "--password-stdin ACCOUNT.dkr.ecr.REGION.amazonaws.com` (`get-login` is gone from AWS CLI v2)"),
)

BY_PROGRAM: dict[str, tuple[LoginTool, ...]] = {}
for _tool in CATALOG:
    BY_PROGRAM[_tool.program] = (*BY_PROGRAM.get(_tool.program, ()), _tool)
PROGRAMS: frozenset[str] = frozenset(BY_PROGRAM)


@cache
def triggers() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The parse prefilter's tables, lowercase: per trigger (a word every command line holding a
    login of the catalog has), what the lines of its entries have: the program (also in a
    variable named for it, `$(DOCKER)`), each subcommand word, the prefix a word must have
    (`-djib.`)."""
    lines: dict[str, dict[tuple[str, ...], None]] = {}
    for t in CATALOG:
        words = tuple(w.lower() for w in (t.program, *t.path, t.requires) if w)
        lines.setdefault((t.trigger or t.path[-1]).lower(), {})[words] = None
    return {trigger: tuple(found) for trigger, found in sorted(lines.items())}


@cache
def _trigger_items() -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    return tuple(triggers().items())


def _has_login(text: str, settings: Settings) -> bool:
    """The parse prefilter of logins: the program and its subcommand words are all in the text,
    read without its quotes and escapes (`do"cker" lo\\gin`) and in any case (the finder reads
    programs in any case: `DOCKER.EXE login`)."""
    low = words(text)
    if low is None:
        return True
    # (a substring search a trigger is faster than one search of their alternation: this runs
    # on each context and each statement of a parsed script)
    for trigger, lines in _trigger_items():
        if trigger in low:
            for line in lines:
                if line[0] in low and all(w in low for w in line):
                    return True
    return False


# The shell a rule on logins needs parsed.
LOGIN_COMMANDS = CommandFilter("logins", _has_login)


def may_log_in(file: ScannedFile) -> bool:
    """Whether the file's shell may hold a login of the catalog (the LOGINS fact is not empty),
    from its whole text, once per file: the test of `LOGIN_COMMANDS` on the text as the shell
    may read its words, as written and decoded, with words cut by a join that a context's text
    puts together (`checks._spellings.ShellWords`). False only when no context can hold one:
    the gate of the rules on logins."""
    return file.once("may_log_in", _may_log_in)


def _may_log_in(file: ScannedFile) -> bool:
    from .checks._spellings import shell_words

    if file.kind is FileKind.KUBERNETES:
        # A manifest's shell is in its pod specs' containers, which the pull-secret index parses
        # for logins wherever a pod spec may be: reading its text too would only cost.
        from .checks._manifest_gates import may_hold_pods

        return may_hold_pods(file)
    spelled = shell_words(file)
    return spelled is None or _may_hold_login(spelled)


def _may_hold_login(spelled: ShellWords) -> bool:
    has = spelled.has
    for trigger, lines in _trigger_items():
        if has(trigger):
            for line in lines:
                if all(has(w) for w in line):
                    return True
    return False
