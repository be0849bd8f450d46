package net.ijcl.site;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The updater identifies a file by its name without version: {@code plugins/ijcl_-0.1.0.jar},
 * {@code plugins/ijcl_-0.0.9.jar} and {@code plugins/ijcl_.jar} are one file, and installing one
 * replaces the others. Versions are recognised in jar names only: "-" then a dotted number
 * ({@code 1.2}, {@code 0.1.0}, {@code 1.54p}), optionally followed by "-QUALIFIER" parts
 * ({@code -SNAPSHOT}, {@code -beta.2}), right before {@code .jar}. (A simplification of the
 * updater's rule, which also knows Maven classifiers such as {@code -natives-linux}; ijcl ships
 * none.)
 */
public final class VersionedName {
    private static final Pattern JAR_VERSION =
            Pattern.compile("(.*?)-\\d+(?:\\.\\d+)+[A-Za-z0-9]*(?:-[A-Za-z0-9.]+)*(\\.jar)");

    private VersionedName() {}

    /** The name without its version ({@code plugins/ijcl_.jar}); unversioned names unchanged. */
    public static String unversioned(String path) {
        Matcher m = JAR_VERSION.matcher(path);
        return m.matches() ? m.group(1) + m.group(2) : path;
    }

    /** Whether the two names denote the same file (equal without their versions). */
    public static boolean sameFile(String a, String b) {
        return unversioned(a).equals(unversioned(b));
    }
}
