"""groovyscan follows the Groovy lexer without making tokens: the strings, comments and divisions
it finds are the lexer's, exactly, and it gives up (None) exactly where the lexer reports an
unterminated string or comment; its nesting bound is never below the call parser's. So `quiet`
(what Jenkins NOTES trusts to skip the lexer) holds only where the model notifies nothing."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dcrlint.groovy import TokenKind, tokenize
from dcrlint.groovyscan import _structure, may_nest_too_deep, quiet, scan
from dcrlint.jenkins import MAX_DEPTH, _CallParser, parse

# Pieces that matter to where a token ends: every opener and closer of strings and comments,
# escapes, interpolations, the tokens after which `/` is a division or a regular expression,
# blanks the lexer knows (and others it does not), line breaks of both kinds.
PIECES = ["'", '"', "'''", '"""', "/", "//", "/*", "*/", "$/", "/$", "$", "${", "}", "{", "\\", "\n",
          "\r\n", "\\\n", " ", "\t", "\u00a0", "\ufeff", "\u2028", "a", "x1", "1", "1.5", "1e+5", "0x1F", "e",
          "return", "in", "as", ")", "(", "]", "[", "+", "++", "--", "-", "=", "/=", "?:", "->", ".", ";",
          "$$", "\\u0041", "\\0", "\\'", '\\"', "\\$", "\\/", "$a.b", "${'c'}", "#!", "é", "٣", "sh"]

texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def lexed(text: str) -> list[tuple[int, int, int]] | None:
    """The lexer's strings (0), comments (1) and divisions (2); None when one token has an error."""
    tokens = tokenize(text)
    if any(t.error for t in tokens):
        return None
    return [(t.span.start, t.span.end, 0 if t.kind is TokenKind.STRING else 1 if t.kind is TokenKind.COMMENT else 2)
            for t in tokens if t.kind in (TokenKind.STRING, TokenKind.COMMENT)
            or (t.kind is TokenKind.PUNCT and t.text in ("/", "/="))]


@settings(max_examples=1500, deadline=None)
@given(texts)
@example("a$/x/$")  # `$/` inside an identifier: a division, then a string
@example("12$/x/$")  # after a number: a dollar-slashy string
@example("x = y\n/ 'a")  # after a line break a slash opens a string, unterminated: a division
@example('"${"}"')  # a string in an interpolation that does not close
@example("a ++ /b/ 'c")  # `++` ends a value: a division
@example("a +++ /b/")  # `++` then `+`: a regular expression
@example("/* a\n*/ /b/")  # a line break in a comment: a regular expression
@example("return /a/")
@example("'''a\\'''")  # an escaped quote does not close
@example("'a\\\r\nb'")  # an escaped CRLF line break
@example('"${a ? "b" : "c"}"')
@example("$/ a $/$ /$")  # dollar-slashy `$/` escape
def test_scan_finds_the_lexers_strings_and_comments(text: str) -> None:
    assert scan(text) == lexed(text)


@pytest.mark.parametrize("text", ["'a", '"a\n"', "'''a", '"""a', "/* a", "$/ a", "sh 'a\\'", '"a ${\'b}'])
def test_an_unterminated_string_or_comment_is_not_quiet(text: str) -> None:
    assert not quiet(text) and parse(text).errors


CODE = ["a", "b c", "1", "(", ")", "[", "]", "{", "}", ";", "\n", " ", "+", "+\n", "\n.", ",", "?", ":",
        "&&", "->", "'s'", "/*c\n*/", "//c\n", "\\\n", "x.y", "'''t\n'''", "a / b", "=", "/r/", "$/x/$"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(CODE), max_size=40).map("".join), st.sampled_from([1, 2, 3, 5, 8]))
@example("f(" * 9, 8)
@example("a b c d e f g h i", 8)
@example("a +\n b +\n c", 2)  # continued lines: one statement
@example("( ] ( ] ( ]", 2)  # a closer without its opener does not close another kind
@example("{ ( }\n{ (", 2)
def test_nesting_bound_is_never_below_the_parser(text: str, limit: int) -> None:
    events = scan(text)
    if events is None:
        return
    parser = _CallParser(tokenize(text))
    if parser._deeper(0, len(parser.toks), 0, limit):
        assert may_nest_too_deep(_structure(text, events), limit)


@pytest.mark.parametrize(("text", "noted"), [
    ("sh 'x'\n" + "f(" * (MAX_DEPTH + 10) + ")" * (MAX_DEPTH + 10), True),
    ("sh 'x'\n" + "a " * (MAX_DEPTH + 10), True),
    ("node {\n" + "  stage('s') {\n" * 40 + "    sh 'make'\n" + "  }\n" * 40 + "}\n", False),
    ("pipeline {\n  agent any\n  stages { stage('a') { steps { sh \"make ${env.X}\" } } }\n}\n", False),
])
def test_quiet_holds_only_without_notes(text: str, noted: bool) -> None:
    model = parse(text)
    assert bool(model.errors or model.too_deep_at is not None) == noted
    if noted:
        assert not quiet(text)
    else:
        assert quiet(text)
