"""Command line: `dcrlint [PATHS]`, `dcrlint rules`, `dcrlint explain RULE`."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import sys
from dataclasses import replace
from pathlib import Path

from . import __version__
from .config import FAIL_ON, ConfigError, Settings, find_config, load
from .findings import Notification
from .redact import Redactor
from .reports import FORMATS

_RANK = {"note": 0, "warning": 1, "error": 2}
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="dcrlint",
        description="Find container-registry credential mistakes in CI files, manifests, "
        "docker configs, scripts, Dockerfiles and Makefiles.",
        epilog="Other commands: `dcrlint rules` lists the rules, `dcrlint explain RULE` shows one.",
    )
    p.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    p.add_argument("--version", action="version", version=f"dcrlint {__version__}")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE")
    p.add_argument("--sarif", metavar="FILE", help="also write a SARIF report to FILE")
    p.add_argument("--config", metavar="FILE", help="settings file (default: nearest .dcrlint.yaml)")
    p.add_argument("--select", action="append", default=[], metavar="RULES",
                   help="only these rules (IDs, names or ID prefixes, comma-separated)")
    p.add_argument("--ignore", action="append", default=[], metavar="RULES", help="skip these rules")
    p.add_argument("--fail-on", choices=FAIL_ON, help="lowest level that fails the run (default warning)")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    p.add_argument("--now", metavar="DATE", help="today's date for time-dependent rules (ISO 8601)")
    p.add_argument("--no-git", action="store_true", help="do not ask git (file listing, history)")
    p.add_argument("--jobs", "-j", type=int, default=_cores(), metavar="N",
                   help="worker processes (default and maximum: the number of cores)")
    p.add_argument("--strict", action="store_true", help="also fail when a file could not be scanned")
    p.add_argument("--no-ignores", action="store_true", help="ignore inline suppressions (audit)")
    p.add_argument("--require-reasons", action="store_true", help="a suppression without a reason is a finding")
    p.add_argument("--report-unused-ignores", action="store_true", help="report suppressions that suppress nothing")
    p.add_argument("--show-suppressed", action="store_true",
                   help="include suppressed results (SARIF `suppressions`, JSON `suppressed`)")
    p.add_argument("--baseline", metavar="FILE", help="report only findings not in this baseline")
    p.add_argument("--write-baseline", metavar="FILE", help="record current findings as the baseline")
    p.add_argument("--rules-dir", action="append", default=[], metavar="DIR", help="user policy rules")
    fixing = p.add_mutually_exclusive_group()
    fixing.add_argument("--fix", action="store_true",
                        help="apply the safe fixes in place, then report what is left")
    fixing.add_argument("--diff", action="store_true",
                        help="print the changes --fix would make as a unified diff; change nothing")
    return p


def _cores() -> int:
    """Cores this process may run on: more workers than that only cost memory."""
    affinity = getattr(os, "sched_getaffinity", None)
    return max(1, len(affinity(0)) if affinity else os.cpu_count() or 1)


def _refs(values: list[str]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _now(value: str) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"--now: {value!r} is not an ISO 8601 date") from None
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def _settings(args: argparse.Namespace) -> Settings:
    cwd = Path.cwd()
    config = Path(args.config) if args.config else find_config(cwd)
    settings = load(config) if config else Settings()
    overrides: dict[str, object] = {"root": str(cwd), "git": not args.no_git}
    if args.select:
        overrides["select"] = _refs(args.select)
    if args.ignore:
        overrides["ignore"] = settings.ignore + _refs(args.ignore)
    if args.fail_on:
        overrides["fail_on"] = args.fail_on
    if args.exclude:
        overrides["exclude"] = settings.exclude + tuple(args.exclude)
    if args.now:
        overrides["now"] = _now(args.now)
    if args.rules_dir:
        overrides["rules_dirs"] = settings.rules_dirs + tuple(args.rules_dir)
    return settings.with_overrides(**overrides)


def _use_color(choice: str, stream: object) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


class OutputError(Exception):
    """A report that cannot be written: exit 2 with the reason, never a traceback."""


def _write(path: str, text: str) -> None:
    # backslashreplace: a file name that is not UTF-8 (held as surrogates) cannot fail the write
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(text)
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or type(e).__name__}") from None


def _write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise OutputError("") from None  # the reader went away: nothing to say
    except OSError as e:
        _silence_stdout()
        raise OutputError(f"cannot write to standard output: {e.strerror or type(e).__name__}") from None


def _silence_stdout() -> None:
    """Point stdout at the null device so that the flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real file descriptor (a test's capture)
        pass


def _tolerant_streams() -> None:
    """A file name that is not UTF-8 is printed with backslash escapes, not a traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _note(redactor: Redactor, n: Notification) -> None:
    """A notification on stderr: secrets masked, file text escaped."""
    from .reports.terminal import safe, safe_path

    where = f"{n.path}:{n.line}" if n.line else n.path
    print(f"dcrlint: {n.level}: {safe_path(redactor.scrub(where, keep=(n.path,)))}: {safe(redactor.scrub(n.message))}",
          file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _tolerant_streams()
    try:
        if argv and argv[0] in ("rules", "explain"):
            from .explain import main as explain_main

            return explain_main(argv)
        return _lint(_parser().parse_args(argv))
    except ConfigError as e:
        print(f"dcrlint: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except OutputError as e:
        if str(e):
            print(f"dcrlint: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _lint(args: argparse.Namespace) -> int:
    from .lint import Options, baseline_text, lint
    from .reports import render
    from .reports.options import ReportOptions
    from .ruleset import load_rules

    # A scan allocates many small objects that form no cycles (YAML nodes, words, spans);
    # the default threshold (700) runs the cycle collector ~500 times on a big tree for
    # about 5% of the time. Worker processes inherit the setting.
    gc.set_threshold(20_000)
    settings = _settings(args)
    rules = load_rules(settings)
    options = Options(
        jobs=max(1, min(args.jobs, _cores())),
        no_ignores=args.no_ignores,
        require_reasons=args.require_reasons,
        report_unused_ignores=args.report_unused_ignores,
        baseline=args.baseline,
    )
    scan = lint(args.paths, settings, rules, options)
    # Everything written from here on goes through `redactor` (reports: reports.render).
    redactor = Redactor(scan.secrets)
    if args.fix or args.diff:
        from . import fixer

        fixes = fixer.plan(scan.results, settings, scan.digests)
        for n in fixes.notifications:
            _note(redactor, n)
        if args.diff:
            presence = [rid for rid, rule in scan.rules.items() if rule.kind == "presence"]
            secrets = fixer.secrets_of(scan.results + scan.suppressed, fixes, presence)
            patch, notes = fixer.diff(fixes, secrets | scan.secrets)
            _write_stdout(redactor.scrub(patch))
            for n in notes:
                _note(redactor, n)
            return EXIT_FINDINGS if patch or notes else EXIT_OK
        for n in fixer.write(fixes, settings):
            _note(redactor, n)
        print(f"dcrlint: {redactor.scrub(fixer.summary(fixes))}", file=sys.stderr)
        if fixes.written:
            before = scan.secrets
            scan = lint(args.paths, settings, rules, options)
            scan = replace(scan, secrets=scan.secrets | before)
            redactor = Redactor(scan.secrets)
    out_stream = sys.stdout
    ropts = ReportOptions(
        color=args.output is None and args.format == "text" and _use_color(args.color, out_stream),
        root=settings.root,
        show_suppressed=args.show_suppressed,
    )
    report = render(args.format, scan, ropts)
    if args.output:
        _write(args.output, report)
    else:
        _write_stdout(report)
    if args.sarif:
        _write(args.sarif, render("sarif", scan, ropts))
    if args.write_baseline:
        _write(args.write_baseline, redactor.scrub(baseline_text(scan.results + [
            r for r in scan.suppressed if r.suppressed_by == "external"])))
    if args.format != "github":
        for n in scan.notifications:
            _note(redactor, n)
    if args.write_baseline:
        return EXIT_OK
    threshold = settings.fail_on
    failed = threshold != "never" and any(_RANK[r.level] >= _RANK[threshold] for r in scan.results)
    if args.strict and scan.partly_scanned:
        failed = True
    return EXIT_FINDINGS if failed else EXIT_OK
