#!/usr/bin/env python3
"""Checks the JNI libraries of every platform that `./ijcl natives` built (issue 16 §3: what can be
checked of binaries that cannot run here). Run by `./ijcl test-natives` with the cross-build venv's
Python (LIEF, pinned in the launcher):

    check_natives.py [--platforms P1,P2] NATIVES_DIR FORBIDDEN_PATH...

(--platforms: only those, as `./ijcl test-natives` without --full builds linux64 and win64.)

For each platform's file in NATIVES_DIR/<platform>/:
  - format and architecture (ELF x86-64 / AArch64, PE32+ x86-64 DLL, Mach-O x86-64 / arm64 dylib);
  - the exported JNI entry points (Java_*, JNI_OnLoad) equal those of the Linux x86-64 library;
  - it links only the operating system's libraries and OpenCL (libOpenCL.so.1, OpenCL.dll, the
    OpenCL framework): no libstdc++/libgcc/winpthread DLL or dylib, no libc++;
  - no path of this build machine inside (FORBIDDEN_PATH: the checkout, the build folders, HOME),
    no RPATH/RUNPATH, a relative (@rpath) install name on macOS;
  - Linux arm64: needs glibc 2.17 at most;
  - macOS arm64: an ad-hoc code signature whose CodeDirectory page hashes match the file (what
    the kernel checks before it runs code on Apple Silicon).
Prints one line per check; exit status 1 if any fails."""
import hashlib
import os
import re
import struct
import sys

import lief

PLATFORMS = {
    "linux64": ("libijcl.so", "ELF", "x86_64"),
    "linux-arm64": ("libijcl.so", "ELF", "aarch64"),
    "win64": ("ijcl.dll", "PE", "x86_64"),
    "macos64": ("libijcl.dylib", "MachO", "x86_64"),
    "macos-arm64": ("libijcl.dylib", "MachO", "arm64"),
}
LINUX_SYSTEM = {"libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1",
                "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"}
WINDOWS_SYSTEM = {"kernel32.dll", "msvcrt.dll", "advapi32.dll", "user32.dll", "ws2_32.dll", "shell32.dll",
                  "ole32.dll", "bcrypt.dll", "ntdll.dll"}
MACOS_SYSTEM = {"/usr/lib/libSystem.B.dylib"}
OPENCL = {"ELF": "libOpenCL.so.1", "PE": "opencl.dll",
          "MachO": "/System/Library/Frameworks/OpenCL.framework/Versions/A/OpenCL"}

failures = 0


def check(ok, what):
    global failures
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures += 1


def jni_exports(binary, kind):
    if kind == "PE":
        names = [e.name for e in binary.get_export().entries] if binary.has_exports else []
    elif kind == "MachO":
        names = [s.name[1:] for s in binary.exported_symbols if s.name.startswith("_")]
    else:
        names = [s.name for s in binary.exported_symbols]
    return {n for n in names if n.startswith("Java_") or n == "JNI_OnLoad"}


def arch_of(binary, kind):
    if kind == "ELF":
        return {lief.ELF.ARCH.X86_64: "x86_64", lief.ELF.ARCH.AARCH64: "aarch64"}.get(binary.header.machine_type)
    if kind == "PE":
        return "x86_64" if binary.header.machine == lief.PE.Header.MACHINE_TYPES.AMD64 else str(binary.header.machine)
    return {lief.MachO.Header.CPU_TYPE.X86_64: "x86_64", lief.MachO.Header.CPU_TYPE.ARM64: "arm64"}.get(binary.header.cpu_type)


def adhoc_signature_valid(path, binary, data=None):
    """Verifies the embedded ad-hoc signature: SuperBlob -> CodeDirectory -> page hashes."""
    if not binary.has_code_signature:
        return False, "no LC_CODE_SIGNATURE"
    if data is None:
        data = open(path, "rb").read()
    sig = binary.code_signature
    blob = data[sig.data_offset:sig.data_offset + sig.data_size]
    magic, _length, count = struct.unpack(">III", blob[:12])
    if magic != 0xFADE0CC0:
        return False, "no embedded signature SuperBlob"
    for i in range(count):
        _type, offset = struct.unpack(">II", blob[12 + 8 * i:20 + 8 * i])
        cd = blob[offset:]
        if struct.unpack(">I", cd[:4])[0] != 0xFADE0C02:
            continue
        (_m, _l, _version, flags, hash_offset, ident_offset, _nspecial, ncode, code_limit, hash_size,
         hash_type, _platform, page_shift) = struct.unpack(">IIIIIIIIIBBBB", cd[:40])
        if not flags & 0x2:
            return False, "CodeDirectory is not ad-hoc (flags %#x)" % flags
        algo = {1: hashlib.sha1, 2: hashlib.sha256}.get(hash_type)
        if algo is None or hash_size != algo().digest_size:
            return False, "unknown hash type %d" % hash_type
        page = 1 << page_shift
        for n in range(ncode):
            want = cd[hash_offset + n * hash_size:hash_offset + (n + 1) * hash_size]
            got = algo(data[n * page:min((n + 1) * page, code_limit)]).digest()[:hash_size]
            if want != got:
                return False, "page %d hash differs" % n
        if ncode * page < code_limit:
            return False, "hashes do not cover the file"
        ident = cd[ident_offset:cd.index(b"\0", ident_offset)].decode()
        return True, "%d pages of %d bytes, identifier %s" % (ncode, page, ident)
    return False, "no CodeDirectory"


def main():
    lief.logging.disable()
    args = sys.argv[1:]
    chosen = list(PLATFORMS)
    if args[:1] == ["--platforms"]:
        chosen = args[1].split(",")
        unknown = [p for p in chosen if p not in PLATFORMS]
        if unknown:
            sys.exit("--platforms: unknown %s (one of %s)" % (unknown, ", ".join(PLATFORMS)))
        args = args[2:]
    natives, forbidden = args[0], [p for p in args[1:] if p and p != "/"]
    reference = None
    for platform, (name, kind, arch) in PLATFORMS.items():
        if platform not in chosen and platform != "linux64":
            continue
        path = "%s/%s/%s" % (natives, platform, name)
        if not os.path.isfile(path):
            check(False, "%s: %s exists (./ijcl natives builds it)" % (platform, path))
            continue
        try:
            binary = lief.parse(path)
        except Exception as e:  # noqa: BLE001 - reported as a failure
            binary = None
            print(e)
        if binary is None:
            check(False, "%s: %s can be read" % (platform, path))
            continue
        got_kind = type(binary).__module__.split(".")[-1] if not isinstance(binary, lief.ELF.Binary) else "ELF"
        if isinstance(binary, lief.PE.Binary):
            got_kind = "PE"
        elif isinstance(binary, lief.MachO.Binary):
            got_kind = "MachO"
        check(got_kind == kind and arch_of(binary, kind) == arch,
              "%s: %s is %s %s (found %s %s)" % (platform, name, kind, arch, got_kind, arch_of(binary, kind)))
        if got_kind != kind:
            continue
        exports = jni_exports(binary, kind)
        if reference is None:  # linux64 comes first
            reference = exports
            check(len(exports) > 10 and "JNI_OnLoad" in exports, "%s: %d JNI entry points exported" % (platform, len(exports)))
        else:
            check(exports == reference, "%s: exports the same %d JNI entry points as linux64%s" % (
                platform, len(reference), "" if exports == reference else
                " (missing %s, extra %s)" % (sorted(reference - exports), sorted(exports - reference))))

        if kind == "ELF":
            libs = set(binary.libraries)
            system = LINUX_SYSTEM
            runpath = [e for e in binary.dynamic_entries if e.tag in (lief.ELF.DynamicEntry.TAG.RPATH, lief.ELF.DynamicEntry.TAG.RUNPATH)]
            check(not runpath, "%s: no RPATH/RUNPATH" % platform)
        elif kind == "PE":
            libs = {lib.name.lower() for lib in binary.imports}
            system = WINDOWS_SYSTEM | {lib for lib in libs if lib.startswith("api-ms-win-")}
            check(binary.header.has_characteristic(lief.PE.Header.CHARACTERISTICS.DLL), "%s: %s is a DLL" % (platform, name))
        else:
            ids = [c.name for c in binary.commands if c.command == lief.MachO.LoadCommand.TYPE.ID_DYLIB]
            install_name = ids[0] if ids else ""
            libs = {c.name for c in binary.commands if c.command in (
                lief.MachO.LoadCommand.TYPE.LOAD_DYLIB, lief.MachO.LoadCommand.TYPE.LOAD_WEAK_DYLIB,
                lief.MachO.LoadCommand.TYPE.REEXPORT_DYLIB, lief.MachO.LoadCommand.TYPE.LAZY_LOAD_DYLIB)}
            system = MACOS_SYSTEM
            check(install_name.startswith("@rpath/"), "%s: relative install name (%s)" % (platform, install_name))
            check(not [c for c in binary.commands if c.command == lief.MachO.LoadCommand.TYPE.RPATH],
                  "%s: no LC_RPATH" % platform)
        opencl = OPENCL[kind]
        check(opencl in libs, "%s: links OpenCL (%s)" % (platform, opencl))
        other = sorted(libs - system - {opencl})
        check(not other, "%s: links only system libraries and OpenCL: %s%s" % (
            platform, ", ".join(sorted(libs)), "; NOT system: " + ", ".join(other) if other else ""))

        data = open(path, "rb").read()
        found = [p for p in forbidden if p.encode() in data]
        check(not found, "%s: no build-machine path inside%s" % (platform, " (found %s)" % found if found else ""))

        if platform == "linux-arm64":
            versions = set()
            for s in binary.imported_symbols:
                if s.has_version and s.symbol_version.has_auxiliary_version:
                    m = re.match(r"GLIBC_(\d+)\.(\d+)", s.symbol_version.symbol_version_auxiliary.name)
                    if m:
                        versions.add((int(m.group(1)), int(m.group(2))))
            newest = max(versions) if versions else (0, 0)
            check(newest <= (2, 17), "%s: needs glibc %d.%d at most 2.17" % (platform, *newest))
        if platform == "macos-arm64":
            ok, detail = adhoc_signature_valid(path, binary)
            check(ok, "%s: valid ad-hoc code signature (%s)" % (platform, detail))
            damaged = bytearray(open(path, "rb").read())
            damaged[len(damaged) // 3] ^= 1  # the checker itself: one flipped bit must be caught
            ok, detail = adhoc_signature_valid(path, binary, bytes(damaged))
            check(not ok, "%s: the signature check rejects a copy with one bit changed (%s)" % (platform, detail))
    print("%s: %d check(s) failed" % ("FAILED" if failures else "passed", failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
