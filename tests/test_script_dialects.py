"""PowerShell (`*.ps1`, `*.psm1`) and cmd.exe (`*.cmd`, `*.bat`) scripts are shell scripts read
in their own dialect: a Windows build script logs in as a POSIX one does.
A CI template expression in a PowerShell script (`${{ variables.registry }}`, replaced before
PowerShell runs) is one part of its word, to its `}}`."""

from __future__ import annotations

from pathlib import Path

import pytest
from _helpers import scan_as_written as scan
from conftest import Lint

from dcrlint.classify import FileKind, classify, script_dialect


@pytest.mark.parametrize(("path", "dialect"), [
    ("build.ps1", "pwsh"), ("ci/Release.PS1", "pwsh"), ("mod/Helpers.psm1", "pwsh"),
    ("build.cmd", "cmd"), ("scripts/push.BAT", "cmd"), ("deploy.sh", "sh"), ("x.ps1.d/run", "sh"),
])
def test_script_files_and_their_dialect(path: str, dialect: str) -> None:
    assert classify(path, "") is FileKind.SHELL or dialect == "sh"
    assert script_dialect(path) == dialect


def test_powershell_script_logins(lint: Lint) -> None:
    run = lint.scan("scripts/push.ps1", (
        "docker login -u ${env:REG_USER} -p ${env:REG_PASSWORD}\n"
        "docker login -u ci --password \"Hx9kq2LmZt\" r.example.com\n"
        "$env:REG_PASSWORD | docker login -u ci --password-stdin r.example.com\n"
        "Write-Host \"pw: $env:REG_PASSWORD\"\n"
        "Write-Output \"Logging in to ${env:REGISTRY}\"\n"
        "# docker login -u ci -p $env:REG_PASSWORD\n"
    ))
    assert run.starts() == [("DCR001", 1, 36), ("DCR001", 2, 32), ("DCR002", 2, 32), ("DCR003", 4, 1)]
    assert "Hx9kq2LmZt" not in run.printed


def test_cmd_script_logins(lint: Lint) -> None:
    run = lint.scan("push.cmd", (
        "@echo off\n"
        "docker login -u %REG_USER% -p %REG_PASS% r.example.com\n"
        "echo %REG_PASS%\n"
        "echo Logging in to %REGISTRY%\n"
        "rem docker login -p %REG_PASS%\n"
    ))
    assert run.starts() == [("DCR001", 2, 31), ("DCR003", 3, 1)]


def test_braced_powershell_variable_is_one_word(lint: Lint) -> None:
    """`${env:X}` is a variable, not a script block: the login keeps its registry and password."""
    run = lint.scan("a.ps1", "docker login -u u -p ${env:P} r.example.com; docker logout r.example.com\n")
    assert [(h.rule, h.column, h.end_column) for h in run.hits()] == [("DCR001", 22, 30)]
    assert "r.example.com" in run.hits()[0].message


def test_cmd_delayed_expansion_is_a_variable_and_caret_continues_crlf(lint: Lint) -> None:
    """`!NAME!` (setlocal enabledelayedexpansion) is a variable as `%NAME%` is; a caret before
    CRLF, a .bat file's usual line end, continues the command as before LF."""
    run = lint.scan("push.bat", (
        "@echo off\r\nsetlocal enabledelayedexpansion\r\n"
        "docker login -u ci -p !REG_PASSWORD! r.example.com\r\n"
        "docker login -u ci ^\r\n  -p %REG_PASSWORD% ^\r\n  r.example.com\r\n"
        "docker login -u ci -p Hx9!kq2L r.example.com\r\n"
    ))
    assert run.starts() == [("DCR001", 3, 23), ("DCR001", 5, 6), ("DCR001", 7, 23), ("DCR002", 7, 23)]
    assert all("r.example.com" in h.message for h in run.hits("DCR001"))


def test_delayed_expansion_is_cmd_only(lint: Lint) -> None:
    """In a POSIX shell `!` is a character: a password holding `!WORD!` is a literal."""
    run = lint.scan("push.sh", "docker login -u ci -p 'P@ss!word!' r.example.com\n")
    assert run.starts() == [("DCR001", 1, 24), ("DCR002", 1, 24)]


PWSH_PIPELINE = """\
pool:
  name: BuildHosts
variables:
  registryName: corpreg
steps:
- task: AzureCLI@2
  inputs:
    azureSubscription: conn
    scriptType: ps
    scriptLocation: inlineScript
    inlineScript: |
      az acr login -n ${{ variables.registryName }}
      docker push ${{ variables.registryName }}.azurecr.io/app:1
"""


def test_a_template_expression_is_one_part_of_a_powershell_word(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"azure-pipelines.yml": PWSH_PIPELINE}, rules=frozenset({"DCR014"}))
    assert [r.message.split(" on ")[0] for r in results] == ["`az acr` login to ${{ variables.registryName }}"]
