# On the GPU machine (device tool, with .carry: see prepare_carry.sh), from the repository root:
# long launches in pieces (native/include/ijcl/launch_split.hpp). ijcl_bench --digest on a few
# operations with IJCL_SPLIT_LAUNCHES=off and =on (same digests, the cost of timed pieces), the
# LaunchSplit GoogleTests, and the suite with every launch in 3 pieces. Results in $OUT/r.tgz.
source tests/bench/gpu_setup.sh; build_natives ijcl_tests ijcl_bench
cd /tmp/ijcl-build
ops==gaussianBlur3D,median3DSphere,maximum3DBox,mean3DSphere,connectedComponentsLabelingBox,addImageAndScalar,sumOfAllPixels,automaticThreshold,topHatBox
for m in off on; do IJCL_SPLIT_LAUNCHES=$m timeout 200 ./ijcl_bench --digest --reps 5 --only $ops --out $R/bench_$m > $R/bench_$m.txt 2>&1; done
echo "bench $(( $(date +%s)-t0 )) s" >> $R/times.txt
./ijcl_tests --gtest_filter='LaunchSplit.*' > $R/launch_split_tests.txt 2>&1; echo rc=$? >> $R/launch_split_tests.txt
IJCL_SPLIT_LAUNCHES=3 timeout 300 ./ijcl_tests --gtest_brief=1 --gtest_filter='-FilterPaths.Sphere*:FilterPaths.Boxes*:FarRadius.*:OutOfMemory.*' > $R/suite_split3.txt 2>&1; echo rc=$? >> $R/suite_split3.txt
echo "end $(( $(date +%s)-t0 )) s" >> $R/times.txt
cd $OUT && tar czf r.tgz r; exit 0
