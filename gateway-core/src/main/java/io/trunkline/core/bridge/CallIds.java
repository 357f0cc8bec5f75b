package io.trunkline.core.bridge;

import java.util.concurrent.ThreadLocalRandom;

/** Short, unique, log-friendly call ids such as {@code c-5kq2x9h3mz}. */
final class CallIds {
    private static final char[] ALPHABET = "0123456789abcdefghijkmnpqrstuvwxyz".toCharArray();

    private CallIds() {
    }

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[12];
        id[0] = 'c';
        id[1] = '-';
        for (int i = 2; i < id.length; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
