"""Validate SARIF files with the Microsoft SARIF Multitool (SARIF and GitHub ingestion rules).

Installs @microsoft/sarif-multitool 5.7.0 from npm into build/multitool on first use. The
Multitool exits 0 whatever it finds, so this script reads its report and fails on any error.
It has no Linux aarch64 build: there the check is skipped with a message.
"""

from __future__ import annotations

import json
import platform
import shutil
import subprocess
import sys
from pathlib import Path

VERSION = "5.7.0"
ROOT = Path(__file__).resolve().parent.parent
TOOL_DIR = ROOT / "build" / "multitool"
# GH1001-GH1007 (GitHub's legacy ingestion rules) are off unless a config turns them on.
LEGACY_RULES = (
    "GH1001.ProvideRequiredLocationProperties",
    "GH1002.InlineThreadFlowLocations",
    "GH1003.ProvideRequiredRegionProperties",
    "GH1004.ReviewArraysThatExceedConfigurableDefaults",
    "GH1005.LocationsMustBeRelativeUrisOrFilePaths",
    "GH1006.ProvideCheckoutPath",
    "GH1007.ProvideFullyFormattedMessageStrings",
)


def _config(path: Path) -> None:
    body = "".join(
        f'  <Properties Key="{rule}.Options">\n'
        '    <Property Key="RuleEnabled" Value="Error" Type="Driver.RuleEnabledState" />\n'
        "  </Properties>\n"
        for rule in LEGACY_RULES
    )
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<Properties>\n{body}</Properties>\n')


def _binary() -> Path | None:
    if platform.system() != "Linux" or platform.machine() not in ("x86_64", "AMD64"):
        return None
    exe = TOOL_DIR / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"
    if not exe.exists():
        if shutil.which("npm") is None:
            return None
        TOOL_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "init", "-y"], cwd=TOOL_DIR, check=True, capture_output=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", f"@microsoft/sarif-multitool@{VERSION}"],
                       cwd=TOOL_DIR, check=True, capture_output=True)
    return exe


def main(files: list[str]) -> int:
    exe = _binary()
    if exe is None:
        print("sarif-multitool: not available on this platform (x86-64 Linux with npm needed); skipped")
        return 0
    config = TOOL_DIR / "gh-legacy-rules.xml"
    _config(config)
    errors = 0
    for f in files:
        report = TOOL_DIR / "report.sarif"
        subprocess.run(
            [str(exe), "validate", f, "--rule-kind", "Sarif;Ghas", "-c", str(config),
             "-o", str(report), "--log", "ForceOverwrite"],
            check=True, capture_output=True,
            env={"DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1", "PATH": "/usr/bin:/bin"},
        )
        data = json.loads(report.read_text("utf-8-sig"))
        found = [r for run in data["runs"] for r in run.get("results", [])]
        bad = [r for r in found if r.get("level", "warning") == "error"]
        for r in found:
            print(f"{f}: {r.get('level', 'warning')} {r.get('ruleId')}: {r.get('message', {}).get('text', '')[:200]}")
        print(f"{f}: sarif-multitool: {len(bad)} error(s), {len(found) - len(bad)} other finding(s)")
        errors += len(bad)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
