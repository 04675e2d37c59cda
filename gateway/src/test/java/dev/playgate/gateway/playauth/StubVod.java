package dev.playgate.gateway.playauth;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.profile.DefaultProfile;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A loopback HTTP server that answers every request with one canned VOD reply and records the query parameters: the
 * real SDK signs and sends its request to it over HTTP. Stands in for the vod-emulator where a test needs exact
 * control of the reply (errors, odd bodies).
 */
final class StubVod implements AutoCloseable {

	private final DisposableServer server;
	private final List<Map<String, List<String>>> queries = new CopyOnWriteArrayList<>();

	private StubVod(int status, String body) {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> {
				queries.add(new QueryStringDecoder(request.uri()).parameters());
				return response.status(HttpResponseStatus.valueOf(status))
					.header("Content-Type", "application/json;charset=utf-8")
					.sendByteArray(Mono.just(body.getBytes(StandardCharsets.UTF_8)))
					.then();
			})
			.bindNow();
	}

	/** A server answering {@code status} with {@code body}. */
	static StubVod answering(int status, String body) {
		return new StubVod(status, body);
	}

	/** A server answering GetAppPlayKey with {@code playKey}. */
	static StubVod withPlayKey(String appId, String playKey) {
		return answering(200, "{\"RequestId\":\"25818875-5F78-4A00-00F6-D7393642CA58\",\"AppPlayKey\":{\"AppId\":\""
				+ appId + "\",\"PlayKey\":\"" + playKey
				+ "\",\"CreationTime\":\"2025-03-18T03:59:01Z\",\"ModificationTime\":\"2025-03-18T03:59:01Z\"}}");
	}

	/** {@code host:port}. */
	String endpoint() {
		return "127.0.0.1:" + server.port();
	}

	/** The query parameters of every request received. */
	List<Map<String, List<String>>> queries() {
		return queries;
	}

	/** A real SDK client with the credentials the stub ignores. */
	static IAcsClient client() {
		return new DefaultAcsClient(DefaultProfile.getProfile("cn-shanghai", "testAk", "testSecret"));
	}

	@Override
	public void close() {
		server.disposeNow();
	}
}
