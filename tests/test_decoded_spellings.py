"""Values read as their language decodes them (YAML double-quoted escapes, Groovy and HCL `\\u`,
XML character references): the checks see the value, the findings point at the text as
written, a reference stays a reference, and no spelling of the secret is printed."""

from __future__ import annotations

from typing import Any

import pytest

# --------------------------------------------------------------------------- DCR050

WF_VAR = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      DB: {}\n    steps:\n      - run: make\n'


@pytest.mark.parametrize(("path", "text"), [
    # single-quoted and plain YAML scalars decode nothing: `\x64b` is no host
    ("config.yaml", "url: '\\x70ostgres://app:Zq7rT9mW2x@\\x64b.example.com'\n"),
    ("config.yaml", "url: \\x70ostgres://app:Zq7rT9mW2x@\\x64b.example.com\n"),
    # an escaped `$`: the value is a reference
    ("config.yaml", 'url: "postgres://app:\\x24{DB_PASSWORD}@\\x64b.example.com"\n'),
    ("config.yaml", 'url: "postgres://app:\\u0024DB_PASSWORD@\\x64b.example.com"\n'),
    (".github/workflows/ci.yml", WF_VAR.format('"postgres://app:\\x24{{{{ secrets.DB }}}}@\\x64b.example.com"')),
    ("main.tf", 'locals {\n  url = "postgres://app:$${DB}@\\u0064b.example.com"\n}\n'),
    # a placeholder
    ("config.yaml", 'url: "postgres://app:\\x3cpassword\\x3e@\\x64b.example.com"\n'),
    # a Groovy single-quoted string decodes `\u` too: still a GString reference
    ("Jenkinsfile", 'node {\n  env.DB = "postgres://app:\\u0024{env.PW}@\\u0064b.example.com"\n}\n'),
])
def test_decoded_url_references_are_no_findings(lint: Any, path: str, text: str) -> None:
    assert lint.scan(path, text, "--fail-on", "never").where("DCR050") == []


def test_decoded_url_found_once_where_written_and_decoded_agree(lint: Any) -> None:
    """A URL written plainly in a value that holds an escape elsewhere is found once."""
    text = 'a: "\\x41 postgres://app:Zq7rT9mW2x@db.example.com"\nb: postgres://app:Zq7rT9mW2x@db.example.com\n'
    assert lint.scan("config.yaml", text, "--fail-on", "never").where("DCR050") == [
        ("DCR050", 1, 25, 1, 35), ("DCR050", 2, 19, 2, 29)]


def test_written_password_is_read_decoded(lint: Any) -> None:
    """The text as written matches (`Zq7\\x72...` has no character the pattern refuses), but
    the value reads otherwise: the value's reading decides (a reference here)."""
    text = 'url: "postgres://app:\\x24{PW}@db.example.com"\n'
    assert lint.scan("config.yaml", text, "--fail-on", "never").where("DCR050") == []


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_decoded_url_password_is_never_printed(lint: Any, fmt: str) -> None:
    lint.write("config.yaml", 'db:\n  url: "\\x70ostgres://app:Hq\\x37wRt2Lm9Pz@\\x64b.example.com/app"\n'
                              'other: "Hq\\x37wRt2Lm9Pz"\n')
    r = lint("--format", fmt, "--fail-on", "never", ".")
    assert "DCR050" in r.out
    for spelling in ("Hq\\x37wRt2Lm9Pz", "Hq\\\\x37wRt2Lm9Pz", "Hq7wRt2Lm9Pz", "wRt2Lm9Pz"):
        assert spelling not in r.printed, spelling


def test_decoded_url_password_is_masked_where_the_message_names_it(lint: Any) -> None:
    """The password read decoded is the secret: a host of the same name is masked in the
    message (as for a URL written plainly)."""
    lint.write("config.yaml", 'url: "\\x70ostgres://\\x70ostgres:\\x70ostgres@\\x70ostgres:5432/app"\n')
    r = lint("--format", "json", "--fail-on", "never", ".")
    (finding,) = r.results("DCR050")
    assert "postgres" not in r.printed and finding["message"].endswith("********:5432")
