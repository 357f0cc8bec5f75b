package io.trunkline.bench.load.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where data waits between the processes, from {@code /proc/net/{udp,udp6,tcp,tcp6}}: bytes queued in the
 * receive buffers of the gateway's RTP sockets and of the harness's, datagrams those sockets dropped, and bytes
 * queued on both ends of the gateway-agent TCP connections. A backlog that builds up shows which reader fell
 * behind.
 */
public final class SocketQueues {

    private SocketQueues() {
    }

    /**
     * @param gatewayRtp  the gateway's RTP port range {min, max}
     * @param harnessRtp  the harness's RTP port range {min, max}
     * @param agentPort   the fake agent's TCP port
     */
    public static Map<String, Long> sample(int[] gatewayRtp, int[] harnessRtp, int agentPort) {
        long gwRx = 0;
        long gwDrops = 0;
        long harnessRx = 0;
        long harnessDrops = 0;
        for (String file : List.of("/proc/net/udp", "/proc/net/udp6")) {
            for (String[] f : rows(file)) {
                int port = port(f[1]);
                long rx = rxQueue(f[4]);
                long drops = f.length > 12 ? Long.parseLong(f[12]) : 0;
                if (port >= gatewayRtp[0] && port <= gatewayRtp[1]) {
                    gwRx += rx;
                    gwDrops += drops;
                } else if (port >= harnessRtp[0] && port <= harnessRtp[1]) {
                    harnessRx += rx;
                    harnessDrops += drops;
                }
            }
        }
        long agentRx = 0;
        long agentTx = 0;
        long gatewayRx = 0;
        long gatewayTx = 0;
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String[] f : rows(file)) {
                if (!f[3].equals("01")) {
                    continue; // established connections only
                }
                if (port(f[1]) == agentPort) {
                    agentRx += rxQueue(f[4]);
                    agentTx += txQueue(f[4]);
                } else if (port(f[2]) == agentPort) {
                    gatewayRx += rxQueue(f[4]);
                    gatewayTx += txQueue(f[4]);
                }
            }
        }
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("gwRtpRxQueued", gwRx);
        m.put("gwRtpDrops", gwDrops);
        m.put("harnessRtpRxQueued", harnessRx);
        m.put("harnessRtpDrops", harnessDrops);
        m.put("agentTcpRxQueued", agentRx);
        m.put("agentTcpTxQueued", agentTx);
        m.put("gwTcpRxQueued", gatewayRx);
        m.put("gwTcpTxQueued", gatewayTx);
        return m;
    }

    private static List<String[]> rows(String file) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream().skip(1).map(l -> l.trim().split("\\s+")).filter(f -> f.length > 5).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
    }

    private static long txQueue(String queues) {
        return Long.parseLong(queues.substring(0, queues.indexOf(':')), 16);
    }

    private static long rxQueue(String queues) {
        return Long.parseLong(queues.substring(queues.indexOf(':') + 1), 16);
    }
}
