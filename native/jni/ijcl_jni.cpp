// JNI bridge: the native methods of net.ijcl.NativeBridge. Thin: it converts Java values to the
// core's types, calls the process-wide session (current_session.hpp), and turns every C++
// exception into a Java net.ijcl.IjclException (a RuntimeException) carrying the message.
// Nothing here aborts the JVM.
//
// JNI rules kept here: pixels move straight between Java arrays and the pinned staging memory,
// copied by the copy pool inside GetPrimitiveArrayCritical sections that hold only the bare copy:
// no lock is taken, no OpenCL wait and no other JNI call happens inside one (a critical section
// stalls the garbage collector for every thread, so a thread that waited there for something held
// by a thread needing the GC would deadlock the JVM); locks already held are safe, since threads
// waiting for them wait in native code;
// every local reference made in a loop is deleted on every path (LocalRef); every entry point
// catches all C++ exceptions (guarded).
#include <jni.h>

#include <memory>
#include <string>
#include <vector>

#include "ijcl/driver_call.hpp"
#include "ijcl/current_session.hpp"
#include "ijcl/device.hpp"
#include "ijcl/errors.hpp"
#include "ijcl/frame_stream.hpp"
#include "ijcl/kernel_cache.hpp"
#include "ijcl/progress.hpp"
#include "ijcl/op_call.hpp"
#include "ijcl/registry.hpp"
#include "ijcl/session.hpp"
#include "ijcl/tiling.hpp"
#include "ijcl/transfer.hpp"

namespace {

// A Java exception is already pending: unwind to the entry point and let it reach Java.
struct JavaExceptionPending {};

// Deletes a local reference when it goes out of scope (on every path, errors included).
template <typename T>
class LocalRef {
public:
    LocalRef(JNIEnv* env, T ref) : env_(env), ref_(ref) {}
    ~LocalRef() {
        if (ref_) env_->DeleteLocalRef(ref_);
    }
    LocalRef(const LocalRef&) = delete;
    LocalRef& operator=(const LocalRef&) = delete;
    T get() const { return ref_; }
    T release() {
        T r = ref_;
        ref_ = nullptr;
        return r;
    }
    explicit operator bool() const { return ref_ != nullptr; }

private:
    JNIEnv* env_;
    T ref_;
};

void check_java(JNIEnv* env) {
    if (env->ExceptionCheck()) throw JavaExceptionPending{};
}

void throw_java(JNIEnv* env, const std::string& message) {
    if (env->ExceptionCheck()) return;
    jclass cls = env->FindClass("net/ijcl/IjclException");
    if (!cls) {
        env->ExceptionClear();
        cls = env->FindClass("java/lang/RuntimeException");
    }
    if (cls) {
        env->ThrowNew(cls, message.c_str());
        env->DeleteLocalRef(cls);
    }
}

std::string to_string(JNIEnv* env, jstring s) {
    if (!s) return "";
    const char* chars = env->GetStringUTFChars(s, nullptr);
    if (!chars) throw JavaExceptionPending{};  // OutOfMemoryError pending
    std::string out(chars);
    env->ReleaseStringUTFChars(s, chars);
    return out;
}

jstring to_jstring(JNIEnv* env, const std::string& s) {
    jstring out = env->NewStringUTF(s.c_str());
    check_java(env);
    return out;
}

jobjectArray to_jstring_array(JNIEnv* env, const std::vector<std::string>& items) {
    LocalRef<jclass> string_class(env, env->FindClass("java/lang/String"));
    check_java(env);
    LocalRef<jobjectArray> out(env, env->NewObjectArray(static_cast<jsize>(items.size()), string_class.get(), nullptr));
    check_java(env);
    for (std::size_t i = 0; i < items.size(); ++i) {
        LocalRef<jstring> s(env, to_jstring(env, items[i]));
        env->SetObjectArrayElement(out.get(), static_cast<jsize>(i), s.get());
        check_java(env);
    }
    return out.release();
}

jlongArray to_jlong_array(JNIEnv* env, const std::vector<jlong>& values) {
    jlongArray out = env->NewLongArray(static_cast<jsize>(values.size()));
    check_java(env);
    env->SetLongArrayRegion(out, 0, static_cast<jsize>(values.size()), values.data());
    return out;
}

std::shared_ptr<ijcl::Session> session() { return ijcl::current_session(); }

// Runs `fn`, converting C++ exceptions into a pending Java exception.
template <typename Fn, typename R>
R guarded(JNIEnv* env, R fallback, Fn fn) {
    try {
        return fn();
    } catch (const JavaExceptionPending&) {
    } catch (const ijcl::Error& e) {
        throw_java(env, e.what() + ijcl::recover_if_device_lost());
    } catch (const cl::Error& e) {
        throw_java(env, std::string("OpenCL call ") + e.what() + " failed: " + ijcl::cl_status_name(e.err()) +
                            ijcl::recover_if_device_lost());
    } catch (const std::bad_alloc&) {
        throw_java(env, "out of host memory");
    } catch (const std::exception& e) {
        throw_java(env, std::string("internal error: ") + e.what());
    } catch (...) {
        throw_java(env, "internal error: unknown exception");
    }
    return fallback;
}

// One Java pixel array (byte[], short[], float[] or int[]), copied region by region.
class JavaPixels {
public:
    JavaPixels(JNIEnv* env, jarray array, const char* op) : env_(env), array_(array) {
        static const char* names[] = {"[B", "[S", "[F", "[I"};
        static const int sizes[] = {1, 2, 4, 4};
        for (int i = 0; i < 4 && type_ < 0; ++i) {
            LocalRef<jclass> c(env, env->FindClass(names[i]));
            check_java(env);
            if (env->IsInstanceOf(array, c.get())) {
                type_ = i;
                element_ = sizes[i];
            }
        }
        if (type_ < 0) ijcl::fail(op, "pixels", "a pixel array must be byte[], short[], float[] or int[]");
        bytes_ = static_cast<std::uint64_t>(env->GetArrayLength(array)) * element_;
    }
    std::uint64_t bytes() const { return bytes_; }

    // Java array bytes [pos, pos + n) -> dst.
    void get(std::uint64_t pos, void* dst, std::uint64_t n) const {
        const auto start = static_cast<jsize>(pos / element_), len = static_cast<jsize>(n / element_);
        switch (type_) {
            case 0: env_->GetByteArrayRegion(static_cast<jbyteArray>(array_), start, len, static_cast<jbyte*>(dst)); break;
            case 1: env_->GetShortArrayRegion(static_cast<jshortArray>(array_), start, len, static_cast<jshort*>(dst)); break;
            case 2: env_->GetFloatArrayRegion(static_cast<jfloatArray>(array_), start, len, static_cast<jfloat*>(dst)); break;
            default: env_->GetIntArrayRegion(static_cast<jintArray>(array_), start, len, static_cast<jint*>(dst)); break;
        }
        check_java(env_);
    }
    // The same copy by the copy pool's threads (parallel_memcpy) inside a critical section that
    // covers the memcpy alone: no JNI call, no lock taken, no OpenCL wait inside it.
    void get_parallel(std::uint64_t pos, void* dst, std::uint64_t n) const {
        in_critical_section(false, [&](char* elements) { ijcl::parallel_memcpy(dst, elements + pos, n); },
                            [&] { get(pos, dst, n); });
    }
    // src -> Java array bytes [pos, pos + n), copied as get_parallel copies (the same rules).
    void set_parallel(std::uint64_t pos, const void* src, std::uint64_t n) const {
        in_critical_section(true, [&](char* elements) { ijcl::parallel_memcpy(elements + pos, src, n); },
                            [&] { set(pos, src, n); });
    }
    // src -> Java array bytes [pos, pos + n).
    void set(std::uint64_t pos, const void* src, std::uint64_t n) const {
        const auto start = static_cast<jsize>(pos / element_), len = static_cast<jsize>(n / element_);
        switch (type_) {
            case 0: env_->SetByteArrayRegion(static_cast<jbyteArray>(array_), start, len, static_cast<const jbyte*>(src)); break;
            case 1: env_->SetShortArrayRegion(static_cast<jshortArray>(array_), start, len, static_cast<const jshort*>(src)); break;
            case 2: env_->SetFloatArrayRegion(static_cast<jfloatArray>(array_), start, len, static_cast<const jfloat*>(src)); break;
            default: env_->SetIntArrayRegion(static_cast<jintArray>(array_), start, len, static_cast<const jint*>(src)); break;
        }
        check_java(env_);
    }

private:
    // copy(elements) inside a critical section on the array, released at once (elements copied
    // back only when the copy `writes`); fallback() (region copies) when the JVM refuses one.
    template <typename Copy, typename Fallback>
    void in_critical_section(bool writes, Copy copy, Fallback fallback) const {
        void* raw = env_->GetPrimitiveArrayCritical(array_, nullptr);
        if (!raw) {
            check_java(env_);
            fallback();
            return;
        }
        const jint mode = writes ? 0 : JNI_ABORT;  // JNI_ABORT: read only, nothing to copy back
        try {
            copy(static_cast<char*>(raw));
        } catch (...) {
            env_->ReleasePrimitiveArrayCritical(array_, raw, mode);
            throw;
        }
        env_->ReleasePrimitiveArrayCritical(array_, raw, mode);
    }

    JNIEnv* env_;
    jarray array_;
    int type_ = -1;
    std::uint64_t element_ = 0, bytes_ = 0;

    friend void get_planes_parallel(const std::vector<std::unique_ptr<JavaPixels>>&, std::uint64_t, std::uint64_t,
                                    char*, std::uint64_t);
};

// Bytes [pos, pos + n) of equally sized planes laid end to end (plane bytes each) -> out: the
// planes it touches are held in nested critical sections (allowed by JNI; no JNI call, lock or
// OpenCL wait inside) and copied by one parallel_copy, so a chunk of many small planes costs one
// hand-over to the copy pool. Where the JVM refuses a critical section, plane by plane instead.
void get_planes_parallel(const std::vector<std::unique_ptr<JavaPixels>>& planes, std::uint64_t plane,
                         std::uint64_t pos, char* out, std::uint64_t n) {
    struct Held {
        JNIEnv* env;
        jarray array;
        void* raw;
    };
    std::vector<Held> held;
    std::vector<ijcl::CopySegment> segments;
    bool refused = false;
    for (std::uint64_t at = pos, left = n; left > 0 && !refused;) {
        const JavaPixels& p = *planes[at / plane];
        const std::uint64_t in_plane = at % plane, take = std::min(left, plane - in_plane);
        void* raw = p.env_->GetPrimitiveArrayCritical(p.array_, nullptr);
        if (!raw) {
            refused = true;
            break;
        }
        held.push_back({p.env_, p.array_, raw});
        segments.push_back({out + (at - pos), static_cast<char*>(raw) + in_plane, take});
        at += take;
        left -= take;
    }
    if (!refused) ijcl::parallel_copy(segments);  // memcpy only: cannot throw
    for (auto it = held.rbegin(); it != held.rend(); ++it) it->env->ReleasePrimitiveArrayCritical(it->array, it->raw, JNI_ABORT);
    if (!refused) return;
    check_java(planes[0]->env_);
    for (std::uint64_t at = pos, left = n; left > 0;) {
        const std::uint64_t in_plane = at % plane, take = std::min(left, plane - in_plane);
        planes[at / plane]->get(in_plane, out + (at - pos), take);
        at += take;
        left -= take;
    }
}

// Copies Java planes into (push) or out of (pull) planes first_z, first_z + 1, ... of an image.
void transfer_planes(JNIEnv* env, jstring name, jlong first_z, jobjectArray planes, bool push) {
    const char* op = push ? "push" : "pull";
    if (!planes) ijcl::fail(op, "pixels", "no pixel arrays");
    auto s = session();
    const std::string n = to_string(env, name);
    auto image = s->get(n, op, "image");
    const jsize count = env->GetArrayLength(planes);
    const std::uint64_t depth = image->shape().depth;
    if (first_z < 0 || static_cast<std::uint64_t>(first_z) > depth || static_cast<std::uint64_t>(count) > depth - first_z)
        ijcl::fail(op, "z", "planes " + std::to_string(first_z) + ".." + std::to_string(first_z + count - 1) +
                                " are outside the image's " + std::to_string(depth) + " planes");
    const std::uint64_t plane = image->plane_bytes();
    for (jsize i = 0; i < count; ++i) {
        LocalRef<jarray> array(env, static_cast<jarray>(env->GetObjectArrayElement(planes, i)));
        check_java(env);
        if (!array) ijcl::fail(op, "pixels", "plane " + std::to_string(i) + " is missing");
        const JavaPixels pixels(env, array.get(), op);
        if (pixels.bytes() != plane)
            ijcl::fail(op, "pixels", "plane " + std::to_string(i) + " has " + std::to_string(pixels.bytes()) +
                                         " bytes, the GPU image's planes have " + std::to_string(plane));
        const std::uint64_t offset = (static_cast<std::uint64_t>(first_z) + i) * plane;
        // The session's lock is held around these copies, but they wait for nothing and call no
        // JNI function inside their critical sections (see get_parallel): other threads that
        // want the lock wait in native code, where the garbage collector does not need them.
        if (push)
            s->write(n, offset, plane, [&](std::uint64_t pos, void* staging, std::uint64_t bytes) {
                pixels.get_parallel(pos, staging, bytes);
            });
        else
            s->read(n, offset, plane, [&](std::uint64_t pos, void* staging, std::uint64_t bytes) {
                pixels.set_parallel(pos, staging, bytes);
            });
    }
}

jobjectArray one_plane(JNIEnv* env, jobject pixels, const char* op) {
    if (!pixels) ijcl::fail(op, "pixels", "no pixel array");
    LocalRef<jclass> object_class(env, env->FindClass("java/lang/Object"));
    check_java(env);
    jobjectArray planes = env->NewObjectArray(1, object_class.get(), pixels);
    check_java(env);
    return planes;
}

// The JNI entry points' transfers (errors become Java exceptions): an Object[] of planes into
// (push) or out of (pull) planes first_z, first_z + 1, ...; or a single plane's array at plane z.
void guarded_transfer(JNIEnv* env, jstring name, jlong first_z, jobjectArray planes, bool push) {
    guarded(env, 0, [&] {
        transfer_planes(env, name, first_z, planes, push);
        return 0;
    });
}

void guarded_transfer_plane(JNIEnv* env, jstring name, jlong z, jobject pixels, bool push) {
    guarded(env, 0, [&] {
        LocalRef<jobjectArray> planes(env, one_plane(env, pixels, push ? "push" : "pull"));
        transfer_planes(env, name, z, planes.get(), push);
        return 0;
    });
}

}  // namespace

extern "C" {

// The JVM's signal handlers, remembered before any OpenCL driver is loaded, are put back whenever a
// driver or its compiler replaces them (ijcl/driver_call.hpp).
JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM*, void*) {
    ijcl::remember_host_signal_handlers();
    return JNI_VERSION_1_8;
}

JNIEXPORT jobjectArray JNICALL Java_net_ijcl_NativeBridge_listDevices(JNIEnv* env, jclass) {
    return guarded(env, static_cast<jobjectArray>(nullptr), [&] {
        std::vector<std::string> lines;
        for (const auto& d : ijcl::list_devices())
            lines.push_back(d.name + "\t" + d.type_name() + "\t" + d.platform + "\t" +
                            std::to_string(d.global_memory_bytes) + "\t" + d.opencl_version + "\t" +
                            d.driver_version + "\t" + ijcl::launch_split_summary(d));
        return to_jstring_array(env, lines);
    });
}

JNIEXPORT jstring JNICALL Java_net_ijcl_NativeBridge_selectDevice(JNIEnv* env, jclass, jstring name) {
    return guarded(env, static_cast<jstring>(nullptr), [&] {
        auto fresh = ijcl::replace_session(to_string(env, name));
        return to_jstring(env, fresh->device_info().name);
    });
}

// Called by the JVM's shutdown hook (net.ijcl.NativeLoader): waits for the operation in flight,
// drains every queue, and refuses later calls (see current_session.hpp).
JNIEXPORT void JNICALL Java_net_ijcl_NativeBridge_shutdown(JNIEnv* env, jclass) {
    guarded(env, 0, [&] {
        ijcl::shutdown_sessions();
        return 0;
    });
}

JNIEXPORT jobjectArray JNICALL Java_net_ijcl_NativeBridge_deviceProperties(JNIEnv* env, jclass) {
    return guarded(env, static_cast<jobjectArray>(nullptr), [&] {
        auto s = session();
        const auto& i = s->device_info();
        return to_jstring_array(env, {i.name, std::to_string(i.global_memory_bytes), i.opencl_version,
                                      i.type_name(), i.platform, i.driver_version, s->device().choice()});
    });
}

JNIEXPORT jstring JNICALL Java_net_ijcl_NativeBridge_registry(JNIEnv* env, jclass) {
    return guarded(env, static_cast<jstring>(nullptr),
                   [&] { return to_jstring(env, ijcl::Registry::instance().describe()); });
}

JNIEXPORT void JNICALL Java_net_ijcl_NativeBridge_create(JNIEnv* env, jclass, jstring name, jlong w,
                                                          jlong h, jlong d, jint type, jint kind) {
    guarded(env, 0, [&] {
        if (w <= 0 || h <= 0 || d <= 0) ijcl::fail("push", "image", "width, height and depth must be at least 1");
        if (type < 0 || type > 3) ijcl::fail("push", "image", "unknown pixel type code " + std::to_string(type));
        if (kind < 0 || kind > 2) ijcl::fail("push", "image", "unknown image kind code " + std::to_string(kind));
        session()->create(to_string(env, name),
                          {static_cast<std::uint64_t>(w), static_cast<std::uint64_t>(h), static_cast<std::uint64_t>(d)},
                          static_cast<ijcl::PixelType>(type), static_cast<ijcl::ImageKind>(kind));
        return 0;
    });
}

JNIEXPORT void JNICALL Java_net_ijcl_NativeBridge_writePlane(JNIEnv* env, jclass, jstring name, jlong z,
                                                              jobject pixels) {
    guarded_transfer_plane(env, name, z, pixels, true);
}

// Copies all planes (an Object[] of byte[]/short[]/float[]/int[], each width*height elements)
// into planes first_z, first_z+1, ... of the image: one JNI call for a whole stack, straight from
// the Java arrays (critical sections only around each plane's copy into pinned staging).
JNIEXPORT void JNICALL Java_net_ijcl_NativeBridge_writePlanes(JNIEnv* env, jclass, jstring name, jlong first_z,
                                                               jobjectArray planes) {
    guarded_transfer(env, name, first_z, planes, true);
}

// Reads planes first_z, first_z+1, ... of an image into the given arrays (see writePlanes).
JNIEXPORT void JNICALL Java_net_ijcl_NativeBridge_readPlanes(JNIEnv* env, jclass, jstring name, jlong first_z,
                                                              jobjectArray planes) {
    guarded_transfer(env, name, first_z, planes, false);
}

// Prepares the ImageJ view of an image (binary -> 0/255 uint8, labels -> uint16 or float32) under
// the name `view_name` and returns {width, height, depth, pixel type code, kind code}.
JNIEXPORT jlongArray JNICALL Java_net_ijcl_NativeBridge_preparePull(JNIEnv* env, jclass, jstring name,
                                                                    jstring view_name) {
    return guarded(env, static_cast<jlongArray>(nullptr), [&] {
        auto s = session();
        const std::string n = to_string(env, name);
        auto original = s->get(n, "pull", "image");
        auto view = s->pull_view(n);
        const std::string v = to_string(env, view_name);
        if (view != original) s->store(v, view);
        return to_jlong_array(env, {static_cast<jlong>(view->shape().width), static_cast<jlong>(view->shape().height),
                                    static_cast<jlong>(view->shape().depth), static_cast<jlong>(view->type()),
                                    static_cast<jlong>(original->kind())});
    });
}

JNIEXPORT void JNICALL Java_net_ijcl_NativeBridge_readPlane(JNIEnv* env, jclass, jstring name, jlong z,
                                                             jobject pixels) {
    guarded_transfer_plane(env, name, z, pixels, false);
}

JNIEXPORT jboolean JNICALL Java_net_ijcl_NativeBridge_release(JNIEnv* env, jclass, jstring name) {
    return guarded(env, static_cast<jboolean>(JNI_FALSE),
                   [&] { return static_cast<jboolean>(session()->release(to_string(env, name)) ? JNI_TRUE : JNI_FALSE); });
}

JNIEXPORT jboolean JNICALL Java_net_ijcl_NativeBridge_exists(JNIEnv* env, jclass, jstring name) {
    return guarded(env, static_cast<jboolean>(JNI_FALSE),
                   [&] { return static_cast<jboolean>(session()->find(to_string(env, name)) ? JNI_TRUE : JNI_FALSE); });
}

JNIEXPORT void JNICALL Java_net_ijcl_NativeBridge_clear(JNIEnv* env, jclass) {
    guarded(env, 0, [&] { session()->clear(); return 0; });
}

// Device buffers alive in the process (named images and temporaries): the leak checks' count.
JNIEXPORT jlong JNICALL Java_net_ijcl_NativeBridge_liveBufferCount(JNIEnv* env, jclass) {
    return guarded(env, static_cast<jlong>(0), [&] { return static_cast<jlong>(ijcl::Image::live_count()); });
}

// Kernels enqueued in this process so far (GPU mode's proof that a command ran on the device).
JNIEXPORT jlong JNICALL Java_net_ijcl_NativeBridge_kernelLaunches(JNIEnv* env, jclass) {
    return guarded(env, static_cast<jlong>(0), [&] { return static_cast<jlong>(ijcl::KernelLaunch::launch_count()); });
}

JNIEXPORT jstring JNICALL Java_net_ijcl_NativeBridge_reportMemory(JNIEnv* env, jclass) {
    return guarded(env, static_cast<jstring>(nullptr), [&] { return to_jstring(env, session()->report_memory()); });
}

JNIEXPORT jlong JNICALL Java_net_ijcl_NativeBridge_memoryInUse(JNIEnv* env, jclass) {
    return guarded(env, static_cast<jlong>(0), [&] { return static_cast<jlong>(session()->memory_in_use()); });
}

// Sets the session's device-memory budget from a size text ("512M", "4G", bytes; empty: the
// default, i.e. IJCL_MAX_DEVICE_MEMORY or what the device reports minus a margin) and returns it.
JNIEXPORT jlong JNICALL Java_net_ijcl_NativeBridge_setMaxDeviceMemory(JNIEnv* env, jclass, jstring text) {
    return guarded(env, static_cast<jlong>(0), [&] {
        const std::string t = to_string(env, text);
        auto s = session();
        s->set_max_device_memory(t.empty() ? 0 : ijcl::parse_memory_size(t, "maximum device memory"));
        return static_cast<jlong>(s->max_device_memory());
    });
}

// Tiles run so far by operations on images kept in host memory (see tiling.hpp).
JNIEXPORT jlong JNICALL Java_net_ijcl_NativeBridge_tilesRun(JNIEnv* env, jclass) {
    return guarded(env, static_cast<jlong>(0), [&] { return static_cast<jlong>(session()->tiles_run()); });
}

// {width, height, depth, pixel type code, kind code} of an image; throws if absent.
JNIEXPORT jlongArray JNICALL Java_net_ijcl_NativeBridge_imageInfo(JNIEnv* env, jclass, jstring name) {
    return guarded(env, static_cast<jlongArray>(nullptr), [&] {
        auto image = session()->get(to_string(env, name), "", "image");
        return to_jlong_array(env, {static_cast<jlong>(image->shape().width), static_cast<jlong>(image->shape().height),
                                    static_cast<jlong>(image->shape().depth), static_cast<jlong>(image->type()),
                                    static_cast<jlong>(image->kind())});
    });
}

// Runs an operation. `args` holds one entry per parameter (String, Double or Boolean; null for
// output numbers). Returns {double[] output numbers, String[] table columns, double[] table
// values in column-major order (columns x rows)}; the last two are null without a table.
JNIEXPORT jobjectArray JNICALL Java_net_ijcl_NativeBridge_execute(JNIEnv* env, jclass, jstring op,
                                                                  jobjectArray args) {
    return guarded(env, static_cast<jobjectArray>(nullptr), [&] {
        std::vector<ijcl::Value> values;
        const jsize n = args ? env->GetArrayLength(args) : 0;
        LocalRef<jclass> string_class(env, env->FindClass("java/lang/String"));
        LocalRef<jclass> number_class(env, env->FindClass("java/lang/Number"));
        LocalRef<jclass> boolean_class(env, env->FindClass("java/lang/Boolean"));
        check_java(env);
        jmethodID double_value = env->GetMethodID(number_class.get(), "doubleValue", "()D");
        jmethodID boolean_value = env->GetMethodID(boolean_class.get(), "booleanValue", "()Z");
        check_java(env);
        for (jsize i = 0; i < n; ++i) {
            LocalRef<jobject> a(env, env->GetObjectArrayElement(args, i));
            check_java(env);
            if (!a) values.emplace_back(std::monostate{});
            else if (env->IsInstanceOf(a.get(), string_class.get()))
                values.emplace_back(to_string(env, static_cast<jstring>(a.get())));
            else if (env->IsInstanceOf(a.get(), number_class.get()))
                values.emplace_back(static_cast<double>(env->CallDoubleMethod(a.get(), double_value)));
            else if (env->IsInstanceOf(a.get(), boolean_class.get()))
                values.emplace_back(static_cast<bool>(env->CallBooleanMethod(a.get(), boolean_value)));
            else values.emplace_back(std::monostate{});
            check_java(env);
        }
        const ijcl::OpResult result = session()->execute(to_string(env, op), values);

        LocalRef<jclass> object_class(env, env->FindClass("java/lang/Object"));
        check_java(env);
        LocalRef<jobjectArray> out(env, env->NewObjectArray(3, object_class.get(), nullptr));
        check_java(env);
        std::vector<double> nums;
        for (const auto& r : result.numbers) nums.push_back(r.second);
        LocalRef<jdoubleArray> numbers(env, env->NewDoubleArray(static_cast<jsize>(nums.size())));
        check_java(env);
        if (!nums.empty()) env->SetDoubleArrayRegion(numbers.get(), 0, static_cast<jsize>(nums.size()), nums.data());
        env->SetObjectArrayElement(out.get(), 0, numbers.get());
        if (result.table) {
            LocalRef<jobjectArray> columns(env, to_jstring_array(env, result.table->columns));
            env->SetObjectArrayElement(out.get(), 1, columns.get());
            std::vector<double> flat;
            for (const auto& column : result.table->values) flat.insert(flat.end(), column.begin(), column.end());
            LocalRef<jdoubleArray> table(env, env->NewDoubleArray(static_cast<jsize>(flat.size())));
            check_java(env);
            if (!flat.empty()) env->SetDoubleArrayRegion(table.get(), 0, static_cast<jsize>(flat.size()), flat.data());
            env->SetObjectArrayElement(out.get(), 2, table.get());
        }
        check_java(env);
        return out.release();
    });
}

// --- frame streams (see frame_stream.hpp) ------------------------------------------------------

// Opens a frame stream on the current device for frames of w x h x d pixels of the given type.
JNIEXPORT jlong JNICALL Java_net_ijcl_NativeBridge_streamOpen(JNIEnv* env, jclass, jlong w, jlong h, jlong d,
                                                               jint type) {
    return guarded(env, static_cast<jlong>(0), [&] {
        if (w <= 0 || h <= 0 || d <= 0) ijcl::fail("streamFrame", "image", "width, height and depth must be at least 1");
        if (type < 0 || type > 3) ijcl::fail("streamFrame", "image", "unknown pixel type code " + std::to_string(type));
        return static_cast<jlong>(ijcl::open_stream(
            session(), {static_cast<std::uint64_t>(w), static_cast<std::uint64_t>(h), static_cast<std::uint64_t>(d)},
            static_cast<ijcl::PixelType>(type)));
    });
}

// Copies the planes (an Object[] of pixel arrays, one frame) into the stream's pinned memory and
// starts their upload; returns before the upload ends. Takes no session lock.
JNIEXPORT void JNICALL Java_net_ijcl_NativeBridge_streamPrefetch(JNIEnv* env, jclass, jlong handle,
                                                                  jobjectArray planes) {
    guarded(env, 0, [&] {
        auto stream = ijcl::find_stream(handle);
        if (!planes) ijcl::fail("streamFrame", "pixels", "no pixel arrays");
        const jsize count = env->GetArrayLength(planes);
        const ijcl::Shape& f = stream->frame();
        if (static_cast<std::uint64_t>(count) != f.depth)
            ijcl::fail("streamFrame", "pixels", std::to_string(count) + " planes given, the stream's frames have " +
                                                     std::to_string(f.depth));
        const std::uint64_t plane = f.width * f.height * ijcl::bytes_per_pixel(stream->type());
        if (env->EnsureLocalCapacity(count + 16) != 0) ijcl::fail("streamFrame", "pixels", "too many planes for one frame");
        std::vector<std::unique_ptr<LocalRef<jarray>>> arrays;
        std::vector<std::unique_ptr<JavaPixels>> pixels;
        for (jsize i = 0; i < count; ++i) {
            arrays.emplace_back(new LocalRef<jarray>(env, static_cast<jarray>(env->GetObjectArrayElement(planes, i))));
            check_java(env);
            if (!arrays.back()->get()) ijcl::fail("streamFrame", "pixels", "plane " + std::to_string(i) + " is missing");
            pixels.emplace_back(new JavaPixels(env, arrays.back()->get(), "streamFrame"));
            if (pixels.back()->bytes() != plane)
                ijcl::fail("streamFrame", "pixels", "plane " + std::to_string(i) + " has " +
                                                        std::to_string(pixels.back()->bytes()) + " bytes, the frames' planes " +
                                                        std::to_string(plane));
        }
        stream->prefetch([&](std::uint64_t pos, void* staging, std::uint64_t n) {
            // [pos, pos + n) may span planes (the stream's lock is held: see get_planes_parallel).
            get_planes_parallel(pixels, plane, pos, static_cast<char*>(staging), n);
        });
        return 0;
    });
}

// Waits for the prefetched frame and stores it as image `name` (replacing one of that name).
JNIEXPORT void JNICALL Java_net_ijcl_NativeBridge_streamTake(JNIEnv* env, jclass, jlong handle, jstring name) {
    guarded(env, 0, [&] {
        ijcl::find_stream(handle)->take(to_string(env, name));
        return 0;
    });
}

JNIEXPORT void JNICALL Java_net_ijcl_NativeBridge_streamClose(JNIEnv*, jclass, jlong handle) {
    ijcl::close_stream(handle);
}

// {task or "", units done, units in all, serial}: long native work of the running operation
// (progress.hpp), polled by the host to show progress.
JNIEXPORT jobjectArray JNICALL Java_net_ijcl_NativeBridge_workProgress(JNIEnv* env, jclass) {
    return guarded(env, static_cast<jobjectArray>(nullptr), [&] {
        const ijcl::WorkProgress p = ijcl::progress_now();
        return to_jstring_array(env, {p.task, std::to_string(p.done), std::to_string(p.total), std::to_string(p.serial)});
    });
}

// Host -> device GB/s from pinned memory (median of reps uploads of `bytes`; see frame_stream.hpp).
JNIEXPORT jdouble JNICALL Java_net_ijcl_NativeBridge_pinnedUploadGbps(JNIEnv* env, jclass, jlong bytes, jint reps) {
    return guarded(env, static_cast<jdouble>(0), [&] {
        if (bytes <= 0) ijcl::fail("pinnedUploadGbps", "bytes", "expected bytes > 0");
        return static_cast<jdouble>(ijcl::pinned_upload_gbps(*session(), static_cast<std::uint64_t>(bytes), reps));
    });
}

// {GB/s copying into pinned memory alone, and while uploads run, copy threads} (frame_stream.hpp).
JNIEXPORT jdoubleArray JNICALL Java_net_ijcl_NativeBridge_hostCopyGbps(JNIEnv* env, jclass, jlong bytes, jint reps) {
    return guarded(env, static_cast<jdoubleArray>(nullptr), [&] {
        if (bytes <= 0) ijcl::fail("hostCopyGbps", "bytes", "expected bytes > 0");
        const ijcl::HostCopyRates r = ijcl::host_copy_gbps(*session(), static_cast<std::uint64_t>(bytes), reps);
        const jdouble values[3] = {r.alone_gbps, r.while_uploading_gbps, static_cast<jdouble>(ijcl::copy_threads())};
        jdoubleArray out = env->NewDoubleArray(3);
        check_java(env);
        env->SetDoubleArrayRegion(out, 0, 3, values);
        return out;
    });
}

// {kernel file being compiled from source or "", milliseconds it has been compiling, source
// compiles started in this process}: polled by the host to show compile progress.
JNIEXPORT jobjectArray JNICALL Java_net_ijcl_NativeBridge_compileActivity(JNIEnv* env, jclass) {
    return guarded(env, static_cast<jobjectArray>(nullptr), [&] {
        const ijcl::CompileActivity a = ijcl::compile_activity();
        return to_jstring_array(env, {a.file, std::to_string(a.elapsed_ms), std::to_string(a.compiles_started)});
    });
}

}  // extern "C"
