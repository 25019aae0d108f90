package dev.callwire.server.internal.cluster;

/**
 * What instances tell each other over Redis pub/sub, as one line of tab-separated fields. Room names and peer
 * ids cannot hold tabs (the protocol allows {@code [A-Za-z0-9._-]} only) and display names hold no control
 * characters; the field that may (a relayed envelope) comes last and is never split.
 *
 * <p>A plain line rather than JSON: these are parsed on the Redis event thread for every relayed message, and
 * the envelope inside is passed on as it is.
 */
sealed interface ClusterEvent {

    /** {@code peer} joined {@code room} on {@code instance}; {@code seq} orders joins cluster-wide. */
    record Joined(String instance, long seq, String room, String peer, String name) implements ClusterEvent {
    }

    /** {@code peer} left {@code room}, whose member it was on {@code instance}. */
    record Left(String instance, String room, String peer) implements ClusterEvent {
    }

    /** An envelope for the local peer {@code peer} of {@code room}, {@code from} already stamped. */
    record Directed(String room, String peer, String envelope) implements ClusterEvent {
    }

    static String encode(ClusterEvent event) {
        if (event instanceof Joined j) {
            return "J\t" + j.instance + "\t" + j.seq + "\t" + j.room + "\t" + j.peer + (j.name == null ? "" : "\t" + j.name);
        } else if (event instanceof Left l) {
            return "L\t" + l.instance + "\t" + l.room + "\t" + l.peer;
        }
        Directed d = (Directed) event;
        return "D\t" + d.room + "\t" + d.peer + "\t" + d.envelope;
    }

    /**
     * Parses one line.
     *
     * @throws IllegalArgumentException if it is not an event (another program publishing on the channel)
     */
    static ClusterEvent decode(String line) {
        if (line.length() < 2 || line.charAt(1) != '\t') {
            throw new IllegalArgumentException("not a cluster event");
        }
        switch (line.charAt(0)) {
            case 'J': {
                String[] f = line.split("\t", 6);
                if (f.length < 5) {
                    throw new IllegalArgumentException("join event with " + f.length + " fields");
                }
                long seq;
                try {
                    seq = Long.parseLong(f[2]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("join event with a bad sequence number");
                }
                return new Joined(f[1], seq, f[3], f[4], f.length == 6 ? f[5] : null);
            }
            case 'L': {
                String[] f = line.split("\t", 4);
                if (f.length < 4) {
                    throw new IllegalArgumentException("leave event with " + f.length + " fields");
                }
                return new Left(f[1], f[2], f[3]);
            }
            case 'D': {
                String[] f = line.split("\t", 4);
                if (f.length < 4) {
                    throw new IllegalArgumentException("directed event with " + f.length + " fields");
                }
                return new Directed(f[1], f[2], f[3]);
            }
            default:
                throw new IllegalArgumentException("unknown cluster event type '" + line.charAt(0) + "'");
        }
    }
}
