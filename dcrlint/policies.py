"""User policies: rules written in YAML (format in docs/policies/README.md), loaded from the
rules dirs, validated with file and line, compiled once per process and run by the engine
like built-in file checks."""

from __future__ import annotations

import fnmatch
import math
import os
import re
import string
from collections import Counter
from collections.abc import Callable, Iterator
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .checks import FileCheck
from .classify import FileKind
from .config import ConfigError
from .findings import Finding
from .records import lazy_dataclass, replace
from .rulesmeta import Rule, parse_rule
from .secret_formats import TOKEN_PREFIXES
from .secretnames import is_secret_name
from .source import Span
from .userregex import Matcher, RegexError, compile_user
from .values import ValueKind, classify, mask
from .yamlsrc import (
    Allowance,
    YamlError,
    check_expansion,
    is_null,
    iter_nodes,
    mapping_items,
    node_span,
    scalar_text,
    walk,
)

if TYPE_CHECKING:
    from .scanned import ScannedFile

POLICY_KEYS = ("target", "select", "where", "message")
YAML_KINDS = tuple(k.value for k in FileKind if k.is_yaml)
CLASSES = tuple(k.value for k in ValueKind)
IMAGE_PARTS = ("registry", "repository", "tag", "digest")
MESSAGE_FIELDS = ("value", "key", "path", *IMAGE_PARTS)
_ID = re.compile(r"^[A-Z][A-Z0-9_-]*$")
_MAX_MATCHES = 100_000  # per select and document: guards against alias fan-out
_MAX_SHOWN = 80


# --------------------------------------------------------------------------- reading


class _Source:
    """A policy file: plain Python values plus the line of every key and item."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: dict[tuple[Any, ...], int] = {}

    def error(self, at: tuple[Any, ...], problem: str) -> ConfigError:
        line = None
        for n in range(len(at), -1, -1):
            line = self.lines.get(at[:n])
            if line is not None:
                break
        where = f":{line}" if line is not None else ""
        return ConfigError(f"{self.path}{where}: {problem}")


def _to_python(node: Node, at: tuple[Any, ...], src: _Source, construct: Any, depth: int = 0) -> Any:
    if depth > 64:
        raise src.error(at, "nested too deeply")
    src.lines.setdefault(at, node.start_mark.line + 1)
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for k, v in node.value:
            if not isinstance(k, ScalarNode):
                raise ConfigError(f"{src.path}:{k.start_mark.line + 1}: keys must be plain strings")
            key = k.value
            if key in out:
                raise ConfigError(f"{src.path}:{k.start_mark.line + 1}: duplicate key {key!r}")
            where = (*at, key)
            src.lines[where] = k.start_mark.line + 1
            out[key] = _to_python(v, where, src, construct, depth + 1)
        return out
    if isinstance(node, SequenceNode):
        return [_to_python(v, (*at, i), src, construct, depth + 1) for i, v in enumerate(node.value)]
    import yaml

    try:
        return construct.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError) as e:  # a custom tag, a bad !!int or timestamp
        problem = getattr(e, "problem", None) or type(e).__name__
        raise src.error(at, f"cannot read this value ({problem})") from None


def _read(path: Path) -> tuple[list[Any], _Source]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    from .reading import Unreadable, read_text

    try:
        text = read_text(path)
    except Unreadable as e:
        raise ConfigError(f"{path}: {str(e).replace('; skipped', '')}") from None
    try:
        nodes = [n for n in yaml.compose_all(text, Loader=loader) if not is_null(n)]
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: invalid YAML ({e.problem or e.context})") from None
    except yaml.YAMLError as e:
        raise ConfigError(f"{path}: invalid YAML ({type(e).__name__})") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid YAML (nested too deeply)") from None
    left = Allowance()  # what aliases may add, the file's documents together
    for n in nodes:
        try:
            check_expansion(n, allowance=left)
        except YamlError as e:
            raise ConfigError(f"{path}:{n.start_mark.line + 1}: {e.message}") from None
    src = _Source(path)
    construct = yaml.constructor.SafeConstructor()
    docs = [_to_python(n, (i,), src, construct) for i, n in enumerate(nodes)]
    return docs, src


# --------------------------------------------------------------------------- paths

# A step: ("key", name) ("keys", names) ("any",) ("items",) ("index", n) ("deep",)
# and, first only, ("pod-spec",) ("containers",) for Kubernetes resources.
Step = tuple[Any, ...]
_SHORTCUTS = ("pod-spec", "containers")
_PLAIN_KEY = re.compile(r"[^.\[\]()|\"'*\s]+(?:[^.\[\]()|\"'*]*[^.\[\]()|\"'*\s])?")


def compile_path(text: Any, allow_shortcuts: bool = False) -> tuple[Step, ...]:
    """Parse `a.b[*].c`, `*`, `**`, `[N]`, `(a|b)` and quoted keys (`"x.io/y"`); raise ValueError."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("a path must be a non-empty string")
    s = text.strip()
    if s == ".":
        return ()
    steps: list[Step] = []
    i, n = 0, len(s)
    first = True
    while i < n:
        if s[i] == "[":
            close = s.find("]", i)
            if close < 0:
                raise ValueError(f"unclosed [ in path {s!r}")
            inner = s[i + 1 : close].strip()
            if inner == "*":
                steps.append(("items",))
            elif re.fullmatch(r"-?\d+", inner):
                steps.append(("index", int(inner)))
            else:
                raise ValueError(f"[{inner}] in path {s!r}: use [*] or [N]")
            i = close + 1
            first = False
            continue
        if not first:
            if s[i] != ".":
                raise ValueError(f"expected . or [ at {s[i:]!r} in path {s!r}")
            i += 1
        first = False
        if s.startswith("**", i):
            steps.append(("deep",))
            i += 2
        elif s.startswith("*", i):
            steps.append(("any",))
            i += 1
        elif i < n and s[i] in "\"'":
            close = s.find(s[i], i + 1)
            if close < 0:
                raise ValueError(f"unclosed quote in path {s!r}")
            steps.append(("key", s[i + 1 : close]))
            i = close + 1
        elif i < n and s[i] == "(":
            close = s.find(")", i)
            if close < 0:
                raise ValueError(f"unclosed ( in path {s!r}")
            names = [x.strip() for x in s[i + 1 : close].split("|")]
            if not all(names):
                raise ValueError(f"empty alternative in path {s!r}")
            steps.append(("keys", frozenset(names)))
            i = close + 1
        else:
            m = _PLAIN_KEY.match(s, i)
            if not m:
                raise ValueError(f"expected a key at {s[i:]!r} in path {s!r}")
            key = m.group()
            if not steps and allow_shortcuts and key in _SHORTCUTS:
                steps.append((key,))
            else:
                steps.append(("key", key))
            i = m.end()
    return tuple(steps)


class Match:
    """A selected node, its path from the root (document or Kubernetes resource) and the
    mapping key it is the value of."""

    __slots__ = ("key_node", "node", "path", "subject")

    def __init__(self, node: Node, path: tuple[str | int, ...], key_node: ScalarNode | None) -> None:
        self.node, self.path, self.key_node = node, path, key_node
        self.subject: Subject | None = None  # computed once (walks are shared between policies)


def _items(node: MappingNode) -> list[tuple[Node, Node]]:
    if any(k.tag == "tag:yaml.org,2002:merge" for k, _ in node.value):
        return mapping_items(node)
    items: list[tuple[Node, Node]] = node.value
    return items


def _deep(m: Match, cache: dict[tuple[int, tuple[str | int, ...]], list[Match]] | None) -> list[Match]:
    """m and every node under it; cached per file, as many policies may walk the same tree."""
    key = (id(m.node), m.path)
    found = cache.get(key) if cache is not None else None
    if found is None:
        found = [Match(sub, (*m.path, *rel), m.key_node if not rel else None) for rel, sub in walk(m.node)]
        if cache is not None:
            cache[key] = found
    return found


def _follow(matches: list[Match], steps: tuple[Step, ...], resource: Any = None,
            cache: dict[Any, list[Match]] | None = None) -> list[Match]:
    for step in steps:
        op = step[0]
        out: list[Match] = []
        for m in matches:
            node = m.node
            if op == "key":
                if isinstance(node, MappingNode):
                    for k, v in reversed(_items(node)):
                        if isinstance(k, ScalarNode) and k.value == step[1]:
                            out.append(Match(v, (*m.path, k.value), k))
                            break
            elif op in ("any", "keys"):
                if isinstance(node, MappingNode):
                    for k, v in _items(node):
                        if isinstance(k, ScalarNode) and (op == "any" or k.value in step[1]):
                            out.append(Match(v, (*m.path, k.value), k))
            elif op == "items":
                if isinstance(node, SequenceNode):
                    out.extend(Match(v, (*m.path, i), None) for i, v in enumerate(node.value))
            elif op == "index":
                if isinstance(node, SequenceNode) and -len(node.value) <= step[1] < len(node.value):
                    i = step[1] % len(node.value)
                    out.append(Match(node.value[i], (*m.path, i), None))
            elif op == "deep":
                out.extend(_deep(m, cache))
            elif op in _SHORTCUTS and resource is not None:
                out.extend(_pod_matches(m, resource, op == "containers"))
            if len(out) > _MAX_MATCHES:
                raise YamlError(f"policy path matches more than {_MAX_MATCHES} nodes")
        matches = out
        if not matches:
            break
    return matches


def _pod_matches(m: Match, resource: Any, containers: bool) -> list[Match]:
    from .k8s.model import CONTAINER_GROUPS, POD_SPEC_PATHS

    keys = POD_SPEC_PATHS.get(resource.kind)
    if keys is None:
        return []
    found = _follow([m], tuple(("key", k) for k in keys))
    if not containers:
        return found
    return _follow(found, (("keys", frozenset(CONTAINER_GROUPS)), ("items",)))


# --------------------------------------------------------------------------- images


@lazy_dataclass(frozen=True)
class ImageParts:
    registry: str
    repository: str
    tag: str | None
    digest: str | None


def parse_image(value: str) -> ImageParts | None:
    """The parts of an image reference, read by the one image-reference parser
    (`images.parse_image`, as Docker reads references); the repository as written
    (`nginx`, not `library/nginx`). None when the value cannot be an image reference."""
    from .images import parse_image as parse_reference

    ref = parse_reference(value)
    return None if ref is None else ImageParts(ref.registry, ref.written_path, ref.tag, ref.digest)


# --------------------------------------------------------------------------- conditions


class Subject:
    """What a condition looks at: a node (with its path and key) or an image part (value only).
    `value` is a scalar's decoded value ("" for null); None for collections and missing parts."""

    __slots__ = ("key", "node", "path", "value")

    def __init__(self, node: Node | None, value: str | None, key: str | None,
                 path: tuple[str | int, ...]) -> None:
        self.node, self.value, self.key, self.path = node, value, key, path


def _subject(m: Match) -> Subject:
    if m.subject is not None:
        return m.subject
    node = m.node
    value = None
    if isinstance(node, ScalarNode):
        value = "" if is_null(node) else node.value
    m.subject = Subject(node, value, _key_of(m), m.path)
    return m.subject


def _key_of(m: Match) -> str | None:
    if m.key_node is not None:
        key: str = m.key_node.value
        return key
    for p in reversed(m.path):
        if isinstance(p, str):
            return p
    return None


@lazy_dataclass(frozen=True)
class Env:
    secret_names: str
    placeholders: tuple[str, ...]


Cond = Callable[[Subject, Env], bool]


@lru_cache(maxsize=65536)
def _secret_name(key: str, pattern: str) -> bool:
    return is_secret_name(key, pattern)


@lru_cache(maxsize=65536)
def _classify(value: str, placeholders: tuple[str, ...]) -> ValueKind:
    return classify(value, placeholders)
# cheap tests first: a condition mapping means all of its operators, in any order
_COST = {"equals": 0, "key-matches": 1, "exists": 2, "absent": 2, "matches": 3, "secret-name": 4,
         "class": 5, "registry": 6, "repository": 6, "tag": 6, "digest": 6}
_OPS = ("path", "exists", "absent", "equals", "matches", "class", "secret-name", "key-matches",
        *IMAGE_PARTS, "not", "any", "all")


def _scalar_text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return ""
    return str(v)


def _regex(arg: Any, at: tuple[Any, ...], src: _Source) -> Matcher:
    """A user pattern, compiled to run in linear time (`userregex`)."""
    if not isinstance(arg, str):
        raise src.error(at, "expected a regular expression (a string)")
    try:
        return compile_user(arg)
    except RegexError as e:
        raise src.error(at, e.message) from None


def _path_arg(arg: Any, at: tuple[Any, ...], src: _Source) -> tuple[Step, ...]:
    if arg is True:
        return ()
    try:
        return compile_path(arg)
    except ValueError as e:
        raise src.error(at, str(e)) from None


def compile_condition(raw: Any, at: tuple[Any, ...], src: _Source, part: bool = False) -> Cond:
    """A condition: a mapping of operators (all must hold) or a list of conditions (all)."""
    if isinstance(raw, list):
        if not raw:
            raise src.error(at, "an empty list of conditions")
        return _all([compile_condition(x, (*at, i), src, part) for i, x in enumerate(raw)])
    if not isinstance(raw, dict) or not raw:
        raise src.error(at, "a condition is a mapping of operators (" + ", ".join(_OPS) + ")")
    rel: tuple[Step, ...] | None = None
    ops: list[Cond] = []
    costs: list[int] = []
    for op, arg in raw.items():
        where = (*at, op)
        if op not in _OPS:
            raise src.error(where, f"unknown condition {op!r} (known: {', '.join(_OPS)})")
        if op == "path":
            if part:
                raise src.error(where, "path cannot be used inside an image-part condition")
            rel = _path_arg(arg, where, src)
        else:
            ops.append(_operator(op, arg, where, src, part))
            costs.append(_COST.get(op, 9))
    if not ops:
        raise src.error(at, "path needs a condition beside it")
    ops = [o for _, o in sorted(zip(costs, ops, strict=True), key=lambda x: x[0])]  # all() is order-free
    test = _all(ops)
    if not rel:
        return test
    steps = rel

    def at_path(s: Subject, e: Env) -> bool:
        if s.node is None:
            return False
        start = Match(s.node, s.path, None)
        return any(test(_subject(m), e) for m in _follow([start], steps))

    return at_path


def _all(conds: list[Cond]) -> Cond:
    if len(conds) == 1:
        return conds[0]
    if len(conds) == 2:
        a, b = conds
        return lambda s, e: a(s, e) and b(s, e)
    if len(conds) == 3:
        a, b, c = conds
        return lambda s, e: a(s, e) and b(s, e) and c(s, e)
    return lambda s, e: all(c(s, e) for c in conds)


def _exists(steps: tuple[Step, ...]) -> Cond:
    def exists(s: Subject, e: Env) -> bool:
        if s.node is None:
            return not steps and s.value is not None
        if not steps:
            return not is_null(s.node)
        return any(not is_null(m.node) for m in _follow([Match(s.node, s.path, None)], steps))

    return exists


def _operator(op: str, arg: Any, at: tuple[Any, ...], src: _Source, part: bool) -> Cond:
    if op in ("exists", "absent"):
        steps = _path_arg(arg, at, src)
        if part and steps:
            raise src.error(at, f"inside an image-part condition {op} takes `.` or true")
        found = _exists(steps)
        return found if op == "exists" else (lambda s, e: not found(s, e))
    if op == "equals":
        values = arg if isinstance(arg, list) else [arg]
        if not values or not all(isinstance(v, (str, int, float, bool)) or v is None for v in values):
            raise src.error(at, "equals takes a scalar or a list of scalars")
        wanted = frozenset(_scalar_text(v) for v in values)
        return lambda s, e: s.value is not None and s.value in wanted
    if op == "matches":
        rx = _regex(arg, at, src)
        return lambda s, e: s.value is not None and rx.search(s.value) is not None
    if op == "key-matches":
        rx = _regex(arg, at, src)
        return lambda s, e: s.key is not None and rx.search(s.key) is not None
    if op == "class":
        names = arg if isinstance(arg, list) else [arg]
        bad = [n for n in names if n not in CLASSES]
        if bad or not names:
            raise src.error(at, f"class must be one or a list of {', '.join(CLASSES)}")
        kinds = frozenset(ValueKind(n) for n in names)
        return lambda s, e: s.value is not None and _classify(s.value, e.placeholders) in kinds
    if op == "secret-name":
        if not isinstance(arg, bool):
            raise src.error(at, "secret-name takes true or false")
        return lambda s, e: (s.key is not None and _secret_name(s.key, e.secret_names)) is arg
    if op in IMAGE_PARTS:
        if part:
            raise src.error(at, f"{op} cannot be nested inside an image-part condition")
        if isinstance(arg, (dict, list)) and not (isinstance(arg, list) and all(
                isinstance(x, (str, int)) for x in arg)):
            sub = compile_condition(arg, at, src, part=True)
        else:
            sub = _operator("equals", arg, at, src, True)
        name = op

        def image_part(s: Subject, e: Env) -> bool:
            ref = parse_image(s.value) if s.value else None
            if ref is None:
                return False
            return sub(Subject(None, getattr(ref, name), s.key, s.path), e)

        return image_part
    if op == "not":
        inner = compile_condition(arg, at, src, part)
        return lambda s, e: not inner(s, e)
    # any / all
    if not isinstance(arg, list) or not arg:
        raise src.error(at, f"{op} takes a non-empty list of conditions")
    conds = [compile_condition(x, (*at, i), src, part) for i, x in enumerate(arg)]
    if op == "any":
        return lambda s, e: any(c(s, e) for c in conds)
    return _all(conds)


# --------------------------------------------------------------------------- policies


@lazy_dataclass(frozen=True)
class Policy:
    rule: Rule
    kinds: frozenset[FileKind]
    resources: frozenset[str] | None  # Kubernetes resource kinds; None: all
    namespaces: tuple[str, ...] | None  # globs; None: all
    selects: tuple[tuple[Step, ...], ...]
    where: Cond | None
    message: str
    # Regexes of `key-matches` / `matches` that every finding must pass (top-level conditions,
    # with or without `path`): a file none of whose keys / scalar values match one is skipped
    # without walking, since a condition only ever sees the file's own keys and values.
    guards: tuple[tuple[str, Matcher], ...] = ()

    @property
    def id(self) -> str:
        return self.rule.id


def _str_list(v: Any, at: tuple[Any, ...], src: _Source, what: str) -> tuple[str, ...]:
    items = v if isinstance(v, list) else [v]
    if not items or not all(isinstance(x, str) and x for x in items):
        raise src.error(at, f"{what}: expected a string or a list of strings")
    return tuple(items)


def _target(raw: Any, at: tuple[Any, ...], src: _Source) -> tuple[frozenset[FileKind], frozenset[str] | None,
                                                                    tuple[str, ...] | None]:
    if raw is None:
        return frozenset(FileKind(k) for k in YAML_KINDS), None, None
    if isinstance(raw, (str, list)):
        raw = {"kinds": raw}
    if not isinstance(raw, dict):
        raise src.error(at, "target: expected a mapping (kinds, resources, namespaces) or a list of file kinds")
    unknown = sorted(set(raw) - {"kinds", "resources", "namespaces"})
    if unknown:
        raise src.error((*at, unknown[0]), f"target: unknown key {unknown[0]!r} (known: kinds, resources, namespaces)")
    resources = namespaces = None
    if "resources" in raw:
        resources = frozenset(_str_list(raw["resources"], (*at, "resources"), src, "target.resources"))
    if "namespaces" in raw:
        namespaces = _str_list(raw["namespaces"], (*at, "namespaces"), src, "target.namespaces")
    if "kinds" in raw:
        names = _str_list(raw["kinds"], (*at, "kinds"), src, "target.kinds")
        for n in names:
            if n not in YAML_KINDS:
                raise src.error((*at, "kinds"), f"target.kinds: {n!r} is not a YAML file kind "
                                f"(one of {', '.join(YAML_KINDS)})")
        kinds = frozenset(FileKind(n) for n in names)
    elif resources is not None or namespaces is not None:
        kinds = frozenset({FileKind.KUBERNETES})
    else:
        kinds = frozenset(FileKind(k) for k in YAML_KINDS)
    if (resources is not None or namespaces is not None) and FileKind.KUBERNETES not in kinds:
        raise src.error(at, "target.resources and target.namespaces need kind kubernetes")
    return kinds, resources, namespaces


def _message(raw: Any, at: tuple[Any, ...], src: _Source) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise src.error(at, "message: expected a non-empty string")
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(raw) if f is not None]
    except ValueError as e:
        raise src.error(at, f"message: {e} (write {{{{ and }}}} for literal braces)") from None
    specs = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(raw)
             if f is not None and (spec or conv)]
    if specs:  # `{value:>200000000}` would build a string that size for every finding
        f, spec, conv = specs[0]
        written = "{" + f + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
        raise src.error(at, f"message: {written}: format specs and conversions are not supported; "
                        f"write {{{f}}}")
    for f in fields:
        if f not in MESSAGE_FIELDS:
            raise src.error(at, f"message: unknown field {{{f}}} (known: "
                            + ", ".join(f"{{{x}}}" for x in MESSAGE_FIELDS) + ")")
    return " ".join(raw.split())


def parse_policy(data: Any, at: tuple[Any, ...], src: _Source) -> Policy:
    if not isinstance(data, dict):
        raise src.error(at, "a policy is a mapping (id, name, level, ... select, where, message)")
    rule_id = data.get("id")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        raise src.error((*at, "id"), "id: expected an upper-case ID such as ACME001 "
                        "(letters, digits, - and _)")
    if rule_id.startswith("DCR"):
        raise src.error((*at, "id"), f"id: {rule_id} uses the DCR prefix, which is reserved for built-in rules")
    if "select" not in data:
        raise src.error(at, "missing key 'select'")
    meta = {k: v for k, v in data.items() if k not in POLICY_KEYS}
    meta.setdefault("kind", "practice")
    if isinstance(meta.get("short-description"), str):
        meta.setdefault("full-description", meta["short-description"])
    meta.setdefault("help", "")
    has_examples = "examples" in meta
    if not has_examples:
        meta["examples"] = [{"context": "", "bad": "", "good": ""}]
    try:
        rule = parse_rule(meta, src.path)
    except ConfigError as e:
        problem = str(e).split(": ", 1)[-1]
        key = next((k for k in data if re.search(rf"(^|'){re.escape(k)}('| )", problem)), None)
        raise src.error((*at, key) if key else at, problem) from None
    help_uri = data.get("help-uri") or src.path.resolve().as_uri()
    kinds, resources, namespaces = _target(data.get("target"), (*at, "target"), src)
    rule = replace(rule, examples=rule.examples if has_examples else (), help_uri=str(help_uri),
                   contexts=rule.contexts or tuple(sorted(k.value for k in kinds)))
    raw_select = data["select"]
    selects = raw_select if isinstance(raw_select, list) else [raw_select]
    if not selects:
        raise src.error((*at, "select"), "select: expected a path or a list of paths")
    compiled = []
    for i, s in enumerate(selects):
        where = (*at, "select", i) if isinstance(raw_select, list) else (*at, "select")
        try:
            steps = compile_path(s, allow_shortcuts=True)
        except ValueError as e:
            raise src.error(where, f"select: {e}") from None
        if steps and steps[0][0] in _SHORTCUTS and FileKind.KUBERNETES not in kinds:
            raise src.error(where, f"select: {steps[0][0]} needs target kind kubernetes")
        compiled.append(steps)
    cond = None
    if data.get("where") is not None:
        cond = compile_condition(data["where"], (*at, "where"), src)
    message = _message(data.get("message", rule.short_description), (*at, "message"), src)
    return Policy(rule, kinds, resources, namespaces, tuple(compiled), cond, message,
                  _guards(data.get("where")))


def _guards(where: Any) -> tuple[tuple[str, Matcher], ...]:
    """The top-level `key-matches` and `matches` of a `where` (a mapping, or a list read as
    all of them); compiled already once, so these cannot fail."""
    out = []
    for cond in where if isinstance(where, list) else [where]:
        if isinstance(cond, dict):
            for op, what in (("key-matches", "keys"), ("matches", "values")):
                if isinstance(cond.get(op), str):
                    out.append((what, compile_user(cond[op])))
    return tuple(out)


_TEXTS: WeakKeyDictionary[ScannedFile, dict[str, frozenset[str]]] = WeakKeyDictionary()


def _file_texts(file: ScannedFile) -> dict[str, frozenset[str]]:
    """Every mapping key and every scalar value (as conditions see it: "" for null) of the
    file's documents, once per file."""
    texts = _TEXTS.get(file)
    if texts is None:
        seen: set[int] = set()
        keys: set[str] = set()
        values: set[str] = {""}
        for doc in file.yaml_documents:
            for node in iter_nodes(doc, seen=seen):
                if isinstance(node, MappingNode):
                    keys.update(k.value for k, _ in node.value if isinstance(k, ScalarNode))
                elif isinstance(node, ScalarNode):
                    values.add(node.value)
        texts = _TEXTS[file] = {"keys": frozenset(keys), "values": frozenset(values)}
    return texts


def _policy_files(folder: str) -> list[Path]:
    d = Path(folder)
    if not d.is_dir():
        raise ConfigError(f"rules dir {folder}: not a folder")
    return sorted(p for p in d.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_policies(dirs: tuple[str, ...]) -> tuple[Policy, ...]:
    """Every policy of the rules dirs (each *.yaml/*.yml file, each document one policy),
    validated; compiled once per process (per folder, by absolute path)."""
    return _load_policies(tuple(os.path.abspath(d) for d in dirs))


@lru_cache(maxsize=8)
def _load_policies(dirs: tuple[str, ...]) -> tuple[Policy, ...]:
    out: list[Policy] = []
    seen: dict[str, str] = {}
    names: dict[str, str] = {}
    for folder in dirs:
        for path in _policy_files(folder):
            docs, src = _read(path)
            for i, data in enumerate(docs):
                policy = parse_policy(data, (i,), src)
                if policy.id in seen:
                    raise src.error((i, "id"), f"duplicate rule id {policy.id} (also in {seen[policy.id]})")
                if policy.rule.name in names:
                    raise src.error((i, "name"), f"duplicate rule name {policy.rule.name} "
                                    f"(also in {names[policy.rule.name]})")
                seen[policy.id] = names[policy.rule.name] = str(path)
                out.append(policy)
    return tuple(out)


def policy_checks(dirs: tuple[str, ...]) -> tuple[FileCheck, ...]:
    """The engine's file checks for the policies of the rules dirs (cached per process)."""
    return _policy_checks(dirs, os.getcwd()) if dirs else ()


@lru_cache(maxsize=8)
def _policy_checks(dirs: tuple[str, ...], cwd: str) -> tuple[FileCheck, ...]:
    return tuple(FileCheck(rules=(p.id,), run=partial(run_policy, p), kinds=p.kinds)
                 for p in load_policies(dirs))


# --------------------------------------------------------------------------- running


def _roots(policy: Policy, file: ScannedFile) -> Iterator[tuple[Node, tuple[str, ...], Any]]:
    if file.kind is FileKind.KUBERNETES:
        from .k8s.model import namespace_of, resources

        for r in resources(file):
            if policy.resources is not None and r.kind not in policy.resources:
                continue
            if policy.namespaces is not None:
                ns = namespace_of(r, file)
                if ns is None or not any(fnmatch.fnmatchcase(ns, g) for g in policy.namespaces):
                    continue
            yield r.node, r.place, r
    else:
        for i, doc in enumerate(file.yaml_documents):
            yield doc, (str(i),), None


_WALKS: WeakKeyDictionary[ScannedFile, dict[Any, list[Match]]] = WeakKeyDictionary()


def run_policy(policy: Policy, file: ScannedFile) -> Iterator[Finding]:
    if policy.guards:
        texts = _file_texts(file)
        if not all(any(rx.search(t) for t in texts[what]) for what, rx in policy.guards):
            return
    settings = file.settings
    env = Env(settings.secret_names, settings.placeholders)
    cache = _WALKS.setdefault(file, {})
    for root, place, resource in _roots(policy, file):
        seen: set[int] | None = set() if len(policy.selects) > 1 else None
        where = policy.where
        for steps in policy.selects:
            try:
                matches = _follow([Match(root, (), None)], steps, resource, cache)
            except YamlError as e:
                file.notify(f"{policy.id}: {e.message}")
                continue
            for m in matches:
                subject = m.subject or _subject(m)
                if subject.value == "" and is_null(m.node):
                    continue
                if seen is not None:
                    if id(m.node) in seen:
                        continue
                    seen.add(id(m.node))
                if where is not None and not where(subject, env):
                    continue
                yield _finding(policy, file, m, subject, place, env)


def _entropy(s: str) -> float:
    counts = Counter(s)
    return -sum(c / len(s) * math.log2(c / len(s)) for c in counts.values())


_TOKEN_PREFIX = re.compile("^(" + "|".join(map(re.escape, TOKEN_PREFIXES)) + ")")


def secret_like(value: str, key: str | None, env: Env) -> bool:
    """Masked in messages: a secret-named key's value, a known token format, or one long
    high-entropy word (no `/` or `@`, so image references and action refs stay readable)."""
    if key is not None and is_secret_name(key, env.secret_names):
        return True
    v = value.strip()
    if _TOKEN_PREFIX.match(v):
        return True
    return (len(v) >= 20 and not any(c.isspace() or c in "/@" for c in v)
            and _entropy(v) >= 4.0 and classify(v, env.placeholders) is ValueKind.LITERAL)


def _shown(value: str) -> str:
    v = " ".join(value.split())
    return v if len(v) <= _MAX_SHOWN else v[: _MAX_SHOWN - 3] + "..."


def _path_text(path: tuple[str | int, ...]) -> str:
    out = ""
    for p in path:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            key = p if re.fullmatch(r"[^.\[\]\s\"]+", p) else f'"{p}"'
            out += f".{key}" if out else key
    return out or "."


def _finding(policy: Policy, file: ScannedFile, m: Match, s: Subject, place: tuple[str, ...],
             env: Env) -> Finding:
    source = file.source
    node = m.node
    value = s.value or ""
    secret = None
    if isinstance(node, ScalarNode):
        mt = scalar_text(node, source)
        span = mt.span(0, len(mt.text)) if mt.text else node_span(node, source)
        if value and secret_like(value, s.key, env):
            shown = mask(value)
            if classify(value, env.placeholders) is ValueKind.LITERAL:
                secret = value
        else:
            shown = _shown(value)
    else:
        if m.key_node is not None:
            span = node_span(m.key_node, source)
        else:
            start = node_span(node, source).start
            span = Span(start, start)
        shown = ""
    ref = parse_image(value) if value and secret is None else None
    fields = {
        "value": shown,
        "key": s.key or "",
        "path": _path_text(m.path),
        "registry": ref.registry if ref else "",
        "repository": ref.repository if ref else "",
        "tag": (ref.tag or "") if ref else "",
        "digest": (ref.digest or "") if ref else "",
    }
    message = policy.message.format_map(fields)
    return Finding(policy.id, message, file.path, span, (*place, *(str(p) for p in m.path)), secret=secret)
