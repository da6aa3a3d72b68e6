package io.vmnetdiag.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's picture of the seed on the real VM, held to a real run: the same command line options, and the same
 * picture once names, addresses and counts are set aside (the boxes, the break and its caret, the verdict and
 * location lines, the guest's lines), so the README cannot drift from what {@code vmnetdiag diagnose} prints.
 */
final class ReadmeCliPicture {
  /** The README block's first line: the command as the seed's CLI test runs it. */
  static final Pattern COMMAND = Pattern.compile("(?m)^# vmnetdiag diagnose vndvm-\\S+ (.*)$");

  private ReadmeCliPicture() {
  }

  /** Fails unless the README's block shows a run with the options {@code options} and the shape of {@code stdout}. */
  static void assertSameRun(List<String> options, String stdout) {
    String block = block();
    Matcher command = COMMAND.matcher(block);
    assertThat(command.find()).as(block).isTrue();
    assertThat(optionNames(List.of(command.group(1).split(" +")))).as("the README's command line")
        .isEqualTo(optionNames(options));
    assertCaretUnderTheX(block);
    assertCaretUnderTheX(stdout);
    assertThat(shape(block)).as("the README's picture against a real run:\n%s", stdout).isEqualTo(shape(stdout));
  }

  /** The README's console block that starts with the real VM's command. */
  static String block() {
    String readme;
    try {
      readme = Files.readString(root().resolve("README.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher command = COMMAND.matcher(readme);
    assertThat(command.find()).as("the README shows a run of vmnetdiag diagnose on the real VM").isTrue();
    return readme.substring(command.start(), readme.indexOf("\n```", command.start()));
  }

  /** The picture's lines from the header to "evidence", each reduced to what does not depend on the lab's names. */
  static List<String> shape(String output) {
    List<String> shape = new ArrayList<>();
    boolean inPicture = false;
    for (String line : output.lines().toList()) {
      if (line.startsWith("path of ")) {
        inPicture = true;
        shape.add(line.replaceAll("^path of \\S+ on \\S+: VM \\S+ \\S+", "path of DOMAIN on NODE: VM MAC ADDRESS"));
        continue;
      }
      if (!inPicture) {
        continue;
      }
      if (line.equals("evidence")) {
        shape.add(line);
        break;
      }
      if (line.startsWith("network ")) {
        shape.add(line.replaceAll(" +\\|", "|").replaceAll("\\| +", "|"));
      } else if (line.contains("^ packets stop here")) {
        shape.add(line.strip());
      } else if (line.startsWith(" ") && !line.isBlank() && !line.startsWith("          during")) {
        shape.add(line.replaceAll("[^|+X]", ""));
      } else if (line.startsWith("verdict ") || line.startsWith("location ")) {
        shape.add(line);
      } else if (line.startsWith("guest ")) {
        shape.add(line.replaceAll("^guest +(\\S+) \\S+ (up|not shown up).*", "guest $1 MAC $2"));
      } else if (line.startsWith("          during")) {
        shape.add(line.replaceAll("\\d+", "N"));
      } else if (line.isBlank()) {
        shape.add("");
      }
      // summary, window, probes, cause and rule lines carry the run's own words and numbers: not compared
    }
    return shape;
  }

  private static void assertCaretUnderTheX(String output) {
    List<String> lines = output.lines().toList();
    int x = lines.stream().filter(line -> line.contains("--X--")).findFirst().orElseThrow().indexOf("--X--") + 2;
    String caret = lines.stream().filter(line -> line.contains("^ packets stop here")).findFirst().orElseThrow();
    assertThat(caret.indexOf('^')).as(output).isEqualTo(x);
  }

  private static List<String> optionNames(List<String> args) {
    return args.stream().filter(arg -> arg.startsWith("--")).toList();
  }

  private static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("README.md"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("README.md above " + Path.of("").toAbsolutePath()).isNotNull();
    return dir;
  }
}
