package io.trunkline.core.bridge;

import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.config.TransferMode;
import io.trunkline.core.control.TransferTrigger;
import io.trunkline.core.record.TransferLeg;
import io.trunkline.core.record.TransferSummary;
import java.time.Instant;
import java.util.Locale;

/**
 * What the call record says of one call's transfers: the last one asked for (who asked, where to, how, the times of
 * its request, acceptance and outcome) and how many were asked for. Each outcome is counted once, by mode and
 * outcome, through the {@link CallObserver}. Confined to the call's loop.
 */
final class TransferAccount {
    private final CallObserver observer;
    private TransferTrigger trigger;
    private TransferRequest request;
    private TransferMode mode;
    private String referTo;
    private Instant requestedAt;
    private long requestedNanos;
    private long acceptedNanos;
    private int attempts;
    private String result;
    private int resultStatus;
    private String resultReason;
    private Double completedMs;

    TransferAccount(CallObserver observer) {
        this.observer = observer;
    }

    /** A transfer of the caller to {@code req}'s destination was asked for, now. */
    void requested(TransferRequest req, TransferMode how, TransferTrigger who) {
        trigger = who;
        request = req;
        mode = how;
        referTo = null;
        requestedAt = Instant.now();
        requestedNanos = System.nanoTime();
        acceptedNanos = 0;
        attempts++;
    }

    /** The transfer goes on in {@code how} (a refused REFER falls back to bridging). */
    void mode(TransferMode how) {
        mode = how;
    }

    TransferMode mode() {
        return mode;
    }

    /** The {@code Refer-To} URI sent. */
    void referTo(String uri) {
        referTo = uri;
    }

    String destination() {
        return request.destination();
    }

    /** The carrier accepted the REFER, or the bridged target answered: now. */
    void accepted() {
        acceptedNanos = System.nanoTime();
    }

    /** Milliseconds since the request. */
    long millis() {
        return (System.nanoTime() - requestedNanos) / 1_000_000;
    }

    /** The transfer ended {@code outcome} ({@code transferred}, {@code failed}, …), decided by {@code status}. */
    void outcome(String outcome, int status, String reason) {
        result = outcome;
        resultStatus = status;
        resultReason = reason;
        completedMs = (System.nanoTime() - requestedNanos) / 1e6;
        observer.transferEnded(tag(mode), outcome);
    }

    /** The record's transfer, with the bridged target's leg when there was one; null when none was asked for. */
    TransferSummary summary(TransferLeg bridgedLeg) {
        if (result == null) {
            return null;
        }
        return new TransferSummary(trigger.tag(), request.destination(), referTo, tag(mode), result, resultStatus,
                resultReason, attempts, requestedAt, acceptedNanos == 0 ? null : (acceptedNanos - requestedNanos) / 1e6,
                completedMs, bridgedLeg);
    }

    static String tag(TransferMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
