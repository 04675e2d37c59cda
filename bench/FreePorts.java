import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Prints N free loopback TCP ports on one line, separated by spaces, so a benchmark can run beside others:
 * {@code read -r A B C < <(java bench/FreePorts.java 3)}. All N are held open together until printed, so they differ.
 */
public final class FreePorts {

	public static void main(String[] args) throws IOException {
		int count = args.length > 0 ? Integer.parseInt(args[0]) : 1;
		List<ServerSocket> sockets = new ArrayList<>();
		StringJoiner ports = new StringJoiner(" ");
		try {
			for (int i = 0; i < count; i++) {
				ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				sockets.add(socket);
				ports.add(Integer.toString(socket.getLocalPort()));
			}
		}
		finally {
			for (ServerSocket socket : sockets) {
				socket.close();
			}
		}
		System.out.println(ports);
	}
}
