package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callwire.protocol.ProtocolError;
import dev.callwire.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

class DisplayNamesTest {

    @Test
    void ordinaryNamesInAnyScriptPass() {
        for (String name : new String[] {"Alice", "Zoë Łukasiewicz", "محمد", "山田 太郎", "👩‍💻 dev", "a\"b\\c", ""}) {
            assertThat(DisplayNames.require(name)).isEqualTo(name);
        }
        assertThat(DisplayNames.require(null)).isNull();
    }

    @Test
    void controlAndBidiOverrideCharactersAreRefusedWithBadMessage() {
        for (String name : new String[] {"a\nb", "a\rb", "\u0000", "x\u001b[31m", "\u007f", "\u0085",
                "gnp.\u202eexe", "\u202a", "\u2066x\u2069", "\u200f", "\u061c", "a\u2028b"}) {
            assertThatThrownBy(() -> DisplayNames.require(name)).as("%s", LogText.quote(name))
                    .isInstanceOfSatisfying(ProtocolException.class, e -> {
                        assertThat(e.error()).isEqualTo(ProtocolError.BAD_MESSAGE);
                        assertThat(e.getMessage()).contains("control or bidirectional-override");
                    });
        }
    }

    @Test
    void logTextEscapesWhatCouldForgeOrReverseALogLine() {
        assertThat(LogText.quote("Alice")).isEqualTo("\"Alice\"");
        assertThat(LogText.quote("a\nINFO fake line")).isEqualTo("\"a\\u000aINFO fake line\"");
        assertThat(LogText.quote("gnp.\u202eexe")).isEqualTo("\"gnp.\\u202eexe\"");
        assertThat(LogText.quote("zero\u200bwidth")).as("format characters").isEqualTo("\"zero\\u200bwidth\"");
        assertThat(LogText.quote("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(LogText.quote("\ud800")).as("a lone surrogate").isEqualTo("\"\\ud800\"");
        assertThat(LogText.quote("x".repeat(100))).isEqualTo("\"" + "x".repeat(80) + "...\"");
        assertThat(LogText.quote(null)).isEqualTo("null");
    }
}
