package dev.callwire.webrtc.internal.data;

import java.util.Objects;

/**
 * The control messages of the file channel (text messages; file content travels as binary messages between a
 * {@link Accept} and the {@link End}). Records check their own fields, so a value that exists is a valid message;
 * {@link FileControlCodec} turns them into JSON and back. See {@code docs/protocol.md}, "File transfer".
 */
sealed interface FileControl {

    /** Longest transfer id: ids are UUIDs, the bound leaves room for other clients' schemes. */
    int MAX_ID_LENGTH = 64;
    /** Longest file name accepted, in characters. */
    int MAX_NAME_LENGTH = 255;
    /** Longest reason carried; longer ones are cut. */
    int MAX_REASON_LENGTH = 200;

    /** @return the transfer this message belongs to */
    String id();

    /** Sender to receiver: a file is offered; nothing follows until the receiver accepts. */
    record Start(String id, String name, long size, String sha256) implements FileControl {
        public Start {
            checkId(id);
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.contains("/") || name.contains("\\")
                    || name.equals(".") || name.equals("..") || name.chars().anyMatch(c -> c < 0x20)) {
                throw new IllegalArgumentException("name must be 1 to " + MAX_NAME_LENGTH
                        + " characters without directories or control characters");
            }
            if (size < 0) {
                throw new IllegalArgumentException("size must not be negative, got " + size);
            }
            Objects.requireNonNull(sha256, "sha256");
            if (!sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
            }
        }
    }

    /** Receiver to sender: send the content now. */
    record Accept(String id) implements FileControl {
        public Accept {
            checkId(id);
        }
    }

    /** Receiver to sender: the file is not wanted; nothing is sent. */
    record Refuse(String id, String reason) implements FileControl {
        public Refuse {
            checkId(id);
            reason = cut(reason);
        }
    }

    /** Sender to receiver: every byte of the file has been sent. */
    record End(String id) implements FileControl {
        public End {
            checkId(id);
        }
    }

    /** Receiver to sender: the file arrived matching ({@code ok}) or not, with the reason then. */
    record Ack(String id, boolean ok, String reason) implements FileControl {
        public Ack {
            checkId(id);
            reason = cut(reason);
        }
    }

    /** Either side: the transfer is given up; the receiver deletes what it has, the sender stops. */
    record Abort(String id, String reason) implements FileControl {
        public Abort {
            checkId(id);
            reason = cut(reason);
        }
    }

    private static void checkId(String id) {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH || !id.chars().allMatch(FileControl::idChar)) {
            throw new IllegalArgumentException("id must be 1 to " + MAX_ID_LENGTH + " of [A-Za-z0-9._-]");
        }
    }

    private static boolean idChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                || c == '-';
    }

    private static String cut(String reason) {
        if (reason == null || reason.isBlank()) {
            return "";
        }
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH);
    }
}
