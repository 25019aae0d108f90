/**
 * One call with one remote peer. {@code PeerCall} is the {@code CallSession} and owns the call's state and
 * end; {@code Negotiator} runs offer/answer and perfect negotiation against {@code SdpPort} (a fake in unit
 * tests, {@code NativeSdpPort} in production); {@code CallConnection} owns the peer connection and its
 * private libwebrtc observer. Everything here is confined to the client's engine thread.
 */
package dev.callwire.webrtc.internal.call;
