package dev.callwire;

/**
 * Told when a camera, microphone or speaker is plugged in or removed. Called on the client's event thread.
 */
@FunctionalInterface
public interface DeviceListener {

    /**
     * The devices changed.
     *
     * @param devices what is present now
     */
    void onDevicesChanged(DeviceList devices);
}
