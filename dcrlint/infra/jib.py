"""jib's registry auth in build files: Maven `pom.xml` (the jib-maven-plugin's
`<to>`/`<from>` `<auth><password>`, and `jib.to.auth.password` properties) and Gradle
`build.gradle(.kts)` (`jib { to { auth { password = '...' } } }`, `to.auth.password = "..."`).

Build files are read as text with exact offsets: the XML and Groovy/Kotlin around the plugin
configuration is not needed to find these few elements; a pom's element text is read as
Maven gets it from its XML parser (`xmltext`: character references, `&amp;`, CDATA), mapped back
to the file. `${...}` (Maven properties, Gradle string templates) and anything that is not a
string literal are not literals."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..facts import RegistryCredential
from ..source import MappedText
from .xmlelements import blank_comments, element, elements, enclosed
from .xmltext import element_text

if TYPE_CHECKING:
    from ..scanned import ScannedFile

_TARGETS = ("to", "from")
_PROPERTIES = ("jib.to.auth.password", "jib.from.auth.password")


def pom_credentials(file: ScannedFile) -> list[RegistryCredential]:
    """Element texts are read as Maven reads them (`xmltext`: `&#108;`, `&amp;`, CDATA); the
    elements are found in linear time (`xmlelements`)."""
    text = blank_comments(file.source.text)
    out = []
    for _, p_start, p_end in enclosed(text, ("plugin",), 0, len(text)):
        if not any(element_text(text, s, e).text == "jib-maven-plugin"
                   for _, s, e in elements(text, ("artifactId",), p_start, p_end)):
            continue
        for k, t_start, t_end in enclosed(text, _TARGETS, p_start, p_end):
            auth = next(enclosed(text, ("auth",), t_start, t_end), None)
            if auth is None:
                continue
            pw = _element(text, "password", auth[1], auth[2])
            if pw is None or not pw.text:
                continue
            user = _element(text, "username", auth[1], auth[2])
            image = _element(text, "image", t_start, t_end)
            out.append(_credential(pw, image.text if image else None, user.text if user else None, _TARGETS[k],
                                   "jib-maven-plugin in pom.xml"))
    others: dict[str, MappedText | None] = {}  # the same for each property of a target

    def other(which: str, what: str) -> MappedText | None:
        key = f"jib.{which}.{what}"
        if key not in others:
            others[key] = _element(text, key, 0, len(text))
        return others[key]

    for k, s, e in elements(text, _PROPERTIES, 0, len(text)):
        which = _TARGETS[k]
        pw = element_text(text, s, e)
        if not pw.text:
            continue
        user = other(which, "auth.username")
        image = other(which, "image")
        out.append(_credential(pw, image.text if image else None, user.text if user else None, which,
                               "jib property in pom.xml"))
    return out


def _element(text: str, name: str, start: int, end: int) -> MappedText | None:
    span = element(text, name, start, end)
    return None if span is None else element_text(text, *span)


# `password = 'x'`, `password = "x"`, `password.set("x")`, `setPassword("x")`, `to.auth.password = "x"`,
# with the dotted path before it (`jib.to.auth.`)
_GRADLE_PW = re.compile(r"""(?P<path>(?<![\w.])(?:\w+\s*\.\s*)*)"""
                        r"""(?:password\s*=|password\s*\.\s*set\s*\(|setPassword\s*\()"""
                        r"""\s*(?P<q>['"])""")
_GRADLE_USER = re.compile(r"""\busername\s*(?:=\s*|\.\s*set\s*\(\s*)(['"])([^'"\n]*)\1""")
_GRADLE_IMAGE = re.compile(r"""\bimage\s*(?:=\s*|\.\s*set\s*\(\s*)(['"])([^'"\n]*)\1""")
_LINE_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)


def gradle_credentials(file: ScannedFile) -> list[RegistryCredential]:
    text = _blank(file.source.text, _LINE_COMMENT)
    if not re.search(r"\bjib\b", text):
        return []
    out = []
    name = file.source.path.rsplit("/", 1)[-1]
    for m in _GRADLE_PW.finditer(text):
        chain = _blocks(text, m.start()) + [w.strip() for w in m.group("path").split(".") if w.strip()]
        which = _jib_target(chain)
        end = _string_end(text, m.end(), m.group("q"))
        if which is None or end is None or end == m.end():
            continue
        value = text[m.end() : end]
        region = _block_around(text, m.start())
        user = _GRADLE_USER.search(text, *region)
        outer = _block_around(text, region[0] - 1) if region[0] > 0 else region
        image = _GRADLE_IMAGE.search(text, *outer)
        out.append(_credential(MappedText.verbatim(value, m.end()), image.group(2) if image else None,
                               user.group(2) if user else None, which, f"jib in {name}"))
    return out


def _string_end(text: str, p: int, quote: str) -> int | None:
    """Offset of the closing quote of a Groovy/Kotlin string whose text starts at p: escapes and
    `${ ... }` templates (which may hold quotes) are skipped."""
    depth = 0
    while p < len(text):
        ch = text[p]
        if ch == "\n" and not depth:
            return None
        if ch == "\\":
            p += 2
            continue
        if depth:
            depth += 1 if ch == "{" else -1 if ch == "}" else 0
        elif text.startswith("${", p) and quote == '"':
            depth = 1
            p += 2
            continue
        elif ch == quote:
            return p
        p += 1
    return None


def _jib_target(chain: list[str]) -> str | None:
    """`to` or `from` when the names leading to a password are jib's target or base image auth."""
    for i, word in enumerate(chain):
        if word == "jib" and chain[i + 1 : i + 3] in (["to", "auth"], ["from", "auth"]) and len(chain) == i + 3:
            return chain[i + 1]
    return None


def _blocks(text: str, at: int) -> list[str]:
    """Names of the `name { ... }` blocks around `at`, outermost first."""
    names: list[str] = []
    depth = 0
    for i in range(at - 1, -1, -1):
        ch = text[i]
        if ch == "}":
            depth += 1
        elif ch == "{":
            if depth:
                depth -= 1
                continue
            word = re.search(r"([\w.]+)\s*(\(\s*\))?\s*$", text[max(0, i - 60) : i])
            names.extend(reversed([w for w in (word.group(1).split(".") if word else [""]) if w]))
    return list(reversed(names))


def _block_around(text: str, at: int) -> tuple[int, int]:
    """The span of the innermost `{ ... }` holding `at` (the whole text when none)."""
    depth = 0
    start = 0
    for i in range(at - 1, -1, -1):
        if text[i] == "}":
            depth += 1
        elif text[i] == "{":
            if depth == 0:
                start = i + 1
                break
            depth -= 1
    depth = 0
    end = len(text)
    for i in range(at, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            if depth == 0:
                end = i
                break
            depth -= 1
    return start, end


def _credential(mapped: MappedText, image: str | None, user: str | None, which: str,
                where: str) -> RegistryCredential:
    registry = _registry(image) if image else None
    label = "base image" if which == "from" else "target image"
    return RegistryCredential(registry, user, mapped, ("jib", which, "auth", "password"),
                              f"{where} ({label})", "login")


def _registry(image: str) -> str | None:
    first = image.split("/", 1)[0]
    if "/" in image and ("." in first or ":" in first or first == "localhost"):
        return first
    return "docker.io" if image and "${" not in image else None


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    """Comments replaced by spaces (line breaks kept): offsets stay the file's."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
