"""Shell in GitLab CI: `before_script`, `script` and `after_script` of `default:` and of every
job (hidden ones too), after anchors, `extends` and `!reference`; one context per key, its
lines joined as the runner runs them. Images: `image` and `services` of the top level,
`default:` and every job, where they are written. The `variables:` the file writes."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..facts import (
    ASSIGNMENTS,
    GITLAB_CONFIG,
    IMAGE_REFS,
    SHELL_CONTEXTS,
    SHELL_SESSIONS,
    YAML_DOCUMENTS,
    Assignment,
    Fact,
    ImageReference,
    ShellContext,
    ShellSession,
)
from ..gitlabci import (
    REFERENCE_TAG,
    SCRIPT_KEYS,
    build_gitlab_config,
    gitlab_config,
    included_documents,
    joined_script,
    may_include,
    merges_within_limits,
    tags,
    within_limits,
)
from ..images import sets_up
from ..yamlsrc import get, is_text, lazy_text, scalar_text
from . import inert, yaml

if TYPE_CHECKING:
    from ..gitlabci import GitlabConfig, Tree
    from ..scanned import ScannedFile


def _windows(job: Tree | None) -> bool:
    return any("windows" in t.lower() for t in tags(job))


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    cfg = gitlab_config(file)
    if cfg is None:
        return []
    return [ShellContext(text, dialect, place) for place, _, dialect, text in _contexts(file, cfg)]


def _contexts(file: ScannedFile, cfg: GitlabConfig) -> Iterator[tuple[tuple[str, ...], tuple[int, ...], str, Any]]:
    """(place, the ids of its items, dialect, text) of each context: the items of a script
    used by several holders (`default:` inherited, an anchor) are one context, at the first."""
    seen: set[tuple[int, ...]] = set()
    default = cfg.top.get("default")
    holders: list[tuple[str, Tree | None]] = [("default", default if isinstance(default, dict) else None),
                                               ("", cfg.top)]
    holders += [(name, cfg.job(name)) for name in cfg.job_names]
    default_windows = _windows(default)
    for name, holder in holders:
        if not isinstance(holder, dict):
            continue
        keys = ("before_script", "after_script") if name in ("", "default") else SCRIPT_KEYS
        dialect = "pwsh" if (_windows(holder) or default_windows) else "sh"
        for key in keys:
            value = holder.get(key)
            if value is None:
                continue  # most holders lack most keys
            items = [n for n in cfg.script_items(value) if cfg.is_local(n)]
            ident = tuple(map(id, items))
            if not items or ident in seen:
                continue
            seen.add(ident)
            place = (name, key) if name else (key,)
            # The map is built when the script is parsed: many are only read as text.
            text = "\n".join(n.value for n in items)
            yield place, ident, dialect, lazy_text(text, partial(joined_script, items, file.source))


def _inherits(job: dict[str, Tree], what: str, key: str) -> bool:
    """Whether a job takes `key` of `what` (`default`, `variables`) from the top level:
    `inherit: {what: false}`, or a list of the keys it takes."""
    inherit = job.get("inherit")
    value = inherit.get(what) if isinstance(inherit, dict) else None
    if isinstance(value, ScalarNode):
        return str(value.value).lower() != "false"
    if isinstance(value, SequenceNode):
        return any(isinstance(n, ScalarNode) and n.value == key for n in value.value)
    return True


def shell_sessions(file: ScannedFile) -> list[ShellSession]:
    """Each job that runs (not a hidden one): its `before_script` (its own, else `default:`'s
    or the top level's) and `script`, which the runner joins into one script run by one shell
    (tracing turned on in the first goes on in the second); its `after_script`, another shell;
    the `CI_DEBUG_TRACE` in effect (its own variables, else the global ones)."""
    cfg = gitlab_config(file)
    if cfg is None:
        return []
    places = {ident: place for place, ident, _, _ in _contexts(file, cfg)}
    default = cfg.top.get("default")
    out: list[ShellSession] = []
    for name in cfg.job_names:
        job = cfg.job(name)
        if name.startswith(".") or not isinstance(job, dict) or job.get("script") is None:
            continue
        before = job.get("before_script")
        if before is None and _inherits(job, "default", "before_script"):
            before = default.get("before_script") if isinstance(default, dict) else None
            if before is None:
                before = cfg.top.get("before_script")

        def place(value: Tree | None) -> tuple[str, ...] | None:
            ident = tuple(id(n) for n in cfg.script_items(value) if cfg.is_local(n))
            return places.get(ident) if ident else None

        run = tuple(p for p in (place(before), place(job.get("script"))) if p is not None)
        trace: tuple[str, ...] | None = None
        if any(n == "CI_DEBUG_TRACE" for n, _ in cfg.variables(job.get("variables"))):
            trace = (name, "variables", "CI_DEBUG_TRACE")
        elif _inherits(job, "variables", "CI_DEBUG_TRACE") and any(
                n == "CI_DEBUG_TRACE" for n, _ in cfg.variables(cfg.top.get("variables"))):
            trace = ("variables", "CI_DEBUG_TRACE")
        if run:
            out.append(ShellSession(name, run, place(job.get("after_script")), trace))
    return out


def _image_nodes(value: Tree | None, place: tuple[str, ...]) -> list[tuple[Tree | None, tuple[str, ...]]]:
    """An `image` (a name, or `{name: ...}`) or each of `services` (the same, in a list)."""
    if isinstance(value, SequenceNode):
        if value.tag == REFERENCE_TAG:
            return []  # written elsewhere, read there
        return [(_name(item), (*place, str(i), "name") if isinstance(item, MappingNode) else (*place, str(i)))
                for i, item in enumerate(value.value)]
    return [(_name(value), (*place, "name") if isinstance(value, (dict, MappingNode)) else place)]


def _name(value: Tree | None) -> Tree | None:
    """The image name of `name` or `{name: ...}` (a list item is a node, a job's value a tree)."""
    if isinstance(value, dict):
        return value.get("name")
    return get(value, "name") if isinstance(value, MappingNode) else value


def image_refs(file: ScannedFile) -> list[ImageReference]:
    """Every image and service image as written: in the job (or `default:`) that writes it,
    not again in the jobs that inherit it (`extends`, `default:`)."""
    cfg = gitlab_config(file)
    if cfg is None:
        return []
    default = cfg.top.get("default")
    holders: list[tuple[str, Tree | None]] = [("", cfg.top),
                                               ("default", default if isinstance(default, dict) else None)]
    holders += [(name, cfg.top.get(name)) for name in cfg.job_names]
    out: list[ImageReference] = []
    for name, holder in holders:
        if not isinstance(holder, dict):
            continue
        for key in ("image", "services"):
            value = holder.get(key)
            if (key == "image") == isinstance(value, SequenceNode):
                continue  # an image is one name, services a list
            for node, place in _image_nodes(value, (name, key) if name else (key,)):
                if isinstance(node, ScalarNode) and cfg.is_local(node):
                    ref = yaml.image_ref(file, node, place, name or "pipeline")
                    if ref is not None:
                        out.append(ref)
    return out


def _nowhere() -> None:
    return None  # GitLab merges mappings into dicts: a variable's name node is not kept


def assignments(file: ScannedFile) -> list[Assignment]:
    """The `variables:` of the file and of every job (`extends` applied, plain or `value:`
    form), those written in this file: a variable a job inherits is listed for it too."""
    cfg = gitlab_config(file)
    if cfg is None:
        return []
    out: list[Assignment] = []
    classify = file.classifier.classify  # on first use of a variable's kind
    holders: list[tuple[str, Tree | None]] = [("", cfg.top)]
    holders += [(name, cfg.job(name)) for name in cfg.job_names]
    for job, holder in holders:
        if not isinstance(holder, dict):
            continue
        variables = holder.get("variables")
        if variables is None:
            continue  # most jobs set none
        where = f"job `{job}`" if job else "the global `variables:`"
        # (a global variable goes to every job: a service's only where every job runs it)
        if job:
            services = _service_names(cfg, job)
        else:
            every = [_service_names(cfg, n) for n in cfg.job_names if not n.startswith(".")]
            services = frozenset.intersection(*every) if every else frozenset()
        for name, node in cfg.variables(variables):
            if not cfg.is_local(node):
                continue
            # (GitLab hands a job's variables to its service containers: one named for a service's
            # image sets it up)
            role = "service-variable" if sets_up(name, services) else "variable"
            out.append(Assignment(name, node.value, classify, is_text(node),
                                  (job, "variables", name) if job else ("variables", name), role,
                                  f"variable `{name}` in {where}", "use a masked and protected CI/CD variable instead",
                                  partial(scalar_text, node, file.source), _nowhere))
    return out


def _service_names(cfg: GitlabConfig, name: str) -> frozenset[str]:
    """The names of the service images (`postgres` of `registry.example.com/mirror/postgres:16`)
    a job runs: its `services`, else `default:`'s, else the top level's."""
    default, job = cfg.top.get("default"), cfg.job(name)
    value = next((v for v in (job.get("services") if isinstance(job, dict) else None,
                              default.get("services") if isinstance(default, dict) else None,
                              cfg.top.get("services")) if v is not None), None)
    out: set[str] = set()
    for node, _ in _image_nodes(value, ()) if isinstance(value, SequenceNode) else ():
        if isinstance(node, ScalarNode) and "$" not in node.value:
            out.add(node.value.split("@")[0].rsplit("/", 1)[-1].split(":")[0].lower())
    return frozenset(out)


def documents(file: ScannedFile) -> list[Any]:
    """The file's YAML documents: those composed when a file scanned before included it."""
    docs = included_documents(file.source)
    return yaml.yaml_documents(file) if docs is None else docs


FACTS: dict[Fact[Any], Any] = {**yaml.FACTS, YAML_DOCUMENTS: documents, SHELL_CONTEXTS: shell_contexts,
                               GITLAB_CONFIG: build_gitlab_config, IMAGE_REFS: image_refs, ASSIGNMENTS: assignments,
                               SHELL_SESSIONS: shell_sessions}


def notes(file: ScannedFile) -> bool:
    """The notes of the configuration's includes (the file's `include:` and its local includes'):
    none for a file that composes cleanly, spells no `include` key and is within the merge's
    limits; any other has its configuration built (its includes read, as the checks would) and
    its jobs merged on a copy, but one whose aliases may take a merge over its budget, which is
    modelled with its checks."""
    clean = inert.quiet_yaml(file)
    text = file.source.text
    if clean and not may_include(text) and within_limits(text):
        return True
    if not (clean or inert.walks_within_budget(file)):
        return False
    if not inert.modelled(file, YAML_DOCUMENTS, GITLAB_CONFIG):
        return False
    cfg = gitlab_config(file)
    return cfg is None or merges_within_limits(cfg)


NOTES = notes
