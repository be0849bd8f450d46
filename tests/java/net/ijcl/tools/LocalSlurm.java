package net.ijcl.tools;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A single-node SLURM cluster on localhost for tests (Debian's slurm-wlm): a generated
 * {@code slurm.conf} in a temporary folder (free ports, state, spool, logs, pid files and an empty
 * plug-in stack all in that folder, nothing under /etc or /var; {@code AuthType=auth/none} and {@code CredType=cred/none}, so no munge key; no
 * cgroups, no accounting), slurmctld and slurmd started in the foreground as children of this
 * JVM. {@link #env()} is the environment the SLURM commands need ({@code SLURM_CONF});
 * {@link #close()} cancels what is left in the queue and stops both daemons.
 */
final class LocalSlurm implements AutoCloseable {
    static final String NODE = "ijcltest";
    static final String[] PROGRAMS = {"slurmctld", "slurmd", "sbatch", "squeue", "sinfo", "scancel"};

    final File dir;
    private final File conf;
    private final List<Process> daemons = new ArrayList<>();

    private LocalSlurm(File dir) {
        this.dir = dir;
        this.conf = new File(dir, "slurm.conf");
    }

    /** The SLURM programs missing from the PATH (empty when slurm-wlm is installed). */
    static List<String> missingPrograms() {
        List<String> missing = new ArrayList<>();
        for (String p : PROGRAMS) if (!JvmProcess.onPath(p)) missing.add(p);
        return missing;
    }

    /** Writes the configuration, starts both daemons and waits (at most a minute) until the node is idle. */
    static LocalSlurm start(File dir) throws Exception {
        LocalSlurm s = new LocalSlurm(dir);
        try {
            s.startDaemons();
            return s;
        } catch (Throwable t) {
            s.close();
            throw t;
        }
    }

    private void startDaemons() throws Exception {
        for (String sub : new String[] {"state", "spool"}) Files.createDirectories(new File(dir, sub).toPath());
        String user = System.getProperty("user.name");
        String d = dir.getPath();
        String text = String.join("\n",
                "ClusterName=ijcltest",
                "SlurmctldHost=localhost",
                "SlurmctldPort=" + freePort(),
                "SlurmdPort=" + freePort(),
                "SlurmUser=" + user,
                "SlurmdUser=" + user,
                "AuthType=auth/none",
                "CredType=cred/none",
                "StateSaveLocation=" + d + "/state",
                "SlurmdSpoolDir=" + d + "/spool",
                "SlurmctldPidFile=" + d + "/slurmctld.pid",
                "SlurmdPidFile=" + d + "/slurmd.pid",
                "SlurmctldLogFile=" + d + "/slurmctld.log",
                "SlurmdLogFile=" + d + "/slurmd.log",
                "MailProg=/bin/true",
                "PlugStackConfig=" + d + "/plugstack.conf", // empty: not the system's /etc/slurm/plugstack.conf
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "JobAcctGatherType=jobacct_gather/none",
                "AccountingStorageType=accounting_storage/none",
                "SchedulerType=sched/builtin",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_CPU",
                "MpiDefault=none",
                "ReturnToService=2",
                "NodeName=" + NODE + " NodeAddr=127.0.0.1 NodeHostname=localhost CPUs="
                        + Runtime.getRuntime().availableProcessors() + " State=UNKNOWN",
                "PartitionName=test Nodes=" + NODE + " Default=YES MaxTime=INFINITE State=UP", "");
        Files.write(conf.toPath(), text.getBytes(StandardCharsets.UTF_8));
        Files.write(new File(dir, "plugstack.conf").toPath(), new byte[0]);
        daemons.add(daemon("slurmctld", "slurmctld", "-D", "-f", conf.getPath()));
        daemons.add(daemon("slurmd", "slurmd", "-D", "-f", conf.getPath(), "-N", NODE));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        String state = "";
        while (System.nanoTime() < deadline) {
            for (Process p : daemons)
                if (!p.isAlive()) throw new AssertionError("a SLURM daemon exited (status " + p.exitValue() + ")\n" + logs());
            state = run("sinfo", "-h", "-n", NODE, "-o", "%T").trim();
            if (state.equals("idle")) return;
            TimeUnit.MILLISECONDS.sleep(200); // polling interval, bounded by the deadline
        }
        throw new AssertionError("the local SLURM node is not idle after a minute (sinfo: '" + state + "')\n" + logs());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Process daemon(String name, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(dir, name + ".out")).directory(dir);
        pb.environment().putAll(env());
        return pb.start();
    }

    /** The environment of SLURM commands for this cluster. */
    Map<String, String> env() {
        return Collections.singletonMap("SLURM_CONF", conf.getPath());
    }

    /** Runs a SLURM command (a minute at most); its standard output and error. */
    String run(String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env());
        Process p = pb.start();
        p.getOutputStream().close();
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                byte[] buffer = new byte[8192];
                for (int n; (n = p.getInputStream().read(buffer)) >= 0; ) synchronized (b) { b.write(buffer, 0, n); }
            } catch (IOException e) {
                // ended
            }
        });
        reader.start();
        if (!p.waitFor(1, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(Arrays.toString(command) + " did not end within a minute\n" + logs());
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        synchronized (b) {
            return new String(b.toByteArray(), StandardCharsets.UTF_8);
        }
    }

    /** Whether any of the jobs is still in the queue (pending, running, completing). */
    boolean queued(String... jobs) throws Exception {
        // a job that left the queue long ago is an "Invalid job id" (an error of squeue): not queued
        // any other error (slurmctld busy: "Socket timed out") tells nothing: taken as still queued
        String out = run("squeue", "-h", "-o", "%i %T", "-j", String.join(",", jobs));
        for (String line : out.split("\n")) {
            if (line.matches("\\d+\\S* \\S+")) return true; // "12 RUNNING", "12_[0-2] PENDING", "12_1 COMPLETING"
            if (line.contains("error") && !line.contains("Invalid job id")) return true;
        }
        return false;
    }

    /** Waits until the jobs have left the queue (polling squeue); false if the time ran out first. */
    boolean awaitDone(long timeout, TimeUnit unit, String... jobs) throws Exception {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (System.nanoTime() < deadline) {
            for (Process p : daemons)
                if (!p.isAlive()) throw new AssertionError("a SLURM daemon exited (status " + p.exitValue() + ")\n" + logs());
            if (!queued(jobs)) return true;
            TimeUnit.MILLISECONDS.sleep(250); // polling interval, bounded by the deadline
        }
        return false;
    }

    /** The daemons' logs, for failure messages. */
    String logs() {
        StringBuilder b = new StringBuilder();
        for (String name : new String[] {"slurmctld.out", "slurmctld.log", "slurmd.out", "slurmd.log"}) {
            File f = new File(dir, name);
            if (!f.isFile()) continue;
            try {
                List<String> lines = Files.readAllLines(f.toPath(), StandardCharsets.UTF_8);
                b.append("--- ").append(f).append(" (last 40 lines)\n");
                for (String l : lines.subList(Math.max(0, lines.size() - 40), lines.size())) b.append(l).append('\n');
            } catch (IOException e) {
                b.append("--- ").append(f).append(": ").append(e).append('\n');
            }
        }
        return b.toString();
    }

    /** Cancels the jobs left in the queue (waiting up to 30 s for them to go), then stops both daemons. */
    @Override
    public void close() throws Exception {
        try {
            if (!daemons.isEmpty() && daemons.get(0).isAlive()) {
                run("scancel", "--user=" + System.getProperty("user.name"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline && !run("squeue", "-h", "-o", "%i").trim().isEmpty())
                    TimeUnit.MILLISECONDS.sleep(250); // polling interval, bounded by the deadline
            }
        } finally {
            for (int i = daemons.size() - 1; i >= 0; i--) {
                Process p = daemons.get(i);
                p.destroy(); // SIGTERM: both daemons shut down cleanly on it
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(30, TimeUnit.SECONDS);
                }
            }
            daemons.clear();
        }
    }

    static Map<String, String> merged(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new HashMap<>(a);
        m.putAll(b);
        return m;
    }
}
