"""The IMAGE_REFS fact: every image a file runs, as written, at its exact position, read by the
one image-reference parser."""

from __future__ import annotations

import textwrap
from typing import Any

from dcrlint.classify import FileKind, classify
from dcrlint.config import Settings
from dcrlint.facts import IMAGE_REFS
from dcrlint.scanned import ScannedFile
from dcrlint.source import SourceFile


def refs(rel: str, text: str, kind: FileKind) -> list[tuple[Any, ...]]:
    """(text, start line, start column, end line, end column, place, user, registry) of each
    image reference of the file."""
    text = textwrap.dedent(text)
    assert classify(rel, text) is kind
    file = ScannedFile(SourceFile(rel, text), kind, Settings(git=False))
    out = []
    for r in file.get(IMAGE_REFS):
        (l1, c1), (l2, c2) = file.source.position(r.span.start), file.source.position(r.span.end)
        assert file.source.text[r.span.start:r.span.end] == r.text
        out.append((r.text, l1, c1, l2, c2, r.place, r.user, r.ref.registry if r.ref else None))
    return out


def test_kubernetes_containers_tekton_steps_and_argo_templates() -> None:
    found = refs("deploy/app.yaml", """\
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api}
        spec:
          template:
            spec:
              initContainers:
                - name: migrate
                  image: "dcr.example.com/team/migrate:2"
              containers:
                - name: api
                  image: dcr.example.com:5000/team/api@sha256:0000000000000000000000000000000000000000000000000000000000000000
                - name: side
                  image: "{{ .Values.image }}"
                - name: noimage
        ---
        apiVersion: tekton.dev/v1
        kind: Task
        metadata: {name: build}
        spec:
          steps:
            - name: push
              image: 'Gcr.io/kaniko-project/executor:v1'
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata: {generateName: ci-}
        spec:
          templates:
            - name: main
              container:
                image: alpine:3.19
        """, FileKind.KUBERNETES)
    pod = ("0", "spec", "template", "spec")
    assert found == [
        ("dcr.example.com/team/migrate:2", 9, 19, 9, 49, (*pod, "initContainers", "0", "image"), "migrate",
         "dcr.example.com"),
        ("dcr.example.com:5000/team/api@sha256:" + "0" * 64, 12, 18, 12, 119, (*pod, "containers", "0", "image"),
         "api", "dcr.example.com:5000"),
        ("{{ .Values.image }}", 14, 19, 14, 38, (*pod, "containers", "1", "image"), "side", None),
        ("Gcr.io/kaniko-project/executor:v1", 23, 15, 23, 48, ("1", "spec", "steps", "0", "image"), "push", "gcr.io"),
        ("alpine:3.19", 32, 16, 32, 27, ("2", "spec", "templates", "0", "container", "image"), "main", "docker.io"),
    ]
