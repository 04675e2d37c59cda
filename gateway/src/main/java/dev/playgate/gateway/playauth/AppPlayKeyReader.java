package dev.playgate.gateway.playauth;

import java.text.ParseException;
import java.util.Map;

import com.aliyuncs.CommonRequest;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.MethodType;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * Reads an application's PlayKey with VOD's {@code GetAppPlayKey}, once, at start-up. aliyun-java-sdk-vod 2.16.22 has
 * no request class for it, so it goes through the SDK's {@link CommonRequest}, signed like every other call.
 */
final class AppPlayKeyReader {

	/** The VOD OpenAPI version. */
	static final String API_VERSION = "2017-03-21";

	/** The action name. */
	static final String ACTION = "GetAppPlayKey";

	private final IAcsClient client;
	private final VodTarget target;

	AppPlayKeyReader(IAcsClient client, VodTarget target) {
		this.client = client;
		this.target = target;
	}

	/**
	 * The PlayKey of {@code appId}; blocks on the call, so only for start-up.
	 * @throws IllegalStateException when VOD refuses or answers without a PlayKey (the message names no secret)
	 */
	PlayKey read(String appId) {
		String json;
		try {
			json = client.getCommonResponse(request(appId)).getData();
		}
		catch (ClientException ex) {
			throw new IllegalStateException(ACTION + " for " + appId + " failed: " + ex.getErrCode() + " ("
					+ ex.getErrMsg() + ", RequestId " + ex.getRequestId() + ")", ex);
		}
		return PlayKey.of(playKeyIn(json, appId));
	}

	private CommonRequest request(String appId) {
		CommonRequest request = new CommonRequest();
		request.setSysMethod(MethodType.POST);
		request.setSysProduct("vod");
		request.setSysVersion(API_VERSION);
		request.setSysAction(ACTION);
		request.setSysRegionId(target.regionId());
		request.setSysDomain(target.host());
		request.setSysProtocol(target.protocolType());
		request.putQueryParameter("AppId", appId);
		return request;
	}

	/** {@code {"RequestId":..,"AppPlayKey":{"AppId":..,"PlayKey":..,"CreationTime":..,"ModificationTime":..}}}. */
	private static String playKeyIn(String json, String appId) {
		try {
			Map<String, Object> appPlayKey = JSONObjectUtils.getJSONObject(JSONObjectUtils.parse(json), "AppPlayKey");
			String playKey = appPlayKey == null ? null : JSONObjectUtils.getString(appPlayKey, "PlayKey");
			if (playKey == null || playKey.isBlank()) {
				throw new IllegalStateException(ACTION + " for " + appId + " answered without a PlayKey");
			}
			return playKey;
		}
		catch (ParseException ex) {
			// the parser's message may quote the body, which holds the key: keep only the position
			throw new IllegalStateException(ACTION + " for " + appId + " answered unreadable JSON at offset "
					+ ex.getErrorOffset());
		}
	}
}
