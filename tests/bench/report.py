#!/usr/bin/env python3
"""Turns the CSVs of one benchmark run (tests/bench/gpu_side_by_side.sh, or ./ijcl bench plus
JavaBench on the CPU machine) into the Markdown tables of BENCHMARKS.md.

    python3 tests/bench/report.py DIR > tables.md

Reads DIR/ijcl_bench.csv, ijcl_bench_limits.csv and, where present, cupy_bench.csv,
clesperanto_bench.csv, imagej_bench.csv, transfer_bench.csv, overhead.log. Times are medians in
ms; a speedup is the other tool's median over ijcl's median, from the same run.
"""
import csv
import os
import re
import sys


def read(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as fh:
        return [row for row in csv.DictReader(line for line in fh if not line.startswith("#"))]


def index(rows, key="median_ms"):
    return {(r["operation"], r["size"]): float(r[key]) for r in rows}


def fmt_ms(v):
    if v is None:
        return "–"
    return f"{v:.3f}" if v < 10 else f"{v:.1f}"


def ratio(other, ours):
    if other is None or ours is None or ours <= 0:
        return "–"
    r = other / ours
    return f"{r:.1f}×" if r < 100 else f"{r:.0f}×"


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "."
    ours_rows = read(os.path.join(d, "ijcl_bench.csv"))
    ours = index(ours_rows)
    gbps = {(r["operation"], r["size"]): (float(r["gbps"]), float(r["percent_of_copy"])) for r in ours_rows}
    cupy = index(read(os.path.join(d, "cupy_bench.csv")))
    cle = index(read(os.path.join(d, "clesperanto_bench.csv")))
    imagej = index(read(os.path.join(d, "imagej_bench.csv")))
    limits = read(os.path.join(d, "ijcl_bench_limits.csv"))

    if limits:
        l = limits[0]
        print(f"Device: {l['device']}. Device-to-device copy: {float(l['copy_gbps']):.0f} GB/s (read + write). "
              f"Host to device / device to host: pageable {float(l['pageable_h2d_gbps']):.1f} / "
              f"{float(l['pageable_d2h_gbps']):.1f} GB/s, pinned {float(l['pinned_h2d_gbps']):.1f} / "
              f"{float(l['pinned_d2h_gbps']):.1f} GB/s.\n")

    sizes = []
    for r in ours_rows:
        if r["size"] not in sizes:
            sizes.append(r["size"])
    for size in sizes:
        print(f"### {size} (uint16)\n")
        print("| operation | ImageJ CPU ms | CuPy ms | pyclesperanto ms | ijcl ms | vs ImageJ | vs CuPy | vs pyclesperanto | ijcl GB/s | % of copy |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in ours_rows:
            if r["size"] != size:
                continue
            k = (r["operation"], size)
            o = ours.get(k)
            g, p = gbps.get(k, (0, 0))
            print(f"| {r['operation']} | {fmt_ms(imagej.get(k))} | {fmt_ms(cupy.get(k))} | {fmt_ms(cle.get(k))} | "
                  f"{fmt_ms(o)} | {ratio(imagej.get(k), o)} | {ratio(cupy.get(k), o)} | {ratio(cle.get(k), o)} | "
                  f"{g:.0f} | {p:.0f}% |")
        print()

    transfers = read(os.path.join(d, "transfer_bench.csv"))
    if transfers:
        print("### Push and pull from ImageJ (Java, `Ijcl.push` / `Ijcl.pull`, 1024x1024 planes)\n")
        print("| stack | bits | push ms | push GB/s | pull ms | pull GB/s |")
        print("|---|---:|---:|---:|---:|---:|")
        for t in transfers:
            mb = int(t["bytes"]) >> 20
            print(f"| {mb} MB | {t['bits']} | {float(t['push_ms']):.2f} | {float(t['push_gbps']):.1f} | "
                  f"{float(t['pull_ms']):.2f} | {float(t['pull_gbps']):.1f} |")
        print()
    overhead = os.path.join(d, "overhead.log")
    if os.path.exists(overhead):
        text = open(overhead).read()
        m = re.search(r"ext_call_median_us=([0-9.]+)", text)
        b = re.search(r"builtin_call_median_us=([0-9.]+)", text)
        if m:
            print(f"One `Ext.IJCL_addImageAndScalar` call on an 8x8 image through the macro interpreter: "
                  f"{m.group(1)} µs median (a built-in macro function call in the same loop: {b.group(1) if b else '?'} µs).\n")
    starts = [line for line in open(os.path.join(d, "ijcl_bench_limits.csv")) if line.startswith("# first call")] \
        if os.path.exists(os.path.join(d, "ijcl_bench_limits.csv")) else []
    if starts:
        print("### First call of the demo's operations\n")
        print("| operation | empty program cache ms | warm on-disk cache ms |")
        print("|---|---:|---:|")
        for line in starts:
            m = re.match(r"# first call (\S+) cold_ms=([0-9.e+-]+) warm_ms=([0-9.e+-]+)", line.strip())
            if m:
                print(f"| {m.group(1)} | {float(m.group(2)):.1f} | {float(m.group(3)):.1f} |")
        print()


if __name__ == "__main__":
    main()
