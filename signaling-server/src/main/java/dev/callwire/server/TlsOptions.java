package dev.callwire.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Objects;

/**
 * TLS for the server's own port, for deployments without a TLS-terminating proxy: {@code https://},
 * {@code wss://} and {@code socketio+https://}. Either a key store (PKCS#12 or JKS) holding one private key and
 * its certificate chain, or PEM files as Let's Encrypt writes them ({@code fullchain.pem} and an unencrypted
 * PKCS#8 {@code privkey.pem}). Immutable; the files are read when the server starts, so a renewed certificate
 * is picked up by a restart. The TCP line endpoint stays plain TCP.
 */
public final class TlsOptions {

    private final Path keyStore;
    private final char[] keyStorePassword;
    private final Path certificateChain;
    private final Path privateKey;
    /** Protects the in-memory store built from PEM files; never leaves this process. */
    private final char[] pemPassword = randomPassword();

    private TlsOptions(Path keyStore, char[] keyStorePassword, Path certificateChain, Path privateKey) {
        this.keyStore = keyStore;
        this.keyStorePassword = keyStorePassword;
        this.certificateChain = certificateChain;
        this.privateKey = privateKey;
    }

    /**
     * A PKCS#12 or JKS key store with one private key entry; its key password must be the store password.
     *
     * @throws IllegalArgumentException if the file does not exist
     */
    public static TlsOptions keyStore(Path file, String password) {
        Objects.requireNonNull(password, "password");
        return new TlsOptions(requireFile("keyStore", file), password.toCharArray(), null, null);
    }

    /**
     * PEM files: the certificate chain (leaf first) and the private key as unencrypted PKCS#8
     * ({@code -----BEGIN PRIVATE KEY-----}; convert others with {@code openssl pkcs8 -topk8 -nocrypt}).
     *
     * @throws IllegalArgumentException if a file does not exist
     */
    public static TlsOptions pem(Path certificateChain, Path privateKey) {
        return new TlsOptions(null, null, requireFile("certificateChain", certificateChain),
                requireFile("privateKey", privateKey));
    }

    private static Path requireFile(String what, Path file) {
        Objects.requireNonNull(file, what);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + " must be a readable file, got " + file);
        }
        return file;
    }

    /**
     * Reads the files into a key store (for PEM, an in-memory PKCS#12 store under {@link #storePassword()}).
     *
     * @throws IOException if a file cannot be read or does not hold what it should; the message says which
     */
    public KeyStore toKeyStore() throws IOException {
        try {
            if (keyStore != null) {
                try {
                    return KeyStore.getInstance(keyStore.toFile(), keyStorePassword); // PKCS#12 or JKS, by content
                } catch (IOException e) {
                    throw new IOException("cannot load the TLS key store " + keyStore + ": " + e.getMessage(), e);
                }
            }
            Collection<? extends Certificate> chain;
            try (InputStream in = Files.newInputStream(certificateChain)) {
                chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (chain.isEmpty()) {
                throw new IOException("no certificate in " + certificateChain);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", readPkcs8(privateKey), pemPassword, chain.toArray(new Certificate[0]));
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the TLS key and certificate from "
                    + (keyStore != null ? keyStore : certificateChain + " and " + privateKey) + ": " + e.getMessage(), e);
        }
    }

    private static char[] randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).toCharArray();
    }

    private static PrivateKey readPkcs8(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----";
        int start = pem.indexOf(begin);
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < start) {
            String kind = pem.contains("ENCRYPTED PRIVATE KEY") ? "an encrypted key"
                    : pem.contains("RSA PRIVATE KEY") || pem.contains("EC PRIVATE KEY") ? "a PKCS#1/SEC1 key"
                    : "no PEM private key";
            throw new IOException(file + " holds " + kind + "; convert it to unencrypted PKCS#8 with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem'");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("unsupported private key algorithm in " + file, last);
    }

    /** The password of the store {@link #toKeyStore()} returns and of its key. */
    public char[] storePassword() {
        return (keyStorePassword != null ? keyStorePassword : pemPassword).clone();
    }

    @Override
    public String toString() {
        return keyStore != null ? "TlsOptions[keyStore " + keyStore + "]"
                : "TlsOptions[PEM " + certificateChain + ", " + privateKey + "]";
    }
}
