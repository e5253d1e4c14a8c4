"""Rule metadata: every problem in rules/*.yaml is a clear error at load time."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from dcrlint import rulesmeta
from dcrlint.config import ConfigError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def rules_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    copy = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", copy)
    monkeypatch.setattr(rulesmeta, "builtin_rules_dir", lambda: copy)
    monkeypatch.setattr(rulesmeta, "builtin_rule_files", lambda: rulesmeta.rule_files(copy))
    rulesmeta.builtin_rules.cache_clear()
    yield copy
    rulesmeta.builtin_rules.cache_clear()


def test_builtin_rules_load(rules_dir: Path) -> None:
    rules = rulesmeta.builtin_rules()
    assert {"DCR001", "DCR051"} <= set(rules)
    assert all(r.help_uri.endswith(f"docs/rules/{r.id}.md") for r in rules.values())


def test_unknown_key(rules_dir: Path) -> None:
    path = rules_dir / "DCR001.yaml"
    path.write_text(path.read_text() + "severity: high\n")
    with pytest.raises(ConfigError, match=r"DCR001.yaml: unknown key 'severity'"):
        rulesmeta.builtin_rules()


def test_duplicate_id(rules_dir: Path) -> None:
    shutil.copy(rules_dir / "DCR001.yaml", rules_dir / "DCR001-copy.yaml")
    with pytest.raises(ConfigError, match="duplicate rule id DCR001"):
        rulesmeta.builtin_rules()


def test_rule_without_check(rules_dir: Path) -> None:
    text = (rules_dir / "DCR001.yaml").read_text().replace("id: DCR001", "id: DCR099")
    (rules_dir / "DCR099.yaml").write_text(text.replace("name: password-on-command-line", "name: nothing"))
    with pytest.raises(ConfigError, match="rule DCR099 has no check"):
        rulesmeta.builtin_rules()


def test_check_without_metadata(rules_dir: Path) -> None:
    (rules_dir / "DCR050.yaml").unlink()
    with pytest.raises(ConfigError, match="check for DCR050 has no metadata file"):
        rulesmeta.builtin_rules()


def test_bad_level_and_severity(rules_dir: Path) -> None:
    path = rules_dir / "DCR001.yaml"
    path.write_text(path.read_text().replace("level: error", "level: high"))
    with pytest.raises(ConfigError, match="level must be one of"):
        rulesmeta.builtin_rules()
