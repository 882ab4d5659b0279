package org.hvref.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Guest physical memory of {@code pages} 4 KiB pages, addressed by guest physical address (GPA) {@code 0 ..
 * pages*4096}; every access is bounds-checked and throws {@link GuestMemoryException} instead of touching
 * anything outside.
 *
 * <p>Backed by one {@link ByteBuffer}: on the Java heap ({@link #heap}), off-heap ({@link #direct}) or a memory-mapped
 * file that another process can map too ({@link #mapped}). All multi-byte accesses are little-endian (the VMBus wire
 * order) through {@link MethodHandles#byteBufferViewVarHandle} views with an explicit {@link ByteOrder#LITTLE_ENDIAN}.
 * Only absolute accesses are used, so any number of threads may access the memory concurrently; the ordering of
 * their accesses is governed by the acquire/release/volatile accessors and {@link VarHandle#fullFence()}.
 *
 * <p>Heap memory and atomic modes: JDK 17–21 support acquire/release/volatile {@code VarHandle} modes on heap
 * {@code ByteBuffer} views; newer JDKs (verified on 25) refuse them ("Atomic access not supported for heap
 * buffer"). Where they are refused, heap memory performs the same accesses as an aligned plain 32-bit access
 * bracketed by {@link VarHandle#acquireFence()}, {@link VarHandle#releaseFence()} or {@link VarHandle#fullFence()}
 * (the fence placement that gives the access mode's ordering); direct and mapped memory always use the
 * {@code VarHandle} modes. {@link #heapAtomicsNative()} tells which applies.
 *
 * <p>The size is limited to {@link #MAX_PAGES} pages (one {@code ByteBuffer}). {@link #close()} must only be called
 * once no other thread uses the memory; afterwards every access throws {@link IllegalStateException}.
 */
public final class GuestMemory implements AutoCloseable {
    /** Size of a guest page in bytes (vmbus-core.md §6.1: ring and GPADL pages are 4 KiB; x86 page size). */
    public static final int PAGE_SIZE = 4096;
    /** log2 of {@link #PAGE_SIZE}: {@code gpa = gpn << PAGE_SHIFT}. */
    public static final int PAGE_SHIFT = 12;
    /** Largest supported number of pages (the memory is a single {@link ByteBuffer}, at most 2 GiB - 4 KiB). */
    public static final int MAX_PAGES = Integer.MAX_VALUE / PAGE_SIZE;

    private static final VarHandle SHORT = MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Whether this JVM supports VarHandle atomic access modes on heap ByteBuffer views (JDK &lt; 22 does). */
    private static final boolean HEAP_ATOMICS = probeHeapAtomics();

    private final ByteBuffer buffer;
    /** True if atomic modes must be emulated with plain access and fences (heap buffer on a newer JDK). */
    private final boolean fencedAtomics;
    private final int pages;
    private final FileChannel channel;
    private final String kind;
    /** Serialises read-modify-write operations when atomic modes are emulated ({@link #fencedAtomics}). */
    private final Object rmwLock = new Object();
    /** Accessible size in bytes; set to 0 by {@link #close()} so every later bounds check fails. */
    private long size;
    private boolean closed;

    private GuestMemory(ByteBuffer buffer, int pages, FileChannel channel, String kind) {
        this.buffer = buffer.order(ByteOrder.LITTLE_ENDIAN);
        this.fencedAtomics = !buffer.isDirect() && !HEAP_ATOMICS;
        this.pages = pages;
        this.channel = channel;
        this.kind = kind;
        this.size = (long) pages * PAGE_SIZE;
    }

    /**
     * Guest memory on the Java heap, zero-filled.
     *
     * @param pages number of 4 KiB pages, 1..{@link #MAX_PAGES}
     * @return the memory
     */
    public static GuestMemory heap(int pages) {
        checkPages(pages);
        return new GuestMemory(ByteBuffer.allocate(pages * PAGE_SIZE), pages, null, "heap");
    }

    /**
     * Guest memory off the Java heap ({@link ByteBuffer#allocateDirect}), zero-filled.
     *
     * @param pages number of 4 KiB pages, 1..{@link #MAX_PAGES}
     * @return the memory
     */
    public static GuestMemory direct(int pages) {
        checkPages(pages);
        return new GuestMemory(ByteBuffer.allocateDirect(pages * PAGE_SIZE), pages, null, "direct");
    }

    /**
     * Guest memory mapped from {@code file} ({@link FileChannel#map}, shared), so another process mapping the same
     * file sees the same bytes. The file is created if missing and extended (with zeros) if shorter than {@code
     * pages * 4096} bytes; a longer file keeps its length and only its first {@code pages} pages are mapped.
     *
     * @param file  the backing file
     * @param pages number of 4 KiB pages, 1..{@link #MAX_PAGES}
     * @return the memory
     * @throws UncheckedIOException if the file cannot be opened, extended or mapped
     */
    public static GuestMemory mapped(Path file, int pages) {
        Objects.requireNonNull(file, "file");
        checkPages(pages);
        long length = (long) pages * PAGE_SIZE;
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (ch.size() < length) {
                ch.write(ByteBuffer.wrap(new byte[1]), length - 1);
            }
            ByteBuffer mapped = ch.map(FileChannel.MapMode.READ_WRITE, 0, length);
            return new GuestMemory(mapped, pages, ch, "mapped " + file);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new UncheckedIOException("cannot map guest memory file: " + file, e);
        }
    }

    private static boolean probeHeapAtomics() {
        try {
            INT.setRelease(ByteBuffer.allocate(8), 0, 0);
            return true;
        } catch (IllegalStateException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * @return whether heap memory uses the {@code VarHandle} acquire/release/volatile modes directly on this JVM
     *     (false: they are emulated with plain aligned access and fences, see the class comment)
     */
    public static boolean heapAtomicsNative() {
        return HEAP_ATOMICS;
    }

    private static void checkPages(int pages) {
        if (pages < 1 || pages > MAX_PAGES) {
            throw new IllegalArgumentException("pages: " + pages + " (expected: 1.." + MAX_PAGES + ")");
        }
    }

    /** @return number of 4 KiB pages */
    public int pages() {
        return pages;
    }

    /** @return size in bytes ({@code pages * 4096}); 0 after {@link #close()} */
    public long size() {
        return size;
    }

    /**
     * Checks that {@code [gpa, gpa + length)} lies inside guest memory.
     *
     * @param gpa    first guest physical address
     * @param length number of bytes (≥ 0)
     * @throws GuestMemoryException if the range is not inside guest memory
     */
    public void checkRange(long gpa, long length) {
        if (gpa < 0 || length < 0 || gpa > size - length) {
            throw outOfRange(gpa, length);
        }
    }

    private RuntimeException outOfRange(long gpa, long length) {
        if (closed) {
            return new IllegalStateException("guest memory closed: " + kind);
        }
        return new GuestMemoryException(GuestMemoryError.OUT_OF_RANGE,
            "gpa range: " + hex(gpa) + "+" + length + " (expected: within 0x0.." + hex(size) + ")");
    }

    private int index(long gpa, int length) {
        if (gpa < 0 || gpa > size - length) {
            throw outOfRange(gpa, length);
        }
        return (int) gpa;
    }

    private int alignedIndex(long gpa, int length) {
        int i = index(gpa, length);
        if ((i & (length - 1)) != 0) {
            throw new GuestMemoryException(GuestMemoryError.MISALIGNED,
                "gpa alignment: " + hex(gpa) + " (expected: multiple of " + length + ")");
        }
        return i;
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** @param gpa address @return the byte at {@code gpa} */
    public byte getByte(long gpa) {
        return buffer.get(index(gpa, 1));
    }

    /** @param gpa address @param value byte to store at {@code gpa} */
    public void putByte(long gpa, byte value) {
        buffer.put(index(gpa, 1), value);
    }

    /** @param gpa address @return little-endian 16-bit value at {@code gpa} (plain access, any alignment) */
    public short getShort(long gpa) {
        return (short) SHORT.get(buffer, index(gpa, 2));
    }

    /** @param gpa address @param value little-endian 16-bit value to store (plain access, any alignment) */
    public void putShort(long gpa, short value) {
        SHORT.set(buffer, index(gpa, 2), value);
    }

    /** @param gpa address @return little-endian 32-bit value at {@code gpa} (plain access, any alignment) */
    public int getInt(long gpa) {
        return (int) INT.get(buffer, index(gpa, 4));
    }

    /** @param gpa address @param value little-endian 32-bit value to store (plain access, any alignment) */
    public void putInt(long gpa, int value) {
        INT.set(buffer, index(gpa, 4), value);
    }

    /** @param gpa address @return little-endian 64-bit value at {@code gpa} (plain access, any alignment) */
    public long getLong(long gpa) {
        return (long) LONG.get(buffer, index(gpa, 8));
    }

    /** @param gpa address @param value little-endian 64-bit value to store (plain access, any alignment) */
    public void putLong(long gpa, long value) {
        LONG.set(buffer, index(gpa, 8), value);
    }

    /**
     * Load-acquire of a 32-bit value: later loads and stores of this thread are not reordered before it.
     *
     * @param gpa address, a multiple of 4
     * @return the value
     */
    public int getIntAcquire(long gpa) {
        int i = alignedIndex(gpa, 4);
        if (fencedAtomics) {
            int v = (int) INT.get(buffer, i);
            VarHandle.acquireFence();
            return v;
        }
        return (int) INT.getAcquire(buffer, i);
    }

    /**
     * Store-release of a 32-bit value: earlier loads and stores of this thread are not reordered after it.
     *
     * @param gpa   address, a multiple of 4
     * @param value the value
     */
    public void putIntRelease(long gpa, int value) {
        int i = alignedIndex(gpa, 4);
        if (fencedAtomics) {
            VarHandle.releaseFence();
            INT.set(buffer, i, value);
            return;
        }
        INT.setRelease(buffer, i, value);
    }

    /**
     * Volatile (sequentially consistent) load of a 32-bit value.
     *
     * @param gpa address, a multiple of 4
     * @return the value
     */
    public int getIntVolatile(long gpa) {
        int i = alignedIndex(gpa, 4);
        if (fencedAtomics) {
            VarHandle.fullFence();
            int v = (int) INT.get(buffer, i);
            VarHandle.fullFence();
            return v;
        }
        return (int) INT.getVolatile(buffer, i);
    }

    /**
     * Volatile (sequentially consistent) store of a 32-bit value.
     *
     * @param gpa   address, a multiple of 4
     * @param value the value
     */
    public void putIntVolatile(long gpa, int value) {
        int i = alignedIndex(gpa, 4);
        if (fencedAtomics) {
            VarHandle.fullFence();
            INT.set(buffer, i, value);
            VarHandle.fullFence();
            return;
        }
        INT.setVolatile(buffer, i, value);
    }

    /**
     * Atomic compare-and-set of a 32-bit value (volatile semantics, a full barrier).
     *
     * <p>On heap memory whose JVM refuses atomic modes the read-modify-write operations ({@code compareAndSetInt},
     * {@code getAndSetInt}, {@code getAndBitwiseOrInt}) hold one lock per memory, so they are atomic with respect to
     * each other but not with respect to plain or release stores to the same word.
     *
     * @param gpa      address, a multiple of 4
     * @param expected the value the word must hold
     * @param value    the new value
     * @return whether the word held {@code expected} and now holds {@code value}
     */
    public boolean compareAndSetInt(long gpa, int expected, int value) {
        int i = alignedIndex(gpa, 4);
        if (fencedAtomics) {
            synchronized (rmwLock) {
                VarHandle.fullFence();
                boolean hit = (int) INT.get(buffer, i) == expected;
                if (hit) {
                    INT.set(buffer, i, value);
                }
                VarHandle.fullFence();
                return hit;
            }
        }
        return INT.compareAndSet(buffer, i, expected, value);
    }

    /**
     * Atomic exchange of a 32-bit value (volatile semantics).
     *
     * @param gpa   address, a multiple of 4
     * @param value the new value
     * @return the previous value
     */
    public int getAndSetInt(long gpa, int value) {
        int i = alignedIndex(gpa, 4);
        if (fencedAtomics) {
            synchronized (rmwLock) {
                VarHandle.fullFence();
                int old = (int) INT.get(buffer, i);
                INT.set(buffer, i, value);
                VarHandle.fullFence();
                return old;
            }
        }
        return (int) INT.getAndSet(buffer, i, value);
    }

    /**
     * Atomic bitwise OR into a 32-bit value (volatile semantics), e.g. to set an event flag.
     *
     * @param gpa  address, a multiple of 4
     * @param bits the bits to set
     * @return the previous value
     */
    public int getAndBitwiseOrInt(long gpa, int bits) {
        int i = alignedIndex(gpa, 4);
        if (fencedAtomics) {
            synchronized (rmwLock) {
                VarHandle.fullFence();
                int old = (int) INT.get(buffer, i);
                INT.set(buffer, i, old | bits);
                VarHandle.fullFence();
                return old;
            }
        }
        return (int) INT.getAndBitwiseOr(buffer, i, bits);
    }

    /**
     * Atomic bitwise AND into a 32-bit value (volatile semantics), e.g. to clear one event flag.
     *
     * @param gpa  address, a multiple of 4
     * @param bits the bits to keep
     * @return the previous value
     */
    public int getAndBitwiseAndInt(long gpa, int bits) {
        int i = alignedIndex(gpa, 4);
        if (fencedAtomics) {
            synchronized (rmwLock) {
                VarHandle.fullFence();
                int old = (int) INT.get(buffer, i);
                INT.set(buffer, i, old & bits);
                VarHandle.fullFence();
                return old;
            }
        }
        return (int) INT.getAndBitwiseAnd(buffer, i, bits);
    }

    /**
     * Copies {@code length} bytes from guest memory at {@code gpa} into {@code dst[offset..]}.
     *
     * @param gpa    source address
     * @param dst    destination array
     * @param offset first index in {@code dst}
     * @param length number of bytes
     */
    public void read(long gpa, byte[] dst, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, dst.length);
        buffer.get(index(gpa, length), dst, offset, length);
    }

    /**
     * Copies {@code dst.remaining()} bytes from guest memory at {@code gpa} into {@code dst}, advancing its position.
     *
     * @param gpa source address
     * @param dst destination buffer
     */
    public void read(long gpa, ByteBuffer dst) {
        int length = dst.remaining();
        int position = dst.position();
        dst.put(position, buffer, index(gpa, length), length);
        dst.position(position + length);
    }

    /**
     * Copies {@code src[offset..offset+length)} into guest memory at {@code gpa}.
     *
     * @param gpa    destination address
     * @param src    source array
     * @param offset first index in {@code src}
     * @param length number of bytes
     */
    public void write(long gpa, byte[] src, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, src.length);
        buffer.put(index(gpa, length), src, offset, length);
    }

    /**
     * Copies {@code src.remaining()} bytes from {@code src} into guest memory at {@code gpa}, advancing its position.
     *
     * @param gpa destination address
     * @param src source buffer
     */
    public void write(long gpa, ByteBuffer src) {
        int length = src.remaining();
        int position = src.position();
        buffer.put(index(gpa, length), src, position, length);
        src.position(position + length);
    }

    /**
     * Sets {@code length} bytes at {@code gpa} to {@code value}.
     *
     * @param gpa    first address
     * @param length number of bytes
     * @param value  fill byte
     */
    public void fill(long gpa, long length, byte value) {
        checkRange(gpa, length);
        int i = (int) gpa;
        int end = (int) (gpa + length);
        long word = (value & 0xFFL) * 0x0101010101010101L;
        while (i < end && (i & 7) != 0) {
            buffer.put(i++, value);
        }
        while (end - i >= 8) {
            LONG.set(buffer, i, word);
            i += 8;
        }
        while (i < end) {
            buffer.put(i++, value);
        }
    }

    /**
     * A little-endian view of {@code [gpa, gpa + length)} sharing the guest memory (no copy), e.g. to hand a region
     * to another API. The view stays usable after {@link #close()}, so do not keep it beyond the memory's life.
     *
     * @param gpa    first address
     * @param length number of bytes
     * @return a view with position 0 and limit {@code length}
     */
    public ByteBuffer slice(long gpa, int length) {
        int i = index(gpa, length);
        return buffer.slice(i, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes mapped memory back to its file ({@link java.nio.MappedByteBuffer#force()}); no-op otherwise. */
    public void force() {
        if (buffer instanceof java.nio.MappedByteBuffer && !closed) {
            ((java.nio.MappedByteBuffer) buffer).force();
        }
    }

    /**
     * Releases the memory: closes the file channel of mapped memory (the mapping itself is released by the garbage
     * collector) and makes every later access throw {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        size = 0;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close guest memory file", e);
            }
        }
    }

    @Override
    public String toString() {
        return "GuestMemory[" + kind + ", pages=" + pages + (closed ? ", closed" : "") + "]";
    }
}
