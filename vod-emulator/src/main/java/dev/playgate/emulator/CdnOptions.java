package dev.playgate.emulator;

import java.time.Duration;

/**
 * The emulated CDN domain's URL signing: the type, the private key the emulator signs its play URLs with, and the
 * validity its edge adds to a URL's timestamp before refusing it as expired. The emulator puts the instant a URL
 * stops working (arrival + {@code AuthTimeout}) in the timestamp, rounded up to the type's resolution (a second for A
 * and C, a minute for B), so with the default validity of zero a URL lives at least {@code AuthTimeout}.
 *
 * @param key the domain's private key ({@code --cdn-key})
 * @param validity the edge's extra validity after the timestamp ({@code --cdn-validity}, seconds)
 * @param authType the signing type of play URLs and of the edge ({@code --cdn-auth-type}, A by default)
 */
public record CdnOptions(String key, Duration validity, CdnAuthType authType) {

	/** The key used when none is configured. */
	public static final String DEFAULT_KEY = "vodEmulatorUrlKey";

	/** Validates the key (letters and digits, 6 to 32 of them, as the CDN console accepts) and the validity. */
	public CdnOptions {
		if (!key.matches("[A-Za-z0-9]{6,32}")) {
			throw new IllegalArgumentException("cdn-key must be 6-32 letters and digits");
		}
		if (validity.isNegative()) {
			throw new IllegalArgumentException("cdn-validity must not be negative: " + validity);
		}
		if (authType == null) {
			throw new IllegalArgumentException("cdn-auth-type must be A, B or C");
		}
	}

	/** Type A, the default key and no extra validity. */
	public static CdnOptions defaults() {
		return new CdnOptions(DEFAULT_KEY, Duration.ZERO, CdnAuthType.A);
	}

	/** These options with another private key. */
	public CdnOptions withKey(String value) {
		return new CdnOptions(value, validity, authType);
	}

	/** These options with another extra validity at the edge. */
	public CdnOptions withValidity(Duration value) {
		return new CdnOptions(key, value, authType);
	}

	/** These options with another signing type, for the play URLs and the edge alike. */
	public CdnOptions withAuthType(CdnAuthType value) {
		return new CdnOptions(key, validity, value);
	}

	@Override
	public String toString() {
		// the key is a secret: never print it
		return "CdnOptions[authType=" + authType + ", validity=" + validity + "]";
	}
}
