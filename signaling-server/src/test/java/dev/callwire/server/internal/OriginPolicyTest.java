package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    @Test
    void sameOriginAndNoOriginAreAllowedByDefaultOtherPagesAreNot() {
        OriginPolicy policy = OriginPolicy.SAME_ORIGIN;
        assertThat(policy.allows(null, "signal.example.com")).as("native clients send no Origin").isTrue();
        assertThat(policy.allows("https://signal.example.com", "signal.example.com")).isTrue();
        assertThat(policy.allows("https://signal.example.com:443", "signal.example.com")).isTrue();
        assertThat(policy.allows("http://127.0.0.1:8080", "127.0.0.1:8080")).isTrue();
        assertThat(policy.allows("HTTP://LOCALHOST:8080", "localhost:8080")).isTrue();
        assertThat(policy.allows("http://127.0.0.1:8081", "127.0.0.1:8080")).as("another port").isFalse();
        assertThat(policy.allows("https://evil.example", "signal.example.com")).isFalse();
        assertThat(policy.allows("https://signal.example.com.evil.example", "signal.example.com")).isFalse();
        assertThat(policy.allows("null", "signal.example.com")).as("sandboxed frames, file: pages").isFalse();
        assertThat(policy.allows("https://evil.example", null)).isFalse();
        assertThat(policy.allows("not a url", "signal.example.com")).isFalse();
    }

    @Test
    void listedOriginsAndTheWildcard() {
        OriginPolicy listed = new OriginPolicy(List.of("https://App.Example.com", "http://localhost:3000"));
        assertThat(listed.allows("https://app.example.com", "signal.example.com")).isTrue();
        assertThat(listed.allows("https://app.example.com:443", "signal.example.com")).isTrue();
        assertThat(listed.allows("http://localhost:3000", "signal.example.com")).isTrue();
        assertThat(listed.allows("http://localhost:3001", "signal.example.com")).isFalse();
        assertThat(listed.allows("http://app.example.com", "signal.example.com")).as("scheme counts").isFalse();
        assertThat(listed.allowsAny()).isFalse();

        OriginPolicy any = new OriginPolicy(List.of("*"));
        assertThat(any.allows("https://evil.example", "signal.example.com")).isTrue();
        assertThat(any.allowsAny()).isTrue();
    }
}
