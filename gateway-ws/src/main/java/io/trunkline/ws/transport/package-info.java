/**
 * The WebSocket transport shared by every agent: {@link io.trunkline.ws.transport.WebSocketConnector} opens one
 * {@link io.trunkline.ws.transport.WebSocketLeg} per call (endpoint lookup, TCP, TLS, handshake, bounded writes,
 * close handshake, failures), and the leg emits everything it learns, in one direction, into the call's
 * {@link io.trunkline.core.agent.AgentEvents} through {@link io.trunkline.ws.transport.LegEvents}. The wire
 * format is an {@link io.trunkline.ws.protocol.AgentProtocol}'s business.
 */
package io.trunkline.ws.transport;
