package io.trunkline.sip.validate;

import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * The stack's {@code MESSAGE_PARSER_FACTORY}: every channel parses with the {@link ValidatingMessageParser}, which is
 * stateless, so one instance per stack serves them all.
 */
public final class ValidatingParserFactory implements MessageParserFactory {
    private final ValidatingMessageParser parser = new ValidatingMessageParser();

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        return parser;
    }
}
