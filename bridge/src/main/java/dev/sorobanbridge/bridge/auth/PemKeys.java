package dev.sorobanbridge.bridge.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the ES256 key files: a PKCS#8 private key and an X.509 (SubjectPublicKeyInfo) public key, PEM. */
final class PemKeys {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private PemKeys() {}

    static ECPrivateKey readPrivateKey(Path file, String configKey) {
        byte[] der = readBlock(file, configKey, "PRIVATE KEY",
                "convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
        try {
            if (KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof ECPrivateKey key) {
                return key;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(configKey + " (" + file + ") is not an EC private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(configKey + " (" + file + ") is not an EC private key.");
    }

    static ECPublicKey readPublicKey(Path file, String configKey) {
        byte[] der = readBlock(file, configKey, "PUBLIC KEY",
                "export it with: openssl ec -in key.pem -pubout -out public.pem");
        try {
            if (KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der)) instanceof ECPublicKey key) {
                return key;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(configKey + " (" + file + ") is not an EC public key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(configKey + " (" + file + ") is not an EC public key.");
    }

    private static byte[] readBlock(Path file, String configKey, String type, String hint) {
        String pem;
        try {
            pem = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(configKey + ": cannot read " + file + ": " + e.getMessage(), e);
        }
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                return Base64.getMimeDecoder().decode(m.group(2));
            }
            if (m.group(1).equals("EC " + type)) {
                throw new IllegalArgumentException(configKey + " (" + file + ") is in the SEC1 \"EC " + type
                        + "\" format; " + hint + ".");
            }
        }
        throw new IllegalArgumentException(configKey + " (" + file + ") holds no PEM \"" + type + "\" block; " + hint + ".");
    }
}
