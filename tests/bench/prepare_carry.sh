#!/usr/bin/env bash
# Prepares what tests/bench/gpu_side_by_side.sh needs on a GPU machine that has no Java, no
# package registry and maybe no OpenCL-CLHPP/GoogleTest: run here (after ./ijcl build), then send
# .carry and .whl along with the repository (both are git-ignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p .carry/include/CL .carry/java .carry/gtest/include .carry/gtest/lib .whl
cp /usr/include/CL/opencl.hpp .carry/include/CL/
mkdir -p .carry/jni
jdk="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
cp "$jdk/include/jni.h" "$jdk/include/linux/jni_md.h" .carry/jni/
cp -r /usr/include/gtest .carry/gtest/include/
cp /usr/lib/x86_64-linux-gnu/libgtest.a /usr/lib/x86_64-linux-gnu/libgtest_main.a .carry/gtest/lib/
if [ ! -f .carry/jre.tar.xz ]; then
    rm -rf /tmp/ijcl-jre
    jlink --add-modules java.base,java.desktop,java.logging,java.xml,java.scripting,jdk.unsupported,java.management \
          --strip-debug --no-header-files --no-man-pages --compress=2 --output /tmp/ijcl-jre
    tar -cJf .carry/jre.tar.xz -C /tmp ijcl-jre
fi
cp "$(ls target/ijcl_-*.jar | grep -v headless-agent)" .carry/java/ijcl.jar
cp=".carry/java/ijcl.jar"
for jar in $(tr ':' ' ' < target/classpath.txt); do
    case "$jar" in *junit*|*hamcrest*) continue ;; esac
    cp "$jar" .carry/java/
    cp="$cp:.carry/java/$(basename "$jar")"
done
echo "$cp" > .carry/java/classpath.txt
( cd .whl && python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 --platform manylinux_2_17_x86_64 \
    --platform manylinux2014_x86_64 pyclesperanto==0.25.1 pyclesperanto-opencl==0.25.1 )
du -sh .carry .whl
