# GPU mode on the GPU machine: build libijcl.so there, run the GPU-mode JUnit tests on the NVIDIA device,
# the side-by-side bench (off vs on), and 20 repeats of a GPU-mode chain compared bitwise.
source tests/bench/gpu_setup.sh
build_natives ijcl
CP="$(sed "s#\.carry#$PWD/.carry#g" .carry/java/classpath.txt):$PWD/.carry/java/junit-4.13.2.jar:$PWD/.carry/java/hamcrest-core-1.3.jar:$PWD/.carry/test-classes"
JAVA+=(-cp "$CP")
PARTS=${PARTS:-junit repeats spots bench}
has() { case " $PARTS " in *" $1 "*) return 0 ;; esac; return 1; }
if has junit; then
timeout ${TEST_S:-150} "${JAVA[@]}" org.junit.runner.JUnitCore ${TESTS:-net.ijcl.gpumode.GpuModeFiltersTest net.ijcl.gpumode.GpuModeReadersTest} > $R/junit.log 2>&1
echo "junit rc=$? $(( $(date +%s)-t0 )) s" >> $R/times.txt
fi
if has repeats; then
mkdir -p $R/reps
for r in $(seq 1 20); do
  timeout 30 "${JAVA[@]}" net.ijcl.tools.RunMacro --gpu tests/bench/gpu_mode_chain.ijm "$PWD/.carry/data|$R/reps/rep_$r.tif" > $R/reps/rep_$r.log 2>&1
done
md5sum $R/reps/*.tif | awk '{print $1}' | sort | uniq -c > $R/repeats.txt
rm -f $R/reps/rep_[2-9]*.tif $R/reps/rep_1[0-9].tif
echo "repeats $(( $(date +%s)-t0 )) s" >> $R/times.txt
fi
# The recorded spot-counting macro (issue 12's per-frame figure): plain ImageJ, then GPU mode, twice each
# (the first GPU-mode run compiles kernels into IJCL_CACHE_DIR; the second is the warm figure).
has spots && for mode in plain gpu plain gpu; do
  flag=""; [ $mode = gpu ] && flag=--gpu
  timeout 120 "${JAVA[@]}" net.ijcl.tools.RunMacro $flag macros/spot_counting_recorded.ijm \
     "$PWD/.carry/data/drosophila_timelapse.tif|$R/spots_$mode|$mode" >> $R/spot_counting.txt 2>&1
done
echo "spot counting $(( $(date +%s)-t0 )) s" >> $R/times.txt
# The per-command bench, resumed after the next command when a JVM dies (crash evidence kept:
# hs_err files, the command it died in, a core's backtrace where gdb exists).
if has bench; then
ulimit -c unlimited 2>/dev/null; mkdir -p $R/crash
first=${FIRST_COMMAND:-1}; last=${LAST_COMMAND:-55}; part=0
while [ $first -le $last ] && [ $(( $(date +%s)-t0 )) -lt ${BENCH_S:-400} ]; do
  part=$((part+1))
  (cd $R/crash && timeout $(( ${BENCH_S:-400} - ($(date +%s)-t0) + 5 )) "${JAVA[@]}" -XX:ErrorFile=$R/crash/hs_err_%p.log \
     net.ijcl.tools.GpuModeBench --reps ${REPS:-5} --commands $first-$last --no-macro --out $R/part$part) > $R/bench_part$part.log 2>&1
  rc=$?
  done_n=$(( $(wc -l < $R/part$part/gpu_mode_commands.csv) - 1 ))
  echo "part $part from $first: rc=$rc, $done_n commands" >> $R/bench_parts.txt
  [ $rc -eq 134 ] || [ $rc -eq 139 ] || break
  echo "crashed in command $((first+done_n))" >> $R/bench_parts.txt
  first=$((first+done_n+1))
done
# Each crashed command again alone with a 256 MB thread stack (is it the native compiler's stack?).
for k in $(sed -n 's/^crashed in command //p' $R/bench_parts.txt); do
  (cd $R/crash && timeout 120 "${JAVA[@]}" -Xss256m -XX:ErrorFile=$R/crash/hs_err_xss_%p.log net.ijcl.tools.GpuModeBench --reps 1 \
     --commands $k-$k --no-macro --out $R/xss$k) > $R/bench_xss$k.log 2>&1
  echo "command $k alone with -Xss256m: rc=$?" >> $R/bench_parts.txt
done
head -1 $R/part1/gpu_mode_commands.csv > $R/gpu_mode_commands.csv; for f in $R/part*/gpu_mode_commands.csv; do tail -n +2 $f >> $R/gpu_mode_commands.csv; done
cat $R/bench_part*.log > $R/bench.log
echo "bench $(( $(date +%s)-t0 )) s" >> $R/times.txt
if [ -z "${NO_MACRO:-}" ]; then
timeout 200 "${JAVA[@]}" net.ijcl.tools.GpuModeBench --reps ${REPS:-5} --commands none --out $R/macro > $R/bench_macro.log 2>&1
echo "bench macro rc=$? $(( $(date +%s)-t0 )) s" >> $R/times.txt
fi
for c in $R/crash/core*; do [ -f "$c" ] && command -v gdb >/dev/null && gdb -batch -ex "thread apply all bt 12" /tmp/jre/bin/java "$c" > $c.bt.txt 2>&1; rm -f "$c"; done
ls -la $R/crash >> $R/bench_parts.txt
fi
tar czf $OUT/results.tgz -C $R .
tail -5 $R/junit.log 2>/dev/null; cat $R/repeats.txt $R/bench_parts.txt 2>/dev/null; grep -v "^gpu-mode: .*	" $R/spot_counting.txt 2>/dev/null
grep -v "^gpu-mode" $R/bench.log | tail -60; tail -8 $R/bench_macro.log 2>/dev/null; head -30 $R/crash/hs_err*.log 2>/dev/null; cat $R/times.txt
exit 0
