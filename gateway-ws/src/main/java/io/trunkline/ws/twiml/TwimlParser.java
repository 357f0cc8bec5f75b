package io.trunkline.ws.twiml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads TwiML with the JDK's XML parser, hardened: no DOCTYPE at all (so neither external entities nor entity
 * expansion such as the "billion laughs"), no external DTDs or schemas, no XInclude, secure processing on, and a
 * size limit. Verbs the gateway does not carry out are skipped, as Twilio's parser skips unknown ones; XML that is
 * not a {@code <Response>}, and a verb without what it needs, are errors. Thread-safe.
 */
public final class TwimlParser {

    /** TwiML is a few hundred bytes; anything far larger is not worth parsing. */
    public static final int MAX_BYTES = 64 * 1024;

    private static final ErrorHandler QUIET = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private final DocumentBuilderFactory factory;

    public TwimlParser() {
        factory = DocumentBuilderFactory.newInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be hardened", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setNamespaceAware(false);
    }

    /** Parses one TwiML document. */
    public TwimlDocument parse(byte[] xml) throws TwimlException {
        if (xml.length > MAX_BYTES) {
            throw new TwimlException("TwiML larger than " + MAX_BYTES + " bytes");
        }
        Document doc;
        try {
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(QUIET);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed");
            });
            doc = builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            throw new TwimlException("not well-formed XML: " + shorten(e.getMessage()));
        } catch (IOException | ParserConfigurationException e) {
            throw new TwimlException("unreadable TwiML: " + e.getClass().getSimpleName());
        }
        Element root = doc.getDocumentElement();
        if (!root.getTagName().equals("Response")) {
            throw new TwimlException("the root element is <" + shorten(root.getTagName()) + ">, not <Response>");
        }
        List<Verb> verbs = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Element e : children(root)) {
            Verb verb = verb(e);
            if (verb == null) {
                skipped.add(shorten(e.getTagName()));
            } else {
                verbs.add(verb);
            }
        }
        return new TwimlDocument(verbs, skipped);
    }

    /** The verb of {@code e}, or null when the gateway does not carry it out. */
    private static Verb verb(Element e) throws TwimlException {
        return switch (e.getTagName()) {
            case "Connect" -> connect(e);
            case "Reject" -> new Verb.Reject(e.getAttribute("reason").trim().toLowerCase(Locale.ROOT));
            case "Hangup" -> new Verb.Hangup();
            case "Pause" -> new Verb.Pause(length(e));
            case "Redirect" -> new Verb.Redirect(required(text(e), "<Redirect> without a URL"),
                    method(e.getAttribute("method")));
            case "Dial" -> dial(e);
            default -> null;
        };
    }

    /** Only {@code <Stream>} inside {@code <Connect>}; another noun makes the whole verb unsupported. */
    private static Verb connect(Element e) throws TwimlException {
        List<Element> nouns = children(e);
        if (nouns.size() != 1 || !nouns.get(0).getTagName().equals("Stream")) {
            return null;
        }
        Element stream = nouns.get(0);
        String url = required(stream.getAttribute("url").trim(), "<Stream> without a url");
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("wss://") && !lower.startsWith("ws://")) {
            throw new TwimlException("<Stream url> is not a ws:// or wss:// URL");
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (Element p : children(stream)) {
            if (p.getTagName().equals("Parameter")) {
                String name = p.getAttribute("name");
                if (!name.isEmpty()) {
                    params.put(name, p.getAttribute("value"));
                }
            }
        }
        String name = stream.getAttribute("name");
        return new Verb.ConnectStream(url, name.isEmpty() ? null : name, params);
    }

    private static Verb dial(Element e) throws TwimlException {
        for (Element noun : children(e)) {
            String target = text(noun);
            switch (noun.getTagName()) {
                case "Number" -> {
                    return new Verb.Dial(required(target, "<Number> without a number"));
                }
                case "Sip" -> {
                    String uri = required(target, "<Sip> without a URI");
                    if (!uri.startsWith("sip:") && !uri.startsWith("sips:")) {
                        throw new TwimlException("<Sip> is not a sip: URI");
                    }
                    return new Verb.Dial(uri);
                }
                default -> {
                    // <Client>, <Conference>, <Queue>…: not something a SIP trunk can be handed to
                }
            }
        }
        String bare = text(e);
        return bare.isEmpty() ? null : new Verb.Dial(bare);
    }

    private static int length(Element e) throws TwimlException {
        String length = e.getAttribute("length").trim();
        if (length.isEmpty()) {
            return 1;
        }
        try {
            int seconds = Integer.parseInt(length);
            if (seconds < 0) {
                throw new NumberFormatException();
            }
            return seconds;
        } catch (NumberFormatException ex) {
            throw new TwimlException("<Pause length> is not a whole number of seconds");
        }
    }

    /** {@code GET} or {@code POST}; empty means POST, as Twilio defaults it. */
    static String method(String method) throws TwimlException {
        String m = method.trim().toUpperCase(Locale.ROOT);
        if (m.isEmpty()) {
            return "POST";
        }
        if (!m.equals("GET") && !m.equals("POST")) {
            throw new TwimlException("method is neither GET nor POST");
        }
        return m;
    }

    private static String required(String value, String problem) throws TwimlException {
        if (value == null || value.isEmpty()) {
            throw new TwimlException(problem);
        }
        return value;
    }

    private static String text(Element e) {
        return e.getTextContent() == null ? "" : e.getTextContent().trim();
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                out.add(child);
            }
        }
        return out;
    }

    /** Parser messages and tag names come from the network: keep them short for a log line. */
    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        String flat = s.replaceAll("\\p{Cntrl}", " ");
        return flat.length() > 120 ? flat.substring(0, 120) + "…" : flat;
    }
}
