package dev.callwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import org.junit.jupiter.api.Test;

class CallEnginesTest {

    @Test
    void noEngineSaysWhichArtifactToAdd() {
        assertThatThrownBy(() -> CallEngines.choose(List.of(), null))
                .isInstanceOfSatisfying(CallwireException.class,
                        e -> assertThat(e.reason()).isEqualTo(CallwireException.Reason.NO_ENGINE))
                .hasMessageContaining("dev.callwire:sdk-webrtc-impl");
    }

    @Test
    void severalEnginesAreAConflictUnlessOneIsChosen() {
        CallEngineProvider first = mock(CallEngineProvider.class);
        CallEngineProvider second = new CallEngineProvider() {
            @Override
            public String name() {
                return "second";
            }

            @Override
            public CallClient createClient(ClientConfig config) {
                throw new UnsupportedOperationException();
            }
        };
        when(first.name()).thenReturn("first");

        assertThatThrownBy(() -> CallEngines.choose(List.of(first, second), null))
                .isInstanceOfSatisfying(CallwireException.class,
                        e -> assertThat(e.reason()).isEqualTo(CallwireException.Reason.ENGINE_CONFLICT))
                .hasMessageContaining("first").hasMessageContaining("second")
                .hasMessageContaining(CallEngineProvider.ENGINE_PROPERTY);
        assertThat(CallEngines.choose(List.of(first, second), second.getClass().getName())).isSameAs(second);
    }

    @Test
    void noEngineOnThisClassPathIsReportedClearly() {
        // sdk-api alone has no engine: creating a client must say so instead of failing obscurely.
        assertThatThrownBy(() -> CallClient.create(ClientConfig.builder(java.net.URI.create("ws://127.0.0.1/ws")).build()))
                .isInstanceOfSatisfying(CallwireException.class,
                        e -> assertThat(e.reason()).isEqualTo(CallwireException.Reason.NO_ENGINE));
    }
}
