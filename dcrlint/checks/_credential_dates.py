"""Dates of credentials, shared by DCR040 (stale) and DCR041 (expired): JWT claims and
rotation/expiry annotations of Kubernetes resources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..filevalues import file_values
from ..findings import Finding
from ..lazyre import lazy_compile
from ..scanned import ScannedFile
from ._spellings import spellings

LIFECYCLE = ("DCR040", "DCR041")
_DATE = lazy_compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(text: str) -> dt.datetime | None:
    """ISO 8601 date or date-time (naive means UTC), or None."""
    s = text.strip()
    if not _DATE.match(s):
        return None
    if s.endswith(("Z", "z")):
        s = s[:-1] + "+00:00"
    try:
        when = dt.datetime.fromisoformat(s)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _age_days(now: dt.datetime, then: dt.datetime) -> int:
    return (now - then).days


def _day(when: dt.datetime) -> str:
    return when.date().isoformat()


def may_hold_jwt(file: ScannedFile) -> bool:
    """Whether a value of the file may hold a JWT: every JWT starts with a base64 `{"`, `eyJ`
    (in one case), as written or as the values read it decoded (`\\x65yJ`); once per file."""
    try:
        found: bool = file.memo["may_hold_jwt"]
    except KeyError:
        found = file.memo["may_hold_jwt"] = any("eyJ" in t for t in spellings(file))
    return found


def _jwt_findings(file: ScannedFile, rule: str, max_age: int) -> Iterator[Finding]:
    """DCR041: expired JWTs; DCR040: JWTs not expired but issued too long ago."""
    if not may_hold_jwt(file):
        return
    from .. import jwt  # here: few files hold one (start-up)

    now = file.settings.now
    for value in file_values(file):
        text = value.value
        if "eyJ" not in text:
            continue
        for start, end, token in jwt.find(text):
            if token.example:
                continue  # documentation's sample token: issued to no one, it has no age
            span = value.text.span(start, end)
            secret = file.source.text[span.start : span.end]
            what = f"JWT in `{value.key}`" if value.key else "JWT"
            if token.issuer:
                what += f" (issuer {token.issuer})"
            exp, iat = token.expires_at, token.issued_at
            if exp is not None and exp < now:
                if rule != "DCR041":
                    continue
                yield Finding("DCR041", f"{what} expired on {_day(exp)}", file.path, span,
                              value.place, secret)
            elif rule == "DCR040" and iat is not None and _age_days(now, iat) > max_age:
                age = _age_days(now, iat)
                yield Finding("DCR040", f"{what} was issued on {_day(iat)}, {age} days ago (maximum {max_age})",
                              file.path, span, value.place, secret,
                              properties=(("issued", _day(iat)), ("age-days", age)),
                              enriches=f"issued on {_day(iat)}, {age} days ago")


def _annotation_findings(file: ScannedFile, rule: str, max_age: int, keys: frozenset[str]) -> Iterator[Finding]:
    """DCR041: expiry annotations in the past; DCR040: rotation annotations too old."""
    docs = file.yaml_documents  # composed here as before: its notes keep their place
    if not docs or not may_hold_a_key(file, keys):
        return  # none of the annotations is written: nothing to date, nothing to report
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    from ..yamlsrc import get, mapping_items, node_span

    s = file.settings
    rotation = keys if rule == "DCR040" else frozenset()
    expiry = keys if rule == "DCR041" else frozenset()
    for doc in docs:
        if not isinstance(doc, MappingNode):
            continue
        resources = [doc]  # a resource, or the items of a List
        items = get(doc, "items")
        if isinstance(items, SequenceNode):
            resources += [item for item in items.value if isinstance(item, MappingNode)]
        for resource in resources:
            annotations = get(get(resource, "metadata"), "annotations")
            if not isinstance(annotations, MappingNode):
                continue
            kind_node = get(resource, "kind")
            name_node = get(get(resource, "metadata"), "name")
            kind = kind_node.value if isinstance(kind_node, ScalarNode) else "resource"
            name = f"{kind} {name_node.value}" if isinstance(name_node, ScalarNode) else str(kind)
            for k, v in mapping_items(annotations):
                if not isinstance(k, ScalarNode) or not isinstance(v, ScalarNode):
                    continue
                key = str(k.value)
                if key not in rotation and key not in expiry:
                    continue
                when = parse_date(str(v.value))
                span = node_span(v, file.source)
                if when is None:
                    file.notify(f"{name}: annotation {key} is not an ISO 8601 date",
                                file.source.position(span.start)[0])
                    continue
                if key in expiry and when < s.now:
                    yield Finding("DCR041", f"{name} expired on {_day(when)} (annotation {key})",
                                  file.path, span, ("metadata", "annotations", key))
                elif key in rotation and _age_days(s.now, when) > max_age:
                    yield Finding("DCR040", f"{name} was last rotated on {_day(when)}, "
                                  f"{_age_days(s.now, when)} days ago (maximum {max_age})",
                                  file.path, span, ("metadata", "annotations", key))


def may_hold_a_key(file: ScannedFile, keys: frozenset[str]) -> bool:
    """False only when no YAML key of the file can read as one of `keys`: none is written as
    is, nor decoded (`\\x72otated-at`, an escaped line break), and no key can be spelled
    otherwise (a key with a quote, a blank or a line break can be spelled with `''` or folded
    lines: always True for it)."""
    if not file.kind.is_yaml:
        return False
    if not _plain(keys):
        return True
    return any(k in t for t in spellings(file) for k in keys)


@lru_cache(maxsize=8)
def _plain(keys: frozenset[str]) -> bool:
    """No key that can be spelled but as written (checked once per configuration)."""
    return all(k and "'" not in k and '"' not in k and not any(c.isspace() for c in k) for k in keys)


def may_date_credentials(file: ScannedFile, annotations: frozenset[str]) -> bool:
    """The gate of `dated_credentials` with these annotation keys: a JWT or a key is written."""
    return may_hold_jwt(file) or may_hold_a_key(file, annotations)


def dated_credentials(file: ScannedFile, rule: str, annotations: Iterable[str],
                      max_age: int = 0) -> Iterator[Finding]:
    """The findings of `rule` (DCR040 or DCR041) from JWT claims and resource annotations
    (`annotations`: the rule's keys, rotation or expiry dates); DCR040 with its maximum age."""
    yield from _jwt_findings(file, rule, max_age)
    if file.kind.is_yaml:
        yield from _annotation_findings(file, rule, max_age, frozenset(annotations))
