package dev.callwire.webrtc.internal.natives;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Whose job it is to free a closed call's native objects, which depends on the webrtc-java release on the
 * class path. Releases with the upstream fix (webrtc-java PR #283) made the RTP wrappers disposable, which
 * is what {@link #detect} looks for: a public no-argument {@code dispose()} on the sender class.
 */
public enum ReleaseMode {
    /** 0.14 and earlier: {@code close()} leaks; we release the owned references ourselves. */
    WORKAROUND,
    /** The library releases on {@code close()}; senders are disposed through their own {@code dispose()}. */
    LIBRARY,
    /** A leaking library whose handles we cannot reach (module path without opens): nothing is released. */
    UNAVAILABLE;

    static ReleaseMode detect(Class<?> senderClass, boolean handlesAccessible) {
        if (disposeMethod(senderClass) != null) {
            return LIBRARY;
        }
        return handlesAccessible ? WORKAROUND : UNAVAILABLE;
    }

    static Method disposeMethod(Class<?> senderClass) {
        try {
            Method dispose = senderClass.getMethod("dispose");
            return Modifier.isStatic(dispose.getModifiers()) ? null : dispose;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
