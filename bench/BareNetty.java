import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The baseline of the L1-hit benchmark: bare Reactor Netty answering every request, with no routing at all, with the
 * same bytes the gateway sends on a cache hit. Its headers are the gateway's own, read from a file of {@code Name:
 * value} lines (a {@code curl -si} capture of a gateway hit: the status line and the framing headers are skipped,
 * Reactor Netty sets those), or without that file a fixed set like a hit's. Run by bench/l1-hit with the gateway's
 * classpath: {@code java -cp CP bench/BareNetty.java PORT BODY-FILE [HEADERS-FILE]}.
 */
public final class BareNetty {

	private static final Set<String> FRAMING = Set.of("content-length", "connection", "transfer-encoding", "keep-alive");

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		byte[] body = Files.readAllBytes(Path.of(args[1]));
		List<String[]> headers = args.length > 2 ? headers(Path.of(args[2])) : defaults();
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.handle((request, response) -> {
				for (String[] header : headers) {
					response.responseHeaders().set(header[0], header[1]);
				}
				response.responseHeaders().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
				return response.sendObject(Unpooled.wrappedBuffer(body));
			})
			.bindNow();
		System.out.println("bare netty ready on 127.0.0.1:" + server.port() + " with " + headers.size() + " headers");
		server.onDispose().block();
	}

	private static List<String[]> headers(Path file) throws Exception {
		List<String[]> headers = new ArrayList<>();
		for (String line : Files.readAllLines(file)) {
			int colon = line.indexOf(':');
			if (line.startsWith("HTTP/") || colon <= 0) {
				continue;
			}
			String name = line.substring(0, colon).trim();
			if (!FRAMING.contains(name.toLowerCase(Locale.ROOT))) {
				headers.add(new String[] { name, line.substring(colon + 1).trim() });
			}
		}
		return headers;
	}

	private static List<String[]> defaults() {
		return List.of(new String[] { "Content-Type", "application/json" }, new String[] { "X-Cache", "HIT" },
				new String[] { "Cache-Control", "private, max-age=2900" }, new String[] { "Age", "10" });
	}
}
