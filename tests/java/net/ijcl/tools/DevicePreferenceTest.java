package net.ijcl.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Collections;

import org.junit.Test;

/**
 * Plugins > ijcl > IJCL Select Device: the choice is stored as ImageJ's preference ijcl.device,
 * saved with ImageJ's preferences (IJ_Prefs.txt under user.home), and a later ImageJ that loads
 * them opens that device when nothing names one; a preferred device that cannot be opened is
 * reported in the Log and the default device is used. Each step in its own JVM, with a temporary
 * user.home (never the user's preferences).
 */
public class DevicePreferenceTest {

    @Test
    public void selectedDeviceIsRememberedAndUsedAsTheDefault() throws Exception {
        File empty = Files.createTempDirectory("ijcl-prefs-empty").toFile();
        String defaultDevice = check(empty, "device");
        assertFalse(defaultDevice.isEmpty());
        String part = defaultDevice.substring(0, Math.min(7, defaultDevice.length()));

        // the command, as a macro (or the Recorder) calls it, then ImageJ saving its preferences
        File home = Files.createTempDirectory("ijcl-prefs").toFile();
        File macro = new File(home, "select.ijm");
        Files.write(macro.toPath(), String.join("\n",
                "run(\"IJCL Select Device\", \"device=[" + part + "]\");",
                "print(\"pref=\" + call(\"ij.Prefs.get\", \"ijcl.device\", \"\"));",
                "call(\"ij.Prefs.savePreferences\");").getBytes(StandardCharsets.UTF_8));
        JvmProcess select = JvmProcess.run(Collections.<String>emptyList(), home(home), RunMacro.class, null, macro.getPath());
        assertEquals(select.toString(), 0, select.exitStatus);
        assertTrue(select.toString(), select.stdout.contains("pref=" + part + "\n"));
        assertTrue(select.toString(), select.stdout.contains("ijcl: device " + defaultDevice + "\n"));
        File prefs = new File(home, ".imagej/IJ_Prefs.txt");
        String saved = new String(Files.readAllBytes(prefs.toPath()), StandardCharsets.ISO_8859_1);
        assertTrue(saved, saved.contains(".ijcl.device=" + part + "\n"));

        // a fresh ImageJ with those preferences
        assertEquals(part, check(home, "preferred"));
        assertEquals(defaultDevice, check(home, "device"));

        // a preferred device that is not there: a Log line, then the default device
        Files.write(prefs.toPath(), saved.replace(".ijcl.device=" + part, ".ijcl.device=no-such-device")
                .getBytes(StandardCharsets.ISO_8859_1));
        JvmProcess missing = JvmProcess.run(Collections.<String>emptyList(), home(home), DevicePreferenceCheck.class, null);
        assertEquals(missing.toString(), 0, missing.exitStatus);
        assertTrue(missing.toString(), missing.stdout.contains("preferred=no-such-device\n"));
        assertTrue(missing.toString(), missing.stdout.contains("ijcl: the preferred device 'no-such-device' cannot be opened"));
        assertTrue(missing.toString(), missing.stdout.contains("device=" + defaultDevice + "\n"));
    }

    /** The value DevicePreferenceCheck prints for {@code key} with preferences from {@code home}. */
    private static String check(File home, String key) throws Exception {
        JvmProcess p = JvmProcess.run(Collections.<String>emptyList(), home(home), DevicePreferenceCheck.class, null);
        assertEquals(p.toString(), 0, p.exitStatus);
        for (String line : p.stdout.split("\n"))
            if (line.startsWith(key + "=")) return line.substring(key.length() + 1);
        throw new AssertionError("no " + key + "= in\n" + p);
    }

    private static java.util.List<String> home(File home) {
        return Arrays.asList("-Djava.awt.headless=true", "-Duser.home=" + home.getPath());
    }
}
