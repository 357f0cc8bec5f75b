package io.trunkline.rtp.stats;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DuplicateWindowTest {

    @Test
    void emptyWindowContainsNothing() {
        assertFalse(new DuplicateWindow().contains(0));
    }

    @Test
    void remembersEveryMarkedSequenceWithinTheWindowForEveryShift() {
        for (int shift : new int[] {1, 2, 63, 64, 65, 100, 127, 128, 129, 5000}) {
            DuplicateWindow window = new DuplicateWindow();
            int base = 65500;
            window.mark(base);
            window.mark(base - 3 & 0xffff);
            int top = base + shift & 0xffff;
            window.mark(top);
            String where = "shift " + shift;
            assertTrue(window.contains(top), where);
            if (shift != 1) {
                assertFalse(window.contains(top - 1 & 0xffff), where);
            }
            assertTrue(window.contains(base) == (shift < DuplicateWindow.SIZE), where);
            assertTrue(window.contains(base - 3 & 0xffff) == (shift + 3 < DuplicateWindow.SIZE), where);
            assertFalse(window.contains(top + 1 & 0xffff), where);
        }
    }

    @Test
    void marksLatePacketsInsideTheWindowOnly() {
        DuplicateWindow window = new DuplicateWindow();
        window.mark(1000);
        window.mark(1000 - 70);
        window.mark(1000 - 127);
        window.mark(1000 - 128);
        assertTrue(window.contains(930));
        assertTrue(window.contains(873));
        assertFalse(window.contains(872));
        assertFalse(window.contains(999));
        window.reset();
        assertFalse(window.contains(1000));
    }
}
