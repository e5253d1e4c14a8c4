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
from .xmltext import element_text

if TYPE_CHECKING:
    from ..scanned import ScannedFile

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_PLUGIN = re.compile(r"<plugin>(?:(?!</plugin>).)*</plugin>", re.S)  # to its first `</plugin>`
_TARGET = re.compile(r"<(to|from)>(.*?)</\1>", re.S)
_AUTH = re.compile(r"<auth>(.*?)</auth>", re.S)
# An element's text: characters (references decoded later) and CDATA sections.
_TEXT = r"((?:[^<]|<!\[CDATA\[.*?\]\]>)*?)"
_ELEMENT = r"<{0}>" + _TEXT + r"</{0}>"
_ARTIFACT = re.compile(_ELEMENT.format("artifactId"), re.S)
_PROPERTY = re.compile(r"<jib\.(to|from)\.auth\.password>" + _TEXT + r"</jib\.\1\.auth\.password>", re.S)
_PROPERTY_OTHER = r"<jib\.{0}\.{1}>" + _TEXT + r"</jib\.{0}\.{1}>"


def pom_credentials(file: ScannedFile) -> list[RegistryCredential]:
    """Element texts are read as Maven reads them (`xmltext`: `&#108;`, `&amp;`, CDATA)."""
    text = _blank(file.source.text, _COMMENT)
    out = []
    for plugin in _PLUGIN.finditer(text):
        if not any(_value(text, a).text == "jib-maven-plugin" for a in _ARTIFACT.finditer(text, *plugin.span())):
            continue
        for target in _TARGET.finditer(text, plugin.start(), plugin.end()):
            which = target.group(1)
            auth = _AUTH.search(text, target.start(2), target.end(2))
            if auth is None:
                continue
            pw = _element(text, "password", auth.start(1), auth.end(1))
            if pw is None or not pw.text:
                continue
            user = _element(text, "username", auth.start(1), auth.end(1))
            image = _element(text, "image", target.start(2), target.end(2))
            out.append(_credential(pw, image.text if image else None, user.text if user else None, which,
                                   "jib-maven-plugin in pom.xml"))
    for prop in _PROPERTY.finditer(text):
        which = prop.group(1)
        pw = _value(text, prop, 2)
        if not pw.text:
            continue
        user = _search(re.compile(_PROPERTY_OTHER.format(which, r"auth\.username"), re.S), text)
        image = _search(re.compile(_PROPERTY_OTHER.format(which, "image"), re.S), text)
        out.append(_credential(pw, image.text if image else None, user.text if user else None, which,
                               "jib property in pom.xml"))
    return out


def _value(text: str, m: re.Match[str], group: int = 1) -> MappedText:
    return element_text(text, m.start(group), m.end(group))


def _element(text: str, name: str, start: int, end: int) -> MappedText | None:
    m = re.compile(_ELEMENT.format(name), re.S).search(text, start, end)
    return None if m is None else _value(text, m)


def _search(pattern: re.Pattern[str], text: str) -> MappedText | None:
    m = pattern.search(text)
    return None if m is None else _value(text, m)


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
