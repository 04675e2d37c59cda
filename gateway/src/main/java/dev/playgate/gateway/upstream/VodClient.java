package dev.playgate.gateway.upstream;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.auth.DefaultCredentialsProvider;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The one VOD SDK client of the process and the one bounded scheduler its blocking calls run on.
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
final class VodClient implements AutoCloseable {

	private final IAcsClient client;
	private final VodProperties properties;
	private final Scheduler scheduler;
	private final String endpoint;
	private final ProtocolType protocol;
	private final int connectTimeoutMillis;
	private final int readTimeoutMillis;

	VodClient(IAcsClient client, VodProperties properties, Scheduler scheduler) {
		this.client = client;
		this.properties = properties;
		this.scheduler = scheduler;
		this.endpoint = properties.effectiveEndpoint();
		this.protocol = properties.protocolType();
		this.connectTimeoutMillis = (int) properties.connectTimeout().toMillis();
		this.readTimeoutMillis = (int) properties.readTimeout().toMillis();
	}

	/** Builds the real SDK client and a scheduler of at most {@code maxConcurrentCalls} threads. */
	static VodClient of(VodProperties properties, int maxConcurrentCalls) {
		Scheduler scheduler = Schedulers.newBoundedElastic(maxConcurrentCalls, maxConcurrentCalls * 16, "vod-sdk", 60,
				true);
		return new VodClient(sdkClient(properties), properties, scheduler);
	}

	private static IAcsClient sdkClient(VodProperties properties) {
		DefaultProfile profile = profile(properties);
		profile.setHttpClientConfig(httpClientConfig(properties));
		if (properties.hasStaticCredentials()) {
			return new DefaultAcsClient(profile);
		}
		try {
			return new DefaultAcsClient(profile, new DefaultCredentialsProvider());
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

	/** Sends {@code request} and waits for the answer: blocking, so only ever called on {@link #scheduler()}. */
	<T extends AcsResponse> T call(AcsRequest<T> request) throws ClientException {
		request.setSysEndpoint(endpoint);
		request.setSysProtocol(protocol);
		request.setSysRegionId(properties.regionId());
		request.setSysConnectTimeout(connectTimeoutMillis);
		request.setSysReadTimeout(readTimeoutMillis);
		return client.getAcsResponse(request);
	}

	/** The bounded scheduler every blocking call runs on. */
	Scheduler scheduler() {
		return scheduler;
	}

	/** Stops the scheduler; the SDK's HTTP client is a JVM-wide singleton and outlives this client. */
	@Override
	public void close() {
		scheduler.dispose();
	}

	@Override
	public String toString() {
		return "VodClient[" + protocol + "://" + endpoint + "]";
	}
}
