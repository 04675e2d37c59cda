package dev.playgate.gateway.upstream;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.auth.DefaultCredentialsProvider;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoResponse;
import com.aliyuncs.vod.model.v20170321.GetVideoPlayAuthResponse;
import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CredentialKey;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The VOD client of {@code playgate.vod.transport=sdk}: the real SDK, whose calls block, on one bounded scheduler.
 *
 * <p>
 * Implementation notes. (1) The SDK's Apache HTTP client is a JVM-wide singleton sized by the first
 * {@link HttpClientConfig} that builds it; later clients silently share it. So the pool is sized here, once, and the
 * timeouts that matter are set on every request ({@code setSysConnectTimeout}/{@code setSysReadTimeout}), which the
 * singleton honours. (2) The endpoint and protocol are set on every request too: {@code setSysEndpoint} skips the
 * SDK's endpoint resolution (a JVM-global table and a location-service lookup), and the SDK's default protocol is
 * plain HTTP. (3) The SDK's own retry stays off ({@code RetryPolicy.none()}, its default): retries are the
 * guard's, each paid for with a budget permit. (4) A request object is mutated by signing, so each call builds its
 * own and never shares it.
 */
final class SdkVodClient implements VodClient {

	private final IAcsClient client;
	private final VodProperties properties;
	private final Scheduler scheduler;
	private final String endpoint;
	private final ProtocolType protocol;
	private final int connectTimeoutMillis;
	private final int readTimeoutMillis;

	SdkVodClient(IAcsClient client, VodProperties properties, Scheduler scheduler) {
		this.client = client;
		this.properties = properties;
		this.scheduler = scheduler;
		this.endpoint = properties.effectiveEndpoint();
		this.protocol = properties.protocolType();
		this.connectTimeoutMillis = (int) properties.connectTimeout().toMillis();
		this.readTimeoutMillis = (int) properties.readTimeout().toMillis();
	}

	/** Builds the real SDK client and a scheduler of at most {@code maxConcurrentCalls} threads. */
	static SdkVodClient of(VodProperties properties, int maxConcurrentCalls) {
		Scheduler scheduler = Schedulers.newBoundedElastic(maxConcurrentCalls, maxConcurrentCalls * 16, "vod-sdk", 60,
				true);
		return new SdkVodClient(sdkClient(properties), properties, scheduler);
	}

	private static IAcsClient sdkClient(VodProperties properties) {
		DefaultProfile profile = profile(properties);
		profile.setHttpClientConfig(httpClientConfig(properties));
		return properties.hasStaticCredentials() ? new DefaultAcsClient(profile)
				: new DefaultAcsClient(profile, defaultChain());
	}

	/** The SDK's default credential chain (environment, OIDC/RRSA, ECS RAM role...), for either client. */
	static DefaultCredentialsProvider defaultChain() {
		try {
			return new DefaultCredentialsProvider();
		}
		catch (ClientException ex) {
			throw new IllegalStateException("no Alibaba Cloud credentials: set playgate.vod.access-key-id and "
					+ "access-key-secret, or configure the SDK's default credential chain (" + ex.getErrCode() + ")");
		}
	}

	private static DefaultProfile profile(VodProperties properties) {
		String region = properties.regionId();
		if (!properties.hasStaticCredentials()) {
			return DefaultProfile.getProfile(region);
		}
		if (properties.securityToken() == null) {
			return DefaultProfile.getProfile(region, properties.accessKeyId(), properties.accessKeySecret());
		}
		return DefaultProfile.getProfile(region, properties.accessKeyId(), properties.accessKeySecret(),
				properties.securityToken());
	}

	private static HttpClientConfig httpClientConfig(VodProperties properties) {
		HttpClientConfig config = HttpClientConfig.getDefault();
		config.setProtocolType(properties.protocolType());
		config.setConnectionTimeoutMillis(properties.connectTimeout().toMillis());
		config.setReadTimeoutMillis(properties.readTimeout().toMillis());
		// the Apache client uses the write timeout as the wait for a pooled connection
		config.setWriteTimeoutMillis(properties.connectTimeout().toMillis());
		config.setMaxRequests(properties.maxConnections());
		config.setMaxRequestsPerHost(properties.maxConnections());
		config.setMaxIdleConnections(properties.maxConnections());
		return config;
	}

	/** Sends the call on the bounded scheduler; a full queue fails it with a {@code RejectedExecutionException}. */
	@Override
	public Mono<byte[]> send(VodCall call) {
		return Mono.fromCallable(() -> exchange(call)).subscribeOn(scheduler);
	}

	/** Makes the blocking call and reads its answer; runs on the scheduler only. */
	private byte[] exchange(VodCall call) {
		CredentialKey key = call.key();
		try {
			if (key.action() == Action.PLAY_AUTH) {
				GetVideoPlayAuthResponse response = call(VodRequests.playAuth(call));
				return VodAnswers.playAuth(key.videoId(), response, call.expiresAt()).encode();
			}
			GetPlayInfoResponse response = call(VodRequests.playInfo(call));
			return VodAnswers.playInfo(key.videoId(), response, call.expiresAt()).encode();
		}
		catch (ServerException ex) {
			throw new VodCallException(VodFailure.ofServer(ex), ex.getRequestId());
		}
		catch (ClientException ex) {
			throw new VodCallException(VodFailure.ofClient(ex, key.videoId()), ex.getRequestId());
		}
		catch (RuntimeException ex) {
			// the SDK's parser throws unchecked exceptions on malformed answers (e.g. 640.0 for an integer field)
			throw new VodCallException(VodFailure.ofUnreadableAnswer(ex), null);
		}
	}

	private <T extends AcsResponse> T call(AcsRequest<T> request) throws ClientException {
		request.setSysEndpoint(endpoint);
		request.setSysProtocol(protocol);
		request.setSysRegionId(properties.regionId());
		request.setSysConnectTimeout(connectTimeoutMillis);
		request.setSysReadTimeout(readTimeoutMillis);
		return client.getAcsResponse(request);
	}

	/** Stops the scheduler; the SDK's HTTP client is a JVM-wide singleton and outlives this client. */
	@Override
	public void close() {
		scheduler.dispose();
	}

	@Override
	public String toString() {
		return "SdkVodClient[" + protocol + "://" + endpoint + "]";
	}
}
