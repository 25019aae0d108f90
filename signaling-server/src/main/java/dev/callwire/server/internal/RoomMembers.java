package dev.callwire.server.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * One room's members in join order, immutable: {@link RoomDirectory} replaces a room's snapshot on every change
 * (under the hub's lock), so a reader on any thread sees one whole version without a lock.
 *
 * <p>Why arrays: a room of two held a {@code LinkedHashMap} and a {@code ConcurrentHashMap} of its own, about 0.5 KiB,
 * a quarter KiB of every idle connection (class histogram, 1,000 idle {@code /ws} connections in 500 rooms). Rooms
 * are small, so a lookup scans; past {@link #SCAN_LIMIT} members a snapshot also carries a hash index. A change
 * copies the room, which joins (rationed per connection) and leaves can afford.
 */
final class RoomMembers extends AbstractMap<String, Connection> {

    static final int SCAN_LIMIT = 8;
    static final RoomMembers EMPTY = new RoomMembers(new String[0], new Connection[0]);

    private final String[] ids;
    private final Connection[] connections;
    private final Map<String, Connection> index; // null up to SCAN_LIMIT members

    private RoomMembers(String[] ids, Connection[] connections) {
        this.ids = ids;
        this.connections = connections;
        if (ids.length > SCAN_LIMIT) {
            Map<String, Connection> byId = new HashMap<>(ids.length * 2);
            for (int i = 0; i < ids.length; i++) {
                byId.put(ids[i], connections[i]);
            }
            index = byId;
        } else {
            index = null;
        }
    }

    /** These members with {@code id} held by {@code connection}: in its old place if it was here, else last. */
    RoomMembers with(String id, Connection connection) {
        int at = indexOf(id);
        String[] newIds = at >= 0 ? ids.clone() : Arrays.copyOf(ids, ids.length + 1);
        Connection[] newConnections = at >= 0 ? connections.clone() : Arrays.copyOf(connections, ids.length + 1);
        int slot = at >= 0 ? at : ids.length;
        newIds[slot] = id;
        newConnections[slot] = connection;
        return new RoomMembers(newIds, newConnections);
    }

    /** These members without {@code id}; this snapshot itself when {@code id} is not here. */
    RoomMembers without(String id) {
        int at = indexOf(id);
        if (at < 0) {
            return this;
        }
        if (ids.length == 1) {
            return EMPTY;
        }
        String[] newIds = new String[ids.length - 1];
        Connection[] newConnections = new Connection[ids.length - 1];
        System.arraycopy(ids, 0, newIds, 0, at);
        System.arraycopy(ids, at + 1, newIds, at, ids.length - at - 1);
        System.arraycopy(connections, 0, newConnections, 0, at);
        System.arraycopy(connections, at + 1, newConnections, at, ids.length - at - 1);
        return new RoomMembers(newIds, newConnections);
    }

    private int indexOf(Object id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i].equals(id)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Connection get(Object id) {
        if (index != null) {
            return index.get(id);
        }
        int at = indexOf(id);
        return at < 0 ? null : connections[at];
    }

    @Override
    public boolean containsKey(Object id) {
        return get(id) != null;
    }

    @Override
    public int size() {
        return ids.length;
    }

    @Override
    public Collection<Connection> values() {
        return Collections.unmodifiableList(Arrays.asList(connections));
    }

    @Override
    public Set<Entry<String, Connection>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Connection>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < ids.length;
                    }

                    @Override
                    public Entry<String, Connection> next() {
                        if (next >= ids.length) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, Connection> entry = new SimpleImmutableEntry<>(ids[next], connections[next]);
                        next++;
                        return entry;
                    }
                };
            }

            @Override
            public int size() {
                return ids.length;
            }
        };
    }
}
