package io.trunkline.core.bridge;

import io.trunkline.core.config.AttributionThresholds;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.config.TransferConfig;
import io.trunkline.core.media.MediaLegFactory;
import io.trunkline.core.record.CallRecord;

/** What a {@link CallSession} needs from the bridge that owns it. */
interface SessionOwner {
    MediaLegFactory media();

    CallConfig config();

    /** How transfers to a human are made. */
    TransferConfig transfers();

    /** The termination trunk bridged transfers dial through, or null when outbound calls are not configured. */
    OutboundTrunk trunk();

    /** Where call-level events go (metrics). */
    CallObserver observer();

    /** What the record's attribution verdict is judged against. */
    AttributionThresholds thresholds();

    /** The call is over: release its admission slot (if it had one) and publish the record. */
    void finished(CallSession session, CallRecord record, boolean admitted);
}
