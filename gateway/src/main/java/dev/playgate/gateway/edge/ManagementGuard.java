package dev.playgate.gateway.edge;

import java.util.ArrayList;
import java.util.List;

import dev.playgate.gateway.credential.ProblemCode;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import reactor.netty.NettyPipeline;

/**
 * One management-port connection's guard, between Netty's HTTP codec and Reactor Netty: refuses what is not a
 * readable HTTP/1.x request (an {@link UnreadableRequest}), or whose target is not a URI (a malformed
 * percent-encoding), with the public port's problem answers and closes the connection, and closes it on a broken
 * body. Only that: the public port's timeouts, connection limit and metrics are its own, so that probes and scrapes
 * are never refused for what players do. Refusals are logged through a
 * {@link RefusalLog}, as management-port ones. Answers stay in order ({@link OwedAnswers}): a refusal that follows
 * pipelined requests still being answered is written after their answers.
 *
 * <p>
 * Reading follows the answers: no more is read from the socket while {@value #MAX_OWED} answers are owed or the
 * connection cannot take more output (a peer that does not read what it asked for), and reading resumes once answers
 * have been written and the peer has read them. A peer that pipelines more than {@value #MAX_OWED_UNREAD} requests
 * ahead of its answers, in one read, is disconnected. So a client that never reads holds a read's worth of requests
 * and a buffer's worth of answers here, not every answer it asked for.
 *
 * <p>
 * A request with a body reaches the endpoints only once its body has arrived whole and readable: its head and body are
 * held here (at most {@value #MAX_HELD_BODY} bytes) and handed on together, so an operation whose endpoint does not
 * read the body (a {@code DELETE} of a credential) is never carried out for a request whose body turns out broken.
 */
final class ManagementGuard extends ChannelDuplexHandler {

	static final String NAME = "playgate.managementGuard";

	/** Answers owed past which nothing more is read until some of them have been written. */
	static final int MAX_OWED = 16;

	/** Requests owed past which the peer is disconnected (it sent them in one read, far ahead of its answers). */
	static final int MAX_OWED_UNREAD = 4096;

	/** The most body bytes held back before a request reaches the endpoints. */
	static final int MAX_HELD_BODY = 64 * 1024;

	private final RefusalLog refusals;
	private final OwedAnswers answers = new OwedAnswers();
	/** The head of a request whose body is still arriving, and what of the body has. */
	private @Nullable HttpRequest heldHead;
	private final List<HttpContent> heldBody = new ArrayList<>();
	private int heldBytes;
	private boolean refusing;
	/** A read asked for while it was held back. */
	private boolean readWanted;

	private ManagementGuard(RefusalLog refusals) {
		this.refusals = refusals;
	}

	/** Puts a new guard after the HTTP codec of a connection's pipeline (none without a codec). */
	static void install(ChannelPipeline pipeline, RefusalLog refusals) {
		if (pipeline.get(NettyPipeline.HttpCodec) != null) {
			pipeline.addAfter(NettyPipeline.HttpCodec, NAME, new ManagementGuard(refusals));
		}
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		answers.release();
		releaseHeld();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (refusing) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (msg instanceof HttpRequest request) {
			if (refused(ctx, request)) {
				ReferenceCountUtil.release(msg);
				return;
			}
			if (!(msg instanceof LastHttpContent) && hasBody(request)) {
				heldHead = request; // handed on with its body, once that has arrived whole
				return;
			}
			if (!taken(ctx)) {
				ReferenceCountUtil.release(msg);
				return;
			}
		}
		else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
			ReferenceCountUtil.release(msg);
			releaseHeld();
			refusing = true;
			refusals.refused("management port: malformed body", ctx.channel().remoteAddress());
			ctx.close();
			return;
		}
		else if (msg instanceof HttpContent content && heldHead != null) {
			hold(ctx, heldHead, content);
			return;
		}
		ctx.fireChannelRead(msg);
	}

	/** Counts a request handed on; whether it may go (not too far ahead of its answers: else the peer is cut off). */
	private boolean taken(ChannelHandlerContext ctx) {
		answers.requestTaken();
		if (answers.count() > MAX_OWED_UNREAD) {
			refusing = true;
			refusals.refused("management port: requests pipelined far ahead of their answers",
					ctx.channel().remoteAddress());
			ctx.close();
			return false;
		}
		return true;
	}

	private static boolean hasBody(HttpRequest request) {
		return HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
	}

	/** One more piece of a held request's body; the whole request goes on with its last piece. */
	private void hold(ChannelHandlerContext ctx, HttpRequest head, HttpContent content) {
		heldBody.add(content);
		heldBytes += content.content().readableBytes();
		if (heldBytes > MAX_HELD_BODY) {
			releaseHeld();
			refuse(ctx, ProblemCode.BAD_REQUEST, "a management request's body is limited to 64 KiB");
			return;
		}
		if (content instanceof LastHttpContent) {
			List<HttpContent> body = new ArrayList<>(heldBody);
			heldHead = null;
			heldBody.clear();
			heldBytes = 0;
			if (!taken(ctx)) {
				body.forEach(ReferenceCountUtil::release);
				return;
			}
			ctx.fireChannelRead(head);
			body.forEach(ctx::fireChannelRead);
		}
	}

	private void releaseHeld() {
		heldHead = null;
		heldBody.forEach(ReferenceCountUtil::release);
		heldBody.clear();
		heldBytes = 0;
	}

	/** While a request's body is held here, the endpoints ask for nothing: this guard reads on for it. */
	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		ctx.fireChannelReadComplete();
		if (heldHead != null && !refusing && !ctx.channel().config().isAutoRead()) {
			ctx.read();
		}
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		boolean endOfAnswer = OwedAnswers.endsAnAnswer(msg);
		ctx.write(msg, promise);
		if (endOfAnswer) {
			answers.answerEnded(ctx);
			resumeReading(ctx);
		}
	}

	/** Holds back reading while many answers are owed or the peer has not read those sent to it. */
	@Override
	public void read(ChannelHandlerContext ctx) {
		if (answers.count() >= MAX_OWED || !ctx.channel().isWritable()) {
			readWanted = true;
			return;
		}
		ctx.read();
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		resumeReading(ctx);
		ctx.fireChannelWritabilityChanged();
	}

	/** Asks for the read held back, once nothing holds it back any more. */
	private void resumeReading(ChannelHandlerContext ctx) {
		if (readWanted && !refusing && answers.count() < MAX_OWED && ctx.channel().isWritable()) {
			readWanted = false;
			ctx.read();
		}
	}

	/**
	 * Refuses {@code request} when this port cannot read it: not HTTP/1.x, or a target that is not a URI, which
	 * Spring's request adapter would answer with a bare 400 rather than a problem.
	 */
	private boolean refused(ChannelHandlerContext ctx, HttpRequest request) {
		ProblemCode code = UnreadableRequest.codeOf(request);
		if (code != null) {
			refuse(ctx, code, UnreadableRequest.detail(code, request));
			return true;
		}
		if (!UnreadableRequest.isUriTarget(request.uri())) {
			refuse(ctx, ProblemCode.BAD_REQUEST, UnreadableRequest.NOT_A_URI);
			return true;
		}
		return false;
	}

	private void refuse(ChannelHandlerContext ctx, ProblemCode code, String detail) {
		refusing = true;
		refusals.refused("management port: " + code.name() + " (" + detail + ")", ctx.channel().remoteAddress());
		answers.refuse(ctx, UnreadableRequest.answer(code, detail));
	}
}
