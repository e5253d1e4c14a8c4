"""Whether a resource's namespace is settled by what the scan holds, or set when it is applied:
a kustomization including it (however many overlays up) gives every resource of its build its
`namespace:`, replacing any written; a GitOps resource applying its folder gives one (an Argo CD
destination to resources that write none, a Flux `targetNamespace` to all); a Go template's
resources that write none are in the namespace its release is installed in.

GitOps paths are written relative to their repository's root: a folder of the scan is the one a
path names when it ends with that path (the scan's paths may start anywhere above it)."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from .kustomize import in_scope

if TYPE_CHECKING:
    from .index import FileFacts


class Placement:
    """The namespaces set on the files of the scan by what applies them, from the index."""

    def __init__(self, files: Mapping[str, FileFacts]) -> None:
        kustomizations = [f.kustomization for f in files.values() if f.kustomization is not None]
        self._by_folder = {posixpath.dirname(k.path): k for k in kustomizations}
        # (what is covered: files and folders, the namespace set (None: not known), replaces a
        # written one)
        self._sets: list[tuple[tuple[str, ...], str | None, bool]] = []
        for k in kustomizations:
            if k.namespace:
                self._sets.append((self._reach(k.resources), k.namespace, True))
        targets = [t for f in files.values() for t in f.deploys]
        if targets:
            folders = {posixpath.dirname(p) for p in files} | set(self._by_folder)
            for t in targets:
                roots = tuple(_named(t.path, folders))
                if roots:
                    self._sets.append((self._reach(roots), t.namespace, t.overrides))

    def _reach(self, roots: tuple[str, ...]) -> tuple[str, ...]:
        """The roots and, for each folder among them holding a kustomization, what it includes
        (through every level of bases)."""
        seen: dict[str, None] = {}
        stack = list(roots)
        while stack:
            r = stack.pop()
            if r in seen:
                continue
            seen[r] = None
            k = self._by_folder.get(r)
            if k is not None:
                stack.extend(k.resources)
        return tuple(seen)

    def namespaces(self, path: str, namespace: str | None, by: str) -> frozenset[str | None]:
        """The namespaces a resource of the file at path, in namespace as read (`by`, see
        `index.NAMESPACE_BY`), may be applied in: as read, and each one what applies it sets
        (None: not known, a release's or a templated destination's)."""
        if by == "release":
            return frozenset({None})
        found = {namespace}
        if by != "command":
            for covered, ns, replaces in self._sets:
                if (replaces or by != "manifest") and in_scope(path, covered):
                    found.add(ns)
        return frozenset(found)

    def set_later(self, path: str, namespace: str | None, by: str) -> bool:
        """Whether a resource of the file at path may be applied in another namespace than the
        one read (see `namespaces`)."""
        return self.namespaces(path, namespace, by) != {namespace}


def _named(path: str, folders: set[str]) -> Iterator[str]:
    """The folders of the scan a repository-relative path may name: each folder whose path ends
    with it, and the part of a deeper folder's path up to it."""
    needle = "/" + path + "/"
    roots = set()
    for folder in folders:
        lead = 0 if folder.startswith("/") else 1  # the "/" put before a relative path
        at = ("/" * lead + folder + "/").find(needle)
        if at >= 0:
            roots.add(folder[: at + len(needle) - 1 - lead])
    yield from sorted(roots)
