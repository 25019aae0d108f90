/**
 * The client's local media (one factory, one audio and one video track shared by every call), synthetic
 * sources for machines without devices, the keep-newest hand-off of decoded frames to renderers, and the
 * parsing of libwebrtc's statistics.
 */
package dev.callwire.webrtc.internal.media;
