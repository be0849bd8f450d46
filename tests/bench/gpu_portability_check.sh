# One-off check of the 2026-12-05 (fifth session) kernel changes on the NVIDIA GPU: label statistics and maps with and
# without fp64/64-bit atomics (IJCL_DISABLE_EXTENSIONS), device-loss recovery, and the sliding paraboloid and push/pull
# JUnit tests. Run from the repository root on the GPU machine with .carry (prepare_carry.sh); results under $OUT/r.
source tests/bench/gpu_setup.sh
build_natives ijcl ijcl_tests
cd /tmp/ijcl-build
F='DeviceLoss.*:MissingExtensions.*:LabelStatistics.*:LabelMaps.*:LabelPoints.*:LabelNeighbours.*:LabelGraphs.*:LabelDistance.*:PixelwiseVectors.*:ReductionTable.*:Tiling.StatisticsTablesEqualUntiled:Measurement*'
timeout 200 ./ijcl_tests --gtest_brief=1 --gtest_filter="$F" > $R/gtest_nvidia.log 2>&1; echo "gtest rc=$?" >> $R/times.txt
IJCL_DISABLE_EXTENSIONS=cl_khr_fp64,cl_khr_int64_base_atomics IJCL_CACHE_DIR=/tmp/ijcl-cache-masked timeout 200 ./ijcl_tests --gtest_brief=1 --gtest_filter="$F" > $R/gtest_nvidia_masked.log 2>&1; echo "masked gtest rc=$?" >> $R/times.txt
cd - > /dev/null
CP="$(sed "s#\.carry#$PWD/.carry#g" .carry/java/classpath.txt):$PWD/.carry/java/junit-4.13.2.jar:$PWD/.carry/java/hamcrest-core-1.3.jar:$PWD/.carry/test-classes"
timeout 200 "${JAVA[@]}" -cp "$CP" org.junit.runner.JUnitCore net.ijcl.ops.BackgroundImageJTest net.ijcl.PushPullTest > $R/junit.log 2>&1; echo "junit rc=$?" >> $R/times.txt
tail -n 3 $R/gtest_nvidia.log $R/gtest_nvidia_masked.log; grep -E "^OK|Tests run|FAIL" $R/junit.log | head; cat $R/times.txt
tar -czf $OUT/results.tgz -C $OUT r
exit 0
