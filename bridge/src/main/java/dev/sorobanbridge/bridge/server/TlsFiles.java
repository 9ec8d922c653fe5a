package dev.sorobanbridge.bridge.server;

import dev.sorobanbridge.config.AppConfig;
import dev.sorobanbridge.config.ConfigException;
import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The main port's TLS from the PEM files of {@code server.tls}: the certificate chain (leaf first) and
 * its PKCS#8 private key, read by Helidon's key utilities. A key that does not belong to the
 * certificate is refused here, since otherwise every handshake would fail later with an obscure alert.
 */
final class TlsFiles {
    private final AppConfig.Tls files;

    TlsFiles(AppConfig.Tls files) {
        this.files = files;
    }

    /** @throws ConfigException one sentence naming the file that cannot be used */
    Tls load() {
        PrivateKey key = read(files.privateKey(), "server.tls.private-key",
                () -> Keys.builder().pem(pem -> pem.key(Resource.create(files.privateKey()))).build().privateKey().orElseThrow());
        List<X509Certificate> chain = read(files.certificate(), "server.tls.certificate",
                () -> Keys.builder().pem(pem -> pem.certChain(Resource.create(files.certificate()))).build().certChain());
        if (chain.isEmpty()) {
            throw new ConfigException("server.tls.certificate (" + files.certificate() + ") holds no PEM certificate.");
        }
        if (!belongTogether(key, chain.getFirst().getPublicKey())) {
            throw new ConfigException("server.tls.private-key (" + files.privateKey()
                    + ") is not the key of the first certificate in server.tls.certificate (" + files.certificate() + ").");
        }
        return Tls.builder().privateKey(key).privateKeyCertChain(chain).build();
    }

    /** What changes when either file is replaced (certbot swaps links, others rewrite in place). */
    Object version() {
        return List.of(stamp(files.certificate()), stamp(files.privateKey()));
    }

    private static String stamp(Path file) {
        try {
            Path real = file.toRealPath();
            FileTime modified = Files.getLastModifiedTime(real);
            return real + "@" + modified.toMillis() + "/" + Files.size(real);
        } catch (IOException e) {
            return file + ": " + e.getMessage();
        }
    }

    private static <T> T read(Path file, String key, java.util.function.Supplier<T> reader) {
        if (!Files.isReadable(file)) throw new ConfigException(key + " (" + file + ") cannot be read.");
        try {
            return Objects.requireNonNull(reader.get());
        } catch (RuntimeException e) {
            // Helidon's message says what it could not parse; a PEM file holds no secret in its message.
            throw new ConfigException(key + " (" + file + ") is not a usable PEM file: " + firstLine(e) + ".");
        }
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).replaceAll("\\.$", "");
    }

    /** Signs a few bytes with the key and checks them with the certificate's public key. */
    private static boolean belongTogether(PrivateKey key, PublicKey certified) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) return true; // an algorithm not checked here: the handshake will tell
        if (!key.getAlgorithm().equals(certified.getAlgorithm())) return false;
        try {
            byte[] probe = "soroban-bridge tls pair check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
