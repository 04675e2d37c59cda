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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * A local-sign gateway configured with a key that is not the CDN domain's, once per URL signing type (A, B, C): it
 * must not hand out URLs the CDN refuses, and must say so where an operator looks.
 */
@ParameterizedClass(name = "type {0}")
@EnumSource(SignedUrlForm.class)
final class LocalSignBadKeyTest {

	private static final String DOMAIN_KEY = "realDomainKey7";
	private static final String WRONG_KEY = "mistypedKey77";

	private static VodEmulator emulator;
	private static RunningGateway gateway;
	private static ListAppender<ILoggingEvent> logged;

	private final SignedUrlForm form;

	LocalSignBadKeyTest(SignedUrlForm form) {
		this.form = form;
	}

	@BeforeParameterizedClassInvocation
	static void start(SignedUrlForm form) {
		emulator = VodEmulator.start(EmulatorOptions.defaults().withPort(0),
				CdnOptions.defaults().withKey(DOMAIN_KEY).withAuthType(form.authType()));
		gateway = RunningGateway.start(emulator, Map.of("playgate.play-info.mode", "local-sign",
				"playgate.play-info.url-signing.key", WRONG_KEY, "playgate.play-info.url-signing.type", form.name()));
		logged = new ListAppender<>();
		logged.start();
		((Logger) LoggerFactory.getLogger("dev.playgate.gateway.playinfo.SigningKeyCheck")).addAppender(logged);
	}

	@AfterParameterizedClassInvocation
	static void stop() {
		((Logger) LoggerFactory.getLogger("dev.playgate.gateway.playinfo.SigningKeyCheck")).detachAppender(logged);
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
			assertThat(event.getFormattedMessage())
				.contains("playgate.play-info.url-signing.key", "does not verify", "type " + form.name() + " URLs")
				.doesNotContain(WRONG_KEY);
		});
		String readiness = body("/actuator/health/readiness");
		assertThat(readiness).contains("does not verify VOD's URLs: check playgate.play-info.url-signing.key",
				"\"type\":\"" + form.name() + "\"")
			.doesNotContain(WRONG_KEY);
		String prometheus = gateway.prometheus();
		assertThat(prometheus).containsPattern("playgate_url_signing_key_verified\\{[^}]*\\} 0\\.0")
			.containsPattern("playgate_url_signing_checks_total\\{[^}]*outcome=\"mismatch\"[^}]*\\} [1-9]")
			.doesNotContain(WRONG_KEY);
	}

	@Test
	void typeOtherThanTheDomainsIsReportedAndNoFailingUrlIsHandedOut() {
		SignedUrlForm other = SignedUrlForm.values()[(form.ordinal() + 1) % SignedUrlForm.values().length];
		String video = LocalSignModeTest.video("badtype");

		try (RunningGateway mistyped = RunningGateway.start(emulator, Map.of("playgate.play-info.mode", "local-sign",
				"playgate.play-info.url-signing.key", DOMAIN_KEY, "playgate.play-info.url-signing.type", other.name()))) {
			Answer answer = Load.get(mistyped.baseUrl(), "/v1/videos/" + video + "/play-info?authTimeout=600");

			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.header("X-Cache")).isNotEqualTo("SIGNED");
			for (String url : LocalSignModeTest.playUrls(answer)) {
				assertThat(LocalSignModeTest.atEdge(emulator, url).statusCode()).as("VOD's own URL plays")
					.isEqualTo(200);
			}
			assertThat(body(mistyped, "/actuator/health/readiness")).contains(
					"VOD's URLs carry no type " + other.name() + " signature: check playgate.play-info.url-signing.type");
			assertThat(logged.list).anySatisfy(event -> {
				assertThat(event.getLevel().toString()).isEqualTo("ERROR");
				assertThat(event.getFormattedMessage())
					.contains("carry no type " + other.name() + " signature", "playgate.play-info.url-signing.type");
			});
		}
	}

	private static String body(String path) {
		return body(gateway, path);
	}

	private static String body(RunningGateway gateway, String path) {
		return gateway.management().get().uri(path).exchange().expectBody(String.class).returnResult()
			.getResponseBody();
	}
}
