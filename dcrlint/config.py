"""Settings from `.dcrlint.yaml` or `[tool.dcrlint]` in pyproject.toml, validated key by key."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .values import DEFAULT_PLACEHOLDERS, DEFAULT_SECRET_NAMES

LEVELS = ("error", "warning", "note")
# Conventional test-data folders (globs as in `exclude`, matched against any parent folder).
DEFAULT_FIXTURE_PATHS: tuple[str, ...] = (
    "test", "tests", "testdata", "test-data", "test_data", "fixtures", "fixture", "__fixtures__",
    "__snapshot__", "__snapshots__", "__tests__", "spec/fixtures",
)
FAIL_ON = (*LEVELS, "never")
CONFIG_NAMES = (".dcrlint.yaml", ".dcrlint.yml")


class ConfigError(Exception):
    """A configuration problem the user must fix; the message names the key."""


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ()  # empty: every rule
    ignore: tuple[str, ...] = ()
    levels: Mapping[str, str] = field(default_factory=dict)
    fail_on: str = "warning"
    private_registries: tuple[str, ...] = ()
    public_registries: tuple[str, ...] = ()
    secret_names: str = DEFAULT_SECRET_NAMES
    placeholders: tuple[str, ...] = DEFAULT_PLACEHOLDERS
    max_age_days: int = 90
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # rule -> path[:line] globs
    default_namespace: str = "default"
    unresolved_without_secrets: bool = False
    report_unknown_registries: bool = False  # DCR020: a note for registries with no evidence
    # Findings in test data: reported at this level with the tag `test-fixture`.
    fixture_paths: tuple[str, ...] = DEFAULT_FIXTURE_PATHS
    fixture_level: str = "note"
    rotation_annotations: tuple[str, ...] = ("dcrlint.io/rotated-at",)
    expiry_annotations: tuple[str, ...] = ("dcrlint.io/expires-at",)
    shell_executor_tags: tuple[str, ...] = ()  # GitLab runner tags of shell executors (DCR014)
    high_entropy: bool = False
    max_file_size: int = 2_000_000
    rules_dirs: tuple[str, ...] = ()
    # Run parameters (command line only).
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    git: bool = True
    root: str = "."  # folder paths in reports are relative to
    project_root: str = ""  # folder include/exclude globs are relative to (config file's; default root)
    force_exclude: bool = False  # exclude also files named on the command line (pre-commit)
    stdin_name: str = ""  # --stdin-filename: what `-` is reported as and classified by
    stdin_data: bytes | None = field(default=None, repr=False)  # what `-` read

    def with_overrides(self, **kwargs: Any) -> Settings:
        return replace(self, **kwargs)


def _str_list(key: str, v: Any) -> tuple[str, ...]:
    if isinstance(v, str):
        return (v,)
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise ConfigError(f"{key}: expected a list of strings")
    return tuple(v)


def _regexes(key: str, v: Any) -> tuple[str, ...]:
    """User patterns, each compiled now (RE2 when it can run it): an invalid one, or one that
    could take exponential time, is an error of this key, not of every check later."""
    from .userregex import RegexError, compile_user

    items = _str_list(key, v)
    for item in items:
        try:
            compile_user(item)
        except RegexError as e:
            raise ConfigError(f"{key}: {e.message}") from None
    return items


def _name(key: str, v: Any) -> str:
    if not isinstance(v, str) or not v.strip():
        raise ConfigError(f"{key}: expected a non-empty string, got {v!r}")
    return v


def _level(key: str, v: Any) -> str:
    if v not in LEVELS:
        raise ConfigError(f"{key}: expected one of {', '.join(LEVELS)}, got {v!r}")
    return str(v)


def _fail_on(key: str, v: Any) -> str:
    if v not in FAIL_ON:
        raise ConfigError(f"{key}: expected one of {', '.join(FAIL_ON)}, got {v!r}")
    return str(v)


def _positive_int(key: str, v: Any) -> int:
    if not isinstance(v, int) or isinstance(v, bool) or v <= 0:
        raise ConfigError(f"{key}: expected a positive integer, got {v!r}")
    return v


def _bool(key: str, v: Any) -> bool:
    if not isinstance(v, bool):
        raise ConfigError(f"{key}: expected true or false, got {v!r}")
    return v


def _levels(key: str, v: Any) -> dict[str, str]:
    if not isinstance(v, dict):
        raise ConfigError(f"{key}: expected a mapping of rule to level")
    return {str(k): _level(f"{key}.{k}", lv) for k, lv in v.items()}


def _ignores(key: str, v: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(v, dict):
        raise ConfigError(f"{key}: expected a mapping of rule to a list of paths")
    return {str(k): _str_list(f"{key}.{k}", paths) for k, paths in v.items()}


def _secret_names(key: str, v: Any) -> str:
    from .userregex import scoped

    return "|".join(f"(?:{scoped(p)})" for p in (DEFAULT_SECRET_NAMES, *_regexes(key, v)))


def _placeholders(key: str, v: Any) -> tuple[str, ...]:
    return DEFAULT_PLACEHOLDERS + _regexes(key, v)


_Parser = Callable[[str, Any], Any]
# config key -> (Settings field, parser)
_KEYS: dict[str, tuple[str, _Parser]] = {
    "select": ("select", _str_list),
    "ignore": ("ignore", _str_list),
    "levels": ("levels", _levels),
    "fail-on": ("fail_on", _fail_on),
    "secret-names": ("secret_names", _secret_names),
    "placeholders": ("placeholders", _placeholders),
    "max-credential-age-days": ("max_age_days", _positive_int),
    "include": ("include", _str_list),
    "exclude": ("exclude", _str_list),
    "ignores": ("ignores", _ignores),
    "high-entropy": ("high_entropy", _bool),
    "shell-executor-tags": ("shell_executor_tags", _str_list),
    "max-file-size": ("max_file_size", _positive_int),
    "rules-dirs": ("rules_dirs", _str_list),
    "rotation-annotations": ("rotation_annotations", _str_list),
    "expiry-annotations": ("expiry_annotations", _str_list),
}
_SECTIONS: dict[str, dict[str, tuple[str, _Parser]]] = {
    "registries": {
        "private": ("private_registries", _regexes),
        "public": ("public_registries", _regexes),
        "report-unknown": ("report_unknown_registries", _bool),
    },
    "kubernetes": {
        "default-namespace": ("default_namespace", lambda k, v: _name(k, v)),
        "unresolved-without-secrets": ("unresolved_without_secrets", _bool),
    },
    "test-fixtures": {
        "paths": ("fixture_paths", _str_list),
        "level": ("fixture_level", _level),
    },
}


def parse(data: Mapping[str, Any], origin: str) -> Settings:
    """Settings from a parsed config mapping; unknown keys and bad values are errors."""
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in _KEYS:
            name, parser = _KEYS[key]
            values[name] = parser(key, value)
        elif key in _SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(f"{origin}: {key}: expected a mapping")
            for sub, subvalue in value.items():
                if sub not in _SECTIONS[key]:
                    known = ", ".join(_SECTIONS[key])
                    raise ConfigError(f"{origin}: unknown key {key}.{sub} (known: {known})")
                name, parser = _SECTIONS[key][sub]
                values[name] = parser(f"{key}.{sub}", subvalue)
        else:
            raise ConfigError(f"{origin}: unknown key {key!r}")
    if "rules_dirs" in values:  # relative to the config file
        base = Path(origin).parent
        values["rules_dirs"] = tuple(str(base / d) for d in values["rules_dirs"])
    return Settings(**values)


def find_config(start: Path) -> Path | None:
    """The nearest .dcrlint.yaml, or pyproject.toml with [tool.dcrlint], from start upward."""
    for folder in (start, *start.parents):
        try:
            for name in CONFIG_NAMES:
                if (folder / name).is_file():
                    return folder / name
            pyproject = folder / "pyproject.toml"
            if pyproject.is_file() and "[tool.dcrlint" in _text(pyproject):
                return pyproject
        except (OSError, ConfigError):  # a folder or file that cannot be read: no config we can use
            continue
    return None


def _text(path: Path) -> str:
    """A settings file's text: a regular file of bounded size (never a pipe or a device)."""
    from .reading import Unreadable, read_text

    try:
        return read_text(path)
    except Unreadable as e:
        raise ConfigError(f"{path}: {str(e).replace('; skipped', '')}") from None


def load(path: Path) -> Settings:
    text = _text(path)
    data: Any
    if path.name == "pyproject.toml":
        if sys.version_info >= (3, 11):
            import tomllib
        else:
            import tomli as tomllib
        try:
            data = tomllib.loads(text).get("tool", {}).get("dcrlint", {})
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{path}: invalid TOML ({e})") from None
    else:
        import yaml

        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = f" line {mark.line + 1}" if mark else ""
            raise ConfigError(f"{path}:{where}: invalid YAML") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings")
    return parse(data, str(path))
