#!/usr/bin/env bash
# Changed kernels on the GPU, before and after, in one lease: the base commit (.carry/base.tar.gz:
# `git archive` of it with the working tree's native/bench/bench_main.cpp, see below) and the
# working tree are both built; then the GoogleTests in $FILTER run on NVIDIA with the new build,
# ijcl_bench --digest times the operations in $OPS with both builds (same inputs, so equal
# output_fnv1a digests mean bit-identical results), and CuPy and pyclesperanto time the same
# operations. Results under $OUT/r (ab.txt: the side-by-side table). Made on the development machine:
#   git archive --prefix=base/ HEAD > /tmp/base.tar && tar -rf /tmp/base.tar --transform 's,^,base/,' \
#     native/bench/bench_main.cpp && gzip -c /tmp/base.tar > .carry/base.tar.gz
# Usage (GPU machine, repository root, .carry from prepare_carry.sh):
#   OPS=erodeBox,dilateBox FILTER='Morphology*' REPS=11 bash tests/bench/gpu_kernel_ab.sh
source tests/bench/gpu_setup.sh
OPS=${OPS:?a comma-separated list of operations}
mkdir -p $R/ext
FILTER=${FILTER:-}
REPS=${REPS:-11}
build_natives ijcl_bench ijcl_tests
rm -rf /tmp/base && mkdir -p /tmp && tar -xzf .carry/base.tar.gz -C /tmp
cmake -S /tmp/base -B /tmp/base-build -DCMAKE_BUILD_TYPE=Release -DGTEST_ROOT="$PWD/.carry/gtest" -DJAVA_INCLUDE_PATH="$PWD/.carry/jni" \
      -DJAVA_INCLUDE_PATH2="$PWD/.carry/jni" -DCMAKE_CXX_FLAGS="-I$PWD/.carry/include" > $R/base-build.log 2>&1 &&
    cmake --build /tmp/base-build -j16 --target ijcl_bench >> $R/base-build.log 2>&1 || tail -30 $R/base-build.log
echo "builds $(( $(date +%s)-t0 )) s" >> $R/times.txt
if [ -n "$FILTER" ]; then
    (cd /tmp/ijcl-build && timeout 300 ./ijcl_tests --gtest_brief=1 --gtest_filter="$FILTER") > $R/gtest.log 2>&1
    echo "gtest rc=$? $(( $(date +%s)-t0 )) s" >> $R/times.txt
fi
/tmp/ijcl-build/ijcl_bench --reps "$REPS" --device NVIDIA --only "=$OPS" --digest --out $R/new > $R/new.log 2>&1
echo "new bench rc=$? $(( $(date +%s)-t0 )) s" >> $R/times.txt
/tmp/base-build/ijcl_bench --reps "$REPS" --device NVIDIA --only "=$OPS" --digest --out $R/base > $R/base.log 2>&1
echo "base bench rc=$? $(( $(date +%s)-t0 )) s" >> $R/times.txt
timeout 240 python3 tests/bench/compare_gpu.py --lib cupy --reps "$REPS" --only "=$OPS" --out $R/ext > $R/cupy.log 2>&1
echo "cupy rc=$? $(( $(date +%s)-t0 )) s" >> $R/times.txt
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target /tmp/site .whl/*.whl > /dev/null 2>&1
PYTHONPATH=/tmp/site timeout 240 python3 tests/bench/compare_gpu.py --lib clesperanto --reps "$REPS" --only "=$OPS" --out $R/ext > $R/cle.log 2>&1
echo "clesperanto rc=$? $(( $(date +%s)-t0 )) s" >> $R/times.txt
python3 tests/bench/ab_table.py $R/new $R/base $R/ext > $R/ab.txt
cat $R/times.txt; tail -n 3 $R/gtest.log 2>/dev/null; cat $R/ab.txt
tar -czf $OUT/results.tgz -C $OUT r
exit 0
