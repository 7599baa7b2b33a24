package io.nerco.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for an https registry: either a ready {@link SSLContext}, or a trust store and an
 * optional key store (for client certificates). Immutable; passwords print as masks.
 *
 * @param trustStore  the certificates to trust, or null for the JDK's default trust
 * @param keyStore    the client key and certificate, or null for none
 * @param keyPassword the key's password inside {@code keyStore}, or null to use the store's
 * @param sslContext  a context to use as is, or null to build one from the stores
 */
public record TlsSettings(KeyStoreFile trustStore, KeyStoreFile keyStore, Secret keyPassword, SSLContext sslContext) {

    /** A key store on disk; {@code type} is for example {@code PKCS12} or {@code JKS}. */
    public record KeyStoreFile(Path path, Secret password, String type) {
        public KeyStoreFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(password, "password");
            type = type == null || type.isBlank() ? "PKCS12" : type;
        }

        KeyStore load() throws IOException, GeneralSecurityException {
            KeyStore store = KeyStore.getInstance(type);
            try (InputStream in = Files.newInputStream(path)) {
                store.load(in, password.reveal());
            }
            return store;
        }
    }

    public TlsSettings {
        if (sslContext != null && (trustStore != null || keyStore != null)) {
            throw new IllegalArgumentException("give either an SSLContext or key stores, not both");
        }
    }

    /** Uses {@code context} (not null) as is. */
    public static TlsSettings of(SSLContext context) {
        return new TlsSettings(null, null, null, Objects.requireNonNull(context, "context"));
    }

    /** The context to hand to the HTTP client; builds it from the stores when none was given. */
    public SSLContext createContext() {
        if (sslContext != null) {
            return sslContext;
        }
        try {
            TrustManagerFactory tmf = null;
            if (trustStore != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trustStore.load());
            }
            KeyManagerFactory kmf = null;
            if (keyStore != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                Secret pw = keyPassword != null ? keyPassword : keyStore.password();
                kmf.init(keyStore.load(), pw.reveal());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            // The exception text of KeyStore.load names the file and the failure, never the password.
            throw new IllegalArgumentException("cannot build TLS context for the registry: " + e.getMessage(), e);
        }
    }
}
