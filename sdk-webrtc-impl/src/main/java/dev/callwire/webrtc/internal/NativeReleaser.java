package dev.callwire.webrtc.internal;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.internal.NativeObject;
import dev.onvoid.webrtc.internal.RefCountedObject;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works around leaks in webrtc-java 0.14: {@link RTCPeerConnection#close()} clears the Java object's native
 * handle without releasing the reference the Java object owns, and each sender {@code addTrack} returns owns a
 * reference that nothing ever drops. Together that kept about
 * half a megabyte of native memory per ended call (measured by the soak benchmark). We drop those
 * references once a call is closed, through webrtc-java's own native {@code RefCountedObject.release()},
 * which works on any ref-counted libwebrtc object.
 *
 * <p>If the handle cannot be read (e.g. webrtc-java on the module path without {@code --add-opens}), the
 * workaround switches itself off with one log line and calls simply leak as before.
 */
final class NativeReleaser extends RefCountedObject {

    private static final Logger LOG = LoggerFactory.getLogger(NativeReleaser.class);
    private static final Field HANDLE = handleField();

    private NativeReleaser() {
    }

    /** The native handle of a peer connection, or 0 when it cannot be read. Call before {@code close()}. */
    static long handleOf(RTCPeerConnection pc) {
        if (HANDLE == null) {
            return 0;
        }
        try {
            return HANDLE.getLong(pc);
        } catch (IllegalAccessException e) {
            return 0;
        }
    }

    /**
     * Drops the reference a webrtc-java wrapper owns and clears its handle so it cannot be used again. Only
     * for wrappers that own one — those webrtc-java made from a {@code scoped_refptr} it released to Java
     * ({@code addTrack}'s sender, {@code createPeerConnection}); getter results such as
     * {@code getReceiver()} or {@code onTrack}'s transceiver borrow their pointer, and releasing them would
     * free objects libwebrtc still uses.
     */
    static void release(NativeObject wrapper) {
        if (HANDLE == null || wrapper == null) {
            return;
        }
        try {
            long handle = HANDLE.getLong(wrapper);
            if (handle != 0) {
                HANDLE.setLong(wrapper, 0);
                releaseClosedPeerConnection(handle);
            }
        } catch (IllegalAccessException | RuntimeException e) {
            LOG.debug("Could not release {}: {}", wrapper.getClass().getSimpleName(), e.toString());
        }
    }

    /** Drops the reference the Java wrapper held on a peer connection that was closed. */
    static void releaseClosedPeerConnection(long handle) {
        if (handle == 0 || HANDLE == null) {
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

    private static Field handleField() {
        try {
            Field field = NativeObject.class.getDeclaredField("nativeHandle");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.info("webrtc-java's native handles are not accessible ({}); closed peer connections will not be "
                    + "released (open package dev.onvoid.webrtc.internal to fix)", e.toString());
            return null;
        }
    }
}
