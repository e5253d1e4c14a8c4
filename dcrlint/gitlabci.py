"""GitLab CI configuration as GitLab reads it: local includes, hidden jobs, `extends` merged
level by level, anchors and merge keys, `!reference` tags, `default:` and `variables:`.

Merged values are trees of plain dicts whose leaves are the original YAML nodes, so every
value still knows where it is written (and nodes from included files are told apart)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from math import isqrt
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .depends import watch, watch_glob
from .facts import GITLAB_CONFIG
from .lazyre import lazy_compile
from .reading import Unreadable, decode, read_bytes
from .records import field, lazy_dataclass
from .source import MappedText, MappedTextBuilder, SourceFile
from .yamlsrc import YamlError, compose, iter_nodes, mapping_items, scalar_text, template_masks

if TYPE_CHECKING:
    from .scanned import ScannedFile

Tree: TypeAlias = "dict[str, Tree] | Node"

GLOBAL_KEYWORDS = frozenset({
    "default", "include", "stages", "variables", "workflow", "image", "services", "cache",
    "before_script", "after_script", "types", "spec",
})
SCRIPT_KEYS = ("before_script", "script", "after_script")
REFERENCE_TAG = "!reference"
_MAX_EXTENDS = 11  # GitLab's limit of inheritance levels
_MAX_REFERENCE = 10  # nested !reference tags GitLab resolves
_MAX_INCLUDES = 150
_MAX_SCRIPT_NESTING = 10
_BUDGET = 200_000


class _Budget:
    def __init__(self) -> None:
        self.left = _BUDGET

    def spend(self, steps: int = 1) -> None:
        self.left -= steps
        if self.left < 0:
            raise YamlError("configuration too large after merging anchors and extends")


def _tree(node: Node, memo: dict[int, Tree], budget: _Budget) -> Tree:
    """A mapping as a dict of trees (merge keys resolved); any other node as itself."""
    if not isinstance(node, MappingNode):
        return node
    done = memo.get(id(node))
    if done is not None:
        return done
    memo[id(node)] = {}  # a recursive anchor sees an empty mapping
    out: dict[str, Tree] = {}
    items = mapping_items(node)
    # A step per entry, spent for the mapping at once (not a call per entry): the walk spends the
    # same in all, so it is over the budget exactly when it was.
    budget.spend(len(items))
    for k, v in items:
        if isinstance(k, ScalarNode):
            out[k.value] = _tree(v, memo, budget)
    memo[id(node)] = out
    return out


def deep_merge(base: Tree, over: Tree, budget: _Budget) -> Tree:
    """GitLab's merge for `extends` and includes: mappings merge key by key, anything else
    (lists, scalars) is replaced. Inputs are never changed."""
    if not (isinstance(base, dict) and isinstance(over, dict)):
        return over
    out = dict(base)
    budget.spend(len(over))  # a step per key, at once (as _tree)
    for k, v in over.items():
        out[k] = deep_merge(out[k], v, budget) if k in out else v
    return out


@lazy_dataclass
class GitlabConfig:
    source: SourceFile
    top: dict[str, Tree]
    # ids of the nodes of each included file (shared by every file including it: not copied)
    foreign: list[frozenset[int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    budget: _Budget = field(default_factory=_Budget)
    _resolved: dict[str, Tree] = field(default_factory=dict)

    def is_local(self, node: Node) -> bool:
        if not self.foreign:  # most files include nothing
            return True
        ident = id(node)
        return all(ident not in nodes for nodes in self.foreign)

    @property
    def job_names(self) -> list[str]:
        return [k for k, v in self.top.items() if k not in GLOBAL_KEYWORDS and isinstance(v, dict)]

    def job(self, name: str, depth: int = 0, stack: tuple[str, ...] = ()) -> Tree | None:
        """A job (or hidden job) with `extends` applied, as GitLab merges it."""
        if name in self._resolved:
            return self._resolved[name]
        own = self.top.get(name)
        if not isinstance(own, dict) or name in stack or depth > _MAX_EXTENDS:
            return None
        parents = own.get("extends")
        names: list[str] = []
        if isinstance(parents, ScalarNode):
            names = [parents.value]
        elif isinstance(parents, SequenceNode):
            names = [n.value for n in parents.value if isinstance(n, ScalarNode)]
        merged: Tree = {}
        for parent in names:
            resolved = self.job(parent, depth + 1, (*stack, name))
            if resolved is not None:
                merged = deep_merge(merged, resolved, self.budget)
        merged = deep_merge(merged, {k: v for k, v in own.items() if k != "extends"}, self.budget)
        self._resolved[name] = merged
        return merged

    def reference(self, node: SequenceNode, depth: int = 0) -> Tree | None:
        """The value a `!reference [job, key, ...]` tag stands for."""
        path = [n.value for n in node.value if isinstance(n, ScalarNode)]
        if not path or len(path) != len(node.value) or depth > _MAX_REFERENCE:
            return None
        value = self.job(path[0]) if path[0] not in GLOBAL_KEYWORDS else self.top.get(path[0])
        for key in path[1:]:
            value = self.resolve(value, depth + 1)
            if not isinstance(value, dict):
                return None
            value = value.get(key)
        return self.resolve(value, depth + 1)

    def resolve(self, value: Tree | None, depth: int = 0) -> Tree | None:
        """value, or what it references when it is a `!reference` tag."""
        if isinstance(value, SequenceNode) and value.tag == REFERENCE_TAG:
            return self.reference(value, depth)
        return value

    def script_items(self, value: Tree | None, depth: int = 0) -> Iterator[ScalarNode]:
        """The lines of a script value: a string, a list, nested lists, `!reference`s."""
        value = self.resolve(value)
        if depth > _MAX_SCRIPT_NESTING:
            return
        if isinstance(value, ScalarNode):
            if value.tag != "tag:yaml.org,2002:null":
                yield value
        elif isinstance(value, SequenceNode):
            for item in value.value:
                if isinstance(item, ScalarNode):  # a line: what the call for it would yield
                    if depth < _MAX_SCRIPT_NESTING and item.tag != "tag:yaml.org,2002:null":
                        yield item
                else:
                    yield from self.script_items(item, depth + 1)

    def script_start(self, value: Tree | None) -> int | None:
        """Where the first line of a script value written in this file starts (where its
        shell context starts); None when it has none."""
        items = [n for n in self.script_items(value) if self.is_local(n)]
        return scalar_text(items[0], self.source).offset(0) if items else None

    def variables(self, value: Tree | None) -> Iterator[tuple[str, ScalarNode]]:
        """(name, node holding the value) of a `variables:` mapping, plain or `value:` form."""
        mapping = self.resolve(value)
        if not isinstance(mapping, dict):
            return
        for name, v in mapping.items():
            held = self.resolve(v)
            if isinstance(held, dict):
                held = self.resolve(held.get("value"))
            if isinstance(held, ScalarNode):
                yield name, held


def tags(holder: Tree | None) -> list[str]:
    """The runner tags of a job (or of `default:`)."""
    value = holder.get("tags") if isinstance(holder, dict) else None
    if isinstance(value, SequenceNode):
        return [t.value for t in value.value if isinstance(t, ScalarNode)]
    return []


def joined_script(items: list[ScalarNode], source: SourceFile) -> MappedText:
    """Script lines joined as the runner joins them (one per line), each mapped to the file.
    The line break between two lines stands at the next line's start: it is not the file's
    text after the line before (the runner writes its own lines between them, so a line
    ending with a `\\` does not continue into the next, `shell.bash._Walker.continued`)."""
    b = MappedTextBuilder()
    end = 0
    for k, node in enumerate(items):
        mt = scalar_text(node, source)
        if k:
            b.add_decoded("\n", mt.offset(0))
        starts = (*mt.starts, len(mt.text))
        for i in range(len(mt.starts)):
            b.add(mt.text[starts[i] : starts[i + 1]], mt.origins[i])
        end = mt.end
    return b.build(end)


def _content_document(docs: list[Node]) -> MappingNode | None:
    """The configuration document: the second when the first is a `spec:` header."""
    mappings = [d for d in docs if isinstance(d, MappingNode)]
    if not mappings:
        return None
    if len(mappings) > 1 and any(isinstance(k, ScalarNode) and k.value == "spec" for k, _ in mappings[0].value):
        return mappings[1]
    return mappings[0]


_EXTERNAL_INCLUDES = ("remote", "project", "template", "component")


def _local_includes(node: Tree | None, notes: list[str]) -> Iterator[str]:
    """Paths of `include: local` (and bare paths); the other kinds are noted, never fetched."""
    items: list[Tree] = []
    if isinstance(node, SequenceNode):
        items = list(node.value)
    elif node is not None:
        items = [node]
    for item in items:
        if isinstance(item, MappingNode):
            item = _tree(item, {}, _Budget())
        if isinstance(item, ScalarNode):
            if item.value.startswith(("http://", "https://")):
                notes.append(f"include `{item.value}` is remote; not fetched, its jobs are not checked")
            else:
                yield item.value
        elif isinstance(item, dict):
            local = item.get("local")
            if isinstance(local, ScalarNode):
                yield local.value
            for kind in _EXTERNAL_INCLUDES:
                where = item.get(kind)
                if isinstance(where, ScalarNode):
                    notes.append(f"include {kind} `{where.value}` is not fetched; its jobs are not checked")


def _roots(file: ScannedFile) -> list[Path]:
    """Where `include: local` paths may start: the git work tree, the scan root, the file's
    folder. The first is the repository: no include resolves outside it."""
    abspath = file.source.abspath
    if not abspath:
        return []
    # The files of a folder share their roots: found once per run (resolving a path is a system
    # call per part of it), the `.git` paths looked at watched again for each file. Not for a
    # link, whose folder is its target's.
    if _ROOTS[0] is not file.settings:  # another run (a worker's chunk: its own copy)
        _ROOTS[:] = [file.settings, {}]
    memo: dict[tuple[str, str], tuple[tuple[Path, ...], tuple[str, ...]]] = _ROOTS[1]
    key = (os.path.dirname(abspath), str(file.settings.root))
    known = memo.get(key)
    if known is not None and not os.path.islink(abspath):
        for looked in known[1]:
            watch(looked)
        return list(known[0])
    out: list[Path] = []
    looked_at: list[str] = []
    here = Path(abspath).resolve().parent
    for d in (here, *here.parents):
        git = str(d / ".git")
        looked_at.append(git)
        watch(git)
        if os.path.exists(git):
            out.append(d)
            break
    root = Path(file.settings.root).resolve()
    if out or root == here or root in here.parents:
        out.append(root)
    out.append(here)
    if len(memo) >= 256:
        memo.clear()
    if not os.path.islink(abspath):
        memo[key] = (tuple(out), tuple(looked_at))
    return out


# The settings of the run, and its roots by (folder, scan root) with the `.git` paths looked at.
_ROOTS: list[Any] = [None, {}]
# The settings of the run, and the real paths of the folders it resolved.
_FOLDERS: list[Any] = [None, {}]


def _realpath(path: str, file: ScannedFile) -> str:
    """os.path.realpath(path), each folder resolved once per run (a system call per part of
    it): the real folder and the name, unless the name is itself a link."""
    folder, name = os.path.split(path)
    if not folder or name in ("", ".", "..") or os.path.islink(path):
        return os.path.realpath(path)
    if _FOLDERS[0] is not file.settings:  # another run (a worker's chunk: its own copy)
        _FOLDERS[:] = [file.settings, {}]
    memo: dict[str, str] = _FOLDERS[1]
    real = memo.get(folder)
    if real is None:
        if len(memo) >= 1024:
            memo.clear()
        real = memo[folder] = os.path.realpath(folder)
    return os.path.join(real, name)


def _inside(path: str, folder: Path) -> bool:
    top = str(folder)
    return path == top or path.startswith(top.rstrip(os.sep) + os.sep)


def _load_includes(file: ScannedFile, include: Tree | None, cfg_foreign: list[frozenset[int]],
                   seen: set[str], budget: _Budget, notes: list[str]) -> dict[str, Tree]:
    """Top-level definitions of the local files included, merged in order (nested includes too)."""
    import glob

    merged: Tree = {}
    rels = list(_local_includes(include, notes))
    roots = _roots(file) if rels else []  # resolving paths costs system calls: only when needed
    own = ""  # the file's own real path, on first use
    for rel in rels:
        if "$" in rel:
            notes.append(f"include `{rel}` uses a variable; not resolved")
            continue
        matches: list[str] = []
        for root in roots:
            pattern = str(root / rel.lstrip("/"))
            wildcard = any(c in rel for c in "*?[")
            if wildcard:  # what the result cache must find the same to trust this file's result
                watch_glob(pattern)
            else:
                watch(pattern)
            matches = sorted(glob.glob(pattern)) if wildcard else ([pattern] if os.path.isfile(pattern) else [])
            if matches:
                break
        if not matches:
            notes.append(f"included file `{rel}` not found; not resolved")
            continue
        for path in matches:
            real = _realpath(path, file)
            if not own:
                own = _realpath(file.source.abspath or "", file)
            if real in seen or real == own or len(seen) > _MAX_INCLUDES:
                continue
            seen.add(real)
            if not _inside(real, roots[0]):
                notes.append(f"included file `{rel}` is outside the repository; not resolved")
                continue
            watch(real)
            included = _included(real, file.settings.max_file_size)
            if isinstance(included, Unreadable):
                notes.append(f"included file `{rel}`: {included}".replace("; skipped", "; not resolved"))
                continue
            if included is _NOT_YAML:
                notes.append(f"included file `{rel}` could not be read; not resolved")
                continue
            if isinstance(included, YamlError):  # too big to walk: as walking it here would raise
                raise YamlError(included.message, included.line)
            if included is None:
                continue
            cfg_foreign.append(included.nodes)
            budget.left -= included.spent
            if budget.left < 0:
                budget.spend()  # raises, as _tree would have on this file
            top = included.top
            nested = _load_includes(file, top.get("include"), cfg_foreign, seen, budget, notes)
            merged = deep_merge(merged, deep_merge(nested, top, budget), budget)
    return merged if isinstance(merged, dict) else {}


@lazy_dataclass(frozen=True)
class _Included:
    """An included file's content document, read once per run however many files include it."""

    nodes: frozenset[int]  # ids of every node of the document (kept alive by `top` and `doc`)
    top: dict[str, Tree]
    spent: int  # the budget turning it into `top` costs
    doc: MappingNode


_NOT_YAML = YamlError("not YAML")
_Read: TypeAlias = "_Included | Unreadable | YamlError | None"


@lazy_dataclass(frozen=True)
class _Remembered:
    signature: tuple[int, int, int, int]  # size limit, and what stat said: mtime, size, inode
    read: _Read
    text: str  # "" when not composed
    documents: list[Node]  # every document, as compose gave them


# Recently included files by real path: a project's shared templates are included by many of
# its files, and each is scanned itself soon after its first includer (the scan goes in path
# order): composed once for all of them. Bounded, since composed nodes weigh many times the text.
_INCLUDED: dict[str, _Remembered] = {}
_MAX_REMEMBERED = 32
_MAX_REMEMBERED_CHARS = 500_000


def _included(real: str, limit: int) -> _Read:
    """The included file read, composed and turned into a tree (merge keys resolved), or why
    not: Unreadable, _NOT_YAML, a YamlError raised walking it, None without a mapping."""
    try:
        st = os.stat(real)
        signature: tuple[int, int, int, int] | None = (limit, st.st_mtime_ns, st.st_size, st.st_ino)
    except OSError:
        signature = None
    known = _INCLUDED.pop(real, None)
    if known is not None and known.signature == signature:
        _INCLUDED[real] = known  # most recently used last
        return known.read
    text, documents, read = _read_included(real, limit)
    if signature is not None:
        _INCLUDED[real] = _Remembered(signature, read, text, documents)
        total = sum(len(r.text) for r in _INCLUDED.values())
        while len(_INCLUDED) > 1 and (len(_INCLUDED) > _MAX_REMEMBERED or total > _MAX_REMEMBERED_CHARS):
            total -= len(_INCLUDED.pop(next(iter(_INCLUDED))).text)
    return read


def _read_included(real: str, limit: int) -> tuple[str, list[Node], _Read]:
    try:
        text, _ = decode(read_bytes(real, limit))
        source = SourceFile(real, text, real)
        documents = compose(source)
    except Unreadable as e:
        return "", [], e
    except YamlError:
        return "", [], _NOT_YAML
    if template_masks(source) is not None:
        text = ""  # read through a mask its own scan must know: not shared with it
    doc = _content_document(documents)
    if doc is None:
        return text, documents, None
    budget = _Budget()
    try:
        nodes = frozenset(id(n) for n in iter_nodes(doc))
        top = _tree(doc, {}, budget)
    except YamlError as e:
        return text, documents, e
    assert isinstance(top, dict)
    return text, documents, _Included(nodes, top, _BUDGET - budget.left, doc)


def included_documents(source: SourceFile) -> list[Node] | None:
    """The documents of a file as composed when it was included, if it was lately and its
    text is the same: what `compose` gives it (it composed without a problem)."""
    known = _INCLUDED.get(source.abspath) if source.abspath else None
    if known is None or not known.text or known.text != source.text:
        return None
    return list(known.documents)


def gitlab_config(file: ScannedFile) -> GitlabConfig | None:
    """The file's configuration with its local includes merged in (the GITLAB_CONFIG fact);
    None when not a mapping."""
    return file.get(GITLAB_CONFIG)


def build_gitlab_config(file: ScannedFile) -> GitlabConfig | None:
    doc = _content_document(file.yaml_documents)
    cfg: GitlabConfig | None = None
    if doc is not None:
        budget = _Budget()
        own = _tree(doc, {}, budget)
        assert isinstance(own, dict)
        foreign: list[frozenset[int]] = []
        notes: list[str] = []
        included = _load_includes(file, own.get("include"), foreign, set(), budget, notes)
        top = deep_merge(included, own, budget) if included else own
        assert isinstance(top, dict)
        cfg = GitlabConfig(file.source, top, foreign, notes, budget)
        for note in notes:
            file.notify(note, level="note")
    return cfg


# --------------------------------------------------------------------------- inert files
# What tells, without composing, that a file's configuration gives no notification: no include
# (the notes are the includes'), and nothing a check's merge could raise on (the budget, or
# recursion over mappings nested this deep: a call or two a level, well within Python's limit).
_DEEPEST = 300
# The escapes of a double-quoted key that can spell a letter: hexadecimal ones, and an escaped
# line break (it joins two lines, the next one's indent dropped).
_LETTER_ESCAPE = lazy_compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|\r?\n[ \t]*)")
_INDENT = lazy_compile(r"^ *", re.M)


def _letter(m: re.Match[str]) -> str:
    code = m.group(1) or m.group(2) or m.group(3)
    return chr(int(code, 16)) if code and int(code, 16) <= 0x10FFFF else ""


def may_include(text: str) -> bool:
    """Whether a key of the text may read `include`: as written (plain, quoted, in flow or
    JSON style, tagged), or through escapes. A merge key needs an alias: not looked at here."""
    return "include" in text or ("\\" in text and "include" in _LETTER_ESCAPE.sub(_letter, text))


def within_limits(text: str) -> bool:
    """Whether the configuration of a text without anchors or includes is surely built and its
    jobs merged within the budget and the depth: its keys (each after a `:`, `,`, `{` or `?`)
    are spent once turned into trees and once merged into their job, and each parent an
    `extends` names (a scalar, or an item after `[`, `,` or `- `) at most once more; mappings
    nest at most as deep as their indent (a level a line, deeper) plus their braces."""
    keys = text.count(":") + text.count(",") + text.count("{") + text.count("?")
    parents = 0
    if "extends" in text or "\\" in text:
        parents = (1 + text.count("extends") + text.count("\\") + text.count(",") + text.count("[")
                   + sum(text.count(item) for item in ("- ", "-\t", "-\n", "-\r")))
    if keys * (2 + parents) >= _BUDGET:
        return False
    braces = text.count("{")
    if braces + isqrt(2 * len(text)) + 1 < _DEEPEST:  # a level's line is longer than its indent
        return True
    return braces + max(map(len, _INDENT.findall(text)), default=0) + 1 < _DEEPEST


def _depth(tree: Tree) -> int:
    deepest = 0
    stack: list[tuple[Tree, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in node.values())
    return deepest


def merges_within_limits(cfg: GitlabConfig) -> bool:
    """Whether the checks merge every job (`extends`) without raising: shallow enough for the
    recursion, and the budget left once built suffices, merging each on a copy (the real
    configuration left as the checks will find it)."""
    if _depth(cfg.top) >= _DEEPEST:
        return False
    probe = GitlabConfig(cfg.source, cfg.top, cfg.foreign, cfg.notes)
    probe.budget.left = cfg.budget.left
    try:
        for name in cfg.job_names:
            probe.job(name)
    except YamlError:
        return False
    return True
