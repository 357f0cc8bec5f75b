package io.trunkline.rtp.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class SourceFilterTest {

    private static final InetSocketAddress SDP = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress NAT = new InetSocketAddress("127.0.0.2", 51234);
    private static final InetSocketAddress OTHER = new InetSocketAddress("127.0.0.3", 40000);

    @Test
    void withoutLatchingOnlyTheSdpAddressIsAccepted() {
        SourceFilter filter = new SourceFilter(SDP, false);
        assertTrue(filter.admits(SDP));
        assertFalse(filter.admits(NAT));
        assertFalse(filter.admits(new InetSocketAddress("127.0.0.1", 40002)), "port matters too");
        filter.onValidPacket(SDP);
        assertEquals(SDP, filter.target());
        assertFalse(filter.admits(NAT), "nothing latched");
    }

    @Test
    void latchesOnTheFirstValidPacketAndThenAcceptsNothingElse() {
        SourceFilter filter = new SourceFilter(SDP, true);
        assertTrue(filter.admits(NAT), "before latching any source may be the caller behind a NAT");
        assertEquals(SDP, filter.target());
        filter.onValidPacket(NAT);
        assertEquals(NAT, filter.target(), "we send where the caller's media comes from");
        assertTrue(filter.admits(NAT));
        assertFalse(filter.admits(SDP), "once latched, even the SDP address is refused");
        assertFalse(filter.admits(OTHER));
        filter.onValidPacket(OTHER);
        assertEquals(NAT, filter.target(), "the first source stays latched");
        assertFalse(filter.admits(OTHER));
    }

    @Test
    void newAddressInAReOfferResetsTheLatch() {
        SourceFilter filter = new SourceFilter(SDP, true);
        filter.onValidPacket(NAT);
        filter.retarget(SDP);
        assertEquals(NAT, filter.target(), "same address: the latch stays");
        filter.retarget(OTHER);
        assertEquals(OTHER, filter.target(), "a new address: the latch is gone");
        assertTrue(filter.admits(NAT), "any source may latch again");
        filter.onValidPacket(OTHER);
        assertFalse(filter.admits(NAT));
    }
}
