package dev.callwire.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A launcher whose system tool is missing fails and names the tool and its Debian package: a test that
 * needs a broker or a TURN server must never pass silently without one.
 */
class LaunchersNameMissingToolsTest {

    private static final String MISSING = "/nonexistent/callwire-test/no-such-binary";

    @AfterEach
    void clearOverrides() {
        System.clearProperty(MosquittoBroker.BINARY_PROPERTY);
        System.clearProperty(CoturnServer.BINARY_PROPERTY);
    }

    @Test
    void mosquittoBrokerFailsNamingMosquitto() throws Exception {
        System.setProperty(MosquittoBroker.BINARY_PROPERTY, MISSING);
        MosquittoBroker broker = new MosquittoBroker();
        try {
            assertThatThrownBy(() -> broker.beforeEach(null))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining(MISSING)
                    .hasMessageContaining("apt-get install mosquitto")
                    .hasMessageContaining(MosquittoBroker.BINARY_PROPERTY);
        } finally {
            broker.afterEach(null);
        }
    }

    @Test
    void coturnServerFailsNamingCoturn() {
        System.setProperty(CoturnServer.BINARY_PROPERTY, MISSING);

        assertThatThrownBy(() -> CoturnServer.withUser("user", "password"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(MISSING)
                .hasMessageContaining("apt-get install coturn")
                .hasMessageContaining(CoturnServer.BINARY_PROPERTY);
        assertThatThrownBy(() -> CoturnServer.withRestSecret("secret"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("coturn");
    }
}
