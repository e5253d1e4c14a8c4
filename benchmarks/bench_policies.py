"""Cost of user policies: a corpus scan with 50 generated policies vs. the same scan without.

    python benchmarks/bench_policies.py [--corpus ../shared/corpus] [--repeat 5] [--jobs 1]

The 50 policies (written to a temporary rules dir) mix the shapes real ones take: Kubernetes
container images with image-part conditions and namespace targets, GitHub Actions steps,
GitLab jobs with `*` and `**` paths, and secret-named keys anywhere (`**`). The figure is the
ratio of median wall times (budget: at most 1.30).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEMPLATES = (
    """target: {{kinds: [kubernetes], namespaces: [prod{i}, "team-*"]}}
select: containers.image
where: {{class: literal, not: {{registry: r{i}.example.com}}}}""",
    """target: kubernetes
select: containers.image
where: {{class: literal, digest: {{absent: .}}, tag: {{matches: '^v?{i}\\.'}}}}""",
    """target: [github-workflow, github-action]
select: ['jobs.*.steps[*].uses', 'runs.steps[*].uses']
where: {{matches: '^actor{i}/login@', not: {{matches: '@[0-9a-f]{{40}}$'}}}}""",
    """target: [gitlab-ci]
select: '*'
where:
  - path: '(script|before_script).**'
    matches: 'tool{i} login'
  - not: {{exists: rules}}""",
    """select: '**'
where: {{secret-name: true, class: literal, key-matches: 'X{i}_'}}""",
)


def write_policies(folder: Path, count: int) -> None:
    for i in range(count):
        body = TEMPLATES[i % len(TEMPLATES)].format(i=i)
        (folder / f"bench{i:03d}.yaml").write_text(
            f"id: BENCH{i:03d}\nname: bench-policy-{i}\nlevel: warning\nsecurity-severity: 1.0\n"
            f"short-description: Benchmark policy {i}.\n{body}\nmessage: 'policy {i}: {{value}}'\n")


def _time(cmd: list[str], repeat: int, cwd: str) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> int:
    here = Path(__file__).resolve().parent
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--corpus", default=str(here.parent.parent / "shared" / "corpus"))
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--policies", type=int, default=50)
    args = p.parse_args()
    corpus = Path(args.corpus).resolve()
    if not corpus.is_dir():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 2
    base = [sys.executable, "-m", "dcrlint", "--no-git", "--jobs", str(args.jobs), "--format", "json",
            "--fail-on", "never", "."]
    with tempfile.TemporaryDirectory() as tmp:
        write_policies(Path(tmp), args.policies)
        for cmd in (base, [*base, "--rules-dir", tmp]):
            check = subprocess.run(cmd, cwd=corpus, capture_output=True, text=True)
            if check.returncode != 0:
                print(check.stderr[-2000:], file=sys.stderr)
                return 2
        # one warm-up each, then interleaved medians
        _time(base, 1, str(corpus))
        without = _time(base, args.repeat, str(corpus))
        with_policies = _time([*base, "--rules-dir", tmp], args.repeat, str(corpus))
    ratio = with_policies / without
    print(f"corpus           {corpus}")
    print(f"without policies {without:.2f} s (median of {args.repeat}, --jobs {args.jobs})")
    print(f"{args.policies} policies      {with_policies:.2f} s")
    print(f"overhead         {100 * (ratio - 1):+.1f}% (budget +30%)")
    return 0 if ratio <= 1.30 else 1


if __name__ == "__main__":
    sys.exit(main())
