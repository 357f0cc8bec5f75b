/**
 * The agent side of the gateway over WebSocket. {@link io.trunkline.ws.WebSocketAgentConnector} and
 * {@link io.trunkline.ws.WebSocketAgentLeg} are the transport (connect, TLS, handshake, close, failures, bounded
 * writes), shared by every agent; an {@link io.trunkline.ws.AgentProtocol} per call maps gateway events to one
 * platform's wire messages and back. {@link io.trunkline.ws.AgentConnectors} builds the connector for each
 * configured {@code agent.kind}.
 */
package io.trunkline.ws;
