import java.nio.file.Files;
import java.nio.file.Path;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The baseline of the L1-hit benchmark: bare Reactor Netty answering every request, with no routing at all, with the
 * same bytes and headers the gateway sends on a cache hit. Run by bench/l1-hit with the gateway's own classpath.
 */
public final class BareNetty {

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		byte[] body = Files.readAllBytes(Path.of(args[1]));
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.handle((request, response) -> {
				response.responseHeaders()
					.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
					.set("X-Cache", "HIT")
					.set(HttpHeaderNames.CACHE_CONTROL, "private, max-age=2900")
					.set(HttpHeaderNames.AGE, "10")
					.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
				return response.sendObject(Unpooled.wrappedBuffer(body));
			})
			.bindNow();
		System.out.println("bare netty ready on 127.0.0.1:" + server.port());
		server.onDispose().block();
	}
}
