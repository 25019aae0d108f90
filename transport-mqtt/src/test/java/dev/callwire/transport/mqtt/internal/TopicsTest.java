package dev.callwire.transport.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicsTest {

    private final Topics topics = new Topics("webrtc", "lobby", "alice");

    @Test
    void namesTheRoomsPresenceAndInboxTopicsAsProtocolV11WritesThem() {
        assertThat(topics.presence("bob")).isEqualTo("webrtc/lobby/presence/bob");
        assertThat(topics.presenceFilter()).isEqualTo("webrtc/lobby/presence/+");
        assertThat(topics.inboxFilter()).isEqualTo("webrtc/lobby/peers/alice/+");
        assertThat(topics.outbox("bob")).as("to bob, from alice").isEqualTo("webrtc/lobby/peers/bob/alice");
        assertThat(Topics.inbox("acme/calls", "lobby", "bob", "carol")).isEqualTo("acme/calls/lobby/peers/bob/carol");
    }

    @Test
    void parsesPresenceOfAnyPeerAndOwnInboxWithTheSenderItNames() {
        assertThat(topics.parse("webrtc/lobby/presence/bob")).isEqualTo(new Topics.Parsed(true, "bob"));
        assertThat(topics.parse("webrtc/lobby/presence/alice")).isEqualTo(new Topics.Parsed(true, "alice"));
        assertThat(topics.parse("webrtc/lobby/peers/alice/bob")).isEqualTo(new Topics.Parsed(false, "bob"));
    }

    @Test
    void refusesEveryOtherTopic() {
        assertThat(topics.parse(null)).isNull();
        assertThat(topics.parse("webrtc/lobby/peers/bob/carol")).as("another peer's inbox").isNull();
        assertThat(topics.parse("webrtc/lobby/peers/alice")).as("the v1 inbox without a sender").isNull();
        assertThat(topics.parse("webrtc/lobby/peers/alice/")).as("an empty sender").isNull();
        assertThat(topics.parse("webrtc/lobby/peers/alice/bad id")).as("an invalid sender").isNull();
        assertThat(topics.parse("webrtc/lobby/peers/alice/bob/x")).as("a deeper inbox level").isNull();
        assertThat(topics.parse("webrtc/other/presence/bob")).as("another room").isNull();
        assertThat(topics.parse("webrtc/lobbyX/presence/bob")).as("a room that only starts alike").isNull();
        assertThat(topics.parse("other/lobby/presence/bob")).as("another prefix").isNull();
        assertThat(topics.parse("webrtc/lobby/presence/bob/extra")).as("a deeper level").isNull();
        assertThat(topics.parse("webrtc/lobby/presence/")).as("no peer id").isNull();
        assertThat(topics.parse("webrtc/lobby/presence/bad id")).as("an invalid peer id").isNull();
        assertThat(topics.parse("webrtc/lobby/status/bob")).as("an unknown kind").isNull();
    }
}
