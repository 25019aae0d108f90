package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.server.internal.HubFixture.Fake;
import org.junit.jupiter.api.Test;

class RoomDirectoryTest {

    private final Hub hub = new Hub(HubFixture.settings(HubSettings.DEFAULT_ROOM_CAPACITY, null));
    private final RoomDirectory rooms = new RoomDirectory();

    @Test
    void membersKeepJoinOrderAndBothViewsAgree() {
        Fake first = new Fake(hub);
        Fake second = new Fake(hub);
        Fake third = new Fake(hub);
        rooms.put("r", "z", first);
        rooms.put("r", "a", second);
        rooms.put("r", "m", third);

        assertThat(rooms.members("r").keySet()).containsExactly("z", "a", "m");
        assertThat(rooms.find("r", "a")).isSameAs(second);
        assertThat(rooms.find("r", "nobody")).isNull();
        assertThat(rooms.find("elsewhere", "a")).isNull();

        assertThat(rooms.remove("r", "a")).isSameAs(second);
        assertThat(rooms.find("r", "a")).isNull();
        assertThat(rooms.members("r").keySet()).containsExactly("z", "m");
    }

    @Test
    void aRoomIsGoneFromBothViewsWithItsLastMember() {
        Fake only = new Fake(hub);
        rooms.put("r", "p", only);
        assertThat(rooms.roomCount()).isEqualTo(1);

        assertThat(rooms.remove("r", "p")).isSameAs(only);
        assertThat(rooms.roomCount()).isZero();
        assertThat(rooms.members("r")).isEmpty();
        assertThat(rooms.rooms()).isEmpty();
        assertThat(rooms.remove("r", "p")).as("a second removal").isNull();
    }

    @Test
    void membersIsASnapshotThatLaterChangesLeaveAlone() {
        Fake first = new Fake(hub);
        rooms.put("r", "p", first);
        var before = rooms.members("r");

        rooms.put("r", "q", new Fake(hub));
        rooms.remove("r", "p");

        assertThat(before.keySet()).containsExactly("p");
        assertThat(rooms.members("r").keySet()).containsExactly("q");
        assertThat(rooms.rooms().get("r").keySet()).containsExactly("q");
    }
}
