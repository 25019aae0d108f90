package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.server.internal.SocketIoConnection.Event;
import org.junit.jupiter.api.Test;

/** socket.io EVENT packets as clients spell them, cut into ack id and envelope text without a server. */
class SocketIoEventTest {

    private static final String ENVELOPE = "{\"v\":1,\"type\":\"offer\",\"room\":\"r\",\"to\":\"b\",\"sdp\":\"x]\"}";

    /** The packet as the engine.io layer hands it over: {@code 42...}, parsed from after the socket.io type. */
    private static Event parse(String packet) {
        return Event.parse(packet, 2);
    }

    @Test
    void theUsualSpellingYieldsTheEnvelopeTextAsSent() {
        Event event = parse("42[\"signal\"," + ENVELOPE + "]");
        assertThat(event.envelope()).isEqualTo(ENVELOPE);
        assertThat(event.ackId()).isNull();
        assertThat(event.wrongArguments()).isFalse();
    }

    @Test
    void anAckIdIsReadBeforeTheArray() {
        Event event = parse("4217[\"signal\"," + ENVELOPE + "]");
        assertThat(event.ackId()).isEqualTo("17");
        assertThat(event.envelope()).isEqualTo(ENVELOPE);
    }

    @Test
    void otherSpellingsAreParsedAsAWhole() {
        assertThat(parse("42[ \"signal\" , " + ENVELOPE + " ]").envelope()).isEqualTo(ENVELOPE);
        // A JSON string holding the envelope is accepted too.
        assertThat(parse("42[\"signal\",\"{\\\"v\\\":1}\"]").envelope()).isEqualTo("{\"v\":1}");
    }

    @Test
    void signalWithoutExactlyOneObjectOrStringIsWrongArguments() {
        assertThat(parse("42[\"signal\"]").wrongArguments()).isTrue();
        assertThat(parse("42[\"signal\",1]").wrongArguments()).isTrue();
        assertThat(parse("42[\"signal\",\"a\",\"b\"]").wrongArguments()).isTrue();
        assertThat(parse("42[\"signal\",\"a\",\"b\"]").envelope()).isNull();
    }

    @Test
    void otherEventsAreIgnoredButStillAcknowledged() {
        Event event = parse("423[\"chat\",{}]");
        assertThat(event.envelope()).isNull();
        assertThat(event.wrongArguments()).isFalse();
        assertThat(event.ackId()).isEqualTo("3");
    }

    @Test
    void malformedPacketsAreRefused() {
        assertThat(parse("42not json")).isNull();
        assertThat(parse("42{\"signal\":1}")).isNull();
        assertThat(parse("42[1,2]")).isNull();
        assertThat(parse("42[]")).isNull();
        assertThat(parse("421234567890[\"signal\",{}]")).as("ack id over 9 digits").isNull();
    }
}
