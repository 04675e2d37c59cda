package dev.playgate.gateway.upstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import com.aliyuncs.auth.AlibabaCloudCredentials;
import com.aliyuncs.auth.BasicSessionCredentials;
import com.aliyuncs.auth.DefaultCredentialsProvider;
import com.aliyuncs.exceptions.ClientException;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.loop.ServerLoops;
import dev.playgate.gateway.upstream.VodSignature.AccessKey;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.timeout.ReadTimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;

/**
 * The VOD client of {@code playgate.vod.transport=netty} (the default): Reactor Netty's HTTP client, on the event
 * loops the server runs on, signing each call itself ({@link VodSignature}) and reading VOD's JSON ({@link VodJson}).
 * A miss then costs no thread hand-off: the request, the call and the answer run on one event loop. Reactor Netty's
 * pool hands out any idle connection, whatever loop it lives on, so there is one pool per loop of the server, its
 * connections on that loop, and a call takes the pool of the loop it is sent from (a call sent from elsewhere, after
 * a hold in the send window, takes the pools in turn).
 *
 * <p>
 * It sends what the SDK sends (a {@code POST} to {@code /} with every parameter in the query and no body) and reads
 * VOD's answers as the SDK does: a 2xx JSON answer is the credential; any other status is an error whose {@code Code}
 * means what {@link VodFailure} says (5xx the server's, the rest the client's); no answer within the read timeout is
 * a timeout; no connection, a connection closed before the answer or no pooled connection in time is unreachable; a
 * full queue of calls waiting for a connection is the gateway's own saturation ({@link RejectedExecutionException}).
 * With static credentials the AccessKey is at hand; with the SDK's default credential chain, which may do I/O (ECS
 * metadata, STS), each call asks the chain on a small bounded scheduler, and the chain's providers cache their keys.
 */
final class NettyVodClient implements VodClient {

	/** VOD's answers are a few kilobytes; a longer one is not an answer. */
	static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

	/** How long a connection may stay idle in the pool: one VOD closed meanwhile would fail the call reusing it. */
	private static final Duration MAX_IDLE = Duration.ofSeconds(10);

	private final ServerLoops loops;
	private final HttpClient[] clients;
	private final ConnectionProvider[] pools;
	private final AtomicInteger spread = new AtomicInteger();
	private final Mono<AccessKey> fixedKey;
	private final @Nullable DefaultCredentialsProvider chain;
	private final @Nullable Scheduler chainScheduler;
	private final String regionId;
	private final String endpoint;
	private final Clock clock;

	private NettyVodClient(ServerLoops loops, HttpClient[] clients, ConnectionProvider[] pools,
			VodProperties properties, @Nullable DefaultCredentialsProvider chain, Clock clock) {
		this.loops = loops;
		this.clients = clients;
		this.pools = pools;
		this.chain = chain;
		this.chainScheduler = chain == null ? null
				: Schedulers.newBoundedElastic(4, 1024, "vod-credentials", 60, true);
		this.fixedKey = chain == null ? Mono.just(fixedKey(properties)) : Mono.empty();
		this.regionId = properties.regionId();
		this.endpoint = properties.protocol() + "://" + properties.effectiveEndpoint();
		this.clock = clock;
	}

	/**
	 * A client of {@code properties}' endpoint with their timeouts: one HTTP client per event loop of the server, each
	 * with a pool of up to {@code max-connections} on that loop. Not a share of them: the calls in flight are bounded
	 * by the upstream bulkhead, and a loop whose requests miss more than the others' must not queue for a connection
	 * while the other loops' sit idle (idle ones leave after {@link #MAX_IDLE}).
	 */
	static NettyVodClient of(VodProperties properties, int maxConcurrentCalls, Clock clock) {
		ServerLoops loops = ServerLoops.of();
		List<EventLoop> each = loops.each();
		HttpClient[] clients = new HttpClient[each.size()];
		ConnectionProvider[] pools = new ConnectionProvider[each.size()];
		for (int i = 0; i < each.size(); i++) {
			pools[i] = pool(properties, maxConcurrentCalls, i);
			clients[i] = http(properties, pools[i]).runOn(each.get(i));
		}
		return new NettyVodClient(loops, clients, pools, properties,
				properties.hasStaticCredentials() ? null : SdkVodClient.defaultChain(), clock);
	}

	/** The {@code index}-th loop's pool: its connections, and how many calls may wait for one. */
	private static ConnectionProvider pool(VodProperties properties, int maxConcurrentCalls, int index) {
		return ConnectionProvider.builder("vod-" + index)
			.maxConnections(properties.maxConnections())
			.pendingAcquireMaxCount(maxConcurrentCalls * 16)
			.pendingAcquireTimeout(properties.connectTimeout())
			.maxIdleTime(MAX_IDLE)
			.build();
	}

	private static HttpClient http(VodProperties properties, ConnectionProvider pool) {
		HttpClient http = HttpClient.create(pool)
			.baseUrl(properties.protocol() + "://" + properties.effectiveEndpoint())
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
			.responseTimeout(properties.readTimeout())
			.followRedirect(false)
			.headers(headers -> headers.set(HttpHeaderNames.ACCEPT, "application/json")
				.set(HttpHeaderNames.CONTENT_TYPE, "application/x-www-form-urlencoded")
				.set(HttpHeaderNames.CONTENT_LENGTH, 0)
				.set(HttpHeaderNames.USER_AGENT, "playgate"));
		return properties.protocol().equals("https") ? http.secure() : http;
	}

	/** The HTTP client on the calling event loop, so the call and its answer stay there; else the next in turn. */
	private HttpClient onThisLoop() {
		int loop = loops.indexOfCurrent();
		return clients[loop >= 0 ? loop : Math.floorMod(spread.getAndIncrement(), clients.length)];
	}

	private static AccessKey fixedKey(VodProperties properties) {
		return new AccessKey(properties.accessKeyId(), properties.accessKeySecret(), properties.securityToken());
	}

	@Override
	public Mono<byte[]> send(VodCall call) {
		return accessKey(call).flatMap(key -> exchange(call, key));
	}

	private Mono<AccessKey> accessKey(VodCall call) {
		if (chain == null) {
			return fixedKey;
		}
		return Mono.fromCallable(() -> fromChain(chain, call.key())).subscribeOn(chainScheduler);
	}

	private static AccessKey fromChain(DefaultCredentialsProvider chain, CredentialKey key) {
		try {
			AlibabaCloudCredentials credentials = chain.getCredentials();
			String token = credentials instanceof BasicSessionCredentials session ? session.getSessionToken() : null;
			return new AccessKey(credentials.getAccessKeyId(), credentials.getAccessKeySecret(), token);
		}
		catch (ClientException ex) {
			throw new VodCallException(VodFailure.ofClient(ex, key.videoId()), ex.getRequestId());
		}
	}

	private Mono<byte[]> exchange(VodCall call, AccessKey key) {
		String query = VodSignature.signedQuery(call.actionName(), call.parameters(), key, regionId, clock.instant());
		return onThisLoop().post()
			.uri("/?" + query)
			.response((response, content) -> content.asByteArray()
				.reduceWith(Body::new, Body::append)
				.map(body -> read(call, response, body.bytes())))
			.single()
			.onErrorMap(failure -> !(failure instanceof VodCallException), NettyVodClient::transportFailure);
	}

	/** The answer's public body, or the failure its status and code mean. */
	private static byte[] read(VodCall call, HttpClientResponse response, byte[] body) {
		int status = response.status().code();
		CredentialKey key = call.key();
		if (status < 200 || status > 299) {
			JsonNode error = readableOrNull(body);
			throw new VodCallException(
					VodFailure.ofAnswer(status, error == null ? null : VodJson.errorCode(error), key.videoId()),
					error == null ? null : VodJson.requestId(error));
		}
		if (!isJson(response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE))) {
			throw new VodCallException(VodFailure.unreadable("content type"), null);
		}
		JsonNode answer = VodJson.parse(body);
		if (key.action() == Action.PLAY_AUTH) {
			return VodJson.playAuth(key.videoId(), answer, call.expiresAt()).encode();
		}
		return VodJson.playInfo(key.videoId(), answer, call.expiresAt()).encode();
	}

	private static @Nullable JsonNode readableOrNull(byte[] body) {
		try {
			return VodJson.parse(body);
		}
		catch (VodCallException unreadable) {
			// a proxy's HTML error page: the status alone says what happened
			return null;
		}
	}

	/** Whether the answer is JSON, as the SDK requires: {@code application/json} or {@code text/json}. */
	static boolean isJson(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		int semicolon = contentType.indexOf(';');
		String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
			.toLowerCase(Locale.ROOT);
		return type.equals("application/json") || type.equals("text/json");
	}

	private static Throwable transportFailure(Throwable failure) {
		if (failure instanceof ReadTimeoutException) {
			return new VodCallException(VodFailure.timedOut(), null);
		}
		// Reactor Netty's pool refuses a call beyond its queue of calls waiting for a connection (a shaded class)
		if (failure.getClass().getSimpleName().equals("PoolAcquirePendingLimitException")) {
			return new RejectedExecutionException("too many VOD calls wait for a connection");
		}
		if (failure instanceof IOException || failure instanceof ChannelException
				|| failure instanceof java.util.concurrent.TimeoutException) {
			return new VodCallException(VodFailure.unreachable(), null);
		}
		return new VodCallException(VodFailure.unreadable(failure.getClass().getName()), null);
	}

	@Override
	public void close() {
		for (ConnectionProvider pool : pools) {
			pool.dispose();
		}
		if (chainScheduler != null) {
			chainScheduler.dispose();
		}
	}

	@Override
	public String toString() {
		return "NettyVodClient[" + endpoint + "]";
	}

	/** An answer's bytes as they arrive, refused beyond {@link #MAX_ANSWER_BYTES}. */
	private static final class Body {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);

		Body append(byte[] chunk) {
			if (bytes.size() + chunk.length > MAX_ANSWER_BYTES) {
				throw new VodCallException(VodFailure.unreadable("longer than " + MAX_ANSWER_BYTES + " bytes"), null);
			}
			bytes.write(chunk, 0, chunk.length);
			return this;
		}

		byte[] bytes() {
			return bytes.toByteArray();
		}
	}
}
