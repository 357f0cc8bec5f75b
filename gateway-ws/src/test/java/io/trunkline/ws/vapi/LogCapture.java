package io.trunkline.ws.vapi;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Captures every log line of the gateway's code (debug included) while open, so tests can check what reached the
 * log and, above all, what did not (keys, signed URLs).
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final Logger root;
    private final Logger gateway;
    private final Level gatewayLevel;

    private LogCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        gateway = context.getLogger("io.trunkline");
        gatewayLevel = gateway.getLevel();
        setContext(context);
        setName("capture");
    }

    /** Starts capturing, with the gateway's loggers at debug until {@link #close()}. */
    public static LogCapture open() {
        LogCapture capture = new LogCapture();
        capture.start0();
        return capture;
    }

    private void start0() {
        start();
        gateway.setLevel(Level.DEBUG);
        root.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        events.add(event);
    }

    /** Every captured line: level, logger, message and any exception messages, one string each. */
    public List<String> lines() {
        return events.stream().map(LogCapture::render).toList();
    }

    /** The captured lines at {@code level}. */
    public List<String> lines(Level level) {
        return events.stream().filter(e -> e.getLevel() == level).map(LogCapture::render).toList();
    }

    /** Whether any captured line contains {@code text}. */
    public boolean contains(String text) {
        return lines().stream().anyMatch(line -> line.contains(text));
    }

    @Override
    public void close() {
        root.detachAppender(this);
        gateway.setLevel(gatewayLevel);
        stop();
    }

    private static String render(ILoggingEvent e) {
        StringBuilder line = new StringBuilder()
                .append(e.getLevel()).append(' ').append(e.getLoggerName()).append(" - ").append(e.getFormattedMessage());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return line.toString();
    }
}
