package io.trunkline.sip.uas;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;

/**
 * The dialogs the gateway starts itself (outbound calls), beside the ones the UAS answers. The listener offers every
 * in-dialog request to them first, and hands the responses, timeouts and dialog ends of their transactions to the
 * {@link Owner} found in the transaction's or dialog's application data. Called on stack threads: never block.
 */
public interface ClientDialogs {

    /** No dialogs of our own. */
    ClientDialogs NONE = (event, nanos) -> false;

    /**
     * A request that may belong to one of our dialogs (BYE, ACK, re-INVITE, UPDATE, CANCEL): handled (answered, if it
     * needs an answer), or false when it is not ours.
     */
    boolean onRequest(RequestEvent event, long nanos) throws Exception;

    /** What a client transaction (and its dialog) of ours carries as application data. */
    interface Owner {
        /** A response to one of the owner's requests, or a 2xx retransmission in its dialog. */
        void onResponse(ResponseEvent event);

        /** One of the owner's requests got no final response in time. */
        void onTimeout(ClientTransaction tx);

        /** The stack ended the owner's dialog. */
        default void onDialogTerminated() {
        }
    }
}
