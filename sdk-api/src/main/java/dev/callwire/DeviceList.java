package dev.callwire;

import java.util.List;

/**
 * The media devices the operating system reports, by name. Lists are empty where there are none (servers,
 * containers) or where they cannot be listed.
 *
 * @param cameras     video capture devices
 * @param microphones audio capture devices
 * @param speakers    audio playout devices
 */
public record DeviceList(List<String> cameras, List<String> microphones, List<String> speakers) {

    /**
     * Copies the lists, so the record is immutable.
     *
     * @param cameras     video capture device names
     * @param microphones audio capture device names
     * @param speakers    audio playout device names
     */
    public DeviceList {
        cameras = List.copyOf(cameras);
        microphones = List.copyOf(microphones);
        speakers = List.copyOf(speakers);
    }
}
