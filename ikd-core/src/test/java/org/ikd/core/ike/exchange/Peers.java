package org.ikd.core.ike.exchange;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.crypto.Phase1Cipher;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeConfig;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeStatistics;
import org.ikd.core.ike.PairRegistry;
import org.ikd.core.ike.SeededEntropy;
import org.ikd.core.ike.SpiAllocator;
import org.ikd.core.ike.auth.RulePreSharedKeys;
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

/** Two IKEv1 engines with hand-written policies, for the in-memory exchange tests. */
final class Peers {
    static final InetAddress A = address("198.18.0.1");
    static final InetAddress B = address("198.18.0.2");
    static final MainModeMethod AES128_SHA256_MODP2048 = new MainModeMethod(Phase1Cipher.AES_CBC, 128, HashAlgorithm.SHA2_256, DhGroupId.MODP_2048);
    static final MainModeMethod TDES_SHA1_MODP1024 = new MainModeMethod(Phase1Cipher.TRIPLE_DES_CBC, 192, HashAlgorithm.SHA1, DhGroupId.MODP_1024);
    static final SecurityMethod ESP_AES128_SHA1 = new SecurityMethod(EspCipher.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA1_96, null, 3600, 100_000);
    static final SecurityMethod ESP_AES256_SHA256 = new SecurityMethod(EspCipher.AES_CBC, 256, IntegrityAlgorithm.HMAC_SHA2_256_128, null, 3600, 0);
    static final SecurityMethod ESP_GCM128 = new SecurityMethod(EspCipher.AES_GCM_16, 128, null, null, 3600, 0);
    static final SecurityMethod AH_SHA1_ESP_3DES = new SecurityMethod(EspCipher.TRIPLE_DES_CBC, 192, null, IntegrityAlgorithm.HMAC_SHA1_96, 1800, 0);

    static InetAddress address(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** One side's settings; everything a test varies. */
    record Side(List<MainModeMethod> mainMode, List<SecurityMethod> methods, String psk, boolean tunnel, boolean pfs,
                Subnet localInner, Subnet remoteInner, ExchangeOptions options) {
        static Side transport(List<SecurityMethod> methods) {
            return new Side(List.of(AES128_SHA256_MODP2048), methods, "ikd test key", false, false, null, null, ExchangeOptions.DEFAULT);
        }

        Side withMainMode(MainModeMethod... m) {
            return new Side(List.of(m), methods, psk, tunnel, pfs, localInner, remoteInner, options);
        }

        Side withPsk(String key) {
            return new Side(mainMode, methods, key, tunnel, pfs, localInner, remoteInner, options);
        }

        Side withTunnel(String local, String remote, boolean withPfs) {
            return new Side(mainMode, methods, psk, true, withPfs, Subnet.parse(local), Subnet.parse(remote), options);
        }

        /** Transport mode with any peer in {@code subnet} (a peer behind a NAT shows another address). */
        Side withPeersIn(String subnet) {
            return new Side(mainMode, methods, psk, false, pfs, null, Subnet.parse(subnet), options);
        }

        Side withOptions(ExchangeOptions o) {
            return new Side(mainMode, methods, psk, tunnel, pfs, localInner, remoteInner, o);
        }

        Policy policy(InetAddress local, InetAddress remote) {
            Selector s = tunnel ? Selector.between(localInner, remoteInner)
                    : Selector.between(Subnet.host(local), remoteInner != null ? remoteInner : Subnet.host(remote));
            Rule r = new Rule("r1", new FilterList("f1", List.of(new Filter(s, true))),
                    new FilterAction.Negotiate("a1", methods, pfs, pfs ? DhGroupId.MODP_2048 : null, false, false),
                    List.of(new AuthenticationMethod.PreSharedKey(Secret.of(psk.getBytes()), "test")),
                    tunnel ? remote : null, tunnel ? local : null, false);
            return new Policy("p", new MainModeSettings(mainMode, 28800, false, 0), List.of(r));
        }

        Selector flow(InetAddress local, InetAddress remote) {
            return tunnel ? Selector.between(localInner, remoteInner) : Selector.between(Subnet.host(local), Subnet.host(remote));
        }
    }

    static IkeConfig config() {
        return IkeConfig.DEFAULT.withDpd(Duration.ZERO, 3);
    }

    /** Engines for A and B on UDP 500. */
    static EnginePair pair(Side a, Side b, IkeConfig config) {
        return new EnginePair(engine(a, A, B, config, 1), A, engine(b, B, A, config, 2), B, 500);
    }

    /** An engine with a fixed, hand-written {@code policy} and the default options. */
    static IkeEngine engine(Policy policy, long seed) {
        SeededEntropy entropy = new SeededEntropy(seed);
        PairRegistry registry = new PairRegistry(new SpiAllocator(entropy, spi -> false));
        Ikev1Exchanges exchanges = new Ikev1Exchanges(() -> policy, new RulePreSharedKeys(() -> policy), entropy,
                DhSource.of(new SecureRandom()), registry, ExchangeOptions.DEFAULT);
        return new IkeEngine(config(), exchanges, entropy, new IkeStatistics(), registry);
    }

    static IkeEngine engine(Side side, InetAddress local, InetAddress remote, IkeConfig config, long seed) {
        SeededEntropy entropy = new SeededEntropy(seed);
        PairRegistry registry = new PairRegistry(new SpiAllocator(entropy, spi -> false));
        AtomicReference<Policy> policy = new AtomicReference<>(side.policy(local, remote));
        Ikev1Exchanges exchanges = new Ikev1Exchanges(policy::get, new RulePreSharedKeys(policy::get), entropy,
                DhSource.of(new SecureRandom()), registry, side.options());
        return new IkeEngine(config, exchanges, entropy, new IkeStatistics(), registry);
    }
}
