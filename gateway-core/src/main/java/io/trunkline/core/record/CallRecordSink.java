package io.trunkline.core.record;

/** Where finished call records go (JSON lines file, log, webhook). Must not block the caller. */
@FunctionalInterface
public interface CallRecordSink {
    void accept(CallRecord record);
}
