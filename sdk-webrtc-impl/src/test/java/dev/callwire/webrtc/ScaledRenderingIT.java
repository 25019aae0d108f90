package dev.callwire.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.Room;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.TestClients;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A decoded remote stream converted by libyuv at the size a renderer asks for: the colour bars survive. */
class ScaledRenderingIT {

    private static final int TILE_W = 80;
    private static final int TILE_H = 60;

    private final TestClients clients = new TestClients();

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void aRemoteStreamIsScaledToTheTileAndKeepsItsColourBars() {
        CallClient alice = clients.client("alice");
        CallClient bob = clients.client("bob");
        Room aliceRoom = TestClients.join(alice, "tiles", CallRecorder.passive());
        Room bobRoom = TestClients.joinAndMeet(bob, aliceRoom, CallRecorder.accepting());
        AtomicReference<int[]> lastTile = new AtomicReference<>();
        AtomicInteger frames = new AtomicInteger();
        int[] tile = new int[TILE_W * TILE_H];
        CallSession call = TestClients.call(aliceRoom, bobRoom.selfId());
        call.remoteVideo().addRenderer(frame -> {
            assertThat(frame.width()).isEqualTo(TestClients.WIDTH);
            frame.toArgb(tile, TILE_W, TILE_H);
            lastTile.set(tile.clone());
            frames.incrementAndGet();
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> frames.get() > 10);

        // The test pattern's eight 75% bars, white to black, scroll sideways; the lower half of each column
        // is one bar (the frame counter sits top left). Across the tile's bottom row, after VP8 and scaling:
        int[] pixels = lastTile.get();
        int row = TILE_H - 2;
        int brightest = 0;
        int darkest = 255;
        int saturated = 0;
        for (int x = 0; x < TILE_W; x++) {
            int p = pixels[row * TILE_W + x];
            int r = (p >> 16) & 0xff;
            int g = (p >> 8) & 0xff;
            int b = p & 0xff;
            int luma = (r + g + b) / 3;
            brightest = Math.max(brightest, luma);
            darkest = Math.min(darkest, luma);
            if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 100) {
                saturated++;
            }
            assertThat(p >>> 24).isEqualTo(0xff);
        }
        assertThat(brightest).as("the 75%% white bar").isGreaterThan(160);
        assertThat(darkest).as("the black bar").isLessThan(40);
        assertThat(saturated).as("columns in the colour bars (yellow ... blue)").isGreaterThan(TILE_W / 3);
        call.hangUp();
    }
}
