/**
 * The Twilio Media Streams wire format with the gateway in Twilio's place
 * ({@link io.trunkline.ws.twilio.TwilioStreamProtocol}): JSON text frames with base64 μ-law audio, for agents
 * built for Twilio's bidirectional streams.
 */
package io.trunkline.ws.twilio;
