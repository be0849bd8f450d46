# Issue 13 and 17 on the GPU machine (run from the repository root with .carry, see prepare_carry.sh):
# an untiled image of more than 2^32 voxels (LargeImages), the tiling tests on the GPU, tiled
# against untiled end to end (ijcl_bench --tiling), an 8 GB time-lapse streamed through a filter
# (StreamBench), and the watched-folder replay with ImageJ's commands against GPU mode (WatchBench).
source tests/bench/gpu_setup.sh
PARTS=${PARTS:-large tiling stream watch}
has() { case " $PARTS " in *" $1 "*) return 0 ;; esac; return 1; }
targets="ijcl"; { has large || has tiling; } && targets="ijcl ijcl_tests ijcl_bench"
build_natives $targets
has large && (cd /tmp/ijcl-build && IJCL_LARGE_IMAGE_TEST=1 timeout ${LARGE_S:-150} ./ijcl_tests --gtest_filter='LargeImages.*:Tiling.*' > $R/gtest_scale.log 2>&1; echo "gtest rc=$?" >> $R/gtest_scale.log)
echo "gtest $(( $(date +%s)-t0 )) s" >> $R/times.txt
has tiling && timeout ${TILING_S:-100} stdbuf -oL /tmp/ijcl-build/ijcl_bench --tiling --reps 5 --device NVIDIA --out $R > $R/tiling.log 2>&1
echo "tiling rc=$? $(( $(date +%s)-t0 )) s" >> $R/times.txt
CP="$(cat .carry/java/classpath.txt)"
JAVA+=(-cp "$CP")
# COPY_THREADS="8 16": the stream runs again for each IJCL_COPY_THREADS value (default: ijcl's own)
has stream && for threads in ${COPY_THREADS:-default}; do for gb in ${GB:-1 8}; do
  echo "IJCL_COPY_THREADS=$threads" >> $R/stream.log
  [ $threads = default ] && unset IJCL_COPY_THREADS || export IJCL_COPY_THREADS=$threads
  timeout ${STREAM_S:-150} "${JAVA[@]}" -Xmx40g net.ijcl.tools.StreamBench --gb $gb --out $R/stream$gb-$threads >> $R/stream.log 2>&1
  echo "stream --gb $gb: rc=$?" >> $R/stream.log
done; done
echo "stream rc=$? $(( $(date +%s)-t0 )) s" >> $R/times.txt
has watch && timeout ${WATCH_S:-150} "${JAVA[@]}" net.ijcl.tools.WatchBench --compare --interval ${INTERVAL:-1} --frames ${FRAMES:-30} --out $R/watch > $R/watch.log 2>&1
echo "watch rc=$? $(( $(date +%s)-t0 )) s" >> $R/times.txt
tar czf $OUT/results.tgz -C $R --exclude=watch .
tail -25 $R/gtest_scale.log 2>/dev/null; cat $R/tiling.log 2>/dev/null; tail -60 $R/stream.log 2>/dev/null; tail -25 $R/watch.log 2>/dev/null; cat $R/times.txt
exit 0
