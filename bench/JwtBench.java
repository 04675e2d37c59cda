import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import dev.playgate.gateway.credential.Action;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.playauth.LocalJwtPlayAuth;
import reactor.core.publisher.Mono;

/**
 * Minting cost per local-jwt answer, run by bench/local-jwt on the gateway's classpath: mints a JWTPlayAuth answer
 * (claims, HS256, the encoded body) many times through {@link LocalJwtPlayAuth#fetch} and prints ns per answer;
 * baseline in the same run: handing out an already built answer through the same {@code Mono} (what a cache hit's
 * lookup result costs to pass on). Prints key=value lines. Usage: {@code java -cp CP bench/JwtBench.java COUNT}
 */
public final class JwtBench {

	private static volatile int sink;

	public static void main(String[] args) {
		int count = Integer.parseInt(args[0]);
		LocalJwtPlayAuth minter = LocalJwtPlayAuth.of("app-1000000", "benchPlayKeyForLocalJwtMinting01", "cn-shanghai",
				Duration.ofSeconds(3000), Clock.systemUTC());
		CredentialRequest request = CredentialRequest.of(CredentialKey.of(Action.PLAY_AUTH,
				VideoId.parse("benchjwtbenchjwtbenchjwtbench001"), Map.of()), Duration.ofSeconds(60));
		Served cached = minter.fetch(request).block();
		for (int warm = 0; warm < 3; warm++) {
			baseline(cached, count);
			mint(minter, request, count);
		}
		System.out.printf("baseline_ns=%.0f%n", baseline(cached, count));
		System.out.printf("mint_ns=%.0f%n", mint(minter, request, count));
		System.out.printf("body_bytes=%d%n", cached.credential().body().length);
	}

	private static double baseline(Served cached, int count) {
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			sink += Mono.just(cached).block().credential().body().length;
		}
		return (System.nanoTime() - start) / (double) count;
	}

	private static double mint(LocalJwtPlayAuth minter, CredentialRequest request, int count) {
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			sink += minter.fetch(request).block().credential().body().length;
		}
		return (System.nanoTime() - start) / (double) count;
	}
}
