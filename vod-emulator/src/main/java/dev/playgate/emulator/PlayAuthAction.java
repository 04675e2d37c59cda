package dev.playgate.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code GetVideoPlayAuth}: a PlayAuth for one video plus its {@code VideoMeta} (reference §3).
 *
 * <p>The PlayAuth is Base64 of a JSON document shaped like VOD's legacy credential ({@code SecurityToken},
 * {@code AuthInfo}, {@code AccessKeyId}, {@code AccessKeySecret}, {@code Region}) with, at the top level,
 * {@code VideoId} and {@code ExpireTime} = arrival + {@code AuthInfoTimeout} (100-3000 s, default 100), so tests
 * can decode what they were given.
 */
final class PlayAuthAction implements Action {

	static final String NAME = "GetVideoPlayAuth";

	private final Catalogue catalogue;
	private final String regionId;
	private final String playDomain;

	PlayAuthAction(Catalogue catalogue, String regionId, String playDomain) {
		this.catalogue = catalogue;
		this.regionId = regionId;
		this.playDomain = playDomain;
	}

	@Override
	public byte[] handle(RpcRequest request, String requestId) {
		long timeout = Action.longParameter(request, "AuthInfoTimeout", 100, 100, 3000);
		Video video = catalogue.require(request, true);
		String expireTime = Authenticator.formatTimestamp(request.arrivalMillis() + timeout * 1000);
		JsonWriter json = new JsonWriter(1024).beginObject()
				.field("RequestId", requestId)
				.field("PlayAuth", playAuth(video, expireTime));
		VideoMeta.write(json.beginObject("VideoMeta"), video, playDomain).endObject();
		return json.endObject().toBytes();
	}

	private String playAuth(Video video, String expireTime) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String authInfo = new JsonWriter(256).beginObject()
				.field("CI", Long.toHexString(random.nextLong()))
				.field("Caller", "vod-emulator")
				.field("ExpireTime", expireTime)
				.field("MediaId", video.id())
				.field("PlayDomain", playDomain)
				.field("Signature", Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()))
				.endObject()
				.toString();
		String document = new JsonWriter(768).beginObject()
				.field("SecurityToken", "CAISemulator" + Long.toHexString(random.nextLong()))
				.field("AuthInfo", authInfo)
				.field("AccessKeyId", "STS.emulator" + Long.toHexString(random.nextLong()))
				.field("AccessKeySecret", Long.toHexString(random.nextLong()))
				.field("Region", regionId)
				.field("VideoId", video.id())
				.field("ExpireTime", expireTime)
				.endObject()
				.toString();
		return Base64.getEncoder().encodeToString(document.getBytes(StandardCharsets.UTF_8));
	}
}
