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
 */
final class ManagementGuard extends ChannelDuplexHandler {

	static final String NAME = "playgate.managementGuard";

	private final RefusalLog refusals;
	private final OwedAnswers answers = new OwedAnswers();
	private boolean refusing;

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
