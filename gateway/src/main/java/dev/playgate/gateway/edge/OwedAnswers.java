package dev.playgate.gateway.edge;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import org.jspecify.annotations.Nullable;

/**
 * The answers one connection owes, kept by a guard between the HTTP codec and Reactor Netty (the public port's
 * {@link ConnectionGuard}, the management port's {@link ManagementGuard}): how many requests went on whose answer has
 * not ended, and the refusal waiting for them. A refusal is the connection's last answer: it is written once the
 * answers owed before it have ended, so that answers stay in request order, and the connection is closed after it.
 */
final class OwedAnswers {

	private int owed;
	private @Nullable FullHttpResponse waitingRefusal;

	/** Whether {@code msg}, written to the connection, ends an answer (a final one, not an informational 1xx). */
	static boolean endsAnAnswer(Object msg) {
		return msg instanceof LastHttpContent && !(msg instanceof HttpResponse response
				&& response.status().codeClass() == HttpStatusClass.INFORMATIONAL);
	}

	/** A request went on to be answered. */
	void requestTaken() {
		owed++;
	}

	/** How many requests went on whose answer has not ended yet. */
	int count() {
		return owed;
	}

	/** Writes {@code refusal}, then closes the connection: at once when no answer is owed, else after the owed ones. */
	void refuse(ChannelHandlerContext ctx, FullHttpResponse refusal) {
		if (owed == 0) {
			ctx.writeAndFlush(refusal).addListener(ChannelFutureListener.CLOSE);
		}
		else {
			waitingRefusal = refusal;
		}
	}

	/**
	 * One owed answer has just been written to its end; when it was the last one owed, the waiting refusal (if any) is
	 * written after it.
	 *
	 * @return whether the connection now owes nothing and no refusal was waiting: it is between requests
	 */
	boolean answerEnded(ChannelHandlerContext ctx) {
		if (owed == 0 || --owed > 0) {
			return false;
		}
		FullHttpResponse refusal = waitingRefusal;
		if (refusal == null) {
			return true;
		}
		waitingRefusal = null;
		ctx.writeAndFlush(refusal).addListener(ChannelFutureListener.CLOSE);
		return false;
	}

	/** Releases a refusal that will not be written: the connection's pipeline is going. */
	void release() {
		if (waitingRefusal != null) {
			waitingRefusal.release();
			waitingRefusal = null;
		}
	}
}
