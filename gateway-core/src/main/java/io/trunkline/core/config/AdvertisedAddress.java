package io.trunkline.core.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/**
 * The address peers are told to reach us at (SIP Via/Contact, SDP {@code c=}): the configured advertised address,
 * else the bind address, and never a wildcard: {@code 0.0.0.0} in an SDP answer means "hold" to many stacks.
 * Binding the wildcard without an advertised address uses the first up, non-loopback IPv4 interface address.
 */
public final class AdvertisedAddress {
    private AdvertisedAddress() {
    }

    public static String resolve(String advertised, String bind) {
        String host = advertised == null || advertised.isBlank() ? bind : advertised;
        return isWildcard(host) ? primaryInterfaceAddress() : host;
    }

    public static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("0:0:0:0:0:0:0:0");
    }

    private static String primaryInterfaceAddress() {
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback() || nif.isVirtual()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nif.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // no usable interface list: fall back to loopback
        }
        return InetAddress.getLoopbackAddress().getHostAddress();
    }
}
