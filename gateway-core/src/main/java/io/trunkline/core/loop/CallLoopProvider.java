package io.trunkline.core.loop;

/** Hands out the loop a new call is pinned to (round robin over the I/O event loops). */
@FunctionalInterface
public interface CallLoopProvider {
    CallLoop next();
}
