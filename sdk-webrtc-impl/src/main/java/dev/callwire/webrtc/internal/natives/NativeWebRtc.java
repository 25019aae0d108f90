package dev.callwire.webrtc.internal.natives;

import dev.callwire.CallwireException;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.logging.Logging;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads libwebrtc once per JVM, turning a failure into an error a person can act on. */
public final class NativeWebRtc {

    private static final Logger LOG = LoggerFactory.getLogger(NativeWebRtc.class);
    private static final Logger NATIVE_LOG = LoggerFactory.getLogger("dev.callwire.webrtc.libwebrtc");
    private static final AtomicBoolean LOG_BRIDGED = new AtomicBoolean();
    private static volatile CallwireException failure;
    private static volatile boolean loaded;

    private NativeWebRtc() {
    }

    /**
     * Makes sure the native library is loaded.
     *
     * @throws CallwireException {@code NATIVE_LIBRARY} with the cause and what to install
     */
    public static synchronized void load() {
        if (loaded) {
            return;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            // PeerConnectionFactory loads the library in its static initializer.
            Class.forName(PeerConnectionFactory.class.getName(), true, NativeWebRtc.class.getClassLoader());
            loaded = true;
        } catch (LinkageError | RuntimeException | ClassNotFoundException e) {
            failure = new CallwireException(CallwireException.Reason.NATIVE_LIBRARY, explain(e), e);
            throw failure;
        }
        bridgeNativeLog();
    }

    /** A message naming the missing piece, for the usual ways loading fails. */
    public static String explain(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            all.append(t).append(' ');
        }
        String detail = all.toString();
        String arch = System.getProperty("os.name") + "/" + System.getProperty("os.arch");
        if (detail.contains("libpulse")) {
            return "libwebrtc (webrtc-java) could not be loaded because the PulseAudio client library "
                    + "libpulse.so.0 is missing. Install it (Debian/Ubuntu: apt-get install libpulse0; "
                    + "Fedora: dnf install pulseaudio-libs). Loader said: " + detail.trim();
        }
        if (detail.contains("Unsupported") || detail.contains("NullPointerException")) {
            return "libwebrtc (webrtc-java) has no native library for " + arch + " on the class path; add "
                    + "the webrtc-java artifact with this platform's classifier. Loader said: " + detail.trim();
        }
        return "libwebrtc (webrtc-java) could not be loaded on " + arch + ": " + detail.trim();
    }

    /** libwebrtc's own warnings and errors go to SLF4J (native threads call this, so it only logs). */
    private static void bridgeNativeLog() {
        if (!LOG_BRIDGED.compareAndSet(false, true)) {
            return;
        }
        try {
            Logging.addLogSink(Logging.Severity.WARNING, (severity, message) -> {
                String text = message == null ? "" : message.strip();
                if (severity == Logging.Severity.ERROR) {
                    NATIVE_LOG.warn("{}", text);
                } else {
                    NATIVE_LOG.debug("{}", text);
                }
            });
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("libwebrtc log bridge not available: {}", e.toString());
        }
    }
}
