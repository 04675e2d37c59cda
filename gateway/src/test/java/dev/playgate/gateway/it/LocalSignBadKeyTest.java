package dev.playgate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.playgate.emulator.CdnOptions;
import dev.playgate.emulator.EmulatorOptions;
import dev.playgate.emulator.VodEmulator;
import dev.playgate.gateway.it.Load.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A local-sign gateway configured with a key that is not the CDN domain's: it must not hand out URLs the CDN refuses,
 * and must say so where an operator looks.
 */
final class LocalSignBadKeyTest {

	private static final String DOMAIN_KEY = "realDomainKey7";
	private static final String WRONG_KEY = "mistypedKey77";

	private static VodEmulator emulator;
	private static RunningGateway gateway;
	private static ListAppender<ILoggingEvent> logged;

	@BeforeAll
	static void start() {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0), CdnOptions.defaults().withKey(DOMAIN_KEY));
		gateway = RunningGateway.start(emulator, Map.of("playgate.play-info.mode", "local-sign",
				"playgate.play-info.url-signing.key", WRONG_KEY));
		logged = new ListAppender<>();
		logged.start();
		((Logger) LoggerFactory.getLogger("dev.playgate.gateway.playinfo.SigningKeyCheck")).addAppender(logged);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		emulator.close();
	}

	@Test
	void keyThatDoesNotVerifyVodsUrlsIsReportedAndNoFailingUrlIsHandedOut() {
		String video = LocalSignModeTest.video("badkey");

		Answer first = Load.get(gateway.baseUrl(), "/v1/videos/" + video + "/play-info?authTimeout=600");
		Answer second = Load.get(gateway.baseUrl(), "/v1/videos/" + video + "/play-info?authTimeout=600");

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.header("X-Cache")).isNotEqualTo("SIGNED");
		assertThat(second.header("X-Cache")).isEqualTo("HIT");
		for (String url : LocalSignModeTest.playUrls(first)) {
			assertThat(LocalSignModeTest.atEdge(emulator, url).statusCode()).as("VOD's own URL plays").isEqualTo(200);
		}
		assertThat(logged.list).anySatisfy(event -> {
			assertThat(event.getLevel().toString()).isEqualTo("ERROR");
			assertThat(event.getFormattedMessage()).contains("playgate.play-info.url-signing.key", "does not verify")
				.doesNotContain(WRONG_KEY);
		});
		String readiness = body("/actuator/health/readiness");
		assertThat(readiness).contains("does not verify VOD's URLs: check playgate.play-info.url-signing.key")
			.doesNotContain(WRONG_KEY);
		String prometheus = body("/actuator/prometheus");
		assertThat(prometheus).containsPattern("playgate_url_signing_key_verified\\{[^}]*\\} 0\\.0")
			.containsPattern("playgate_url_signing_checks_total\\{[^}]*outcome=\"mismatch\"[^}]*\\} [1-9]")
			.doesNotContain(WRONG_KEY);
	}

	private static String body(String path) {
		return gateway.management().get().uri(path).exchange().expectBody(String.class).returnResult()
			.getResponseBody();
	}
}
