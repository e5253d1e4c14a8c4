"""A PEM private key read in place, indented inside a YAML block (a chart's values file a
ConfigMap holds), is the same key as in a key file: its header lines (`Proc-Type: 4,ENCRYPTED`,
`DEK-Info: ...`, an encrypted key's) are headers however far they are indented."""

from __future__ import annotations

from typing import Any

from dcrlint.keymaterial import real_private_keys

BODY = ("pU3KGCUwux1tEyze1iN7LtkeP3IfyxlxF0SU1kk8nVw0YL4xIB5p/tqg7ui5mX9c",
        "fCmZ/a/lkyU81lSvTfrXFCegrrP+6SMvivIhH57kkcWxC+y1Vjv8Hm+TQn7LyP4p",
        "VeXNjkbcjtS3wnZNKlpNdncG+F2GkAJK1r2jQBvpyMvMyTX2zR9hImrhUziuGjQA")
ENCRYPTED = ["-----BEGIN EC PRIVATE KEY-----", "Proc-Type: 4,ENCRYPTED", "DEK-Info: AES-256-CBC,0A1B2C3D4E5F60718293A4B5C6D7E8F9",
             "", *BODY, "-----END EC PRIVATE KEY-----"]


def _indented(lines: list[str], by: int) -> str:
    return "".join(" " * by + line + "\n" if line else "\n" for line in lines)


def test_headers_are_headers_however_indented() -> None:
    assert len(real_private_keys("\n".join(ENCRYPTED))) == 1
    assert len(real_private_keys(_indented(ENCRYPTED, 10))) == 1


def test_an_encrypted_key_in_config_map_held_values(lint: Any) -> None:
    lint.write("pki-values.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pki-defaults\ndata:\n"
               "  values.yaml: |-\n    ca:\n      issuer_key: |\n" + _indented(ENCRYPTED, 8))
    run = lint("--format", "json", "--fail-on", "never", ".")
    assert [w[:3] for w in run.where()] == [("DCR051", 9, 9)]
