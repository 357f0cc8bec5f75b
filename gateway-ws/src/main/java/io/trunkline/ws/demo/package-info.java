/** The embedded demo agent: a loopback WebSocket server that greets the caller and echoes what it hears. */
package io.trunkline.ws.demo;
