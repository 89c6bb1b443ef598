#!/usr/bin/env python3
"""Summarises the profiled start-ups that bench/startup/analyse recorded (see README.md).

    python3 analyse.py DIR            DIR/<config>/<run>/{steps.tsv,post-processors*.tsv,log.txt}

Every figure is the median over the runs of one configuration, in milliseconds of CPU time of the
thread doing the work (so that waiting for a CPU on a loaded machine does not count), unless it says wall.
"""
import collections
import os
import re
import statistics
import sys

STARTED = re.compile(r"Started \S+ in ([0-9.]+) seconds \(process running for ([0-9.]+)\)")
CIRCUIT = re.compile(r"circuit|Circuit|resilience4j|Resilience4j")
ANNOTATED = "databaseService"

# circuit's beans by feature (bean names as registered by the starter)
FEATURES = [
    ("core: properties, config factory, registry, configured breakers",
     r"^(circuit-dev\.circuit\.spring\.boot\.autoconfigure\.CircuitProperties|circuitConfigFactory|circuitRegistry"
     r"|circuitConfiguredBreakers|dev\.circuit\.spring\.boot\.autoconfigure\.CircuitAutoConfiguration)$"),
    ("core: listener attacher", r"^circuitListenerAttacher$"),
    ("annotation: annotations, advisor, validator, resolver",
     r"^(circuitProtectionAnnotations|circuitProtectedAdvisor|circuitProtectedValidator|circuitProtectedMethods"
     r"|dev\.circuit\.spring\.boot\.autoconfigure\.CircuitAopAutoConfiguration)$"),
    ("Resilience4j YAML compatibility",
     r"^(resilience4j\.circuitbreaker-.*|circuitResilience4j.*|dev\.circuit\.spring\.boot\.resilience4j\..*)$"),
    ("alerts: transition logger", r"^(circuitTransitionLogger|dev\.circuit\.spring\.boot\.autoconfigure\.CircuitAlertsAutoConfiguration)$"),
    ("recovery probe scheduler",
     r"^(circuitRecoveryProbeScheduler|dev\.circuit\.spring\.boot\.autoconfigure\.CircuitRecoveryProbeAutoConfiguration)$"),
    ("metrics binder (bean only)", r"^(circuitMetrics|dev\.circuit\.spring\.boot\.autoconfigure\.CircuitMetricsAutoConfiguration)$"),
    ("health contributor",
     r"^(circuitBreakersHealthContributor|dev\.circuit\.spring\.boot\.autoconfigure\.CircuitHealthAutoConfiguration)$"),
    ("endpoint (configuration class only)", r"^dev\.circuit\.spring\.boot\.autoconfigure\.CircuitEndpointAutoConfiguration$"),
]


def ms(nanos):
    return nanos / 1e6


def median(values):
    return statistics.median(values) if values else 0.0


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f if line.strip()]


def tags(text):
    result = {}
    for part in re.findall(r"(\w+)=(.*?)(?= \w+=|$)", text):
        result[part[0]] = part[1]
    return result


def one_run(run_dir):
    """The figures of one profiled start-up."""
    figures = collections.Counter()
    steps = read_tsv(os.path.join(run_dir, "steps.tsv"))
    for row in read_tsv(os.path.join(run_dir, "post-processors-by-bean.tsv")):
        processor, method = row["post-processor#method"].split("#")
        short = processor.rsplit(".", 1)[-1]
        where = "annotated bean" if row["bean"] == ANNOTATED else "other beans"
        figures[f"post-processor {short}: {where}"] += ms(int(row["exclusive_nanos"]))
    for row in read_tsv(os.path.join(run_dir, "post-processors.tsv")):
        processor = row["post-processor#method"].split("#")[0].rsplit(".", 1)[-1]
        figures[f"post-processor {processor}: all"] += ms(int(row["exclusive_nanos"]))
        figures["post-processors: all"] += ms(int(row["exclusive_nanos"]))
    for s in steps:
        name, nanos, t = s["name"], int(s["nanos"]), tags(s["tags"])
        if name == "spring.beans.instantiate":
            bean = t.get("beanName", "?")
            own = int(s["self_nanos"])  # less nested beans and post-processor calls
            figures[f"bean {bean}"] += ms(own)
            figures["beans: all (own time)"] += ms(own)
        elif name == "spring.beans.smart-initialize":
            figures[f"smart-initialize {t.get('beanName', '?')}"] += ms(nanos)
        elif name in ("spring.boot.application.starting", "spring.boot.application.environment-prepared",
                      "spring.context.config-classes.parse", "spring.context.beans.post-process",
                      "spring.boot.webserver.create", "spring.context.refresh"):
            figures[f"phase {name}"] += ms(nanos)
    for bean_key in [k for k in figures if k.startswith("bean ")]:
        bean = bean_key[5:]
        for feature, pattern in FEATURES:
            if re.search(pattern, bean):
                figures[f"circuit {feature}"] += figures[bean_key]
                figures["circuit: all beans (own time)"] += figures[bean_key]
    totals = os.path.join(run_dir, "totals.tsv")
    if os.path.exists(totals):
        for line in open(totals):
            key, value = line.split()
            figures[{"main_thread_cpu_nanos": "CPU until ready: main thread",
                     "process_cpu_nanos": "CPU until ready: process (all threads)",
                     "uptime_nanos": "wall until ready (JVM uptime)"}[key]] = ms(int(value))
    with open(os.path.join(run_dir, "log.txt"), encoding="utf-8", errors="replace") as f:
        m = STARTED.search(f.read())
    if m:
        figures["Spring 'Started in'"] = float(m.group(1)) * 1000
        figures["process running for"] = float(m.group(2)) * 1000
    return figures


def main():
    root = sys.argv[1]
    configs = [c for c in sys.argv[2:]] or sorted(os.listdir(root))
    data = {}
    for config in configs:
        runs = [one_run(os.path.join(root, config, r)) for r in sorted(os.listdir(os.path.join(root, config)))
                if os.path.exists(os.path.join(root, config, r, "post-processors.tsv"))]
        data[config] = runs
    keys = sorted({k for runs in data.values() for run in runs for k in run})

    def row(key):
        return [median([run.get(key, 0.0) for run in data[c]]) for c in configs]

    width = max(len(c) for c in configs) + 2
    head = "".join(f"{c:>{max(width, 9)}}" for c in configs)
    print(f"medians in ms over {', '.join(f'{c}: {len(data[c])}' for c in configs)} runs")

    def table(title, selected, limit=None, sort=True):
        rows = [(k, row(k)) for k in selected]
        if sort:
            rows.sort(key=lambda r: -max(abs(v) for v in r[1]))
        if limit:
            rows = rows[:limit]
        print(f"\n{title}\n{'':75s}{head}")
        for k, values in rows:
            print(f"{k[:75]:75s}" + "".join(f"{v:>{max(width, 9)}.1f}" for v in values))

    table("Whole start-up (CPU time, robust to load; wall times for reference) and Spring's phases (main-thread CPU)",
          [k for k in ("CPU until ready: main thread", "CPU until ready: process (all threads)",
                       "wall until ready (JVM uptime)", "Spring 'Started in'", "process running for") if k in keys]
          + [k for k in keys if k.startswith("phase ")], sort=False)
    table("Bean post-processors (self time: less the beans they cause to be created; 'annotated bean' = the @Service,"
          " 'other beans' = every other bean)",
          [k for k in keys if k.startswith("post-processor")], limit=30)
    table("circuit's beans by feature (own time: instantiation less nested beans and post-processor calls)",
          [k for k in keys if k.startswith("circuit")])
    table("circuit's beans, each (own time)",
          [k for k in keys if k.startswith("bean ") and CIRCUIT.search(k)])
    table("SmartInitializingSingleton callbacks", [k for k in keys if k.startswith("smart-initialize")])


if __name__ == "__main__":
    main()
