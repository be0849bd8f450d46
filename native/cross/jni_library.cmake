# Link options of the cross-built JNI library (included from CMakeLists.txt for target ijcl).
# Every target: no runtime dependency beyond the operating system and its OpenCL.
if(IJCL_CROSS STREQUAL "win64")
  # ijcl.dll (System.loadLibrary("ijcl") looks for that name); libstdc++, libgcc and winpthreads
  # linked in (-static), so it needs only Windows' own DLLs and OpenCL.dll. Only the JNIEXPORT
  # (dllexport) functions are exported.
  set_target_properties(ijcl PROPERTIES PREFIX "")
  target_link_options(ijcl PRIVATE -static -static-libstdc++ -static-libgcc -Wl,--no-undefined
                      -Wl,--exclude-all-symbols)
elseif(IJCL_CROSS MATCHES "^macos")
  # libijcl.dylib; Zig links its libc++ statically, so it needs only libSystem and the OpenCL
  # framework. Install name relative (@rpath); only the JNI entry points are exported. The arm64
  # build carries the ad-hoc code signature Zig's linker writes for arm64 macOS.
  set_target_properties(ijcl PROPERTIES INSTALL_NAME_DIR "@rpath" BUILD_WITH_INSTALL_NAME_DIR ON)
  target_compile_options(ijcl PRIVATE -fvisibility=hidden)
  target_compile_options(ijcl_core PRIVATE -fvisibility=hidden)
  # -s: no debug information or local symbols (Zig's prebuilt libc++ would bring its source paths).
  target_link_options(ijcl PRIVATE -Wl,-undefined,error -Wl,-dead_strip -s)
else()  # linux-arm64: libstdc++ is Zig's libc++, linked statically; glibc from 2.17 on.
  target_compile_options(ijcl PRIVATE -fvisibility=hidden)
  target_compile_options(ijcl_core PRIVATE -fvisibility=hidden)
  target_link_options(ijcl PRIVATE -Wl,--no-undefined -s)
endif()
