package io.vmnetdiag.agent.cause;

/** Where the ruleset's JSON (libnftables' {@code list ruleset}) comes from, in the calling thread's namespace. */
@FunctionalInterface
public interface RulesetSource {
  String listRuleset() throws RulesetUnavailable;

  /** Why the ruleset could not be read, in one sentence. */
  final class RulesetUnavailable extends Exception {
    public RulesetUnavailable(String message) {
      super(message);
    }
  }
}
