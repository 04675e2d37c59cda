package dev.playgate.emulator;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;

/**
 * The real aliyun SDK pointed at an emulator. The SDK's Apache client is a JVM-wide singleton built from the first
 * {@link HttpClientConfig}, so every client here shares one config and timeouts are set per request.
 */
final class Sdk {

	static final String REGION = "cn-shanghai";

	private Sdk() {
	}

	static DefaultAcsClient client(String accessKeyId, String secret) {
		return configured(DefaultProfile.getProfile(REGION, accessKeyId, secret));
	}

	static DefaultAcsClient stsClient(String accessKeyId, String secret, String securityToken) {
		return configured(DefaultProfile.getProfile(REGION, accessKeyId, secret, securityToken));
	}

	/** Points one request at the emulator over HTTP with a read timeout that keeps a hung test short. */
	static <R extends AcsRequest<?>> R at(VodEmulator emulator, R request) {
		request.setSysEndpoint(emulator.endpoint());
		request.setSysProtocol(ProtocolType.HTTP);
		request.setSysConnectTimeout(2_000);
		request.setSysReadTimeout(5_000);
		return request;
	}

	private static DefaultAcsClient configured(DefaultProfile profile) {
		HttpClientConfig config = HttpClientConfig.getDefault();
		config.setProtocolType(ProtocolType.HTTP);
		config.setConnectionTimeoutMillis(2_000);
		config.setReadTimeoutMillis(5_000);
		config.setMaxRequests(64);
		config.setMaxRequestsPerHost(64);
		profile.setHttpClientConfig(config);
		return new DefaultAcsClient(profile);
	}
}
