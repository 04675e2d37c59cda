package dev.playgate.gateway.urlsign;

import java.util.Objects;

/**
 * A signed URL read back: its unsigned form and whether the configured key produced its signature.
 *
 * @param unsigned the URL without its signature
 * @param check what checking the signature found
 */
public record ReadUrl(UnsignedUrl unsigned, SignatureCheck check) {

	/** Checks both parts are present. */
	public ReadUrl {
		Objects.requireNonNull(unsigned, "unsigned must not be null");
		Objects.requireNonNull(check, "check must not be null");
	}

	/** A URL that carried a signature of the type: verified when the key made it, else a mismatch. */
	static ReadUrl signed(UnsignedUrl unsigned, boolean verified) {
		return new ReadUrl(unsigned, verified ? SignatureCheck.VERIFIED : SignatureCheck.MISMATCH);
	}
}
