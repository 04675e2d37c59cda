package dev.playgate.gateway.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.it.RawHttp.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that pipelines requests and does not read the answers stops being read once its answers back up, on both
 * ports, instead of having every answer it asked for held for it (which ran a replica out of memory: outside attack);
 * one that reads late still gets every answer, in order. Real sockets. Without the back-pressure these tests do not
 * finish (the gateway under test runs out of direct memory), so each is bounded: a hang fails.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class NonReadingClientsTest {

	private static final String VIDEO = "0123456789abcdef0123456789abcdef";
	private static final String HIT = "GET /v1/videos/" + VIDEO + "/play-auth HTTP/1.1\r\nHost: playgate\r\n\r\n";
	private static final String PROBE = "GET /actuator/health/liveness HTTP/1.1\r\nHost: playgate\r\n\r\n";

	/** What a client would send if the gateway read it all; far more than the socket buffers and a read can hold. */
	private static final long FLOOD_BYTES = 256L << 20;

	/** The most a gateway that stops reading can have taken: socket buffers (loopback autotuning) and one read. */
	private static final long BOUND_BYTES = 32L << 20;

	private static VodEmulator emulator;
	private static RunningGateway gateway;

	@BeforeAll
	static void start() throws IOException {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0).withCredentials("testAk", "testSecret"));
		gateway = RunningGateway.start(emulator, Map.of());
		assertThat(RawHttp.exchange(gateway.port(), close(HIT)).status()).isEqualTo(200); // cached from here on
	}

	@AfterAll
	static void stop() {
		gateway.close();
		emulator.close();
	}

	private static String close(String request) {
		return request.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n");
	}

	@Test
	void aClientPipeliningHitsWithoutReadingIsNoLongerReadOnceItsAnswersBackUp() throws IOException {
		long taken = flood(gateway.port(), HIT);

		assertThat(taken).isLessThan(BOUND_BYTES);
		Answer other = RawHttp.exchange(gateway.port(), close(HIT));
		assertThat(other.status()).isEqualTo(200);
	}

	@Test
	void aClientPipeliningProbesWithoutReadingIsNoLongerReadOnceItsAnswersBackUp() throws IOException {
		long taken = flood(gateway.managementPort(), PROBE);

		assertThat(taken).isLessThan(BOUND_BYTES);
		Answer other = RawHttp.exchange(gateway.managementPort(), close(PROBE));
		assertThat(other.status()).isEqualTo(200);
	}

	@Test
	void aClientThatReadsLateGetsEveryAnswerInOrder() throws Exception {
		int requests = 2_000;
		try (Socket socket = new Socket()) {
			socket.setReceiveBufferSize(4096);
			socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
				try {
					StringBuilder all = new StringBuilder();
					for (int i = 0; i < requests; i++) {
						all.append(HIT.replace("\r\n\r\n", "\r\nX-Request-Id: r" + i + "\r\n\r\n"));
					}
					out.write(all.toString().getBytes(StandardCharsets.US_ASCII));
					out.flush();
				}
				catch (IOException failed) {
					throw new IllegalStateException(failed);
				}
			});

			int answered = countAnswersInOrder(socket.getInputStream(), requests);

			assertThat(answered).isEqualTo(requests);
			written.get(20, TimeUnit.SECONDS);
		}
	}

	/** Reads answers until {@code expected} were seen, checking their request ids run r0, r1, ...; how many came. */
	private static int countAnswersInOrder(InputStream in, int expected) throws IOException {
		StringBuilder text = new StringBuilder();
		byte[] chunk = new byte[1024];
		int seen = 0;
		int from = 0;
		while (seen < expected) {
			int read = in.read(chunk);
			if (read < 0) {
				break;
			}
			text.append(new String(chunk, 0, read, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT));
			for (int at = text.indexOf("x-request-id: ", from); at >= 0; at = text.indexOf("x-request-id: ", from)) {
				int end = text.indexOf("\r\n", at);
				if (end < 0) {
					break;
				}
				assertThat(text.substring(at + "x-request-id: ".length(), end)).isEqualTo("r" + seen);
				seen++;
				from = end;
			}
			if (from > 1 << 20) {
				text.delete(0, from);
				from = 0;
			}
		}
		return seen;
	}

	/**
	 * Sends {@code request} over and over on one connection whose receive buffer is tiny and which never reads, until
	 * {@link #FLOOD_BYTES} are sent, the server stops taking them (nothing more for 3 s) or closes; the bytes it took.
	 */
	private static long flood(int port, String request) throws IOException {
		byte[] one = request.getBytes(StandardCharsets.US_ASCII);
		ByteBuffer many = ByteBuffer.allocate(one.length * (65536 / one.length));
		while (many.remaining() >= one.length) {
			many.put(one);
		}
		long sent = 0;
		try (SocketChannel channel = SocketChannel.open(); Selector selector = Selector.open()) {
			channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
			channel.connect(new InetSocketAddress("127.0.0.1", port));
			channel.configureBlocking(false);
			channel.register(selector, SelectionKey.OP_WRITE);
			while (sent < FLOOD_BYTES) {
				many.flip();
				while (many.hasRemaining()) {
					int wrote = channel.write(many);
					sent += wrote;
					if (wrote == 0 && selector.select(3_000) == 0) {
						return sent; // the server stopped reading
					}
					selector.selectedKeys().clear();
				}
				many.clear();
				while (many.remaining() >= one.length) {
					many.put(one);
				}
			}
		}
		catch (IOException closedByTheServer) {
			return sent;
		}
		return sent;
	}
}
