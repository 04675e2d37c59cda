import java.time.Instant;

import dev.playgate.gateway.urlsign.SigningType;
import dev.playgate.gateway.urlsign.UnsignedUrl;
import dev.playgate.gateway.urlsign.UrlSigner;

/**
 * Signing cost per URL, run by bench/local-sign on the gateway's classpath: signs a typical VOD play URL many times
 * per type and prints ns per URL; baseline in the same run: building the same unsigned URL string (what any answer
 * costs without a signature). Prints key=value lines.
 */
public final class SigningBench {

	private static volatile int sink;

	public static void main(String[] args) {
		int rounds = Integer.parseInt(args[0]);
		UnsignedUrl url = UnsignedUrl.parse("https://vod.example.com/b1c2d3e4f5a60718293a4b5c6d7e8f90/stream/"
				+ "5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d-hd.m3u8");
		Instant expiry = Instant.ofEpochSecond(1_900_000_000L);
		String rand = "0123456789abcdef0123456789abcdef";
		for (int warm = 0; warm < 3; warm++) {
			baseline(url, rounds);
			for (SigningType type : SigningType.values()) {
				sign(UrlSigner.of(type, "benchDomainKey1"), url, expiry, rand, rounds);
			}
		}
		System.out.printf("baseline_ns=%.0f%n", baseline(url, rounds));
		for (SigningType type : SigningType.values()) {
			System.out.printf("type_%s_ns=%.0f%n", type,
					sign(UrlSigner.of(type, "benchDomainKey1"), url, expiry, rand, rounds));
		}
	}

	private static double baseline(UnsignedUrl url, int rounds) {
		long start = System.nanoTime();
		for (int i = 0; i < rounds; i++) {
			sink += url.toString().length();
		}
		return (System.nanoTime() - start) / (double) rounds;
	}

	private static double sign(UrlSigner signer, UnsignedUrl url, Instant expiry, String rand, int rounds) {
		long start = System.nanoTime();
		for (int i = 0; i < rounds; i++) {
			sink += signer.sign(url, expiry.plusSeconds(i & 1023), rand).length();
		}
		return (System.nanoTime() - start) / (double) rounds;
	}
}
