package net.ijcl.tools;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import net.ijcl.AtomicOutput;

/**
 * {@code ./ijcl batch --slurm}: the headless batch ({@link BatchMacro}) as a SLURM job array.
 *
 * <pre>
 * SlurmBatch submit [--gpu] [--per-job N] [--gpus-per-job K] [--dry-run] MACRO.ijm INPUT_DIR OUTPUT_DIR
 * SlurmBatch resubmit OUTPUT_DIR TASK...
 * SlurmBatch report OUTPUT_DIR
 * </pre>
 *
 * <p><b>Shares.</b> The image files of INPUT_DIR (as {@link BatchMacro} takes them: by name,
 * sorted) are cut into tasks of N files: task i (SLURM_ARRAY_TASK_ID, from 0) gets files
 * [i*N, (i+1)*N). Its list is written to {@code OUTPUT_DIR/slurm/task-<i>.files}, so a task
 * resubmitted later runs the same files even if the folder changed.
 *
 * <p><b>Submit</b> writes into {@code OUTPUT_DIR/slurm/}: a copy of the macro ({@code macro.ijm}),
 * the lists, the array script {@code batch.sbatch} (each task runs BatchMacro on its list, with
 * this JVM's java, JVM options and class path, {@code --gpu} passed through, {@code --gres=gpu:K}
 * when K &gt; 0), and {@code report.sbatch}; then submits the array ({@code sbatch --parsable}) and
 * the report job, which waits for every task ({@code --dependency=afterany}). Task i writes its
 * log {@code task-<i>.log}, a line per file {@code task-<i>.report} and its exit status
 * {@code task-<i>.status}; the results land in OUTPUT_DIR as with {@code ./ijcl batch}.
 * {@code --dry-run} prints both scripts and the shares and writes and submits nothing.
 * Partition, account, time limit and such come from sbatch's own environment variables
 * ({@code SBATCH_PARTITION}, {@code SBATCH_ACCOUNT}, {@code SBATCH_TIMELIMIT}, ...).
 *
 * <p><b>Report</b> (the report job; or by hand at any time) merges the tasks' lines into
 * {@code OUTPUT_DIR/batch-report.tsv} (one line per input file: file, task, ok / FAILED / stopped /
 * not done, seconds, outputs or reason) and {@code OUTPUT_DIR/batch-report.txt} (each task with its
 * status and files, the failed files' reasons, the command resubmitting the failed tasks), printed
 * on standard output too. A task failed when its exit status is not 0 or it has none (killed,
 * cancelled, time limit, node failure). Exit status 0 when every task succeeded, else 1.
 *
 * <p><b>Resubmit</b> submits the listed tasks of an earlier submission alone
 * ({@code sbatch --array=LIST batch.sbatch}) and a new report job after them.
 */
public final class SlurmBatch {
    static final String FOLDER = "slurm";
    static final int DEFAULT_PER_JOB = 10;
    static final int DEFAULT_GPUS_PER_JOB = 1;

    private SlurmBatch() {}

    public static void main(String[] args) {
        ToolMain.main("SlurmBatch", args, false, SlurmBatch::run);
    }

    static int run(String[] args) throws Exception {
        String command = args.length > 0 ? args[0] : "";
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (command) {
            case "submit": return submit(rest);
            case "resubmit": return resubmit(rest);
            case "report": return report(rest);
            default:
                System.err.println("usage: SlurmBatch submit|resubmit|report ...");
                return 2;
        }
    }

    /** What one submission runs. */
    static final class Plan {
        final File macro, in, out;
        final List<List<String>> shares;
        final boolean gpu;
        final int gpusPerJob;
        final List<String> java;

        Plan(File macro, File in, File out, List<List<String>> shares, boolean gpu, int gpusPerJob, List<String> java) {
            this.macro = macro;
            this.in = in;
            this.out = out;
            this.shares = shares;
            this.gpu = gpu;
            this.gpusPerJob = gpusPerJob;
            this.java = java;
        }

        File dir() {
            return new File(out, FOLDER);
        }
    }

    /** The names cut into tasks of {@code perJob}: task i gets names [i*perJob, (i+1)*perJob). */
    static List<List<String>> shares(List<String> sortedNames, int perJob) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < sortedNames.size(); i += perJob)
            out.add(new ArrayList<>(sortedNames.subList(i, Math.min(sortedNames.size(), i + perJob))));
        return out;
    }

    /** The command that starts a JVM like this one: its java, JVM options and class path. */
    static List<String> thisJava() {
        List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("java.home"), "bin/java").getPath());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (!option.startsWith("-agentlib:jdwp") && !option.startsWith("-Xrunjdwp")) command.add(option);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        return command;
    }

    /** A word quoted for bash. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String quoteAll(List<String> words) {
        StringBuilder b = new StringBuilder();
        for (String w : words) b.append(b.length() == 0 ? "" : " ").append(quote(w));
        return b.toString();
    }

    /** The job array script: task i runs BatchMacro on the files of slurm/task-i.files. */
    static String arrayScript(Plan plan) {
        String dir = plan.dir().getPath();
        List<String> batch = new ArrayList<>(plan.java);
        batch.add(BatchMacro.class.getName());
        if (plan.gpu) batch.add("--gpu");
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/bash\n");
        s.append("# ijcl batch on SLURM (./ijcl batch --slurm): task I runs the macro on the files listed in\n");
        s.append("# task-I.files (").append(plan.shares.size()).append(" tasks, ")
                .append(plan.shares.stream().mapToInt(List::size).sum()).append(" files).\n");
        s.append("# Resubmit tasks alone: sbatch --array=I[,J...] ").append(new File(dir, "batch.sbatch").getPath()).append("\n");
        s.append("#SBATCH --job-name=ijcl-batch\n");
        s.append("#SBATCH --array=0-").append(plan.shares.size() - 1).append("\n");
        s.append("#SBATCH --output=").append(dir).append("/task-%a.log\n");
        s.append("#SBATCH --chdir=").append(dir).append("\n");
        s.append("#SBATCH --ntasks=1\n");
        if (plan.gpusPerJob > 0) s.append("#SBATCH --gres=gpu:").append(plan.gpusPerJob).append("\n");
        s.append("task=\"${SLURM_ARRAY_TASK_ID:?run this script with sbatch}\"\n");
        s.append("dir=").append(quote(dir)).append("\n");
        s.append("rm -f \"$dir/task-$task.status\"\n");
        s.append(quoteAll(batch)).append(" \\\n");
        s.append("    --files-from \"$dir/task-$task.files\" --report \"$dir/task-$task.report\" \\\n");
        s.append("    ").append(quote(new File(dir, "macro.ijm").getPath())).append(" ")
                .append(quote(plan.in.getPath())).append(" ").append(quote(plan.out.getPath())).append("\n");
        s.append("status=$?\n");
        s.append("echo \"$status\" > \"$dir/task-$task.status\"\n");
        s.append("exit \"$status\"\n");
        return s.toString();
    }

    /** The report job's script: merges the tasks' reports (submitted with --dependency=afterany). */
    static String reportScript(Plan plan) {
        String dir = plan.dir().getPath();
        List<String> report = new ArrayList<>(plan.java);
        report.add(SlurmBatch.class.getName());
        report.add("report");
        report.add(plan.out.getPath());
        return "#!/bin/bash\n"
                + "# ijcl batch on SLURM: the merged report, after every task of the array\n"
                + "#SBATCH --job-name=ijcl-report\n"
                + "#SBATCH --output=" + dir + "/report.log\n"
                + "#SBATCH --chdir=" + dir + "\n"
                + "#SBATCH --ntasks=1\n"
                + quoteAll(report) + "\n";
    }

    private static int submit(String[] args) throws Exception {
        boolean gpu = false, dryRun = false;
        int perJob = DEFAULT_PER_JOB, gpus = DEFAULT_GPUS_PER_JOB;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            try {
                if (a.equals("--gpu")) gpu = true;
                else if (a.equals("--dry-run")) dryRun = true;
                else if (a.equals("--per-job") && i + 1 < args.length) perJob = Integer.parseInt(args[++i]);
                else if (a.equals("--gpus-per-job") && i + 1 < args.length) gpus = Integer.parseInt(args[++i]);
                else if (a.startsWith("--")) return usage("unknown option " + a);
                else positional.add(a);
            } catch (NumberFormatException e) {
                return usage(a + " needs a whole number, not '" + args[i] + "'");
            }
        }
        if (positional.size() != 3) return usage(null);
        if (perJob < 1) return usage("--per-job must be at least 1");
        if (gpus < 0) return usage("--gpus-per-job must be 0 or more");
        File macro = new File(positional.get(0)).getAbsoluteFile();
        File in = new File(positional.get(1)).getCanonicalFile(), out = new File(positional.get(2)).getCanonicalFile();
        String problem = BatchMacro.problem(macro, in, out);
        List<String> names = new ArrayList<>();
        if (problem == null) {
            for (File f : BatchMacro.images(in)) {
                names.add(f.getName());
                if (f.getName().matches("(?s).*[\\t\\r\\n].*"))
                    problem = "the file name '" + f.getName() + "' holds a tab or a line break, which the task lists and reports cannot";
            }
            if (names.isEmpty()) problem = "no image files in " + in;
        }
        if (problem == null && !dryRun && new File(out, FOLDER).exists())
            problem = new File(out, FOLDER) + " exists (an earlier submission): resubmit its tasks with "
                    + "./ijcl batch --slurm-resubmit " + out + " TASK..., or choose another output folder";
        if (problem != null) {
            System.err.println("ijcl batch --slurm: " + problem);
            return 2;
        }
        Plan plan = new Plan(macro, in, out, shares(names, perJob), gpu, gpus, thisJava());
        String array = arrayScript(plan), report = reportScript(plan);
        if (dryRun) {
            System.out.print("# ---- " + new File(plan.dir(), "batch.sbatch") + "\n" + array);
            System.out.print("# ---- " + new File(plan.dir(), "report.sbatch") + " (sbatch --dependency=afterany:ARRAY_JOB)\n" + report);
            System.out.print("# ---- the shares (" + names.size() + " files, up to " + perJob + " a task)\n");
            for (int i = 0; i < plan.shares.size(); i++)
                System.out.print("# task " + i + ": " + String.join(" ", plan.shares.get(i)) + "\n");
            return 0;
        }
        File dir = plan.dir();
        Files.createDirectories(dir.toPath());
        Files.copy(macro.toPath(), new File(dir, "macro.ijm").toPath(), StandardCopyOption.REPLACE_EXISTING);
        for (int i = 0; i < plan.shares.size(); i++)
            write(new File(dir, "task-" + i + ".files"), String.join("\n", plan.shares.get(i)) + "\n");
        write(new File(dir, "batch.sbatch"), array);
        write(new File(dir, "report.sbatch"), report);
        return submitJobs(out, null, plan.shares.size() + " tasks of up to " + perJob + " files (" + names.size() + " files)");
    }

    private static int usage(String problem) {
        if (problem != null) System.err.println("ijcl batch --slurm: " + problem);
        System.err.println("usage: ./ijcl batch --slurm [--gpu] [--per-job N] [--gpus-per-job K] [--dry-run] MACRO.ijm INPUT_DIR OUTPUT_DIR\n"
                + "       ./ijcl batch --slurm-resubmit OUTPUT_DIR TASK...\n"
                + "       ./ijcl batch --slurm-report OUTPUT_DIR");
        return 2;
    }

    private static void write(File f, String text) throws IOException {
        AtomicOutput.write(f, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Submits the array (all tasks, or {@code tasks} like "1,3") and the report job after it. */
    private static int submitJobs(File out, String tasks, String what) throws Exception {
        File dir = new File(out, FOLDER);
        List<String> array = new ArrayList<>(Arrays.asList("sbatch", "--parsable"));
        if (tasks != null) array.add("--array=" + tasks);
        array.add(new File(dir, "batch.sbatch").getPath());
        String arrayJob = sbatch(array);
        if (arrayJob == null) return 3;
        String reportJob = sbatch(Arrays.asList("sbatch", "--parsable", "--dependency=afterany:" + arrayJob,
                new File(dir, "report.sbatch").getPath()));
        if (reportJob == null) return 3;
        String line = "array job " + arrayJob + (tasks == null ? "" : " (tasks " + tasks + ")") + ", report job " + reportJob;
        Files.write(new File(dir, "jobs.txt").toPath(), (line + "\n").getBytes(StandardCharsets.UTF_8),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        System.out.println("submitted " + what + ": array job " + arrayJob + ", report job " + reportJob);
        System.out.println("results and the merged report (batch-report.txt, batch-report.tsv) land in " + out
                + " when the report job ends; task logs: " + dir + "/task-<I>.log; queue: squeue -j " + arrayJob + "," + reportJob);
        return 0;
    }

    /** Runs sbatch --parsable; returns the job id, or null after saying why on standard error. */
    private static String sbatch(List<String> command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            System.err.println("ijcl batch --slurm: cannot run sbatch (" + e.getMessage()
                    + "): run this on a SLURM login node, or use --dry-run to see the scripts");
            return null;
        }
        String output = new String(readAll(p), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            System.err.println("ijcl batch --slurm: sbatch did not answer within 2 minutes: " + String.join(" ", command));
            return null;
        }
        String[] lines = output.split("\n");
        String id = lines[lines.length - 1].split(";")[0].trim();
        if (p.exitValue() != 0 || !id.matches("\\d+")) {
            System.err.println("ijcl batch --slurm: " + String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + output);
            return null;
        }
        return id;
    }

    private static byte[] readAll(Process p) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = p.getInputStream().read(buffer)) >= 0; ) b.write(buffer, 0, n);
        return b.toByteArray();
    }

    private static int resubmit(String[] args) throws Exception {
        if (args.length < 2) return usage("--slurm-resubmit needs OUTPUT_DIR and one or more task numbers");
        File out = new File(args[0]).getCanonicalFile(), dir = new File(out, FOLDER);
        if (!new File(dir, "batch.sbatch").isFile())
            return usage("no submission in " + out + " (" + new File(dir, "batch.sbatch") + " is missing)");
        int tasks = taskCount(dir);
        List<String> list = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            for (String t : args[i].split(",")) {
                if (!t.matches("\\d+") || Integer.parseInt(t) >= tasks)
                    return usage("'" + t + "' is not a task of this submission (0 to " + (tasks - 1) + ")");
                list.add(t);
            }
        }
        return submitJobs(out, String.join(",", list), "task" + (list.size() == 1 ? " " : "s ") + String.join(", ", list));
    }

    /** The number of tasks of a submission: task-0.files, task-1.files, ... */
    static int taskCount(File dir) {
        int n = 0;
        while (new File(dir, "task-" + n + ".files").isFile()) n++;
        return n;
    }

    /** One file's line of a task report. */
    static final class FileResult {
        final String status, seconds, detail;

        FileResult(String status, String seconds, String detail) {
            this.status = status;
            this.seconds = seconds;
            this.detail = detail;
        }
    }

    private static int report(String[] args) throws Exception {
        if (args.length != 1) return usage("--slurm-report needs OUTPUT_DIR");
        File out = new File(args[0]).getCanonicalFile(), dir = new File(out, FOLDER);
        int tasks = taskCount(dir);
        if (tasks == 0) return usage("no submission in " + out + " (no " + new File(dir, "task-0.files") + ")");
        String launcher = System.getProperty("ijcl.launcher", "./ijcl");
        StringBuilder tsv = new StringBuilder("file\ttask\tstatus\tseconds\toutputs or reason\n");
        StringBuilder txt = new StringBuilder();
        List<String> failedTasks = new ArrayList<>();
        int files = 0, filesDone = 0;
        for (int t = 0; t < tasks; t++) {
            List<String> names = new ArrayList<>();
            for (String n : Files.readAllLines(new File(dir, "task-" + t + ".files").toPath(), StandardCharsets.UTF_8))
                if (!n.isEmpty()) names.add(n);
            Map<String, FileResult> results = new LinkedHashMap<>();
            File reportFile = new File(dir, "task-" + t + ".report");
            if (reportFile.isFile()) {
                for (String line : Files.readAllLines(reportFile.toPath(), StandardCharsets.UTF_8)) {
                    String[] f = line.split("\t", 4);
                    if (f.length == 4) results.put(f[0], new FileResult(f[1], f[2], f[3]));
                }
            }
            File statusFile = new File(dir, "task-" + t + ".status");
            String status = statusFile.isFile() ? new String(Files.readAllBytes(statusFile.toPath()), StandardCharsets.UTF_8).trim() : null;
            boolean ok = "0".equals(status);
            if (!ok) failedTasks.add(Integer.toString(t));
            txt.append("task ").append(t).append(": ")
                    .append(ok ? "ok" : status == null ? "FAILED (no exit status: killed, cancelled, out of time, or not run yet; see "
                            + new File(dir, "task-" + t + ".log") + ")" : "FAILED (exit " + status + ")")
                    .append(": ").append(String.join(", ", names)).append("\n");
            for (String name : names) {
                FileResult r = results.get(name);
                files++;
                if (r != null && r.status.equals("ok")) filesDone++;
                tsv.append(name).append('\t').append(t).append('\t').append(r == null ? "not done" : r.status).append('\t')
                        .append(r == null ? "" : r.seconds).append('\t').append(r == null ? "" : r.detail).append('\n');
                if (!ok && (r == null || !r.status.equals("ok")))
                    txt.append("    ").append(name).append(": ").append(r == null ? "not done" : r.status + ": " + r.detail).append("\n");
            }
            if (!ok) txt.append("    resubmit: ").append(launcher).append(" batch --slurm-resubmit ").append(out).append(' ').append(t).append("\n");
        }
        String summary = String.format(Locale.ROOT, "%d of %d files done; %d of %d tasks failed%s", filesDone, files,
                failedTasks.size(), tasks, failedTasks.isEmpty() ? "" : " (" + String.join(", ", failedTasks)
                        + "); resubmit them: " + launcher + " batch --slurm-resubmit " + out + " " + String.join(" ", failedTasks));
        String text = "ijcl batch on SLURM: " + files + " files in " + tasks + " tasks; results in " + out + "\n" + txt + summary
                + "\n(per file: " + new File(out, "batch-report.tsv") + "; task logs: " + dir + "/task-<I>.log)\n";
        write(new File(out, "batch-report.tsv"), tsv.toString());
        write(new File(out, "batch-report.txt"), text);
        System.out.print(text);
        return failedTasks.isEmpty() ? 0 : 1;
    }
}
