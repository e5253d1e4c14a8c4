"""DCR050 credentials-in-url: a literal password in a URL, anywhere in any file (registry
URLs, `helm repo add`, git remotes ...)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..facts import K8S_RESOURCES, URL_CREDENTIALS, UrlCredential
from ..findings import Finding
from ..lazyre import lazy_compile
from ..scanned import ScannedFile
from ..secretnames import is_user_name, user_names
from ..standins import glued_slots, named_stand_in, secret_slot, user_slot
from ..urlcreds import loopback
from ..values import ValueKind, classify
from ..valueshapes import names_auth_method, regex_shaped
from . import FileCheck
from ._manifest_gates import may_hold_resources, reads


def may_hold_url_credentials(file: ScannedFile) -> bool:
    """The gate of `check`: a `scheme://user:password@host` is written in the text (the fact
    itself: it reads the text as written, only the lines with an `@` after their `://`, and a
    check that runs reads it from there)."""
    return bool(file.get(URL_CREDENTIALS))


def check(file: ScannedFile) -> Iterator[Finding]:
    urls: list[UrlCredential] = file.get(URL_CREDENTIALS)
    yield from _reported(file, urls)


def check_secret_data(file: ScannedFile) -> Iterator[Finding]:
    """A Secret's `data` values decoded from base64: a URL with a password there is written in
    the repository as plainly as one in `stringData` (held-out 18b HM1); reported at the value,
    which holds the password only encoded."""
    if not file.get(K8S_RESOURCES):
        return  # (most files: a CI file's shell applies no manifest; imported past this)
    from ..urlcreds import url_matches
    from ._manifest_values import decoded_secret_data

    for res, key, text, span in decoded_secret_data(file):
        if "://" in text and "@" in text:
            urls = [UrlCredential(m.group("user"), m.group("pw"), m.group("host"), span) for m in url_matches(text)]
            yield from _reported(file, urls, f" (base64-encoded in {res.title} data.{key})")


def _reported(file: ScannedFile, urls: Iterable[UrlCredential], where: str = "") -> Iterator[Finding]:
    placeholders = file.settings.placeholders
    services: list[frozenset[str]] = []  # the file's CI service passwords, worked out on first need
    for url in urls:
        pw = url.password
        while pw.endswith("]") and pw.count("]") > pw.count("["):
            # a syntax description, optional parts in brackets (`[user[:password]]@host`): the word inside
            # (the brackets the user opened; `[user]:[password]@host` names both slots in its own)
            pw = pw[:-1]
        if classify(pw, placeholders) is not ValueKind.LITERAL or pw.startswith("$") or named_stand_in(pw):
            continue
        if regex_shaped(pw) or not any(ch.isalnum() for ch in url.host):
            continue  # a pattern of such URLs (a scanner's, a filter's: `redis://:[^@]+@`), to no host
        if _NO_SUCH_PORT.search(url.host):
            continue  # a port no server listens on (`:99999`, above 65535): a made-up example

        user = classify(url.user, placeholders)
        if user in (ValueKind.EXPRESSION, ValueKind.TEMPLATED):
            continue
        if (user is ValueKind.PLACEHOLDER or user_slot(url.user)) and secret_slot(pw, file.settings.secret_names):
            continue  # each slot named for what goes there (`user:auth_key@`, `db_user:db_pass@`)
        if glued_slots(url.user, pw):
            continue  # ... the password's words run together (`username:proxypassword@`)
        if user is ValueKind.VARIABLE and names_auth_method(pw):
            continue  # the token is the user, from a variable; the password slot holds the scheme's word
        if is_user_name(pw, user_names([("user", url.user)])) and loopback(url.host):
            continue  # a local server's stock account (`postgres:postgres@localhost`); elsewhere the
            # URL logs in with the pair, as a registry login does (`dcr002._guessable`): reported
        if "." not in url.host.rsplit(":", 1)[0] or loopback(url.host):
            if not services:
                services.append(_service_passwords(file))
            host = "localhost" if loopback(url.host) else url.host.rsplit(":", 1)[0].lower()
            if f"{host} {pw}" in services[0]:
                continue  # the job's own service (on `localhost`, by its name `db`), set up with this password
        # (a host a Go template action renders is named so, not by the action's text)
        host = "a host a template renders" if url.host.startswith("{{") else f"host {url.host}"
        yield Finding(
            "DCR050", f"literal password in a URL for {host}{where}",
            file.path, url.password_span, ("url", url.host), secret=pw,
        )


# A port above 65535, which no TCP or UDP server can listen on.
_NO_SUCH_PORT = lazy_compile(r":(?:6553[6-9]|655[4-9]\d|65[6-9]\d\d|6[6-9]\d{3}|[7-9]\d{4}|\d{6,})$")


def _service_passwords(file: ScannedFile) -> frozenset[str]:
    """`host password` for each password the CI file's jobs set their service containers (or the
    Compose services they bring up) up with (a test database) and each host a job reaches a service
    by: the runner's loopback and the services' names (`postgres://app:<it>@localhost/app`,
    `redis://:<it>@cache:6379`). A URL to any other host with one (a deploy job's `proddb`) is no
    throwaway's."""
    from ..facts import ASSIGNMENTS, CI_FACTS
    from ._service_passwords import brought_up_services, throwaway_passwords

    assignments = file.get(ASSIGNMENTS)
    # (the keys of a mapping of services; a list's items are reached by their names, CiFacts')
    keys = (a.place[a.place.index("services") + 1] for a in assignments
            if a.role == "service-variable" and "services" in a.place[:-1])
    hosts = {"localhost"} | {key.lower() for key in keys if not key.isdigit()}
    if (ci := file.get(CI_FACTS)) is not None:
        hosts |= ci.service_hosts
    found = {f"{host} {value}" for _, value in throwaway_passwords(assignments) for host in hosts}
    # a Compose file the job brings up: its services, reached by their names on its network
    for _, passwords, names in brought_up_services(file):
        found.update(f"{host} {value}" for value in passwords for host in ("localhost", *(n.lower() for n in names)))
    return frozenset(found)


def may_hold_secret_data(file: ScannedFile) -> bool:
    """The gate of `check_secret_data`: a Secret may be written."""
    return may_hold_resources(file) and reads(file, ("Secret",))


CHECKS = (FileCheck(rules=("DCR050",), run=check, facts=(URL_CREDENTIALS,), gate=may_hold_url_credentials),
          FileCheck(rules=("DCR050",), run=check_secret_data, facts=(K8S_RESOURCES,), gate=may_hold_secret_data))
