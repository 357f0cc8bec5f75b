/**
 * The rules of RFC 4028 session timers, apart from any one call: what a request negotiates ({@link
 * io.trunkline.sip.uas.session.SessionTimer}), the headers a 2xx, a 422 or a refresh carries ({@link
 * io.trunkline.sip.uas.session.SessionTimerHeaders}), what to do with the answer to a refresh ({@link
 * io.trunkline.sip.uas.session.RefreshOutcome}), and the one pending timer action of a call ({@link
 * io.trunkline.sip.uas.session.SessionDeadline}). {@code io.trunkline.sip.uas.SessionRefresher} applies them to one
 * answered call.
 */
package io.trunkline.sip.uas.session;
