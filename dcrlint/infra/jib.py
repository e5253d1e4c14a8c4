"""jib's registry auth in build files: Maven `pom.xml` (the jib-maven-plugin's
`<to>`/`<from>` `<auth><password>`, and `jib.to.auth.password` properties) and Gradle
`build.gradle(.kts)` (`jib { to { auth { password = '...' } } }`, `to.auth.password = "..."`).

Build files are read as text with exact offsets: the XML and Groovy/Kotlin around the plugin
configuration is not needed to find these few elements; a pom's element text is read as
Maven gets it from its XML parser (`xmltext`: character references, `&amp;`, CDATA), mapped back
to the file. `${...}` (Maven properties, Gradle string templates) and anything that is not a
string literal are not literals."""

from __future__ import annotations

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
            out.append(credential(pw, image.text if image else None, user.text if user else None, _TARGETS[k],
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
        out.append(credential(pw, image.text if image else None, user.text if user else None, which,
                               "jib property in pom.xml"))
    return out


def _element(text: str, name: str, start: int, end: int) -> MappedText | None:
    span = element(text, name, start, end)
    return None if span is None else element_text(text, *span)


def credential(mapped: MappedText, image: str | None, user: str | None, which: str,
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
