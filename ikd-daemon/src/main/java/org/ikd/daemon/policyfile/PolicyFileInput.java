package org.ikd.daemon.policyfile;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tomlj.internal.TomlLexer;
import org.tomlj.internal.antlr.v4.runtime.CharStreams;
import org.tomlj.internal.antlr.v4.runtime.Token;

/**
 * The policy file's text, read only when its parse fits in ikd's heap. tomlj keeps the whole
 * ANTLR parse tree until it has built its tables: 250 to 400 bytes of heap per TOML token at the
 * peak (docs/performance.md "Policy size"), ~20 KB per rule written as in conf/. The limits keep
 * the worst file under 256 MB, half the daemon's heap, and are checked here, on the bytes and on
 * a streaming pass of tomlj's own lexer, before the parse tree exists: a file over them costs a
 * read, never the daemon's heap.
 *
 * <ol>
 *   <li>Size: at most {@value #MAX_FILE_BYTES} bytes, read bounded (a file that grows is cut).</li>
 *   <li>UTF-8, strictly: the first bad byte is an error at its line and column.</li>
 *   <li>{@code [[rules]]} headers: at most {@value #MAX_RULES}.</li>
 *   <li>TOML tokens (keys, values, punctuation, comments): at most {@value #MAX_TOKENS}.</li>
 * </ol>
 */
final class PolicyFileInput {
    static final int MAX_FILE_BYTES = 4 << 20;
    static final int MAX_RULES = 5_000;
    static final int MAX_TOKENS = 600_000;
    static final String WHY = "parsing takes ~20 KB of heap per rule, the heap is 512 MB (conf/jvm.options);"
            + " merge rules with prefixes or split the policy";
    /** How far a file over the size limit is read to count its rules, for a message that names the real cause. */
    private static final long SCAN_BYTES = 256L << 20;
    private static final Pattern RULE_HEADER = Pattern.compile("^[ \\t]*\\[\\[[ \\t]*rules[ \\t]*\\]\\]", Pattern.MULTILINE);

    private PolicyFileInput() {}

    /** The file's text, or null when it is refused (reported, without position: the file as a whole). */
    static String read(Path file, Diagnostics log) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            log.error(Location.FILE, "cannot read the policy file: " + KeyFile.reason(e), "a UTF-8 TOML file the ikd user can read");
            return null;
        }
        if (bytes.length > MAX_FILE_BYTES) {
            refuseLarge(file, log);
            return null;
        }
        String text = decode(bytes, log);
        if (text == null) return null;
        int rules = count(RULE_HEADER.matcher(text));
        if (rules > MAX_RULES) {
            tooManyRules(rules, log);
            return null;
        }
        if (tokens(text) > MAX_TOKENS) {
            log.error(Location.FILE, "more than " + MAX_TOKENS + " TOML tokens (keys, values, brackets, commas); ikd parses at most "
                    + MAX_TOKENS + " (limit of the policy file's size in tokens: parsing takes up to ~400 bytes of heap per token,"
                    + " the heap is 512 MB (conf/jvm.options); merge filters with prefixes or split the policy)", null);
            return null;
        }
        return text;
    }

    private static void tooManyRules(long rules, Diagnostics log) {
        log.error(Location.FILE, rules + " rules; ikd loads at most " + MAX_RULES + " (limit of rules per policy: " + WHY + ")", null);
    }

    /**
     * Over the size limit: names the rule count when that is the cause, else the size. The count
     * streams the first {@code SCAN_BYTES} and keeps 64 bytes of a line at most: a file of one
     * endless line costs no more than a file of short ones.
     */
    private static void refuseLarge(Path file, Diagnostics log) {
        long rules = 0;
        long size = -1;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            size = Files.size(file);
            byte[] head = new byte[64];
            int length = 0;
            long read = 0;
            for (int b = in.read(); b >= 0 && read < SCAN_BYTES; b = in.read(), read++) {
                if (b != '\n') {
                    if (length < head.length) head[length++] = (byte) b;
                    continue;
                }
                if (RULE_HEADER.matcher(new String(head, 0, length, StandardCharsets.ISO_8859_1)).lookingAt()) rules++;
                length = 0;
            }
        } catch (IOException e) {
            // the size alone makes the message
        }
        if (rules > MAX_RULES) {
            tooManyRules(rules, log);
            return;
        }
        log.error(Location.FILE, (size > 0 ? size + " bytes" : "larger than " + MAX_FILE_BYTES + " bytes") + "; ikd reads at most "
                + MAX_FILE_BYTES + " (limit of the policy file size: " + WHY + ")", null);
    }

    /** Strict UTF-8; a malformed or unmappable sequence is reported at the line and column of its first byte. */
    static String decode(byte[] bytes, Diagnostics log) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int bad = in.position();
            log.error(position(bytes, bad), String.format("byte 0x%02X is not UTF-8", bytes[bad] & 0xff),
                    "a UTF-8 text file; convert it, e.g. iconv -f latin1 -t utf-8");
            return null;
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** 1-based line and column (in characters) of byte {@code offset}, as tomlj counts them. */
    private static Location position(byte[] bytes, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                column = 1;
            } else if ((bytes[i] & 0xc0) != 0x80) {
                column++;                           // a UTF-8 continuation byte is not a new character
            }
        }
        return new Location("", line, column);
    }

    private static int count(Matcher m) {
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    /**
     * Tokens of tomlj's lexer, up to {@code MAX_TOKENS + 1}, none kept. A lexer error is only
     * counted: the parse that follows reports it with its position. tomlj 2.2.0 has no public
     * lexer API; its generated {@code TomlLexer} is a public class of the jar, and an upgrade that
     * moves it fails the build here and PolicyInputLimitsTest.
     */
    static int tokens(String text) {
        TomlLexer lexer = new TomlLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();                   // else ANTLR prints to stderr
        int n = 0;
        try {
            while (n <= MAX_TOKENS && lexer.nextToken().getType() != Token.EOF) n++;
        } catch (RuntimeException e) {
            return n;                                   // tomlj's parse will report what the lexer disliked
        }
        return n;
    }
}
