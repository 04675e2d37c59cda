package dev.playgate.gateway.security;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;
import org.jspecify.annotations.Nullable;

/**
 * The proxies whose {@code X-Forwarded-For} is believed ({@code playgate.security.trusted-proxies}: addresses and
 * CIDR ranges, IPv4 or IPv6), and the client address they yield.
 *
 * <p>
 * The client address is the direct peer's, unless that peer is a trusted proxy: then it is the right-most entry of
 * {@code X-Forwarded-For} that is not itself a trusted proxy (entries to its left were written by the client and
 * prove nothing), or the left-most entry when all are trusted. Entries must be IP literals; a header with anything
 * else is ignored and the peer is the client. Nothing here resolves a name.
 */
final class TrustedProxies {

	private static final String FORWARDED_FOR = "X-Forwarded-For";

	/** The most {@code X-Forwarded-For} entries looked at, from the right. */
	private static final int MAX_HOPS = 16;

	private final List<Range> ranges;

	private TrustedProxies(List<Range> ranges) {
		this.ranges = ranges;
	}

	/** Parses {@code entries}; each is an address or {@code address/prefix}; refuses anything else. */
	static TrustedProxies of(List<String> entries) {
		List<Range> ranges = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			ranges.add(Range.parse(entries.get(i).trim(), i));
		}
		return new TrustedProxies(List.copyOf(ranges));
	}

	/** The client address of a request from {@code peer} with {@code headers}; "unknown" without a peer. */
	String clientAddress(HttpHeaders headers, @Nullable InetSocketAddress peer) {
		InetAddress direct = peer == null ? null : peer.getAddress();
		if (direct == null) {
			return "unknown";
		}
		String address = NetUtil.toAddressString(direct);
		if (ranges.isEmpty() || !isTrusted(direct.getAddress())) {
			return address;
		}
		List<String> values = headers.getAll(FORWARDED_FOR);
		if (values.isEmpty()) {
			return address;
		}
		List<byte[]> hops = new ArrayList<>();
		for (String value : values) {
			for (String entry : value.split(",", MAX_HOPS + 1)) {
				byte[] hop = NetUtil.createByteArrayFromIpAddressString(entry.trim());
				if (hop == null) {
					return address;
				}
				hops.add(hop);
			}
		}
		for (int i = hops.size() - 1; i >= 0 && i >= hops.size() - MAX_HOPS; i--) {
			if (!isTrusted(hops.get(i)) || i == 0) {
				return NetUtil.bytesToIpAddress(hops.get(i));
			}
		}
		return NetUtil.bytesToIpAddress(hops.get(Math.max(0, hops.size() - MAX_HOPS)));
	}

	private boolean isTrusted(byte[] address) {
		for (Range range : ranges) {
			if (range.contains(address)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return ranges.toString();
	}

	/** One address or CIDR range. */
	private record Range(byte[] network, int prefix, String text) {

		static Range parse(String entry, int index) {
			int slash = entry.indexOf('/');
			String host = slash < 0 ? entry : entry.substring(0, slash);
			byte[] network = NetUtil.createByteArrayFromIpAddressString(host);
			if (network == null) {
				throw new IllegalArgumentException("playgate.security.trusted-proxies[" + index
						+ "] must be an IP address or CIDR range, got '" + entry + "'");
			}
			int prefix = network.length * 8;
			if (slash >= 0) {
				try {
					prefix = Integer.parseInt(entry.substring(slash + 1));
				}
				catch (NumberFormatException notNumber) {
					prefix = -1;
				}
				if (prefix < 0 || prefix > network.length * 8) {
					throw new IllegalArgumentException("playgate.security.trusted-proxies[" + index
							+ "] has a bad prefix length: '" + entry + "'");
				}
			}
			return new Range(network, prefix, entry);
		}

		boolean contains(byte[] address) {
			byte[] candidate = address;
			if (candidate.length != network.length) {
				candidate = mapped(candidate);
				if (candidate == null) {
					return false;
				}
			}
			int full = prefix / 8;
			for (int i = 0; i < full; i++) {
				if (candidate[i] != network[i]) {
					return false;
				}
			}
			int rest = prefix % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xff << (8 - rest)) & 0xff;
			return (candidate[full] & mask) == (network[full] & mask);
		}

		/** The IPv4 address of an IPv4-mapped IPv6 address, or the mapped form of an IPv4 one, to match a range. */
		private @Nullable byte[] mapped(byte[] address) {
			if (address.length == 16 && network.length == 4) {
				for (int i = 0; i < 10; i++) {
					if (address[i] != 0) {
						return null;
					}
				}
				if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
					return null;
				}
				return java.util.Arrays.copyOfRange(address, 12, 16);
			}
			if (address.length == 4 && network.length == 16) {
				byte[] out = new byte[16];
				out[10] = (byte) 0xff;
				out[11] = (byte) 0xff;
				System.arraycopy(address, 0, out, 12, 4);
				return out;
			}
			return null;
		}

		@Override
		public String toString() {
			return text;
		}
	}
}
