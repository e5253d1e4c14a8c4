"""A pom's elements found in linear time (`infra.xmlelements`) are the spans the regular
expressions jib read a pom with found (kept here as the reference), on random texts of the
tags, CDATA markers and comments that decide them; unclosed openings cost no walk to the end."""

from __future__ import annotations

import random
import re
import time

import pytest

from dcrlint.infra.xmlelements import blank_comments, element, elements, enclosed

_TEXT = r"((?:[^<]|<!\[CDATA\[.*?\]\]>)*?)"
_TOKENS = ["<to>", "</to>", "<from>", "</from>", "<password>", "</password>", "<image>", "</image>",
           "<![CDATA[", "]]>", "]", "]]", "<", ">", "x", " ", "\n", "<!--", "-->", "-", "&amp;", "<b/>",
           "<?pi?>", "<!", "[CDATA[", "</", "<to", "<password"]


def _texts(seed: int, count: int) -> list[tuple[str, int, int]]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        text = "".join(rng.choice(_TOKENS) for _ in range(rng.randint(0, 40)))
        start = rng.randint(0, len(text))
        out.append((text, start, rng.randint(start, len(text))))
    return out


@pytest.mark.parametrize("seed", range(4))
def test_same_spans_as_the_regular_expressions(seed: int) -> None:
    enclosed_re = re.compile(r"<(to|from)>(.*?)</\1>", re.S)
    element_re = re.compile(r"<(password|image)>" + _TEXT + r"</\1>", re.S)
    comment_re = re.compile(r"<!--.*?-->", re.S)
    for text, start, end in _texts(seed, 3000):
        assert list(enclosed(text, ("to", "from"), start, end)) == [
            (0 if m.group(1) == "to" else 1, m.start(2), m.end(2)) for m in enclosed_re.finditer(text, start, end)]
        assert list(elements(text, ("password", "image"), start, end)) == [
            (0 if m.group(1) == "password" else 1, m.start(2), m.end(2)) for m in element_re.finditer(text, start, end)]
        assert blank_comments(text) == comment_re.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def test_cdata_sections_and_their_backtracking() -> None:
    text = "<password><![CDATA[a</password>]]></password>"
    assert element(text, "password", 0, len(text)) == (10, 34)  # a closing tag inside CDATA is its text
    # the first `]]>` leads to markup: the section read on to the next `]]>`, as a regex does
    text = "<password><![CDATA[a]]><b/>]]>c</password>"
    assert element(text, "password", 0, len(text)) == (10, 31)
    assert element("<password>a<b/></password>", "password", 0, 26) is None
    text = "<password>a</password><password><![CDATA[b"
    assert element(text, "password", 11, len(text)) is None  # the search starts inside the first
    assert element(text, "password", 0, 21) is None  # the closing tag past the end given


def _seconds(make: str, n: int) -> float:
    text = make * n
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        list(elements(text, ("password", "image"), 0, len(text)))
        list(enclosed(text, ("to", "from"), 0, len(text)))
        blank_comments(text)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("unit", ["<password><![CDATA[x\n", "<password>x<![CDATA[<image>\n", "<to>x<from>\n",
                                  "<!--x<![CDATA[]]>]]><password>\n"])
def test_openings_left_unclosed_cost_linear_time(unit: str) -> None:
    """A 700 kB pom of unclosed CDATA sections in jib's elements took 53 s: each opening's lazy
    `.*?` walked to the end of the text."""
    small, big = _seconds(unit, 2000), _seconds(unit, 16000)
    assert big / small < 22, f"{unit!r}: {small:.4f}s -> {big:.4f}s"


def test_marks_and_urls_on_one_long_line_cost_linear_time() -> None:
    """A pom on one line, of references and URLs: each mark's and each URL's line was looked
    for from the mark (the line walked once per mark: quadratic, 1 s for 900 kB)."""
    from conftest import scanned

    from dcrlint.checks._spellings import escape_lines
    from dcrlint.classify import FileKind
    from dcrlint.extractors.derived import _may_read_other_urls
    from dcrlint.urlcreds import url_matches

    def seconds(n: int) -> float:
        text = "<project>\n" + "<url>&amp; http://u:p@h.example.com/r</url>" * n + "\n</project>\n"
        file = scanned(text, "pom.xml")
        written = list(url_matches(text))
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            escape_lines(text, FileKind.MAVEN_POM)
            _may_read_other_urls(file, written)
            best = min(best, time.process_time() - start)
        return best

    small, big = seconds(2000), seconds(16000)
    assert big / small < 22, f"{small:.4f}s -> {big:.4f}s"
