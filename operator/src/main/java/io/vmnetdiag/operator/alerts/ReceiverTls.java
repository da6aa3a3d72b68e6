package io.vmnetdiag.operator.alerts;

import io.fabric8.kubernetes.client.internal.CertUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The receiver's TLS from a mounted kubernetes.io/tls Secret: tls.crt and tls.key serve HTTPS; a ca.crt beside them
 * turns on mTLS, and then only clients with a certificate that CA signed get past the handshake.
 *
 * @param context the server's TLS context
 * @param mutual true when clients must present a certificate (ca.crt present)
 */
record ReceiverTls(SSLContext context, boolean mutual) {
  static final String CERT = "tls.crt";
  static final String KEY = "tls.key";
  static final String CLIENT_CA = "ca.crt";

  static ReceiverTls load(Path directory) {
    try (InputStream cert = Files.newInputStream(directory.resolve(CERT));
        InputStream key = Files.newInputStream(directory.resolve(KEY))) {
      char[] password = new char[0];
      KeyStore keys = CertUtils.createKeyStore(cert, key, keyAlgorithm(directory.resolve(KEY)), password, null,
          password);
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, password);
      Path ca = directory.resolve(CLIENT_CA);
      boolean mutual = Files.exists(ca);
      TrustManagerFactory trustManagers = null;
      if (mutual) {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
          int i = 0;
          for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
            trusted.setCertificateEntry("client-ca-" + i++, certificate);
          }
        }
        trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trustManagers == null ? null : trustManagers.getTrustManagers(), null);
      return new ReceiverTls(context, mutual);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("the alert receiver's TLS files in " + directory + " (" + CERT + ", " + KEY
          + ", optional " + CLIENT_CA + ") cannot be used: " + e.getMessage(), e);
    }
  }

  private static String keyAlgorithm(Path key) throws IOException {
    return Files.readString(key).contains("EC PRIVATE KEY") ? "EC" : "RSA";
  }
}
