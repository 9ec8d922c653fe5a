package dev.sorobanbridge.abi;

/**
 * Bounded reads over XDR bytes from the network, for structural passes that run before stellar-sdk
 * 0.44's generated decoders: those allocate whatever length an array or opaque declares (and recurse
 * without limit), so 20 bytes declaring 2^31 elements exhaust the heap. Every read here checks the
 * declared size against the bytes that remain and returns the offset just after what it read;
 * nothing is allocated. Used for event ScVals ({@link ScValXdr}) and by the bridge for the SEP-10
 * transactions clients send.
 */
public final class XdrBytes {
    private final byte[] bytes;

    public XdrBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    public int length() {
        return bytes.length;
    }

    /** A 4-byte big-endian int (XDR int, unsigned int, enum and union discriminant). */
    public int readInt(int at) throws MalformedXdrException {
        skip(at, 4);
        return ((bytes[at] & 0xFF) << 24) | ((bytes[at + 1] & 0xFF) << 16) | ((bytes[at + 2] & 0xFF) << 8)
                | (bytes[at + 3] & 0xFF);
    }

    /** Fixed-size data (hyper, a hash, a key): the offset after {@code length} bytes, if they are there. */
    public int skip(int at, int length) throws MalformedXdrException {
        if (at < 0 || (long) at + length > bytes.length) {
            throw new MalformedXdrException("ends early: " + bytes.length + " bytes, needs " + ((long) at + length));
        }
        return at + length;
    }

    /** An optional's flag ({@code T*}): only 0 and 1 are XDR. */
    public boolean optional(int at) throws MalformedXdrException {
        int flag = readInt(at);
        if (flag != 0 && flag != 1) {
            throw new MalformedXdrException("has an optional flag " + flag + " at byte " + at);
        }
        return flag == 1;
    }

    /**
     * A variable array's declared element count, refused when the remaining bytes cannot hold that many
     * elements of at least {@code minElementSize} bytes each.
     */
    public int count(int at, int minElementSize) throws MalformedXdrException {
        return count(at, minElementSize, Integer.MAX_VALUE);
    }

    /** As {@link #count(int, int)}, also refused above the array's XDR maximum {@code <max>}. */
    public int count(int at, int minElementSize, int max) throws MalformedXdrException {
        long count = Integer.toUnsignedLong(readInt(at));
        if (count > max) {
            throw new MalformedXdrException("declares " + count + " elements at byte " + at + " where at most " + max
                    + " are allowed");
        }
        if (count * minElementSize > bytes.length - at - 4L) {
            throw new MalformedXdrException("declares " + count + " elements at byte " + at + " but only "
                    + (bytes.length - at - 4L) + " bytes follow");
        }
        return (int) count;
    }

    /** Length-prefixed bytes ({@code opaque<>}, {@code string<>}), padded to a multiple of 4: the offset after them. */
    public int opaque(int at) throws MalformedXdrException {
        return opaque(at, Integer.MAX_VALUE);
    }

    /** As {@link #opaque(int)}, also refused above the type's XDR maximum {@code <max>}. */
    public int opaque(int at, int max) throws MalformedXdrException {
        long length = Integer.toUnsignedLong(readInt(at));
        if (length > max) {
            throw new MalformedXdrException("declares " + length + " bytes at byte " + at + " where at most " + max
                    + " are allowed");
        }
        long padded = (length + 3) & ~3L;
        if (padded > bytes.length - at - 4L) {
            throw new MalformedXdrException("declares " + length + " bytes (" + padded + " with padding) at byte "
                    + at + " but only " + (bytes.length - at - 4L) + " follow");
        }
        return at + 4 + (int) padded;
    }
}
