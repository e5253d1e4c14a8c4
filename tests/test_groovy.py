"""Tests of the Groovy lexer: token kinds, string decoding, exact positions, interpolations."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dcrlint.groovy import StringStyle, Token, TokenKind, tokenize
from dcrlint.source import SourceFile

CORPUS = Path("/work/shared/corpus/jenkins")


def strings(text: str) -> list[Token]:
    return [t for t in tokenize(text) if t.kind is TokenKind.STRING]


def only_string(text: str) -> Token:
    (tok,) = strings(text)
    return tok


def pos(text: str, offset: int) -> tuple[int, int]:
    return SourceFile("Jenkinsfile", text).position(offset)


def char_positions(text: str, tok: Token, needle: str) -> list[tuple[int, int]]:
    """(line, column) in the file of each character of `needle` inside the decoded value."""
    assert tok.string is not None
    value = tok.string.value
    i = value.text.index(needle)
    return [pos(text, value.offset(k)) for k in range(i, i + len(needle))]


def test_token_kinds_and_spans() -> None:
    text = "node('x') {\n  def n = 0x1F + 2.5e3 // note\n  /* block\n  */ echo n\n}\n"
    toks = tokenize(text)
    got = [(t.kind, t.text) for t in toks]
    assert got == [
        (TokenKind.IDENT, "node"),
        (TokenKind.PUNCT, "("),
        (TokenKind.STRING, "'x'"),
        (TokenKind.PUNCT, ")"),
        (TokenKind.PUNCT, "{"),
        (TokenKind.IDENT, "def"),
        (TokenKind.IDENT, "n"),
        (TokenKind.PUNCT, "="),
        (TokenKind.NUMBER, "0x1F"),
        (TokenKind.PUNCT, "+"),
        (TokenKind.NUMBER, "2.5e3"),
        (TokenKind.COMMENT, "// note"),
        (TokenKind.COMMENT, "/* block\n  */"),
        (TokenKind.IDENT, "echo"),
        (TokenKind.IDENT, "n"),
        (TokenKind.PUNCT, "}"),
    ]
    assert all(text[t.span.start : t.span.end] == t.text for t in toks)
    assert [t.newline_before for t in toks if t.text in ("def", "echo", "}")] == [True, True, True]


def test_suppression_comment_is_a_token_with_its_span() -> None:
    text = 'sh "echo $P" // dcrlint: ignore[DCR012] reason\n'
    (comment,) = [t for t in tokenize(text) if t.kind is TokenKind.COMMENT]
    assert comment.text == "// dcrlint: ignore[DCR012] reason"
    assert pos(text, comment.span.start) == (1, 14)


def test_shebang_is_a_comment() -> None:
    toks = tokenize("#!/usr/bin/env groovy\nnode {}\n")
    assert toks[0].kind is TokenKind.COMMENT
    assert toks[1].text == "node"


@pytest.mark.parametrize(
    ("source", "style", "value"),
    [
        ("'a b'", StringStyle.SINGLE, "a b"),
        ('"a b"', StringStyle.DOUBLE, "a b"),
        ("'''a\nb'''", StringStyle.TRIPLE_SINGLE, "a\nb"),
        ('"""a\nb"""', StringStyle.TRIPLE_DOUBLE, "a\nb"),
        ("x = /a\\/b\\d/", StringStyle.SLASHY, "a/b\\d"),
        ("x = $/a\\b $$ $/ c/$", StringStyle.DOLLAR_SLASHY, "a\\b $ / c"),
    ],
)
def test_string_styles(source: str, style: StringStyle, value: str) -> None:
    tok = only_string(source)
    assert tok.string is not None
    assert tok.string.style is style
    assert tok.string.value.text == value
    assert tok.error is None


def test_escapes_decode_and_map_to_the_backslash() -> None:
    text = "sh 'a\\tb\\'c\\\\d\\u0041\\$'"
    tok = only_string(text)
    assert tok.string is not None
    value = tok.string.value
    assert value.text == "a\tb'c\\dA$"
    offsets = [value.offset(i) for i in range(len(value.text))]
    assert [text[o] for o in offsets] == ["a", "\\", "b", "\\", "c", "\\", "d", "\\", "\\"]
    assert offsets == [4, 5, 7, 8, 10, 11, 13, 14, 20]
    assert value.end == len(text) - 1


def test_unicode_and_octal_escapes() -> None:
    tok = only_string('"\\uuu00e9\\101\\0"')
    assert tok.string is not None
    assert tok.string.value.text == "\u00e9A\x00"


def test_line_continuation_is_dropped() -> None:
    text = 'sh "docker login \\\n  -u me"'
    tok = only_string(text)
    assert tok.string is not None
    assert tok.string.value.text == "docker login   -u me"
    assert char_positions(text, tok, "-u") == [(2, 3), (2, 4)]


def test_unknown_escape_is_kept() -> None:
    tok = only_string("'a\\qb'")
    assert tok.string is not None
    assert tok.string.value.text == "a\\qb"


def test_positions_in_triple_double_quoted_string() -> None:
    text = 'node {\n  sh """\n    docker login -p hunter2 reg\n  """\n}\n'
    tok = only_string(text)
    assert char_positions(text, tok, "hunter2")[0] == (3, 21)
    assert char_positions(text, tok, "reg")[-1] == (3, 31)


def test_positions_in_triple_single_quoted_string() -> None:
    text = "sh '''\n\tset -e\n\techo ok\n'''\n"
    tok = only_string(text)
    assert char_positions(text, tok, "echo") == [(3, 2), (3, 3), (3, 4), (3, 5)]


def test_positions_after_escape_in_double_quoted_string() -> None:
    text = 'sh "echo \\"quoted\\" pw"'
    tok = only_string(text)
    assert tok.string is not None
    assert tok.string.value.text == 'echo "quoted" pw'
    assert char_positions(text, tok, '"') == [(1, 10)]
    assert char_positions(text, tok, "pw") == [(1, 21), (1, 22)]


def test_positions_in_slashy_and_dollar_slashy() -> None:
    text = "def a = /x\\/y/\ndef b = $/p$$q/$\n"
    a, b = strings(text)
    assert char_positions(text, a, "y") == [(1, 13)]
    assert char_positions(text, b, "q") == [(2, 14)]
    assert char_positions(text, b, "$") == [(2, 12)]


def test_interpolations() -> None:
    text = 'sh "login -u $USER.name -p ${env.PASS} x${a ? "}" : b}y $5 \\${NOT}"'
    tok = only_string(text)
    s = tok.string
    assert s is not None and s.is_gstring
    got = [(i.expression, i.braced, text[i.span.start : i.span.end]) for i in s.interpolations]
    assert got == [
        ("USER.name", False, "$USER.name"),
        ("env.PASS", True, "${env.PASS}"),
        ('a ? "}" : b', True, '${a ? "}" : b}'),
    ]
    assert s.interpolations[1].root == "env"
    assert s.interpolations[1].path == "env.PASS"
    assert s.interpolations[2].path == ""
    assert pos(text, s.interpolations[1].span.start) == (1, 28)
    # Interpolations stay verbatim in the value; an escaped `\$` becomes a plain `$`.
    assert s.value.text == 'login -u $USER.name -p ${env.PASS} x${a ? "}" : b}y $5 ${NOT}'
    assert char_positions(text, tok, "${env.PASS}")[0] == (1, 28)


def test_single_quotes_do_not_interpolate() -> None:
    s = only_string("sh 'echo ${PASS} $X'").string
    assert s is not None
    assert not s.interpolates and not s.is_gstring and s.interpolations == ()


def test_double_quoted_without_interpolation_is_not_a_gstring() -> None:
    s = only_string('sh "echo hi"').string
    assert s is not None
    assert s.interpolates and not s.is_gstring


def test_slash_division_versus_slashy() -> None:
    toks = tokenize("def x = a / b / c\ndef y = (4) / 2\nif (s =~ /ab+c/) {}\n")
    assert [t.string.value.text for t in toks if t.string is not None] == ["ab+c"]


def test_unterminated_strings_lex_to_the_end() -> None:
    toks = tokenize("sh 'oops\nsh \"ok\"\nsh '''never closed\n")
    assert [t.error for t in toks if t.kind is TokenKind.STRING] == [
        "unterminated string",
        None,
        "unterminated string",
    ]
    assert toks[-1].string is not None and toks[-1].string.value.text == "never closed\n"


def test_unterminated_interpolation_is_literal() -> None:
    s = only_string('sh "a ${b c"').string
    assert s is not None
    assert s.value.text == "a ${b c" and s.interpolations == ()


@given(st.text(alphabet=st.sampled_from(list("ab$/\\'\"{}()[]*.\n =:+-u0 ")), max_size=200))
@settings(max_examples=400, deadline=None)
def test_any_text_lexes_without_error(text: str) -> None:
    toks = tokenize(text)
    for t in toks:
        assert text[t.span.start : t.span.end] == t.text
        if t.string is not None:
            v = t.string.value
            for k in range(len(v.text)):
                assert t.span.start <= v.offset(k) < t.span.end
    ends = [t.span.end for t in toks]
    assert ends == sorted(ends)


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_any_unicode_lexes(text: str) -> None:
    tokenize(text)


def test_deep_nesting_does_not_recurse_forever() -> None:
    tokenize('"${"' * 500)
    tokenize("(" * 5000 + "sh 'x'" + ")" * 5000)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not present")
def test_corpus_lexes() -> None:
    files = [p for p in CORPUS.rglob("*") if p.is_file()]
    start = time.perf_counter()
    size = 0
    for p in files:
        text = p.read_text(encoding="utf-8", errors="replace")
        size += len(text)
        toks = tokenize(text)
        assert all(text[t.span.start : t.span.end] == t.text for t in toks), p
    elapsed = time.perf_counter() - start
    print(f"lexed {len(files)} files, {size} chars in {elapsed:.3f}s")
