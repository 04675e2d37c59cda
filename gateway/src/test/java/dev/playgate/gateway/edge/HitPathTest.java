package dev.playgate.gateway.edge;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.playgate.gateway.credential.CacheStatus;
import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.CredentialRequest;
import dev.playgate.gateway.credential.CredentialSource;
import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.edge.CredentialEndpoints.Admission;
import dev.playgate.gateway.edge.RequestReader.RequestDefaults;
import dev.playgate.gateway.security.ClientGate;
import dev.playgate.gateway.security.ClientIdentity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hit path in a connection's pipeline (the HTTP codec, this handler, and a recorder standing for Reactor Netty):
 * which requests it answers itself, how, and what it hands on.
 */
final class HitPathTest {

	private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
	private static final String HIT = "/v1/videos/" + "a".repeat(32) + "/play-auth";
	private static final String MISS = "/v1/videos/" + "b".repeat(32) + "/play-auth";
	private static final byte[] BODY = "{\"playAuth\":\"x\"}".getBytes(StandardCharsets.US_ASCII);

	private final AtomicInteger admitted = new AtomicInteger();
	private final ClientGate gate = headers -> {
		admitted.incrementAndGet();
		return ClientIdentity.ANONYMOUS;
	};
	private final CredentialSource pipeline = new CredentialSource() {
		@Override
		public Mono<Served> fetch(CredentialRequest request) {
			return Mono.never();
		}

		@Override
		public Served servedAtOnce(CredentialRequest request) {
			if (!request.key().videoId().value().startsWith("a")) {
				return null;
			}
			return new Served(new Credential(request.key(), BODY, NOW.minusSeconds(10), NOW.plusSeconds(990)),
					CacheStatus.HIT);
		}
	};
	private final CredentialEndpoints endpoints = new CredentialEndpoints(pipeline,
			new RequestReader(new RequestDefaults(Duration.ofSeconds(3000), Duration.ofSeconds(3600),
					Duration.ofSeconds(60), Duration.ofSeconds(30))),
			gate, Clock.fixed(NOW, ZoneOffset.UTC), new EdgeMetrics(new SimpleMeterRegistry()));
	private final List<Object> handedOn = new ArrayList<>();
	private final AtomicInteger reads = new AtomicInteger();
	private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
		@Override
		public void read(ChannelHandlerContext ctx) {
			reads.incrementAndGet();
			ctx.read();
		}
	}, new HttpServerCodec(), new HitPath(endpoints, null), new ChannelInboundHandlerAdapter() {
		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			handedOn.add(msg);
		}
	});

	@AfterEach
	void release() {
		handedOn.forEach(ReferenceCountUtil::release);
		channel.finishAndReleaseAll();
	}

	@Test
	void aHitIsAnsweredWithoutReachingReactorNetty() {
		send("GET " + HIT + " HTTP/1.1\r\nHost: gw\r\n\r\n");

		String answer = answers();
		assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n")
			.contains("content-type: application/json\r\n", "X-Cache: HIT\r\n", "cache-control: private, max-age=1000\r\n",
					"age: 10\r\n", "content-length: " + BODY.length + "\r\n")
			.endsWith("\r\n\r\n" + new String(BODY, StandardCharsets.US_ASCII))
			.doesNotContain("connection:");
		assertThat(handedOn).isEmpty();
		assertThat(channel.isOpen()).isTrue();
		assertThat(admitted).hasValue(1);
	}

	@Test
	void theAnswersOfOneReadAreFlushedTogetherAndTheNextReadIsAskedFor() {
		channel.config().setAutoRead(false);
		reads.set(0);
		String request = "GET " + HIT + " HTTP/1.1\r\nHost: gw\r\n\r\n";
		send(request + request + request);

		assertThat(channel.outboundMessages()).hasSize(3);
		assertThat(answers().split("HTTP/1.1 200 OK", -1)).hasSize(4);
		assertThat(reads).hasValue(1);
	}

	@Test
	void aMissGoesOnWithItsAdmissionSoItIsAdmittedOnce() {
		send("GET " + MISS + " HTTP/1.1\r\nHost: gw\r\n\r\n");

		assertThat(channel.outboundMessages()).isEmpty();
		assertThat(handedOn).hasSize(2);
		HttpRequest request = (HttpRequest) handedOn.get(0);
		Admission admission = HitPath.admissionOf(channel, request.headers());
		assertThat(admission).isNotNull();
		assertThat(admission.admitted().key().videoId().value()).isEqualTo("b".repeat(32));
		assertThat(HitPath.admissionOf(channel, request.headers())).isNull();
		assertThat(admitted).hasValue(1);
	}

	@Test
	void aRefusedRequestGoesOnWithItsRefusal() {
		send("GET /v1/videos/not-an-id/play-auth HTTP/1.1\r\nHost: gw\r\n\r\n");

		HttpRequest request = (HttpRequest) handedOn.get(0);
		Admission admission = HitPath.admissionOf(channel, request.headers());
		assertThat(admission).isNotNull();
		assertThat(admission.refusal()).isNotNull();
		assertThat(channel.outboundMessages()).isEmpty();
	}

	@Test
	void aHitPipelinedBehindARequestStillBeingAnsweredIsAnsweredAfterIt() {
		send(get(MISS, "") + get(HIT, ""));
		assertThat(requestsHandedOn()).isEqualTo(1);
		assertThat(channel.outboundMessages()).isEmpty();

		answerTheOneHandedOn("miss-answer");
		String answers = answers();
		assertThat(answers).startsWith("HTTP/1.1 200 OK\r\nX-Answer: miss-answer\r\n");
		assertThat(answers.indexOf("X-Cache: HIT")).isGreaterThan(answers.indexOf("miss-answer"));
		assertThat(requestsHandedOn()).isEqualTo(1);

		send(get(HIT, ""));
		assertThat(answers()).contains("X-Cache: HIT");
	}

	@Test
	void requestsPipelinedBehindAMissReachReactorNettyOneAtATimeInOrder() {
		String otherMiss = "/v1/videos/" + "e".repeat(32) + "/play-info";
		send(get(MISS, "") + get(otherMiss, "") + get(HIT, ""));
		assertThat(requestsHandedOn()).isEqualTo(1);

		answerTheOneHandedOn("first");
		assertThat(requestsHandedOn()).isEqualTo(2);
		assertThat(((HttpRequest) handedOn.get(2)).uri()).isEqualTo(otherMiss);
		answerTheOneHandedOn("second");

		String answers = answers();
		assertThat(answers.indexOf("first")).isLessThan(answers.indexOf("second"));
		assertThat(answers.indexOf("second")).isLessThan(answers.indexOf("X-Cache: HIT"));
	}

	@Test
	void nothingPipelinedAfterAnAnswerThatClosesIsTaken() {
		send(get(HIT, "Connection: close\r\n") + get(MISS, "") + get(HIT, ""));

		assertThat(answers().split("HTTP/1.1 200 OK", -1)).hasSize(2);
		assertThat(handedOn).isEmpty();
		assertThat(admitted).hasValue(1);
		assertThat(channel.isOpen()).isFalse();
	}

	@Test
	void requestsHeldBehindAnAnswerThatClosesAreDropped() {
		send(get(MISS, "") + get(HIT, "") + get(MISS, ""));
		DefaultFullHttpResponse closing = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
		closing.headers().set("Connection", "close");
		channel.writeAndFlush(closing);
		channel.runPendingTasks();

		assertThat(answers().split("HTTP/1.1 200 OK", -1)).hasSize(2);
		assertThat(requestsHandedOn()).isEqualTo(1);
		assertThat(admitted).hasValue(1);
	}

	@Test
	void readingPausesWhileManyPipelinedRequestsWaitAndResumesOnceTheyAreTaken() {
		channel.config().setAutoRead(false);
		StringBuilder pipelined = new StringBuilder(get(MISS, ""));
		for (int i = 0; i < HitPath.MAX_HELD; i++) {
			pipelined.append(get(HIT, ""));
		}
		send(pipelined.toString());
		reads.set(0);
		channel.read();
		assertThat(reads).as("read held back").hasValue(0);

		answerTheOneHandedOn("miss-answer");
		assertThat(answers().split("X-Cache: HIT", -1)).hasSize(HitPath.MAX_HELD + 1);
		assertThat(reads).as("read asked again").hasValue(1);
	}

	private static String get(String path, String headers) {
		return "GET " + path + " HTTP/1.1\r\nHost: gw\r\n" + headers + "\r\n";
	}

	private long requestsHandedOn() {
		return handedOn.stream().filter(HttpRequest.class::isInstance).count();
	}

	/** Reactor Netty's answer to the request it is answering, then the tasks that follow it. */
	private void answerTheOneHandedOn(String name) {
		DefaultFullHttpResponse answer = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
		answer.headers().set("X-Answer", name).set("Content-Length", 0);
		channel.writeAndFlush(answer);
		channel.runPendingTasks();
	}

	@Test
	void connectionCloseIsAnsweredAndHonoured() {
		send("GET " + HIT + " HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n");

		assertThat(answers()).contains("connection: close\r\n");
		assertThat(channel.isOpen()).isFalse();
	}

	@Test
	void http10GoesToTheRoutesSoItIsAnsweredOneWayOnly() {
		send("GET " + HIT + " HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");

		assertThat(requestsHandedOn()).isEqualTo(1);
		assertThat(channel.outboundMessages()).isEmpty();
		assertThat(admitted).hasValue(0);
	}

	@Test
	void otherMethodsRoutesAndRequestsWithABodyGoOn() {
		List<String> requests = List.of("HEAD " + HIT + " HTTP/1.1\r\nHost: gw\r\n\r\n",
				"POST " + HIT + " HTTP/1.1\r\nHost: gw\r\nContent-Length: 0\r\n\r\n",
				"GET " + HIT + " HTTP/1.1\r\nHost: gw\r\nContent-Length: 2\r\n\r\n{}",
				"GET " + HIT + " HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
				"GET " + HIT + " HTTP/1.1\r\nHost: gw\r\nExpect: 100-continue\r\n\r\n",
				"GET /v1/play-auth/batch HTTP/1.1\r\nHost: gw\r\n\r\n");
		for (String request : requests) {
			send(request);
			channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT));
			answers();
		}

		assertThat(handedOn).filteredOn(HttpRequest.class::isInstance).hasSize(requests.size());
		assertThat(admitted).hasValue(0);
	}

	private void send(String bytes) {
		channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
	}

	/** Everything written so far, as text. */
	private String answers() {
		StringBuilder text = new StringBuilder();
		for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
			ByteBuf bytes = (ByteBuf) out;
			text.append(bytes.toString(StandardCharsets.ISO_8859_1));
			bytes.release();
		}
		return text.toString();
	}
}
