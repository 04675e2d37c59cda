import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One takeover round: with VOD hanging, gateway A (process {@code holder-pid}) takes the lease for a fresh video and
 * gateway B waits for it; A is killed (SIGKILL) and VOD released at once; prints the milliseconds from the kill to
 * B's answer, and B's status.
 * Usage: java bench/TakeoverBench.java emulator-port holder-port holder-pid waiter-port waiter-management-port
 * redis-port
 */
public final class TakeoverBench {

	public static void main(String[] args) throws Exception {
		int emulator = Integer.parseInt(args[0]);
		int holder = Integer.parseInt(args[1]);
		long holderPid = Long.parseLong(args[2]);
		int waiter = Integer.parseInt(args[3]);
		int waiterManagement = Integer.parseInt(args[4]);
		int redis = Integer.parseInt(args[5]);
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		// warm both gateways' miss path first, so the round measures the takeover, not a cold start
		http.send(get(holder, "/v1/videos/" + fresh() + "/play-auth"), HttpResponse.BodyHandlers.discarding());
		http.send(get(waiter, "/v1/videos/" + fresh() + "/play-auth"), HttpResponse.BodyHandlers.discarding());
		String video = fresh();
		String path = "/v1/videos/" + video + "/play-auth";
		faults(http, emulator, "hang=true");
		http.sendAsync(get(holder, path), HttpResponse.BodyHandlers.discarding());
		awaitTrue(() -> leaseHeld(redis, video));
		CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(get(waiter, path),
				HttpResponse.BodyHandlers.ofString());
		awaitTrue(() -> waiting(http, waiterManagement));
		Thread.sleep(1000); // let the holder renew its lease at least once
		long killedAt = System.nanoTime();
		ProcessHandle.of(holderPid).orElseThrow().destroyForcibly();
		faults(http, emulator, "hang=false");
		HttpResponse<String> answer = waiting.get();
		long answeredAt = System.nanoTime();
		System.out.printf("takeover_ms=%.0f status=%d x_cache=%s%n", (answeredAt - killedAt) / 1e6, answer.statusCode(),
				answer.headers().firstValue("X-Cache").orElse("-"));
	}

	private static String fresh() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	interface Check {
		boolean holds() throws Exception;
	}

	private static void awaitTrue(Check check) throws Exception {
		for (int i = 0; i < 300; i++) {
			if (check.holds()) {
				return;
			}
			Thread.sleep(20);
		}
		throw new IllegalStateException("timed out waiting");
	}

	/** Whether Redis holds a lease for the video (KEYS over RESP; the bench's Redis holds a handful of keys). */
	private static boolean leaseHeld(int port, String video) throws Exception {
		try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
			String pattern = "playgate:{" + video + "}:play-auth:*:lease"; // shared/SharedKeys: the video id is the hash tag
			String command = "*2\r\n$4\r\nKEYS\r\n$" + pattern.length() + "\r\n" + pattern + "\r\n";
			socket.getOutputStream().write(command.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			byte[] head = new byte[4];
			int read = socket.getInputStream().read(head);
			return read > 1 && !(head[0] == '*' && head[1] == '0');
		}
	}

	/** Whether the waiter's gateway reports a key with waiters. */
	private static boolean waiting(HttpClient http, int managementPort) throws Exception {
		String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
				+ "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
		return metrics.lines().anyMatch(line -> line.startsWith("playgate_lease_waiting_keys")
				&& !line.endsWith(" 0.0"));
	}

	private static HttpRequest get(int port, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
			.build();
	}

	private static void faults(HttpClient http, int port, String query) throws Exception {
		http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/__admin/faults?" + query))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.discarding());
	}
}
