/**
 * The agent protocol SPI: an {@link io.trunkline.ws.protocol.AgentProtocol} per call encodes the gateway's
 * messages to a {@link io.trunkline.ws.protocol.Wire} and decodes the agent's into the call's events, with helpers
 * for JSON control messages and borrowed audio buffers. Implemented by the {@code raw}, {@code twilio} and
 * {@code vapi} packages; knows nothing of the transport.
 */
package io.trunkline.ws.protocol;
