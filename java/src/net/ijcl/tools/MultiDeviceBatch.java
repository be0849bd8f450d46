package net.ijcl.tools;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch spread over several OpenCL devices of one machine: {@code IJCL_DEVICES=all ./ijcl batch
 * ...} (every device) or {@code IJCL_DEVICES="NVIDIA H100,NVIDIA H100"} (a comma-separated list of
 * device name substrings; a name given twice opens two contexts on that device).
 *
 * <p><b>Scheduling.</b> One worker JVM per device (the library holds one device per process), each
 * running {@link BatchMacro} with {@code IJCL_DEVICE} set to its device and {@code --claim DIR}:
 * a worker takes the files in name order and processes one only after creating its claim file
 * {@code DIR/<name>.claim} (an atomic create: exactly one worker gets each file), so a fast device
 * takes more files than a slow one. Worker i starts with file i, claimed for it beforehand, so every
 * device gets work when there are at least as many files as devices. The claims live in a fresh
 * folder under OUTPUT_DIR and are deleted at the end. Each worker's lines on standard error are
 * prefixed with {@code [device i]}; results land in OUTPUT_DIR exactly as with one device, and
 * {@code --report FILE} gets every worker's lines. Exit status: the largest of the workers'
 * (0: every file done). A SIGTERM to the batch is passed on to the workers, which stop at an
 * operation boundary as a single batch does.
 *
 * <p>A time-lapse inside one macro still runs on one device.
 */
final class MultiDeviceBatch {
    private MultiDeviceBatch() {}

    static boolean devicesRequested() {
        String v = System.getenv("IJCL_DEVICES");
        return v != null && !v.trim().isEmpty();
    }

    /** The device name substrings IJCL_DEVICES asks for ("all": every device the ICD loader lists). */
    static List<String> devices() {
        String v = System.getenv("IJCL_DEVICES").trim();
        List<String> out = new ArrayList<>();
        if (v.equalsIgnoreCase("all")) {
            for (String line : net.ijcl.Ijcl.listDevices()) out.add(line.split("\t")[0]);
        } else {
            for (String name : v.split(",")) if (!name.trim().isEmpty()) out.add(name.trim());
        }
        return out;
    }

    /** Claims {@code image} for this worker; false when another worker has it. */
    static boolean claim(File claims, File image) {
        try {
            Files.createFile(new File(claims, image.getName() + ".claim").toPath());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the claim of " + image.getName() + " in " + claims + ": " + e, e);
        }
    }

    /** Runs the batch of {@code args} (BatchMacro's own arguments) over the devices of IJCL_DEVICES. */
    static int run(String[] args, List<File> images, File outputDir) throws IOException {
        List<String> devices = devices();
        if (devices.isEmpty()) {
            System.err.println("BatchMacro: IJCL_DEVICES names no device");
            return 2;
        }
        File claims = Files.createTempDirectory(outputDir.toPath(), ".ijcl-claims-").toFile();
        String report = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--report") && i + 1 < args.length) report = args[++i];
            else rest.add(args[i]);
        }
        for (int i = 0; i < Math.min(devices.size(), images.size()); i++) claimFor(claims, images.get(i), i);
        System.err.println("BatchMacro: " + images.size() + " files over " + devices.size() + " devices: " + String.join(", ", devices));
        List<Process> workers = new ArrayList<>();
        List<Thread> pumps = new ArrayList<>();
        Thread stopper = new Thread(() -> { for (Process p : workers) p.destroy(); }, "ijcl-multi-device-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        int status = 0;
        try {
            for (int i = 0; i < devices.size(); i++) {
                List<String> command = new ArrayList<>();
                command.add(new File(System.getProperty("java.home"), "bin/java").getPath());
                command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
                command.add("-cp");
                command.add(System.getProperty("java.class.path"));
                command.add(BatchMacro.class.getName());
                command.add("--claim");
                command.add(claims.getPath());
                command.add("--worker");
                command.add(Integer.toString(i));
                if (report != null) {
                    command.add("--report");
                    command.add(report + ".device" + i);
                }
                command.addAll(rest);
                ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT);
                pb.environment().remove("IJCL_DEVICES");
                pb.environment().put("IJCL_DEVICE", devices.get(i));
                pb.environment().put("IJCL_QUIET", "1"); // no carriage-return progress lines through the prefixing pump
                Process p = pb.start();
                workers.add(p);
                pumps.add(pump(p, "[device " + (i + 1) + "] ", System.err));
            }
            for (int i = 0; i < workers.size(); i++) {
                int rc;
                try {
                    rc = workers.get(i).waitFor();
                    pumps.get(i).join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    rc = 3;
                }
                status = Math.max(status, rc);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs now
            }
            if (report != null) mergeReports(report, devices.size());
            File[] left = claims.listFiles();
            if (left != null) for (File f : left) Files.deleteIfExists(f.toPath());
            Files.deleteIfExists(claims.toPath());
        }
        System.err.println("BatchMacro: " + devices.size() + " devices done (exit status " + status + "); results in " + outputDir);
        return status;
    }

    /** Reserves a file for worker {@code i} (its first one): the claim file names the worker. */
    private static void claimFor(File claims, File image, int worker) throws IOException {
        Files.write(new File(claims, image.getName() + ".claim").toPath(), Integer.toString(worker).getBytes(StandardCharsets.UTF_8));
    }

    /** True when worker {@code i} reserved {@code image} beforehand (its first file). */
    static boolean reservedFor(File claims, File image, int worker) {
        File f = new File(claims, image.getName() + ".claim");
        try {
            return f.isFile() && new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8).equals(Integer.toString(worker));
        } catch (IOException e) {
            return false;
        }
    }

    private static Thread pump(Process p, String prefix, PrintStream to) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) to.println(prefix + line);
            } catch (IOException ignored) {
                // the worker ended
            }
        }, "ijcl-worker-stderr");
        t.start();
        return t;
    }

    private static void mergeReports(String report, int workers) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            File part = new File(report + ".device" + i);
            if (!part.isFile()) continue;
            lines.addAll(Files.readAllLines(part.toPath(), StandardCharsets.UTF_8));
            Files.delete(part.toPath());
        }
        lines.sort(null);
        Files.write(new File(report).toPath(), lines, StandardCharsets.UTF_8);
    }
}
