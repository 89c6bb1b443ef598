#!/usr/bin/env python3
"""Turns JMH's JSON (bench/results.json) into the Markdown tables of BENCHMARKS.md.

Several files may be given: a benchmark in a later file replaces the same benchmark in an earlier one.
"""
import json
import sys
from collections import defaultdict

paths = sys.argv[1:] or ["bench/results.json"]
rows = defaultdict(dict)
for result in [result for path in paths for result in json.load(open(path))]:
    bench = result["benchmark"].rsplit(".", 2)
    group, method = bench[-2], bench[-1]
    params = ", ".join(f"{name}={value}" if name != "policy" else value for name, value in result.get("params", {}).items())
    primary = result["primaryMetric"]
    alloc = result.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    rows[(group, params)][method] = (primary["score"], primary["scoreError"], alloc, result["threads"])

LIBRARIES = ["baseline", "unproxied", "clockRead", "noopAspect", "circuit", "resilience4jSynchronized",
             "resilience4jLockFree", "resilience4j", "resilience4jNoStackTrace", "failsafe"]
for (group, policy), methods in sorted(rows.items()):
    threads = next(iter(methods.values()))[3]
    print(f"\n#### {group}" + (f" ({policy})" if policy else "") + f", {threads} thread{'s' if threads > 1 else ''}\n")
    print("| benchmark | ns/op | error | error % | B/op | circuit / this |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    circuit = methods.get("circuit", (None,))[0]
    for name in LIBRARIES:
        if name not in methods:
            continue
        score, error, alloc, _ = methods[name]
        ratio = f"{circuit / score:.2f}" if circuit and name != "circuit" and score > 0 else ""
        alloc_text = "0" if alloc is not None and alloc < 0.5 else (f"{alloc:.0f}" if alloc is not None else "")
        pct = f"{100 * error / score:.1f}" if score else ""
        print(f"| {name} | {score:.1f} | ±{error:.1f} | {pct} | {alloc_text} | {ratio} |")
