package dev.callwire.samples.swing;

import dev.callwire.media.AudioInput;
import dev.callwire.media.VideoInput;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of the camera or microphone menu: automatic, the synthetic source (test pattern, tone), a device the
 * SDK listed, or none. {@link #key()} is what the preferences keep, so a device chosen last time is found again
 * by its name once it is plugged in.
 *
 * @param kind   what the entry stands for
 * @param device the device's name for {@link Kind#DEVICE}, else {@code null}
 */
record DeviceChoice(Kind kind, String device) {

    static final String AUTOMATIC_KEY = "auto";

    enum Kind { AUTOMATIC, SYNTHETIC, DEVICE, NONE }

    static final DeviceChoice AUTOMATIC = new DeviceChoice(Kind.AUTOMATIC, null);
    static final DeviceChoice SYNTHETIC = new DeviceChoice(Kind.SYNTHETIC, null);
    static final DeviceChoice NONE = new DeviceChoice(Kind.NONE, null);

    static DeviceChoice device(String name) {
        return new DeviceChoice(Kind.DEVICE, name);
    }

    /**
     * The menu for a list of devices: automatic and the synthetic source first (stable positions, so a script
     * or a person's habit finds them), then the devices in the SDK's order, then none.
     */
    static List<DeviceChoice> menu(List<String> devices) {
        List<DeviceChoice> items = new ArrayList<>(List.of(AUTOMATIC, SYNTHETIC));
        devices.stream().distinct().map(DeviceChoice::device).forEach(items::add);
        items.add(NONE);
        return items;
    }

    String key() {
        return switch (kind) {
            case AUTOMATIC -> AUTOMATIC_KEY;
            case SYNTHETIC -> "synthetic";
            case NONE -> "none";
            case DEVICE -> "device:" + device;
        };
    }

    /** The entry a preference key stands for; an unreadable key means automatic. */
    static DeviceChoice fromKey(String key) {
        if (key == null) {
            return AUTOMATIC;
        }
        if (key.startsWith("device:") && key.length() > "device:".length()) {
            return device(key.substring("device:".length()));
        }
        return switch (key) {
            case "synthetic" -> SYNTHETIC;
            case "none" -> NONE;
            default -> AUTOMATIC;
        };
    }

    VideoInput video() {
        return switch (kind) {
            case AUTOMATIC -> VideoInput.automatic();
            case SYNTHETIC -> VideoInput.testPattern();
            case DEVICE -> VideoInput.camera(device);
            case NONE -> VideoInput.none();
        };
    }

    AudioInput audio() {
        return switch (kind) {
            case AUTOMATIC -> AudioInput.automatic();
            case SYNTHETIC -> AudioInput.tone(440);
            case DEVICE -> AudioInput.microphone(device);
            case NONE -> AudioInput.none();
        };
    }

    String videoLabel() {
        return switch (kind) {
            case AUTOMATIC -> "Automatic";
            case SYNTHETIC -> "Test pattern";
            case DEVICE -> device;
            case NONE -> "No video";
        };
    }

    String audioLabel() {
        return switch (kind) {
            case AUTOMATIC -> "Automatic";
            case SYNTHETIC -> "Tone 440 Hz";
            case DEVICE -> device;
            case NONE -> "No audio";
        };
    }
}
