"""Kustomize (`kustomization.yaml`): what its generators put into Secrets and ConfigMaps.
`secretGenerator` literals are Secret data; `files` entries take a Secret key from a committed
file (a docker config or env file is checked as what it is, by its own kind; any other file is
reported at the entry); `envs` entries name env files, whatever their names, and a docker config
named in `files` is one whatever its name (`kinds_named_by`: both are scanned as such, findings in
them); `configMapGenerator` literals are ConfigMap data."""

from __future__ import annotations

import os
import posixpath
import re
from typing import TYPE_CHECKING

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..classify import _COMPOSE, _DOCKER_CONFIG_KEYS, _KUSTOMIZATION, FileKind, classify_text
from ..facts import Setting
from ..source import MappedText
from ..yamlsrc import YamlError, compose_text, get, scalar_text
from .literals import assignment

if TYPE_CHECKING:
    from ..discover import Target
    from ..scanned import ScannedFile

_KEY = re.compile(r"[-._a-zA-Z0-9]+")  # a Secret or ConfigMap data key
_ADVICE = "generate the Secret from a file or source kept out of the repository (or a sealed or external secret)"
_CM_ADVICE = "put it in a secretGenerator fed from outside the repository"
_MAX_FILE = 65536


def settings(file: ScannedFile) -> list[Setting]:
    out: list[Setting] = []
    for i, doc in enumerate(file.yaml_documents):
        for field in ("secretGenerator", "configMapGenerator"):
            gens = get(doc, field)
            if not isinstance(gens, SequenceNode):
                continue
            for n, gen in enumerate(gens.value):
                if isinstance(gen, MappingNode):
                    out.extend(_generator(file, gen, (str(i), field, str(n)), field == "secretGenerator"))
    return out


def _generator(file: ScannedFile, gen: MappingNode, place: tuple[str, ...], secret: bool) -> list[Setting]:
    name_node = get(gen, "name")
    name = name_node.value if isinstance(name_node, ScalarNode) else "?"
    type_node = get(gen, "type")
    stype = type_node.value if isinstance(type_node, ScalarNode) and type_node.value else "Opaque"
    where = f"Kustomize {'secretGenerator' if secret else 'configMapGenerator'} {name}"
    out = []
    literals = get(gen, "literals")
    if isinstance(literals, SequenceNode):
        for k, item in enumerate(literals.value):
            if not isinstance(item, ScalarNode):
                continue
            parsed = assignment(scalar_text(item, file.source), _KEY)
            if parsed is not None:
                key, value = parsed
                out.append(Setting(key, key, value, (*place, "literals", str(k)), where,
                                   _ADVICE if secret else _CM_ADVICE, stype if secret else None))
    files = get(gen, "files")
    if secret and isinstance(files, SequenceNode) and file.source.abspath:
        folder = os.path.dirname(file.source.abspath)
        for k, item in enumerate(files.value):
            if isinstance(item, ScalarNode):
                setting = _from_file(file, folder, scalar_text(item, file.source), (*place, "files", str(k)),
                                     where, stype)
                if setting is not None:
                    out.append(setting)
    return out


def _from_file(file: ScannedFile, folder: str, entry: MappedText, place: tuple[str, ...], where: str,
               stype: str) -> Setting | None:
    """`[key=]path` naming a committed file whose content is not checked by its own kind."""
    text = entry.text
    key, eq, path = text.partition("=")
    if not eq:
        key, path = os.path.basename(text), text
    start = len(text) - len(path)
    if not path or os.path.isabs(path) or ".." in path.split("/"):
        return None
    target = os.path.join(folder, path)
    from ..reading import Unreadable, read_bytes

    try:
        data = read_bytes(target, _MAX_FILE)
    except Unreadable:
        return None  # not committed beside the kustomization (or not a regular file): nothing to report
    if b"\0" in data:
        return None
    content = data.decode("utf-8", "replace")
    kind = classify_text(path, content)
    if kind in (FileKind.DOCKER_CONFIG, FileKind.ENV_FILE) or _DOCKER_CONFIG_KEYS.search(content[:4096]) \
            or not content.strip():
        return None  # checked where it is (DCR030, DCR023)
    return Setting(key.strip(), key.strip(), entry.slice(start, len(text)), place, where, _ADVICE, stype,
                   from_file=content.strip())


def kinds_named_by(target: Target, reads: list[str] | None = None) -> dict[str, str]:
    """The kinds a kustomization's generators or a Compose file's secrets and configs give
    the files they name; `reads` gets the paths of the other files read to decide."""
    name = os.path.basename(target.rel).lower()
    if target.abspath and _KUSTOMIZATION.match(name):
        return _generator_files(target, reads)
    if target.abspath and _COMPOSE.match(name):
        return _compose_files(target, reads)
    return {}


def _generator_files(target: Target, reads: list[str] | None) -> dict[str, str]:
    from ..reading import Unreadable, read_bytes

    try:
        text = read_bytes(target.abspath, _MAX_FILE).decode("utf-8", "replace")
        if "Generator" not in text and "\\" not in text:
            return {}  # no generator key is written (nor spelled with an escape): nothing to compose
        docs = compose_text(text)  # by libyaml, as the file's own scan reads it
    except (Unreadable, yaml.YAMLError, YamlError, RecursionError, ValueError):
        return {}  # reported when the kustomization itself is scanned
    folder = posixpath.dirname(target.rel)
    out: dict[str, str] = {}
    for doc in docs:
        for field in ("secretGenerator", "configMapGenerator"):
            gens = get(doc, field)
            for gen in gens.value if isinstance(gens, SequenceNode) else ():
                for key in ("envs", "env", "files"):
                    entries = get(gen, key) if isinstance(gen, MappingNode) else None
                    items = entries.value if isinstance(entries, SequenceNode) else [entries]
                    for item in items:
                        if not isinstance(item, ScalarNode) or not isinstance(item.value, str):
                            continue
                        path = item.value.partition("=")[2] if key == "files" and "=" in item.value else item.value
                        path = path.strip()
                        if not path or os.path.isabs(path) or ".." in path.split("/"):
                            continue
                        rel = posixpath.normpath(posixpath.join(folder, path))
                        if key != "files":
                            out[rel] = FileKind.ENV_FILE.value
                        elif _is_docker_config(os.path.join(os.path.dirname(target.abspath), path), reads):
                            out[rel] = FileKind.DOCKER_CONFIG.value
                        elif rel.lower().endswith((".yaml", ".yml")):
                            # a file put whole into one data entry: the generator's Secret holds it as
                            # a config file (DCR023 leaves those to the rules that apply anywhere),
                            # whatever its name (`secrets.yml` is no Ansible variables file here)
                            out[rel] = FileKind.YAML.value
    return out


def _compose_files(target: Target, reads: list[str] | None) -> dict[str, str]:
    """Docker configs a Compose file's top-level `secrets:` / `configs:` name by `file:`."""
    from ..reading import Unreadable, read_bytes

    try:
        text = read_bytes(target.abspath, _MAX_FILE * 16).decode("utf-8", "replace")
        if "secrets" not in text and "configs" not in text and "\\" not in text:
            return {}  # neither key is written (nor spelled with an escape): nothing to compose
        docs = compose_text(text)  # by libyaml, as the file's own scan reads it
    except (Unreadable, yaml.YAMLError, YamlError, RecursionError, ValueError):
        return {}
    folder = posixpath.dirname(target.rel)
    out: dict[str, str] = {}
    for doc in docs:
        for field in ("secrets", "configs"):
            table = get(doc, field)
            for _, v in table.value if isinstance(table, MappingNode) else ():
                entry = get(v, "file") if isinstance(v, MappingNode) else None
                path = entry.value.strip() if isinstance(entry, ScalarNode) and isinstance(entry.value, str) else ""
                if not path or os.path.isabs(path) or ".." in path.split("/"):
                    continue
                if _is_docker_config(os.path.join(os.path.dirname(target.abspath), path), reads):
                    out[posixpath.normpath(posixpath.join(folder, path))] = FileKind.DOCKER_CONFIG.value
    return out


def _is_docker_config(path: str, reads: list[str] | None = None) -> bool:
    from ..reading import Unreadable, read_bytes

    if reads is not None:
        reads.append(path)
    try:
        head = read_bytes(path, _MAX_FILE)[:4096].decode("utf-8", "replace")
    except Unreadable:
        return False
    return bool(_DOCKER_CONFIG_KEYS.search(head))
