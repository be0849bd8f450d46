#!/usr/bin/env bash
# Kernels under OpenCL 1.2 rules without fp64 and 64-bit atomics (Apple Silicon's OpenCL), issue 16.
#
# PoCL has every extension, so running there proves nothing by itself. This check:
#   1. runs the GoogleTest suite on PoCL with cl_khr_fp64 and cl_khr_int64_base_atomics switched
#      off (IJCL_DISABLE_EXTENSIONS, native/src/device.cpp): every operation takes its path for a
#      device without them, or refuses with an error naming the missing extension (the tests
#      expect one of the two, see tests/native/test_support.hpp: needs_fp64 / needs_int64_atomics);
#   2. compiles every program variant that run built (IJCL_KERNEL_DUMP, native/src/kernel_cache.cpp:
#      the whole source with the pixel-type defines and the build options) with clang's OpenCL
#      front end as OpenCL 1.2 with every extension off except those Apple's M1/M2 driver reports
#      (clinfo on macOS 13/14: byte-addressable store, 32-bit global/local atomics, 3D image
#      writes, depth images). A double, a 64-bit atomic or any OpenCL 2.x feature fails here.
#
# Usage: tests/portability/cl12_kernels.sh BUILD_DIR DATA_DIR [CLANG]
set -euo pipefail
build=${1:?build dir}
data=${2:?data dir}
clang=${3:-clang-15}
# Left out for time (about 6 of 12 minutes on 2 cores): the exhaustive shape and radius sweeps of the
# neighbourhood filters, whose kernels' double/float paths the RankFilter and Morphology tests build.
slow_sweeps='FilterPaths.Sphere*:FilterPaths.Boxes*:FarRadius.*'
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "[cl12] GoogleTest with cl_khr_fp64 and cl_khr_int64_base_atomics switched off"
(cd "$build" && IJCL_DISABLE_EXTENSIONS=cl_khr_fp64,cl_khr_int64_base_atomics \
    IJCL_KERNEL_DUMP="$work/programs" IJCL_CACHE_DIR="$work/cache" IJCL_DATA_DIR="$data" \
    ./ijcl_tests --gtest_brief=1 --gtest_filter="-$slow_sweeps")

apple_extensions=+cl_khr_byte_addressable_store,+cl_khr_global_int32_base_atomics,+cl_khr_global_int32_extended_atomics,+cl_khr_local_int32_base_atomics,+cl_khr_local_int32_extended_atomics,+cl_khr_3d_image_writes,+cl_khr_depth_images
failed=0 count=0
for program in "$work"/programs/*.cl; do
    count=$((count + 1))
    # The build options ijcl passed (first line), less those clang's driver does not take.
    read -r -a options <<<"$(head -1 "$program" | sed 's#^// ijcl build options: ##; s#-cl-std=CL1.2##; s#-cl-fp32-correctly-rounded-divide-sqrt##')"
    if ! "$clang" -x cl -cl-std=CL1.2 -target spir64 -Xclang -finclude-default-header \
        -Xclang "-cl-ext=-all,$apple_extensions" -fsyntax-only "${options[@]}" "$program" \
        2>"$work/log"; then
        failed=$((failed + 1))
        echo "[cl12] FAILED: $(basename "$program")"
        head -20 "$work/log"
    fi
done
[ "$count" -gt 0 ] || { echo "[cl12] no program was dumped"; exit 1; }
echo "[cl12] $count program variants compiled as OpenCL 1.2 without fp64/int64 atomics: $failed failed"
[ "$failed" -eq 0 ]
