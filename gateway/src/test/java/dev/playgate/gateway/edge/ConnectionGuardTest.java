package dev.playgate.gateway.edge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.playgate.gateway.time.FakeTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection guard in a connection's pipeline (its request-start handler, the HTTP codec, the guard, and a
 * recorder standing for Reactor Netty), on the embedded event loop's virtual time: when a request's head is timed,
 * and what a timed-out connection is answered.
 */
final class ConnectionGuardTest {

	private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);
	private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
	private static final String GET = "GET /v1/videos/0123456789abcdef0123456789abcdef/play-auth HTTP/1.1\r\n"
			+ "Host: gw\r\n\r\n";
	private static final String PARTIAL = "GET /v1/videos/fedcba9876543210fedcba9876543210/play-auth HTTP/1.1\r\n"
			+ "Host: gw\r\n";

	private final List<HttpRequest> requests = new ArrayList<>();
	private int answered;
	private final ConnectionGuard guard = new ConnectionGuard(
			new EdgeProperties(HEADER_TIMEOUT, Duration.ofSeconds(10), IDLE_TIMEOUT, 100),
			new EdgeMetrics(new SimpleMeterRegistry()), new RefusalLog(FakeTime.create()));
	private final EmbeddedChannel channel = new EmbeddedChannel(guard.requestStart(), new HttpServerCodec(), guard,
			new ChannelInboundHandlerAdapter() {
				@Override
				public void channelRead(ChannelHandlerContext ctx, Object msg) {
					if (msg instanceof HttpRequest request) {
						requests.add(request);
					}
					ReferenceCountUtil.release(msg);
				}
			});

	ConnectionGuardTest() {
		channel.freezeTime();
	}

	@AfterEach
	void release() {
		channel.finishAndReleaseAll();
	}

	@Test
	void aPartialHeadInItsOwnReadIsAnswered408AfterTheHeaderTimeout() {
		send(GET);
		answerEach();
		send(PARTIAL);

		assertAnswered408AndClosedAfter(HEADER_TIMEOUT);
	}

	@Test
	void aPartialHeadInTheSameReadAsACompleteRequestIsAnswered408AfterTheHeaderTimeout() {
		send(GET + PARTIAL);
		answerEach();

		assertAnswered408AndClosedAfter(HEADER_TIMEOUT);
	}

	@Test
	void aPartialHeadBehindAnAnswerStillOwedIsTimedFromThatAnswersEnd() {
		send(GET + "GET /v1/vid");
		pass(HEADER_TIMEOUT.plusSeconds(5)); // a slow miss: its answer is owed well past the header timeout
		assertThat(channel.isOpen()).isTrue();
		assertThat(answers()).isEmpty();

		answerEach();
		assertThat(answers()).startsWith("HTTP/1.1 200 OK\r\n");
		send("eos/x HTTP/1.1\r\n");

		assertAnswered408AndClosedAfter(HEADER_TIMEOUT);
	}

	@Test
	void aPartialBodyBehindAnAnswerStillOwedIsTimedFromThatAnswersEnd() {
		send(GET + "POST /v1/play-auth/batch HTTP/1.1\r\nHost: gw\r\nContent-Length: 100\r\n\r\n{\"videoIds\":[");
		pass(Duration.ofSeconds(15));
		assertThat(channel.isOpen()).isTrue();

		answer(1); // the GET, late; the POST's body is still arriving
		assertThat(answers()).startsWith("HTTP/1.1 200 OK\r\n");

		assertAnswered408AndClosedAfter(Duration.ofSeconds(10));
	}

	@ParameterizedTest
	@ValueSource(strings = { "POST /v1/play-auth/batch HTTP/1.1\r\nHost: gw\r\nContent-Length: 13\r\n\r\n{\"videoIds\":[",
			"POST /v1/play-auth/batch HTTP/1.1\r\nHost: gw\r\nContent-Length: 4\r\n\r\n\r\n\r\n",
			"POST /v1/play-auth/batch HTTP/1.1\r\nHost: gw\r\nContent-Length: 13\r\n\r\n{\"videoIds\":[\r\n\r\n",
			"POST /v1/vod/events HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
			"POST /v1/vod/events HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n\r\n\r\n\r\n0\r\n\r\n\r\n" })
	void aPartialHeadInTheSameReadAsARequestWithABodyIsAnswered408(String request) {
		send(request + PARTIAL);
		answerEach();

		assertAnswered408AndClosedAfter(HEADER_TIMEOUT);
	}

	@Test
	void aPartialHeadAfterABlankLineSplitBetweenTwoReadsIsAnswered408() {
		send(GET.substring(0, GET.length() - 1));
		send("\n" + PARTIAL);
		answerEach();

		assertAnswered408AndClosedAfter(HEADER_TIMEOUT);
	}

	@Test
	void aPartialHeadAfterABodyThatBeganInAnEarlierReadIsAnswered408() {
		send("POST /v1/play-auth/batch HTTP/1.1\r\nHost: gw\r\nContent-Length: 13\r\n\r\n{\"vid");
		send("eoIds\":[" + PARTIAL);
		answerEach();

		assertAnswered408AndClosedAfter(HEADER_TIMEOUT);
	}

	@Test
	void aPartialBodyInTheSameReadAsACompleteRequestIsAnswered408AfterTheBodyTimeout() {
		send(GET + "POST /v1/play-auth/batch HTTP/1.1\r\nHost: gw\r\nContent-Length: 100\r\n\r\n{\"videoIds\":[");
		answer(1); // the GET; the POST's body is still arriving

		assertAnswered408AndClosedAfter(Duration.ofSeconds(10));
	}

	@ParameterizedTest
	@ValueSource(strings = { GET + GET, GET + "\r\n", GET + GET + "\r\n\r\n",
			"POST /v1/play-auth/batch HTTP/1.1\r\nHost: gw\r\nContent-Length: 2\r\n\r\n{}",
			"POST /v1/play-auth/batch HTTP/1.1\r\nHost: gw\r\nContent-Length: 6\r\n\r\n\r\n\r\n{}",
			"POST /v1/vod/events HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n\r\n\r\n\r\n0\r\n\r\n",
			"POST /v1/vod/events HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n" })
	void completeRequestsInOneReadLeaveAnIdleConnectionClosedWithoutAnAnswer(String read) {
		send(read);
		answerEach();

		pass(HEADER_TIMEOUT.plusSeconds(1));
		assertThat(channel.isOpen()).as("idle is not slow").isTrue();
		pass(IDLE_TIMEOUT);
		assertThat(channel.isOpen()).isFalse();
		assertThat(answers()).doesNotContain("408");
	}

	@Test
	void aHeadCompletedInTheNextReadIsServedWithoutA408() {
		send(GET + PARTIAL);
		send("\r\n");
		answerEach();

		pass(HEADER_TIMEOUT.plusSeconds(1));
		assertThat(requests).hasSize(2);
		assertThat(channel.isOpen()).isTrue();
		assertThat(answers()).doesNotContain("408");
	}

	@Test
	void anAbsoluteFormTargetGoesOnInOriginForm() {
		send(GET.replace("GET /", "GET http://gw/") + GET.replace("GET /", "GET HTTP://gw:8080/"));

		assertThat(requests).extracting(HttpRequest::uri)
			.containsExactly("/v1/videos/0123456789abcdef0123456789abcdef/play-auth",
					"/v1/videos/0123456789abcdef0123456789abcdef/play-auth");
	}

	private void send(String bytes) {
		ByteBuf buffer = Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII);
		channel.writeInbound(buffer);
		channel.runPendingTasks();
	}

	/** Answers every request read and not yet answered, as Reactor Netty would, with an empty 200. */
	private void answerEach() {
		answer(requests.size() - answered);
	}

	private void answer(int count) {
		for (int i = 0; i < count; i++, answered++) {
			DefaultFullHttpResponse ok = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
			ok.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
			channel.writeAndFlush(ok);
		}
		channel.runPendingTasks();
	}

	private void pass(Duration time) {
		channel.advanceTimeBy(time.toNanos(), TimeUnit.NANOSECONDS);
		channel.runScheduledPendingTasks();
		channel.runPendingTasks();
	}

	private void assertAnswered408AndClosedAfter(Duration timeout) {
		answers(); // the answers so far
		pass(timeout.minusMillis(1));
		assertThat(channel.isOpen()).as("open until the header timeout").isTrue();
		assertThat(answers()).isEmpty();

		pass(Duration.ofMillis(1));
		String answer = answers();
		assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n")
			.contains("content-type: application/problem+json\r\n", "connection: close\r\n", "\"code\":\"REQUEST_TIMEOUT\"");
		assertThat(channel.isOpen()).isFalse();
	}

	private String answers() {
		StringBuilder text = new StringBuilder();
		for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
			ByteBuf bytes = (ByteBuf) out;
			text.append(bytes.toString(StandardCharsets.US_ASCII));
			bytes.release();
		}
		return text.toString();
	}
}
