"""DCR023 plaintext-secret-in-manifest: a plaintext secret in a Kubernetes manifest: Secret
data, a secret-named ConfigMap key, a secret-named container env value, a secret-named Tekton
or Argo parameter, a secret-named chart value a GitOps resource gives; and in the
infrastructure code manifests are made from: a secret-named Helm value, Compose environment
entry or build arg, env-file line with a literal value."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..classify import FileKind
from ..config import DEFAULT_NAMESPACE, PLACEHOLDERS, SECRET_NAMES
from ..extractors import provided
from ..facts import K8S_RESOURCES, SETTINGS, SHELL_SCRIPTS, CommandFilter
from ..findings import Finding
from ..headers import secret_setting
from ..k8s.clients import may_run_kubectl
from ..keymaterial import hidden_secret
from ..lazyre import lazy_compile
from ..notsecret import not_a_secret, setting_value
from ..records import lazy_dataclass
from ..references import expansion_default, template_default
from ..secretnames import access_key_ids, is_secret_name, name_words, names_a_kept_secret, password_name
from ..shell.model import Word, slice_word
from ..shell.spelling import words
from ..standins import stand_in_for
from ..values import ValueKind, digest
from ..valueshapes import literal_name, written_name
from . import FileCheck, ProjectCheck
from ._manifest_gates import PIPELINE_APIS, POD_KIND_WORDS, may_hold_resources, reads
from ._manifest_values import APPLIED, applied_secrets, is_literal, template_word, value_span
from ._pull_secret_index import KUBECTL_COMMANDS, might_add_to_index, secret_names
from ._pull_secret_index import gate as index_gate
from ._spellings import may_name_secret, shell_words

if TYPE_CHECKING:
    from yaml.nodes import Node, ScalarNode, SequenceNode

    from ..config import Settings
    from ..facts import Setting
    from ..k8s.model import Resource
    from ..scanned import ScannedFile
    from ..shell.model import Command
    from ..source import MappedText, Span
    from ._script_literals import Literals

# (YAML and the manifest model are imported where a manifest is read: a script's scan, which
# runs the `--from-literal` check, loads neither)

# Secret keys that name where or who, not a secret.
_PUBLIC_KEY = lazy_compile(
    r"(?i)^(user(name)?|login|email|host(name)?|port|url|uri|endpoint|server|address|database|db"
    r"|db[-_]?name|name|namespace|region|bucket|ca\.crt|tls\.crt|ca[-_]?cert|ca\.pem|cert\.pem"
    r"|.*(user(name)?|host|port|url|uri|endpoint|name|\.crt|\.pub|region|[-_.]id))$"
)
_WHO = lazy_compile(r"(?i)user|login|e-?mail|account[-_]?name")
# Keys named for a private key file: what they hold is a PEM key, or a stand-in for one. (Not
# any `.key`: a symmetric key's file, `hmac.key`, `session.encryption.key`, holds random text, a
# secret; a stand-in there is read as any stand-in is.)
_KEY_FILE = lazy_compile(r"(?i)(^|[-_.])(id_(rsa|dsa|ecdsa|ed25519)|ssh-?privatekey|private[-_.]?key)$|\.pem$"
                         r"|(^|[-_.])(tls|ssl|server|client|ca|private|signing)\.key$")
_YAML_FILE_KEY = lazy_compile(r"(?i)\.ya?ml$")
_MOUNTED_CONFIG_ADVICE = "keep the file in a Secret (mounted the same way) or read the value from the environment"
_CONFIG_FILE_KEY = lazy_compile(r"(?i)\.(ya?ml|json|ini|conf|cfg|toml|properties|xml|env|txt)$")
# A member of a one-line file: `"name": "value"` (JSON, YAML flow), `name = value` (properties,
# ini, toml, env).
_MEMBER = lazy_compile(r"""(?:^|[\s{,;\[])["']?(?P<name>[A-Za-z_][\w.-]*)["']?\s*[:=]\s*"""
                       r"""(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s,;}\]]*))""")
# Secret types whose every key holds a secret unless its name says who or where.
_SECRET_TYPES = {"kubernetes.io/basic-auth", "kubernetes.io/ssh-auth", "kubernetes.io/tls"}
# Secret types whose data the cluster fills in.
_TOKEN_TYPES = {"kubernetes.io/service-account-token", "bootstrap.kubernetes.io/token"}
_TYPED = (":int", ":float", ":bool")
# One lower-case word of letters, as short as a dictionary word.
_PLAIN_WORD = lazy_compile(r"[a-z]{1,12}")
# A key naming an account (`CLOUD_ACCOUNT`, `ACCOUNT_NUMBER`, `storageAccount`) and a value shaped
# as its identifier (digits, a UUID, a lower-case name): whose, not a credential (held-out B4).
_ACCOUNT_KEY = lazy_compile(r"(?i)account(?:[-_.]?(?:id|number|no|num|name))?$")
_IDENTIFIER = lazy_compile(r"\d{4,20}|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|[a-z][a-z0-9-]{2,62}")


# settings of the whole scan this rule is shaped by (the default namespace: read with the Secrets'
# names, `NAMES` below)
OPTIONS = (SECRET_NAMES, PLACEHOLDERS, DEFAULT_NAMESPACE)


def _public_key(key: str, file: ScannedFile) -> bool:
    """A Secret key that names who or where rather than holding a secret."""
    if _PUBLIC_KEY.match(key):
        return True
    return _WHO.search(key) is not None and not is_secret_name(key, file.settings.secret_names)


def _secret_setting(name: str, value: str, file: ScannedFile) -> bool:
    return secret_setting(name, value, file.settings.secret_names, file.settings.placeholders)


def _secret_value(name: str, value: str, file: ScannedFile) -> bool:
    """A literal under a secret-named key that is a secret: not a flag, number, path, URL,
    certificate, ciphertext, placeholder (also base64-encoded), nor a stand-in for what its key
    says (`standins.stand_in_for`)."""
    if not is_literal(value, file) or stand_in_for(name, value, file.settings.secret_names):
        return False
    return not_a_secret(value, file.settings.placeholders, literal_dollar=True) is None


def secret_data(key: str, text: str, stype: str | None, file: ScannedFile) -> str | None:
    """What a Secret's data entry holds ("a plaintext value", "a private key"), or None when it
    is no secret: who or where, a whole config file, a setting kept beside the secrets."""
    hidden = hidden_secret(text)
    if hidden is not None:
        return hidden
    if "\n" not in text.strip() and key.lower().endswith(".txt") \
            and is_secret_name(key[:-4], file.settings.secret_names):
        # A one-line text file named for a secret (`db.password.txt`, `client.secret.txt`, mounted
        # for a program's `*_FILE` setting): the secret itself, judged under the name it is for.
        key = key[:-4]
    if _public_key(key, file) or "\n" in text.strip() or _CONFIG_FILE_KEY.search(key) \
            or (_ACCOUNT_KEY.search(key) and _IDENTIFIER.fullmatch(text.strip())):
        return None  # who or where, or a whole config file: other rules look inside it
    if _KEY_FILE.search(key) or stand_in_for(key, text, file.settings.secret_names):
        return None  # named for a private key but none in it; or the key restated
    if is_secret_name(key, file.settings.secret_names) or stype in _SECRET_TYPES:
        if not _secret_value(key, text, file):
            return None
    elif not is_literal(text, file) or setting_value(text, key, file.settings.placeholders) \
            or _PLAIN_WORD.fullmatch(text):
        return None  # a setting kept beside the secrets (type: helm, project: default), or a word
    # under a key naming nothing secret (`test: hello`): no credential's shape, no secret's name
    return "a plaintext value"


def _opaque_secret(file: ScannedFile, res: Resource, inside: MappedText | None = None,
                   where: str = "") -> Iterator[Finding]:
    """A Secret's data; `inside`: the text the Secret is written in (an annotation's JSON, `where`
    said before the field), its nodes' marks indexing that text, else the file's."""
    from ..k8s.model import DOCKER_TYPES, REGISTRY_KEYS, data_entries, decode_data, scalar
    from ..yamlsrc import get

    stype = scalar(get(res.node, "type"))
    if stype in DOCKER_TYPES or stype in _TOKEN_TYPES:
        return  # the registry types are DCR022's
    key_ids = access_key_ids(key.value for field in ("data", "stringData")
                             for key, _ in data_entries(get(res.node, field)))
    # (field, key, the value decoded, where it is, as written, what messages add)
    entries: list[tuple[str, str, str, Span, str, str]] = []
    for field in ("data", "stringData"):
        for key, value in data_entries(get(res.node, field)):
            k = key.value
            if k in REGISTRY_KEYS or k in key_ids:
                continue
            # (a chart template's fallback word is written as meant, before any `b64enc`)
            word = template_word(value, file) if inside is None else None
            if word is None and not is_literal(value.value, file):
                continue
            if stype == "kubernetes.io/tls" and k != "tls.key":
                continue
            if word is not None:
                entries.append((field, k, word[0], word[1], word[0], " (its template's default)"))
                continue
            text, problem = decode_data(value, field)
            if text is None:
                line = key.start_mark.line + 1 if inside is None else file.source.position(
                    value_span(key, file, inside).start)[0]
                file.notify(f"{res.title}: {where}{field}.{k} {problem}; not checked", line, "note")
                continue
            entries.append((field, k, text, value_span(value, file, inside), value.value, ""))
    for field, k, text, span, written, added in entries:
        held = secret_data(k, text, stype, file)
        if held is None:
            continue
        yield Finding("DCR023", f"{res.title} holds {held} in {where}{field}.{k}{added}; keep it out of "
                      "the repository (sealed or external secret)",
                      file.path, span, (*res.place, field, k), secret=written)


def _file_holds_secret(text: str, file: ScannedFile) -> bool:
    """Whether a one-line file under a file-named key may hold a secret: a member with a
    secret name and a secret value, or text that reads as no members at all (`abc Zq8...`)."""
    members = list(_MEMBER.finditer(text))
    if not members:
        return True
    for m in members:
        name, value = m.group("name"), m.group("dq") or m.group("sq") or m.group("bare") or ""
        if is_secret_name(name, file.settings.secret_names) and _secret_value(name, value, file):
            return True
    return False


def _config_map(file: ScannedFile, res: Resource) -> Iterator[Finding]:
    from ..k8s.model import data_entries
    from ..yamlsrc import get

    entries = data_entries(get(res.node, "data"))
    key_ids = access_key_ids(key.value for key, _ in entries)
    for key, value in entries:
        v = value.value
        if _YAML_FILE_KEY.search(key.value) and "\n" in v.strip():
            # a configuration file the pod mounts (`config.yaml: |`): its secret-named settings are
            # written in the manifest as plainly as a key's value is
            yield from _values_text(file, res, value, (*res.place, "data", key.value), f"{res.title} {key.value}",
                                    _MOUNTED_CONFIG_ADVICE)
            continue
        if key.value in key_ids or not _secret_setting(key.value, v, file) or not is_literal(v, file):
            continue
        if "\n" in v.strip() or not _secret_value(key.value, v, file):
            continue  # a config file, a path, a flag ...: not one secret value
        if _CONFIG_FILE_KEY.search(key.value) and len(v.split()) > 1 and not _file_holds_secret(v, file):
            continue  # a one-line file (`tokens.json: {"name": "x"}`) with no secret member
        yield Finding("DCR023", f"{res.title} has secret-named key {key.value} with a literal value; "
                      "use a Secret", file.path, value_span(value, file), (*res.place, "data", key.value),
                      secret=v)


# A kubeconfig user's credentials written in it: a static bearer token, a basic-auth password
# (its client key is key material: DCR051's).
_KUBECONFIG_CREDENTIALS = ("token", "password")


def _kubeconfig_users(file: ScannedFile, res: Resource) -> Iterator[Finding]:
    """A kubeconfig's (`apiVersion: v1`, `kind: Config`) users' literal tokens and passwords:
    each logs in to its cluster, wherever the file is kept (reviewer R107)."""
    from yaml.nodes import ScalarNode, SequenceNode

    from ..yamlsrc import get

    users = get(res.node, "users")
    if res.api_version != "v1" or not isinstance(users, SequenceNode):
        return
    for i, item in enumerate(users.value):
        user, name = get(item, "user"), get(item, "name")
        for key in _KUBECONFIG_CREDENTIALS:
            node = get(user, key)
            if not isinstance(node, ScalarNode) or not is_literal(node.value, file) \
                    or not _secret_value(key, node.value, file):
                continue
            who = f" {name.value}" if isinstance(name, ScalarNode) else ""
            yield Finding("DCR023", f"kubeconfig user{who} has a literal {key}; keep the kubeconfig out of the "
                          "repository (the CI's secret store, a credential plugin)", file.path,
                          value_span(node, file), (*res.place, "users", str(i), "user", key), secret=node.value)


def _env(file: ScannedFile) -> Iterator[Finding]:
    from yaml.nodes import ScalarNode, SequenceNode

    from ..k8s.model import pod_specs, scalar
    from ..yamlsrc import get

    for spec in pod_specs(file):
        for c in spec.containers:
            env = get(c.node, "env")
            if not isinstance(env, SequenceNode):
                continue
            key_ids = access_key_ids(n for item in env.value if (n := scalar(get(item, "name"))))
            for i, item in enumerate(env.value):
                name, value = scalar(get(item, "name")), get(item, "value")
                if not name or name in key_ids or not isinstance(value, ScalarNode):
                    continue
                word = template_word(value, file)  # (a chart template's fallback word)
                v = value.value if word is None else word[0]
                if not _secret_setting(name, v, file):
                    continue
                if value.tag.endswith(_TYPED) or not _secret_value(name, v, file):
                    continue
                what, span = ("a literal value", value_span(value, file)) if word is None \
                    else ("a literal value (its template's default)", word[1])
                yield Finding("DCR023", f"env {name} of container {c.name} in {spec.resource.title} has "
                              f"{what}; use valueFrom.secretKeyRef",
                              file.path, span, (*c.place, "env", str(i), "value"), secret=v)


# Parameters of pipeline resources and the fields that give them a value in the file: Tekton
# `params[]` (`default` of a declaration, `value` where a run or a pipeline task passes one),
# Argo `inputs.parameters[]` and `arguments.parameters[]`.
_ARGO_PARAM_HOLDERS = frozenset({"inputs", "arguments"})


def _param_lists(node: Node, place: tuple[str, ...], tekton: bool,
                 parent: str = "") -> Iterator[tuple[SequenceNode, tuple[str, ...]]]:
    """Every parameter list under node: Tekton `params`, Argo `parameters` of `inputs`/`arguments`."""
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

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


# (a Secret's data key may start with a dot: `.git-credentials`, `.dockerconfigjson`)
_KEY_NAME = lazy_compile(r"\.?[A-Za-z0-9][-A-Za-z0-9._]*")
_MENTIONS_SECRET = lazy_compile(r"\bsecrets?\b", re.I)


def _names_a_secret(name: str, item: Node, value: str) -> bool:
    """A parameter that holds the name of a Secret or of a key in one, not a secret: its name
    ends in `secret`, `secret-key`, `password-key` (`GITHUB_TOKEN_SECRET`), or its description
    speaks of a secret and the value is a name (`Name of the secret holding the token`)."""
    from ..infra.literals import words
    from ..k8s.model import scalar
    from ..yamlsrc import get

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
        return  # (most resources: nothing imported)
    from yaml.nodes import ScalarNode

    from ..k8s.model import scalar
    from ..yamlsrc import get

    for seq, at in _param_lists(res.node, res.place, tekton):
        for i, item in enumerate(seq.value):
            name = scalar(get(item, "name"))
            if not name or not is_secret_name(name, file.settings.secret_names):
                continue
            # Tekton: a declaration's default (a value passed to a task is checked where it is
            # declared); Argo: an input's default, or the value an input or argument is given.
            for field in ("default", "value") if not tekton else ("default",):
                value = get(item, field)
                if not isinstance(value, ScalarNode) or value.tag.endswith(_TYPED):
                    continue
                if not _secret_value(name, value.value, file) or _names_a_secret(name, item, value.value):
                    continue
                yield Finding("DCR023", f"parameter {name} of {res.title} has a literal {field}; pass it from "
                              "a Secret (a workspace or env from secretKeyRef) instead",
                              file.path, value_span(value, file), (*at, str(i), field), secret=value.value)


# Chart values a GitOps resource gives the chart it installs: Flux `HelmRelease` `spec.values`
# (also Flux v1's); Argo CD `Application` `spec.source(s).helm`: `valuesObject`, `values` (YAML
# in a string) and `parameters` (`name: a.b.password`, `value:`); the k3s/RKE2 `HelmChart`
# `spec.valuesContent` (YAML in a string).
_CHART_VALUES_ADVICE = ("the chart gets it from the repository (give it from a Secret: Flux `valuesFrom`, "
                        "an Argo CD values file kept out of the repository, or the chart's existing-Secret value)")


def _chart_values(file: ScannedFile, res: Resource) -> Iterator[Finding]:
    """Secret-named chart values given a literal by a HelmRelease or an Argo CD Application:
    Helm values written inside a manifest, judged as a values file's are."""
    from yaml.nodes import ScalarNode, SequenceNode

    from ..infra.literals import literal_secret, scalar_pairs
    from ..yamlsrc import get

    spec = get(res.node, "spec")
    if res.kind == "HelmRelease" and res.api_version.startswith(("helm.toolkit.fluxcd.io/", "helm.fluxcd.io/")):
        helms = [(get(spec, "values"), ("spec", "values"))]
    elif res.kind == "HelmChart" and res.api_version.startswith("helm.cattle.io/"):
        text = get(spec, "valuesContent")
        if isinstance(text, ScalarNode) and text.value:
            yield from _values_text(file, res, text, (*res.place, "spec", "valuesContent"))
        return
    elif res.kind == "Application" and res.api_version.startswith("argoproj.io/"):
        sources = get(spec, "sources")
        places = [(get(spec, "source"), ("spec", "source"))] + [
            (src, ("spec", "sources", str(i))) for i, src in enumerate(sources.value)
        ] if isinstance(sources, SequenceNode) else [(get(spec, "source"), ("spec", "source"))]
        helms = []
        for src, at in places:
            helm = get(src, "helm")
            helms += [(get(helm, "valuesObject"), (*at, "helm", "valuesObject")),
                      (get(helm, "parameters"), (*at, "helm", "parameters"))]
            text = get(helm, "values")
            if isinstance(text, ScalarNode) and text.value:
                yield from _values_text(file, res, text, (*res.place, *at, "helm", "values"))
    else:
        return
    names, placeholders = file.settings.secret_names, file.settings.placeholders
    for node, at in helms:
        if node is None:
            continue
        pairs = list(scalar_pairs(node))
        beside = _beside((p.path, p.name, p.value.value) for p in pairs)
        for pair in pairs:
            if literal_secret(pair.name, pair.value.value, names, placeholders, beside(pair.path)) \
                    and not names_a_kept_secret(pair.path, pair.value.value):
                yield Finding("DCR023", f"{res.title} chart values: {'.'.join(pair.path)} is a literal secret; "
                              f"{_CHART_VALUES_ADVICE}", file.path, value_span(pair.value, file),
                              (*res.place, *at, *pair.path), secret=pair.value.value)


def _values_text(file: ScannedFile, res: Resource, node: ScalarNode, place: tuple[str, ...],
                 what: str = "", advice: str = _CHART_VALUES_ADVICE) -> Iterator[Finding]:
    """An Argo CD Application's `helm.values`: chart values as YAML in a string, read at their
    places in the file (`what`: how messages name the string, its chart values by default; a
    ConfigMap's YAML file)."""
    import yaml

    from ..infra.literals import literal_secret, scalar_pairs
    from ..source import SourceFile
    from ..yamlsrc import YamlError, compose_text, mark_offset, scalar_text

    text = scalar_text(node, file.source)
    try:
        docs = compose_text(text.text)  # by libyaml, as a file is read
    except (yaml.YAMLError, YamlError, RecursionError, ValueError):
        return  # not YAML (a template): nothing read
    inner = SourceFile(file.path, text.text)  # where a mark is in the text: from its line and column
    names, placeholders = file.settings.secret_names, file.settings.placeholders
    for doc in docs:
        pairs = list(scalar_pairs(doc))
        beside = _beside((p.path, p.name, p.value.value) for p in pairs)
        for pair in pairs:
            v = pair.value
            if not literal_secret(pair.name, v.value, names, placeholders, beside(pair.path)) \
                    or names_a_kept_secret(pair.path, v.value):
                continue
            q = 1 if v.style in ("'", '"') else 0
            start = mark_offset(inner, v.start_mark) + q
            yield Finding("DCR023", f"{what or res.title + ' chart values'}: {'.'.join(pair.path)} is a literal "
                          f"secret; {advice}", file.path,
                          text.span(start, max(start, mark_offset(inner, v.end_mark) - q)),
                          (*place, *pair.path), secret=v.value)


def check(file: ScannedFile) -> Iterator[Finding]:
    """Secret data, secret-named ConfigMap keys, env values, pipeline parameters and the chart
    values GitOps resources give."""
    resources = file.get(K8S_RESOURCES)
    if not resources:
        return  # (a script applying no manifest: the manifest model is not loaded)
    from ..k8s.model import is_sops

    for res in resources:
        for inner, text in applied_secrets(file, res):
            yield from _opaque_secret(file, inner, text, APPLIED)
    if any(is_sops(r) for r in resources):
        return  # SOPS-encrypted: values are ciphertext (not the metadata's annotations, above)
    for res in resources:
        if res.kind == "Secret":
            yield from _opaque_secret(file, res)
        elif res.kind == "ConfigMap":
            yield from _config_map(file, res)
        elif res.kind == "Config":
            yield from _kubeconfig_users(file, res)
        elif res.kind in ("HelmRelease", "Application", "HelmChart"):
            yield from _chart_values(file, res)
        else:
            yield from _parameters(file, res)
    yield from _env(file)


def check_settings(file: ScannedFile) -> Iterator[Finding]:
    """Secret-named values written in infrastructure code, and the data of Secrets it makes."""
    settings = file.get(SETTINGS)
    if not settings:
        return  # (most manifests: their chart helpers' settings, none; nothing imported)
    from ..infra.envfile import example_named, local_service_secrets
    from ..infra.literals import literal_secret
    from ..k8s.model import DOCKER_TYPES, REGISTRY_KEYS

    names, placeholders = file.settings.secret_names, file.settings.placeholders
    entries: set[tuple[str, ...]] | None = None  # made for the first literal secret found
    example = file.kind is FileKind.ENV_FILE and example_named(file.path)
    chart_defaults = file.kind is FileKind.HELM_VALUES
    siblings: frozenset[str] = frozenset()  # made for the first literal secret of an example
    key_ids: set[tuple[str, ...]] | None = None  # the same
    local: set[tuple[str, ...]] | None = None  # the same (an env file's)
    beside: Callable[[tuple[str, ...]], Iterator[tuple[str, str]]] | None = None  # made for the first setting read
    uses: dict[str, tuple[str, str]] | None = None  # an env file's variables a Compose file uses (read on need)
    for s in settings:
        value = s.value.text if s.from_file is None else s.from_file
        span = s.value.span(0, len(s.value.text))
        shown = s.shown
        if s.from_file is None and (found := template_default(value)) is not None:
            # the word a Go template action falls back to: what each install without the value gets
            value, span, shown = value[found[0] : found[1]], s.value.span(*found), f"{s.shown} (its template's default)"
        if s.secret_type is not None:  # the data of a Secret
            if s.name in REGISTRY_KEYS or s.secret_type in DOCKER_TYPES:
                continue  # DCR022
            held = secret_data(s.name, value, s.secret_type, file)
            key_ids = key_ids if key_ids is not None else _access_key_ids(settings)
            if held is None or s.place in key_ids:
                continue  # (the access key beside a secret key: who signs)
            what = f"{held} from committed file {s.value.text}" if s.from_file is not None else held
            yield Finding("DCR023", f"{s.where} puts {what} into key {shown}; {s.advice}",
                          file.path, span, s.place, secret=value, span_holds_secret=s.from_file is None)
        elif literal_secret(s.name, value, names, placeholders,
                            (beside := beside or _beside((x.place, x.name, x.value.text) for x in settings
                                                         if x.secret_type is None))(s.place)) \
                and not names_a_kept_secret(s.place, value):
            if entries is None:
                entries = {x.place[:i] for x in settings for i in range(1, len(x.place))}
            if (*s.place[:-1], value) in entries and not password_name(s.name):
                continue  # it names an entry beside it (`auth: oidc` beside `oidc:`): which one is used;
                # a password selects nothing (`adminPassword: admin` beside an `admin:` section)
            key_ids = key_ids if key_ids is not None else _access_key_ids(settings)
            if s.place in key_ids:
                continue  # the access key beside a secret key: who signs
            if _entry_id(s.place, value):
                continue  # a secret store's entry, by its id, in a section of ids (`secretIds:`)
            if file.kind is FileKind.ENV_FILE:
                local = local if local is not None else local_service_secrets(settings, names)
                if s.place in local:
                    continue  # its service is on the machine itself (`REG_URL=http://localhost:8088`)
            if example and describes_a_secret(value, names):
                continue  # an example's stand-in saying what goes there (`secret_app_password`)
            if (example or ((chart_defaults or _module_default(file, s)) and value.strip().lower() in _FILLER_WORDS)) \
                    and value.strip() in (siblings := siblings or _sibling_values(settings, names)):
                continue  # an example's, a chart's or a module's fill: the user's or the database's name again
            yield Finding("DCR023", f"{s.where}: {shown} is a literal secret; {s.advice}", file.path,
                          span, s.place, secret=value)
        elif file.kind is FileKind.ENV_FILE and s.from_file is None and not is_secret_name(s.name, names) \
                and (given := (uses := uses if uses is not None else _compose_uses(file, names)).get(s.name)) \
                and literal_secret(given[0], value, names, placeholders):
            # named by its use: Compose passes it whole into a secret-named setting
            yield Finding("DCR023", f"{s.where}: {shown}, given whole to {given[0]} by {given[1]}, is a literal "
                          f"secret; {s.advice}", file.path, span, s.place, secret=value)


def _compose_uses(file: ScannedFile, names: str) -> dict[str, tuple[str, str]]:
    """A Compose project's `.env`: its variables a Compose file of the folder passes whole into a
    secret-named setting (`infra.compose.secret_settings_given`); none for another env file."""
    from ..infra.compose import INTERPOLATION_FILE, secret_settings_given

    if file.path.rsplit("/", 1)[-1] != INTERPOLATION_FILE or not file.source.abspath:
        return {}
    return secret_settings_given(file.source.abspath, names)


def _beside(entries: Iterable[tuple[tuple[str, ...], str, str]]
            ) -> Callable[[tuple[str, ...]], Iterator[tuple[str, str]]]:
    """From (place, name, value) of every entry: the (name, value) of the other entries of the
    mapping holding the entry at a place (what `literal_secret` reads beside a `...Key`), made
    as it is read: a list of them for each entry was quadratic in a mapping's entries (an env
    file of 4,000 settings: 2.9 s), where the few `...Key` names read them."""
    by_mapping: dict[tuple[str, ...], list[tuple[tuple[str, ...], str, str]]] = {}
    for place, name, value in entries:
        by_mapping.setdefault(place[:-1], []).append((place, name, value))
    return lambda place: ((n, v) for p, n, v in by_mapping.get(place[:-1], ()) if p != place)


_UUID = lazy_compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _entry_id(place: tuple[str, ...], value: str) -> bool:
    """A UUID under a section whose name says it holds ids (`bitwardenSecrets.secretIds.apiKey`,
    `secret_ids`): the id a secrets manager's entry is read by, keyed by the secret it holds."""
    return _UUID.fullmatch(value.strip()) is not None and any(name_words(p)[-1:] in (("ids",), ("id",))
                                                              for p in place[:-1])


def describes_a_secret(value: str, names: str) -> bool:
    """A value of two lower-case words or more that would name a secret as a key does
    (`secret_app_password`, `db-password`): in an example to copy, what goes there is described,
    not given. (Elsewhere such words may be the password someone chose.)"""
    v = value.strip()
    return bool(re.fullmatch(r"[a-z]+(?:[-_.][a-z]+)+", v)) and written_name(v) and is_secret_name(v, names)


# Words a chart fills its credentials with so that it renders and lints, each to be set at
# install: where the user name beside the credential is the same word (`username: test`,
# `password: test`), the pair and every credential given that word are the fill. So does a
# Terraform module or Packer template its variables' defaults (`_module_default`).
_FILLER_WORDS = frozenset(("test", "testing", "tests", "demo"))


def _module_default(file: ScannedFile, s: Setting) -> bool:
    """A Terraform module's or Packer template's variable default: what every caller that does
    not give its own gets, as a chart's values are every install's (a resource's argument is
    what is deployed)."""
    return file.kind is FileKind.TERRAFORM and s.place[:1] == ("variable",)


def _sibling_values(settings: list[Setting], names: str) -> frozenset[str]:
    """The names the file gives a user, a database or a host (`DB_USER=app`): in an example env
    file, a password equal to one is a stand-in written from it (`DB_PASSWORD=app`), not a password
    someone uses. Only a value shaped as a name (a random string as user and password both is a
    real pair), and only of a setting named so (`APP_ENV=production` names no account)."""
    return frozenset(v for x in settings if x.secret_type is None and (v := x.value.text.strip())
                     and not is_secret_name(x.name, names) and not _NAMING.isdisjoint(name_words(x.name))
                     and (written_name(v) or literal_name(v)))


_NAMING = frozenset(("user", "username", "login", "admin", "db", "database", "name", "host", "hostname", "server",
                     "schema", "owner", "account"))  # (`KEYCLOAK_ADMIN=admin`: the admin account's name)


def _access_key_ids(settings: list[Setting]) -> set[tuple[str, ...]]:
    """The places of the settings that are the access key of an access-key pair in their mapping."""
    by_mapping: dict[tuple[str, ...], list[Setting]] = {}
    for s in settings:
        by_mapping.setdefault(s.place[:-1], []).append(s)
    out: set[tuple[str, ...]] = set()
    for held in by_mapping.values():
        ids = access_key_ids(s.name for s in held)
        out.update(s.place for s in held if s.name in ids)
    return out


def may_hold_manifest_secret(file: ScannedFile) -> bool:
    """Gate of `check`: a Secret (any key of its data may hold one; bad base64 is notified), a
    Tekton or Argo resource (its parameters are walked, however deep; an Argo CD Application's
    chart values), else a ConfigMap (`Config`: a kubeconfig's users too), a pod spec's env or a
    HelmRelease's or HelmChart's chart values with a secret name."""
    if not may_hold_resources(file):
        return False
    if reads(file, ("Secret", *PIPELINE_APIS)):
        return True
    return reads(file, ("Config", "HelmRelease", "HelmChart", *POD_KIND_WORDS)) and may_name_secret(file)


def may_hold_setting_secret(file: ScannedFile) -> bool:
    """Gate of `check_settings`: a setting with a secret name; any Secret data (a Kustomize
    `secretGenerator`, whose `files` are other files); Terraform always (Secret data from HCL
    expressions, and its parse notifies); a Compose project's `.env` (its variables may be named
    by their use, `_compose_uses`)."""
    return file.kind is FileKind.TERRAFORM or reads(file, ("secretGenerator",)) or may_name_secret(file) \
        or (file.kind is FileKind.ENV_FILE and file.path.rsplit("/", 1)[-1] == ".env")


# --- `kubectl create secret generic NAME --from-literal=KEY=VALUE`: the imperative form of a
# Secret's `stringData`, in any script

_CLIENTS = ("kubectl", "oc")


def _may_create_from_literal(text: str, settings: Settings) -> bool:
    """A superset: the text may hold a kubectl or oc command given `--from-literal`."""
    if not may_run_kubectl(text):
        return False
    low = words(text)
    return low is None or "from-literal" in low


FROM_LITERALS = CommandFilter("from-literals", _may_create_from_literal)


def may_create_from_literal(file: ScannedFile) -> bool:
    """Gate of `check_commands`: `from-literal` may be read in the file's shell (`shell_words`:
    the text as written and decoded, as the shell reads words, words cut by a join put
    together). Without it a Jenkinsfile or a manifest would never be inert (`engine._plan`
    asks the gates only where every check of the kind has one)."""
    spelled = shell_words(file)
    return spelled is None or spelled.has("from-literal")


def _from_literals(args: tuple[Word, ...]) -> Iterator[tuple[str, Word]]:
    """Each `--from-literal=KEY=VALUE` (or `--from-literal KEY=VALUE`): the key and the value's word."""
    for i, w in enumerate(args):
        t = w.text
        if t.startswith("--from-literal="):
            entry = slice_word(w, len("--from-literal="))
        elif t == "--from-literal" and i + 1 < len(args):
            entry = args[i + 1]
        else:
            continue
        eq = entry.text.find("=")
        if eq > 0:
            yield entry.text[:eq], slice_word(entry, eq + 1)


def _created_name(args: tuple[Word, ...]) -> str:
    """The name `create secret generic` gives, its options and their values read as kubectl
    reads them ("a Secret" where they cannot be told)."""
    from ._name_holders import kubectl_operands

    operands = kubectl_operands([w.text for w in args])
    at = next((i for i in range(len(operands)) if operands[i : i + 3] == ["create", "secret", "generic"]), -1)
    return operands[at + 3] if at >= 0 and len(operands) > at + 3 else "a Secret"


def check_commands(file: ScannedFile) -> Iterator[Finding]:
    """Literal secrets a script gives a generic Secret it creates (`--from-literal=password=x`),
    under a secret-named key; not a variable nor a stand-in."""
    names = file.settings.secret_names
    held_by_script: Literals | None = None  # what the script's variables are set to
    for ctx, script in file.shell_scripts:
        for cmd in script.commands:
            if cmd.name.rsplit("/", 1)[-1] not in _CLIENTS:
                continue
            operands = [w.text for w in cmd.args if not w.text.startswith("-")]  # (and option values)
            at = next((i for i in range(len(operands)) if operands[i : i + 3] == ["create", "secret", "generic"]), -1)
            if at < 0:
                continue
            if held_by_script is None or held_by_script.script is not script:
                from ._script_literals import Literals  # (most scripts create no Secret)

                held_by_script = Literals(ctx, script)
            literals = [(k, v, _held_literal(held_by_script, v, cmd)) for k, v in _from_literals(cmd.args)]
            for key, value, held_by in literals:
                if held_by is not None:  # `--from-literal=key=$X` after `X=literal`
                    value = held_by
                if value.kind is not ValueKind.LITERAL or not is_secret_name(key, names):
                    continue
                held = secret_data(key, value.text, "Opaque", file)
                if held is not None:
                    secret = _created_name(cmd.args)
                    written = "" if held_by is None else " (written as a variable's default)" \
                        if cmd.span.start <= held_by.value.offset(0) < cmd.span.end \
                        else " (written as a variable's value in the script)"
                    yield Finding("DCR023", f"`{cmd.name} create secret generic {secret}` puts {held}{written} "
                                  f"into key {key}; give it from a file kept out of the repository or an "
                                  f"environment variable (`--from-literal={key}=\"$VAR\"`)", file.path,
                                  value.value.span(0, len(value.text)), ctx.place,
                                  secret=value.text)


def _held_literal(literals: Literals, value: Word, cmd: Command) -> Word | None:
    """The literal word a `$X` value stands for, set by the script before the command
    (`_script_literals`), or written as its default (`${X:-word}`); else None."""
    if value.kind is ValueKind.LITERAL or literals.ctx.dialect != "sh":
        return None
    from ._script_literals import expanded_variable

    name = expanded_variable(value)
    if name is not None:
        return literals.value(name, cmd.span.start)
    default = None if value.dollars_literal else expansion_default(value.value.text)
    if default is None:
        return None
    word = value.value.slice(default[1], default[2])
    return Word.of(word, word)


# --- A literal shaped as a name (`literal_name`: `app-webhook-secret`, `dash-users`; one word
# under a `...secret` key) under a secret-named setting may name a Secret another file of the scan
# defines (`CONTROLLER_SECRET: app-webhook-secret`, a chart's `basicAuth: {secret: dash-users}`):
# then it says which Secret holds the credential, and is none. The file checks report it; the
# cross-file collection below withdraws the findings whose value a Secret of the scan (the names
# the pull-secret index holds: Secrets, SealedSecrets, ExternalSecrets' targets, Kustomize
# generators', `kubectl create secret`'s) is named by. (Withdrawn, not held back: the file's
# findings keep their fingerprints, masks and git dates whatever the other files say.)

NAMES = "dcr023-secret-names"


# One lower-case word, as a Kubernetes object may be named (`regcred`, `hubpull`).
_ONE_WORD_NAME = lazy_compile(r"[a-z0-9]+")


def _may_name_a_secret(f: Finding) -> bool:
    """A finding whose value may name a Secret of another file. A name of two words or more
    anywhere; one word under a key whose last word is `secret` (a chart's `image.secret`), where
    a Secret's name is what such a key holds (held-out 18b H2)."""
    if f.secret is None or not f.span_holds_secret:
        return False
    v = f.secret.strip()
    return literal_name(v) or (_ONE_WORD_NAME.fullmatch(v) is not None and bool(f.place)
                                and name_words(f.place[-1])[-1:] == ("secret",))


def _found(file: ScannedFile, run: Callable[[ScannedFile], Iterator[Finding]]) -> list[Finding]:
    """A file check's findings, once per file (the check and the collection both ask)."""
    return file.once(f"dcr023 {run.__name__}", lambda f: list(run(f)))


def _once(run: Callable[[ScannedFile], Iterator[Finding]]) -> Callable[[ScannedFile], list[Finding]]:
    def found(file: ScannedFile) -> list[Finding]:
        return _found(file, run)

    found.__name__ = run.__name__
    return found


@lazy_dataclass(frozen=True)
class NamedValues:
    """Where a file's findings whose value may name a Secret are (kept without the value: the
    digests of it and of its last part after a namespace, `ns/name`), and the Secrets the file
    defines."""

    spans: tuple[tuple[int, int], ...] = ()
    keys: tuple[tuple[str, ...], ...] = ()
    names: tuple[str, ...] = ()


_READ_BY = ((check, K8S_RESOURCES), (check_settings, SETTINGS))
# The kinds whose files give manifests or settings, where the findings withdrawn are
# (written out: the extractors are not loaded to import this; tests/test_contracts.py holds it to
# what they provide).
_REPORTS_IN = frozenset({
    FileKind.ANSIBLE, FileKind.ANSIBLE_INVENTORY, FileKind.BUTANE, FileKind.CLOUD_INIT, FileKind.COMPOSE,
    FileKind.ENV_FILE, FileKind.HELMFILE, FileKind.HELM_VALUES, FileKind.JENKINS_CASC, FileKind.KUBERNETES,
    FileKind.KUSTOMIZATION, FileKind.MAVEN_SETTINGS, FileKind.SYSTEMD_UNIT, FileKind.TERRAFORM,
    FileKind.TERRAFORM_STATE})


def collect_names(file: ScannedFile) -> NamedValues | None:
    have = provided(file.kind)
    named = [f for run, fact in _READ_BY if fact in have for f in _found(file, run) if _may_name_a_secret(f)]
    names = secret_names(file)
    if not named and not names:
        return None
    keys = tuple(tuple(sorted({digest(v), digest(v.rsplit("/", 1)[-1])}))
                 for f in named for v in [(f.secret or "").strip()])
    return NamedValues(tuple((f.span.start, f.span.end) for f in named), keys, names)


def finish_names(facts: Mapping[str, Any], settings: Settings) -> Iterator[Finding]:
    """Withdraw the findings whose value a Secret of the scan is named by."""
    from ..source import Span

    named = {digest(n) for f in facts.values() if isinstance(f, NamedValues) for n in f.names}
    if not named:
        return
    for path, f in facts.items():
        if isinstance(f, NamedValues):
            for (start, end), keys in zip(f.spans, f.keys, strict=True):
                if not named.isdisjoint(keys):
                    yield Finding("DCR023", "", path, Span(start, end), withdraws=True)


def may_wait_or_name_secret(file: ScannedFile) -> bool:
    """Gate of the collection: a finding that may name a Secret (the gate of a file check of the
    kind), or a Secret defined (the pull-secret index's)."""
    have = provided(file.kind)
    return (K8S_RESOURCES in have and may_hold_manifest_secret(file)) \
        or (SETTINGS in have and may_hold_setting_secret(file)) or index_gate(file)


CHECKS = (
    FileCheck(rules=("DCR023",), run=_once(check), facts=(K8S_RESOURCES,), gate=may_hold_manifest_secret),
    FileCheck(rules=("DCR023",), run=_once(check_settings), facts=(SETTINGS,), gate=may_hold_setting_secret),
    FileCheck(rules=("DCR023",), run=check_commands, facts=(SHELL_SCRIPTS,), commands=(FROM_LITERALS,),
              gate=may_create_from_literal),
    ProjectCheck(name=NAMES, rules=("DCR023",), collect=collect_names, finish=finish_names,
                 commands=(KUBECTL_COMMANDS,), prefilter=might_add_to_index, reports_in=_REPORTS_IN,
                 gate=may_wait_or_name_secret),
)
