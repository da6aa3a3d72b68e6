package io.vmnetdiag.api.v1alpha1;

import java.util.List;

/**
 * What the API server would do with an object: the object after pruning and defaulting, the fields it
 * would silently drop, and the errors that make it reject the request.
 */
record SchemaValidation(Object stored, List<String> pruned, List<String> errors) {
  boolean valid() {
    return errors.isEmpty();
  }
}
