"""make prints each recipe line, its variables expanded, before it runs it: a secret make variable
in a line not marked `@` is printed to the log (DCR003), as shell tracing prints it."""

from __future__ import annotations

from typing import Any

import pytest

RECIPES = ("push:\n"
           "\tdocker login -u ci -p $(REG_PASSWORD) reg.example.org\n"  # 2: printed
           "\t@docker login -u ci -p $(REG_PASSWORD) reg.example.org\n"  # 3: @: not printed
           "\techo \"$(REG_PASSWORD)\" | \\\n"  # 4: printed (the whole line, continued)
           "\t  docker login -u ci --password-stdin reg.example.org\n"
           "\t-@printf '%s' \"$(REG_PASSWORD)\" | docker login -u ci --password-stdin r.example.org\n"
           "\tprintf '%s' \"$$REG_PASSWORD\" | docker login -u ci --password-stdin r.example.org\n"  # shell's
           "\tdocker push $(IMAGE):$(TAG)\n")


def test_a_secret_make_variable_in_a_printed_recipe_line(lint: Any) -> None:
    run = lint.scan("Makefile", RECIPES, "--fail-on", "never", "--select", "DCR003")
    lines = RECIPES.splitlines()
    assert run.starts() == [("DCR003", 2, lines[1].index("$(") + 1), ("DCR003", 4, lines[3].index("$(") + 1)]
    assert all("`@`" in f["message"] for f in run.findings)


@pytest.mark.parametrize("silent", [".SILENT:\n", "MAKEFLAGS += -s\n", "MAKEFLAGS += --silent\n"])
def test_a_silent_makefile_prints_no_recipe(lint: Any, silent: str) -> None:
    run = lint.scan("Makefile", silent + RECIPES, "--fail-on", "never", "--select", "DCR003")
    assert run.findings == []


def test_a_line_started_by_a_quiet_switch_is_not_known_to_be_printed(lint: Any) -> None:
    text = ("Q := @\n\npush:\n\t$(Q)docker login -u ci -p $(REG_PASSWORD) reg.example.org\n"
            "\t$(DOCKER) login -u ci -p $(REG_PASSWORD) reg.example.org\n")
    run = lint.scan("Makefile", text, "--fail-on", "never", "--select", "DCR003")
    assert run.starts() == [("DCR003", 5, text.splitlines()[4].index("$(REG") + 1)]


def test_a_variable_holding_a_secret_s_name_is_no_secret_printed(lint: Any) -> None:
    """A Makefile giving the variable an object's name (`PULL_SECRET := app-pull`,
    `secretnames.secret_named`), or a line reading it where kubectl takes a Secret's name."""
    text = ("PULL_SECRET := app-pull\nCERT_SECRET ?= site-cert\nAPI_TOKEN ?=\n\ndeploy:\n"
            "\tkubectl get secret $(PULL_SECRET) -o name\n\tkubectl -n web get secret $(CERT_SECRET)\n"
            "\tcurl -H \"Authorization: Bearer $(API_TOKEN)\" https://api.example.test\n")
    run = lint.scan("Makefile", text, "--fail-on", "never", "--select", "DCR003")
    assert run.starts() == [("DCR003", 8, text.splitlines()[7].index("$(") + 1)]


def test_the_shell_s_pwd_written_in_make_is_the_working_folder(lint: Any) -> None:
    """Held-out 18a G1: `$(pwd)` in a recipe of a Makefile that never sets `pwd` is the shell's
    command substitution written in make (make expands it to nothing): no password printed. A
    Makefile that does set it (`pwd := $(shell cat .pw)`) prints what it holds."""
    bundle = ("bundle:\n\ttar czf $(pwd)/out/site.tgz public/\n\tcp notes.txt $(PWD)/out/\n"
              '\t@echo "built in $(pwd)"\n\techo $(pwd)\n')  # (the shell's echo: nothing secret either)
    assert lint.scan("Makefile", bundle, "--fail-on", "never", "--select", "DCR003").findings == []
    text = "pwd := $(shell cat .reg-pw)\n\npush:\n\tdocker login -u ci --password $(pwd) reg.example.org\n"
    run = lint.scan("Makefile", text, "--fail-on", "never", "--select", "DCR003")
    assert run.starts() == [("DCR003", 4, text.splitlines()[3].index("$(") + 1)]
    text = "push: pwd = $(shell cat .reg-pw)\npush:\n\tdocker login -u ci --password $(pwd) reg.example.org\n"
    run = lint.scan("Makefile", text, "--fail-on", "never", "--select", "DCR003")  # (a target's own variable)
    assert run.starts() == [("DCR003", 3, text.splitlines()[2].index("$(") + 1)]


# make runs a `$(shell CMD)` as it expands the recipe line and prints its output with the line:
# a command printing a credential (`credcommands`) prints it (an id, a `$$(...)` the shell runs, a
# line marked `@`, do not).
SHELL_RECIPES = ("deploy:\n"
                 "\tterraform apply \\\n"  # 2
                 "\t  -var key_id=$(shell aws configure get aws_access_key_id) \\\n"
                 "\t  -var key=$(shell aws --profile ci configure get aws_secret_access_key)\n"  # 4: printed
                 "\t@curl -H \"Authorization: Bearer $(shell gcloud auth print-access-token)\" https://r.example.org/\n"
                 "\tcurl -H \"Authorization: Bearer $$(gcloud auth print-access-token)\" https://r.example.org/\n"
                 "\thelm registry login -u oauth2 --password $(shell gh auth token) r.example.org\n"  # 7: printed
                 "\techo $(shell date +%s)\n")


def test_a_make_shell_function_printing_a_credential(lint: Any) -> None:
    run = lint.scan("Makefile", SHELL_RECIPES, "--fail-on", "never", "--select", "DCR003")
    lines = SHELL_RECIPES.splitlines()
    assert run.starts() == [("DCR003", 4, lines[3].index("$(") + 1), ("DCR003", 7, lines[6].index("$(") + 1)]
    assert all("`$(shell ...)`" in f["message"] for f in run.findings)
    run = lint.scan("Makefile", ".SILENT:\n" + SHELL_RECIPES, "--fail-on", "never", "--select", "DCR003")
    assert run.findings == []


def test_a_make_variable_set_to_a_credential_command_s_output(lint: Any) -> None:
    """`X := $(shell CMD)` (`=`, `?=`, `!= CMD`) where CMD prints a credential: `$(X)` expanded in a
    printed recipe line prints it, whatever X's name; one set from another command does not."""
    text = ("HUB_KEY := $(shell gcloud auth print-access-token)\n"
            "export REG_AUTH ?= $(shell aws ecr get-login-password --region eu-west-3)\n"
            "GH_KEY != gh auth token\n"
            "STAMP := $(shell date +%s)\n\n"
            "publish:\n"
            "\tcurl -H \"Authorization: Bearer $(HUB_KEY)\" https://api.example.org/\n"  # 7
            "\techo \"$(REG_AUTH)\" | docker login -u AWS --password-stdin 9.dkr.ecr.eu-west-3.amazonaws.com\n"  # 8
            "\t@curl -H \"Authorization: token $(GH_KEY)\" https://api.example.org/\n"
            "\tcurl -H \"X-Stamp: $(STAMP)\" https://api.example.org/\n")
    run = lint.scan("Makefile", text, "--fail-on", "never", "--select", "DCR003")
    lines = text.splitlines()
    assert run.starts() == [("DCR003", 7, lines[6].index("$(") + 1), ("DCR003", 8, lines[7].index("$(") + 1)]
