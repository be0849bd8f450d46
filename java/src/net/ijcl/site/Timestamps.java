package net.ijcl.site;

import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.util.Date;

/**
 * Updater timestamps: the local date and time as the number yyyyMMddHHmmss (the updater builds
 * them with {@code Calendar.getInstance()}, i.e. in the JVM's time zone), e.g. 20250101120000.
 */
public final class Timestamps {
    private static final String FORMAT = "yyyyMMddHHmmss";

    private Timestamps() {}

    public static long now() {
        return of(System.currentTimeMillis());
    }

    /** The timestamp of a moment (milliseconds since 1970). */
    public static long of(long millis) {
        return Long.parseLong(new SimpleDateFormat(FORMAT).format(new Date(millis)));
    }

    /** The moment of a timestamp; IllegalArgumentException if it is not a valid date and time. */
    public static long toMillis(long timestamp) {
        String text = Long.toString(timestamp);
        SimpleDateFormat f = new SimpleDateFormat(FORMAT);
        f.setLenient(false);
        try {
            if (text.length() != FORMAT.length()) throw new ParseException(text, 0);
            return f.parse(text).getTime();
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a yyyyMMddHHmmss timestamp: " + timestamp);
        }
    }

    /** The timestamp {@code seconds} later. */
    public static long plusSeconds(long timestamp, int seconds) {
        return of(toMillis(timestamp) + 1000L * seconds);
    }
}
