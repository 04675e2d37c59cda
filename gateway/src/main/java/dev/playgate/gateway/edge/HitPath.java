package dev.playgate.gateway.edge;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;

import dev.playgate.gateway.credential.Served;
import dev.playgate.gateway.edge.CredentialEndpoints.Admission;
import dev.playgate.gateway.security.ClientIdentity;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.Attribute;
import io.netty.util.AsciiString;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Answers the cache hits of the two single-video routes in the connection's own pipeline, between the
 * {@link ConnectionGuard} and Reactor Netty, so a hit costs the HTTP codec, the key's lookup and one write: no
 * exchange object, no route predicates, no reactive chain.
 *
 * <p>
 * What it takes: an HTTP/1.1 {@code GET} of {@code /v1/videos/{id}/play-auth} or {@code /play-info} without a body.
 * It admits and reads the request exactly as the route would ({@link CredentialEndpoints#admit}) and asks the
 * pipeline for a hit at once. A hit is answered with the route's own status, headers, body, metrics and access-log
 * line; the rest of its request (the empty last content) is discarded, {@code Connection: close} is honoured (nothing
 * read after it is taken), and the answers of one read are flushed together. Anything else goes on to Reactor Netty
 * unchanged: a request this handler did admit (a miss, a refusal) carries its {@link Admission} along, so the route
 * neither charges the caller's quota nor counts a rejection twice.
 *
 * <p>
 * Order: a request that arrives while Reactor Netty is still answering one of the connection's requests is held here
 * (at most {@value #MAX_HELD} messages before reading pauses) and taken once that answer has ended, so answers stay
 * in request order and Reactor Netty never has two requests of one connection at a time.
 *
 * <p>
 * A peer that does not read: while the connection cannot take more output (its outbound buffer is above Netty's high
 * water mark, which counts answers written but not yet sent), no request is taken (they are held) and nothing more is
 * read from the socket; once the peer has read enough for the buffer to fall below the low mark, the held requests
 * are taken and reading resumes. So a client that pipelines requests and never reads the answers holds at most one
 * read's worth of requests and a buffer's worth of answers, not every answer it asked for; and one that pipelines
 * more than {@value #MAX_HELD_UNREAD} messages ahead of what it reads is disconnected (the answers it did not read
 * are lost to it alone).
 */
final class HitPath extends ChannelDuplexHandler {

	static final String NAME = "playgate.hitPath";

	/** Messages held back before reading stops until they have been taken. */
	static final int MAX_HELD = 64;

	/**
	 * Messages held back (two a bodiless request: its head and its empty end) past which the peer is disconnected: it
	 * has sent that far ahead of the answers it reads, in one read of the socket, since reading stops at
	 * {@link #MAX_HELD} or when the connection cannot take more output.
	 */
	static final int MAX_HELD_UNREAD = 8192;

	private static final AttributeKey<Admission> ADMISSION = AttributeKey.valueOf("playgate.admission");

	private final CredentialEndpoints endpoints;
	private final @Nullable AccessLog log;
	/** Requests handed to Reactor Netty whose answer has not ended: at most one, the others wait in {@link #held}. */
	private int forwarded;
	/** The content of the request last handed on is still arriving. */
	private boolean forwardingContent;
	/** The rest of a request answered here is still arriving. */
	private boolean discarding;
	private boolean unflushed;
	/** An answer closes the connection: nothing read after its request is taken. */
	private boolean closing;
	/** Messages of requests pipelined behind one Reactor Netty is still answering, in arrival order. */
	private final ArrayDeque<Object> held = new ArrayDeque<>();
	/** A read Reactor Netty asked for while {@link #MAX_HELD} messages were held. */
	private boolean readWanted;

	/**
	 * @param endpoints the single-video routes' reading, admission and answers
	 * @param log the access log, {@code null} when it is off (then no {@code X-Request-Id} either, as on the routes)
	 */
	HitPath(CredentialEndpoints endpoints, @Nullable AccessLog log) {
		this.endpoints = endpoints;
		this.log = log;
	}

	/**
	 * The admission this handler left for the request with {@code headers}, taken once; {@code null} when it did not
	 * admit that request.
	 */
	static @Nullable Admission admissionOf(HttpServerResponse response, HttpHeaders headers) {
		Admission[] found = new Admission[1];
		response.withConnection(connection -> found[0] = admissionOf(connection.channel(), headers));
		return found[0];
	}

	/** {@link #admissionOf(HttpServerResponse, HttpHeaders)} on the connection's channel. */
	static @Nullable Admission admissionOf(Channel channel, HttpHeaders headers) {
		Attribute<Admission> left = channel.attr(ADMISSION);
		Admission admission = left.get();
		if (admission == null || admission.headers() != headers) {
			return null;
		}
		left.set(null);
		return admission;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (closing) {
			ReferenceCountUtil.release(msg);
			return;
		}
		boolean contentOfTheOneHandedOn = forwardingContent && msg instanceof HttpContent;
		boolean unsent = msg instanceof HttpRequest && !ctx.channel().isWritable();
		if (!held.isEmpty() || (forwarded > 0 && !contentOfTheOneHandedOn) || unsent) {
			// pipelined behind a request still being answered, or behind answers the peer has not read yet: its turn
			// comes after them
			hold(ctx, msg);
			return;
		}
		take(ctx, msg);
	}

	private void hold(ChannelHandlerContext ctx, Object msg) {
		if (held.size() >= MAX_HELD_UNREAD) {
			ReferenceCountUtil.release(msg);
			releaseHeld();
			closing = true;
			ctx.close();
			return;
		}
		held.addLast(msg);
	}

	/** One inbound message whose turn it is: answered here, discarded, or handed on to Reactor Netty. */
	private void take(ChannelHandlerContext ctx, Object msg) {
		if (discarding && msg instanceof HttpContent) {
			discarding = !(msg instanceof LastHttpContent);
			ReferenceCountUtil.release(msg);
			return;
		}
		if (forwardingContent && msg instanceof HttpContent) {
			forwardingContent = !(msg instanceof LastHttpContent);
			ctx.fireChannelRead(msg);
			return;
		}
		if (msg instanceof HttpRequest request) {
			if (answeredAtOnce(ctx, request)) {
				discarding = !(msg instanceof LastHttpContent);
				ReferenceCountUtil.release(msg);
				return;
			}
			forwarded++;
			forwardingContent = !(msg instanceof LastHttpContent);
		}
		ctx.fireChannelRead(msg);
	}

	/**
	 * Takes the held requests whose turn has come, once the answer they waited for has ended: answers what it can,
	 * hands on the next one that must go to Reactor Netty (with its content) and holds the rest again.
	 */
	private void takeHeld(ChannelHandlerContext ctx) {
		while (!held.isEmpty() && !closing && ctx.channel().isActive()) {
			boolean contentOfTheOneHandedOn = forwardingContent && held.peekFirst() instanceof HttpContent;
			if (forwarded > 0 && !contentOfTheOneHandedOn) {
				break;
			}
			if (held.peekFirst() instanceof HttpRequest && !ctx.channel().isWritable()) {
				break; // the peer has not read the answers before it: taken when the connection is writable again
			}
			take(ctx, held.pollFirst());
		}
		if (closing || !ctx.channel().isActive()) {
			releaseHeld();
		}
		if (unflushed) {
			unflushed = false;
			ctx.flush();
		}
		if (held.size() < MAX_HELD && (readWanted || (held.isEmpty() && forwarded == 0))
				&& !ctx.channel().config().isAutoRead()) {
			askRead(ctx);
		}
	}

	/** Reads on, unless the connection cannot take more output: then the read waits for it to be writable again. */
	private void askRead(ChannelHandlerContext ctx) {
		if (ctx.channel().isWritable()) {
			readWanted = false;
			ctx.read();
		}
		else {
			readWanted = true;
		}
	}

	/**
	 * Flushes the answers of this read together. Reactor Netty reads a connection on demand (auto-read off) and asks
	 * for the next read when it has answered a request; for the requests answered here, nothing of its is waiting,
	 * so this handler asks instead, unless a request it handed on is still being answered.
	 */
	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		boolean answered = unflushed;
		if (unflushed) {
			unflushed = false;
			ctx.flush();
		}
		ctx.fireChannelReadComplete();
		if (answered && forwarded == 0 && held.isEmpty() && !closing && !ctx.channel().config().isAutoRead()) {
			askRead(ctx);
		}
	}

	/**
	 * Holds back reading while many pipelined requests wait their turn or the peer has not read the answers sent to
	 * it; asks again once they have been taken, or the connection is writable again.
	 */
	@Override
	public void read(ChannelHandlerContext ctx) {
		if (held.size() >= MAX_HELD || !ctx.channel().isWritable()) {
			readWanted = true;
			return;
		}
		ctx.read();
	}

	/** The peer has read enough of what it was sent: the requests held behind it are taken, and reading resumes. */
	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		if (ctx.channel().isWritable() && !closing) {
			if (!held.isEmpty()) {
				takeHeld(ctx);
			}
			else if (readWanted && !ctx.channel().config().isAutoRead()) {
				askRead(ctx);
			}
		}
		ctx.fireChannelWritabilityChanged();
	}

	/**
	 * Counts the end of each answer Reactor Netty writes, so a later request knows whether it may go first, and takes
	 * the requests held behind it in a task of their own, after Reactor Netty has closed that exchange. An answer
	 * that closes the connection ends it: nothing after it is read.
	 */
	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		boolean informational = msg instanceof HttpResponse response
				&& response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
		if (msg instanceof HttpResponse response && !informational
				&& response.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true)) {
			closing = true;
		}
		if (msg instanceof LastHttpContent && !informational && forwarded > 0 && --forwarded == 0
				&& !held.isEmpty()) {
			ctx.executor().execute(() -> takeHeld(ctx));
		}
		ctx.write(msg, promise);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		releaseHeld();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		releaseHeld();
	}

	private void releaseHeld() {
		for (Object msg = held.pollFirst(); msg != null; msg = held.pollFirst()) {
			ReferenceCountUtil.release(msg);
		}
	}

	private boolean answeredAtOnce(ChannelHandlerContext ctx, HttpRequest request) {
		Endpoint endpoint = endpointOf(request);
		if (endpoint == null) {
			return false;
		}
		long start = log != null ? log.start() : 0;
		InetSocketAddress peer = ctx.channel().remoteAddress() instanceof InetSocketAddress inet ? inet : null;
		Admission admission;
		try {
			admission = endpoints.admit(endpoint, request.headers(), request.uri(), peer);
		}
		catch (RuntimeException unexpected) {
			return false; // the route meets it again and answers it as a failure
		}
		Instant now = endpoints.clock().instant();
		Served hit = endpoints.hitAtOnce(endpoint, admission, now);
		if (hit == null) {
			ctx.channel().attr(ADMISSION).set(admission);
			return false;
		}
		AsciiString requestId = log != null ? AccessLog.requestId(request.headers().get(AccessLog.REQUEST_ID)) : null;
		FullHttpResponse response = CredentialAnswer.response(hit.credential(), hit.status(), now, requestId);
		boolean keepAlive = HttpUtil.isKeepAlive(request);
		if (!keepAlive) {
			response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			closing = true;
			ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
		}
		else {
			ctx.write(response, ctx.voidPromise());
			unflushed = true;
		}
		if (log != null && requestId != null) {
			ClientIdentity caller = admission.caller();
			String client = caller == null || caller.isAnonymous() ? null : caller.id();
			log.answered(start, requestId, client, ctx.channel(), HttpMethod.GET, request.uri(), 200,
					CredentialAnswer.cacheValue(hit.status()));
		}
		return true;
	}

	/**
	 * The route of a request this handler may answer: a bodiless HTTP/1.1 GET of a single-video route. HTTP/1.0 goes
	 * to the routes, so that it is answered one way only (Reactor Netty's: an HTTP/1.0 answer, then the close).
	 */
	private static @Nullable Endpoint endpointOf(HttpRequest request) {
		boolean http11 = HttpVersion.HTTP_1_1.equals(request.protocolVersion());
		if (!http11 || request.method() != HttpMethod.GET || !isBodiless(request)) {
			return null;
		}
		String uri = request.uri();
		if (Routes.isVideoRoute(uri, Routes.PLAY_AUTH_SUFFIX)) {
			return Endpoint.PLAY_AUTH;
		}
		return Routes.isVideoRoute(uri, Routes.PLAY_INFO_SUFFIX) ? Endpoint.PLAY_INFO : null;
	}

	private static boolean isBodiless(HttpRequest request) {
		HttpHeaders headers = request.headers();
		if (headers.contains(HttpHeaderNames.EXPECT) || HttpUtil.isTransferEncodingChunked(request)) {
			return false;
		}
		String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
		return length == null || "0".equals(length.trim());
	}
}
