package org.ikd.esp.packet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Big-endian (network order) reads and writes on byte arrays, without bounds beyond the JVM's own. */
public final class NetworkOrder {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private NetworkOrder() {}

    public static int u8(byte[] b, int o) {
        return b[o] & 0xff;
    }

    public static int u16(byte[] b, int o) {
        return (short) SHORT.get(b, o) & 0xffff;
    }

    public static void put16(byte[] b, int o, int v) {
        SHORT.set(b, o, (short) v);
    }

    public static int i32(byte[] b, int o) {
        return (int) INT.get(b, o);
    }

    public static long u32(byte[] b, int o) {
        return i32(b, o) & 0xffffffffL;
    }

    public static void put32(byte[] b, int o, int v) {
        INT.set(b, o, v);
    }

    public static long i64(byte[] b, int o) {
        return (long) LONG.get(b, o);
    }

    public static void put64(byte[] b, int o, long v) {
        LONG.set(b, o, v);
    }
}
