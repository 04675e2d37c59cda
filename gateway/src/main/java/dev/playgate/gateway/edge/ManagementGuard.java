package dev.playgate.gateway.edge;

import dev.playgate.gateway.credential.ProblemCode;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
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
 */
final class ManagementGuard extends ChannelDuplexHandler {

	static final String NAME = "playgate.managementGuard";

	/** Answers owed past which nothing more is read until some of them have been written. */
	static final int MAX_OWED = 16;

	/** Requests owed past which the peer is disconnected (it sent them in one read, far ahead of its answers). */
	static final int MAX_OWED_UNREAD = 4096;

	private final RefusalLog refusals;
	private final OwedAnswers answers = new OwedAnswers();
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
			answers.requestTaken();
			if (answers.count() > MAX_OWED_UNREAD) {
				refusing = true;
				refusals.refused("management port: requests pipelined far ahead of their answers",
						ctx.channel().remoteAddress());
				ReferenceCountUtil.release(msg);
				ctx.close();
				return;
			}
		}
		else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
			ReferenceCountUtil.release(msg);
			refusing = true;
			refusals.refused("management port: malformed body", ctx.channel().remoteAddress());
			ctx.close();
			return;
		}
		ctx.fireChannelRead(msg);
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
