"""The IMAGE_REFS fact: every image a file runs, as written, at its exact position, read by the
one image-reference parser."""

from __future__ import annotations

import textwrap
from typing import Any

from conftest import scanned

from dcrlint.classify import FileKind, classify
from dcrlint.config import Settings
from dcrlint.facts import IMAGE_REFS


def refs(rel: str, text: str, kind: FileKind) -> list[tuple[Any, ...]]:
    """(text, start line, start column, end line, end column, place, user, registry) of each
    image reference of the file."""
    text = textwrap.dedent(text)
    assert classify(rel, text) is kind
    file = scanned(text, (rel, kind), Settings(git=False))
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


def test_compose_services() -> None:
    assert refs("compose.yaml", """\
        services:
          api:
            image: dcr.example.com/team/api:1.4
            environment: {A: b}
          db:
            build: .
          cache:
            image: "redis:7"
        """, FileKind.COMPOSE) == [
        ("dcr.example.com/team/api:1.4", 3, 12, 3, 40, ("0", "services", "api", "image"), "api", "dcr.example.com"),
        ("redis:7", 8, 13, 8, 20, ("0", "services", "cache", "image"), "cache", "docker.io"),
    ]


def test_github_job_containers_services_docker_steps() -> None:
    assert refs(".github/workflows/ci.yml", """\
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            container: dcr.example.com/ci/runner:3
            services:
              db:
                image: postgres:16
            steps:
              - uses: docker://dcr.example.com/tools/lint:1
              - uses: actions/checkout@v4
          build:
            runs-on: ubuntu-latest
            container:
              image: ${{ matrix.image }}
            steps:
              - run: make
        """, FileKind.GITHUB_WORKFLOW) == [
        ("dcr.example.com/ci/runner:3", 5, 16, 5, 43, ("jobs", "test", "container"), "test", "dcr.example.com"),
        ("postgres:16", 8, 16, 8, 27, ("jobs", "test", "services", "db", "image"), "db", "docker.io"),
        ("${{ matrix.image }}", 15, 14, 15, 33, ("jobs", "build", "container", "image"), "build", None),
        ("dcr.example.com/tools/lint:1", 10, 24, 10, 52, ("jobs", "test", "steps", "0", "uses"), "test",
         "dcr.example.com"),
    ]


def test_github_docker_action() -> None:
    assert refs("action.yml", """\
        name: lint
        runs:
          using: docker
          image: docker://dcr.example.com/tools/lint:2
        """, FileKind.GITHUB_ACTION) == [
        ("dcr.example.com/tools/lint:2", 4, 19, 4, 47, ("runs", "image"), "action", "dcr.example.com"),
    ]


def test_gitlab_images_and_services_where_written() -> None:
    assert refs(".gitlab-ci.yml", """\
        image: dcr.example.com/ci/base:1
        default:
          services:
            - docker:24-dind
            - name: dcr.example.com/ci/db:2
              alias: db
        .tpl:
          image:
            name: dcr.example.com/ci/tool:3
            entrypoint: [""]
        build:
          extends: .tpl
          services: !reference [default, services]
          script: [make]
        """, FileKind.GITLAB_CI) == [
        ("dcr.example.com/ci/base:1", 1, 8, 1, 33, ("image",), "pipeline", "dcr.example.com"),
        ("docker:24-dind", 4, 7, 4, 21, ("default", "services", "0"), "default", "docker.io"),
        ("dcr.example.com/ci/db:2", 5, 13, 5, 36, ("default", "services", "1", "name"), "default",
         "dcr.example.com"),
        ("dcr.example.com/ci/tool:3", 9, 11, 9, 36, (".tpl", "image", "name"), ".tpl", "dcr.example.com"),
    ]


def test_dockerfile_base_images_not_stages_nor_scratch() -> None:
    assert refs("Dockerfile", """\
        # syntax=docker/dockerfile:1
        ARG BASE=alpine:3.19
        FROM --platform=$BUILDPLATFORM dcr.example.com/team/build:1 AS build
        RUN make
        FROM build AS test
        FROM \\
          ${BASE}
        FROM scratch
        COPY --from=build /app /app
        """, FileKind.DOCKERFILE) == [
        ("dcr.example.com/team/build:1", 3, 32, 3, 60, ("FROM", "3"), "stage build", "dcr.example.com"),
        ("${BASE}", 7, 3, 7, 10, ("FROM", "6"), "stage 2", None),
    ]


def test_malformed_values_are_no_references() -> None:
    assert refs(".gitlab-ci.yml", """\
        image: [dcr.example.com/a:1]
        services: &s [*s]
        job:
          image: {name: {x: 1}}
          services: [[dcr.example.com/b:1], {name: [x]}]
          script: [make]
        """, FileKind.GITLAB_CI) == []
    assert refs(".github/workflows/ci.yml", """\
        on: push
        jobs:
          a:
            container: [dcr.example.com/a:1]
            services: {db: [x], cache: 3}
            steps: [{uses: "docker://"}, {uses: 3}]
        """, FileKind.GITHUB_WORKFLOW) == []
    assert refs("compose.yaml", "services: {a: 3, b: {image: [x]}, c: {image: ''}}\n", FileKind.COMPOSE) == []
    assert refs("Dockerfile", "FROM\nFROM --platform=linux/amd64\nfrom base as Build\nFROM build\n",
                FileKind.DOCKERFILE) == [("base", 3, 6, 3, 10, ("FROM", "3"), "stage Build", "docker.io")]
