package dev.playgate.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Signs play URLs the way VOD's CDN URL signing and OSS private buckets do, so a URL shows when it expires.
 *
 * <p>CDN: {@code https://domain} and the path signed with the configured type ({@link UrlSigning}; type A:
 * {@code path?auth_key={expires}-{rand}-{uid}-{md5("path-expires-rand-uid-key")}}), where {@code expires} is the Unix
 * time at which the URL stops working (arrival + AuthTimeout). OSS:
 * {@code https://outin-....oss-region.aliyuncs.com/path?Expires={expires}&OSSAccessKeyId=...&Signature=...}.
 */
final class PlayUrls {

	private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(PlayUrls::md5);

	private final String ossHost;
	private final UrlSigning cdn;

	PlayUrls(String regionId, CdnOptions cdn) {
		this.ossHost = "outin-emulator.oss-" + regionId + ".aliyuncs.com";
		this.cdn = UrlSigning.of(cdn);
	}

	String url(String path, long expiresEpochSeconds, PlayInfoAction.Query query) {
		if ("oss".equals(query.outputType())) {
			String signature = hash(path + "-" + expiresEpochSeconds);
			return "https://" + ossHost + path + "?Expires=" + expiresEpochSeconds
					+ "&OSSAccessKeyId=LTAIemulator&Signature=" + signature;
		}
		return "https://" + query.playDomain() + cdn.sign(path, expiresEpochSeconds, query.rand(), query.uid());
	}

	static String hash(String text) {
		return HexFormat.of().formatHex(MD5.get().digest(text.getBytes(StandardCharsets.UTF_8)));
	}

	private static MessageDigest md5() {
		try {
			return MessageDigest.getInstance("MD5");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("the JDK lacks MD5", ex);
		}
	}
}
