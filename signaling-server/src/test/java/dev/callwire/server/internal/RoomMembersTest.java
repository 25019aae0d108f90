package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.server.internal.HubFixture.Fake;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoomMembersTest {

    private final Hub hub = new Hub(HubFixture.settings(HubSettings.DEFAULT_ROOM_CAPACITY, null));

    @Test
    void keepsJoinOrderAndAReplacedIdKeepsItsPlace() {
        Fake first = new Fake(hub);
        Fake second = new Fake(hub);
        Fake resumed = new Fake(hub);
        RoomMembers members = RoomMembers.EMPTY.with("z", first).with("a", second).with("z", resumed);

        assertThat(members.keySet()).containsExactly("z", "a");
        assertThat(members.values()).containsExactly(resumed, second);
        assertThat(members).hasSize(2).containsEntry("z", resumed).containsEntry("a", second);
        assertThat(members.get("nobody")).isNull();
        assertThat(members.containsKey("a")).isTrue();
    }

    @Test
    void aSnapshotNeverChanges() {
        Fake one = new Fake(hub);
        Fake two = new Fake(hub);
        RoomMembers before = RoomMembers.EMPTY.with("p", one);

        RoomMembers after = before.with("q", two).without("p");

        assertThat(before.keySet()).containsExactly("p");
        assertThat(after.keySet()).containsExactly("q");
        assertThat(after.without("absent")).isSameAs(after);
        assertThat(after.without("q")).isSameAs(RoomMembers.EMPTY).isEmpty();
        assertThat(RoomMembers.EMPTY).isEmpty();
    }

    @Test
    void largeRoomsLookUpByIndexAndAgreeWithTheOrder() {
        List<Fake> joined = new ArrayList<>();
        RoomMembers members = RoomMembers.EMPTY;
        int count = RoomMembers.SCAN_LIMIT * 3;
        for (int i = 0; i < count; i++) {
            Fake connection = new Fake(hub);
            joined.add(connection);
            members = members.with("peer-" + i, connection);
        }
        members = members.without("peer-3").without("peer-" + (count - 1));

        assertThat(members).hasSize(count - 2);
        for (int i = 0; i < count; i++) {
            Fake expected = i == 3 || i == count - 1 ? null : joined.get(i);
            assertThat(members.get("peer-" + i)).as("peer-" + i).isSameAs(expected);
        }
        List<String> order = new ArrayList<>();
        for (Map.Entry<String, Connection> entry : members.entrySet()) {
            order.add(entry.getKey());
            assertThat(entry.getValue()).isSameAs(members.get(entry.getKey()));
        }
        assertThat(order).startsWith("peer-0", "peer-1", "peer-2", "peer-4").endsWith("peer-" + (count - 2));
    }
}
