// A deliberate defect, compiled into libijcl.so only with -DIJCL_PLANT_DEFECT=ON (never in a real
// build): the self-test that shows the ASan JUnit stage reports a defect in the JNI library while
// it runs inside the JVM. When the JVM loads the library (System.load from NativeLoader, in a
// Java thread), this constructor writes one int past the end of a heap array: AddressSanitizer
// must report a heap-buffer-overflow here and the stage must fail. See tests/sanitizers/README.md.
#include <cstdio>

namespace {

int planted_heap_overflow(int n) {
    int* values = new int[n];
    for (int i = 0; i <= n; ++i) values[i] = i;  // i == n writes past the end
    const int last = values[n - 1];
    delete[] values;
    return last;
}

struct PlantedDefect {
    PlantedDefect() {
        volatile int n = 16;
        std::fprintf(stderr, "ijcl: IJCL_PLANT_DEFECT build, planted overflow returned %d\n",
                     planted_heap_overflow(n));
    }
} planted_defect;

}  // namespace
