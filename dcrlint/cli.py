"""Command line: `dcrlint [PATHS]`, `dcrlint rules`, `dcrlint explain RULE`."""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import __version__
from .config import FAIL_ON, ConfigError, Settings, find_config, load
from .records import replace
from .redact import Redactor, ScrubbedStream, redactor_for
from .reports import FORMATS, own_words

DEFAULT_CACHE_DIR = ".dcrlint_cache"  # as dcrlint.cache.DEFAULT_DIR, without importing it at start-up

if TYPE_CHECKING:
    import argparse

    from .findings import Notification, Scan
    from .fixer import FixRun
    from .prepare import Options, Prepared
    from .progress import Progress
    from .replay import Output, Replay
    from .reports.options import ReportOptions
    from .rulesmeta import Rule

_RANK = {"note": 0, "warning": 1, "error": 2}
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


_EPILOG = """\
exit codes:
  0  no finding at or above --fail-on (with --strict: and every file scanned)
  1  findings at or above --fail-on (with --strict: or a file not fully scanned);
     with --diff: there is a change to show
  2  usage or configuration error, a path that does not exist, or an internal
     error (a check or parser failed: the result cannot be trusted)

other commands:
  dcrlint rules           list the rules
  dcrlint explain RULE    show one rule: what, why, examples, fix
"""


def _parser() -> argparse.ArgumentParser:
    """The command line's parser (argv.py reads a plain command line without it: keep the two
    equal, tests/test_argv.py checks)."""
    import argparse

    p = argparse.ArgumentParser(
        prog="dcrlint",
        description="Find container-registry credential mistakes in CI files, manifests, "
        "docker configs, scripts, Dockerfiles and Makefiles.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="*", default=["."], metavar="PATH",
                   help="files and folders to scan (default: the current folder); "
                   "`-` reads standard input (see --stdin-filename)")
    p.add_argument("--version", action="version", version=f"dcrlint {__version__}")
    p.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE (`-`: standard output)")
    p.add_argument("--sarif", metavar="FILE", help="also write a SARIF report to FILE")
    p.add_argument("--sarif-category", metavar="NAME",
                   help="SARIF automationDetails.id category, so that several uploads of one commit "
                   "do not replace each other (default: dcrlint)")
    p.add_argument("--config", metavar="FILE",
                   help="settings file (default: the nearest .dcrlint.yaml or pyproject.toml "
                   "[tool.dcrlint], from the scanned path upward, then from the working directory)")
    p.add_argument("--select", action="append", default=[], metavar="RULES",
                   help="only these rules (IDs, names or ID prefixes, comma-separated)")
    p.add_argument("--ignore", action="append", default=[], metavar="RULES", help="skip these rules")
    p.add_argument("--fail-on", choices=FAIL_ON, help="lowest level that fails the run (default warning)")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                   help="skip paths matching GLOB (gitignore syntax, relative to the project root; repeatable)")
    p.add_argument("--force-exclude", action=argparse.BooleanOptionalAction, default=False,
                   help="apply exclude also to files named on the command line (the pre-commit hook "
                   "sets it; --no-force-exclude turns it off)")
    p.add_argument("--stdin-filename", metavar="NAME",
                   help="name of the file read from standard input (`-`): decides its kind and how "
                   "reports name it")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour in text output (auto: on a terminal; NO_COLOR, FORCE_COLOR and TERM=dumb "
                   "are honoured)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="print findings only: no summary line, no fix counts, no progress, no notes")
    p.add_argument("--statistics", action="store_true",
                   help="print the number of findings per rule instead of each finding (text format)")
    p.add_argument("--now", metavar="DATE", help="today's date for time-dependent rules (ISO 8601)")
    p.add_argument("--no-git", action="store_true", help="do not ask git (file listing, history)")
    p.add_argument("--jobs", "-j", type=int, default=_cores(), metavar="N",
                   help="worker processes (default and maximum: the number of cores)")
    p.add_argument("--no-cache", action="store_true",
                   help="neither read nor write the result cache (also: DCRLINT_NO_CACHE=1)")
    p.add_argument("--cache-dir", metavar="DIR",
                   help="result cache folder (default: .dcrlint_cache in the project root; also: DCRLINT_CACHE_DIR)")
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
                        help="apply the safe fixes in place until none is left, then report what remains")
    fixing.add_argument("--diff", action="store_true",
                        help="print the changes --fix would make as a unified diff; change nothing")
    p.add_argument("--unsafe-fixes", action="store_true",
                   help="with --fix or --diff, also the fixes that may change what the file means "
                        "(text output marks them `unsafe`, --diff each hunk that holds one)")
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
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _config_start(paths: list[str], stdin_name: str | None) -> Path:
    """Where the config search starts: the folder holding every scanned path."""
    cwd = Path.cwd()
    named = [stdin_name or "." if p == "-" else p for p in paths]
    folders = [str(q if _is_dir(q) else q.parent) for q in (Path(os.path.abspath(cwd / p)) for p in named)]
    try:
        return Path(os.path.commonpath(folders)) if folders else cwd
    except ValueError:  # different drives
        return cwd


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # unreadable: the scan itself will say so
        return False


def _cache_dir(args: argparse.Namespace, settings: Settings) -> str | None:
    """Where results are cached, or None for no cache (--no-cache, DCRLINT_NO_CACHE)."""
    if args.no_cache or os.environ.get("DCRLINT_NO_CACHE", "") not in ("", "0"):
        return None
    chosen = args.cache_dir or os.environ.get("DCRLINT_CACHE_DIR")
    return chosen or str(Path(settings.project_root or settings.root) / DEFAULT_CACHE_DIR)


def _settings(args: argparse.Namespace) -> Settings:
    cwd = Path.cwd()
    if args.config:
        config: Path | None = Path(args.config)
        project = cwd  # as ruff: paths in a config named on the command line are read from here
    else:
        start = _config_start(args.paths, args.stdin_filename)
        # from the working folder too, unless the search from start went through it already
        config = find_config(start) or (None if cwd in (start, *start.parents) else find_config(cwd))
        project = config.parent.resolve() if config else cwd
    settings = load(config) if config else Settings()
    overrides: dict[str, object] = {"root": str(cwd), "git": not args.no_git, "project_root": str(project),
                                    "force_exclude": args.force_exclude}
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
    if "-" in args.paths:
        overrides["stdin_name"] = args.stdin_filename or ""
        overrides["stdin_data"] = sys.stdin.buffer.read()
    return settings.with_overrides(**overrides)


def _use_color(choice: str, stream: object) -> bool:
    """--color, then NO_COLOR, FORCE_COLOR, TERM=dumb, then whether stream is a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0", "false"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


class OutputError(Exception):
    """A report that cannot be written: exit 2 with the reason, never a traceback."""


def _write(path: str, text: str, masked: bool = False) -> None:
    # backslashreplace: a file name that is not UTF-8 (held as surrogates) cannot fail the write
    if not masked and isinstance(sys.stdout, ScrubbedStream):  # report files mask what standard output masks
        text = sys.stdout.redactor.scrub(text, urls=False, keep=sys.stdout.keep)
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(text)
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or type(e).__name__}") from None


def _write_stdout(text: str, masked: bool = False) -> None:
    """`masked`: the text is masked already (written past the masking stream)."""
    try:
        (sys.stdout.stream if masked and isinstance(sys.stdout, ScrubbedStream) else sys.stdout).write(text)
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
    print(_note_line(redactor, n), file=sys.stderr)


def _note_line(redactor: Redactor, n: Notification) -> str:
    from .reports.terminal import safe, safe_path

    where = f"{n.path}:{n.line}" if n.line else n.path
    return f"dcrlint: {n.level}: {safe_path(redactor.scrub(where, keep=(n.path,)))}: {safe(redactor.scrub(n.message))}"


def main(argv: list[str] | None = None) -> int:
    """The program; without argv, the process's own command line (the `dcrlint` script,
    `python -m dcrlint`), and the process is to end when it returns."""
    ending = argv is None
    if ending:
        # The program (program.py): what it imported lives to the end; the collector need
        # not walk it again. The scan runs with the collector on.
        gc.freeze()
        gc.enable()
    argv = sys.argv[1:] if argv is None else argv
    _tolerant_streams()
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = ScrubbedStream(sys.stdout), ScrubbedStream(sys.stderr)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = streams
        if ending:
            # Everything left is freed when the process ends: exempt it from the cycle collector,
            # which the interpreter's shutdown would otherwise run over every object again (a
            # tenth of a one-file run). Shutdown still clears the modules and runs atexit.
            gc.freeze()


def _mask_streams(scan: Scan) -> None:
    """From now on standard output and error mask the scan's secrets, whatever writes to them
    (the paths its findings name and the reports' own labels are kept whole, as reports.render
    keeps them)."""
    redactor = redactor_for(scan.secrets)
    paths = {r.path for r in (*scan.results, *scan.suppressed)} | {n.path for n in scan.notifications}
    keep = tuple(redactor.protected(paths | own_words(scan)))
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, ScrubbedStream):
            stream.redactor, stream.keep = redactor, keep


def _main(argv: list[str]) -> int:
    try:
        if argv and argv[0] in ("rules", "explain"):
            from .explain import main as explain_main

            return _closed_pipe_safe(lambda: explain_main(argv), EXIT_OK)
        from .argv import read

        args = read(argv, _cores()) or _parser().parse_intermixed_args(argv)  # options may come between paths
        _check_paths(args)
        return _lint(args)
    except ConfigError as e:
        print(f"dcrlint: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except OutputError as e:
        if str(e):
            print(f"dcrlint: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except ImportError as e:  # outside any one check (redaction, a worker): the whole run
        if not e.name or os.environ.get("DCRLINT_DEBUG"):
            raise
        print(f"dcrlint: error: internal error (module {e.name} is not installed; install dcrlint "
              "with its dependencies)", file=sys.stderr)
        return EXIT_USAGE


def _check_paths(args: argparse.Namespace) -> None:
    """As ruff: a path that does not exist is an error, not an empty scan."""
    for p in args.paths:
        if p != "-" and not os.path.lexists(p):
            raise ConfigError(f"{p}: no such file or directory")
    if "-" in args.paths and (args.fix or args.diff):
        raise ConfigError("--fix and --diff change files on disk; they do not read standard input (`-`)")
    if args.statistics and args.format != "text":
        raise ConfigError("--statistics goes with the text format")


def _closed_pipe_safe(run: Callable[[], int], code_if_closed: int) -> int:
    """Run, and when the reader of standard output has gone (`| head -1`) stop quietly."""
    try:
        code = run()
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        _silence_stdout()
        return code_if_closed


def _lint(args: argparse.Namespace) -> int:
    from .prepare import Options, prepare
    from .reports import render
    from .ruleset import load_rules

    if args.output == "-":  # the report on standard output, as without -o
        args.output = None
    # A scan allocates many small objects that form no cycles (YAML nodes, words, spans);
    # the default threshold (700) runs the cycle collector ~500 times on a big tree for
    # about 5% of the time. A file is scanned with the collector off (engine._scan_file):
    # between files what grows is what the run keeps (results, loaded modules, GitLab's
    # composed includes), which 100,000 lets grow without a walk of it. Worker processes
    # inherit the setting.
    gc.set_threshold(100_000)
    settings = _settings(args)
    rules = load_rules(settings)
    cores = _cores()
    if args.jobs > cores and not args.quiet:  # more workers only cost memory
        print(f"dcrlint: note: --jobs {args.jobs}: capped at {cores}, the cores this process may run on",
              file=sys.stderr)
    progress = None if args.quiet else _progress(sys.stderr)
    options = Options(
        jobs=max(1, min(args.jobs, cores)),
        no_ignores=args.no_ignores,
        require_reasons=args.require_reasons,
        report_unused_ignores=args.report_unused_ignores,
        baseline=args.baseline,
        progress=progress,
        cache_dir=_cache_dir(args, settings),
        digests=bool(args.fix or args.diff),  # (a cache keeps them whatever this says)
    )
    ropts = _report_options(args, settings)
    try:
        prepared = prepare(args.paths, settings, rules, options)
        replay = _replay(args, prepared, ropts)
        recorded = replay.load() if replay is not None else None
        if recorded is not None:  # every file as the last run with this command line saw it
            _emit(recorded[0])
            if prepared.cache is not None:
                prepared.cache.flush(settings.root)  # what listing them learnt (named kinds)
            return recorded[1]
        from .depends import recording
        from .lint import lint

        with recording(replay is not None) as watched:  # what the outputs depend on besides the files
            scan = lint(args.paths, settings, rules, options, prepared)
        _mask_streams(scan)
        # Everything written from here on goes through a Redactor (reports: reports.render).
        if args.diff:
            return _diff(scan, settings, args)
        if args.fix:
            scan = _fix(scan, args, settings, rules, options)
    finally:
        if progress is not None:
            progress.close()
    from .lint import baseline_text

    redactor = redactor_for(scan.secrets)
    code = _exit_code(scan, settings, args)
    outputs: list[Output] = []
    # Warnings first: the report, and its summary line, come last.
    if args.format != "github":
        for n in scan.notifications:
            if not (args.quiet and n.level == "note"):
                outputs.append(("err", "", _note_line(redactor, n)))
    if scan.internal_errors:
        count = len(scan.internal_errors)
        outputs.append(("err", "", f"dcrlint: error: internal error in {count} file{'s' if count != 1 else ''}; "
                        "the result is incomplete (exit 2)"))
    if args.output:
        outputs.append(("file", args.output, render(args.format, scan, ropts)))
    if args.sarif:
        outputs.append(("file", args.sarif, render("sarif", scan, ropts)))
    if args.write_baseline:
        outputs.append(("file", args.write_baseline, redactor.scrub_document(baseline_text(scan.results + [
            r for r in scan.suppressed if r.suppressed_by == "external"]))))
    if not args.output:
        outputs.append(("out", "", render(args.format, scan, ropts)))
    outputs = [(where, path, _masked(text)) for where, path, text in outputs]
    _emit(outputs)
    if replay is not None and prepared.complete and not scan.internal_errors and not args.fix \
            and prepared.cache is not None and prepared.cache.deps_known:
        replay.save(outputs, code, prepared.dependencies(watched), prepared.shas)
    return code


def _report_options(args: argparse.Namespace, settings: Settings) -> ReportOptions:
    from .reports.options import ReportOptions

    return ReportOptions(
        color=args.output is None and args.format == "text" and _use_color(args.color, sys.stdout),
        root=settings.root,
        show_suppressed=args.show_suppressed,
        quiet=args.quiet,
        statistics=args.statistics,
        **({"automation_id": _category(args.sarif_category)} if args.sarif_category else {}),
        **({"repo_root": _repo_root(args, settings)} if args.sarif or args.format == "sarif" else {}),
    )


# What the outputs of a run depend on besides its files and its run key: the command line
# (but the worker count and the cache's place), the working folder, the report options.
_NOT_IN_REPLAY_KEY = frozenset({"jobs", "no_cache", "cache_dir"})


def _replay(args: argparse.Namespace, prepared: Prepared, ropts: ReportOptions) -> Replay | None:
    """The replay record of this run (replay.py), None when it cannot have one: no cache,
    --fix/--diff (they change files), a file without a stamp, or a baseline that cannot be read
    (the scan says why)."""
    if prepared.cache is None or args.fix or args.diff:
        return None
    listing = prepared.listing_key()
    if listing is None:
        return None
    from .sha import sha256

    command = repr((sorted((k, v) for k, v in vars(args).items() if k not in _NOT_IN_REPLAY_KEY),
                    os.getcwd(), ropts))
    if args.baseline:
        try:
            with open(args.baseline, "rb") as fh:
                command += "\0" + sha256(fh.read()).hexdigest()
        except OSError:
            return None
    from .replay import Replay

    return Replay(prepared.cache, command, listing, prepared.listing.targets, prepared.listing.stats)


def _masked(text: str) -> str:
    """The text as standard output and error write it (and report files are written): every
    secret of the scan masked (_mask_streams)."""
    if isinstance(sys.stdout, ScrubbedStream):
        return sys.stdout.redactor.scrub_document(text, keep=sys.stdout.keep)
    return text


def _emit(outputs: Sequence[Output]) -> None:
    """Write a run's outputs (masked already: written past the masking streams)."""
    err = sys.stderr.stream if isinstance(sys.stderr, ScrubbedStream) else sys.stderr
    for where, path, text in outputs:
        if where == "err":
            err.write(text + "\n")
            continue
        err.flush()
        if where == "file":
            _write(path, text, masked=True)
        else:
            _write_stdout(text, masked=True)
    err.flush()


def _repo_root(args: argparse.Namespace, settings: Settings) -> str:
    """What SARIF paths are relative to: the top of the git work tree holding the scanned
    paths (wherever dcrlint runs from), else the project root."""
    if settings.git:
        import subprocess

        start = _config_start(args.paths, args.stdin_filename)
        try:
            top = subprocess.run(["git", "-C", str(start), "rev-parse", "--show-toplevel"],
                                 capture_output=True, text=True, timeout=30, check=False)
            if top.returncode == 0 and top.stdout.strip():
                return os.path.normpath(top.stdout.strip())
        except (OSError, subprocess.SubprocessError):
            pass
    return settings.project_root or settings.root


def _category(name: str) -> str:
    """GitHub reads the category as automationDetails.id up to its last `/`."""
    return name.strip().rstrip("/") + "/"


def _exit_code(scan: Scan, settings: Settings, args: argparse.Namespace) -> int:
    if scan.internal_errors:
        return EXIT_USAGE
    if args.write_baseline:
        return EXIT_OK
    threshold = settings.fail_on
    failed = threshold != "never" and any(_RANK[r.level] >= _RANK[threshold] for r in scan.results)
    if args.strict and scan.partly_scanned:
        failed = True
    return EXIT_FINDINGS if failed else EXIT_OK


def _diff(scan: Scan, settings: Settings, args: argparse.Namespace) -> int:
    from . import fixer

    redactor = redactor_for(scan.secrets)
    fixes = fixer.plan(scan.results, settings, scan.digests, unsafe=args.unsafe_fixes)
    for n in fixes.notifications:
        _note(redactor, n)
    _note_unsafe_left(scan, args)
    presence = [rid for rid, rule in scan.rules.items() if rule.kind == "presence"]
    secrets = fixer.secrets_of(scan.results + scan.suppressed, fixes, presence)
    patch, notes = fixer.diff(fixes, secrets | scan.secrets)
    for n in notes:
        _note(redactor, n)
    _write_stdout(redactor.scrub(patch))
    return EXIT_USAGE if scan.internal_errors else EXIT_FINDINGS if patch or notes else EXIT_OK


def _note_unsafe_left(scan: Scan, args: argparse.Namespace) -> None:
    from . import fixer

    left = 0 if args.unsafe_fixes else fixer.unsafe_left(scan.results)
    if left and not args.quiet:  # as ruff says it
        print(f"dcrlint: {left} hidden unsafe fix{'es' if left > 1 else ''} can be enabled with the "
              "`--unsafe-fixes` option", file=sys.stderr)


# A fix can make another finding fixable (two fixes on one line, a fix that moves text):
# apply, re-scan and repeat until nothing changes, as ruff does. A bound stops a cycle.
_MAX_FIX_ROUNDS = 10


def _fix(scan: Scan, args: argparse.Namespace, settings: Settings, rules: dict[str, Rule],
         options: Options) -> Scan:
    from . import fixer
    from .lint import lint

    runs: list[FixRun] = []
    secrets = scan.secrets  # every secret seen in any round stays masked
    for _ in range(_MAX_FIX_ROUNDS):
        fixes = fixer.plan(scan.results, settings, scan.digests, unsafe=args.unsafe_fixes)
        runs.append(fixes)
        for n in fixes.notifications:
            _note(redactor_for(secrets), n)
        if not fixes.changed:
            break
        for n in fixer.write(fixes, settings):
            _note(redactor_for(secrets), n)
        if not fixes.written:
            break
        scan = lint(args.paths, settings, rules, options)
        secrets = secrets | scan.secrets
        scan = replace(scan, secrets=secrets)
        _mask_streams(scan)
    _note_unsafe_left(scan, args)
    if not args.quiet:
        from .reports.terminal import safe

        print(f"dcrlint: {safe(redactor_for(secrets).scrub(_fix_summary(runs)))}", file=sys.stderr)
    return scan


def _fix_summary(runs: list[FixRun]) -> str:
    """fixer.summary over every round: files fixed, and those left alone."""
    files = list(dict.fromkeys(p.path for r in runs for p in r.written))
    n = sum(r.fixed_count for r in runs)
    out = f"fixed {n} finding{'s' if n != 1 else ''} in {len(files)} file{'s' if len(files) != 1 else ''}"
    if files:
        out += f" ({', '.join(files)})"
    left = sorted({path for r in runs for path in (*r.not_written, *(n.path for n in r.notifications))})
    if left:
        out += f"; not fixed: {', '.join(left)}"
    return out


def _progress(stream: TextIO) -> Progress | None:
    """A progress line for long scans, only where someone watches it (a terminal)."""
    if not getattr(stream, "isatty", lambda: False)() or os.environ.get("TERM") == "dumb":
        return None
    from .progress import Progress

    return Progress(stream)
