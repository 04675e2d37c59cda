package dev.playgate.gateway.edge;

import dev.playgate.gateway.credential.ProblemCode;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import reactor.netty.NettyPipeline;

/**
 * One management-port connection's guard, between Netty's HTTP codec and Reactor Netty: refuses what is not a
 * readable HTTP/1.x request (an {@link UnreadableRequest}) with the public port's problem answers and closes the
 * connection, and closes it on a broken body. Only that: the public port's timeouts, connection limit and metrics
 * are its own, so that probes and scrapes are never refused for what players do. Refusals are logged through a
 * {@link RefusalLog}, as management-port ones. Answers stay in order: a refusal that follows pipelined requests still
 * being answered is written after their answers.
 */
final class ManagementGuard extends ChannelDuplexHandler {

	static final String NAME = "playgate.managementGuard";

	private final RefusalLog refusals;
	private int owed;
	private boolean refusing;
	private @Nullable FullHttpResponse deferredRefusal;

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
		if (deferredRefusal != null) {
			deferredRefusal.release();
			deferredRefusal = null;
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (refusing) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (msg instanceof HttpRequest request) {
			ProblemCode refusal = UnreadableRequest.codeOf(request);
			if (refusal != null) {
				ReferenceCountUtil.release(msg);
				refuse(ctx, refusal, request);
				return;
			}
			owed++;
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
		boolean endOfAnswer = msg instanceof LastHttpContent && !(msg instanceof HttpResponse response
				&& response.status().codeClass() == HttpStatusClass.INFORMATIONAL);
		ctx.write(msg, promise);
		if (endOfAnswer && owed > 0 && --owed == 0 && deferredRefusal != null) {
			FullHttpResponse refusal = deferredRefusal;
			deferredRefusal = null;
			ctx.writeAndFlush(refusal).addListener(ChannelFutureListener.CLOSE);
		}
	}

	private void refuse(ChannelHandlerContext ctx, ProblemCode code, HttpRequest request) {
		refusing = true;
		String detail = UnreadableRequest.detail(code, request);
		refusals.refused("management port: " + code.name() + " (" + detail + ")", ctx.channel().remoteAddress());
		FullHttpResponse answer = UnreadableRequest.answer(code, detail);
		if (owed == 0) {
			ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
		}
		else {
			deferredRefusal = answer;
		}
	}
}
