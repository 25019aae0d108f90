/**
 * A joined room. {@code RoomSession} is the {@code Room} and owns the signaling transport (through a private
 * listener); {@code Membership}, {@code CallRegistry}, {@code SignalRouter} and {@code ActiveSpeaker} are pure
 * logic; {@code RoomCallHost} is the only way calls reach their room.
 */
package dev.callwire.webrtc.internal.room;
