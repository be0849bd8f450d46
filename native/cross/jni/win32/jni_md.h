/* jni_md.h for 64-bit Windows (the machine-dependent part of the JNI headers, written from the JNI
 * specification for the MinGW-w64 cross-build; the JDK on this Linux machine ships only Linux's).
 * Windows is LLP64: long is 32 bits, so jlong must be a 64-bit type of its own. */
#ifndef IJCL_JNI_MD_H_WIN32
#define IJCL_JNI_MD_H_WIN32
#define JNIEXPORT __declspec(dllexport)
#define JNIIMPORT __declspec(dllimport)
#define JNICALL __stdcall
typedef int jint;
typedef long long jlong;
typedef signed char jbyte;
#endif
