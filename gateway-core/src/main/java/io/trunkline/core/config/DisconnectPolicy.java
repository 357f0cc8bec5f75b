package io.trunkline.core.config;

/** What an answered call does when its agent connection is lost. */
public enum DisconnectPolicy {
    /** End the call with BYE. */
    HANGUP,
    /** Reconnect once within {@code agent.reconnect-deadline}, playing silence meanwhile; BYE if that fails. */
    RECONNECT
}
