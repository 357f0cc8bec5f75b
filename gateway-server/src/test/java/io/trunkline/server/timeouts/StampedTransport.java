package io.trunkline.server.timeouts;

import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.UacTransport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A UAC transport that notes when each message arrived, for tests that measure SIP timers. */
final class StampedTransport implements UacTransport {
    /** One message from the gateway and its monotonic arrival time. */
    record Arrival(long nanos, SipMsg msg) {
    }

    private final UacTransport inner;
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();

    StampedTransport(UacTransport inner) {
        this.inner = inner;
    }

    /** Arrival times of the messages that match, in order. */
    List<Long> times(Predicate<SipMsg> match) {
        List<Long> times = new ArrayList<>();
        for (Arrival a : arrivals) {
            if (match.test(a.msg())) {
                times.add(a.nanos());
            }
        }
        return times;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public int localPort() {
        return inner.localPort();
    }

    @Override
    public void send(String message) throws IOException {
        inner.send(message);
    }

    @Override
    public void start(Consumer<String> sink) {
        inner.start(text -> {
            String message = text.stripLeading();
            if (SipMsg.isSip(message)) {
                arrivals.add(new Arrival(System.nanoTime(), SipMsg.parse(message)));
            }
            sink.accept(text);
        });
    }

    @Override
    public void close() {
        inner.close();
    }
}
