"""The generated rule docs are up to date, links resolve, and SARIF helpUri points at real pages."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

import pytest

from dcrlint import config
from dcrlint.cli import main
from dcrlint.rulesmeta import DOCS_URL, load_yaml, parse_rule

ROOT = Path(__file__).resolve().parent.parent
RULE_FILES = sorted((ROOT / "rules").glob("*.yaml"))
RULES = [parse_rule(load_yaml(p), p) for p in RULE_FILES]
REPO_BLOB = "https://github.com/dcrlint/dcrlint/blob/main/"


def _gen_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_docs_are_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    code = _gen_docs().main(["--check"])
    assert code == 0, capsys.readouterr().err + "\nrun: python scripts/gen_docs.py"


def test_check_mode_notices_a_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    gen = _gen_docs()
    docs = tmp_path / "docs" / "rules"
    docs.mkdir(parents=True)
    readme = tmp_path / "README.md"
    readme.write_text((ROOT / "README.md").read_text())
    monkeypatch.setattr(gen, "DOCS_DIR", docs)
    monkeypatch.setattr(gen, "README", readme)
    monkeypatch.setattr(gen, "ROOT", tmp_path)
    assert gen.main(["--check"]) == 1  # nothing written yet
    assert gen.main([]) == 0
    assert gen.main(["--check"]) == 0
    (docs / "DCR999.md").write_text("left over\n")  # a page without a rule
    page = docs / f"{RULES[0].id}.md"
    page.write_text(page.read_text() + "edited by hand\n")
    assert gen.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert "docs/rules/DCR999.md" in err and f"docs/rules/{RULES[0].id}.md" in err
    assert gen.main([]) == 0 and not (docs / "DCR999.md").exists()
    assert gen.main(["--check"]) == 0


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_page(rule) -> None:  # type: ignore[no-untyped-def]
    page = (ROOT / "docs" / "rules" / f"{rule.id}.md").read_text()
    assert page.splitlines()[1] == f"# {rule.id}: {rule.name}"
    for section in ("What it finds", "Why it matters", "Examples", "How to fix", "How to suppress",
                    "Configuration"):
        assert f"\n## {section}\n" in page, section
    for ex in rule.examples:
        assert ex.bad.rstrip("\n") in page and ex.good.rstrip("\n") in page
    for ref in rule.references:
        assert ref in page
    assert f"dcrlint: ignore[{rule.id}]" in page
    for option in rule.options:
        assert f"`{option}`" in page
    assert f"[{rule.id}](docs/rules/{rule.id}.md)" in (ROOT / "README.md").read_text()
    assert f"[{rule.id}]({rule.id}.md)" in (ROOT / "docs" / "rules" / "README.md").read_text()


def test_sarif_help_uri_points_at_existing_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert DOCS_URL.startswith(REPO_BLOB)
    monkeypatch.chdir(tmp_path)
    main(["--no-git", "--format", "sarif"])
    rules = json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == {r.id for r in RULES}
    for rule in rules:
        assert rule["helpUri"].startswith(REPO_BLOB), rule["helpUri"]
        assert (ROOT / rule["helpUri"][len(REPO_BLOB):]).is_file(), rule["helpUri"]


def _slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_every_setting_is_documented() -> None:
    text = (ROOT / "docs" / "configuration.md").read_text()
    anchors = {_slug(m.group(1)) for m in re.finditer(r"^#+ (.+)$", text, re.M)}
    from dcrlint.checks import rule_options

    # settings of the whole scan, options of the rules
    keys = set(config._KEYS) | {o.key for opts in rule_options().values() for o in opts}
    for key in sorted(keys):
        assert _slug(key) in anchors, key
    for rule in RULES:
        for option in rule.options:
            assert _slug(option) in anchors, (rule.id, option)


def test_relative_links_resolve() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    for page in pages:
        for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text()):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            path = target.split("#", 1)[0]
            assert (page.parent / path).exists(), f"{page.relative_to(ROOT)}: {target}"


def test_builtin_rules_are_the_yaml_files() -> None:
    """A run reads rules_data (no YAML parse); it holds exactly what rules/*.yaml say."""
    from dataclasses import replace

    from dcrlint.rulesmeta import builtin_rules

    loaded = sorted(builtin_rules().values(), key=lambda r: r.id)
    assert [replace(r, source=Path(r.source).name) for r in loaded] == \
        sorted((replace(r, source=Path(r.source).name) for r in RULES), key=lambda r: r.id)
