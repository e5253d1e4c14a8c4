"""The Kubernetes rules: image pull secrets across the scanned set (DCR020, DCR021), committed
registry Secrets (DCR022) and other plaintext secrets in manifests (DCR023)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..findings import Edit, Finding, Fix
from ..source import Span
from ..values import (
    ValueKind,
    classify,
    hidden_secret,
    is_secret_name,
    not_a_secret,
    restates_name,
    setting_value,
)
from ..yamlsrc import get, node_span, scalar_text
from .evidence import STORED
from .images import DOCKER_HUB, ImageRef, configured, is_local, is_shared, owner, parse_image, pulls_by_node_identity
from .index import DOCKER_TYPES, AccountFact, FileFacts, ImageFact, NameRef, PodFact, SecretFact
from .model import Resource, pod_specs, resources, scalar

if TYPE_CHECKING:
    from ..config import Settings
    from ..scanned import ScannedFile
    from .kustomize import KustomizeFact

# --------------------------------------------------------------------------- DCR020 DCR021


def _describe(pod: PodFact) -> str:
    return f"{pod.kind} {pod.name}" if pod.name else pod.kind


def _account_has_pull_secrets(pod: PodFact, accounts: list[AccountFact]) -> bool:
    for a in accounts:
        if a.pull_secrets and (a.name is None or a.name == pod.account) \
                and (a.namespace is None or a.namespace == pod.namespace):
            return True
    return False


def _pull_fix(pod: PodFact, by_namespace: Mapping[str | None, list[SecretFact]]) -> Fix | None:
    """Name the namespace's one registry Secret in the pod spec: a safe fix when that Secret
    holds credentials for every registry the pod pulls from, else unsafe (it may be for
    another registry, and the pod would still not pull)."""
    if pod.insert_at is None:
        return None
    docker = [s for s in by_namespace.get(pod.namespace, ()) if s.type in DOCKER_TYPES]
    names = {s.name for s in docker}
    if len(names) != 1 or None in names:
        return None
    (name,) = names
    held = set().union(*(s.registries or () for s in docker))
    unknown = any(s.registries is None for s in docker)
    pulled = {ref.registry for img in pod.images if (ref := parse_image(img.image)) is not None}
    safe = not unknown and bool(pulled) and pulled <= held
    ind = " " * pod.indent
    text = f"imagePullSecrets:\n{ind}- name: {name}\n{ind}"
    missing = ", ".join(sorted(pulled if unknown else pulled - held)) or "the pod's registries"
    why = "" if safe else f" (unsafe: it is not known to hold credentials for {missing})"
    return Fix(f"add imagePullSecrets naming Secret {name} to the pod spec{why}",
               (Edit(Span(pod.insert_at, pod.insert_at), text),), safe=safe)


PUBLIC = "public"


class _Evidence:
    """Which registries the scan shows need credentials (see `evidence.py`), and which image
    owners other workloads pull with pull secrets."""

    def __init__(self, facts: Mapping[str, FileFacts], accounts: list[AccountFact]) -> None:
        self.stored: set[str] = set()
        self.login: set[str] = set()
        self.pulled_hosts: set[str] = set()
        self.pulled_owners: set[str] = set()
        for ff in facts.values():
            for host, how in ff.evidence:
                (self.stored if how == STORED else self.login).add(host)
            for pod in ff.pods:
                if pod.pull_secrets or _account_has_pull_secrets(pod, accounts):
                    for img in pod.images:
                        ref = parse_image(img.image)
                        if ref is not None:
                            self.pulled_hosts.add(ref.host)
                            self.pulled_owners.add(owner(ref))

    def why_private(self, ref: ImageRef) -> str | None:
        """What shows the image's registry needs credentials; PUBLIC for a registry of public
        images without such evidence; None when nothing says either way."""
        if is_shared(ref):
            if ref.registry == DOCKER_HUB and ref.path.startswith("library/"):
                return PUBLIC  # official images
            if owner(ref) in self.pulled_owners:
                return f"other workloads pull {owner(ref)} images with imagePullSecrets"
            return PUBLIC
        if ref.host in self.pulled_hosts:
            return "other workloads pull from it with imagePullSecrets"
        if ref.host in self.stored or ref.registry in self.stored:
            return "the scan holds registry credentials for it"
        if (ref.host in self.login or ref.registry in self.login) and not pulls_by_node_identity(ref):
            return "the scan logs in to it"
        return None


def _missing_pull_secrets(facts: Mapping[str, FileFacts], settings: Settings,
                          accounts: list[AccountFact], secrets: list[SecretFact]) -> Iterator[Finding]:
    from .kustomize import covering, rewrite

    evidence = _Evidence(facts, accounts)
    kustomizations = {p: f.kustomization for p, f in facts.items() if f.kustomization is not None}
    by_namespace: dict[str | None, list[SecretFact]] | None = None
    for path, ff in facts.items():
        overlays = list(covering(path, kustomizations)) if kustomizations and ff.pods else []
        if any(k.sets_pull for k in overlays):
            continue  # a kustomization including this file patches the pods' pull secrets or account
        for pod in ff.pods:
            if pod.namespace is None or pod.account is None:
                continue  # templated: cannot tell which account or namespace
            if pod.pull_secrets or pod.pull_secrets_unknown:
                continue
            if _account_has_pull_secrets(pod, accounts):
                continue
            if by_namespace is None:  # once: each pod looked up, not every Secret per pod
                by_namespace = defaultdict(list)
                for secret in secrets:
                    by_namespace[secret.namespace].append(secret)
            fix = _pull_fix(pod, by_namespace)
            for img, image, by in _images(pod, overlays, rewrite):
                ref = parse_image(image)
                if ref is None or is_local(ref):
                    continue
                said = configured(ref, settings.private_registries, settings.public_registries)
                why = "configured as private" if said else PUBLIC if said is False else evidence.why_private(ref)
                if why is PUBLIC or (why is None and not settings.report_unknown_registries):
                    continue
                where = (f"neither the pod spec nor ServiceAccount {pod.account} (namespace {pod.namespace}) "
                         "has imagePullSecrets")
                if why is None:
                    yield Finding("DCR020", f"container {img.container} of {_describe(pod)} pulls from "
                                  f"{ref.registry}, which nothing in the scan shows to be public or private, "
                                  f"and {where}", path, img.span, img.place, level="note")
                    continue
                rewritten = f" (image rewritten by {by})" if by else ""
                yield Finding(
                    "DCR020",
                    f"container {img.container} of {_describe(pod)} pulls from private registry "
                    f"{ref.registry}{rewritten} ({why}) but {where}",
                    path, img.span, img.place if not by else (*img.place, by), fix=fix if not by else None,
                )
                fix = None  # one insertion per pod spec


def _images(pod: PodFact, overlays: list[KustomizeFact],
            rewrite: Callable[[str, KustomizeFact], str | None]) -> Iterator[tuple[ImageFact, str, str | None]]:
    """Each image of the pod as written, and as each kustomization including it rewrites it."""
    for img in pod.images:
        yield img, img.image, None
        for k in overlays:
            new = rewrite(img.image, k)
            if new is not None and new != img.image:
                yield img, new, k.path


def _unresolved(facts: Mapping[str, FileFacts], settings: Settings,
                secrets: list[SecretFact]) -> Iterator[Finding]:
    # Pull Secrets are supplied outside the scanned files (by whoever installs, or another
    # repository) unless the scan defines registry Secrets in that namespace: a name that no
    # definition matches is a finding only there (or where the name is defined elsewhere). A
    # Secret created in a namespace the scan cannot read (a variable) resolves its own name
    # anywhere, but does not say which namespaces keep their pull Secrets here.
    managed = {s.namespace for s in secrets if s.type is None or s.type in DOCKER_TYPES}
    if not managed and not settings.unresolved_without_secrets:
        return
    by_name: dict[str, list[SecretFact]] = defaultdict(list)
    for s in secrets:
        if s.name is not None:
            by_name[s.name].append(s)
    # A Secret whose name is not known (templated) may be any pull secret, unless its type says
    # it is none (a chart's Opaque Secret).
    unnamed_ns = {s.namespace for s in secrets if s.name is None and (s.type is None or s.type in DOCKER_TYPES)}

    def check(ref: NameRef, ns: str | None, path: str, place: tuple[str, ...], owner: str) -> Iterator[Finding]:
        if ref.name is None or ns is None or None in unnamed_ns or ns in unnamed_ns:
            return
        defs = by_name.get(ref.name, [])
        here = [s for s in defs if s.namespace is None or s.namespace == ns]
        if any(s.type is None or s.type in DOCKER_TYPES for s in here):
            return
        if here:
            types = ", ".join(sorted({s.type or "?" for s in here}))
            msg = (f"imagePullSecrets of {owner} names Secret {ref.name} of type {types}, "
                   f"not kubernetes.io/dockerconfigjson")
        elif defs:
            where = ", ".join(sorted({s.namespace or "?" for s in defs}))
            msg = (f"imagePullSecrets of {owner} names Secret {ref.name}, which is defined in "
                   f"namespace {where}, not {ns}")
        else:
            if ns not in managed and not settings.unresolved_without_secrets:
                return  # this namespace's pull Secrets are not kept in the scanned files
            msg = (f"imagePullSecrets of {owner} names Secret {ref.name}, which no scanned manifest "
                   f"or kubectl command defines (namespace {ns})")
        yield Finding("DCR021", msg, path, ref.span, (*place, "imagePullSecrets", ref.name))

    for path, ff in facts.items():
        for pod in ff.pods:
            for ref in pod.pull_secrets:
                yield from check(ref, pod.namespace, path, pod.place, _describe(pod))
        for acc in ff.accounts:
            if acc.origin == "manifest":
                for ref in acc.pull_secrets:
                    yield from check(ref, acc.namespace, path, acc.place, f"ServiceAccount {acc.name}")


def _index(facts: Mapping[str, Any]) -> tuple[dict[str, FileFacts], list[AccountFact], list[SecretFact]]:
    ff: dict[str, FileFacts] = {p: f for p, f in facts.items() if isinstance(f, FileFacts)}
    return ff, [a for f in ff.values() for a in f.accounts], [s for f in ff.values() for s in f.secrets]


def missing_pull_secrets(facts: Mapping[str, Any], settings: Settings) -> Iterator[Finding]:
    """DCR020 over the index of every scanned file."""
    ff, accounts, secrets = _index(facts)
    return _missing_pull_secrets(ff, settings, accounts, secrets)


def unresolved_pull_secrets(facts: Mapping[str, Any], settings: Settings) -> Iterator[Finding]:
    """DCR021 over the index of every scanned file."""
    ff, _, secrets = _index(facts)
    return _unresolved(ff, settings, secrets)


# --------------------------------------------------------------------------- DCR022 DCR023

_DOCKER_KEYS = (".dockerconfigjson", ".dockercfg")
REGISTRY_KEYS = _DOCKER_KEYS
_ENC = re.compile(r"^ENC\[")
# Secret keys that name where or who, not a secret.
_PUBLIC_KEY = re.compile(
    r"(?i)^(user(name)?|login|email|host(name)?|port|url|uri|endpoint|server|address|database|db"
    r"|db[-_]?name|name|namespace|region|bucket|ca\.crt|tls\.crt|ca[-_]?cert|ca\.pem|cert\.pem"
    r"|.*(user(name)?|host|port|url|uri|endpoint|name|\.crt|\.pub|region|[-_.]id))$"
)
# Keys named for a private key file: what they hold is a key, or a stand-in for one.
_KEY_FILE = re.compile(r"(?i)(^|[-_.])(id_(rsa|dsa|ecdsa|ed25519)|ssh-?privatekey|private[-_.]?key)$|\.(pem|key)$")
# Secret types whose every key holds a secret unless its name says who or where.
_SECRET_TYPES = {"kubernetes.io/basic-auth", "kubernetes.io/ssh-auth", "kubernetes.io/tls"}


_WHO = re.compile(r"(?i)user|login|e-?mail|account[-_]?name")


def _public_key(key: str, file: ScannedFile) -> bool:
    """A Secret key that names who or where rather than holding a secret."""
    if _PUBLIC_KEY.match(key):
        return True
    return _WHO.search(key) is not None and not is_secret_name(key, file.settings.secret_names)


_CONFIG_FILE_KEY = re.compile(r"(?i)\.(ya?ml|json|ini|conf|cfg|toml|properties|xml|env|txt)$")


def _fill_in(name: str, value: str) -> bool:
    """A value that restates its key (`GOOGLE_API_KEY_VAL`); other stand-ins are placeholders."""
    return restates_name(name, value.strip())


def _is_sops(doc: Resource) -> bool:
    return get(doc.node, "sops") is not None


def _value_span(node: ScalarNode, file: ScannedFile) -> Span:
    mt = scalar_text(node, file.source)
    return mt.span(0, len(mt.text)) if mt.text else node_span(node, file.source)


def _real(value: str, file: ScannedFile) -> bool:
    """A literal as a manifest holds it: YAML or JSON data, where `$` inside a word is text."""
    if _ENC.match(value.strip()):
        return False
    return classify(value, file.settings.placeholders, literal_dollar=True) is ValueKind.LITERAL


def _secret_value(name: str, value: str, file: ScannedFile) -> bool:
    """A literal under a secret-named key that is a secret: not a flag, number, path, URL,
    certificate, ciphertext, placeholder (also base64-encoded), nor its own key restated."""
    if not _real(value, file) or _fill_in(name, value):
        return False
    return not_a_secret(value, file.settings.placeholders, literal_dollar=True) is None


def _name(res: Resource) -> str:
    return f"{res.kind} {res.name}" if res.name else res.kind


def _entries(node: Node | None) -> list[tuple[ScalarNode, ScalarNode]]:
    if not isinstance(node, MappingNode):
        return []
    return [(k, v) for k, v in node.value if isinstance(k, ScalarNode) and isinstance(v, ScalarNode)]


def _decode(value: ScalarNode, field: str) -> tuple[str | None, str | None]:
    """(text, problem) of a data value: base64 decoded, or stringData as is."""
    from ..dockerauth import DockerConfigError, decode_base64

    if field == "stringData":
        return value.value, None
    try:
        return decode_base64(value.value, "value"), None
    except DockerConfigError as e:
        return None, str(e)


def _registry_secret(file: ScannedFile, res: Resource) -> Iterator[Finding]:
    from ..dockerauth import DockerConfigError, parse_docker_config

    for field in ("data", "stringData"):
        for key, value in _entries(get(res.node, field)):
            if key.value not in _DOCKER_KEYS or not _real(value.value, file):
                continue
            text, problem = _decode(value, field)
            if text is None:
                file.notify(f"{_name(res)}: {field}.{key.value} {problem}; not checked",
                            key.start_mark.line + 1)
                continue
            if not _real(text, file):
                continue
            try:
                config = parse_docker_config(text)
            except DockerConfigError as e:
                file.notify(f"{_name(res)}: {field}.{key.value}: {e}; not checked", key.start_mark.line + 1)
                continue
            real = [e for e in config.entries
                    if e.problem is None and e.password and _real(e.password, file)]
            if not real:
                continue
            who = ", ".join(sorted({f"{e.registry} (user {e.user})" if e.user else e.registry for e in real}))
            span = Span(node_span(key, file.source).start, _value_span(value, file).end)
            yield Finding("DCR022", f"{_name(res)} commits registry credentials in {field}[{key.value}]: {who}",
                          file.path, span, (*res.place, field, key.value), secret=value.value)


def _is_docker_secret(res: Resource) -> bool:
    t = scalar(get(res.node, "type"))
    if t in DOCKER_TYPES:
        return True
    return any(k.value in _DOCKER_KEYS for f in ("data", "stringData") for k, _ in _entries(get(res.node, f)))


# Secret types whose data is not a free-form secret: the registry types are DCR022, the
# token types are filled in by the cluster.
_NOT_PLAIN_TYPES = {*DOCKER_TYPES, "kubernetes.io/service-account-token", "bootstrap.kubernetes.io/token"}


def _opaque_secret(file: ScannedFile, res: Resource) -> Iterator[Finding]:
    stype = scalar(get(res.node, "type"))
    if stype in _NOT_PLAIN_TYPES:
        return
    for field in ("data", "stringData"):
        for key, value in _entries(get(res.node, field)):
            k = key.value
            if k in _DOCKER_KEYS or not _real(value.value, file):
                continue
            if stype == "kubernetes.io/tls" and k != "tls.key":
                continue
            text, problem = _decode(value, field)
            if text is None:
                file.notify(f"{_name(res)}: {field}.{k} {problem}; not checked", key.start_mark.line + 1)
                continue
            held = secret_data(k, text, stype, file)
            if held is None:
                continue
            what = f"{held} in"
            yield Finding("DCR023", f"{_name(res)} holds {what} {field}.{k}; keep it out of "
                          "the repository (sealed or external secret)",
                          file.path, _value_span(value, file), (*res.place, field, k), secret=value.value)


def secret_data(key: str, text: str, stype: str | None, file: ScannedFile) -> str | None:
    """What a Secret's data entry holds ("a plaintext value", "a private key"), or None when it
    is no secret: who or where, a whole config file, a setting kept beside the secrets."""
    hidden = hidden_secret(text)
    if hidden is not None:
        return hidden
    if _public_key(key, file) or "\n" in text.strip() or _CONFIG_FILE_KEY.search(key):
        return None  # who or where, or a whole config file: other rules look inside it
    if _KEY_FILE.search(key) or _fill_in(key, text):
        return None  # named for a private key but none in it; or the key restated
    if is_secret_name(key, file.settings.secret_names) or stype in _SECRET_TYPES:
        if not _secret_value(key, text, file):
            return None
    elif not _real(text, file) or setting_value(text, key, file.settings.placeholders):
        return None  # a setting kept beside the secrets (type: helm, project: default)
    return "a plaintext value"


def registry_credentials(text: str, file: ScannedFile) -> str | None:
    """`registry (user u), ...` for the real credentials of a docker config's text, else None
    (raises DockerConfigError when it is not one)."""
    from ..dockerauth import parse_docker_config

    if not _real(text, file):
        return None
    config = parse_docker_config(text)
    real = [e for e in config.entries if e.problem is None and e.password and _real(e.password, file)]
    if not real:
        return None
    return ", ".join(sorted({f"{e.registry} (user {e.user})" if e.user else e.registry for e in real}))


def _config_map(file: ScannedFile, res: Resource) -> Iterator[Finding]:
    for key, value in _entries(get(res.node, "data")):
        v = value.value
        if not is_secret_name(key.value, file.settings.secret_names) or not _real(v, file):
            continue
        if "\n" in v.strip() or not _secret_value(key.value, v, file):
            continue  # a config file, a path, a flag ...: not one secret value
        yield Finding("DCR023", f"{_name(res)} has secret-named key {key.value} with a literal value; "
                      "use a Secret", file.path, _value_span(value, file), (*res.place, "data", key.value),
                      secret=v)


def _env(file: ScannedFile) -> Iterator[Finding]:
    for spec in pod_specs(file):
        for c in spec.containers:
            env = get(c.node, "env")
            if not isinstance(env, SequenceNode):
                continue
            for i, item in enumerate(env.value):
                name, value = scalar(get(item, "name")), get(item, "value")
                if not name or not isinstance(value, ScalarNode):
                    continue
                if not is_secret_name(name, file.settings.secret_names):
                    continue
                v = value.value
                if value.tag.endswith((":int", ":float", ":bool")) or not _secret_value(name, v, file):
                    continue
                yield Finding("DCR023", f"env {name} of container {c.name} in {_name(spec.resource)} has a "
                              "literal value; use valueFrom.secretKeyRef",
                              file.path, _value_span(value, file), (*c.place, "env", str(i), "value"), secret=v)


# Parameters of pipeline resources and the fields that give them a value in the file: Tekton
# `params[]` (`default` of a declaration, `value` where a run or a pipeline task passes one),
# Argo `inputs.parameters[]` and `arguments.parameters[]`.
_ARGO_PARAM_HOLDERS = frozenset({"inputs", "arguments"})


def _param_lists(node: Node, place: tuple[str, ...], tekton: bool,
                 parent: str = "") -> Iterator[tuple[SequenceNode, tuple[str, ...]]]:
    """Every parameter list under node: Tekton `params`, Argo `parameters` of `inputs`/`arguments`."""
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if not isinstance(k, ScalarNode):
                continue
            at = (*place, str(k.value))
            if isinstance(v, SequenceNode) and (k.value == "params" if tekton else
                                                k.value == "parameters" and parent in _ARGO_PARAM_HOLDERS):
                yield v, at
            yield from _param_lists(v, at, tekton, str(k.value))
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            yield from _param_lists(item, (*place, str(i)), tekton, "")


_KEY_NAME = re.compile(r"[A-Za-z0-9][-A-Za-z0-9._]*")
_MENTIONS_SECRET = re.compile(r"\bsecrets?\b", re.I)


def _names_a_secret(name: str, item: Node, value: str) -> bool:
    """A parameter that holds the name of a Secret or of a key in one, not a secret: its name
    ends in `secret`, `secret-key`, `password-key` (`GITHUB_TOKEN_SECRET`), or its description
    speaks of a secret and the value is a name (`Name of the secret holding the token`)."""
    from ..infra.literals import words

    w = words(name)
    if w[-1] in ("secret", "secrets") or (len(w) > 1 and w[-1] in ("key", "name", "ref") and
                                          is_secret_name(w[-2])):
        return _KEY_NAME.fullmatch(value.strip()) is not None
    described = scalar(get(item, "description")) or ""
    return bool(_MENTIONS_SECRET.search(described)) and _KEY_NAME.fullmatch(value.strip()) is not None


def _parameters(file: ScannedFile, res: Resource) -> Iterator[Finding]:
    """Secret-named parameters of Tekton and Argo resources given a literal value."""
    tekton = res.api_version.startswith("tekton.dev/")
    if not tekton and not res.api_version.startswith("argoproj.io/"):
        return
    for seq, at in _param_lists(res.node, res.place, tekton):
        for i, item in enumerate(seq.value):
            name = scalar(get(item, "name"))
            if not name or not is_secret_name(name, file.settings.secret_names):
                continue
            # Tekton: a declaration's default (a value passed to a task is checked where it is
            # declared); Argo: an input's default, or the value an input or argument is given.
            for field in ("default", "value") if not tekton else ("default",):
                value = get(item, field)
                if not isinstance(value, ScalarNode) or value.tag.endswith((":int", ":float", ":bool")):
                    continue
                if not _secret_value(name, value.value, file) or _names_a_secret(name, item, value.value):
                    continue
                yield Finding("DCR023", f"parameter {name} of {_name(res)} has a literal {field}; pass it from "
                              "a Secret (a workspace or env from secretKeyRef) instead",
                              file.path, _value_span(value, file), (*at, str(i), field), secret=value.value)


def committed_registry_secrets(file: ScannedFile) -> Iterator[Finding]:
    """DCR022: registry credentials in the data of a Secret."""
    res_list = resources(file)
    if any(_is_sops(r) for r in res_list):
        return  # SOPS-encrypted: values are ciphertext
    for res in res_list:
        if res.kind == "Secret" and _is_docker_secret(res):
            yield from _registry_secret(file, res)


def plaintext_secrets(file: ScannedFile) -> Iterator[Finding]:
    """DCR023: other plaintext secrets: Secret data, secret-named ConfigMap keys and env values."""
    res_list = resources(file)
    if any(_is_sops(r) for r in res_list):
        return  # SOPS-encrypted: values are ciphertext
    for res in res_list:
        if res.kind == "Secret":
            yield from _opaque_secret(file, res)
        elif res.kind == "ConfigMap":
            yield from _config_map(file, res)
        else:
            yield from _parameters(file, res)
    yield from _env(file)
