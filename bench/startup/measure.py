#!/usr/bin/env python3
"""Times the start-up of the benchmark applications in interleaved rounds (see README.md).

Each run is `java [JAVA_OPTS] ARGS`, ARGS being `-jar APP.jar` for the three applications; the
application exits with System.exit(0) as soon as it is ready. Per run: wall time from just before the
process is spawned to its exit (os.wait4), the CPU time it used (user + system, from the same
rusage), and the two figures of Spring's own log line "Started ... in X seconds (process running
for Y)". Rounds run the applications in a fixed order (a, b, c, a, b, c, ...) after one discarded
warm-up round; the machine's load average is sampled before every run.
"""
import argparse
import json
import os
import random
import re
import shlex
import statistics
import subprocess
import sys
import time

STARTED = re.compile(r"Started \S+ in ([0-9.]+) seconds \(process running for ([0-9.]+)\)")


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def run_once(java, opts, command, log_dir, label, index):
    log_path = os.path.join(log_dir, f"{label}-{index:03d}.log")
    with open(log_path, "wb") as log:
        start = time.perf_counter_ns()
        proc = subprocess.Popen([java, *opts, *command], stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall_ms = (time.perf_counter_ns() - start) / 1e6
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    with open(log_path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    match = STARTED.search(text)
    if code != 0 or not match:
        sys.exit(f"startup-bench: {label} run {index} failed (exit {code}); see {log_path}")
    return {
        "wall_ms": wall_ms,
        "cpu_ms": (usage.ru_utime + usage.ru_stime) * 1000.0,
        "started_s": float(match.group(1)),
        "process_s": float(match.group(2)),
    }


def median(values):
    return statistics.median(values)


def bootstrap_ratio(num, den, iterations=2000, seed=1):
    """95 % interval of median(num) / median(den), resampling the rounds (pairs kept together)."""
    rng = random.Random(seed)
    n = len(num)
    ratios = []
    for _ in range(iterations):
        idx = [rng.randrange(n) for _ in range(n)]
        ratios.append(median([num[i] for i in idx]) / median([den[i] for i in idx]))
    ratios.sort()
    return ratios[int(0.025 * iterations)], ratios[int(0.975 * iterations) - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--java", default="java")
    parser.add_argument("--java-opts", default="", help="extra JVM options, one string")
    parser.add_argument("--out", required=True, help="results JSON")
    parser.add_argument("--logs", required=True, help="directory for every run's output")
    parser.add_argument("apps", nargs="+",
                        help="LABEL=ARGS: what follows `java [JAVA_OPTS]`, e.g. 'a=-jar plain.jar'; the first is the baseline")
    args = parser.parse_args()

    apps = [(a.split("=", 1)[0], shlex.split(a.split("=", 1)[1])) for a in args.apps]
    opts = args.java_opts.split()
    os.makedirs(args.logs, exist_ok=True)
    base = apps[0][0]

    loads = [loadavg()]
    print(f"warm-up round (discarded), load average {loads[0]:.2f}", flush=True)
    for label, command in apps:
        run_once(args.java, opts, command, args.logs, label, 0)

    runs = {label: [] for label, _ in apps}
    began = time.time()
    for r in range(1, args.rounds + 1):
        line = []
        for label, command in apps:
            loads.append(loadavg())
            result = run_once(args.java, opts, command, args.logs, label, r)
            result["load_before"] = loads[-1]
            runs[label].append(result)
            line.append(f"{label} {result['wall_ms']:6.0f} ms")
        print(f"round {r:2d}/{args.rounds}: " + ", ".join(line) + f"  (load {loads[-1]:.2f})", flush=True)
    loads.append(loadavg())
    elapsed = time.time() - began

    metrics = [("wall_ms", "wall to exit, ms", 0), ("process_s", "process running for, s", 3),
               ("started_s", "Spring 'Started in', s", 3), ("cpu_ms", "CPU user+sys, ms", 0)]
    summary = {}
    for key, _, _ in metrics:
        summary[key] = {}
        baseline = [run[key] for run in runs[base]]
        for label, _ in apps:
            values = [run[key] for run in runs[label]]
            entry = {"median": median(values), "min": min(values), "max": max(values)}
            if label != base:
                entry["ratio_of_medians"] = median(values) / median(baseline)
                entry["median_of_paired_ratios"] = median([v / b for v, b in zip(values, baseline)])
                entry["ratio_95ci"] = bootstrap_ratio(values, baseline)
            summary[key][label] = entry

    print()
    print(f"{args.rounds} rounds (+1 warm-up) of {', '.join(l for l, _ in apps)}, interleaved, in {elapsed:.0f} s; "
          f"load average (1 min) {min(loads):.2f} to {max(loads):.2f}, median {median(loads):.2f}, "
          f"on {os.cpu_count()} CPUs")
    for key, title, digits in metrics:
        print(f"\n{title}: median [min, max]; ratio to {base}: of medians (paired median ratio) [95 % bootstrap]")
        for label, _ in apps:
            e = summary[key][label]
            text = f"  {label:14s} {e['median']:8.{digits}f}  [{e['min']:.{digits}f}, {e['max']:.{digits}f}]"
            if label != base:
                lo, hi = e["ratio_95ci"]
                text += (f"   {label}/{base} = {e['ratio_of_medians']:.3f}x ({e['median_of_paired_ratios']:.3f}x)"
                         f" [{lo:.3f}, {hi:.3f}]")
            print(text)

    java_version = subprocess.run([args.java, *opts, "-version"], capture_output=True, text=True).stderr.strip()
    with open(args.out, "w") as f:
        json.dump({"rounds": args.rounds, "java": java_version, "java_opts": args.java_opts,
                   "apps": {label: " ".join(command) for label, command in apps}, "load_average": {"min": min(loads), "max": max(loads),
                                                        "median": median(loads), "samples": loads},
                   "elapsed_s": elapsed, "summary": summary, "runs": runs}, f, indent=1)
    print(f"\nresults: {args.out}")


if __name__ == "__main__":
    main()
