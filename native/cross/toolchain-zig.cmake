# Cross-build with Zig's bundled clang (`zig c++`, PyPI package ziglang, pinned in the launcher) for
# macOS (arm64, x86-64) and Linux arm64. `./ijcl natives` writes one wrapper per target into
# IJCL_ZIG_BIN (zig-c++, zig-ar, zig-ranlib, each calling the venv's zig with the target's
# -target); this file only points CMake at them.
if(NOT IJCL_ZIG_BIN)
  set(IJCL_ZIG_BIN "$ENV{IJCL_ZIG_BIN}")
endif()
set(ENV{IJCL_ZIG_BIN} "${IJCL_ZIG_BIN}")  # try_compile projects read the toolchain file again
if(IJCL_ZIG_BIN MATCHES "macos")
  set(CMAKE_SYSTEM_NAME Darwin)
else()
  set(CMAKE_SYSTEM_NAME Linux)
endif()
if(IJCL_ZIG_BIN MATCHES "arm64")
  set(CMAKE_SYSTEM_PROCESSOR aarch64)
else()
  set(CMAKE_SYSTEM_PROCESSOR x86_64)
endif()
set(CMAKE_C_COMPILER ${IJCL_ZIG_BIN}/zig-cc)
set(CMAKE_CXX_COMPILER ${IJCL_ZIG_BIN}/zig-c++)
set(CMAKE_AR ${IJCL_ZIG_BIN}/zig-ar CACHE FILEPATH "")
set(CMAKE_RANLIB ${IJCL_ZIG_BIN}/zig-ranlib CACHE FILEPATH "")
# Nothing from this (x86-64 Linux) machine's library and header folders.
set(CMAKE_FIND_ROOT_PATH ${IJCL_ZIG_BIN})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
