package net.ijcl;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes an output file so that it is never seen half-written: the content goes to a temporary
 * file in the same folder, which is flushed to disk and then renamed over the target with
 * {@code Files.move(..., ATOMIC_MOVE)} (rename(2): readers see the previous complete file or the
 * new complete file). A failed or stopped write deletes its temporary; the {@link Stop} shutdown
 * hook deletes temporaries still open when the JVM exits. Only a SIGKILL (or a power loss) can
 * leave one, and its name cannot pass for a result: {@code .NAME.ijcl-part-NONCE.EXT}, hidden (a
 * leading dot; {@code ./ijcl batch} skips such files as inputs), marked, and keeping the extension
 * because writers choose the format by it (ImageJ's ResultsTable: comma-separated for .csv).
 */
public final class AtomicOutput {
    /** Marks temporaries: {@code .NAME.ijcl-part-NONCE.EXT}. */
    public static final String MARKER = ".ijcl-part-";

    private AtomicOutput() {}

    /** Writes the content to the given (temporary) file; false: it could not (nothing is renamed). */
    public interface Writer {
        boolean write(File temporary) throws IOException;
    }

    /** The temporary file for a target: same folder, {@code .NAME.ijcl-part-NONCE.EXT}. */
    public static File temporaryFor(File target) {
        File absolute = target.getAbsoluteFile();
        String name = absolute.getName();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name, ext = dot > 0 ? name.substring(dot) : "";
        String nonce = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        return new File(absolute.getParentFile(), "." + base + MARKER + nonce + ext);
    }

    /** Whether a file name is one of these temporaries. */
    public static boolean isTemporary(String fileName) {
        return fileName.startsWith(".") && fileName.contains(MARKER);
    }

    /**
     * Writes {@code target} through a temporary: returns false (target untouched) when the writer
     * returns false; IOException when the temporary cannot be written, synced or renamed.
     */
    public static boolean write(File target, Writer writer) throws IOException {
        File temporary = temporaryFor(target);
        Stop.addTemporary(temporary);
        boolean renamed = false;
        try {
            if (!writer.write(temporary)) return false;
            if (!temporary.isFile()) throw new IOException("the writer did not create " + temporary);
            try (FileChannel channel = FileChannel.open(temporary.toPath(), StandardOpenOption.WRITE)) {
                channel.force(true); // the content is on disk before the name points at it
            }
            Files.move(temporary.toPath(), target.getAbsoluteFile().toPath(), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            renamed = true;
            return true;
        } finally {
            if (!renamed) Files.deleteIfExists(temporary.toPath());
            Stop.removeTemporary(temporary);
        }
    }

    /** {@link #write} of bytes. */
    public static void write(File target, byte[] bytes) throws IOException {
        write(target, temporary -> {
            Files.write(temporary.toPath(), bytes);
            return true;
        });
    }
}
