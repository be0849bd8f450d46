# GPU mode on the GPU machine: build libijcl.so there, run the GPU-mode JUnit tests on the NVIDIA device,
# the side-by-side bench (off vs on), and 20 repeats of a GPU-mode chain compared bitwise.
set -u
R=$OUT/r; mkdir -p $R
mkdir -p /tmp/icd; echo /usr/local/nvidia/lib64/libnvidia-opencl.so.1 > /tmp/icd/nvidia.icd; cp /etc/OpenCL/vendors/*.icd /tmp/icd/ 2>/dev/null; export OCL_ICD_VENDORS=/tmp/icd
export IJCL_CACHE_DIR=/tmp/ijcl-cache IJCL_DEVICE=NVIDIA
t0=$(date +%s)
nvidia-smi --query-gpu=name,driver_version --format=csv > $R/gpu.txt 2>&1; lscpu | grep -E "Model name|^CPU\(s\)" >> $R/gpu.txt
[ -x /tmp/jre/bin/java ] || { mkdir -p /tmp/jre && tar -xJf .carry/jre.tar.xz -C /tmp/jre --strip-components=1; }
if [ ! -f /tmp/ijcl-build/libijcl.so ]; then
  cmake -S . -B /tmp/ijcl-build -DCMAKE_BUILD_TYPE=Release -DGTEST_ROOT="$PWD/.carry/gtest" -DJAVA_INCLUDE_PATH="$PWD/.carry/jni" \
     -DJAVA_INCLUDE_PATH2="$PWD/.carry/jni" -DCMAKE_CXX_FLAGS="-I$PWD/.carry/include" > $R/build.log 2>&1 && cmake --build /tmp/ijcl-build -j16 --target ijcl >> $R/build.log 2>&1 || tail -30 $R/build.log
fi
echo "build $(( $(date +%s)-t0 )) s" >> $R/times.txt
CP="$(cat .carry/java/classpath.txt):.carry/java/junit-4.13.2.jar:.carry/java/hamcrest-core-1.3.jar:.carry/test-classes"
JAVA=(/tmp/jre/bin/java -Djava.awt.headless=true --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
      -Dijcl.library.path=/tmp/ijcl-build/libijcl.so -Dijcl.data.dir=$PWD/.carry/data -cp "$CP")
timeout ${TEST_S:-150} "${JAVA[@]}" org.junit.runner.JUnitCore ${TESTS:-net.ijcl.gpumode.GpuModeFiltersTest net.ijcl.gpumode.GpuModeReadersTest} > $R/junit.log 2>&1
echo "junit rc=$? $(( $(date +%s)-t0 )) s" >> $R/times.txt
mkdir -p $R/reps
for r in $(seq 1 20); do
  timeout 30 "${JAVA[@]}" net.ijcl.tools.RunMacro --gpu tests/bench/gpu_mode_chain.ijm "$PWD/.carry/data|$R/reps/rep_$r.tif" > $R/reps/rep_$r.log 2>&1
done
md5sum $R/reps/*.tif | awk '{print $1}' | sort | uniq -c > $R/repeats.txt
rm -f $R/reps/rep_[2-9]*.tif $R/reps/rep_1[0-9].tif
echo "repeats $(( $(date +%s)-t0 )) s" >> $R/times.txt
timeout ${BENCH_S:-240} "${JAVA[@]}" net.ijcl.tools.GpuModeBench --reps ${REPS:-5} --out $R > $R/bench.log 2>&1
echo "bench rc=$? $(( $(date +%s)-t0 )) s" >> $R/times.txt
tar czf $OUT/results.tgz -C $R .
tail -5 $R/junit.log; cat $R/repeats.txt; tail -70 $R/bench.log; cat $R/times.txt
exit 0
