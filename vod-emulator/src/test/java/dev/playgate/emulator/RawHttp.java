package dev.playgate.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.auth.AlibabaCloudCredentials;
import com.aliyuncs.auth.BasicCredentials;
import com.aliyuncs.auth.Signer;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.regions.ProductDomain;

/**
 * Plain HTTP against an emulator: requests signed by the real SDK but sent by {@code java.net.http}, so a test can
 * send the very same signed request twice or read the raw answer (status, headers, bytes).
 */
final class RawHttp {

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private RawHttp() {
	}

	/** The URL the SDK builds and signs for this request (a fresh nonce and timestamp every time). */
	static String signedUrl(VodEmulator emulator, AcsRequest<?> request, String accessKeyId, String secret)
			throws Exception {
		AlibabaCloudCredentials credentials = new BasicCredentials(accessKeyId, secret);
		com.aliyuncs.http.HttpRequest signed = request.signRequest(Signer.getSigner(credentials), credentials,
				FormatType.JSON, new ProductDomain("vod", emulator.endpoint()));
		return signed.getSysUrl();
	}

	static HttpResponse<String> post(String url) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.noBody()));
	}

	static HttpResponse<String> post(String url, String json) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	static HttpResponse<String> postForm(String url, String form) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	static HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(url)).GET());
	}

	static String admin(VodEmulator emulator, String path) {
		return "http://" + emulator.endpoint() + "/__admin/" + path;
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return CLIENT.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
	}
}
