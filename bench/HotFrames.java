import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU samples of JFR recordings fall ({@code jdk.ExecutionSample}, what {@code jfr print --events
 * jdk.ExecutionSample} lists): the share of samples by thread, by the library of the top frame, the top frames
 * (self), and playgate's own methods anywhere on the stack (inclusive). Prints Markdown tables for
 * docs/performance.md. JDK 17's {@code jfr} tool has no {@code view} command (JDK 21 added
 * {@code jfr view hot-methods}), so the aggregation is done here with {@code jdk.jfr.consumer}.
 * Usage: {@code java bench/HotFrames.java TOP FILE.jfr...}
 */
public final class HotFrames {

	private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

	static {
		LIBRARIES.put("dev.playgate.", "playgate");
		LIBRARIES.put("reactor.netty.", "Reactor Netty");
		LIBRARIES.put("io.netty.", "Netty");
		LIBRARIES.put("reactor.core.", "Reactor Core");
		LIBRARIES.put("com.github.benmanes.caffeine.", "Caffeine");
		LIBRARIES.put("io.micrometer.", "Micrometer");
		LIBRARIES.put("ch.qos.logback.", "logging (Logback, SLF4J)");
		LIBRARIES.put("org.slf4j.", "logging (Logback, SLF4J)");
		LIBRARIES.put("org.springframework.", "Spring");
		LIBRARIES.put("com.fasterxml.jackson.", "Jackson");
		LIBRARIES.put("java.", "JDK");
		LIBRARIES.put("javax.", "JDK");
		LIBRARIES.put("jdk.", "JDK");
		LIBRARIES.put("sun.", "JDK");
	}

	private final Map<String, Integer> threads = new HashMap<>();
	private final Map<String, Integer> libraries = new HashMap<>();
	private final Map<String, Integer> self = new HashMap<>();
	private final Map<String, Integer> ownInclusive = new HashMap<>();
	private int samples;
	private int withOwnFrame;

	public static void main(String[] args) throws IOException {
		int top = Integer.parseInt(args[0]);
		HotFrames hot = new HotFrames();
		for (String file : List.of(args).subList(1, args.length)) {
			for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(file))) {
				if (event.getEventType().getName().equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
					hot.add(event);
				}
			}
		}
		hot.print(top);
	}

	private void add(RecordedEvent event) {
		List<RecordedFrame> frames = event.getStackTrace().getFrames();
		if (frames.isEmpty()) {
			return;
		}
		samples++;
		RecordedThread thread = event.getThread("sampledThread");
		threads.merge(threadGroup(thread == null ? "?" : thread.getJavaName()), 1, Integer::sum);
		String topFrame = name(frames.get(0).getMethod());
		self.merge(topFrame, 1, Integer::sum);
		libraries.merge(library(topFrame), 1, Integer::sum);
		Set<String> own = new HashSet<>();
		for (RecordedFrame frame : frames) {
			String method = name(frame.getMethod());
			if (method.startsWith("dev.playgate.")) {
				own.add(method);
			}
		}
		if (!own.isEmpty()) {
			withOwnFrame++;
		}
		own.forEach(method -> ownInclusive.merge(method, 1, Integer::sum));
	}

	private void print(int top) {
		System.out.printf("samples=%d%n%n", samples);
		table("thread", threads, 10);
		table("library of the top frame (self time)", libraries, 20);
		System.out.printf("| any playgate frame on the stack (inclusive) | %s |%n%n", share(withOwnFrame));
		table("top frame (self time)", self, top);
		table("playgate method anywhere on the stack (inclusive)", ownInclusive, top);
		self.entrySet().stream().filter(e -> e.getKey().startsWith("dev.playgate.")).max(Map.Entry.comparingByValue())
			.ifPresent(e -> System.out.printf("hottest_own_self=%s %s%n", e.getKey(), share(e.getValue())));
	}

	private void table(String title, Map<String, Integer> counts, int top) {
		System.out.printf("| %s | samples |%n|---|---|%n", title);
		counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
			.forEach(e -> System.out.printf("| `%s` | %s |%n", e.getKey(), share(e.getValue())));
		System.out.println();
	}

	private String share(int count) {
		return String.format("%.1f %%", 100.0 * count / Math.max(1, samples));
	}

	private static String name(RecordedMethod method) {
		// a lambda's hidden class has a new number every run: one name for all of them
		return method.getType().getName().replaceAll("\\$\\$Lambda\\$.*", "\\$\\$Lambda") + "." + method.getName();
	}

	private static String library(String method) {
		return LIBRARIES.entrySet().stream().filter(e -> method.startsWith(e.getKey())).map(Map.Entry::getValue)
			.findFirst().orElse("other");
	}

	/** A thread's name without its number: {@code reactor-http-epoll-3} counts as {@code reactor-http-epoll}. */
	private static String threadGroup(String name) {
		return name.replaceAll("[-#]?\\d+$", "");
	}
}
