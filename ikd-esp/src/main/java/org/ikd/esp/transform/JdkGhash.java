package org.ikd.esp.transform;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import org.ikd.esp.packet.NetworkOrder;

/**
 * GHASH by SunJCE's own {@code com.sun.crypto.provider.GHASH}, whose block loop HotSpot replaces
 * with a carry-less-multiply (PCLMULQDQ) intrinsic: ~0.2 us for 1,400 bytes where
 * {@link TableGhash} takes ~9 us. The JCA offers no GHASH and its GCM cannot be re-keyed with a
 * new nonce without allocating (see {@link GcmEsp}), so the class is reached through a private
 * lookup, which works only when java.base opens {@code com.sun.crypto.provider} to us
 * ({@code --add-opens}, in conf/jvm.options and the ikd-esp test JVMs). Its 128-bit state is a
 * {@code long[2]} (high, low) that we read and zero ourselves, so nothing allocates per call.
 * At class load, a known answer computed by {@link TableGhash} must match, or it stays unused.
 */
final class JdkGhash implements Ghash {
    private static final MethodHandle NEW;
    private static final MethodHandle UPDATE;
    private static final VarHandle STATE;
    static final boolean AVAILABLE;

    static {
        MethodHandle create = null;
        MethodHandle update = null;
        VarHandle state = null;
        try {
            Class<?> c = Class.forName("com.sun.crypto.provider.GHASH");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
            create = lookup.findConstructor(c, MethodType.methodType(void.class, byte[].class))
                    .asType(MethodType.methodType(Object.class, byte[].class));
            update = lookup.findVirtual(c, "update", MethodType.methodType(int.class, byte[].class, int.class, int.class))
                    .asType(MethodType.methodType(int.class, Object.class, byte[].class, int.class, int.class));
            state = lookup.findVarHandle(c, "state", long[].class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            create = null;                          // not opened to us, or another JDK's internals
        }
        NEW = create;
        UPDATE = update;
        STATE = state;
        AVAILABLE = create != null && agreesWithTables();
    }

    private final Object ghash;
    private final long[] state;
    private final byte[] partial = new byte[16];

    JdkGhash(byte[] h) {
        try {
            this.ghash = NEW.invokeExact(h);
        } catch (Throwable e) {
            throw new IllegalStateException("SunJCE's GHASH refused a 16-byte subkey", e);   // a bug
        }
        this.state = (long[]) STATE.get(ghash);
    }

    @Override
    public void reset() {
        state[0] = 0;
        state[1] = 0;
    }

    @Override
    public void update(byte[] b, int off, int length) {
        int whole = length & ~15;
        if (whole > 0) blocks(b, off, whole);
        int rest = length & 15;
        if (rest == 0) return;
        System.arraycopy(b, off + whole, partial, 0, rest);
        Arrays.fill(partial, rest, 16, (byte) 0);
        blocks(partial, 0, 16);
    }

    @Override
    public void finish(long aadBytes, long textBytes, byte[] out, int outOff) {
        NetworkOrder.put64(partial, 0, aadBytes << 3);
        NetworkOrder.put64(partial, 8, textBytes << 3);
        blocks(partial, 0, 16);
        NetworkOrder.put64(out, outOff, state[0]);
        NetworkOrder.put64(out, outOff + 8, state[1]);
    }

    private void blocks(byte[] b, int off, int length) {
        try {
            int n = (int) UPDATE.invokeExact(ghash, b, off, length);
        } catch (Throwable e) {
            throw new IllegalStateException("SunJCE's GHASH refused whole blocks", e);   // a bug, not input
        }
    }

    /** One message of 3 blocks and a tail under an arbitrary H, through both implementations. */
    private static boolean agreesWithTables() {
        try {
            byte[] h = new byte[16];
            byte[] text = new byte[61];
            for (int i = 0; i < 16; i++) h[i] = (byte) (0x5b * i + 0x3d);
            for (int i = 0; i < text.length; i++) text[i] = (byte) (0x71 * i + 0x11);
            byte[] ours = new byte[16];
            byte[] theirs = new byte[16];
            Ghash table = new TableGhash(h, 0);
            Ghash jdk = new JdkGhash(h);
            for (Ghash g : new Ghash[] {table, jdk}) {
                g.reset();
                g.update(text, 0, 12);
                g.update(text, 12, text.length - 12);
                g.finish(12, text.length - 12, g == table ? ours : theirs, 0);
            }
            return EspTrailer.equal(ours, 0, theirs, 0, 16);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
