package dev.callwire.webrtc.internal.call;

import java.util.HashSet;
import java.util.Set;

/** What the engine reads out of session descriptions itself. Pure text processing. */
final class Sdp {

    /** The stream id that marks a screen share for the receiving side (ours and any PROTOCOL.md peer). */
    static final String SCREEN_STREAM = "callwire-screen";

    private Sdp() {
    }

    /**
     * The mids of the media sections whose {@code a=msid} names the screen stream. webrtc-java 0.14 does not
     * expose a remote track's stream ids (its MediaStream wrappers have no id), but the SDP carries them.
     */
    static Set<String> screenMids(String sdp) {
        Set<String> mids = new HashSet<>();
        for (String section : sdp.split("\r?\nm=")) {
            String mid = null;
            boolean screen = false;
            for (String line : section.split("\r?\n")) {
                if (line.startsWith("a=mid:")) {
                    mid = line.substring("a=mid:".length()).trim();
                } else if (line.startsWith("a=msid:" + SCREEN_STREAM + " ")) {
                    screen = true;
                }
            }
            if (screen && mid != null) {
                mids.add(mid);
            }
        }
        return mids;
    }
}
