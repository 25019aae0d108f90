package dev.callwire;

import java.nio.file.Path;

/**
 * A file that arrived over a call's data channel and matched the size and SHA-256 the sender announced.
 * It sits in a temporary file of the SDK's; move or copy it where it belongs.
 *
 * @param name   the file name the sender gave (no directories)
 * @param size   bytes
 * @param sha256 hex SHA-256 of the content, as announced and verified
 * @param path   where the content is now
 */
public record ReceivedFile(String name, long size, String sha256, Path path) {
}
