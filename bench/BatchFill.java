import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks a gateway for the play-auth of ids {@code from..to} ({@code ks} and the number on 30 digits) through
 * {@code POST /v1/play-auth/batch}, 100 ids a request, {@code concurrency} requests in flight, until every id of every
 * batch was answered with a credential: a batch answered 200 with a problem among its items (the budget, the bulkhead,
 * a slow VOD) is asked again, whole, after a pause (the ids already answered are hits then).
 * {@code java bench/BatchFill.java URL FROM TO [concurrency] [fill|verify]}; {@code verify} asks each batch once and
 * fails unless every batch is answered {@code X-Cache: HIT} with a credential for each id (every id cached).
 * Prints one line of {@code key=value}: ids, seconds, ids_per_s, retries, the problem codes seen, and the mean
 * bytes of one id's credential in the answers ({@code body_bytes}, the cached body: a batch copies it as it is);
 * on standard error, each problem's detail and how many items had it.
 */
public final class BatchFill {

	private static final int BATCH = 100;
	private static final int MAX_ATTEMPTS = 50;
	private static final Pattern CODE = Pattern.compile("\"code\":\"([A-Z_]+)\",\"detail\":\"([^\"]*)\"");

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();
	private final URI uri;
	private final boolean verify;
	private final LongAdder retries = new LongAdder();
	private final LongAdder bodyBytes = new LongAdder();
	private final Map<String, LongAdder> problems = new ConcurrentHashMap<>();
	private final Map<String, LongAdder> details = new ConcurrentHashMap<>();
	private final AtomicLong failed = new AtomicLong();

	private BatchFill(String url, boolean verify) {
		this.uri = URI.create(url + "/v1/play-auth/batch");
		this.verify = verify;
	}

	public static void main(String[] args) throws Exception {
		long from = Long.parseLong(args[1]);
		long to = Long.parseLong(args[2]);
		int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 4;
		boolean verify = args.length > 4 && args[4].equals("verify");
		BatchFill fill = new BatchFill(args[0], verify);
		long started = System.nanoTime();
		fill.run(from, to, concurrency);
		double seconds = (System.nanoTime() - started) / 1e9;
		long ids = to - from + 1;
		System.out.printf(java.util.Locale.ROOT,
				"ids=%d seconds=%.1f ids_per_s=%.0f retries=%d problems=%s body_bytes=%.0f failed_batches=%d%n", ids,
				seconds, ids / seconds, fill.retries.sum(), fill.problemSummary(), fill.bodyBytes.sum() / (double) ids,
				fill.failed.get());
		new TreeMap<>(fill.details)
			.forEach((detail, n) -> System.err.println("  " + detail + " (" + n.sum() + " items)"));
		System.exit(fill.failed.get() == 0 ? 0 : 1);
	}

	private void run(long from, long to, int concurrency) throws InterruptedException {
		long batches = (to - from + BATCH) / BATCH;
		AtomicLong nextBatch = new AtomicLong();
		ExecutorService workers = Executors.newFixedThreadPool(concurrency);
		for (int w = 0; w < concurrency; w++) {
			workers.execute(() -> {
				long b;
				while ((b = nextBatch.getAndIncrement()) < batches && failed.get() == 0) {
					long first = from + b * BATCH;
					ask(first, Math.min(to, first + BATCH - 1));
				}
			});
		}
		workers.shutdown();
		workers.awaitTermination(1, TimeUnit.DAYS);
	}

	/** Asks one batch until each of its ids is answered with a credential (once only in verify mode). */
	private void ask(long first, long last) {
		int n = (int) (last - first + 1);
		HttpRequest request = HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(60))
			.POST(HttpRequest.BodyPublishers.ofString(body(first, last)))
			.build();
		for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
			String why = attempt(request, n);
			if (why == null) {
				return;
			}
			if (verify || attempt == MAX_ATTEMPTS) {
				System.err.println("batch " + first + ".." + last + ": " + why);
				failed.incrementAndGet();
				return;
			}
			retries.increment();
			pause(Math.min(2000, 100L * attempt));
		}
	}

	/** One request of a batch: null when every id got a credential, else what was wrong. */
	private String attempt(HttpRequest request, int n) {
		HttpResponse<String> response;
		try {
			response = client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException e) {
			return "no answer: " + e;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
		String answer = response.body();
		if (response.statusCode() != 200) {
			return "status " + response.statusCode() + ": " + answer;
		}
		int credentials = count(answer, "\"playAuth\":\"");
		if (credentials != n) {
			Matcher code = CODE.matcher(answer);
			while (code.find()) {
				problems.computeIfAbsent(code.group(1), c -> new LongAdder()).increment();
				details.computeIfAbsent(code.group(1) + ": " + code.group(2), c -> new LongAdder()).increment();
			}
			return credentials + " credentials of " + n;
		}
		String cache = response.headers().firstValue("X-Cache").orElse("");
		if (verify && !cache.equals("HIT")) {
			return "X-Cache: " + cache;
		}
		// {"items":[ + the n bodies joined by commas + ]}: the batch copies each cached body as it is
		bodyBytes.add(answer.getBytes(java.nio.charset.StandardCharsets.UTF_8).length - 12 - (n - 1));
		return null;
	}

	private static String body(long first, long last) {
		StringBuilder body = new StringBuilder(40 * BATCH).append("{\"videoIds\":[");
		for (long id = first; id <= last; id++) {
			body.append(id == first ? "\"" : ",\"").append(String.format("ks%030d", id)).append('"');
		}
		return body.append("]}").toString();
	}

	private static int count(String text, String needle) {
		int count = 0;
		for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
			count++;
		}
		return count;
	}

	private String problemSummary() {
		if (problems.isEmpty()) {
			return "none";
		}
		StringBuilder summary = new StringBuilder();
		new TreeMap<>(problems).forEach((code, n) -> summary.append(summary.isEmpty() ? "" : ",").append(code)
			.append(':').append(n.sum()));
		return summary.toString();
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
