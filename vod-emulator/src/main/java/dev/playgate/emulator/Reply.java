package dev.playgate.emulator;

/**
 * One complete answer to an API call: the HTTP status, the encoded JSON body and the outcome recorded in the stats.
 *
 * @param status the HTTP status
 * @param body the UTF-8 JSON body
 * @param outcome {@value #OK} or the error code
 * @param requestId the RequestId inside the body, echoed as a header
 */
record Reply(int status, byte[] body, String outcome, String requestId) {

	static final String OK = "OK";

	static Reply ok(byte[] body, String requestId) {
		return new Reply(200, body, OK, requestId);
	}

	static Reply error(ApiError error, String requestId, String hostId) {
		byte[] body = new JsonWriter(256).beginObject()
				.field("RequestId", requestId)
				.field("HostId", hostId)
				.field("Code", error.code())
				.field("Message", error.message())
				.field("Recommend", "https://api.aliyun.com/troubleshoot?q=" + error.code() + "&product=vod")
				.endObject()
				.toBytes();
		return new Reply(error.status(), body, error.code(), requestId);
	}
}
