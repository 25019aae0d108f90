package dev.callwire;

/**
 * The media engine behind {@link CallClient#create(ClientConfig)}, found with
 * {@link java.util.ServiceLoader} the way SLF4J finds its provider. {@code sdk-webrtc-impl} is the
 * engine this project ships. When several are on the class path, the system property
 * {@value #ENGINE_PROPERTY} names the provider class to use.
 *
 * <p>It lives beside {@link CallClient}, not in {@code dev.callwire.spi}, the way {@code java.sql.Driver}
 * lives beside {@code DriverManager}: the client must find it, and the root package must not depend on the
 * plugin package (the build fails on a package cycle).
 */
public interface CallEngineProvider {

    /** System property naming the provider class to use when several are installed. */
    String ENGINE_PROPERTY = "callwire.engine";

    /**
     * A human name for logs and error messages.
     *
     * @return the name, e.g. {@code "libwebrtc (webrtc-java)"}; never {@code null}
     */
    String name();

    /**
     * Makes a client. Loads native code if it has to, so the first call may take a while.
     *
     * @param config the client's configuration, never {@code null}
     * @return a new client, never {@code null}; the caller owns it and must close it
     * @throws dev.callwire.CallwireException {@code NATIVE_LIBRARY} when native code cannot be loaded,
     *                                        {@code MEDIA_DEVICE} when a configured media device is missing
     */
    CallClient createClient(ClientConfig config);
}
