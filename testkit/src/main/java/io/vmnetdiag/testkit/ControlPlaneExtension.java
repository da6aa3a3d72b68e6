package io.vmnetdiag.testkit;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs tests against the real control plane ({@link ControlPlane#shared()}): installs the NetworkDiagnosis
 * CRD once per JVM (unless built {@link #withoutCrd()}), gives each test its own namespace, labelled for
 * capture pods as the README tells users (Pod Security {@code privileged}), and deletes it afterwards.
 * Test methods and constructors may take a {@link KubernetesClient} (admin), a {@link TestNamespace} and
 * the {@link ControlPlane}.
 */
public class ControlPlaneExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  public static final String POD_SECURITY_ENFORCE = "pod-security.kubernetes.io/enforce";
  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(ControlPlaneExtension.class);
  private static boolean crdInstalled;

  private final boolean installCrd;

  /** With the CRD this build generated installed. */
  public ControlPlaneExtension() {
    this(true);
  }

  private ControlPlaneExtension(boolean installCrd) {
    this.installCrd = installCrd;
  }

  /** For tests that install the CRD themselves (as a user does, with kubectl). */
  public static ControlPlaneExtension withoutCrd() {
    return new ControlPlaneExtension(false);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    ControlPlane controlPlane = ControlPlane.shared();
    KubernetesClient client = controlPlane.adminClient();
    installCrdOnce(client);
    String name = namespaceName(context.getRequiredTestMethod().getName());
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .addToLabels(POD_SECURITY_ENFORCE, "privileged").endMetadata().build()).create();
    ExtensionContext.Store store = context.getStore(STORE);
    store.put(KubernetesClient.class, client);
    store.put(TestNamespace.class, new TestNamespace(name));
  }

  private void installCrdOnce(KubernetesClient client) {
    synchronized (ControlPlaneExtension.class) {
      if (installCrd && !crdInstalled) {
        ControlPlane.installCrd(client);
        crdInstalled = true;
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(STORE);
    KubernetesClient client = store.remove(KubernetesClient.class, KubernetesClient.class);
    TestNamespace namespace = store.remove(TestNamespace.class, TestNamespace.class);
    if (client != null) {
      if (namespace != null) {
        client.namespaces().withName(namespace.name()).delete();
      }
      client.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubernetesClient.class || type == TestNamespace.class || type == ControlPlane.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == ControlPlane.class) {
      return ControlPlane.shared();
    }
    Object value = context.getStore(STORE).get(type);
    if (value == null) {
      throw new IllegalStateException(type.getSimpleName() + " is per test: take it in a test or @BeforeEach method");
    }
    return value;
  }

  /** A DNS label from the test's name and a random suffix (short enough for tests to add their own suffixes). */
  static String namespaceName(String testName) {
    String base = testName.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "");
    if (base.length() > 30) {
      base = base.substring(0, 30);
    }
    base = base.replaceAll("-+$", "");
    return "t-" + base + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
  }
}
