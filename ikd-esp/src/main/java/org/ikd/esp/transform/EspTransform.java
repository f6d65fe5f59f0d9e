package org.ikd.esp.transform;

import org.ikd.esp.packet.EspHeader;

/**
 * An ESP transform for one SA, owned by one pump (not thread-safe). Layout (RFC 4303 §2):
 * {@code SPI | Seq | IV | payload | padding | pad length | next header | ICV}.
 *
 * <p>The ciphertext may land {@link #shift()} bytes left of the plaintext: SunJCE's CBC copies
 * (allocates) when input and output overlap by less than two blocks, so CBC transforms write
 * their output 32 bytes to the left and never overlap that way; GCM works fully in place.
 * Callers therefore place the plaintext at {@link #sealOffset} and find it at
 * {@link #openedOffset} after {@link #open}.
 */
public sealed interface EspTransform permits GcmEsp, CbcHmacEsp {
    /** {@link #open} result: the ICV did not verify (Windows "Packets Not Authenticated"). */
    int AUTHENTICATION_FAILED = -1;
    /** {@link #open} result: bad length or padding after decryption ("Packets Not Decrypted"). */
    int DECRYPTION_FAILED = -2;

    int ivLength();

    int icvLength();

    /** RFC 4303 §2.4: the payload+trailer is padded to a multiple of this (at least 4). */
    int alignment();

    /** Bytes between where the plaintext is read and where the ciphertext is written (0 or 32). */
    int shift();

    default int headerLength() {
        return EspHeader.LENGTH + ivLength();
    }

    /** Where {@link #seal} expects the plaintext payload for an ESP header at {@code esp}. */
    default int sealOffset(int esp) {
        return esp + headerLength() + shift();
    }

    /** Where {@link #open} leaves the plaintext payload for an ESP header at {@code esp}. */
    default int openedOffset(int esp) {
        return esp + headerLength() - shift();
    }

    /** Room needed after the plaintext for padding, trailer and ICV. */
    default int maxTrailerLength() {
        return alignment() - 1 + 2 + icvLength();
    }

    /** Writes this packet's IV after the ESP header at {@code esp} (RFC 4106 §3.1, RFC 3602 §2.1). */
    void writeIv(byte[] b, int esp, long sequence);

    /**
     * Pads, encrypts and authenticates the {@code payloadLength} bytes at {@link #sealOffset};
     * SPI, sequence number and IV must already be written at {@code esp}. Returns the ESP length
     * (header to ICV). {@code sequenceHigh} is used only with ESN (RFC 4303 §2.2.1).
     */
    int seal(byte[] b, int esp, int payloadLength, int nextHeader, int sequenceHigh);

    /**
     * Verifies and decrypts the {@code espLength} bytes at {@code esp}. Returns the payload length
     * (without padding and trailer) at {@link #openedOffset}, or a negative failure code.
     */
    int open(byte[] b, int esp, int espLength, int sequenceHigh);

    /** The Next Header of the last packet opened. */
    int nextHeader();

    /** RFC 4303 §2.4: the fewest padding bytes that align payload + 2 trailer bytes. */
    static int padLength(int payloadLength, int alignment) {
        return Math.floorMod(-(payloadLength + 2), alignment);
    }
}
