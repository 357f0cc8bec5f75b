package io.trunkline.server;

import io.trunkline.core.bridge.CallBridge;
import io.trunkline.core.observe.ActiveCall;
import io.trunkline.core.record.CallRecord;
import io.trunkline.metrics.history.CallHistory;
import io.trunkline.metrics.http.GatewayStatus;
import java.util.List;
import java.util.function.Supplier;

/** What the HTTP endpoint shows: the gateway's state, its calls in progress and its recent records. */
final class StatusView implements GatewayStatus {
    private final Supplier<String> state;
    private final CallBridge bridge;
    private final CallRecords records;

    StatusView(Supplier<String> state, CallBridge bridge, CallRecords records) {
        this.state = state;
        this.bridge = bridge;
        this.records = records;
    }

    @Override
    public String state() {
        return state.get();
    }

    @Override
    public List<ActiveCall> activeCalls() {
        return bridge.activeCallList();
    }

    @Override
    public List<CallRecord> recentRecords() {
        return records.file().recent();
    }

    @Override
    public CallHistory history() {
        return records.history();
    }

    @Override
    public long callsEnded() {
        return records.ended();
    }
}
