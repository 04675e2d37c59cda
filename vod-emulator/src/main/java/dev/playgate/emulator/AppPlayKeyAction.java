package dev.playgate.emulator;

/**
 * {@code GetAppPlayKey}: the PlayKey that signs JWTPlayAuth tokens for an application (not in SDK 2.16.22; call it
 * through a {@code CommonRequest}). The key is derived from the AppId, so it is stable across restarts.
 */
final class AppPlayKeyAction implements Action {

	static final String NAME = "GetAppPlayKey";
	static final String DEFAULT_APP_ID = "app-1000000";

	private static final String CREATED = "2025-03-18T03:59:01Z";

	@Override
	public byte[] handle(RpcRequest request, String requestId) {
		String appId = request.get("AppId");
		if (appId == null || appId.isBlank()) {
			appId = DEFAULT_APP_ID;
		}
		if (!appId.matches("app-[0-9]{7,10}")) {
			throw new ApiException(ApiError.of(404, "AppNotExist", "The specified app does not exist."));
		}
		return new JsonWriter(256).beginObject()
				.field("RequestId", requestId)
				.beginObject("AppPlayKey")
				.field("AppId", appId)
				.field("PlayKey", playKey(appId))
				.field("CreationTime", CREATED)
				.field("ModificationTime", CREATED)
				.endObject()
				.endObject()
				.toBytes();
	}

	/** The PlayKey of an application: 16 letters and digits derived from the AppId (VOD allows 8-20). */
	static String playKey(String appId) {
		String hash = PlayUrls.hash("playkey-" + appId);
		StringBuilder key = new StringBuilder(16);
		for (int i = 0; i < 16; i++) {
			char c = hash.charAt(i);
			key.append(i % 3 == 0 && Character.isLetter(c) ? Character.toUpperCase(c) : c);
		}
		return key.toString();
	}
}
