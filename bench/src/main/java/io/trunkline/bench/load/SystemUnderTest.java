package io.trunkline.bench.load;

import io.trunkline.bench.load.probe.ProcStats;

/** The process a SIPp run measures: the gateway from its jar, or a peer started from its own command line. */
interface SystemUnderTest extends AutoCloseable {

    /** "gateway" or "peer": the result's section and the log's name. */
    String kind();

    long pid();

    boolean alive();

    /** The command line it was started with. */
    String commandLine();

    /** Its CPU so far (the gateway: its JVM's threads; a peer: its whole process tree). */
    ProcStats.CpuSample cpu();

    /** SIGTERM, then a hard kill after {@code seconds}; returns the exit code (-1: killed or unknown). */
    int stop(long seconds);

    @Override
    void close();
}
