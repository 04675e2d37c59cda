package dev.playgate.gateway.upstream;

import java.time.Duration;
import java.util.Map;

import com.aliyuncs.http.ProtocolType;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class VodPropertiesTest {

	static VodProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("playgate.vod",
				Bindable.of(VodProperties.class));
	}

	static VodProperties emulator(String endpoint, String accessKeyId, String accessKeySecret) {
		return new VodProperties("cn-shanghai", endpoint, "http", accessKeyId, accessKeySecret, null,
				Duration.ofSeconds(2), Duration.ofSeconds(3), 64, Duration.ofSeconds(30), VodProperties.Transport.NETTY);
	}

	@Test
	void defaultsReachTheRegionsPublicEndpointOverHttpsWithTheDefaultCredentialChain() {
		VodProperties vod = bind(Map.of());

		assertThat(vod.regionId()).isEqualTo("cn-shanghai");
		assertThat(vod.effectiveEndpoint()).isEqualTo("vod.cn-shanghai.aliyuncs.com");
		assertThat(vod.protocolType()).isEqualTo(ProtocolType.HTTPS);
		assertThat(vod.hasStaticCredentials()).isFalse();
		assertThat(vod.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(vod.readTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(vod.maxConnections()).isEqualTo(64);
		assertThat(vod.clockSkew()).isEqualTo(Duration.ofSeconds(30));
		assertThat(vod.transport()).isEqualTo(VodProperties.Transport.NETTY);
	}

	@Test
	void transportCanBeTheSdk() {
		assertThat(bind(Map.of("playgate.vod.transport", "sdk")).transport()).isEqualTo(VodProperties.Transport.SDK);
	}

	@Test
	void regionWithoutItsOwnEndpointUsesTheOneTheSdkNames() {
		assertThat(bind(Map.of("playgate.vod.region-id", "cn-hangzhou")).effectiveEndpoint())
			.isEqualTo("vod.cn-shanghai.aliyuncs.com");
		assertThat(bind(Map.of("playgate.vod.region-id", "ap-southeast-1")).effectiveEndpoint())
			.isEqualTo("vod.ap-southeast-1.aliyuncs.com");
	}

	@Test
	void configuredEndpointAndProtocolWin() {
		VodProperties vod = bind(Map.of("playgate.vod.endpoint", " 127.0.0.1:18080 ", "playgate.vod.protocol", "HTTP",
				"playgate.vod.access-key-id", "testAk", "playgate.vod.access-key-secret", "testSecret"));

		assertThat(vod.effectiveEndpoint()).isEqualTo("127.0.0.1:18080");
		assertThat(vod.protocolType()).isEqualTo(ProtocolType.HTTP);
		assertThat(vod.hasStaticCredentials()).isTrue();
	}

	@Test
	void blankCredentialsMeanTheDefaultChain() {
		VodProperties vod = bind(Map.of("playgate.vod.access-key-id", " ", "playgate.vod.access-key-secret", ""));

		assertThat(vod.hasStaticCredentials()).isFalse();
		assertThat(vod.accessKeyId()).isNull();
	}

	@Test
	void endpointWithSchemeIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> emulator("http://127.0.0.1:1", "ak", "sk"))
			.withMessage("playgate.vod.endpoint must be host[:port] without scheme or path: 'http://127.0.0.1:1'");
	}

	@Test
	void unknownProtocolIsRefused() {
		assertThatThrownBy(() -> bind(Map.of("playgate.vod.protocol", "ftp"))).isInstanceOf(BindException.class)
			.rootCause()
			.hasMessage("playgate.vod.protocol must be https or http: 'ftp'");
	}

	@Test
	void accessKeyIdWithoutSecretIsRefusedWithoutPrintingEither() {
		assertThatIllegalArgumentException().isThrownBy(() -> emulator("127.0.0.1", "LTAIabcdef", null))
			.withMessageContaining("must be set together")
			.withMessageNotContaining("LTAIabcdef");
	}

	@Test
	void securityTokenNeedsAnAccessKey() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new VodProperties("cn-shanghai", null, "https", null, null, "token",
					Duration.ofSeconds(2), Duration.ofSeconds(3), 64, Duration.ofSeconds(30), VodProperties.Transport.NETTY))
			.withMessageStartingWith("playgate.vod.security-token needs");
	}

	@Test
	void nonPositiveTimeoutIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new VodProperties("cn-shanghai", null, "https", null, null, null, Duration.ZERO,
					Duration.ofSeconds(3), 64, Duration.ofSeconds(30), VodProperties.Transport.NETTY))
			.withMessage("playgate.vod.connect-timeout must be within 1ms..5m: PT0S");
	}

	@Test
	void badRegionAndPoolSizeAreRefused() {
		assertThatThrownBy(() -> bind(Map.of("playgate.vod.region-id", "cn shanghai"))).rootCause()
			.hasMessage("playgate.vod.region-id must match [a-zA-Z0-9_-]+: 'cn shanghai'");
		assertThatThrownBy(() -> bind(Map.of("playgate.vod.max-connections", "0"))).rootCause()
			.hasMessage("playgate.vod.max-connections must be within 1..4096: 0");
	}

	@Test
	void toStringNeverShowsTheSecretOrTheToken() {
		VodProperties vod = new VodProperties("cn-shanghai", null, "https", "LTAI5tExample", "s3cr3tValue",
				"stsTokenValue", Duration.ofSeconds(2), Duration.ofSeconds(3), 64, Duration.ofSeconds(30), VodProperties.Transport.NETTY);

		assertThat(vod.toString()).doesNotContain("s3cr3tValue", "stsTokenValue", "LTAI5tExample")
			.contains("LTAI****", "<redacted>");
	}
}
