package dev.playgate.gateway.playauth;

import java.util.Locale;

import com.aliyuncs.http.ProtocolType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * Where VOD is, as far as this package needs it: read from {@code playgate.vod.region-id}, {@code .endpoint} and
 * {@code .protocol}, the keys the upstream client binds too.
 *
 * @param regionId the VOD region, e.g. {@code cn-shanghai}
 * @param endpoint {@code host[:port]}; empty means the region's public endpoint
 * @param protocol {@code https} or {@code http}
 */
record VodTarget(@DefaultValue("cn-shanghai") String regionId, @Nullable String endpoint,
		@DefaultValue("https") String protocol) {

	/** Checks the region and the protocol. */
	VodTarget {
		regionId = regionId.trim();
		endpoint = endpoint == null || endpoint.isBlank() ? null : endpoint.trim();
		protocol = protocol.trim().toLowerCase(Locale.ROOT);
		if (regionId.isEmpty()) {
			throw new IllegalArgumentException("playgate.vod.region-id must not be empty");
		}
		if (!protocol.equals("https") && !protocol.equals("http")) {
			throw new IllegalArgumentException("playgate.vod.protocol must be 'https' or 'http': '" + protocol + "'");
		}
	}

	/** The target the environment describes. */
	static VodTarget from(Environment environment) {
		return Binder.get(environment).bindOrCreate("playgate.vod", Bindable.of(VodTarget.class));
	}

	/** The host to call: the configured endpoint, else the region's public one (as the SDK's product rule has it). */
	String host() {
		if (endpoint != null) {
			return endpoint;
		}
		return "vod." + (regionId.equals("cn-hangzhou") ? "cn-shanghai" : regionId) + ".aliyuncs.com";
	}

	/** The SDK's form of the protocol. */
	ProtocolType protocolType() {
		return protocol.equals("http") ? ProtocolType.HTTP : ProtocolType.HTTPS;
	}
}
