package io.lpreg.plugin.wireguard.linux;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * UDP through the tunnel, run inside a network namespace by {@link #inNetns} (a JVM cannot enter one):
 * {@code echo ADDRESS PORT} answers every datagram until its stdin closes; {@code send ADDRESS PORT COUNT
 * SIZE TIMEOUT_MS} sends datagrams one by one, waits for each echo and prints {@code sent=N echoed=M}, giving
 * up after three losses in a row.
 */
public final class UdpTool {
    private UdpTool() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "echo" -> echo(new InetSocketAddress(InetAddress.getByName(args[1]), Integer.parseInt(args[2])));
            case "send" -> send(new InetSocketAddress(InetAddress.getByName(args[1]), Integer.parseInt(args[2])),
                    Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            default -> throw new IllegalArgumentException("echo or send, not " + args[0]);
        }
    }

    /** The command that runs this tool in {@code netns} with the test's own JVM. */
    static List<String> inNetns(Netns netns, String... arguments) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path classes = Path.of(UdpTool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", netns.name(), java,
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx64m", "-cp", classes.toString(),
                UdpTool.class.getName()));
        command.addAll(Arrays.asList(arguments));
        return command;
    }

    private static void echo(InetSocketAddress address) throws IOException {
        DatagramSocket socket = new DatagramSocket(address);
        Thread watchdog = new Thread(() -> {
            try (InputStream stdin = System.in) {
                while (stdin.read() >= 0) {
                    // the test holds stdin open as long as it wants the echo
                }
            } catch (IOException e) {
                // closed
            }
            System.exit(0);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        System.out.println("ready");
        System.out.flush();
        byte[] buffer = new byte[65_535];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            socket.send(new DatagramPacket(packet.getData(), packet.getLength(), packet.getSocketAddress()));
        }
    }

    private static void send(InetSocketAddress target, int count, int size, int timeoutMillis) throws IOException {
        int sent = 0;
        int echoed = 0;
        int lostInARow = 0;
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(timeoutMillis);
            byte[] reply = new byte[size + 1];
            for (int i = 0; i < count && lostInARow < 3; i++) {
                byte[] payload = new byte[size];
                Arrays.fill(payload, (byte) i);
                socket.send(new DatagramPacket(payload, size, target));
                sent++;
                try {
                    DatagramPacket packet = new DatagramPacket(reply, reply.length);
                    socket.receive(packet);
                    if (packet.getLength() == size && Arrays.equals(payload, 0, size, reply, 0, size)) {
                        echoed++;
                        lostInARow = 0;
                    }
                } catch (SocketTimeoutException e) {
                    lostInARow++;
                }
            }
        }
        System.out.println("sent=" + sent + " echoed=" + echoed);
    }
}
