package net.ijcl.gpumode;

/**
 * The binary exponent range of a float image, to decide whether double-precision sums of its
 * pixels are exact in any order (then a GPU sum equals ImageJ's sequential one bit for bit).
 * Every float is m * 2^(e-23) with an integer |m| < 2^24; a sum of n of them is an integer
 * multiple of 2^(eMin-23) below n * 2^(eMax+1), exact in a double's 53-bit significand when
 * (eMax - eMin) + 24 + ceil(log2 n) <= 53.
 */
final class FloatRange {
    final boolean nonFinite;
    /** Both +0 and -0 occur: Java's comparisons keep whichever of the two they meet first. */
    final boolean mixedZeros;
    final int minExponent, maxExponent; // of the non-zero values; min > max when all are zero

    private FloatRange(boolean nonFinite, boolean mixedZeros, int minExponent, int maxExponent) {
        this.nonFinite = nonFinite;
        this.mixedZeros = mixedZeros;
        this.minExponent = minExponent;
        this.maxExponent = maxExponent;
    }

    static FloatRange of(float[] pixels) {
        int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
        boolean nonFinite = false, zero = false, negativeZero = false;
        for (float v : pixels) {
            int bits = Float.floatToRawIntBits(v);
            int e = (bits >>> 23) & 0xff;
            if (e == 0xff) { nonFinite = true; break; }
            if ((bits & 0x7fffffff) == 0) {
                if (bits == 0) zero = true;
                else negativeZero = true;
                continue;
            }
            if (e == 0) e = 1; // subnormal: exponent of the smallest normal, same 2^-149 grid
            if (e < lo) lo = e;
            if (e > hi) hi = e;
        }
        return new FloatRange(nonFinite, zero && negativeZero, lo, hi);
    }

    /** True when any sum of up to {@code terms} of the pixels is exact in double. */
    boolean exactDoubleSums(long terms) {
        if (nonFinite) return false;
        if (minExponent > maxExponent) return true;
        int bitsForCount = 64 - Long.numberOfLeadingZeros(Math.max(1, terms - 1));
        return (maxExponent - minExponent) + 24 + bitsForCount <= 53;
    }
}
