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
    # a placeholder escaped where the rest of the URL is written plainly: the value reads no URL
    ("config.yaml", 'url: "postgres://app:\\x3cpassword\\x3e@db.example.com"\n'),
    ("config.yaml", 'url: "mongodb://\\x3cuser\\x3e:\\x3cpass\\x3e@localhost/app"\n'),
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


def test_an_escaped_password_is_found_where_it_is_written(lint: Any) -> None:
    """A value that reads a literal password through an escape is found at the escape as
    written; a comment reads as written (no value decodes it)."""
    text = ('url: "postgres://app:Zq7\\x72T9mW2x@db.example.com"\n'
            '# postgres://app:Zq7\\x72T9mW2x@db.example.com\n')
    assert lint.scan("config.yaml", text, "--fail-on", "never").where("DCR050") == [
        ("DCR050", 1, 22, 1, 35), ("DCR050", 2, 18, 2, 31)]


def test_an_entity_in_a_pom_password_is_found_where_it_is_written(lint: Any) -> None:
    pom = "<project><url>https://deploy:Hx7p&amp;Q2v@nexus.example.com/repo</url></project>\n"
    assert lint.scan("pom.xml", pom, "--fail-on", "never").where("DCR050") == [("DCR050", 1, 30, 1, 42)]


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


# --------------------------------------------------------------------------- XML, HCL

def _pom(auth: str, artifact: str = "jib-maven-plugin") -> str:
    return ("<project>\n  <build><plugins><plugin>\n"
            f"    <artifactId>{artifact}</artifactId>\n    <configuration><to>\n"
            f"      <image>r.example.com/app</image>\n      <auth><username>ci</username>{auth}</auth>\n"
            "    </to></configuration>\n  </plugin></plugins></build>\n</project>\n")


@pytest.mark.parametrize("text", [
    _pom("<password>&#36;{env.REGISTRY_PASSWORD}</password>"),  # a Maven property, `$` as a reference
    _pom("<password>$&#123;env.REGISTRY_PASSWORD&#x7d;</password>"),
    _pom("<password>&lt;password&gt;</password>"),  # a placeholder
    _pom("<password><![CDATA[${env.REGISTRY_PASSWORD}]]></password>"),
    _pom("<password>&#32;&#x9;</password>"),  # blank once decoded
    _pom("<password>Hx7pQ2vLm9Kw</password>", artifact="&#106;ib-core"),  # another plugin
    _pom("<!-- <password>Hx7pQ2vLm9Kw</password> -->"),
    "<project><url>https://deploy:&#36;{env.NEXUS_PW}@&#110;exus.example.com/repo</url></project>\n",
    "<project><!-- https://deploy:Hx7pQ2vLm9Kw@&#110;exus.example.com --></project>\n",
    # placeholders escaped as entities: the decoded text has no password there
    "<project><url>https://deploy:&lt;password&gt;@nexus.example.com/repo</url></project>\n",
    "<project><description>mongodb://&lt;user&gt;:&lt;pass&gt;@localhost/app</description></project>\n",
])
def test_decoded_pom_references_are_no_findings(lint: Any, text: str) -> None:
    assert lint.scan("pom.xml", text, "--fail-on", "never").where() == []


def test_a_reference_that_is_not_well_formed_is_read_as_written(lint: Any) -> None:
    """`&#0;` is no character: left as written, as is `&nbsp;` (no entity XML predefines)."""
    from dcrlint.infra.xmltext import decoded

    text = "a&#0;b&nbsp;c&#x41;&amp;"
    mapped = decoded(text)
    assert mapped.text == "a&#0;b&nbsp;cA&"
    assert mapped.span(0, len(mapped.text)).end == len(text)
    assert mapped.span(13, 14) == mapped.span(13, 14).__class__(13, 19)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_decoded_pom_and_hcl_secrets_are_never_printed(lint: Any, fmt: str) -> None:
    lint.write("pom.xml", _pom("<password>&#72;q7wRt&amp;2Lm9Pz</password>").replace(
        "</project>", "<url>https://u:&#72;q7wRt&amp;2Lm9Pz@&#110;exus.example.com</url></project>"))
    lint.write("main.tf", 'provider "docker" {\n  registry_auth {\n    address  = "r.example.com"\n'
                          '    password = "\\u0048q7wRt&2Lm9Pz"\n  }\n}\n')
    r = lint("--format", fmt, "--fail-on", "never", ".")
    assert r.out.count("DCR002") >= 2 and "DCR050" in r.out
    for spelling in ("&#72;q7wRt&amp;2Lm9Pz", "Hq7wRt&2Lm9Pz", "\\u0048q7wRt", "q7wRt"):
        assert spelling not in r.printed, spelling
