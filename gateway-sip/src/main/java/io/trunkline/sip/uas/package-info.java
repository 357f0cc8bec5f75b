/**
 * The user-agent server: inbound calls from the trunk.
 *
 * <pre>
 * request ─▶ UasListener ─▶ RequestGuard (allowlist, rate, digest) ─refused─▶ GuardRefusals
 *                 │      ─▶ RequestChecks (RFC 3261 8.2: scheme, Require, Accept) ─refused─▶ GuardRefusals
 *                 │
 *                 ├─ new INVITE ─────────────▶ InviteProcessor ─▶ SipCall ─▶ the bridge (InboundCallHandler)
 *                 ├─ ACK, BYE, CANCEL, re-INVITE, UPDATE ─▶ DialogRequests ─▶ SipCall
 *                 └─ OPTIONS, other methods ─▶ OtherRequests
 *
 * SipCall (the SignallingLeg the bridge drives)
 *   DialogState       which event moves the dialog where; one final response to the INVITE
 *   CallSdp           the answer to the offer, re-offers, the answer to our refresh
 *   CallSender        180, 200, 3xx-6xx (OfferRefusal explains a refused offer), 487 and BYE, in order on the
 *                     call's SerialExecutor
 *   SessionRefresher  RFC 4028 once answered (rules in {@code uas.session}), sending through RefreshSender
 *   DeferredSignals   events to the bridge, kept in order until its sink is attached
 * </pre>
 *
 * Responses and answers to our own requests (BYE, refreshes) come back through the listener to the call that the
 * transaction carries.
 */
package io.trunkline.sip.uas;
