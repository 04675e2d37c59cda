package dev.playgate.gateway.playinfo;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.playgate.gateway.urlsign.SignatureCheck;
import dev.playgate.gateway.urlsign.SigningType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the configured signing key verifies the URLs VOD signs itself, checked on every catalogue fetched. A key
 * that does not (a typo, the wrong domain, a rotated key, another signing type) would make every locally signed URL
 * fail at the CDN, so such a catalogue is never signed locally: its requests are answered as in {@code upstream}
 * mode, and the problem is reported where an operator looks: one log line naming the setting whenever the outcome
 * changes, the counter {@code playgate.url.signing.checks{outcome}}, the gauge
 * {@code playgate.url.signing.key.verified} (1 verified, 0 not) and the {@code urlSigning} readiness detail.
 */
final class SigningKeyCheck {

	static final String SETTING = "playgate.play-info.url-signing.key";

	private static final Logger log = LoggerFactory.getLogger(SigningKeyCheck.class);

	private final SigningType type;
	private final Clock clock;
	private final Map<SignatureCheck, Counter> checks = new EnumMap<>(SignatureCheck.class);
	private final AtomicReference<Outcome> last = new AtomicReference<>();

	SigningKeyCheck(SigningType type, Clock clock, MeterRegistry registry) {
		this.type = type;
		this.clock = clock;
		for (SignatureCheck check : SignatureCheck.values()) {
			checks.put(check, Counter.builder("playgate.url.signing.checks")
				.description("Catalogues whose VOD-signed URLs the configured key verified, or not")
				.tag("outcome", check.name().toLowerCase(Locale.ROOT))
				.register(registry));
		}
		Gauge.builder("playgate.url.signing.key.verified", this, SigningKeyCheck::verifiedValue)
			.description("1 when the configured URL-signing key verified the last catalogue's URLs, 0 when not")
			.register(registry);
	}

	/** Counts the catalogue's check, and logs when the outcome differs from the last one. */
	void record(Catalogue catalogue) {
		SignatureCheck check = catalogue.check();
		checks.get(check).increment();
		Outcome previous = last.getAndSet(new Outcome(check, catalogue.key().videoId().value(), clock.instant()));
		if (previous != null && previous.check() == check) {
			return;
		}
		switch (check) {
			case VERIFIED -> log.info("{} verifies VOD's own type {} URLs: play URLs are signed locally", SETTING, type);
			case MISMATCH -> log.error("{} does not verify the type {} URLs VOD signed for video {}: URLs signed with "
					+ "it would be refused by the CDN, so play-info is answered from VOD as in upstream mode; set it to "
					+ "the domain's primary or secondary key", SETTING, type, catalogue.key().videoId().value());
			case UNSIGNED -> log.error("VOD's URLs for video {} carry no type {} signature (URL signing off on the "
					+ "domain, another type, or oss output): play-info is answered from VOD as in upstream mode; check "
					+ "playgate.play-info.url-signing.type", catalogue.key().videoId().value(), type);
		}
	}

	/** The readiness detail: the configured type and the last outcome, never the key. */
	Map<String, Object> detail() {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("type", type.name());
		Outcome outcome = last.get();
		detail.put("key", outcome == null ? "not checked yet" : switch (outcome.check()) {
			case VERIFIED -> "verified";
			case MISMATCH -> "does not verify VOD's URLs: check " + SETTING;
			case UNSIGNED -> "VOD's URLs carry no type " + type + " signature: check playgate.play-info.url-signing.type";
		});
		if (outcome != null) {
			detail.put("checkedVideo", outcome.videoId());
			detail.put("checkedAt", outcome.at().toString());
		}
		return detail;
	}

	/** The last outcome, or {@code null} before the first catalogue. */
	@Nullable SignatureCheck lastCheck() {
		Outcome outcome = last.get();
		return outcome == null ? null : outcome.check();
	}

	private double verifiedValue() {
		Outcome outcome = last.get();
		return outcome == null ? Double.NaN : outcome.check() == SignatureCheck.VERIFIED ? 1 : 0;
	}

	private record Outcome(SignatureCheck check, String videoId, Instant at) {
	}
}
