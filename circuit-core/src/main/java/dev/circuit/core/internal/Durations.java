package dev.circuit.core.internal;

import java.time.Duration;

/** Durations as people write them in configuration: {@code 10s}, {@code 1m30s}, {@code 250ms}, {@code 9.871s}. */
final class Durations {

    private Durations() {
    }

    /**
     * @param duration a duration, at least 0
     * @return it in hours, minutes, seconds and milliseconds, largest first, zero parts left out
     */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        StringBuilder out = new StringBuilder();
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        long seconds = millis / 1000 % 60;
        long rest = millis % 1000;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds > 0 || rest > 0) {
            out.append(seconds);
            if (rest > 0) {
                out.append('.').append(String.format("%03d", rest).replaceAll("0+$", ""));
            }
            out.append('s');
        }
        return out.toString();
    }
}
