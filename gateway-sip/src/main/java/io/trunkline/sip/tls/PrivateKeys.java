package io.trunkline.sip.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;

/**
 * Private keys from PEM with the JDK alone: PKCS#8 ({@code PRIVATE KEY}, what Let's Encrypt's {@code privkey.pem}
 * holds), PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}, whose curve is taken from the
 * certificate). Encrypted keys are refused: the gateway has nowhere safe to keep a passphrase.
 */
final class PrivateKeys {
    /** AlgorithmIdentifier of rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
    private static final byte[] RSA_ALGORITHM = Der.encode(Der.SEQUENCE,
            new byte[] {Der.OID, 9, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01},
            new byte[] {Der.NULL, 0});

    private PrivateKeys() {
    }

    /**
     * The one private key among {@code blocks}, for a certificate whose public key is {@code publicKey}.
     *
     * @throws IllegalArgumentException with a reason that never contains key material
     */
    static PrivateKey parse(List<PemBlocks.Block> blocks, PublicKey publicKey) {
        PrivateKey key = null;
        for (PemBlocks.Block block : blocks) {
            PrivateKey found = switch (block.label()) {
                case "PRIVATE KEY" -> pkcs8(block.der(), publicKey.getAlgorithm());
                case "RSA PRIVATE KEY" -> pkcs8(Der.encode(Der.SEQUENCE, Der.integer(0), RSA_ALGORITHM,
                        Der.encode(Der.OCTET_STRING, block.der())), "RSA");
                case "EC PRIVATE KEY" -> sec1(block.der(), publicKey);
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(
                        "the key is encrypted (decrypt it: openssl pkey -in KEY -out PLAIN)");
                default -> null; // EC PARAMETERS and the like
            };
            if (found != null) {
                if (key != null) {
                    throw new IllegalArgumentException("the file holds more than one private key");
                }
                key = found;
            }
        }
        if (key == null) {
            throw new IllegalArgumentException("no PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block");
        }
        return key;
    }

    /** Whether {@code key} belongs to {@code publicKey}: a signature made with one verifies with the other. */
    static boolean matches(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
            default -> throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm()
                    + " (RSA, EC or EdDSA)");
        };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static PrivateKey pkcs8(byte[] der, String algorithm) {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a readable " + algorithm + " private key (" + e.getClass()
                    .getSimpleName() + ")");
        }
    }

    /** RFC 5915 {@code ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, ... }}. */
    private static PrivateKey sec1(byte[] der, PublicKey publicKey) {
        if (!(publicKey instanceof ECPublicKey ec)) {
            throw new IllegalArgumentException("an EC key for a " + publicKey.getAlgorithm() + " certificate");
        }
        try {
            Der.Element sequence = Der.read(der, 0);
            Der.Element version = sequence.child(sequence.offset());
            Der.Element scalar = sequence.child(version.end());
            if (sequence.tag() != Der.SEQUENCE || version.tag() != Der.INTEGER || scalar.tag() != Der.OCTET_STRING) {
                throw new IllegalArgumentException("not an RFC 5915 EC private key");
            }
            return KeyFactory.getInstance("EC").generatePrivate(
                    new ECPrivateKeySpec(new BigInteger(1, scalar.value()), ec.getParams()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a readable EC private key (" + e.getClass().getSimpleName() + ")");
        }
    }
}
