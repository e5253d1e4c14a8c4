"""Rule metadata from rules/*.yaml: the one source for SARIF rules, `explain` and the docs."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import LEVELS, ConfigError
from .records import lazy_dataclass

if TYPE_CHECKING:
    from .config import Settings

DOCS_URL = "https://github.com/dcrlint/dcrlint/blob/main/docs/rules/{id}.md"
KINDS = ("presence", "practice", "lifecycle")
_REQUIRED = ("id", "name", "level", "security-severity", "kind", "short-description",
             "full-description", "help", "examples")
_OPTIONAL = ("precision", "tags", "fixable", "options", "references", "help-uri", "contexts", "precedence")


@lazy_dataclass(frozen=True)
class Example:
    context: str
    bad: str
    good: str


@lazy_dataclass(frozen=True)
class Rule:
    id: str
    name: str
    level: str
    security_severity: float
    kind: str
    short_description: str
    full_description: str
    help: str
    examples: tuple[Example, ...]
    precision: str = "high"
    tags: tuple[str, ...] = ()
    fixable: bool = False
    options: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    contexts: tuple[str, ...] = ()
    # Presence rules: where several report the same secret at the same place, the one with
    # the lowest precedence (the most specific) reports it.
    precedence: int | None = None
    help_uri: str = ""
    source: str = ""  # the YAML file it came from


def _fail(path: Path, problem: str) -> ConfigError:
    return ConfigError(f"{path}: {problem}")


def parse_rule(data: Any, path: Path, extra_keys: tuple[str, ...] = ()) -> Rule:
    if not isinstance(data, dict):
        raise _fail(path, "expected a mapping")
    unknown = sorted(set(data) - set(_REQUIRED) - set(_OPTIONAL) - set(extra_keys))
    if unknown:
        raise _fail(path, f"unknown key {unknown[0]!r}")
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise _fail(path, f"missing key {missing[0]!r}")
    if data["level"] not in LEVELS:
        raise _fail(path, f"level must be one of {', '.join(LEVELS)}")
    if data["kind"] not in KINDS:
        raise _fail(path, f"kind must be one of {', '.join(KINDS)}")
    severity = data["security-severity"]
    if not isinstance(severity, (int, float)) or not 0.0 <= severity <= 10.0:
        raise _fail(path, "security-severity must be a number from 0.0 to 10.0")
    examples = data["examples"]
    if not isinstance(examples, list) or not examples:
        raise _fail(path, "examples must be a non-empty list of {context, bad, good}")
    parsed = []
    for ex in examples:
        if not isinstance(ex, dict) or set(ex) != {"context", "bad", "good"}:
            raise _fail(path, "each example needs exactly context, bad and good")
        parsed.append(Example(str(ex["context"]), str(ex["bad"]), str(ex["good"])))
    precedence = data.get("precedence")
    if precedence is not None and (type(precedence) is not int or data["kind"] != "presence"):
        raise _fail(path, "precedence must be an integer, and only presence rules have one")
    rule_id = str(data["id"])
    return Rule(
        id=rule_id,
        name=str(data["name"]),
        level=str(data["level"]),
        security_severity=float(severity),
        kind=str(data["kind"]),
        short_description=str(data["short-description"]).strip(),
        full_description=str(data["full-description"]).strip(),
        help=str(data["help"]).strip(),
        examples=tuple(parsed),
        precision=str(data.get("precision", "high")),
        tags=tuple(str(t) for t in data.get("tags", ())),
        fixable=bool(data.get("fixable", False)),
        options=tuple(str(o) for o in data.get("options", ())),
        references=tuple(str(r) for r in data.get("references", ())),
        contexts=tuple(str(c) for c in data.get("contexts", ())),
        precedence=precedence,
        help_uri=str(data.get("help-uri") or DOCS_URL.format(id=rule_id)),
        source=str(path),
    )


def builtin_rules_dir() -> Path:
    """rules/ of a source checkout, or its copy inside the installed wheel."""
    here = Path(__file__).resolve().parent
    packaged = here / "_rules"
    return packaged if packaged.is_dir() else here.parent / "rules"


def load_yaml(path: Path) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(path.read_text("utf-8"), Loader=loader)
    except (OSError, UnicodeDecodeError) as e:
        raise _fail(path, f"cannot read ({e})") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise _fail(path, f"{where}invalid YAML ({getattr(e, 'problem', '')})") from None


def rule_files(folder: Path) -> list[tuple[Path, Any]]:
    """Each rule file (*.yaml) of a folder, and its data."""
    return [(path, load_yaml(path)) for path in sorted(folder.glob("*.yaml"))]


def builtin_rule_files() -> list[tuple[Path, Any]]:
    """rules/*.yaml as built into dcrlint: rules_data, the files as Python data
    (scripts/gen_docs.py writes it; tests/test_docs.py keeps it equal to them), so that a run
    parses no YAML for its rules."""
    from .rules_data import RULES

    folder = builtin_rules_dir()
    return [(folder / name, data) for name, data in RULES]


def agrees_with_module(rule: Rule) -> list[str]:
    """How the metadata of a built-in rule differs from what its check module declares: the
    options it reads (`OPTIONS`) and whether it fixes (`FIXABLE`). Imports that module: run by
    tests/test_contracts.py and scripts/gen_docs.py, not by a scan (which imports only the
    modules of the kinds of file it meets). That `contexts` are the kinds the checks run on
    needs every extractor imported: tests/test_contracts.py."""
    from .checks import fixable, options_of

    problems = []
    declared = sorted(o.key for o in options_of(rule.id))
    if sorted(rule.options) != declared:
        problems.append(f"options {sorted(rule.options)} differ from those its check module declares ({declared})")
    if rule.fixable != fixable(rule.id):
        problems.append(f"fixable: {str(rule.fixable).lower()}, but its check module says "
                        f"{'it fixes' if fixable(rule.id) else 'it does not fix'} (FIXABLE)")
    return problems


@lru_cache(maxsize=1)
def builtin_rules() -> dict[str, Rule]:
    """Built-in rules by ID; each must have a check (checked at load time)."""
    from .checks import CHECKED_RULES

    rules: dict[str, Rule] = {}
    for path, data in builtin_rule_files():
        rule = parse_rule(data, path)
        if rule.id in rules:
            raise _fail(path, f"duplicate rule id {rule.id} (also in {rules[rule.id].source})")
        if rule.id not in CHECKED_RULES:
            raise _fail(path, f"rule {rule.id} has no check")
        rules[rule.id] = rule
    missing = sorted(set(CHECKED_RULES) - set(rules))
    if missing:
        raise ConfigError(f"check for {missing[0]} has no metadata file in {builtin_rules_dir()}")
    return rules


def levels_for(rules: dict[str, Rule], settings: Settings) -> dict[str, str]:
    """The level of every rule: its metadata's, unless `levels:` names it by ID, name or ID
    prefix (the one resolution for file and project results)."""
    levels = {rid: r.level for rid, r in rules.items()}
    for ref, level in settings.levels.items():
        for rid in resolve(rules, ref):
            levels[rid] = level
    return levels


def presence_order(rules: dict[str, Rule]) -> dict[str, int]:
    """Presence rules by precedence (rank 0 is the most specific), from the metadata."""
    ranked = sorted((r.precedence, r.id) for r in rules.values() if r.precedence is not None)
    return {rid: i for i, (_, rid) in enumerate(ranked)}


def resolve(rules: dict[str, Rule], ref: str) -> list[str]:
    """Rule IDs a reference names: an ID, a name, or an ID prefix such as DCR0 (as in ruff)."""
    ref = ref.strip()
    if ref in rules:
        return [ref]
    by_name = [r.id for r in rules.values() if r.name == ref]
    if by_name:
        return by_name
    prefixed = sorted(r for r in rules if r.startswith(ref.upper()) and ref)
    if prefixed and ref.upper() not in ("",):
        return prefixed
    raise ConfigError(f"unknown rule {ref!r}")
