package org.ikd.esp.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.Jca;
import org.junit.jupiter.api.Test;

/**
 * {@link DesCbc} against published DES/TDEA known answers and, as a second oracle, against the
 * JDK's DES and DESede (through {@link Jca}) over random keys, IVs and lengths.
 */
class DesCbcTest {
    private static final HexFormat HEX = HexFormat.of();

    /** NIST SP 800-20 Table A.1, variable plaintext KAT: key 0101..01 (K1=K2=K3), plaintext = one bit set. */
    private static final List<String> TABLE_A1 = List.of(
            "95F8A5E5DD31D900", "DD7F121CA5015619", "2E8653104F3834EA", "4BD388FF6CD81D4F",
            "20B9E767B2FB1456", "55579380D77138EF", "6CC5DEFAAF04512F", "0D9F279BA5D87260",
            "D9031B0271BD5A0A", "424250B37C3DD951", "B8061B7ECD9A21E5", "F15D0F286B65BD28",
            "ADD0CC8D6E5DEBA1", "E6D5F82752AD63D1", "ECBFE3BD3F591A5E", "F356834379D165CD",
            "2B9F982F20037FA9", "889DE068A16F0BE6", "E19E275D846A1298", "329A8ED523D71AEC",
            "E7FCE22557D23C97", "12A9F5817FF2D65D", "A484C3AD38DC9C19", "FBE00A8A1EF8AD72",
            "750D079407521363", "64FEED9C724C2FAF", "F02B263B328E2B60", "9D64555A9A10B852",
            "D106FF0BED5255D7", "E1652C6B138C64A5", "E428581186EC8F46", "AEB5F5EDE22D1A36",
            "E943D7568AEC0C5C", "DF98C8276F54B04B", "B160E4680F6C696F", "FA0752B07D9C4AB8",
            "CA3A2B036DBC8502", "5E0905517BB59BCF", "814EEB3B91D90726", "4D49DB1532919C9F",
            "25EB5FC3F8CF0621", "AB6A20C0620D1C6F", "79E90DBC98F92CCA", "866ECEDD8072BB0E",
            "8B54536F2F3E64A8", "EA51D3975595B86B", "CAFFC6AC4542DE31", "8DD45A2DDF90796C",
            "1029D55E880EC2D0", "5D86CB23639DBEA9", "1D1CA853AE7C0C5F", "CE332329248F3228",
            "8405D1ABE24FB942", "E643D78090CA4207", "48221B9937748A23", "DD7C0BBD61FAFD54",
            "2FBC291A570DB5C4", "E07C30D7E4E26E12", "0953E2258E8E90A1", "5B711BC4CEEBF2EE",
            "CC083F1E6D9E85F6", "D2FD8867D50D2DFE", "06E7EA22CE92708F", "166B40B44ABA4BD6");

    /** NIST SP 800-20 Table A.3, permutation operation KAT: "key ciphertext", plaintext 0, K1=K2=K3. */
    private static final List<String> TABLE_A3 = List.of(
            "1046913489980131 88D55E54F54C97B4", "1007103489988020 0C0CC00C83EA48FD",
            "10071034C8980120 83BC8EF3A6570183", "1046103489988020 DF725DCAD94EA2E9",
            "1086911519190101 E652B53B550BE8B0", "1086911519580101 AF527120C485CBB0",
            "5107B01519580101 0F04CE393DB926D5", "1007B01519190101 C9F00FFC74079067",
            "3107915498080101 7CFD82A593252B4E", "3107919498080101 CB49A2F9E91363E3",
            "10079115B9080140 00B588BE70D23F56", "3107911598080140 406A9A6AB43399AE",
            "1007D01589980101 6CB773611DCA9ADA", "9107911589980101 67FD21C17DBB5D70",
            "9107D01589190101 9592CB4110430787", "1007D01598980120 A6B7FF68A318DDD3",
            "1007940498190101 4D102196C914CA16", "0107910491190401 2DFA9F4573594965",
            "0107910491190101 B46604816C0E0774", "0107940491190401 6E7E6221A4F34E87",
            "19079210981A0101 AA85E74643233199", "1007911998190801 2E5A19DB4D1962D6",
            "10079119981A0801 23A866A809D30894", "1007921098190101 D812D961F017D320",
            "100791159819010B 055605816E58608F", "1004801598190101 ABD88E8B1B7716F1",
            "1004801598190102 537AC95BE69DA1E1", "1004801598190108 AED0F6AE3C25CDD8",
            "1002911598100104 B3E35A5EE53E7B8D", "1002911598190104 61C79C71921A2EF8",
            "1002911598100201 E2F5728F0995013C", "1002911698100101 1AEAC39A61F0A464");

    /** NIST SP 800-20 Table A.4, substitution table KAT: "key plaintext ciphertext", K1=K2=K3. */
    private static final List<String> TABLE_A4 = List.of(
            "7CA110454A1A6E57 01A1D6D039776742 690F5B0D9A26939B",
            "0131D9619DC1376E 5CD54CA83DEF57DA 7A389D10354BD271",
            "07A1133E4A0B2686 0248D43806F67172 868EBB51CAB4599A",
            "3849674C2602319E 51454B582DDF440A 7178876E01F19B2A",
            "04B915BA43FEB5B6 42FD443059577FA2 AF37FB421F8C4095",
            "0113B970FD34F2CE 059B5E0851CF143A 86A560F10EC6D85B",
            "0170F175468FB5E6 0756D8E0774761D2 0CD3DA020021DC09",
            "43297FAD38E373FE 762514B829BF486A EA676B2CB7DB2B7A",
            "07A7137045DA2A16 3BDD119049372802 DFD64A815CAF1A0F",
            "04689104C2FD3B2F 26955F6835AF609A 5C513C9C4886C088",
            "37D06BB516CB7546 164D5E404F275232 0A2AEEAE3FF4AB77",
            "1F08260D1AC2465E 6B056E18759F5CCA EF1BF03E5DFA575A",
            "584023641ABA6176 004BD6EF09176062 88BF0DB6D70DEE56",
            "025816164629B007 480D39006EE762F2 A1F9915541020B56",
            "49793EBC79B3258F 437540C8698F3CFA 6FBF1CAFCFFD0556",
            "4FB05E1515AB73A7 072D43A077075292 2F22E49BAB7CA1AC",
            "49E95D6D4CA229BF 02FE55778117F12A 5A6B612CC26CCE4A",
            "018310DC409B26D6 1D9D5C5018F728C2 5F4C038ED12B2E41",
            "1C587F1C13924FEF 305532286D6F295A 63FAC0D034D9F793");

    @Test
    void matchesTheVariablePlaintextKnownAnswersOfSp80020TableA1() {
        byte[] key = new byte[24];
        Arrays.fill(key, (byte) 1);
        for (int bit = 0; bit < 64; bit++) {
            long plain = 1L << (63 - bit);
            // A single block with a zero IV is ECB. Encrypting the ciphertext again gives the
            // plaintext back (SP 800-20 §2.1.2 inverse permutation KAT: this key is weak).
            assertBlock(key, plain, TABLE_A1.get(bit), "Table A.1 row " + bit);
            assertEquals(plain, ecbEncrypt(key, parse(TABLE_A1.get(bit))), "inverse permutation KAT row " + bit);
        }
    }

    @Test
    void matchesThePermutationOperationKnownAnswersOfSp80020TableA3() {
        for (String row : TABLE_A3) {
            String[] f = row.split(" ");
            assertBlock(tripled(f[0]), 0, f[1], row);
            assertBlock(HEX.parseHex(f[0]), 0, f[1], "single DES " + row);
        }
    }

    @Test
    void matchesTheSubstitutionTableKnownAnswersOfSp80020TableA4() {
        for (String row : TABLE_A4) {
            String[] f = row.split(" ");
            assertBlock(tripled(f[0]), parse(f[1]), f[2], row);
            assertBlock(HEX.parseHex(f[0]), parse(f[1]), f[2], "single DES " + row);
        }
    }

    @Test
    void matchesTheWorkedDesExampleOfFips46() {
        // The worked example in J. Orlin Grabbe, "The DES Algorithm Illustrated" (FIPS 46 walk-through).
        assertBlock(HEX.parseHex("133457799BBCDFF1"), parse("0123456789ABCDEF"), "85E813540F0AB405", "Grabbe");
    }

    @Test
    void matchesTheTdeaExampleOfSp80067() {
        // NIST SP 800-67 Rev. 1 Appendix B: three-key TDEA, ECB, the "The qufck brown fox jump" text.
        byte[] key = HEX.parseHex("0123456789ABCDEF" + "23456789ABCDEF01" + "456789ABCDEF0123");
        assertCbc(key, "0000000000000000", "5468652071756663", "A826FD8CE53B855F");
        assertCbc(key, "0000000000000000", "6B2062726F776E20", "CCE21C8112256FE6");
        assertCbc(key, "0000000000000000", "666F78206A756D70", "68D5C05DD9B6B900");
    }

    @Test
    void matchesTheCbcExampleOfFips81() {
        // FIPS 81 Appendix C table C1: DES-CBC, "Now is the time for all ".
        assertCbc(HEX.parseHex("0123456789abcdef"), "1234567890abcdef",
                "4e6f77206973207468652074696d6520666f7220616c6c20",
                "e5c7cdde872bf27c43e934008c389c0f683788499a7c05f6");
    }

    @Test
    void matchesTheTdesCbcMultiblockMessageVectorsOfCavp() {
        // NIST CAVP TDES Multi-block Message Test (TCBCMMT3.rsp), encrypt, counts 0 and 1.
        assertCbc(HEX.parseHex("627f460e08104a10" + "43cd265d5840eaf1" + "313edf97df2a8a8c"), "8e29f75ea77e5475",
                "326a494cd33fe756", "b22b8d66de970692");
        assertCbc(HEX.parseHex("37ae5ebf46dff2dc" + "0754b94f31cbb385" + "5e7fd36dc870bfae"), "3d1de3cc132e3b65",
                "84401f78fe6c10876d8ea23094ea5309", "7b1f7c7e3b1c948ebd04a75ffba7d2f5");
    }

    @Test
    void agreesWithTheJdkOverRandomKeysIvsAndLengths() throws Exception {
        Random random = new Random(2451);
        for (int trial = 0; trial < 400; trial++) {
            EspCipher id = trial % 4 == 0 ? EspCipher.DES_CBC : EspCipher.TRIPLE_DES_CBC;
            byte[] key = new byte[id == EspCipher.DES_CBC ? 8 : 24];
            byte[] iv = new byte[8];
            byte[] plain = new byte[8 * random.nextInt(200)];
            random.nextBytes(key);
            random.nextBytes(iv);
            random.nextBytes(plain);
            Cipher jdk = Jca.esp(id);
            jdk.init(Cipher.ENCRYPT_MODE, Jca.key(id, key), new IvParameterSpec(iv));
            byte[] expected = jdk.doFinal(plain);

            DesCbc des = DesCbc.of(key);
            int at = 8 * random.nextInt(4), shift = 8 * random.nextInt(5);     // in place or to the left
            byte[] b = new byte[plain.length + 80];
            System.arraycopy(plain, 0, b, at + shift, plain.length);
            long last = des.encrypt(parse(HEX.formatHex(iv)), b, at + shift, b, at, plain.length);
            assertArrayEquals(expected, Arrays.copyOfRange(b, at, at + plain.length), "encrypt, trial " + trial);
            if (plain.length > 0) assertEquals(parse(HEX.formatHex(expected, expected.length - 8, expected.length)), last);

            System.arraycopy(b, at, b, at + shift, plain.length);
            des.decrypt(parse(HEX.formatHex(iv)), b, at + shift, b, at, plain.length);
            assertArrayEquals(plain, Arrays.copyOfRange(b, at, at + plain.length), "decrypt, trial " + trial);
        }
    }

    @Test
    void rejectsKeysThatAreNeitherDesNor3des() {
        assertThrows(IllegalArgumentException.class, () -> DesCbc.of(new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> DesCbc.of(new byte[7]));
    }

    @Test
    void rejectsPartialBlocks() {
        DesCbc des = DesCbc.of(new byte[24]);
        assertThrows(IllegalArgumentException.class, () -> des.encrypt(0, new byte[16], 0, new byte[16], 0, 12));
    }

    @Test
    void keepsTheKeyOutOfToString() {
        assertEquals("DesCbc[3des]", DesCbc.of(HEX.parseHex("0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123")).toString());
    }

    private static void assertBlock(byte[] key, long plain, String cipherHex, String what) {
        assertEquals(parse(cipherHex), ecbEncrypt(key, plain), what + " (encrypt)");
        byte[] b = HEX.parseHex(cipherHex);
        DesCbc.of(key).decrypt(0, b, 0, b, 0, 8);
        assertEquals(plain, parse(HEX.formatHex(b)), what + " (decrypt)");
    }

    private static long ecbEncrypt(byte[] key, long plain) {
        byte[] b = HEX.parseHex(String.format("%016x", plain));
        return DesCbc.of(key).encrypt(0, b, 0, b, 0, 8);
    }

    private static void assertCbc(byte[] key, String iv, String plainHex, String cipherHex) {
        byte[] b = HEX.parseHex(plainHex);
        DesCbc.of(key).encrypt(parse(iv), b, 0, b, 0, b.length);
        assertEquals(cipherHex.toLowerCase(), HEX.formatHex(b));
        DesCbc.of(key).decrypt(parse(iv), b, 0, b, 0, b.length);
        assertEquals(plainHex.toLowerCase(), HEX.formatHex(b));
    }

    private static byte[] tripled(String keyHex) {
        return HEX.parseHex(keyHex + keyHex + keyHex);
    }

    private static long parse(String hex) {
        return Long.parseUnsignedLong(hex, 16);
    }
}
