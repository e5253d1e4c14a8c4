"""Docker Compose files: services' `environment` and `build.args` (map or `NAME=value` list),
and every other key with a scalar value (`x-` extensions, labels)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..facts import Setting
from ..lazyre import lazy_compile
from ..secretnames import is_secret_name, password_name
from ..source import MappedText
from ..yamlsrc import scalar_text
from .literals import assignment, defaulted, scalar_pairs

if TYPE_CHECKING:
    from ..scanned import ScannedFile

_LISTS = ("environment", "args")  # the keys whose lists hold NAME=value entries


def settings(file: ScannedFile) -> list[Setting]:
    out = []
    for i, doc in enumerate(file.yaml_documents):
        for pair in scalar_pairs(doc):
            out.append(_setting(pair.name, scalar_text(pair.value, file.source), (str(i), *pair.path)))
        out.extend(_list_entries(file, doc, i))
        out.extend(_secret_files(file, doc, i))
    if any(_service_password(s) for s in out) and file.source.abspath:
        import os

        from ..composeup import brought_up_here, service_passwords

        if brought_up_here(file.source.abspath):  # a CI job's own services: see composeup
            folder = os.path.dirname(file.source.abspath)
            set_up = {v for doc in file.yaml_documents for _, v in service_passwords(doc, folder)}
            out = [s for s in out if not (_service_password(s) and s.value.text in set_up)]
    return out


def _service_password(s: Setting) -> bool:
    return s.place[1:2] == ("services",) and "environment" in s.place and password_name(s.name)


def _secret_files(file: ScannedFile, doc: Node, i: int) -> list[Setting]:
    """Top-level `secrets:` whose `file:` is committed: an env file or docker config is checked
    as what it is (where it is); any other file is the secret's value, reported at the entry."""
    import os

    from ..records import replace
    from ..yamlsrc import get
    from .kustomize import _from_file

    secrets = get(doc, "secrets")
    if not isinstance(secrets, MappingNode) or not file.source.abspath:
        return []
    folder = os.path.dirname(file.source.abspath)
    out = []
    for k, v in secrets.value:
        entry = get(v, "file") if isinstance(v, MappingNode) and isinstance(k, ScalarNode) else None
        if isinstance(k, ScalarNode) and isinstance(entry, ScalarNode) and "=" not in entry.value:
            text = scalar_text(entry, file.source)
            where = f"Compose secret {k.value}"
            s = _from_file(file, folder, text, (str(i), "secrets", str(k.value), "file"), where, "Opaque")
            if s is not None:
                out.append(replace(s, name=str(k.value), shown=str(k.value),
                                  advice="keep the file out of the repository (create it at deploy time)"))
    return out


def _list_entries(file: ScannedFile, doc: Node, i: int) -> list[Setting]:
    """`NAME=value` entries of the `environment` and `args` lists, each read once where it is
    written: a list several services share through an anchor (`<<: *common`) is one place."""
    out = []
    stack: list[tuple[Node, tuple[str, ...]]] = [(doc, ())]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if not isinstance(node, MappingNode) or id(node) in seen:
            continue
        seen.add(id(node))
        children: list[tuple[Node, tuple[str, ...]]] = []
        for k, v in node.value:
            if not isinstance(k, ScalarNode):
                continue
            here = (*path, str(k.value))
            if k.value in _LISTS and isinstance(v, SequenceNode) and id(v) not in seen:
                seen.add(id(v))
                for item in v.value:
                    if isinstance(item, ScalarNode):
                        parsed = assignment(scalar_text(item, file.source))
                        if parsed is not None:
                            out.append(_setting(parsed[0], parsed[1], (str(i), *here, parsed[0])))
            elif isinstance(v, MappingNode) and len(here) < 8:
                children.append((v, here))
        stack.extend(reversed(children))  # (in the order written: a shared list is read where it is)
    return out


def _setting(name: str, value: MappedText, place: tuple[str, ...]) -> Setting:
    path = place[1:]
    where = f"Compose service {path[1]}" if len(path) > 2 and path[0] == "services" else "Compose file"
    env = "".join(c if c.isalnum() else "_" for c in name).upper()
    value, shown = defaulted(value, name)
    return Setting(name, shown, value, place, where,
                   f"pass it from the environment (`{name}: ${{{env}}}`) or as a Compose secret")



# The files `docker compose` reads in a folder with no `-f`, and the `.env` beside them it reads
# for interpolation (`${NAME}` in them takes the value `.env` gives NAME).
_PROJECT_FILES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml",
                  "compose.override.yaml", "compose.override.yml", "docker-compose.override.yaml",
                  "docker-compose.override.yml")
INTERPOLATION_FILE = ".env"
# A value that is one variable whole (`${NAME}`, `$NAME`; a default or an error for when it is
# unset changes nothing where it is set: `${NAME:-x}`, `${NAME:?set it}`).
_WHOLE_VARIABLE = lazy_compile(r"\$(?:([A-Za-z_]\w*)|\{([A-Za-z_]\w*)(?::?[-?][^{}]*)?\})")


def secret_settings_given(env_path: str, pattern: str) -> dict[str, tuple[str, str]]:
    """For the `.env` of a Compose project (absolute path): the variables a Compose file of its
    folder passes whole into a service's secret-named `environment` setting
    (`MARIADB_ROOT_PASSWORD: ${DBROOT}`), each with that setting's name and the file's; the
    first so found (files, services and entries in order). Read as dependencies of the scan."""
    import os

    from ..composeup import documents_beside
    from ..yamlsrc import get

    folder = os.path.dirname(env_path)
    out: dict[str, tuple[str, str]] = {}
    for name in _PROJECT_FILES:
        for doc in documents_beside(os.path.join(folder, name)):
            services = get(doc, "services")
            for _, service in services.value if isinstance(services, MappingNode) else ():
                for key, value in _environment(get(service, "environment")):
                    m = _WHOLE_VARIABLE.fullmatch(value.strip())
                    if m is not None and is_secret_name(key, pattern):
                        out.setdefault(m.group(1) or m.group(2), (key, name))
    return out


def _environment(node: Node | None) -> list[tuple[str, str]]:
    """(name, value) of a service's `environment`, map or `NAME=value` list."""
    if isinstance(node, MappingNode):
        return [(str(k.value), str(v.value)) for k, v in node.value
                if isinstance(k, ScalarNode) and isinstance(v, ScalarNode)]
    if isinstance(node, SequenceNode):
        return [(n, v) for item in node.value if isinstance(item, ScalarNode)
                for n, eq, v in [str(item.value).partition("=")] if eq]
    return []
