package dev.sorobanbridge.bridge.support;

import dev.sorobanbridge.config.AppConfig;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * Self-signed certificates for localhost and 127.0.0.1, made with the JDK's own {@code keytool}
 * (no extra library), written as the PEM files {@code server.tls} expects.
 */
public final class TestCertificates {
    private static final String PASSWORD = "test-only";

    private TestCertificates() {}

    /** A new EC P-256 key and certificate, as {@code <name>.crt} and {@code <name>.key} in {@code dir}. */
    public static AppConfig.Tls create(Path dir, String name) {
        try {
            Path store = dir.resolve(name + ".p12");
            Files.deleteIfExists(store);
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "tls", "-dname", "CN=" + name,
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                    .redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes());
            if (keytool.waitFor() != 0) throw new IllegalStateException("keytool failed: " + output);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, PASSWORD.toCharArray());
            }
            X509Certificate certificate = (X509Certificate) keys.getCertificate("tls");
            PrivateKey key = (PrivateKey) keys.getKey("tls", PASSWORD.toCharArray());
            Path crt = dir.resolve(name + ".crt");
            Path pem = dir.resolve(name + ".key");
            Files.writeString(crt, pem("CERTIFICATE", certificate.getEncoded()));
            Files.writeString(pem, pem("PRIVATE KEY", key.getEncoded())); // PKCS#8
            return new AppConfig.Tls(crt, pem);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The certificate of a pair made by {@link #create}. */
    public static X509Certificate certificate(AppConfig.Tls files) {
        try (InputStream in = Files.newInputStream(files.certificate())) {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client context that trusts exactly these certificates. */
    public static SSLContext trusting(List<X509Certificate> certificates) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < certificates.size(); i++) trust.setCertificateEntry("c" + i, certificates.get(i));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
