package io.vmnetdiag.lab.topology;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Lab start-up and teardown, timed and printed alike by every test class that builds a lab:
 * {@code [TestClass] lab up in N ms (...)} and {@code [TestClass] lab torn down in N ms (...)}.
 */
public final class LabTimes {
  private LabTimes() {
  }

  /** A lab that prints its teardown time when closed, for try-with-resources. */
  public record Timed<T extends AutoCloseable>(Class<?> test, T lab) implements AutoCloseable {
    @Override
    public void close() {
      down(test, lab, ignored -> null);
    }
  }

  /** Starts a lab with {@code start}, printing how long it took. */
  public static <T extends AutoCloseable> T up(Class<?> test, Supplier<T> start) {
    return up(test, start, ignored -> null);
  }

  /** As {@link #up(Class, Supplier)}, with {@code detail} of the lab (its parts' own times, its names) after it. */
  public static <T extends AutoCloseable> T up(Class<?> test, Supplier<T> start, Function<T, String> detail) {
    long begin = System.nanoTime();
    T lab = start.get();
    print(test, "lab up", begin, detail.apply(lab));
    return lab;
  }

  /** Starts a lab that prints its teardown time when closed. */
  public static <T extends AutoCloseable> Timed<T> timed(Class<?> test, Supplier<T> start) {
    return new Timed<>(test, up(test, start));
  }

  /** Tears {@code lab} down (nothing when null), printing how long it took and {@code detail} of it afterwards. */
  public static <T extends AutoCloseable> void down(Class<?> test, T lab, Function<T, String> detail) {
    if (lab == null) {
      return;
    }
    long begin = System.nanoTime();
    try {
      lab.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("tearing the lab down: " + e.getMessage(), e);
    }
    print(test, "lab torn down", begin, detail.apply(lab));
  }

  private static void print(Class<?> test, String what, long begin, String detail) {
    System.out.printf("[%s] %s in %d ms%s%n", test.getSimpleName(), what, (System.nanoTime() - begin) / 1_000_000,
        detail == null ? "" : " (" + detail + ")");
  }
}
