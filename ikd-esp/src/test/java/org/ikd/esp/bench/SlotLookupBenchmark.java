package org.ikd.esp.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How a pump finds its per-SA JCA objects: ikd's slot array in each SA (one acquire-read by the
 * pump's index) versus a ThreadLocal per SA (a hash probe into the thread's map). {@code sas} SAs
 * are visited round-robin, as a pump serving many tunnels would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SlotLookupBenchmark {
    @Param({"1", "1000"})
    public int sas;

    private AtomicReferenceArray<Object>[] slots;
    private ThreadLocal<Object>[] locals;
    private int next;
    private final int slot = 3;

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() {
        slots = new AtomicReferenceArray[sas];
        locals = new ThreadLocal[sas];
        for (int i = 0; i < sas; i++) {
            slots[i] = new AtomicReferenceArray<>(16);
            slots[i].set(slot, new Object());
            Object o = new Object();
            locals[i] = ThreadLocal.withInitial(() -> o);
            locals[i].get();
        }
    }

    @Benchmark
    public Object slotArray() {
        int i = next++ % sas;
        return slots[i].get(slot);
    }

    @Benchmark
    public Object threadLocal() {
        int i = next++ % sas;
        return locals[i].get();
    }
}
