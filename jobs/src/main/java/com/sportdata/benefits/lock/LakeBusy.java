package com.sportdata.benefits.lock;

/** Another process holds the lake's writer lock: exit code 3, the message names the holder. */
public final class LakeBusy extends RuntimeException {
    private final LakeLock.Holder holder;

    public LakeBusy(String message, LakeLock.Holder holder) {
        super(message);
        this.holder = holder;
    }

    public LakeLock.Holder holder() {
        return holder;
    }
}
