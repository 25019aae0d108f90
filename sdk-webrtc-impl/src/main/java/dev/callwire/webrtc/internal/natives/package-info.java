/**
 * Loading the libwebrtc native library with a clear error, and freeing what the bundled webrtc-java leaks,
 * applied only when the loaded library needs it ({@code ReleaseMode}).
 */
package dev.callwire.webrtc.internal.natives;
