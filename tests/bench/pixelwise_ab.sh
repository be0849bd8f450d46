#!/usr/bin/env bash
# Times the memory-bound operations (pixel-wise math, threshold, binary logic, flips, maximum Z
# projection, copy, automaticThreshold) with ijcl_bench on a GPU machine, for this tree and,
# optionally, for a baseline: a copy of this tree with the files under BASE_DIR laid over it
# (e.g. the previous versions of kernels/*.cl and native/src/ops/*.cpp). Writes to $OUT:
# new.csv / base.csv (the harness's rows for every op group), limits.csv, ptx.tgz (the programs
# the NVIDIA driver compiled, PTX text: check for ld.global.v4 / st.global.v4), cupy.csv, log.txt;
# prints a table last.
#   bash tests/bench/pixelwise_ab.sh [BASE_DIR]
# Needs .carry/include/CL/opencl.hpp (or the first of the CARRY_INCLUDE directories) if the
# machine has no OpenCL-CLHPP.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT="${OUT:-$PWD/bench-out}"
BASE_DIR="${1:-}"
INCLUDE="${CARRY_INCLUDE:-$PWD/.carry/include}"
mkdir -p "$OUT" /tmp/icd
[ -f /usr/local/nvidia/lib64/libnvidia-opencl.so.1 ] && echo /usr/local/nvidia/lib64/libnvidia-opencl.so.1 > /tmp/icd/nvidia.icd
cp /etc/OpenCL/vendors/*.icd /tmp/icd/ 2>/dev/null || true
export OCL_ICD_VENDORS=/tmp/icd
LOG="$OUT/log.txt"
DEVICE="${DEVICE:-NVIDIA}"   # QUICK=1: the harness's small sizes only (a trial run)

build() {  # source dir, build dir
    cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=Release -DIJCL_BUILD_TESTS=OFF -DIJCL_BUILD_JNI=OFF \
          -DCMAKE_CXX_FLAGS="-I$INCLUDE" > "$2.log" 2>&1 && cmake --build "$2" -j8 --target ijcl_bench >> "$2.log" 2>&1 \
        || { echo "build of $1 failed"; tail -30 "$2.log"; return 1; }
}

builds=(new)
build "$PWD" /tmp/b-new &
if [ -n "$BASE_DIR" ]; then
    rm -rf /tmp/src-base && mkdir -p /tmp/src-base
    tar --exclude=./.carry --exclude=./.whl --exclude="./$BASE_DIR" -cf - . | tar -xf - -C /tmp/src-base
    cp -r "$BASE_DIR"/. /tmp/src-base/
    build /tmp/src-base /tmp/b-base &
    builds=(new base)
fi
wait
GROUPS_FULL=(Image binary hreshold flip maximumZ copy)
for b in "${builds[@]}"; do
    [ -x /tmp/b-$b/ijcl_bench ] || continue
    rm -f "$OUT/$b.csv"
    for g in "${GROUPS_FULL[@]}" "quick:hreshold"; do
        q=""; only="$g"; [ "${QUICK:-0}" = 1 ] && q="--quick"
        [ "${g#quick:}" != "$g" ] && { q="--quick"; only="${g#quick:}"; }
        rm -rf /tmp/o && mkdir -p /tmp/o
        /tmp/b-$b/ijcl_bench $q --device "$DEVICE" --only "$only" --out /tmp/o >> "$LOG" 2>&1
        if [ -f "$OUT/$b.csv" ]; then tail -n +2 /tmp/o/ijcl_bench.csv >> "$OUT/$b.csv"; else cp /tmp/o/ijcl_bench.csv "$OUT/$b.csv"; fi
        echo "$b,$g,$(sed -n 2p /tmp/o/ijcl_bench_limits.csv | cut -d, -f2)" >> "$OUT/limits.csv"
    done
    grep -l -E "weighted_sum|add_scalar|multiply_scalar|greater_or_equal|histogram|binary_combine|binary_not|maximum_z|flip|convert_pixels" \
        /tmp/ijcl-bench-cache-*/*.bin 2>/dev/null | tar -czf "$OUT/ptx-$b.tgz" -T - 2>/dev/null
    rm -rf /tmp/ijcl-bench-cache-*
done
if [ "${CUPY:-1}" = 1 ]; then
    python3 tests/bench/compare_gpu.py --lib cupy --only hreshold --out /tmp >> "$LOG" 2>&1 && cp /tmp/cupy_bench.csv "$OUT/cupy.csv"
    python3 tests/bench/compare_gpu.py --lib cupy --quick --only hreshold --out /tmp >> "$LOG" 2>&1 && tail -n +2 /tmp/cupy_bench.csv >> "$OUT/cupy.csv"
fi
python3 - "$OUT" <<'EOF'
import csv, os, sys
out = sys.argv[1]
def rows(name):
    p = os.path.join(out, name)
    return {(r["operation"], r["size"]): r for r in csv.DictReader(open(p))} if os.path.exists(p) else {}
base, new = rows("base.csv"), rows("new.csv")
limits = [l.strip().split(",") for l in open(os.path.join(out, "limits.csv"))]
print("copy GB/s per run:", " ".join(f"{b}/{g}={v}" for b, g, v in limits))
print(f"{'operation':26} {'size':18} {'base ms':>9} {'base %':>7} {'new ms':>9} {'new GB/s':>9} {'new %':>7}")
for key in sorted(new, key=lambda k: (k[1], k[0])):
    n = new[key]; b = base.get(key)
    bs = f"{float(b['median_ms']):9.4f} {float(b['percent_of_copy']):6.1f}%" if b else f"{'':9} {'':7}"
    print(f"{key[0]:26} {key[1]:18} {bs} {float(n['median_ms']):9.4f} {float(n['gbps']):9.1f} {float(n['percent_of_copy']):6.1f}%")
if os.path.exists(os.path.join(out, "cupy.csv")):
    for r in csv.DictReader(open(os.path.join(out, "cupy.csv"))):
        print(f"cupy {r['operation']:21} {r['size']:18} {float(r['median_ms']):9.4f} ms (host {float(r['host_median_ms']):.4f})")
EOF
