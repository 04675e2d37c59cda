package dev.playgate.gateway.edge;

import dev.playgate.gateway.credential.ProblemCode;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which body framings a request may have: none, or codings naming chunked once and last (RFC 9112 §6.3). */
final class UnreadableRequestTest {

	private static HttpRequest request(HttpVersion version, String... transferEncodings) {
		HttpRequest request = new DefaultHttpRequest(version, HttpMethod.POST, "/v1/play-auth/batch");
		request.headers().set("Host", "gw");
		for (String coding : transferEncodings) {
			request.headers().add("Transfer-Encoding", coding);
		}
		return request;
	}

	@Test
	void aRequestWithoutTransferEncodingIsReadable() {
		assertThat(UnreadableRequest.codeOf(request(HttpVersion.HTTP_1_1))).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "chunked", "Chunked", "gzip, chunked", "gzip ,chunked" })
	void codingsEndingInOneChunkedAreReadable(String codings) {
		assertThat(UnreadableRequest.codeOf(request(HttpVersion.HTTP_1_1, codings))).isNull();
	}

	@Test
	void codingsOverSeveralLinesAreReadAsOneList() {
		assertThat(UnreadableRequest.codeOf(request(HttpVersion.HTTP_1_1, "gzip", "chunked"))).isNull();
		assertThat(UnreadableRequest.codeOf(request(HttpVersion.HTTP_1_1, "chunked", "gzip")))
			.isEqualTo(ProblemCode.BAD_REQUEST);
	}

	@ParameterizedTest
	@ValueSource(strings = { "gzip", "identity", "xchunked", "chunked, gzip", "chunked, chunked", "", "chunked," })
	void otherCodingsAreABadRequest(String codings) {
		HttpRequest request = request(HttpVersion.HTTP_1_1, codings);

		assertThat(UnreadableRequest.codeOf(request)).isEqualTo(ProblemCode.BAD_REQUEST);
		assertThat(UnreadableRequest.detail(ProblemCode.BAD_REQUEST, request))
			.isEqualTo("a Transfer-Encoding must name chunked once, as its last coding, on HTTP/1.1");
	}

	@Test
	void aTransferEncodingOnHttp10IsABadRequest() {
		assertThat(UnreadableRequest.codeOf(request(HttpVersion.HTTP_1_0, "chunked")))
			.isEqualTo(ProblemCode.BAD_REQUEST);
	}
}
