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


def test_a_word_printing_the_key_id_and_its_secret_key(tmp_path: Path) -> None:
    """Held-out 18a E2: the pair's id excused, a word printing it beside the pair's secret key
    (`${ID}/${KEY}`) still prints the secret key, and the message names that one."""
    text = ("#!/bin/bash\nSTORE_ACCESS_KEY=keeper\nSTORE_SECRET_KEY=Wq8zRt4mXp\n"
            "echo console: \\( ${STORE_ACCESS_KEY}/${STORE_SECRET_KEY} \\)\n"
            "echo key id: ${STORE_ACCESS_KEY}\n"
            "echo pair: $STORE_ACCESS_KEY $STORE_SECRET_KEY\n")
    results, _ = scan(tmp_path, {"bin/console.sh": text}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("bin/console.sh", 4, 1, "DCR003"), ("bin/console.sh", 6, 1, "DCR003")]
    assert all("STORE_SECRET_KEY" in r.message for r in results)
