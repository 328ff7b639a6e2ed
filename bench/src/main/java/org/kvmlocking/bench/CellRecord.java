package org.kvmlocking.bench;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What one JMH fork of {@link UpdateLatencyBench} measured for one cell (design, rate, window):
 * the latency histogram (HdrHistogram's compressed encoding, base64) and the stream's counters,
 * as one tab-separated line in a file of its own.
 */
record CellRecord(String design, String rate, int windowUs, long updates, long invalidations, long windowNanosSum,
        long streamNanos, String histogram) {
    /** System property: directory for the fork's records. */
    static final String OUT_PROPERTY = "bench.out";

    String key() {
        return design + "_" + rate + "_" + windowUs;
    }

    String toLine() {
        return String.join("\t", design, rate, Integer.toString(windowUs), Long.toString(updates),
                Long.toString(invalidations), Long.toString(windowNanosSum), Long.toString(streamNanos), histogram);
    }

    static CellRecord parse(String line) {
        String[] f = line.trim().split("\t");
        if (f.length != 8) {
            throw new IllegalArgumentException("cell record: expected 8 tab-separated fields, got " + f.length);
        }
        return new CellRecord(f[0], f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                Long.parseLong(f[5]), Long.parseLong(f[6]), f[7]);
    }

    Histogram decode() {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(histogram)), 0);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("cell record " + key() + ": bad histogram: " + e.getMessage());
        }
    }
}
