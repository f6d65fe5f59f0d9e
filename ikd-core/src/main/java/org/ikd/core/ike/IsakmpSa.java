package org.ikd.core.ike;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.auth.PeerAuthentication;
import org.ikd.core.policy.AddressText;

/**
 * One ISAKMP SA (RFC 2408 §2.5.3): its cookies, role, state, the peer's current address (it moves
 * to UDP 4500 with NAT-T, RFC 3947 §4) and its running exchanges by message ID. The exchanges keep
 * their own key material; this object is what the engine and every exchange of the SA share.
 * Confined to the IKE event loop.
 */
public final class IsakmpSa {
    public enum Role { INITIATOR, RESPONDER }

    public enum State { NEGOTIATING, ESTABLISHED, DELETED }

    private static final int RETIRED_MESSAGE_IDS = 256;

    private final long serial;
    private final Role role;
    private final Instant created;
    private CookiePair cookies;
    private State state = State.NEGOTIATING;
    private InetSocketAddress local;
    private InetSocketAddress remote;
    private java.util.function.BiConsumer<IsakmpSa, java.net.InetAddress> addressListener;
    private boolean natTraversal;
    private Instant expiresAt;
    private boolean everEstablished;
    private String deleteReason;
    private IkeEvent.DeletedBy deletedBy;

    private MessageProtection protection;
    private PeerCapabilities capabilities = PeerCapabilities.UNKNOWN;
    private int nextFragmentId = 1;
    private final DpdProbe dpd = new DpdProbe();
    private boolean initialContact;
    private PeerAuthentication authentication;
    private final QuickModeBudget budget = new QuickModeBudget();
    private boolean superseded;
    private boolean peerAnswered;
    private boolean renewal;
    private boolean initialContactWithheld;
    private String rule;
    private RemoteAccessSession remoteAccess;
    private java.net.InetAddress virtualAddress;

    /** A peer's error notify about a phase-2 negotiation (RFC 2408 §3.14.1): the SPI it names and what it said. */
    record QuickModeRefusal(Bytes spi, org.ikd.core.isakmp.doi.NotifyType type, String reason) {}

    final Map<Integer, ExchangeSlot> slots = new LinkedHashMap<>();
    final List<QuickModeRefusal> refusals = new ArrayList<>();
    final List<AcquireRequest> pendingAcquires = new ArrayList<>();
    /** Exchanges we start next under their own message IDs (XAUTH STATUS after the REPLY, a repeated REQUEST). */
    final List<Map.Entry<Integer, Exchange>> followUps = new ArrayList<>();
    private final LinkedHashSet<Integer> retiredMessageIds = new LinkedHashSet<>();
    private final LinkedHashSet<Bytes> quickModeNonces = new LinkedHashSet<>();

    IsakmpSa(long serial, CookiePair cookies, Role role, InetSocketAddress local, InetSocketAddress remote,
             boolean natTraversal, Instant created) {
        this.serial = serial;
        this.cookies = cookies;
        this.role = role;
        this.local = local;
        this.remote = remote;
        this.natTraversal = natTraversal;
        this.created = created;
    }

    /** Unique per SA within one engine; names its timers. */
    public long serial() { return serial; }
    public CookiePair cookies() { return cookies; }
    public Role role() { return role; }
    public State state() { return state; }
    public InetSocketAddress local() { return local; }
    public InetSocketAddress remote() { return remote; }
    /** True once IKE moved to UDP 4500 (RFC 3947 §4). */
    public boolean natTraversal() { return natTraversal; }
    public Instant created() { return created; }
    /** When the ISAKMP SA's lifetime ends; null while negotiating. */
    public Instant expiresAt() { return expiresAt; }
    /** True once Main Mode completed, even after deletion. */
    public boolean wasEstablished() { return everEstablished; }
    public String deleteReason() { return deleteReason; }
    public IkeEvent.DeletedBy deletedBy() { return deletedBy; }

    /** The rule this SA negotiates for: the acquire's (initiator), else the engine's choice once known; null before. */
    public String rule() { return rule; }

    void rule(String name) {                    // the engine's: set once, where it learns the rule
        this.rule = name;
    }

    /** The keys, once Main Mode 3/4 derived them; null before. */
    public MessageProtection protection() { return protection; }

    public void protect(MessageProtection protection) {
        this.protection = protection;
    }

    /** The peer's authenticated identity, for logs; null until Main Mode 5/6. */
    public String peerId() { return authentication == null ? null : authentication.peerId(); }

    /** What Main Mode proved about the peer; null until Main Mode 5/6. Quick Modes are bound to it. */
    public PeerAuthentication authentication() { return authentication; }

    public void authenticated(PeerAuthentication proof) {
        this.authentication = proof;
    }

    /**
     * False when a Quick Mode of this SA already used nonce {@code ni}: a QM#1 replayed under a fresh
     * message ID (RFC 2409 §5.5 makes the nonces fresh per Quick Mode) keys nothing new.
     */
    public boolean firstUseOfNonce(Bytes ni) {
        if (!quickModeNonces.add(ni)) return false;
        if (quickModeNonces.size() > RETIRED_MESSAGE_IDS) {
            Iterator<Bytes> oldest = quickModeNonces.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /** What Main Mode learned about the peer and the path to it (vendor IDs, NAT discovery). */
    public PeerCapabilities capabilities() { return capabilities; }

    /** Main Mode learned more: {@code learned} replaces what was known (built from {@link #capabilities()}). */
    public void learned(PeerCapabilities learned) {
        this.capabilities = learned;
    }

    /** The peer sent the DPD vendor ID (RFC 3706 §4): we may ask it R-U-THERE. */
    public boolean peerDoesDpd() { return capabilities.dpd(); }

    /**
     * Who the peer's vendor IDs say it is ("ikd", "Windows XP (...)"), empty when unknown. An ikd
     * responder installs its SA pair when it sends Quick Mode message 2, before HASH(3) arrives.
     */
    public String peerVendor() { return capabilities.vendor(); }

    /** The peer sent the FRAGMENTATION vendor ID, or fragments of its own: it reassembles payload 132. */
    public boolean peerDoesFragmentation() { return capabilities.fragmentation(); }

    /** IDs for {@code count} fragmented messages (16 bits on the wire; only their difference matters). */
    int nextFragmentIds(int count) {
        int first = nextFragmentId;
        nextFragmentId = (nextFragmentId + count) & 0xffff;
        return first;
    }

    /** NAT-D showed a NAT in front of us (RFC 3947 §3.2): keep its mapping open with keepalives. */
    public boolean behindNat() { return capabilities.behindNat(); }

    /** NAT-T is in use only because we forced it (no NAT-D showed a NAT): a rule that does not force keys elsewhere. */
    public boolean natTraversalForced() { return capabilities.natTraversalForced(); }

    /** The peer speaks NAT-T as draft-ietf-ipsec-nat-t-ike-02 (NAT-D 130, modes 61443/61444), not RFC 3947. */
    public boolean natTraversalDraft() { return capabilities.natTraversalDraft(); }

    /** The peer sent INITIAL-CONTACT (RFC 2407 §4.6.3.3): it has no other SA with us, so ours with it are stale. */
    public void initialContactReceived() {
        this.initialContact = true;
    }

    boolean takeInitialContact() {
        boolean c = initialContact;
        initialContact = false;
        return c;
    }

    /** Dead Peer Detection with this peer: sequence numbers, unanswered probes. */
    public DpdProbe dpd() { return dpd; }

    /**
     * The peer refused a Quick Mode of this SA with an error notify naming {@code spi} (empty or zero: none);
     * the engine ends the Quick Mode it refers to once the Informational that carried it is processed.
     */
    public void quickModeRefused(Bytes spi, org.ikd.core.isakmp.doi.NotifyType type, String reason) {
        refusals.add(new QuickModeRefusal(spi, type, reason));
    }

    /** How many Quick Modes this SA may key, and how many it started. */
    public QuickModeBudget budget() { return budget; }

    /** It has keyed as many Quick Modes as its limit allows. */
    public boolean spent() {
        return budget.spent();
    }

    /** A message after its first came from the peer under both our cookies: it receives what we send it. */
    boolean peerAnswered() { return peerAnswered; }

    void peerAnswered(boolean yes) {
        this.peerAnswered = yes;
    }

    /** A newer ISAKMP SA with the same peer took over: no new Quick Mode starts here; it lives until it expires. */
    public boolean superseded() { return superseded; }

    void supersede() {
        this.superseded = true;
    }

    /** Established, not superseded and not spent: new Quick Modes may use it. */
    public boolean usable() {
        return state == State.ESTABLISHED && !superseded && !spent();
    }

    /** This Main Mode re-establishes an ISAKMP SA before it expires (no acquire waits for it). */
    public boolean renewal() { return renewal; }

    void markRenewal() {
        this.renewal = true;
    }

    /**
     * False when we already hold SAs with the peer: RFC 2407 §4.6.3.3 INITIAL-CONTACT says we hold none,
     * and the peer would delete those it shares with us (charon sends it likewise only on a first IKE_SA).
     */
    public boolean sendsInitialContact() { return !initialContactWithheld; }

    void withholdInitialContact() {
        this.initialContactWithheld = true;
    }

    /** Main Mode is complete; the SA lives until {@code expiresAt} (the engine's, from the exchange's Reaction). */
    void establish(Instant expiresAt) {
        if (state != State.NEGOTIATING) throw new IllegalStateException("SA " + cookies + " is " + state);
        this.state = State.ESTABLISHED;
        this.expiresAt = expiresAt;
        this.everEstablished = true;
    }

    /** Marks the SA for removal; the engine removes it and publishes the deletion once the exchange returns. */
    public void delete(String why, IkeEvent.DeletedBy by) {
        if (state == State.DELETED) return;
        this.state = State.DELETED;
        this.deleteReason = why;
        this.deletedBy = by;
    }

    /** RFC 3947 §4: from now on IKE goes to the peer's NAT-T port (and leaves from ours) with the non-ESP marker. */
    public void floatToNatTraversal(int localPort, int remotePort) {
        this.local = new InetSocketAddress(local.getAddress(), localPort);
        this.remote = new InetSocketAddress(remote.getAddress(), remotePort);
        this.natTraversal = true;
    }

    /** RFC 3947 §4: a NAT changed the peer's address or port; follow it (authenticated messages only). */
    public void peerMoved(InetSocketAddress newRemote) {
        java.net.InetAddress was = remote.getAddress();
        this.remote = newRemote;
        if (addressListener != null && !was.equals(newRemote.getAddress())) addressListener.accept(this, was);
    }

    /** Told when {@link #peerMoved} changes the peer's address (the SA table keeps SAs by address). */
    void whenAddressChanges(java.util.function.BiConsumer<IsakmpSa, java.net.InetAddress> listener) {
        this.addressListener = listener;
    }

    /** A fresh, non-zero message ID unused on this SA (RFC 2408 §3.1: random for each phase-2 exchange). */
    public int newMessageId(Entropy entropy) {
        while (true) {
            int id = entropy.nextInt();
            if (id != 0 && !slots.containsKey(id) && !retiredMessageIds.contains(id)) return id;
        }
    }

    /** The road warrior's XAUTH and Mode-Config state, or null for a peer of an ordinary rule. */
    public RemoteAccessSession remoteAccess() { return remoteAccess; }

    public void remoteAccess(RemoteAccessSession session) {
        this.remoteAccess = session;
    }

    /** A road warrior's: the address its gateway gave it by Mode-Config, or null. */
    public java.net.InetAddress virtualAddress() { return virtualAddress; }

    public void virtualAddress(java.net.InetAddress address) {
        this.virtualAddress = address;
    }

    /** Starts {@code exchange} (ours, under {@code messageId}) once the current message is handled. */
    public void follow(int messageId, Exchange exchange) {
        followUps.add(Map.entry(messageId, exchange));
    }

    /** Wraps an encoded message for the peer's current address and port. */
    public OutboundDatagram datagram(Bytes message) {
        return OutboundDatagram.isakmp(local, remote, natTraversal, message);
    }

    void learnResponderCookie(long responder) {
        cookies = cookies.withResponder(responder);
    }

    boolean isRetired(int messageId) {
        return retiredMessageIds.contains(messageId);
    }

    /** Forgets an exchange, remembering its message ID so a replay cannot start it again. */
    void retire(int messageId) {
        slots.remove(messageId);
        retiredMessageIds.add(messageId);
        if (retiredMessageIds.size() > RETIRED_MESSAGE_IDS) {
            Iterator<Integer> oldest = retiredMessageIds.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    @Override
    public String toString() {
        return "ISAKMP SA #" + serial + " " + cookies + " " + role.name().toLowerCase() + " " + state.name().toLowerCase()
                + (superseded ? " superseded" : "") + (spent() ? " spent" : "") + " " + AddressText.of(local) + " <-> " + AddressText.of(remote);
    }
}
