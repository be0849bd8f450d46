#!/usr/bin/env bash
# Side-by-side benchmarks on a GPU machine (the lent NVIDIA H100/H200), in one run:
# ijcl (native harness), CuPy, pyclesperanto, and ImageJ's CPU implementation, plus transfers.
# Writes CSVs to $OUT (or ./bench-out); tests/bench/report.py turns them into BENCHMARKS.md tables.
#
# Expects, beside the repository (carried, not committed): .carry/include (OpenCL-CLHPP headers if
# the machine lacks them), .carry/jre.tar.xz (a jlink'd Java runtime), .carry/java (ij.jar, the
# ijcl jar and its runtime class path), .whl (pyclesperanto wheels). Usage:
#   bash tests/bench/gpu_side_by_side.sh [--quick] [gtest|native|cupy|clesperanto|imagej|transfer|overhead ...]
# (tests/bench/prepare_carry.sh makes .carry and .whl.)
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT="${OUT:-$PWD/bench-out}"
mkdir -p "$OUT"
QUICK=""
PARTS=()
for a in "$@"; do [ "$a" = "--quick" ] && QUICK="--quick" || PARTS+=("$a"); done
[ ${#PARTS[@]} -eq 0 ] && PARTS=(native cupy clesperanto transfer overhead imagej)

# NVIDIA's OpenCL driver is installed but not registered on that machine.
mkdir -p /tmp/icd
[ -f /usr/local/nvidia/lib64/libnvidia-opencl.so.1 ] && echo /usr/local/nvidia/lib64/libnvidia-opencl.so.1 > /tmp/icd/nvidia.icd
cp /etc/OpenCL/vendors/*.icd /tmp/icd/ 2>/dev/null || true
export OCL_ICD_VENDORS=/tmp/icd
export IJCL_CACHE_DIR=/tmp/ijcl-cache
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,clocks.max.mem --format=csv > "$OUT/gpu.txt" 2>&1
lscpu | grep -E "Model name|^CPU\(s\)" >> "$OUT/gpu.txt"

build() {
    [ -x /tmp/ijcl-build/ijcl_bench ] && return 0
    cmake -S . -B /tmp/ijcl-build -DCMAKE_BUILD_TYPE=Release -DGTEST_ROOT="$PWD/.carry/gtest" \
          -DJAVA_INCLUDE_PATH="$PWD/.carry/jni" -DJAVA_INCLUDE_PATH2="$PWD/.carry/jni" \
          -DCMAKE_CXX_FLAGS="-I$PWD/.carry/include" > "$OUT/build.log" 2>&1 &&
    cmake --build /tmp/ijcl-build -j16 >> "$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log"; return 1; }
}

for part in "${PARTS[@]}"; do
    echo "=== $part"
    case "$part" in
        gtest)
            build && (cd /tmp/ijcl-build && IJCL_TEST_DEVICE=NVIDIA ./ijcl_tests 2>&1 | tail -25 | tee "$OUT/gtest.log") ;;
        native)
            build && /tmp/ijcl-build/ijcl_bench $QUICK --reps "${REPS:-21}" --device NVIDIA --out "$OUT" 2>&1 | tee "$OUT/native.log" | tail -70 ;;
        cupy)
            python3 tests/bench/compare_gpu.py --lib cupy $QUICK --reps "${REPS:-21}" --out "$OUT" > "$OUT/cupy.log" 2>&1; tail -3 "$OUT/cupy.log" ;;
        clesperanto)
            python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target /tmp/site .whl/*.whl &&
            PYTHONPATH=/tmp/site python3 tests/bench/compare_gpu.py --lib clesperanto $QUICK --reps "${REPS:-21}" --out "$OUT" > "$OUT/clesperanto.log" 2>&1
            tail -3 "$OUT/clesperanto.log" ;;
        imagej|transfer|overhead)
            [ -x /tmp/jre/bin/java ] || { mkdir -p /tmp/jre && tar -xJf .carry/jre.tar.xz -C /tmp/jre --strip-components=1; }
            build || continue
            cp /tmp/ijcl-build/libijcl.so /tmp/libijcl.so
            JAVA=(/tmp/jre/bin/java -Djava.awt.headless=true --add-opens=java.base/java.lang=ALL-UNNAMED
                  -Dijcl.library.path=/tmp/libijcl.so -Dijcl.device=NVIDIA -cp "$(cat .carry/java/classpath.txt)")
            if [ "$part" = overhead ]; then
                "${JAVA[@]}" net.ijcl.tools.RunMacro tests/bench/ext_call_overhead.ijm NVIDIA > "$OUT/overhead.log" 2>&1
            else
                "${JAVA[@]}" net.ijcl.tools.JavaBench "$part" $QUICK --threads "$(nproc)" --out "$OUT" > "$OUT/$part.log" 2>&1
            fi
            tail -8 "$OUT/$part.log" ;;
    esac
done
ls -la "$OUT"
