package dev.callwire.samples.swing;

import com.formdev.flatlaf.FlatDarkLaf;
import com.formdev.flatlaf.FlatLaf;
import com.formdev.flatlaf.FlatLightLaf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The look: FlatLaf light or dark. "System" asks the desktop which one it prefers: GNOME's {@code color-scheme}
 * (or a {@code GTK_THEME} ending in {@code :dark}) on Linux, {@code AppsUseLightTheme} on Windows,
 * {@code AppleInterfaceStyle} on macOS. Asking runs a small command with a short time-out; any failure means
 * light. Parsing the answers is kept apart from running the commands so it can be tested.
 */
final class Theme {

    private static final Logger LOG = LoggerFactory.getLogger(Theme.class);

    /** What the person chose in the View menu. */
    enum Choice { SYSTEM, LIGHT, DARK }

    private Theme() {
    }

    /** Installs the look for {@code choice}; EDT, or before any window exists. */
    static boolean apply(Choice choice) {
        boolean dark = choice == Choice.DARK || choice == Choice.SYSTEM && systemPrefersDark();
        boolean ok = dark ? FlatDarkLaf.setup() : FlatLightLaf.setup();
        if (!ok) {
            LOG.warn("FlatLaf could not be installed; keeping the default look");
        }
        FlatLaf.updateUI(); // restyles windows already open
        return dark;
    }

    static boolean systemPrefersDark() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            return windowsDark(run(List.of("reg", "query",
                    "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize", "/v", "AppsUseLightTheme")));
        }
        if (os.contains("mac")) {
            return macDark(run(List.of("defaults", "read", "-g", "AppleInterfaceStyle")));
        }
        return linuxDark(System.getenv(), () -> run(List.of("gsettings", "get", "org.gnome.desktop.interface",
                "color-scheme")), () -> run(List.of("gsettings", "get", "org.gnome.desktop.interface", "gtk-theme")));
    }

    /** {@code reg query} prints {@code AppsUseLightTheme REG_DWORD 0x0} when apps should be dark. */
    static boolean windowsDark(String regOutput) {
        return regOutput != null && regOutput.lines().anyMatch(l -> l.contains("AppsUseLightTheme")
                && l.trim().endsWith("0x0"));
    }

    /** {@code defaults read -g AppleInterfaceStyle} prints {@code Dark} in dark mode and fails otherwise. */
    static boolean macDark(String defaultsOutput) {
        return defaultsOutput != null && defaultsOutput.trim().equalsIgnoreCase("dark");
    }

    /**
     * GTK_THEME such as {@code Adwaita:dark} wins; then GNOME's {@code color-scheme} ({@code 'prefer-dark'});
     * then a GTK theme whose name ends in {@code -dark}.
     */
    static boolean linuxDark(Map<String, String> env, java.util.function.Supplier<String> colorScheme,
                             java.util.function.Supplier<String> gtkTheme) {
        String gtk = env.get("GTK_THEME");
        if (gtk != null && !gtk.isBlank()) {
            return gtk.toLowerCase(Locale.ROOT).endsWith(":dark") || gtk.toLowerCase(Locale.ROOT).endsWith("-dark");
        }
        String scheme = colorScheme.get();
        if (scheme != null && !scheme.isBlank()) {
            if (scheme.contains("prefer-dark")) {
                return true;
            }
            if (scheme.contains("prefer-light")) {
                return false;
            }
        }
        String theme = gtkTheme.get();
        return theme != null && theme.toLowerCase(Locale.ROOT).replace("'", "").trim().endsWith("-dark");
    }

    /** The command's standard output, or {@code null} when it is missing, fails or takes over two seconds. */
    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readNBytes(4096);
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null; // the tool is not installed: no preference known
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
