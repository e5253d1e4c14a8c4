"""A secret given, in a substitution, to a function the script defines named for masking or
digesting what it is given (`$(MASKED $TOKEN)`, `$(MD5MSK $PW)`; a PowerShell subexpression as a
sh substitution: `"$(MASKED $registryToken)"`) prints the mask or digest, not the secret; a
program of another file so named (`redact_value`, as the earlier `masked`), `$(unmask $T)`,
one whose name says it unmasks (`show_unmasked`: reviewer R103) and `$(echo $T)` still print it.

An access key printed by a script that names its pair's secret key (RANCHER_ACCESS_KEY beside
RANCHER_SECRET_KEY) is the pair's id, who signs (`secretnames.access_key_ids`, as DCR023 reads
pairs): no secret; alone (a storage account's access key) it is still one."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from conftest import brief, engine_scan

scan = partial(engine_scan, dedent=False)

MASKING_SH = """\
#!/bin/bash
function MASKED {
  echo -n "$1" | sha256sum | cut -d' ' -f1
}
MD5MSK() { echo -n "$1" | md5sum; }
unmask() { echo "$1"; }
show_unmasked() { echo "$1"; }
echo "token   : $(MASKED $REGISTRY_TOKEN) (masked)"
echo "password: $(MD5MSK "$ADMIN_PASSWORD")"
echo "secret  : $(redact_value "$VAULT_SECRET")"
echo "token   : $(unmask "$REGISTRY_TOKEN")"
echo "token   : $(echo "$REGISTRY_TOKEN")"
echo "access  : $STORE_ACCESS_KEY"
[ -n "$STORE_SECRET_KEY" ] && echo "secret key set"
echo "account : $ACCOUNT_ACCESS_KEY"
echo "token   : $(show_unmasked "$REGISTRY_TOKEN")"
"""

MASKING_PS = """\
function MASKED ($value) {
  (Get-FileHash -InputStream $([IO.MemoryStream]::new([byte[]][char[]]$value)) -Algorithm SHA256).Hash
}
Write-Host "registryToken : $(MASKED $registryToken) (MASKED)"
Write-Host "registryToken : $registryToken"
"""


def test_masked_secrets_and_access_key_ids(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"bin/show.sh": MASKING_SH, "bin/show.ps1": MASKING_PS}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("bin/show.ps1", 5, 1, "DCR003"), ("bin/show.sh", 10, 1, "DCR003"),
                              ("bin/show.sh", 11, 1, "DCR003"), ("bin/show.sh", 12, 1, "DCR003"),
                              ("bin/show.sh", 15, 1, "DCR003"), ("bin/show.sh", 16, 1, "DCR003")]
