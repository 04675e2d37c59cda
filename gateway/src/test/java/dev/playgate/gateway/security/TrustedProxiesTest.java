package dev.playgate.gateway.security;

import java.net.InetSocketAddress;
import java.util.List;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Which address is the client's: the peer's, or what a trusted proxy forwarded. */
final class TrustedProxiesTest {

	private static final InetSocketAddress PROXY = new InetSocketAddress("10.1.2.3", 40000);

	private static final InetSocketAddress STRANGER = new InetSocketAddress("198.51.100.20", 40000);

	private static HttpHeaders forwardedFor(String... values) {
		HttpHeaders headers = new DefaultHttpHeaders();
		for (String value : values) {
			headers.add("X-Forwarded-For", value);
		}
		return headers;
	}

	@Test
	void withoutTrustedProxiesTheClientIsThePeer() {
		assertThat(TrustedProxies.of(List.of()).clientAddress(forwardedFor("192.0.2.1"), PROXY)).isEqualTo("10.1.2.3");
	}

	@Test
	void aStrangersForwardedForIsIgnored() {
		TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8"));

		assertThat(proxies.clientAddress(forwardedFor("192.0.2.1"), STRANGER)).isEqualTo("198.51.100.20");
	}

	@Test
	void aTrustedProxyNamesTheRightMostAddressThatIsNotItselfAProxy() {
		TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "172.16.0.1"));

		// the left-most entry is whatever the client claimed; the proxies appended the rest
		assertThat(proxies.clientAddress(forwardedFor("1.1.1.1, 192.0.2.7", "172.16.0.1"), PROXY))
			.isEqualTo("192.0.2.7");
	}

	@Test
	void aForwardedForWithAnythingButAddressesIsIgnored() {
		TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8"));

		assertThat(proxies.clientAddress(forwardedFor("192.0.2.7, evil.example"), PROXY)).isEqualTo("10.1.2.3");
		assertThat(proxies.clientAddress(forwardedFor(), PROXY)).isEqualTo("10.1.2.3");
	}

	@Test
	void ipv6RangesMatch() {
		TrustedProxies proxies = TrustedProxies.of(List.of("fd00::/8"));

		assertThat(proxies.clientAddress(forwardedFor("2001:db8::1"), new InetSocketAddress("fd12::5", 1)))
			.isEqualTo("2001:db8::1");
	}

	@Test
	void aBadEntryIsRefusedWithItsIndex() {
		assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/8", "proxy.lan")))
			.withMessageContaining("trusted-proxies[1]");
		assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33")))
			.withMessageContaining("prefix");
	}
}
