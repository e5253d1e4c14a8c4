"""Settings from `.dcrlint.yaml` or `[tool.dcrlint]` in pyproject.toml, validated key by key."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .options import NAME, Option, OptionType, _positive_int, _regexes, _str_list
from .options import ConfigError as ConfigError  # where the rest of dcrlint imports it from
from .records import field, lazy_dataclass, replace
from .valuepatterns import DEFAULT_PLACEHOLDERS, DEFAULT_SECRET_NAMES

LEVELS = ("error", "warning", "note")
# Conventional test-data folders (globs as in `exclude`, matched against any parent folder).
# Also Molecule's scenarios (Ansible's tests: the registry and the passwords a scenario starts
# for itself), and vendored copies of other projects (`vendor/`, `node_modules/`, `third_party/`:
# their CI and Compose files hold that project's test passwords, not this one's configuration).
DEFAULT_FIXTURE_PATHS: tuple[str, ...] = (
    "test", "tests", "testdata", "test-data", "test_data", "fixtures", "fixture", "__fixtures__",
    "__snapshot__", "__snapshots__", "__tests__", "spec/fixtures", "molecule", "vendor", "node_modules",
    "third_party",
    # end-to-end and integration suites (the manifests and Secrets a suite deploys to a test cluster)
    "e2e", "e2e-tests", "e2e_tests", "integration-tests", "integration_tests",
)
FAIL_ON = (*LEVELS, "never")
CONFIG_NAMES = (".dcrlint.yaml", ".dcrlint.yml")


def _level(key: str, v: Any) -> str:
    if v not in LEVELS:
        raise ConfigError(f"{key}: expected one of {', '.join(LEVELS)}, got {v!r}")
    return str(v)


def _fail_on(key: str, v: Any) -> str:
    if v not in FAIL_ON:
        raise ConfigError(f"{key}: expected one of {', '.join(FAIL_ON)}, got {v!r}")
    return str(v)


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


# Settings of the whole scan that rules also read (their metadata lists them among the rule's
# options): declared here, kept as fields of Settings.
PLACEHOLDERS: Option[tuple[str, ...]] = Option(
    "placeholders", OptionType("list of regular expressions", _placeholders), DEFAULT_PLACEHOLDERS,
    field="placeholders",
    shown="the built-in list (`<password>`, `changeme`, `xxxx` ...)",
    doc="Regular expressions added to the built-in list of values that are not credentials; a value "
        "matching one is never reported as a secret.")
SECRET_NAMES: Option[str] = Option(
    "secret-names", OptionType("list of regular expressions", _secret_names), DEFAULT_SECRET_NAMES,
    field="secret_names",
    shown="the built-in pattern (PASSWORD, TOKEN, SECRET, API_KEY ...)",
    doc="Regular expressions added to the built-in pattern of secret-looking variable and key names.")
DEFAULT_NAMESPACE: Option[str] = Option(
    "kubernetes.default-namespace", NAME, "default", field="default_namespace",
    doc="Namespace of manifests that do not name one; used to match pods with their ServiceAccount "
        "and pull Secrets.")


@lazy_dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ()  # empty: every rule
    ignore: tuple[str, ...] = ()
    levels: Mapping[str, str] = field(default_factory=dict)
    fail_on: str = "warning"
    secret_names: str = DEFAULT_SECRET_NAMES
    placeholders: tuple[str, ...] = PLACEHOLDERS.default
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # rule -> path[:line] globs
    default_namespace: str = DEFAULT_NAMESPACE.default
    # Findings in test data: reported at this level with the tag `test-fixture`.
    fixture_paths: tuple[str, ...] = DEFAULT_FIXTURE_PATHS
    fixture_level: str = "note"
    # The options of rules that the configuration sets, by key (`registries.private`): each
    # declared, typed and defaulted by its check module (`Option.of` reads it).
    options: Mapping[str, Any] = field(default_factory=dict)
    max_file_size: int = 2_000_000
    rules_dirs: tuple[str, ...] = ()
    # Run parameters (command line only).
    # The start of today (UTC), as `--now` with today's date gives: a run's results are a function
    # of the day (the result cache is keyed by it), not of the time of day it ran at.
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC).replace(
        hour=0, minute=0, second=0, microsecond=0))
    git: bool = True
    root: str = "."  # folder paths in reports are relative to
    project_root: str = ""  # folder include/exclude globs are relative to (config file's; default root)
    force_exclude: bool = False  # exclude also files named on the command line (pre-commit)
    stdin_name: str = ""  # --stdin-filename: what `-` is reported as and classified by
    stdin_data: bytes | None = field(default=None, repr=False)  # what `-` read

    def with_overrides(self, **kwargs: Any) -> Settings:
        return replace(self, **kwargs)

    def with_options(self, **options: Any) -> Settings:
        """These rule options set as well, by key (`registries.private=...`)."""
        return replace(self, options={**self.options, **options})


_Parser = Callable[[str, Any], Any]
# Settings of the whole scan: config key (`section.key` in a section) -> (Settings field, parser).
# A key not here is a rule's option, declared by its check module (OPTIONS).
_KEYS: dict[str, tuple[str, _Parser]] = {
    "select": ("select", _str_list),
    "ignore": ("ignore", _str_list),
    "levels": ("levels", _levels),
    "fail-on": ("fail_on", _fail_on),
    SECRET_NAMES.key: ("secret_names", SECRET_NAMES.type.parse),
    PLACEHOLDERS.key: ("placeholders", PLACEHOLDERS.type.parse),
    "include": ("include", _str_list),
    "exclude": ("exclude", _str_list),
    "ignores": ("ignores", _ignores),
    "max-file-size": ("max_file_size", _positive_int),
    "rules-dirs": ("rules_dirs", _str_list),
    DEFAULT_NAMESPACE.key: ("default_namespace", DEFAULT_NAMESPACE.type.parse),
    "test-fixtures.paths": ("fixture_paths", _str_list),
    "test-fixtures.level": ("fixture_level", _level),
}


class _RuleOptions(Mapping[str, "Option[Any]"]):
    """The options of the built-in rules by key, as their metadata lists them (no import);
    looking one up imports the check module that declares it, and only that one."""

    def __init__(self) -> None:
        from .rulesmeta import builtin_rules

        self._rule = {k: r.id for r in builtin_rules().values() for k in r.options if k not in _KEYS}

    def __getitem__(self, key: str) -> Option[Any]:
        from .checks import options_of

        rule = self._rule[key]
        for option in options_of(rule):
            if option.key == key:
                return option
        raise ConfigError(f"{key}: rule {rule} lists this setting, but its check module does not declare it")

    def __contains__(self, key: object) -> bool:
        return key in self._rule

    def __iter__(self) -> Iterator[str]:
        return iter(self._rule)

    def __len__(self) -> int:
        return len(self._rule)


def parse(data: Mapping[str, Any], origin: str) -> Settings:
    """Settings from a parsed config mapping; unknown keys and bad values are errors. A key
    that is not a setting of the whole scan is looked up among the rules' options (importing
    the checks then, not before)."""
    values: dict[str, Any] = {}
    options: dict[str, Any] = {}
    rule_options: Mapping[str, Option[Any]] = {}
    for key, value in data.items():
        key = str(key)
        if key in _KEYS and "." not in key:
            name, parser = _KEYS[key]
            values[name] = parser(key, value)
            continue
        section = [k for k in _KEYS if k.startswith(key + ".")]
        if not (section and isinstance(value, dict) and all(f"{key}.{sub}" in _KEYS for sub in value)):
            rule_options = rule_options or _RuleOptions()
            if key in rule_options and "." not in key:
                options[key] = rule_options[key].parse(value)
                continue
            section += [k for k in rule_options if k.startswith(key + ".") and k not in section]
        if not section or "." in key:
            raise ConfigError(f"{origin}: unknown key {key!r}")
        if not isinstance(value, dict):
            raise ConfigError(f"{origin}: {key}: expected a mapping")
        for sub, subvalue in value.items():
            full = f"{key}.{sub}"
            if full in _KEYS:
                name, parser = _KEYS[full]
                values[name] = parser(full, subvalue)
            elif full in rule_options:
                options[full] = rule_options[full].parse(subvalue)
            else:
                known = ", ".join(k.split(".", 1)[1] for k in section)
                raise ConfigError(f"{origin}: unknown key {full} (known: {known})")
    if "rules_dirs" in values:  # relative to the config file
        base = Path(origin).parent
        values["rules_dirs"] = tuple(str(base / d) for d in values["rules_dirs"])
    return Settings(**values, options=options)


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
        import tomllib
        try:
            data = tomllib.loads(text).get("tool", {}).get("dcrlint", {})
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{path}: invalid TOML ({e})") from None
    else:
        import yaml

        try:
            if "&" in text and "*" in text:  # may alias: held to a file's allowance (yamlsrc)
                from .yamlsrc import YamlError, safe_load

                try:
                    data = safe_load(text) or {}
                except YamlError as e:
                    raise ConfigError(f"{path}: {e.message}") from None
            else:
                data = yaml.safe_load(text) or {}
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = f" line {mark.line + 1}" if mark else ""
            raise ConfigError(f"{path}:{where}: invalid YAML") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings")
    return parse(data, str(path))
