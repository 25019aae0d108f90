package dev.callwire.samples.swing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThemeTest {

    @Test
    void gtkThemeVariableWinsOverGnomeSettings() {
        assertThat(Theme.linuxDark(Map.of("GTK_THEME", "Adwaita:dark"), () -> "'prefer-light'", () -> null)).isTrue();
        assertThat(Theme.linuxDark(Map.of("GTK_THEME", "Adwaita"), () -> "'prefer-dark'", () -> null)).isFalse();
    }

    @Test
    void gnomeColorSchemeThenThemeName() {
        assertThat(Theme.linuxDark(Map.of(), () -> "'prefer-dark'\n", () -> "'Adwaita'")).isTrue();
        assertThat(Theme.linuxDark(Map.of(), () -> "'prefer-light'", () -> "'Adwaita-dark'")).isFalse();
        assertThat(Theme.linuxDark(Map.of(), () -> "'default'", () -> "'Adwaita-dark'\n")).isTrue();
        assertThat(Theme.linuxDark(Map.of(), () -> null, () -> null)).as("no desktop tools: light").isFalse();
    }

    @Test
    void windowsAndMacAnswers() {
        assertThat(Theme.windowsDark("\r\nHKEY_CURRENT_USER\\...\\Personalize\r\n    AppsUseLightTheme    REG_DWORD    0x0\r\n"))
                .isTrue();
        assertThat(Theme.windowsDark("    AppsUseLightTheme    REG_DWORD    0x1")).isFalse();
        assertThat(Theme.windowsDark(null)).isFalse();
        assertThat(Theme.macDark("Dark\n")).isTrue();
        assertThat(Theme.macDark(null)).isFalse();
    }
}
