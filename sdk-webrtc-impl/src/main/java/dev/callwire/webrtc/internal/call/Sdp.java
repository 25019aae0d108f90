package dev.callwire.webrtc.internal.call;

import java.util.HashSet;
import java.util.Set;

/** What the engine reads out of session descriptions itself. Pure text processing. */
final class Sdp {

    /** The stream id that marks a screen share for the receiving side (ours and any PROTOCOL.md peer). */
    static final String SCREEN_STREAM = "callwire-screen";

    private Sdp() {
    }

    /** The attribute line that marks a section as the screen share, up to its track id. */
    private static final String SCREEN_MSID = "a=msid:" + SCREEN_STREAM + " ";

    /**
     * The mids of the media sections whose {@code a=msid} names the screen stream. webrtc-java 0.14 does not
     * expose a remote track's stream ids (its MediaStream wrappers have no id), but the SDP carries them.
     * A plain scan of the lines, no regular expression: it runs for every remote description, the first one
     * inside a fresh process's first call.
     */
    static Set<String> screenMids(String sdp) {
        Set<String> mids = new HashSet<>();
        String mid = null;
        boolean screen = false;
        int from = 0;
        while (from <= sdp.length()) {
            int end = sdp.indexOf('\n', from);
            if (end < 0) {
                end = sdp.length();
            }
            if (sdp.startsWith("m=", from)) { // a new media section: the previous one is complete
                addIfScreen(mids, mid, screen);
                mid = null;
                screen = false;
            } else if (sdp.startsWith("a=mid:", from)) {
                mid = sdp.substring(from + "a=mid:".length(), end).trim(); // trim drops a CR
            } else if (sdp.startsWith(SCREEN_MSID, from)) {
                screen = true;
            }
            from = end + 1;
        }
        addIfScreen(mids, mid, screen);
        return mids;
    }

    private static void addIfScreen(Set<String> mids, String mid, boolean screen) {
        if (screen && mid != null) {
            mids.add(mid);
        }
    }
}
