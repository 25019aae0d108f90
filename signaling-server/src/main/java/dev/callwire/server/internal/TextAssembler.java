package dev.callwire.server.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Joins the fragments of one WebSocket text message and decodes its UTF-8, with a size limit and a deadline. A
 * client could otherwise start a message (FIN=0) and leave the server holding it forever; with permessage-deflate
 * that costs the client almost nothing. Here a message that grows past {@code maxBytes} is refused with 1009, one
 * not finished within {@code deadline} with 1008 and one that is not UTF-8 with 1007; either way the partial
 * message is dropped at once. The UTF-8 of a fragmented message is checked fragment by fragment (with
 * {@link Utf8Prefix}), so bytes that cannot be UTF-8 are refused when they arrive, not when the message ends; a
 * character split between fragments is fine. That needs no field: between fragments, the only state is the
 * incomplete character at the end of the bytes held.
 *
 * <p>Fragments arrive serially on Jetty's thread; the deadline fires on {@code timer}; both lock this.
 */
final class TextAssembler {

    /** What to do with the connection when a message is refused. */
    interface Refusal {
        void refuse(int statusCode, String reason);
    }

    private final int maxBytes;
    private final Duration deadline;
    private final ScheduledExecutorService timer;
    private final Consumer<String> onMessage;
    private final Refusal onRefused;

    // Guarded by this. Only a fragmented message is held; a whole one is decoded straight from Jetty's buffer.
    private byte[] partial;
    private int held;
    private ScheduledFuture<?> expiry;
    private boolean refused;

    TextAssembler(int maxBytes, Duration deadline, ScheduledExecutorService timer, Consumer<String> onMessage,
            Refusal onRefused) {
        this.maxBytes = maxBytes;
        this.deadline = deadline;
        this.timer = timer;
        this.onMessage = onMessage;
        this.onRefused = onRefused;
    }

    /**
     * One text or continuation frame's payload (read here, not kept: Jetty reuses the buffer once the frame's
     * callback completes).
     */
    void onFragment(ByteBuffer payload, boolean last) {
        String complete = null;
        int refusal = 0;
        synchronized (this) {
            if (refused) {
                return;
            }
            int size = payload == null ? 0 : payload.remaining();
            if ((long) held + size > maxBytes) {
                refusal = FrameParser.MESSAGE_TOO_LARGE;
                refuseLocked();
            } else if (partial == null && last) {
                complete = decode(payload); // the usual case: one frame, nothing held, no timer
                refusal = complete == null ? FrameParser.BAD_PAYLOAD : 0;
            } else {
                if (partial == null) {
                    partial = new byte[Math.max(size * 2, 256)];
                    expiry = schedule();
                }
                // Only the new bytes are checked, with the character the held ones may end inside.
                int unchecked = Utf8Prefix.incompleteTail(partial, held);
                append(payload, size);
                int checked = Utf8Prefix.check(partial, unchecked, held);
                if (checked == Utf8Prefix.INVALID || (last && checked != held)) {
                    refusal = FrameParser.BAD_PAYLOAD;
                } else if (last) {
                    complete = new String(partial, 0, held, StandardCharsets.UTF_8); // checked: decoded exactly
                    reset();
                }
            }
            if (refusal == FrameParser.BAD_PAYLOAD) {
                refuseLocked();
            }
        }
        if (refusal == FrameParser.MESSAGE_TOO_LARGE) {
            onRefused.refuse(refusal, "message over " + maxBytes + " bytes");
        } else if (refusal == FrameParser.BAD_PAYLOAD) {
            onRefused.refuse(refusal, "text message is not UTF-8");
        } else if (complete != null) {
            onMessage.accept(complete);
        }
    }

    private void append(ByteBuffer payload, int size) {
        if (held + size > partial.length) {
            partial = Arrays.copyOf(partial, Math.min(maxBytes, Math.max(partial.length * 2, held + size)));
        }
        if (size > 0) {
            payload.duplicate().get(partial, held, size);
            held += size;
        }
    }

    private static String decode(ByteBuffer payload) {
        if (payload == null || !payload.hasRemaining()) {
            return "";
        }
        if (payload.hasArray()) {
            return decode(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining());
        }
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return decode(bytes, 0, bytes.length);
    }

    /** The text, or {@code null} if the bytes are not UTF-8 (RFC 6455 requires closing with 1007). */
    static String decode(byte[] bytes, int offset, int length) {
        // The lenient decoder is the JDK's fast path; it marks every malformed sequence with U+FFFD, so only a
        // message containing that character (rare, and legal when encoded) needs the strict second look.
        String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private ScheduledFuture<?> schedule() {
        try {
            return timer.schedule(this::expire, deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null; // stopping: the connection is about to close anyway
        }
    }

    private void expire() {
        synchronized (this) {
            if (partial == null || refused) {
                return;
            }
            refuseLocked();
        }
        onRefused.refuse(FrameParser.POLICY_VIOLATION, "message not completed within " + deadline.toSeconds() + " s");
    }

    /** Drops held text for good: after a refusal the connection is closing and later fragments are ignored. */
    synchronized void discard() {
        refuseLocked();
    }

    private void refuseLocked() {
        refused = true;
        reset();
    }

    private void reset() {
        partial = null;
        held = 0;
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }
}
