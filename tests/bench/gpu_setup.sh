# Sourced by the GPU machine scripts (gpu_mode.sh, gpu_scale.sh; run from the repository root with
# .carry, see prepare_carry.sh): results folder $R, NVIDIA's OpenCL driver registered, the carried
# JRE unpacked, and build_natives TARGETS... to build those CMake targets into /tmp/ijcl-build.
set -u
R=$OUT/r; mkdir -p $R
mkdir -p /tmp/icd; echo /usr/local/nvidia/lib64/libnvidia-opencl.so.1 > /tmp/icd/nvidia.icd; cp /etc/OpenCL/vendors/*.icd /tmp/icd/ 2>/dev/null; export OCL_ICD_VENDORS=/tmp/icd
export IJCL_CACHE_DIR=/tmp/ijcl-cache IJCL_DEVICE=NVIDIA IJCL_TEST_DEVICE=NVIDIA IJCL_DATA_DIR=$PWD/.carry/data
t0=$(date +%s)
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv > $R/gpu.txt 2>&1; lscpu | grep -E "Model name|^CPU\(s\)" >> $R/gpu.txt
[ -x /tmp/jre/bin/java ] || { mkdir -p /tmp/jre && tar -xJf .carry/jre.tar.xz -C /tmp/jre --strip-components=1; }
build_natives() {
  local missing=0 t
  for t in "$@"; do case $t in ijcl) [ -f /tmp/ijcl-build/libijcl.so ] || missing=1 ;; *) [ -f /tmp/ijcl-build/$t ] || missing=1 ;; esac; done
  if [ $missing = 1 ]; then
    cmake -S . -B /tmp/ijcl-build -DCMAKE_BUILD_TYPE=Release -DGTEST_ROOT="$PWD/.carry/gtest" -DJAVA_INCLUDE_PATH="$PWD/.carry/jni" \
       -DJAVA_INCLUDE_PATH2="$PWD/.carry/jni" -DCMAKE_CXX_FLAGS="-I$PWD/.carry/include" > $R/build.log 2>&1 && \
       cmake --build /tmp/ijcl-build -j16 --target "$@" >> $R/build.log 2>&1 || tail -30 $R/build.log
  fi
  echo "build $(( $(date +%s)-t0 )) s" >> $R/times.txt
}
# The JVM that runs ijcl's Java side with the library built here (HotSpot error files into $R).
JAVA=(/tmp/jre/bin/java -Djava.awt.headless=true --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
      -Dijcl.library.path=/tmp/ijcl-build/libijcl.so -Dijcl.data.dir=$PWD/.carry/data -Dijcl.root=$PWD -XX:ErrorFile=$R/hs_err_%p.log)
