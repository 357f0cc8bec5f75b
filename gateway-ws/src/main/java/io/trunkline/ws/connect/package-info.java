/**
 * Builds the connector for each configured {@code agent.kind}: the transport with that kind's protocol and
 * endpoint. The only package that sees every protocol.
 */
package io.trunkline.ws.connect;
