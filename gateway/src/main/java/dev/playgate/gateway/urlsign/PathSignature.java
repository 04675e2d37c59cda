package dev.playgate.gateway.urlsign;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reading of a signature carried in two path segments before the signed path (types B and C): a pattern whose
 * third group is the signed path, which of the first two groups is the hash, and what the key makes of the rest.
 *
 * @param form the signed path: two signature segments, then the path (group 3)
 * @param hashGroup the group of {@code form} that holds the md5hash (1 or 2)
 * @param expectedHash the hash the configured key makes of a matched path
 */
record PathSignature(Pattern form, int hashGroup, Function<Matcher, String> expectedHash) {

	/** The URL without the two signature segments, and whether the key made them; unsigned when the form differs. */
	ReadUrl read(String url) {
		UnsignedUrl parsed = UnsignedUrl.parse(url);
		Matcher signed = form.matcher(parsed.path());
		if (!signed.matches()) {
			return new ReadUrl(parsed, SignatureCheck.UNSIGNED);
		}
		return ReadUrl.signed(parsed.withPath(signed.group(3)),
				Md5.same(expectedHash.apply(signed), signed.group(hashGroup)));
	}
}
