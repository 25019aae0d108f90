/**
 * Serverless signaling over an MQTT broker: the {@code mqtt://} and {@code mqtts://} transport.
 *
 * <h2>When to pick MQTT</h2>
 * <ul>
 *   <li>You already run a broker (Mosquitto, HiveMQ, EMQX, a cloud IoT hub) and do not want to deploy and
 *       operate the Callwire signaling server.</li>
 *   <li>Peers are devices or services that already speak MQTT, or sit behind networks where only the broker
 *       is reachable.</li>
 *   <li>You can live without a server's guarantees: there is no one to stamp {@code from}, check join tokens,
 *       hand out TURN credentials or enforce room limits. Protect rooms with the broker's authentication and
 *       topic ACLs instead (a client needs publish on {@code prefix/room/presence/<own id>} and
 *       {@code prefix/room/peers/+/<own id>}, subscribe on {@code prefix/room/presence/+} and
 *       {@code prefix/room/peers/<own id>/+}; {@code docs/transports.md} has a ready mosquitto configuration),
 *       or, on a broker without ACLs, with a {@linkplain dev.callwire.transport.mqtt.MqttTransportConfig.Builder#roomKey
 *       room key}; and configure ICE/TURN servers in {@code ClientConfig}.</li>
 * </ul>
 * Pick the WebSocket or socket.io transport with the signaling server when you need authenticated joins,
 * server-assigned ids or TURN REST credentials, or when browsers join the same rooms through that server.
 *
 * <h2>How it maps the protocol</h2>
 * The transport plays the server's part locally (protocol v1.1). Joining subscribes to
 * {@code {prefix}/{room}/presence/+} and {@code {prefix}/{room}/peers/{self}/+}, collects the retained presence messages for a short settle window
 * ({@link dev.callwire.transport.mqtt.MqttTransportConfig#settleWindow()}), reports them as the
 * {@code welcome} list, and publishes this peer's retained {@code peer-joined} envelope. Later presence
 * messages become {@code peer-joined}; an empty one (a goodbye, or the broker's last will for a peer whose
 * connection dropped) becomes {@code peer-left}. Directed messages are stamped with this peer's id and
 * published with QoS 1 to {@code {prefix}/{room}/peers/{to}/{self}}: the sender is in the topic, so a broker's
 * ACLs can refuse forgeries. Everything inbound is checked (size, room-key {@code mac}, well-formedness, and an
 * envelope that agrees with its topic); what fails is logged at DEBUG and counted.
 *
 * <h2>Queueing and reconnecting</h2>
 * A message that cannot be published at once waits in the transport's outbox, which holds at most
 * {@link dev.callwire.TransportOptions#maxQueuedMessages()} messages: while the transport is disconnected
 * or not yet welcomed, and while the broker has not yet acknowledged 1,000 earlier ones. Beyond that bound
 * {@code send} returns {@code false}. A dropped connection is retried with the jittered exponential backoff of
 * {@link dev.callwire.spi.support.Backoff} between the options' reconnection delays, so the clients of a
 * restarted broker do not all come back at the same instant.
 *
 * <p>Classes in {@code dev.callwire.transport.mqtt.internal} are not part of the API.
 */
package dev.callwire.transport.mqtt;
