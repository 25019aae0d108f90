package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpgradeRequestHeadTest {

    /** RFC 6455 section 1.3's example key and its accept value. */
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
    private static final String PLAIN = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n"
            + "Origin: http://127.0.0.1:8080\r\n\r\n";

    private static UpgradeRequestHead parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return UpgradeRequestHead.parse(bytes, bytes.length);
    }

    @Test
    void aPlainOpeningHandshakeIsAnsweredWithItsAccept() {
        UpgradeRequestHead head = parse(PLAIN);

        assertThat(head.accept).isEqualTo(ACCEPT);
        assertThat(head.origin).isEqualTo("http://127.0.0.1:8080");
        assertThat(head.host).isEqualTo("127.0.0.1:8080");
        assertThat(head.length).isEqualTo(PLAIN.length());
    }

    @Test
    void bytesAfterTheHeadAreNotPartOfIt() {
        UpgradeRequestHead head = parse(PLAIN + "\u0081\u0085early frame");

        assertThat(head.length).isEqualTo(PLAIN.length());
    }

    @Test
    void everyPrefixOfTheHeadIsIncomplete() {
        for (int cut = 0; cut < PLAIN.length(); cut++) {
            assertThat(parse(PLAIN.substring(0, cut))).as("first %d bytes", cut).isSameAs(UpgradeRequestHead.INCOMPLETE);
        }
    }

    @Test
    void aReaderThatSearchesOnlyNewBytesFindsTheSameHead() {
        byte[] bytes = PLAIN.getBytes(StandardCharsets.US_ASCII);
        int searched = 0;
        UpgradeRequestHead head = UpgradeRequestHead.INCOMPLETE;
        for (int length = 1; length <= bytes.length && head == UpgradeRequestHead.INCOMPLETE; length++) {
            head = UpgradeRequestHead.parse(bytes, length, searched);
            searched = length;
        }

        assertThat(head.accept).isEqualTo(ACCEPT);
        assertThat(head.length).isEqualTo(PLAIN.length());
    }

    @Test
    void theJdkClientsHeadWithAnEmptyContentLengthIsAnsweredDirectly() {
        // java.net.http's WebSocket client (the server benchmark's load generator) sends exactly this, read off the
        // wire from JDK 17: its "Content-Length: 0" says there is no body.
        String jdk = "GET /ws?room=r HTTP/1.1\r\nConnection: Upgrade\r\nContent-Length: 0\r\nHost: 127.0.0.1:39999\r\n"
                + "Upgrade: websocket\r\nUser-Agent: Java-http-client/17.0.15\r\nSec-WebSocket-Key: " + KEY + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";

        UpgradeRequestHead head = parse(jdk);

        assertThat(head.accept).isEqualTo(ACCEPT);
        assertThat(head.length).isEqualTo(jdk.length());
    }

    @Test
    void namesAreCaseInsensitiveAndTokenListsAreSearched() {
        UpgradeRequestHead head = parse("GET /ws?room=x HTTP/1.1\r\nhost: h\r\nUPGRADE: WebSocket\r\n"
                + "connection: keep-alive, Upgrade\r\nsec-websocket-key:" + KEY + "\r\nsec-websocket-version: 13\r\n"
                + "User-Agent: test\r\n\r\n");

        assertThat(head.accept).isEqualTo(ACCEPT);
        assertThat(head.origin).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET /ws HTTP/1.0\r\n",                       // not HTTP/1.1
            "GET /wsx HTTP/1.1\r\n",                      // another path
            "GET /ws  HTTP/1.1\r\n",                      // two spaces: not a plain request line
            "POST /ws HTTP/1.1\r\n"})
    void anotherRequestLineFallsBack(String requestLine) {
        assertThat(parse(requestLine + PLAIN.substring(PLAIN.indexOf("\r\n") + 2))).isSameAs(UpgradeRequestHead.FALL_BACK);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Sec-WebSocket-Version: 13\r\n",              // a field twice
            "Content-Length: 5\r\n",                     // a body
            "Content-Length: 00\r\n",                    // zero, but not as every client writes it
            "Content-Length: 0\r\nContent-Length: 0\r\n", // a field twice, even if harmless
            "Transfer-Encoding: chunked\r\n",
            " folded\r\n",                               // obsolete line folding
            "Bad : value\r\n",                           // whitespace before the colon
            "no colon\r\n",
            "X-Name: a\nHost: b\r\n",                   // a lone LF: HTTP may end a line there
            "X-Name: a\rb\r\n",                         // a lone CR
            "X-Name: caf\u00e9\r\n"})                      // not ASCII
    void anUnusualFieldFallsBack(String field) {
        assertThat(parse(PLAIN.replace("Upgrade: websocket\r\n", "Upgrade: websocket\r\n" + field)))
                .isSameAs(UpgradeRequestHead.FALL_BACK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host: 127.0.0.1:8080\r\n", "Upgrade: websocket\r\n", "Connection: Upgrade\r\n",
            "Sec-WebSocket-Version: 13\r\n", "Sec-WebSocket-Key: " + KEY + "\r\n"})
    void aMissingRequiredFieldFallsBack(String field) {
        assertThat(parse(PLAIN.replace(field, ""))).isSameAs(UpgradeRequestHead.FALL_BACK);
    }

    @Test
    void anotherVersionOrABadKeyFallsBackSoThatJettyRefusesIt() {
        assertThat(parse(PLAIN.replace("Version: 13", "Version: 8"))).isSameAs(UpgradeRequestHead.FALL_BACK);
        assertThat(parse(PLAIN.replace(KEY, "short"))).isSameAs(UpgradeRequestHead.FALL_BACK);
    }

    @Test
    void aHeadLongerThanTheLimitFallsBack() {
        String padding = "X-Padding: " + "a".repeat(UpgradeRequestHead.MAX_BYTES) + "\r\n";

        assertThat(parse(PLAIN.replace("Origin:", padding + "Origin:"))).isSameAs(UpgradeRequestHead.FALL_BACK);
        byte[] unfinished = ("GET /ws HTTP/1.1\r\n" + padding).getBytes(StandardCharsets.US_ASCII);
        assertThat(UpgradeRequestHead.parse(unfinished, UpgradeRequestHead.MAX_BYTES))
                .isSameAs(UpgradeRequestHead.FALL_BACK);
    }

    @Test
    void detectionNeedsTheCharacterAfterThePath() {
        byte[] start = "GET /ws?x".getBytes(StandardCharsets.US_ASCII);

        assertThat(UpgradeRequestHead.startsLikeUpgrade(start, 7)).isNull();
        assertThat(UpgradeRequestHead.startsLikeUpgrade(start, 8)).isTrue();
        assertThat(UpgradeRequestHead.startsLikeUpgrade("GET /ws/".getBytes(StandardCharsets.US_ASCII), 8)).isFalse();
        assertThat(UpgradeRequestHead.startsLikeUpgrade("GET /index".getBytes(StandardCharsets.US_ASCII), 10)).isFalse();
        assertThat(UpgradeRequestHead.startsLikeUpgrade("PO".getBytes(StandardCharsets.US_ASCII), 2)).isFalse();
    }

    @Test
    void aNewSocketIoSessionsHandshakeIsReadWithItsQuery() {
        String socketIo = PLAIN.replace("GET /ws ", "GET /socket.io/?EIO=4&transport=websocket ");

        UpgradeRequestHead head = parse(socketIo);

        assertThat(head.accept).isEqualTo(ACCEPT);
        assertThat(head.socketIoQuery).isEqualTo("EIO=4&transport=websocket");
        assertThat(parse(PLAIN).socketIoQuery).as("/ws").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET /socket.io/?EIO=4&transport=websocket&sid=abc HTTP/1.1\r\n", // upgrading a polling session
            "GET /socket.io/?EIO=4#x HTTP/1.1\r\n",                           // a fragment
            "GET /socket.io/x?EIO=4 HTTP/1.1\r\n",                            // below the folder
            "GET /socket.io?EIO=4 HTTP/1.1\r\n"})                             // the folder without its slash
    void anyOtherSocketIoRequestFallsBack(String requestLine) {
        assertThat(parse(requestLine + PLAIN.substring(PLAIN.indexOf("\r\n") + 2))).isSameAs(UpgradeRequestHead.FALL_BACK);
    }

    @Test
    void detectionTellsSocketIoFromWsByTheirPaths() {
        byte[] socketIo = "GET /socket.io/?EIO=4".getBytes(StandardCharsets.US_ASCII);

        assertThat(UpgradeRequestHead.startsLikeUpgrade(socketIo, 5)).as("GET /").isNull();
        assertThat(UpgradeRequestHead.startsLikeUpgrade(socketIo, 15)).as("GET /socket.io/").isNull();
        assertThat(UpgradeRequestHead.startsLikeUpgrade(socketIo, UpgradeRequestHead.DETECTED_BYTES)).isTrue();
        assertThat(UpgradeRequestHead.startsLikeUpgrade("GET /socket.io/x".getBytes(StandardCharsets.US_ASCII), 16))
                .isFalse();
    }
}
