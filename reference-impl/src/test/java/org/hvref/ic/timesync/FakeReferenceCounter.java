package org.hvref.ic.timesync;

/** A settable {@link ReferenceCounter}. */
final class FakeReferenceCounter implements ReferenceCounter {
    long value;

    FakeReferenceCounter(long value) {
        this.value = value;
    }

    @Override
    public long read() {
        return value;
    }
}
