package net.ijcl.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collections;

/**
 * Runs a macro through the real {@link RunMacro} main class in a fresh JVM, the way the launcher
 * does (class path from classpath.txt plus the compiled classes, the JVM flags of the pom; the
 * process itself is started by {@link JvmProcess}).
 */
final class MacroProcess {
    final int exitStatus;
    final String stdout;
    final String stderr;

    private final JvmProcess process;

    private MacroProcess(JvmProcess process) {
        this.process = process;
        exitStatus = process.exitStatus;
        stdout = process.stdout;
        stderr = process.stderr;
    }

    /** Runs macro text (written to a temporary file). */
    static MacroProcess run(String macro, String argument) throws IOException, InterruptedException {
        File dir = Files.createTempDirectory("ijcl-macro").toFile();
        File file = new File(dir, "test.ijm");
        Files.write(file.toPath(), macro.getBytes(StandardCharsets.UTF_8));
        try {
            return runFile(file, argument);
        } finally {
            file.delete();
            dir.delete();
        }
    }

    /** Runs a macro file (a fresh headless JVM: {@link JvmProcess#run}). */
    static MacroProcess runFile(File file, String argument) throws IOException, InterruptedException {
        String[] args = argument != null ? new String[] {file.getPath(), argument} : new String[] {file.getPath()};
        return new MacroProcess(JvmProcess.run(Collections.<String>emptyList(),
                Collections.singletonList("-Djava.awt.headless=true"), RunMacro.class, null, args));
    }

    /** Asserts that the macro failed (exit status 1) before its statement that prints "AFTER" ran. */
    void assertFailedBeforeAfter() {
        assertEquals(toString(), 1, exitStatus);
        assertFalse(toString(), stdout.contains("AFTER"));
    }

    /** The value printed as "key=value" on its own line, or null. */
    String value(String key) {
        for (String line : stdout.split("\n"))
            if (line.startsWith(key + "=")) return line.substring(key.length() + 1).trim();
        return null;
    }

    @Override
    public String toString() {
        return process.toString();
    }
}
