"""The cross-file index for image pull secrets: small picklable facts collected per file
(pod specs, ServiceAccounts, Secrets, `kubectl` commands), joined in one pass at the end."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..classify import FileKind
from ..facts import K8S_RESOURCES
from ..lazyre import lazy_compile
from ..records import lazy_dataclass, replace
from ..shell.model import slice_word
from ..source import Span
from ..values import ValueKind
from .evidence import file_evidence, registry_host

# The manifest side (PyYAML nodes, the Kubernetes model: `k8s.manifests`) is imported when a
# manifest is collected: a shell script's logins and kubectl commands are indexed without YAML.
if TYPE_CHECKING:
    from ..images import ImageRef
    from ..scanned import ScannedFile
    from ..shell.model import Command, Word
    from .kustomize import KustomizeFact


@lazy_dataclass(frozen=True)
class NameRef:
    name: str | None  # None: written, but not a literal (templated, a variable)
    span: Span


@lazy_dataclass(frozen=True)
class ImageFact:
    image: str
    span: Span
    container: str
    place: tuple[str, ...]
    ref: ImageRef | None  # the image read by `images.parse_image`


@lazy_dataclass(frozen=True)
class PodFact:
    kind: str
    name: str | None
    namespace: str | None  # None: templated
    account: str | None  # serviceAccountName (else "default"); None: templated
    pull_secrets: tuple[NameRef, ...]
    pull_secrets_unknown: bool  # imagePullSecrets written but not a plain list
    images: tuple[ImageFact, ...]
    place: tuple[str, ...]
    insert_at: int | None  # offset of the pod spec's first key (block style), for the fix
    indent: int
    # Where the namespace comes from (`NAMESPACE_BY`): what may still set it when applied.
    namespace_by: str = "manifest"


@lazy_dataclass(frozen=True)
class AccountFact:
    name: str | None  # None: unknown name (a variable): may be any account
    namespace: str | None
    pull_secrets: tuple[NameRef, ...]
    origin: str  # "manifest", "kubectl create", "kubectl patch"
    place: tuple[str, ...] = ()
    namespace_by: str = "command"  # see NAMESPACE_BY


@lazy_dataclass(frozen=True)
class SecretFact:
    name: str | None  # None: unknown name
    namespace: str | None
    type: str | None  # None: unknown (SealedSecret/ExternalSecret without a template type)
    origin: str
    # Registries it holds credentials for (from its docker config, or kubectl's
    # --docker-server); None: cannot be known from the repository (sealed, templated).
    registries: tuple[str, ...] | None = None
    # A registry Secret whose docker config names no registry (`{}`): a placeholder filled
    # outside the scanned files (evidence.holds_no_registry).
    placeholder: bool = False
    # The files and folders whose workloads can name it as written; None: any. A kustomize
    # generator's Secret is named NAME-<hash>, and only the references in its own build say so.
    scope: tuple[str, ...] | None = None
    namespace_by: str = "command"  # see NAMESPACE_BY


# Where a resource's namespace comes from, which says what may still set it when the resource
# is applied (`k8s.placement`): "manifest" (its metadata.namespace: only an override, a
# kustomization's `namespace:` or Flux's `targetNamespace`, changes it), "kustomization" (its
# folder's kustomization sets it), "unset" (none written: the configured default, unless
# whatever applies it gives one: an overlay, a GitOps destination), "release" (a Go template
# that writes none: the namespace its release is installed in), "command" (a kubectl command's
# `-n`, or its context's: nothing applies it later).
NAMESPACE_BY = ("manifest", "kustomization", "unset", "release", "command")


@lazy_dataclass(frozen=True)
class GitOpsTarget:
    """A folder a GitOps resource applies (an Argo CD Application's source path, a Flux
    Kustomization's `spec.path`), as written: relative to its repository's root."""
    path: str
    namespace: str | None  # the namespace it gives (None: templated)
    overrides: bool  # Flux's targetNamespace replaces a written namespace; Argo CD's fills in


@lazy_dataclass(frozen=True)
class FileFacts:
    pods: tuple[PodFact, ...] = ()
    accounts: tuple[AccountFact, ...] = ()
    secrets: tuple[SecretFact, ...] = ()
    # (registry host, "login" or "stored"): registries the file shows need credentials
    evidence: tuple[tuple[str, str], ...] = ()
    kustomization: KustomizeFact | None = None  # what a kustomization changes about its workloads
    deploys: tuple[GitOpsTarget, ...] = ()  # the folders its GitOps resources apply

    def __bool__(self) -> bool:
        return bool(self.pods or self.accounts or self.secrets or self.evidence or self.kustomization
                    or self.deploys)


# --------------------------------------------------------------------------- kubectl

# kubectl options that take a separate value
_VALUE_OPTS = frozenset({
    "-n", "--namespace", "--context", "--kubeconfig", "--cluster", "--user", "-o", "--output",
    "-p", "--patch", "--type", "--docker-server", "--docker-username", "--docker-password",
    "--docker-email", "--from-file", "--from-literal", "--from-env-file", "-f", "--filename",
    "-l", "--selector", "-s", "--server", "--token", "--as", "--as-group", "--request-timeout",
    "--field-manager", "--cert", "--key", "--template", "--patch-file", "--subresource",
})


# A word that expands to any number of words (`"${ARGS[@]}"`, `"$@"`, `${ARGS[@]+"${ARGS[@]}"}`):
# what a script passes the client this way is its options (`--kubeconfig FILE`, `--context X`),
# not the verbs and operands it writes out.
_SPLAT = lazy_compile(r"\$(?:[@*]$|\{(?:[@*]|[A-Za-z_]\w*\[[@*]\])[-+:=?}])")


@lazy_dataclass
class _Kubectl:
    positional: list[Word]
    options: dict[str, Word]


def _kubectl(cmd: Command) -> _Kubectl | None:
    if cmd.name.rsplit("/", 1)[-1] not in ("kubectl", "oc") or not cmd.words:
        return None
    pos: list[Word] = []
    opts: dict[str, Word] = {}
    args = cmd.args
    i = 0
    while i < len(args):
        w = args[i]
        t = w.text
        if t.startswith("--") and "=" in t:
            opts[t[: t.index("=")]] = slice_word(w, t.index("=") + 1)
        elif t in _VALUE_OPTS and i + 1 < len(args):
            opts[t] = args[i + 1]
            i += 1
        elif len(t) > 2 and t[:2] in ("-n", "-p", "-o", "-f", "-l") and not t.startswith("--"):
            opts[t[:2]] = slice_word(w, 3 if t[2] == "=" else 2)
        elif not t.startswith("-") and not (t[:1] == "$" and _SPLAT.match(t)):
            pos.append(w)
        i += 1
    return _Kubectl(pos, opts)


def _lit(word: Word | None) -> str | None:
    if word is None or word.kind not in (ValueKind.LITERAL, ValueKind.PLACEHOLDER):
        return None
    return word.text


def _patch_pull_secrets(text: str) -> list[str | None] | None:
    """imagePullSecrets names set by a strategic/merge (JSON or YAML) or JSON patch."""
    import yaml

    from ..yamlsrc import YamlError, safe_load

    try:
        data: Any = safe_load(text)
    except (yaml.YAMLError, YamlError):  # not YAML, or aliases past a file's allowance
        return None
    names: list[str | None] = []

    def take(items: Any) -> None:
        for it in items if isinstance(items, list) else [items]:
            if isinstance(it, dict):
                n = it.get("name")
                names.append(n if isinstance(n, str) and "$" not in n else None)

    if isinstance(data, dict) and "imagePullSecrets" in data:
        take(data["imagePullSecrets"])
    elif isinstance(data, list):
        for op in data:
            if isinstance(op, dict) and str(op.get("path", "")).startswith("/imagePullSecrets") \
                    and op.get("op") in ("add", "replace"):
                take(op.get("value"))
    else:
        return None
    return names


def _command_facts(file: ScannedFile) -> tuple[list[AccountFact], list[SecretFact]]:
    accounts: list[AccountFact] = []
    secrets: list[SecretFact] = []
    default_ns = file.settings.default_namespace
    for ctx, script in file.shell_scripts:
        for cmd in script.commands:
            k = _kubectl(cmd)
            if k is None or len(k.positional) < 2:
                continue
            verb = [w.text for w in k.positional]
            ns_word = k.options.get("-n") or k.options.get("--namespace")
            ns = _lit(ns_word) if ns_word is not None else default_ns
            if verb[0] == "create" and verb[1] == "secret" and len(verb) >= 4:
                from .model import DOCKER_TYPES  # PyYAML with it: only where a Secret is made

                stype = {"docker-registry": DOCKER_TYPES[0], "tls": "kubernetes.io/tls",
                         "generic": "Opaque"}.get(verb[2])
                if stype is None:
                    continue
                t = k.options.get("--type")
                if t is not None:
                    stype = _lit(t) or None
                server = k.options.get("--docker-server")
                host = registry_host(_lit(server) or "") if server is not None else "docker.io"  # kubectl's default
                held = (host,) if host is not None and verb[2] == "docker-registry" else None
                secrets.append(SecretFact(_lit(k.positional[3]), ns, stype, "kubectl", held))
            elif verb[0] == "create" and verb[1] in ("serviceaccount", "sa") and len(verb) >= 3:
                accounts.append(AccountFact(_lit(k.positional[2]), ns, (), "kubectl create"))
            elif verb[0] == "patch":
                name: Word | None = None
                if verb[1] in ("serviceaccount", "sa", "serviceaccounts") and len(verb) >= 3:
                    name = k.positional[2]
                elif re.match(r"(serviceaccounts?|sa)/", verb[1]):
                    name = slice_word(k.positional[1], verb[1].index("/") + 1)
                patch = k.options.get("-p") or k.options.get("--patch")
                if name is None or patch is None:
                    continue
                names = _patch_pull_secrets(patch.text)
                if not names:
                    continue
                refs = tuple(NameRef(n, patch.span) for n in names)
                accounts.append(AccountFact(_lit(name), ns, refs, "kubectl patch", ctx.place))
    return accounts, secrets


def collect(file: ScannedFile) -> FileFacts | None:
    """The file's contribution to the index; None when it has nothing to add."""
    if file.kind is FileKind.KUBERNETES or (file.kind is not FileKind.ANSIBLE and file.get(K8S_RESOURCES)):
        from .manifests import manifest_facts

        # (a script's or a CI file's: the manifests its shell applies from here-documents)
        facts = manifest_facts(file)
    else:
        facts = FileFacts()
    if file.kind is FileKind.KUSTOMIZATION:
        from .kustomize import generated_secrets, inline_patch_pods, kustomize_fact

        facts = replace(facts, kustomization=kustomize_fact(file), pods=inline_patch_pods(file),
                        secrets=generated_secrets(file))
    # The commands of the scripts parsed (a context is parsed only when KUBECTL_COMMANDS holds on
    # its text as the shell reads it, escapes of YAML or Groovy decoded): no test of the file's
    # raw text, which misses a name spelled with one (`"kube\x63tl create secret ..."`).
    accounts, secrets = _command_facts(file)
    if accounts or secrets:
        facts = replace(facts, accounts=facts.accounts + tuple(accounts), secrets=facts.secrets + tuple(secrets))
    more = file_evidence(file)
    if more:
        facts = replace(facts, evidence=tuple(sorted(set(facts.evidence + more))))
    return facts or None
