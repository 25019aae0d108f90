/**
 * The engine behind {@code CallClient}; nothing here is API. {@code WebRtcCallClient} owns the threads and
 * hands rooms and calls an {@code EngineContext}. The sub-packages follow the layers of a call:
 * <ul>
 *   <li>{@code room}: a joined room — membership, the call registry, routing of signaling messages, the
 *       active speaker;</li>
 *   <li>{@code call}: one call — its negotiation (behind the {@code SdpPort} seam), senders, remote media,
 *       timers, statistics and peer connection;</li>
 *   <li>{@code data}: a call's data channels and file transfer;</li>
 *   <li>{@code media}: the client's local media, synthetic sources, renderer hand-off and stats parsing;</li>
 *   <li>{@code natives}: loading libwebrtc and working around what the bundled webrtc-java leaks.</li>
 * </ul>
 * Dependencies point one way: room → call → media/natives; the logic-heavy parts ({@code Negotiator},
 * {@code SignalRouter}, {@code CallRegistry}, {@code Membership}, {@code ActiveSpeaker}) need no native code
 * and are unit-tested without it.
 */
package dev.callwire.webrtc.internal;
