package io.lpreg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * The other end of {@code lpreg bench --idle-connections}: a process of its own that opens N connections to
 * the gateway from several loopback sources, says {@code ready N}, and holds them until its standard input
 * closes. Its own process, so that the client side's sockets are not in the heap being measured.
 */
final class IdleConnectionHolder {
    private IdleConnectionHolder() {
    }

    /** Arguments: gateway host, gateway port, connections, source addresses (127.0.0.2 upwards). */
    public static void main(String[] args) throws IOException {
        InetSocketAddress gateway = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int count = Integer.parseInt(args[2]);
        int sources = Integer.parseInt(args[3]);
        List<Socket> sockets = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket();
                sockets.add(socket);
                socket.bind(new InetSocketAddress(source(i % sources), 0));
                socket.connect(gateway, 10_000);
            }
            System.out.println("ready " + sockets.size());
            System.out.flush();
            InputStream stdin = System.in;
            while (stdin.read() >= 0) {
                // hold the connections until the parent closes our standard input
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    static InetAddress source(int index) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 0, (byte) ((index + 2) >> 8), (byte) (index + 2)});
    }
}
