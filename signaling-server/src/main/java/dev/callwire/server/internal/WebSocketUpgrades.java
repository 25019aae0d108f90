package dev.callwire.server.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The RFC 6455 opening handshake (section 4.2) on Jetty's HTTP/1.1, for the mapped paths: a GET with
 * {@code Upgrade: websocket}, {@code Connection: upgrade} and {@code Sec-WebSocket-Version: 13} is answered 101 with
 * its {@code Sec-WebSocket-Accept}, and Jetty hands the end point to a {@link WebSocketTextChannel} once that answer
 * is written. No extension and no sub-protocol is ever negotiated. Anything else goes to the wrapped handler.
 *
 * <p>A request that does not ask for a WebSocket ({@code Upgrade}/{@code Connection}) is passed on (socket.io's
 * polling answers those on its path). One that does, on a mapped path, is refused before any {@link Acceptor} runs
 * (so it takes no per-address slot) when it cannot be a version-13 opening handshake: a version other than 13 gets
 * {@code 426 Upgrade Required} with {@code Sec-WebSocket-Version: 13} (sections 4.2.2 and 4.4, so a client can retry
 * with a version we speak), a missing version or a missing or malformed {@code Sec-WebSocket-Key} a 400 (a request
 * section 4.1 forbids). A mapping's {@link Acceptor} may then refuse with its own answer.
 *
 * <p>Why our own: Jetty's handshaker builds its per-connection WebSocket session, and that was most of an idle
 * connection's heap. Nothing of the request is kept after the upgrade, so a query string costs nothing either.
 */
final class WebSocketUpgrades extends Handler.Wrapper {

    /** Never updated: only cloned ({@link #sha1()}), so that concurrent upgrades share it safely. */
    private static final MessageDigest SHA1 = newSha1();
    /** The GUID of RFC 6455 section 1.3 that a key is hashed with. */
    private static final byte[] ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11".getBytes(StandardCharsets.US_ASCII);
    private static final PreEncodedHttpField UPGRADE_WEBSOCKET = new PreEncodedHttpField(HttpHeader.UPGRADE,
            "websocket");
    private static final PreEncodedHttpField CONNECTION_UPGRADE = new PreEncodedHttpField(HttpHeader.CONNECTION,
            "Upgrade");
    /** The one version spoken, as a 426 names it (section 4.4). */
    private static final PreEncodedHttpField VERSION_13 =
            new PreEncodedHttpField(HttpHeader.SEC_WEBSOCKET_VERSION, "13");
    /** {@link #versionStatus}: the request's version is 13. */
    static final int VERSION_OK = 0;

    /** Decides whether one upgrade may open, and who listens to it. */
    interface Acceptor {
        /**
         * The listener of the new WebSocket, or {@code null} when refused (the acceptor then wrote the answer,
         * completing {@code callback}).
         */
        WebSocketTextChannel.Listener accept(Request request, Response response, Callback callback);
    }

    private record Mapping(String path, boolean prefix, Acceptor acceptor) {
        boolean matches(String requestPath) {
            if (!prefix) {
                return path.equals(requestPath);
            }
            // As a servlet mapping "/socket.io/*": the folder itself, with or without its slash, and below it.
            return requestPath.startsWith(path) || requestPath.equals(path.substring(0, path.length() - 1));
        }
    }

    private final List<Mapping> mappings = new ArrayList<>();
    private final WebSocketTextChannel.Settings settings;

    WebSocketUpgrades(WebSocketTextChannel.Settings settings, Handler next) {
        super(next);
        this.settings = settings;
    }

    /** Upgrades on exactly {@code path}; call before the server starts. */
    void addExact(String path, Acceptor acceptor) {
        mappings.add(new Mapping(path, false, acceptor));
    }

    /** Upgrades on {@code folder} (ending with {@code /}) and every path below it; call before the server starts. */
    void addFolder(String folder, Acceptor acceptor) {
        mappings.add(new Mapping(folder, true, acceptor));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Acceptor acceptor = isUpgrade(request) ? match(Request.getPathInContext(request)) : null;
        if (acceptor == null) {
            return super.handle(request, response, callback);
        }
        int versionStatus = versionStatus(request.getHeaders().get(HttpHeader.SEC_WEBSOCKET_VERSION));
        if (versionStatus == 426) {
            upgradeRequired(response, callback);
            return true;
        }
        if (versionStatus != VERSION_OK) {
            Response.writeError(request, response, callback, versionStatus, "Missing Sec-WebSocket-Version");
            return true;
        }
        String accept = acceptFor(request.getHeaders().get(HttpHeader.SEC_WEBSOCKET_KEY));
        if (accept == null) {
            Response.writeError(request, response, callback, 400, "Missing or invalid Sec-WebSocket-Key");
            return true;
        }
        WebSocketTextChannel.Listener listener;
        try {
            listener = acceptor.accept(request, response, callback);
        } catch (RuntimeException e) {
            Response.writeError(request, response, callback, e);
            return true;
        }
        if (listener == null) {
            return true; // refused, answered
        }
        ConnectionMetaData metaData = request.getConnectionMetaData();
        Connector connector = metaData.getConnector();
        WebSocketTextChannel channel = new WebSocketTextChannel(metaData.getConnection().getEndPoint(),
                connector.getExecutor(), connector.getByteBufferPool(), listener, settings);
        response.setStatus(101);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(UPGRADE_WEBSOCKET);
        headers.put(CONNECTION_UPGRADE);
        headers.put(HttpHeader.SEC_WEBSOCKET_ACCEPT, accept);
        // Jetty's HTTP/1.1 connection swaps in the channel once the 101 is written (and hands it any bytes the
        // client sent after the request: Connection.UpgradeTo).
        request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, channel);
        response.write(true, null, new Callback() {
            @Override
            public void succeeded() {
                callback.succeeded();
            }

            @Override
            public void failed(Throwable cause) {
                // No upgrade follows, so no onOpen or onClose: the listener gives back what it holds (its slot).
                try {
                    channel.upgradeFailed();
                } finally {
                    callback.failed(cause);
                }
            }
        });
        return true;
    }

    /**
     * Section 4.2.1: a GET over HTTP/1.1 asking to upgrade to a WebSocket. Its version and key are checked
     * afterwards, on a mapped path only.
     */
    static boolean isUpgrade(Request request) {
        HttpFields headers = request.getHeaders();
        return HttpMethod.GET.is(request.getMethod())
                && HttpVersion.HTTP_1_1.is(request.getConnectionMetaData().getProtocol())
                && headers.contains(HttpHeader.UPGRADE, "websocket")
                && headers.contains(HttpHeader.CONNECTION, "upgrade");
    }

    /**
     * {@link #VERSION_OK} for version 13, 426 for another one (the client may retry with 13: section 4.4), 400 when
     * the header is missing (section 4.1 requires it).
     */
    static int versionStatus(String version) {
        if (version == null || version.isBlank()) {
            return 400;
        }
        return "13".equals(version.trim()) ? VERSION_OK : 426;
    }

    /**
     * Section 4.2.2: an unknown version is answered with the one we speak. RFC 9110 section 15.5.22 asks a 426 to
     * name the protocol in {@code Upgrade}, which in turn needs {@code Connection: upgrade}.
     */
    private static void upgradeRequired(Response response, Callback callback) {
        response.setStatus(426);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(VERSION_13);
        headers.put(UPGRADE_WEBSOCKET);
        headers.put(CONNECTION_UPGRADE);
        headers.put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        Content.Sink.write(response, true, "Unsupported WebSocket version: this server speaks version 13\n",
                callback);
    }

    private Acceptor match(String path) {
        if (path == null) {
            return null;
        }
        for (Mapping mapping : mappings) {
            if (mapping.matches(path)) {
                return mapping.acceptor();
            }
        }
        return null;
    }

    /**
     * The {@code Sec-WebSocket-Accept} for a key (section 4.2.2: base64 of the SHA-1 of key and GUID), or
     * {@code null} when the key is not the base64 of 16 bytes that section 4.1 requires.
     */
    static String acceptFor(String key) {
        if (key == null) {
            return null;
        }
        String trimmed = key.trim();
        try {
            if (trimmed.length() != 24 || Base64.getDecoder().decode(trimmed).length != 16) {
                return null;
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        MessageDigest sha1 = sha1();
        sha1.update(trimmed.getBytes(StandardCharsets.US_ASCII));
        sha1.update(ACCEPT_GUID);
        return Base64.getEncoder().encodeToString(sha1.digest());
    }

    /**
     * A fresh SHA-1, cloned from one looked up once: a provider lookup per upgrade put reflection and provider code
     * on every connection's path, code the JIT was still compiling between 500 and 1,000 idle connections ({@link Hmac}
     * clones its {@code Mac} for the same reason).
     */
    private static MessageDigest sha1() {
        try {
            return (MessageDigest) SHA1.clone();
        } catch (CloneNotSupportedException e) {
            return newSha1(); // a provider whose SHA-1 cannot be cloned: the same digest, only slower
        }
    }

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }
}
