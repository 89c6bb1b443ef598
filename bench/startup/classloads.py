#!/usr/bin/env python3
"""Compares two -Xlog:class+load logs: classes loaded per jar (lambdas, CGLIB and other generated
classes attributed to the jar of their host class), and what one run loads that the other does not.

    python3 classloads.py BASE.txt OTHER.txt [--list PREFIX]
"""
import collections
import re
import sys

LINE = re.compile(r"\] (\S+) source: (.*)$")


def origin(source):
    m = re.search(r"BOOT-INF/lib/([^!]+?)(-[0-9][^!/]*)?\.jar", source)
    if m:
        return m.group(1)
    if "BOOT-INF/classes" in source:
        return "(application)"
    if "jrt:/" in source:
        return "jdk " + source.split("jrt:/")[1].split("/")[0]
    if "shared objects file" in source:
        return "jdk (CDS archive)"
    if source.startswith("file:") and source.endswith(".jar"):
        return "spring-boot-loader"
    return None  # generated: attributed to the host class


def host(name):
    for marker in ("$$Lambda", "$$SpringCGLIB", "$$FastClass", "/0x"):
        if marker in name:
            return name.split(marker)[0]
    return name


def normal(name):
    name = re.sub(r"\$\$Lambda[$/][0-9a-fx/]*(0x[0-9a-f]+)?", "$$Lambda", name)
    name = re.sub(r"/0x[0-9a-f]+", "", name)
    name = re.sub(r"\$Proxy[0-9]+", "$Proxy", name)
    return name


def read(path):
    classes = []
    for line in open(path, encoding="utf-8", errors="replace"):
        m = LINE.search(line)
        if m:
            classes.append((m.group(1), m.group(2)))
    owners = {name: origin(src) for name, src in classes if origin(src)}
    pkg_owner = {}
    for name, o in owners.items():
        pkg_owner.setdefault(name.rsplit(".", 1)[0], o)
    result = collections.Counter()
    by_origin = collections.Counter()
    for name, src in classes:
        o = origin(src)
        if o is None:
            h = host(name)
            o = owners.get(h) or pkg_owner.get(h.rsplit(".", 1)[0], "(generated, unknown host)")
            o += " [generated]"
        by_origin[o] += 1
        result[(normal(name), o)] += 1
    return len(classes), by_origin, result


def main():
    base_total, base_origin, base = read(sys.argv[1])
    other_total, other_origin, other = read(sys.argv[2])
    print(f"classes loaded: {sys.argv[1]} {base_total}, {sys.argv[2]} {other_total}, difference {other_total - base_total:+d}")
    print("\nper origin (jar), where the counts differ:")
    rows = []
    for o in set(base_origin) | set(other_origin):
        d = other_origin[o] - base_origin[o]
        if d:
            rows.append((d, o, base_origin[o], other_origin[o]))
    for d, o, b, t in sorted(rows, key=lambda r: -abs(r[0])):
        print(f"  {d:+5d}  {o}  ({b} -> {t})")
    if "--list" in sys.argv:
        prefix = sys.argv[sys.argv.index("--list") + 1]
        print(f"\nclasses in the second log and not the first, starting with {prefix}:")
        for (name, o), n in sorted((other - base).items()):
            if name.startswith(prefix) or o.startswith(prefix):
                print(f"  {name}  ({o})" + (f" x{n}" if n > 1 else ""))


if __name__ == "__main__":
    main()
