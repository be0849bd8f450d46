// A deliberate defect, linked into libijcl.so only with -DIJCL_PLANT_DEFECT=ON (never in a real
// build): the self-test that shows the ASan JUnit stage reports a defect in the JNI path while the
// library runs inside the JVM. See tests/sanitizers/README.md.
//
// The library is linked with -Wl,--wrap=<ijcl::Session::memory_in_use() const>, so the JNI entry
// point NativeBridge.memoryInUse (native/jni/ijcl_jni.cpp, left untouched) calls the wrapper
// below, which writes one int past the end of a heap array before it calls the real method.
// AddressSanitizer must report a heap-buffer-overflow with Java_net_ijcl_NativeBridge_memoryInUse
// on the stack, and the stage must fail.
#include <cstdint>

namespace ijcl { class Session; }

extern "C" {

// ijcl::Session::memory_in_use() const; `this` is the first argument.
std::uint64_t __real__ZNK4ijcl7Session13memory_in_useEv(const ijcl::Session* self);

__attribute__((noinline)) std::uint64_t __wrap__ZNK4ijcl7Session13memory_in_useEv(const ijcl::Session* self) {
    volatile int n = 16;
    int* values = new int[n];
    for (int i = 0; i <= n; ++i) values[i] = i;  // the planted defect: i == n writes past the end
    const int last = values[n - 1];
    delete[] values;
    return __real__ZNK4ijcl7Session13memory_in_useEv(self) + static_cast<std::uint64_t>(last - (n - 1));
}

}  // extern "C"
