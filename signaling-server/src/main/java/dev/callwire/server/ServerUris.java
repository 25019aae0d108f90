package dev.callwire.server;

import java.net.URI;

/** The URIs a server reports: a wildcard bind address is reported as loopback, IPv6 literals in brackets. */
final class ServerUris {

    private ServerUris() {
    }

    static URI of(String scheme, String host, int port, String path) {
        String h = host;
        if (h.equals("0.0.0.0") || h.equals("::") || h.equals("0:0:0:0:0:0:0:0")) {
            h = "127.0.0.1";
        }
        return URI.create(scheme + "://" + (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + port + path);
    }
}
