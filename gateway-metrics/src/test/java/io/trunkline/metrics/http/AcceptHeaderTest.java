package io.trunkline.metrics.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AcceptHeaderTest {

    @Test
    void browsersNavigatingGetHtml() {
        assertTrue(AcceptHeader.prefersHtml(
                "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"));
        assertTrue(AcceptHeader.prefersHtml("text/html"));
        assertTrue(AcceptHeader.prefersHtml("TEXT/HTML; charset=utf-8"));
        assertTrue(AcceptHeader.prefersHtml("text/*, application/json;q=0.5"));
    }

    @Test
    void scriptsAndToolsGetJson() {
        assertFalse(AcceptHeader.prefersHtml(null), "no header");
        assertFalse(AcceptHeader.prefersHtml(""));
        assertFalse(AcceptHeader.prefersHtml("*/*"), "curl");
        assertFalse(AcceptHeader.prefersHtml("application/json"));
        assertFalse(AcceptHeader.prefersHtml("application/json, text/html;q=0.5"));
        assertFalse(AcceptHeader.prefersHtml("text/html;q=0.5, application/json"));
        assertFalse(AcceptHeader.prefersHtml("text/html;q=0, */*"), "html refused");
        assertFalse(AcceptHeader.prefersHtml("text/html, application/json"), "a tie keeps JSON");
    }

    @Test
    void theMostSpecificRangeGivesTheQuality() {
        assertEquals(0.2, AcceptHeader.quality("text/*;q=0.5, text/html;q=0.2, */*", "text", "html"));
        assertEquals(0.5, AcceptHeader.quality("text/*;q=0.5, */*", "text", "html"));
        assertEquals(1.0, AcceptHeader.quality("*/*", "application", "json"));
        assertEquals(0.0, AcceptHeader.quality("image/png", "text", "html"));
        assertEquals(0.0, AcceptHeader.quality("text/html;q=oops", "text", "html"), "a bad q is 0");
    }
}
