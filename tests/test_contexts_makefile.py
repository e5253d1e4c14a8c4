"""Makefile recipes as shell contexts: prefixes, continuations, `$$`, make variables."""

from __future__ import annotations

from conftest import Lint, scanned

from dcrlint.classify import FileKind
from dcrlint.extractors import shell_contexts
from dcrlint.scanned import ShellContext
from dcrlint.shell import parse_shell
from dcrlint.shell.logins import find_logins
from dcrlint.source import SourceFile
from dcrlint.values import ValueKind


def contexts(text: str) -> list[ShellContext]:
    return shell_contexts(scanned(text, ("Makefile", FileKind.MAKEFILE)))


def pos(text: str, offset: int) -> tuple[int, int]:
    return SourceFile("Makefile", text).position(offset)


MAKEFILE = (
    "DOCKER ?= docker\n"
    "PASS := $(shell cat x)\n"
    ".PHONY: login\n"
    "login: dep ## log in\n"
    '\t@echo "logging in"\n'
    "\t-docker login -u u \\\n"
    "\t  -p hunter2 $(REG)\n"
    "\n"
    "# a make comment\n"
    '\t@printf "%s" "$$REG_PASS" | docker login --password-stdin\n'
    "ifeq ($(X),1)\n"
    '\t+docker login -p "$${P}" r\n'
    "endif\n"
    "quick: ; docker login -p h3 r\n"
    "VAR = x\n"
    "\techo not a recipe\n"
    "define FOO\n"
    "\tdocker login -p no r\n"
    "endef\n"
)


def test_recipes_per_rule() -> None:
    ctxs = contexts(MAKEFILE)
    assert [c.place for c in ctxs] == [("recipe", "login"), ("recipe", "quick")]
    assert all(c.dialect == "sh" for c in ctxs)
    assert "not a recipe" not in "".join(c.text.text for c in ctxs)


def test_login_positions() -> None:
    found = [
        (login.password.text, pos(MAKEFILE, login.password.offset(0)), login.password_kind)
        for c in contexts(MAKEFILE)
        for login in find_logins(parse_shell(c.text, c.dialect))
        if login.password is not None
    ]
    assert found == [
        ("hunter2", (7, 7), ValueKind.LITERAL),
        ("${P}", (12, 20), ValueKind.VARIABLE),
        ("h3", (14, 26), ValueKind.LITERAL),
    ]


def test_dollar_dollar_maps_to_first_dollar() -> None:
    (ctx, _) = contexts(MAKEFILE)
    i = ctx.text.text.index("$REG_PASS")
    assert pos(MAKEFILE, ctx.text.offset(i)) == (10, 16)
    assert MAKEFILE[ctx.text.offset(i) : ctx.text.offset(i) + 2] == "$$"
    assert ctx.text.text[i + 1] == "R" and MAKEFILE[ctx.text.offset(i + 1)] == "R"


def test_make_variables_are_variables() -> None:
    (ctx, _) = contexts(MAKEFILE)
    script = parse_shell(ctx.text, ctx.dialect)
    (login, *_) = find_logins(script)
    # `$(REG)` reaches the shell as the variable `${REG}` (make's other spelling), at the same offsets
    assert login.registry is not None and login.registry.text == "${REG}"
    assert MAKEFILE[login.registry.offset(0) : login.registry.offset(5) + 1] == "$(REG)"
    pipe = next(c for c in script.commands if c.name == "printf")
    assert pipe.words[2].kind is ValueKind.VARIABLE


def test_prefixes_stripped() -> None:
    text = "a:\n\t@ - +docker login -p x r\n"
    (ctx,) = contexts(text)
    assert ctx.text.text.strip() == "docker login -p x r"


def test_assignments_and_double_colon() -> None:
    text = "X := a:b\nY = c:d\nall:: dep\n\techo $(X)\nZ ::= 1\n"
    assert [c.place for c in contexts(text)] == [("recipe", "all")]


def test_broken_makefiles_do_not_raise() -> None:
    for text in ["\t", "a:\n\t\\", "define X\n", "a: ;", ":\n\tx", "a:\r\n\techo hi\r\n"]:
        contexts(text)


def test_a_make_variable_echoed_is_a_secret_printed(lint: Lint) -> None:
    text = ("push:\n\t@echo $(REG_PASSWORD)\n\t-echo \"$(REG_PASSWORD)\"\n\t@echo $(shell cat v) $(VERSION)\n"
            "\techo $(REG_PASSWORD) | docker login -u bot --password-stdin r.example.com\n")
    # (line 5: make prints the line, the password in it, before the pipe runs: test_make_echo)
    assert lint.scan("Makefile", text, "--select", "DCR003").where() == [
        ("DCR003", 2, 3, 2, 23), ("DCR003", 3, 3, 3, 25), ("DCR003", 5, 7, 5, 22)]


def test_make_expands_inside_the_shells_single_quotes(lint: Lint) -> None:
    """make puts a variable's value in the recipe before the shell reads it, single quotes or
    not: `@echo '$(X)'` and `@echo '${X}'` print X (checked with GNU make -n). Not a `$$` the
    shell gets as `$` in its single quotes (text), nor a `$$` outside them read by the shell
    from its own environment when it is no secret, nor a make variable of another name."""
    text = ("push:\n\t@echo '$(REG_PASSWORD)'\n\t@echo 'token: ${REG_TOKEN}'\n\t@echo '$$REG_SECRET'\n"
            "\t@echo '$$(REG_SECRET)'\n\t@echo '$(VERSION)'\n")
    assert lint.scan("Makefile", text, "--select", "DCR003").where() == [
        ("DCR003", 2, 3, 2, 25), ("DCR003", 3, 3, 3, 29)]


def test_single_quotes_of_a_shell_script_stay_text(lint: Lint) -> None:
    assert lint.scan("ci.sh", "#!/bin/sh\necho '${REG_PASSWORD}' '$(REG_TOKEN)'\n", "--select", "DCR003").where() == []
