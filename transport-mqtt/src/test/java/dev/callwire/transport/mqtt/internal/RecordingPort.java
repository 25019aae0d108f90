package dev.callwire.transport.mqtt.internal;

import dev.callwire.protocol.Message;
import dev.callwire.protocol.PeerJoined;
import java.util.ArrayList;
import java.util.List;

/** Records what a {@link RoomMembership} asks of its transport. */
final class RecordingPort implements RoomMembership.Port {

    final List<Message> delivered = new ArrayList<>();
    final List<PeerJoined> presencePublished = new ArrayList<>();
    int presenceCleared;
    final List<Integer> welcomed = new ArrayList<>();

    @Override
    public void deliver(Message message) {
        delivered.add(message);
    }

    @Override
    public void publishPresence(PeerJoined presence) {
        presencePublished.add(presence);
    }

    @Override
    public void clearPresence() {
        presenceCleared++;
    }

    @Override
    public void welcomed(int peers) {
        welcomed.add(peers);
    }

    <T extends Message> List<T> of(Class<T> type) {
        return delivered.stream().filter(type::isInstance).map(type::cast).toList();
    }

    void forget() {
        delivered.clear();
        presencePublished.clear();
        presenceCleared = 0;
        welcomed.clear();
    }
}
