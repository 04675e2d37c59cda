import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one benchmark's section into docs/performance.md: the section is read from standard input, starts with its
 * {@code ## heading} line, and replaces the section of that heading (up to the next {@code ## } heading) or, when the
 * document has none, is appended. Run by the bench/ scripts as {@code java bench/Doc.java < section.md}.
 */
public final class Doc {

	private static final String HEADER = "# playgate performance\n\n"
			+ "Every figure is a ratio against a baseline measured in the same run on the same machine.\n\n";

	public static void main(String[] args) throws IOException {
		Path document = Path.of(args.length > 0 ? args[0] : "docs/performance.md");
		String section = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip() + "\n";
		if (!section.startsWith("## ")) {
			throw new IllegalArgumentException("a section starts with its '## ' heading: "
					+ section.lines().findFirst().orElse(""));
		}
		String heading = section.lines().findFirst().orElseThrow();
		String text = Files.exists(document) ? Files.readString(document) : HEADER;
		Files.writeString(document, replaced(text, heading, section));
		System.out.println("written to " + document + " (" + heading + ")");
	}

	static String replaced(String text, String heading, String section) {
		int start = text.startsWith(heading + "\n") ? 0 : text.indexOf("\n" + heading + "\n");
		if (start < 0) {
			return text.stripTrailing() + "\n\n" + section;
		}
		start = start == 0 ? 0 : start + 1;
		int next = text.indexOf("\n## ", start + heading.length());
		String rest = next < 0 ? "" : "\n" + text.substring(next + 1);
		return text.substring(0, start) + section + rest;
	}
}
