#!/usr/bin/env python3
"""Before/after table of two ijcl_bench --digest runs (tests/bench/gpu_kernel_ab.sh, or two local
builds on PoCL), with CuPy and pyclesperanto times when their CSVs are given.

    python3 tests/bench/ab_table.py NEW_DIR BASE_DIR [EXT_DIR]

NEW_DIR and BASE_DIR hold ijcl_bench.csv (run with the same --quick/--only and --digest), EXT_DIR
cupy_bench.csv and clesperanto_bench.csv from compare_gpu.py. Prints a Markdown table: medians,
base/new ratio, the other libraries' ratios against the new build, and whether the outputs'
FNV-1a digests are equal (bit-identical results on the same inputs).
"""
import csv
import os
import sys


def rows(path):
    if not os.path.exists(path):
        return {}
    with open(path) as fh:
        return {(x["operation"], x["size"]): x for x in csv.DictReader(l for l in fh if not l.startswith("#"))}


def main():
    new_dir, base_dir = sys.argv[1], sys.argv[2]
    ext_dir = sys.argv[3] if len(sys.argv) > 3 else None
    new, base = rows(f"{new_dir}/ijcl_bench.csv"), rows(f"{base_dir}/ijcl_bench.csv")
    cupy = rows(f"{ext_dir}/cupy_bench.csv") if ext_dir else {}
    cle = rows(f"{ext_dir}/clesperanto_bench.csv") if ext_dir else {}

    def ms(table, key):
        return float(table[key]["median_ms"]) if key in table else None

    def f(v):
        return "-" if v is None else f"{v:.3f}"

    def ratio(a, b):
        return "-" if a is None or b is None or b == 0 else f"{a / b:.2f}x"

    ext = bool(cupy or cle)
    head = "| operation | size | base ms | new ms | base/new |"
    rule = "|---|---|---:|---:|---:|"
    if ext:
        head += " CuPy ms | CuPy/new | pyclesperanto ms | pyclesperanto/new |"
        rule += "---:|---:|---:|---:|"
    print(head + " bit-identical |")
    print(rule + "---|")
    differ = 0
    for key in sorted(new):
        n, b = ms(new, key), ms(base, key)
        if key not in base:
            same = "-"
        elif new[key]["output_fnv1a"] == base[key]["output_fnv1a"]:
            same = "yes"
        else:
            same = "**NO**"
            differ += 1
        line = f"| {key[0]} | {key[1]} | {f(b)} | {f(n)} | {ratio(b, n)} |"
        if ext:
            line += f" {f(ms(cupy, key))} | {ratio(ms(cupy, key), n)} | {f(ms(cle, key))} | {ratio(ms(cle, key), n)} |"
        print(line + f" {same} |")
    print(f"\n{len(new)} rows; outputs differ in {differ}.")


if __name__ == "__main__":
    main()
