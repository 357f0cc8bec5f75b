/** The raw PCM agent protocol: binary PCM16LE audio both ways, JSON text control. */
package io.trunkline.ws.raw;
