package dev.callwire.server.internal;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HMAC key, set up once and cloned for every computation: joins compute one or two MACs each (resume key,
 * TURN credential), and a provider lookup plus key set-up per MAC took half of its time ({@code benchmarks.jar
 * crypto}). Safe for concurrent use: the prototype is never updated, so clones read a stable state.
 */
final class Hmac {

    private final SecretKeySpec key;
    private final Mac prototype;

    /** @param algorithm a MAC every Java runtime has ({@code HmacSHA1}, {@code HmacSHA256}) */
    Hmac(String algorithm, byte[] key) {
        this.key = new SecretKeySpec(key, algorithm);
        this.prototype = newMac(this.key);
    }

    byte[] compute(byte[] input) {
        return mac().doFinal(input);
    }

    private Mac mac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            return newMac(key); // a provider whose HMAC cannot be cloned: the same result, only slower
        }
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(key.getAlgorithm());
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(key.getAlgorithm() + " is part of every Java runtime", e);
        }
    }
}
