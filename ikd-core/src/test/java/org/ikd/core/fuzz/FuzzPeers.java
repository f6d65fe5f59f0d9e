package org.ikd.core.fuzz;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.DhGroup;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.DhPrivate;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.crypto.InvalidPublicValueException;
import org.ikd.core.crypto.Phase1Cipher;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.IkeConfig;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeStatistics;
import org.ikd.core.ike.PairRegistry;
import org.ikd.core.ike.SeededEntropy;
import org.ikd.core.ike.SpiAllocator;
import org.ikd.core.ike.auth.RulePreSharedKeys;
import org.ikd.core.ike.exchange.DhSource;
import org.ikd.core.ike.exchange.ExchangeOptions;
import org.ikd.core.ike.exchange.Ikev1Exchanges;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.FilterList;
import org.ikd.core.policy.MainModeMethod;
import org.ikd.core.policy.MainModeSettings;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.SecurityMethod;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;

/**
 * Engines for the fuzz targets: deterministic (seeded entropy; DH values made once per seed and
 * reused by every engine this instance makes, so a Main Mode costs one key agreement per side) and willing to talk to any peer in
 * 198.18.0.0/15 with one pre-shared key, in transport mode.
 */
final class FuzzPeers {
    static final InetAddress A = address("198.18.0.1");
    static final InetAddress B = address("198.18.0.2");
    /** The peer that checks, after a fuzzed input, that an engine still answers a first Main Mode message. */
    static final InetAddress PROBE = address("198.18.0.3");
    static final int PORT = 500;
    static final String RULE = "r1";

    static final MainModeMethod AES128_SHA256_ECP256 =
            new MainModeMethod(Phase1Cipher.AES_CBC, 128, HashAlgorithm.SHA2_256, DhGroupId.ECP_256);
    static final MainModeMethod TDES_SHA1_MODP1024 =
            new MainModeMethod(Phase1Cipher.TRIPLE_DES_CBC, 192, HashAlgorithm.SHA1, DhGroupId.MODP_1024);
    static final MainModeMethod AES256_SHA384_MODP2048 =
            new MainModeMethod(Phase1Cipher.AES_CBC, 256, HashAlgorithm.SHA2_384, DhGroupId.MODP_2048);
    /** What a responder accepts: the two methods the initiators offer, and one more. */
    static final List<MainModeMethod> ACCEPTED = List.of(AES128_SHA256_ECP256, TDES_SHA1_MODP1024, AES256_SHA384_MODP2048);
    static final List<SecurityMethod> QUICK_MODE = List.of(
            new SecurityMethod(EspCipher.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA1_96, null, 3600, 100_000),
            new SecurityMethod(EspCipher.AES_GCM_16, 128, null, null, 3600, 0),
            new SecurityMethod(EspCipher.TRIPLE_DES_CBC, 192, null, IntegrityAlgorithm.HMAC_SHA1_96, 1800, 0));

    /** DH values by engine seed, kept across the engines this instance makes. */
    private final Map<Long, ReusedDh> dh = new java.util.HashMap<>();

    /** An engine at {@code local} that offers and accepts {@code mainMode}; {@code seed} fixes its randomness. */
    IkeEngine engine(InetAddress local, List<MainModeMethod> mainMode, long seed) {
        SeededEntropy entropy = new SeededEntropy(seed);
        PairRegistry registry = new PairRegistry(new SpiAllocator(entropy, spi -> false));
        Policy policy = policy(local, mainMode);
        Ikev1Exchanges exchanges = new Ikev1Exchanges(() -> policy, new RulePreSharedKeys(() -> policy), entropy,
                dh.computeIfAbsent(seed, ReusedDh::new), registry, ExchangeOptions.DEFAULT);
        return new IkeEngine(IkeConfig.DEFAULT.withDpd(java.time.Duration.ZERO, 3), exchanges, entropy,
                new IkeStatistics(), registry);
    }

    static AcquireRequest acquire(InetAddress local, InetAddress peer) {
        return new AcquireRequest(RULE, Selector.between(Subnet.host(local), Subnet.host(peer)), local, peer);
    }

    static InetSocketAddress endpoint(InetAddress address) {
        return new InetSocketAddress(address, PORT);
    }

    private static Policy policy(InetAddress local, List<MainModeMethod> mainMode) {
        Selector s = Selector.between(Subnet.host(local), Subnet.parse("198.18.0.0/15"));
        Rule r = new Rule(RULE, new FilterList("f1", List.of(new Filter(s, true))),
                new FilterAction.Negotiate("a1", QUICK_MODE, false, null, false, false),
                List.of(new AuthenticationMethod.PreSharedKey(Secret.of("ikd fuzz key".getBytes()), "fuzz")),
                null, null, false);
        return new Policy("fuzz", new MainModeSettings(mainMode, 28800, false, 0), List.of(r));
    }

    static InetAddress address(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * One DH private value per group, made on first use and never destroyed, and the shared secrets
     * it agreed to, remembered by peer value: key generation and agreement cost a fuzzer dearly,
     * and most inputs repeat the real peer's value. Each caller gets its own copy of a secret (it destroys it).
     */
    private static final class ReusedDh implements DhSource {
        private static final int REMEMBERED = 64;
        private final Map<DhGroupId, DhPrivate> made = new EnumMap<>(DhGroupId.class);
        private final Map<Bytes, byte[]> agreed = new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Bytes, byte[]> eldest) {
                return size() > REMEMBERED;
            }
        };
        private final SecureRandom random;

        ReusedDh(long seed) {
            try {
                random = SecureRandom.getInstance("SHA1PRNG");
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
            random.setSeed(seed);
        }

        @Override
        public DhPrivate generate(DhGroupId group) {
            DhPrivate p = made.computeIfAbsent(group, g -> DhGroup.of(g).generate(random));
            return new DhPrivate() {
                @Override public DhGroupId group() { return p.group(); }
                @Override public Bytes publicValue() { return p.publicValue(); }
                @Override public Secret agree(Bytes peer) throws InvalidPublicValueException { return remembered(p, peer); }
                @Override public void destroy() { }
            };
        }

        private Secret remembered(DhPrivate p, Bytes peer) throws InvalidPublicValueException {
            Bytes key = Bytes.concat(Bytes.of((byte) p.group().id()), peer);
            byte[] secret = agreed.get(key);
            if (secret == null) {
                secret = p.agree(peer).reveal();
                agreed.put(key, secret);
            }
            return Secret.of(secret);
        }
    }
}
