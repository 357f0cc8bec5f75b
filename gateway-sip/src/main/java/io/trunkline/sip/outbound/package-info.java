/**
 * The UAC of outbound calls: INVITEs to the carrier's termination trunk with the gateway's SDP offer, digest
 * answers to its challenges, CANCEL and BYE, on the same JAIN-SIP stack as the UAS ({@link io.trunkline.sip.uas}),
 * whose listener hands these calls' responses and in-dialog requests over.
 */
package io.trunkline.sip.outbound;
