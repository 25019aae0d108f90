package dev.callwire.webrtc.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.callwire.webrtc.internal.data.FileControl.Abort;
import dev.callwire.webrtc.internal.data.FileControl.Accept;
import dev.callwire.webrtc.internal.data.FileControl.Ack;
import dev.callwire.webrtc.internal.data.FileControl.End;
import dev.callwire.webrtc.internal.data.FileControl.Refuse;
import dev.callwire.webrtc.internal.data.FileControl.Start;
import dev.callwire.webrtc.internal.data.FileControlCodec.MalformedControlException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileControlCodecTest {

    private static final String ID = "3f1c0e5e-8a8e-4c1b-9a57-0d3c2f9b1a20";
    private static final String SHA = "ab".repeat(32);

    @Test
    void everyMessageRoundTrips() throws Exception {
        List<FileControl> all = List.of(new Start(ID, "report final.pdf", 5_242_880, SHA), new Accept(ID),
                new Refuse(ID, "too big for me"), new End(ID), new Ack(ID, true, ""), new Ack(ID, false, "mismatch"),
                new Abort(ID, "the call is busy"));
        for (FileControl message : all) {
            assertThat(FileControlCodec.decode(FileControlCodec.encode(message))).isEqualTo(message);
        }
    }

    @Test
    void readsTheDocumentedWireFormIgnoringUnknownFields() throws Exception {
        FileControl start = decode("{\"t\":\"start\",\"id\":\"" + ID + "\",\"name\":\"a.txt\",\"size\":12,"
                + "\"sha256\":\"" + SHA + "\",\"mime\":\"text/plain\"}");
        FileControl ack = decode("{\"t\":\"ack\",\"id\":\"" + ID + "\",\"ok\":true}");
        FileControl refuse = decode("{\"t\":\"refuse\",\"id\":\"" + ID + "\"}");

        assertThat(start).isEqualTo(new Start(ID, "a.txt", 12, SHA));
        assertThat(ack).isEqualTo(new Ack(ID, true, ""));
        assertThat(refuse).isEqualTo(new Refuse(ID, ""));
        assertThat(new String(FileControlCodec.encode(new End(ID)), StandardCharsets.UTF_8))
                .isEqualTo("{\"t\":\"end\",\"id\":\"" + ID + "\"}");
    }

    @Test
    void rejectsMalformedInputWithAClearMessage() {
        String start = "{\"t\":\"start\",\"id\":\"" + ID + "\",\"name\":\"a\",\"sha256\":\"" + SHA + "\",";
        assertMalformed("not json", "not JSON");
        assertMalformed("[1,2]", "not a JSON object");
        assertMalformed("{\"id\":\"x\"}", "'t'");
        assertMalformed("{\"t\":\"resume\",\"id\":\"x\"}", "unknown control message 'resume'");
        assertMalformed("{\"t\":\"end\"}", "'id'");
        assertMalformed("{\"t\":\"end\",\"id\":\"a/b\"}", "id must be");
        assertMalformed(start + "\"size\":-1}", "'size'");
        assertMalformed(start + "\"size\":1.5}", "'size'");
        assertMalformed(start + "\"size\":\"12\"}", "'size'");
        assertMalformed(start.replace(SHA, "XYZ") + "\"size\":1}", "sha256");
        assertMalformed(start.replace("\"a\"", "\"../etc/passwd\"") + "\"size\":1}", "name");
        assertMalformed("{\"t\":\"ack\",\"id\":\"x\",\"ok\":\"yes\"}", "'ok'");
        assertMalformed("{\"t\":\"abort\",\"id\":\"x\",\"reason\":\"" + "r".repeat(5000) + "\"}", "4096-byte limit");
    }

    @Test
    void aMalformedMessageStillNamesItsTransferWhenTheIdWasReadable() {
        MalformedControlException withId = catchThrowableOfType(MalformedControlException.class,
                () -> decode("{\"t\":\"start\",\"id\":\"" + ID + "\",\"size\":1}"));
        MalformedControlException badId = catchThrowableOfType(MalformedControlException.class,
                () -> decode("{\"t\":\"end\",\"id\":\"no spaces allowed\"}"));

        assertThat(withId.id()).contains(ID);
        assertThat(badId.id()).isEmpty();
    }

    @Test
    void longReasonsAreCutAndNamesWithDirectoriesCannotBeMade() {
        assertThat(new Abort(ID, "x".repeat(500)).reason()).hasSize(FileControl.MAX_REASON_LENGTH);
        assertThatThrownBy(() -> new Start(ID, "dir/file", 1, SHA)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Start(ID, "..", 1, SHA)).isInstanceOf(IllegalArgumentException.class);
    }

    private static FileControl decode(String json) throws MalformedControlException {
        return FileControlCodec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertMalformed(String json, String messagePart) {
        assertThatThrownBy(() -> decode(json)).as(json).isInstanceOf(MalformedControlException.class)
                .hasMessageContaining(messagePart);
    }
}
