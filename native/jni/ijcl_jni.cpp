// JNI bridge: the native methods of net.ijcl.NativeBridge. Thin: it converts Java values to the
// core's types, calls one Session, and turns every C++ exception into a Java
// net.ijcl.IjclException (a RuntimeException) carrying the message. Nothing here aborts the JVM.
#include <jni.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ijcl/device.hpp"
#include "ijcl/errors.hpp"
#include "ijcl/registry.hpp"
#include "ijcl/session.hpp"

namespace {

std::mutex g_mutex;                       // guards g_session (the pointer, not the session)
// Deliberately never destroyed: at process exit the OpenCL driver (dlopen'ed by the ICD loader
// after this library) is finalised first, and destroying a session that built kernels after
// that crashes inside the driver (PoCL/LLVM: the JVM then exits with SIGABRT, status 134).
std::shared_ptr<ijcl::Session>& g_session = *new std::shared_ptr<ijcl::Session>();

void throw_java(JNIEnv* env, const std::string& message) {
    if (env->ExceptionCheck()) return;
    jclass cls = env->FindClass("net/ijcl/IjclException");
    if (!cls) {
        env->ExceptionClear();
        cls = env->FindClass("java/lang/RuntimeException");
    }
    env->ThrowNew(cls, message.c_str());
}

std::string to_string(JNIEnv* env, jstring s) {
    if (!s) return "";
    const char* chars = env->GetStringUTFChars(s, nullptr);
    std::string out(chars ? chars : "");
    if (chars) env->ReleaseStringUTFChars(s, chars);
    return out;
}

jstring to_jstring(JNIEnv* env, const std::string& s) { return env->NewStringUTF(s.c_str()); }

jobjectArray to_jstring_array(JNIEnv* env, const std::vector<std::string>& items) {
    jclass string_class = env->FindClass("java/lang/String");
    jobjectArray out = env->NewObjectArray(static_cast<jsize>(items.size()), string_class, nullptr);
    for (std::size_t i = 0; i < items.size(); ++i) {
        jstring s = to_jstring(env, items[i]);
        env->SetObjectArrayElement(out, static_cast<jsize>(i), s);
        env->DeleteLocalRef(s);
    }
    return out;
}

// The session, opened on the default device at first use.
std::shared_ptr<ijcl::Session> session() {
    std::lock_guard<std::mutex> guard(g_mutex);
    if (!g_session) g_session = std::make_shared<ijcl::Session>("");
    return g_session;
}

// Runs `fn`, converting C++ exceptions into a pending Java exception.
template <typename Fn, typename R>
R guarded(JNIEnv* env, R fallback, Fn fn) {
    try {
        return fn();
    } catch (const ijcl::Error& e) {
        throw_java(env, e.what());
    } catch (const cl::Error& e) {
        throw_java(env, std::string("OpenCL call ") + e.what() + " failed: " + ijcl::cl_status_name(e.err()));
    } catch (const std::bad_alloc&) {
        throw_java(env, "out of host memory");
    } catch (const std::exception& e) {
        throw_java(env, std::string("internal error: ") + e.what());
    } catch (...) {
        throw_java(env, "internal error: unknown exception");
    }
    return fallback;
}

// Bytes of one primitive Java array (byte[], short[], float[], int[]).
std::uint64_t array_bytes(JNIEnv* env, jarray array) {
    const jsize n = env->GetArrayLength(array);
    static const char* names[] = {"[B", "[S", "[F", "[I"};
    static const std::uint64_t sizes[] = {1, 2, 4, 4};
    for (int i = 0; i < 4; ++i) {
        jclass c = env->FindClass(names[i]);
        const bool is = env->IsInstanceOf(array, c);
        env->DeleteLocalRef(c);
        if (is) return static_cast<std::uint64_t>(n) * sizes[i];
    }
    throw ijcl::Error("internal: pixel array is not byte[], short[], float[] or int[]");
}

}  // namespace

extern "C" {

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM*, void*) { return JNI_VERSION_1_8; }

JNIEXPORT jobjectArray JNICALL Java_net_ijcl_NativeBridge_listDevices(JNIEnv* env, jclass) {
    return guarded(env, static_cast<jobjectArray>(nullptr), [&] {
        std::vector<std::string> lines;
        for (const auto& d : ijcl::list_devices())
            lines.push_back(d.name + "\t" + d.type_name() + "\t" + d.platform + "\t" +
                            std::to_string(d.global_memory_bytes) + "\t" + d.opencl_version + "\t" +
                            d.driver_version);
        return to_jstring_array(env, lines);
    });
}

JNIEXPORT jstring JNICALL Java_net_ijcl_NativeBridge_selectDevice(JNIEnv* env, jclass, jstring name) {
    return guarded(env, static_cast<jstring>(nullptr), [&] {
        auto fresh = std::make_shared<ijcl::Session>(to_string(env, name));
        std::lock_guard<std::mutex> guard(g_mutex);
        g_session = fresh;
        return to_jstring(env, fresh->device_info().name);
    });
}

JNIEXPORT jobjectArray JNICALL Java_net_ijcl_NativeBridge_deviceProperties(JNIEnv* env, jclass) {
    return guarded(env, static_cast<jobjectArray>(nullptr), [&] {
        const auto& i = session()->device_info();
        return to_jstring_array(env, {i.name, std::to_string(i.global_memory_bytes), i.opencl_version,
                                      i.type_name(), i.platform, i.driver_version});
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
    guarded(env, 0, [&] {
        if (!pixels) ijcl::fail("push", "pixels", "no pixel array");
        auto s = session();
        const std::string n = to_string(env, name);
        auto image = s->get(n, "push", "image");
        jarray array = static_cast<jarray>(pixels);
        const std::uint64_t bytes = array_bytes(env, array);
        if (bytes != image->plane_bytes())
            ijcl::fail("push", "pixels", "plane has " + std::to_string(bytes) + " bytes, the GPU image expects " +
                                             std::to_string(image->plane_bytes()));
        if (z < 0 || static_cast<std::uint64_t>(z) >= image->shape().depth)
            ijcl::fail("push", "z", "plane " + std::to_string(z) + " is outside the image");
        // Straight from the Java array, without a Java-side copy; the critical section covers
        // only the blocking transfer.
        void* data = env->GetPrimitiveArrayCritical(array, nullptr);
        if (!data) throw std::bad_alloc();
        try {
            s->write(n, static_cast<std::uint64_t>(z) * bytes, data, bytes);
        } catch (...) {
            env->ReleasePrimitiveArrayCritical(array, data, JNI_ABORT);
            throw;
        }
        env->ReleasePrimitiveArrayCritical(array, data, JNI_ABORT);
        return 0;
    });
}

// Copies all planes (an Object[] of byte[]/short[]/float[]/int[], each width*height elements)
// into planes first_z, first_z+1, ... of the image: one JNI call for a whole stack, straight from
// the Java arrays (critical sections only around each plane's copy into pinned staging).
JNIEXPORT void JNICALL Java_net_ijcl_NativeBridge_writePlanes(JNIEnv* env, jclass, jstring name, jlong first_z,
                                                               jobjectArray planes) {
    guarded(env, 0, [&] {
        if (!planes) ijcl::fail("push", "pixels", "no pixel arrays");
        auto s = session();
        const std::string n = to_string(env, name);
        auto image = s->get(n, "push", "image");
        const jsize count = env->GetArrayLength(planes);
        if (first_z < 0 || static_cast<std::uint64_t>(first_z) + count > image->shape().depth)
            ijcl::fail("push", "z", "planes " + std::to_string(first_z) + ".." + std::to_string(first_z + count - 1) +
                                        " are outside the image's " + std::to_string(image->shape().depth) + " planes");
        const std::uint64_t plane = image->plane_bytes();
        for (jsize i = 0; i < count; ++i) {
            jarray array = static_cast<jarray>(env->GetObjectArrayElement(planes, i));
            if (!array) ijcl::fail("push", "pixels", "plane " + std::to_string(i) + " is missing");
            const std::uint64_t bytes = array_bytes(env, array);
            if (bytes != plane)
                ijcl::fail("push", "pixels", "plane " + std::to_string(i) + " has " + std::to_string(bytes) +
                                                 " bytes, the GPU image expects " + std::to_string(plane));
            void* data = env->GetPrimitiveArrayCritical(array, nullptr);
            if (!data) throw std::bad_alloc();
            try {
                s->write(n, (static_cast<std::uint64_t>(first_z) + i) * plane, data, plane);
            } catch (...) {
                env->ReleasePrimitiveArrayCritical(array, data, JNI_ABORT);
                throw;
            }
            env->ReleasePrimitiveArrayCritical(array, data, JNI_ABORT);
            env->DeleteLocalRef(array);
        }
        return 0;
    });
}

// Reads planes first_z, first_z+1, ... of an image into the given arrays (see writePlanes).
JNIEXPORT void JNICALL Java_net_ijcl_NativeBridge_readPlanes(JNIEnv* env, jclass, jstring name, jlong first_z,
                                                              jobjectArray planes) {
    guarded(env, 0, [&] {
        if (!planes) ijcl::fail("pull", "pixels", "no pixel arrays");
        auto s = session();
        const std::string n = to_string(env, name);
        auto image = s->get(n, "pull", "image");
        const jsize count = env->GetArrayLength(planes);
        if (first_z < 0 || static_cast<std::uint64_t>(first_z) + count > image->shape().depth)
            ijcl::fail("pull", "z", "planes outside the image");
        const std::uint64_t plane = image->plane_bytes();
        for (jsize i = 0; i < count; ++i) {
            jarray array = static_cast<jarray>(env->GetObjectArrayElement(planes, i));
            if (!array) ijcl::fail("pull", "pixels", "plane " + std::to_string(i) + " is missing");
            if (array_bytes(env, array) != plane)
                ijcl::fail("pull", "pixels", "plane " + std::to_string(i) + " does not match the image's plane size");
            void* data = env->GetPrimitiveArrayCritical(array, nullptr);
            if (!data) throw std::bad_alloc();
            try {
                s->read(n, (static_cast<std::uint64_t>(first_z) + i) * plane, data, plane);
            } catch (...) {
                env->ReleasePrimitiveArrayCritical(array, data, JNI_ABORT);
                throw;
            }
            env->ReleasePrimitiveArrayCritical(array, data, 0);
            env->DeleteLocalRef(array);
        }
        return 0;
    });
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
        if (view != original) {
            auto& dst = s->create(v, view->shape(), view->type(), view->kind());
            s->device().queue().enqueueCopyBuffer(view->buffer(), dst.buffer(), 0, 0, view->bytes());
        }
        jlong values[5] = {static_cast<jlong>(view->shape().width), static_cast<jlong>(view->shape().height),
                           static_cast<jlong>(view->shape().depth), static_cast<jlong>(view->type()),
                           static_cast<jlong>(original->kind())};
        jlongArray out = env->NewLongArray(5);
        env->SetLongArrayRegion(out, 0, 5, values);
        return out;
    });
}

JNIEXPORT void JNICALL Java_net_ijcl_NativeBridge_readPlane(JNIEnv* env, jclass, jstring name, jlong z,
                                                             jobject pixels) {
    guarded(env, 0, [&] {
        if (!pixels) ijcl::fail("pull", "pixels", "no pixel array");
        auto s = session();
        const std::string n = to_string(env, name);
        auto image = s->get(n, "pull", "image");
        jarray array = static_cast<jarray>(pixels);
        const std::uint64_t bytes = array_bytes(env, array);
        if (bytes != image->plane_bytes())
            ijcl::fail("pull", "pixels", "plane has " + std::to_string(bytes) + " bytes, the GPU image has " +
                                             std::to_string(image->plane_bytes()));
        if (z < 0 || static_cast<std::uint64_t>(z) >= image->shape().depth)
            ijcl::fail("pull", "z", "plane " + std::to_string(z) + " is outside the image");
        void* data = env->GetPrimitiveArrayCritical(array, nullptr);
        if (!data) throw std::bad_alloc();
        try {
            s->read(n, static_cast<std::uint64_t>(z) * bytes, data, bytes);
        } catch (...) {
            env->ReleasePrimitiveArrayCritical(array, data, JNI_ABORT);
            throw;
        }
        env->ReleasePrimitiveArrayCritical(array, data, 0);
        return 0;
    });
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

JNIEXPORT jstring JNICALL Java_net_ijcl_NativeBridge_reportMemory(JNIEnv* env, jclass) {
    return guarded(env, static_cast<jstring>(nullptr), [&] { return to_jstring(env, session()->report_memory()); });
}

JNIEXPORT jlong JNICALL Java_net_ijcl_NativeBridge_memoryInUse(JNIEnv* env, jclass) {
    return guarded(env, static_cast<jlong>(0), [&] { return static_cast<jlong>(session()->memory_in_use()); });
}

// {width, height, depth, pixel type code, kind code} of an image; throws if absent.
JNIEXPORT jlongArray JNICALL Java_net_ijcl_NativeBridge_imageInfo(JNIEnv* env, jclass, jstring name) {
    return guarded(env, static_cast<jlongArray>(nullptr), [&] {
        auto image = session()->get(to_string(env, name), "", "image");
        jlong values[5] = {static_cast<jlong>(image->shape().width), static_cast<jlong>(image->shape().height),
                           static_cast<jlong>(image->shape().depth), static_cast<jlong>(image->type()),
                           static_cast<jlong>(image->kind())};
        jlongArray out = env->NewLongArray(5);
        env->SetLongArrayRegion(out, 0, 5, values);
        return out;
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
        jclass string_class = env->FindClass("java/lang/String");
        jclass number_class = env->FindClass("java/lang/Number");
        jclass boolean_class = env->FindClass("java/lang/Boolean");
        jmethodID double_value = env->GetMethodID(number_class, "doubleValue", "()D");
        jmethodID boolean_value = env->GetMethodID(boolean_class, "booleanValue", "()Z");
        for (jsize i = 0; i < n; ++i) {
            jobject a = env->GetObjectArrayElement(args, i);
            if (!a) values.emplace_back(std::monostate{});
            else if (env->IsInstanceOf(a, string_class)) values.emplace_back(to_string(env, static_cast<jstring>(a)));
            else if (env->IsInstanceOf(a, number_class)) values.emplace_back(static_cast<double>(env->CallDoubleMethod(a, double_value)));
            else if (env->IsInstanceOf(a, boolean_class)) values.emplace_back(static_cast<bool>(env->CallBooleanMethod(a, boolean_value)));
            else values.emplace_back(std::monostate{});
            if (a) env->DeleteLocalRef(a);
        }
        const ijcl::OpResult result = session()->execute(to_string(env, op), values);

        jclass object_class = env->FindClass("java/lang/Object");
        jobjectArray out = env->NewObjectArray(3, object_class, nullptr);
        jdoubleArray numbers = env->NewDoubleArray(static_cast<jsize>(result.numbers.size()));
        std::vector<double> nums;
        for (const auto& r : result.numbers) nums.push_back(r.second);
        if (!nums.empty()) env->SetDoubleArrayRegion(numbers, 0, static_cast<jsize>(nums.size()), nums.data());
        env->SetObjectArrayElement(out, 0, numbers);
        if (result.table) {
            env->SetObjectArrayElement(out, 1, to_jstring_array(env, result.table->columns));
            std::vector<double> flat;
            for (const auto& column : result.table->values) flat.insert(flat.end(), column.begin(), column.end());
            jdoubleArray table = env->NewDoubleArray(static_cast<jsize>(flat.size()));
            if (!flat.empty()) env->SetDoubleArrayRegion(table, 0, static_cast<jsize>(flat.size()), flat.data());
            env->SetObjectArrayElement(out, 2, table);
        }
        return out;
    });
}

}  // extern "C"
