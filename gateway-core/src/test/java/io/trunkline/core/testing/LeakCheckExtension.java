package io.trunkline.core.testing;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leaked buffer while it ran. Registered for every test through
 * JUnit's extension auto-detection (see the parent POM); a no-op where Netty is not on the class path.
 */
public final class LeakCheckExtension implements AfterAllCallback {

    private static final boolean NETTY_PRESENT = isPresent("io.netty.buffer.ByteBuf");

    @Override
    public void afterAll(ExtensionContext context) {
        if (!NETTY_PRESENT) {
            return;
        }
        List<String> leaks = NettyLeaks.collect();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) in "
                    + context.getDisplayName() + ":\n" + String.join("\n", leaks));
        }
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, LeakCheckExtension.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
