package io.vmnetdiag.api.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.CustomResource;
import io.vmnetdiag.api.v1alpha1.DiagnosisPolicy;
import io.vmnetdiag.api.v1alpha1.DiagnosisTrigger;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import java.io.File;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Build step (api/pom.xml, process-classes): Fabric8's crd-generator writes the CRDs of the api's resources, and
 * this adds what its Maven plugin cannot: the root's description from {@link JsonClassDescription}, and the printer
 * columns in the order they are declared (the generator sorts them by JSONPath, which put AGE first).
 */
public final class CrdGeneration {
  static final List<Class<? extends CustomResource<?, ?>>> RESOURCES = List.of(NetworkDiagnosis.class,
      DiagnosisPolicy.class, DiagnosisTrigger.class);

  private CrdGeneration() {
  }

  /** Writes the CRDs into the directory given as the only argument. */
  public static void main(String[] args) {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: CrdGeneration OUTPUT_DIRECTORY");
    }
    File output = new File(args[0]);
    if (!output.isDirectory() && !output.mkdirs()) {
      throw new IllegalStateException("cannot create " + output);
    }
    int written = new CRDGenerator()
        .customResourceClasses(RESOURCES.stream().<Class<? extends HasMetadata>>map(c -> c).toList())
        .forCRDVersions("v1")
        .withPostProcessor(new CRDPostProcessor() {
          @Override
          public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
            return finish((CustomResourceDefinition) crd);
          }
        })
        .inOutputDir(output)
        .generate();
    if (written != RESOURCES.size()) {
      throw new IllegalStateException("crd-generator wrote " + written + " CRDs, expected " + RESOURCES.size());
    }
  }

  static CustomResourceDefinition finish(CustomResourceDefinition crd) {
    Class<?> type = RESOURCES.stream()
        .filter(r -> r.getSimpleName().equals(crd.getSpec().getNames().getKind()))
        .findFirst().orElseThrow(() -> new IllegalStateException("no resource class for " + crd.getMetadata()));
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      JsonClassDescription description = type.getAnnotation(JsonClassDescription.class);
      if (description != null) {
        version.getSchema().getOpenAPIV3Schema().setDescription(description.value());
      }
      orderColumnsAsDeclared(type, version);
    }
    return crd;
  }

  private static void orderColumnsAsDeclared(Class<?> type, CustomResourceDefinitionVersion version) {
    List<String> declared = Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name).toList();
    if (version.getAdditionalPrinterColumns() == null || declared.isEmpty()) {
      return;
    }
    Map<String, Integer> position = declared.stream()
        .collect(Collectors.toMap(Function.identity(), declared::indexOf));
    version.getAdditionalPrinterColumns().sort(Comparator.comparing(
        (CustomResourceColumnDefinition column) -> position.getOrDefault(column.getName(), declared.size())));
  }
}
