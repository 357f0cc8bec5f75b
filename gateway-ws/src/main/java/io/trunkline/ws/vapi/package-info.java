/**
 * Vapi's WebSocket transport: {@link io.trunkline.ws.vapi.VapiCallCreator} creates each call over Vapi's REST API
 * and finds its socket, {@link io.trunkline.ws.vapi.VapiProtocol} speaks on it (binary audio, JSON control).
 */
package io.trunkline.ws.vapi;
