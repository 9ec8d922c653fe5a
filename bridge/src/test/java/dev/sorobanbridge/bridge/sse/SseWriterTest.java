package dev.sorobanbridge.bridge.sse;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How frames leave: whole, in writes of at most {@link SseWriter#WRITE_SIZE} bytes, a lone array as it is. */
class SseWriterTest {
    private final RecordingStream out = new RecordingStream();
    private final SseWriter writer = new SseWriter(out);

    @Test
    void framesLeaveWholeInWritesOfBoundedSize() throws IOException {
        List<byte[]> frames = new ArrayList<>();
        for (int n = 0; n < 200; n++) frames.add(SseWriter.messageFrame("id-" + n, "{\"n\":" + n + ",\"pad\":\"" + "x".repeat(200) + "\"}"));
        for (byte[] frame : frames) writer.message(frame);
        writer.flush();

        assertTrue(out.writes.size() > 1, "a 200-event page takes several writes");
        for (byte[] write : out.writes) {
            assertTrue(write.length <= SseWriter.WRITE_SIZE, "write of " + write.length + " bytes");
            assertTrue(new String(write, StandardCharsets.UTF_8).endsWith("\n\n"), "no frame split between writes");
        }
        assertEquals(text(frames), text(out.writes), "every frame, in order");
    }

    @Test
    void aLoneArrayIsWrittenAsItIsEvenWhenLargerThanAWrite() throws IOException {
        byte[] large = SseWriter.messageFrame("id-1", "\"" + "x".repeat(SseWriter.WRITE_SIZE) + "\"");
        byte[] small = SseWriter.messageFrame("id-2", "{}");
        writer.message(large);
        writer.message(small);
        writer.flush();
        assertEquals(2, out.writes.size());
        assertSame(large, out.writes.get(0), "not copied");
        assertSame(small, out.writes.get(1));
    }

    @Test
    void packedFramesAreWhatTheWriterWouldWrite() throws IOException {
        List<byte[]> frames = new ArrayList<>();
        for (int n = 0; n < 200; n++) frames.add(SseWriter.messageFrame("id-" + (1000 + n), "{\"pad\":\"" + "x".repeat(200) + "\"}"));
        int perWrite = SseWriter.WRITE_SIZE / frames.getFirst().length;
        List<byte[]> packed = SseWriter.packed(frames);

        for (int i = 0; i < packed.size() - 1; i++) {
            assertEquals(perWrite * frames.getFirst().length, packed.get(i).length, "as many whole frames as fit in write " + i);
        }
        assertEquals(text(frames), text(packed), "every frame, in order");
        for (byte[] frame : frames) writer.message(frame);
        writer.flush();
        assertEquals(packed.stream().map(String::new).toList(), out.writes.stream().map(String::new).toList(),
                "the same writes as the writer makes of the frames one by one");
    }

    @Test
    void aFrameLargerThanAWriteIsPackedAloneAsItIs() {
        byte[] large = SseWriter.messageFrame("id-1", "\"" + "x".repeat(SseWriter.WRITE_SIZE) + "\"");
        byte[] small = SseWriter.messageFrame("id-2", "{}");
        List<byte[]> packed = SseWriter.packed(List.of(small, large, small));
        assertEquals(3, packed.size());
        assertSame(large, packed.get(1), "not copied");
    }

    private static String text(List<byte[]> arrays) {
        StringBuilder text = new StringBuilder();
        for (byte[] array : arrays) text.append(new String(array, StandardCharsets.UTF_8));
        return text.toString();
    }

    /** Keeps each array handed to it, as the web server's response stream receives them. */
    private static final class RecordingStream extends OutputStream {
        final List<byte[]> writes = new ArrayList<>();

        @Override
        public void write(byte[] b) {
            writes.add(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            byte[] copy = new byte[len];
            System.arraycopy(b, off, copy, 0, len);
            writes.add(copy);
        }

        @Override
        public void write(int b) {
            writes.add(new byte[] {(byte) b});
        }
    }
}
