"""PowerShell: what a subexpression yields of a secret may be none of it (R79): its length
(`$env:X.Length`, `.Count`) or a test of it (`[bool]$env:X`, `[string]::IsNullOrEmpty($env:X)`,
`IsNullOrWhiteSpace`), as the shell's `${#X}` and `${X:+set}`, in an expression (outside a
double-quoted string, or in its `$(...)`). The secret itself, a part of it (`.Substring(0,3)`, as
the shell's `${X:0:3}`), and `"$env:X.Length"` (a string expands the variable alone) are printed.
A member access prints the member (`$($secret.Name)`: a name), unless the member is the secret.
A backtick-escaped `` `$ `` in an expandable string names a variable, expands nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from _helpers import found as _found
from conftest import brief, engine_scan

from dcrlint.references import secret_reference

SCRIPT = """\
Write-Host "Key length: $($env:SHOP_API_KEY.Length)"
Write-Host "Key set: $(-not [string]::IsNullOrWhiteSpace($env:SHOP_API_KEY))"
Write-Host "Key starts: $($env:SHOP_API_KEY.Substring(0,3))"
Write-Host "Password given: $([bool]$env:SHOP_PASSWORD)"
Write-Host "Key: $env:SHOP_API_KEY"
Write-Output "Tokens: $($env:SHOP_TOKENS.Count)"
"""


def test_a_length_or_a_test_prints_none_of_the_secret(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"ci/check.ps1": SCRIPT}, rules=frozenset({"DCR003"}), dedent=False)
    assert brief(results) == [("ci/check.ps1", 3, 1, "DCR003"), ("ci/check.ps1", 5, 1, "DCR003")]
    assert notes == []


@pytest.mark.parametrize(("text", "secret"), [
    ("$($env:SHOP_TOKEN.Length)", None), ("$([bool]$env:SHOP_TOKEN)", None),
    ("$([string]::IsNullOrEmpty($env:SHOP_TOKEN))", None), ("$env:SHOP_TOKEN_FILE", None),
    ("$env:SHOP_TOKEN", "SHOP_TOKEN"), ("$($env:SHOP_TOKEN.Trim())", "SHOP_TOKEN"),
    ("$env:SHOP_TOKEN.Lengthy", "SHOP_TOKEN"),
    # inside a double-quoted string PowerShell expands the variable alone (R81): the secret, then `.Length`
    ('"n: $env:SHOP_TOKEN.Length"', "SHOP_TOKEN"), ('"Given: [bool]$env:SHOP_TOKEN"', "SHOP_TOKEN"),
    ('"n: `"$env:SHOP_TOKEN.Count"', "SHOP_TOKEN"), ('"n: $($env:SHOP_TOKEN.Length)"', None),
    ('("n: " + $env:SHOP_TOKEN.Length)', None),
    # a backtick escapes the `$` (R83): the variable's name, written as text
    ('"Set `$env:SHOP_TOKEN first"', None), ('"``$env:SHOP_TOKEN"', "SHOP_TOKEN"),
])
def test_powershell_references(text: str, secret: str | None) -> None:
    assert secret_reference(text) == secret


def test_a_powershell_member_prints_what_it_names() -> None:
    """`$($secret.Name)`, `$($secrets.Count)`, `$($t.expires_at)` print a name, a count, a time:
    no secret. The object itself, a member named for a secret (`$($cfg.Password)`: a miss
    before), `"$secret.Name"` (a double-quoted string expands `$secret` alone) are still printed.
    A logging command that registers the value as a secret, in parentheses, prints none."""
    script = """\
$secrets = Get-Secrets
foreach ($secret in $secrets) {
    Write-Host "[sync]: --- Secret [$($secret.name)] --- ($($secrets.Count))"
    Write-Host $secret.Name
    «Write-Host "value: $($secret.Value)"»
    «Write-Host "$secret.Name"»
}
$tokenResponse = Invoke-RestMethod -Uri $uri -Method Post
Write-Host "Got a token (expires $($tokenResponse.expires_at))."
«Write-Host $tokenResponse.token -ForegroundColor Green»
$config = Get-Content cfg.json | ConvertFrom-Json
Write-Host "Using $($config.Endpoint) as $($config.UserName)"
«Write-Host "Login with $($config.Password)"»
$SASToken = New-AzStorageAccountSASToken -Context $ctx
Write-Output ("##vso[task.setvariable variable=$($OutputVariable);issecret=true]$($SASToken)")
«Write-Output ("##vso[task.setvariable variable=$($OutputVariable)]$($SASToken)")»
"""
    found, spans = _found(script, "scripts/Sync-Secrets.ps1", "DCR003")
    assert found == spans


def test_powershell_escaped_dollar_names_a_variable(tmp_path: Path) -> None:
    # as R83's `$env:X`: a backtick escapes any `$` in an expandable string; a doubled one is a backtick
    script = """\
        $RegToken = $env:REG_TOKEN
        if (-not $RegToken) { Write-Host "`$RegToken is empty, skipping the pull" }
        Write-Host "token: $RegToken"
        Write-Host "``$RegToken"
        """
    results, _ = engine_scan(tmp_path, {"tools/pull.ps1": script}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("tools/pull.ps1", 3, 1, "DCR003"), ("tools/pull.ps1", 4, 1, "DCR003")]
