package dev.playgate.gateway.loop;

import java.util.ArrayList;
import java.util.List;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.HttpResources;
import reactor.netty.resources.LoopResources;

/**
 * The event loops of Reactor Netty's global resources, which Spring Boot's HTTP server runs on (and Reactor Netty's
 * clients by default).
 */
public final class ServerLoops {

	private final EventLoopGroup group;
	private final EventLoop[] loops;

	private ServerLoops(EventLoopGroup group) {
		this.group = group;
		List<EventLoop> each = new ArrayList<>();
		for (EventExecutor loop : group) {
			each.add((EventLoop) loop);
		}
		this.loops = each.toArray(EventLoop[]::new);
	}

	/** The server's loops. */
	public static ServerLoops of() {
		return new ServerLoops(HttpResources.get().onServer(LoopResources.DEFAULT_NATIVE));
	}

	/** The loops as one group. */
	public EventLoopGroup group() {
		return group;
	}

	/** Each loop, in a fixed order. */
	public List<EventLoop> each() {
		return List.of(loops);
	}

	/** The index in {@link #each()} of the loop the calling thread is, or {@code -1} off the loops. */
	public int indexOfCurrent() {
		for (int i = 0; i < loops.length; i++) {
			if (loops[i].inEventLoop()) {
				return i;
			}
		}
		return -1;
	}

	/** The loop the calling thread is, or {@code null} off the loops. */
	public @Nullable EventLoop current() {
		int index = indexOfCurrent();
		return index < 0 ? null : loops[index];
	}
}
