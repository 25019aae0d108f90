package dev.callwire.webrtc.internal.natives;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.internal.NativeObject;
import dev.onvoid.webrtc.internal.RefCountedObject;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees what webrtc-java 0.14 leaks: {@link RTCPeerConnection#close()} clears the Java object's native handle
 * without releasing the reference the Java object owns, and each sender {@code addTrack} returns owns a
 * reference that nothing ever drops. Together that kept about half a megabyte of native memory per ended
 * call (measured by the soak benchmark). We drop those references once a call is closed, through
 * webrtc-java's own native {@code RefCountedObject.release()}.
 *
 * <p>webrtc-java fixed this upstream (issue #239, PR #283): there {@code close()} releases the connection and
 * the RTP wrappers became disposable. On such a library our release would be a double free, so the shape of
 * the loaded library is {@linkplain ReleaseMode#detect detected once} and the workaround applied only where
 * it is needed.
 */
public final class NativeReleaser extends RefCountedObject {

    private static final Logger LOG = LoggerFactory.getLogger(NativeReleaser.class);
    private static final Field HANDLE = handleField();
    private static final Method SENDER_DISPOSE = ReleaseMode.disposeMethod(RTCRtpSender.class);
    private static final ReleaseMode MODE = announce(ReleaseMode.detect(RTCRtpSender.class, HANDLE != null));

    private NativeReleaser() {
    }

    /** How this process frees closed calls' native objects. */
    public static ReleaseMode mode() {
        return MODE;
    }

    /** The native handle of a peer connection, or 0 when it is not ours to release. Call before {@code close()}. */
    public static long handleOf(RTCPeerConnection pc) {
        if (MODE != ReleaseMode.WORKAROUND) {
            return 0;
        }
        try {
            return HANDLE.getLong(pc);
        } catch (IllegalAccessException e) {
            return 0;
        }
    }

    /**
     * Drops the reference a sender {@code addTrack} returned. Only for wrappers that own one; getter results
     * such as {@code getReceiver()} or {@code onTrack}'s transceiver borrow their pointer in 0.14, and
     * releasing them would free objects libwebrtc still uses.
     */
    public static void releaseSender(RTCRtpSender sender) {
        if (sender == null) {
            return;
        }
        switch (MODE) {
            case WORKAROUND -> releaseOwned(sender);
            case LIBRARY -> dispose(sender);
            default -> {
            }
        }
    }

    /** Drops the reference the Java wrapper held on a peer connection that was closed (0.14 only). */
    public static void releaseClosedPeerConnection(long handle) {
        if (handle == 0 || MODE != ReleaseMode.WORKAROUND) {
            return;
        }
        try {
            NativeReleaser reference = new NativeReleaser();
            HANDLE.setLong(reference, handle);
            reference.release();
        } catch (IllegalAccessException | RuntimeException e) {
            LOG.debug("Could not release a closed peer connection: {}", e.toString());
        }
    }

    private static void releaseOwned(NativeObject wrapper) {
        try {
            long handle = HANDLE.getLong(wrapper);
            if (handle != 0) {
                HANDLE.setLong(wrapper, 0); // cannot be used, or released, again
                releaseClosedPeerConnection(handle);
            }
        } catch (IllegalAccessException | RuntimeException e) {
            LOG.debug("Could not release {}: {}", wrapper.getClass().getSimpleName(), e.toString());
        }
    }

    private static void dispose(RTCRtpSender sender) {
        try {
            SENDER_DISPOSE.invoke(sender);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Could not dispose a sender: {}", e.toString());
        }
    }

    private static ReleaseMode announce(ReleaseMode mode) {
        switch (mode) {
            case WORKAROUND -> LOG.debug("webrtc-java leaks closed peer connections; releasing them ourselves");
            case LIBRARY -> LOG.debug("webrtc-java releases closed peer connections itself; no workaround needed");
            default -> LOG.info("webrtc-java's native handles are not accessible; closed peer connections will not "
                    + "be released (open package dev.onvoid.webrtc.internal to fix)");
        }
        return mode;
    }

    private static Field handleField() {
        try {
            Field field = NativeObject.class.getDeclaredField("nativeHandle");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("webrtc-java's native handle field is not accessible: {}", e.toString());
            return null;
        }
    }
}
