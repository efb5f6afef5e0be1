package com.sportdata.benefits.lock;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/** Where a lake's lock lives and the few operations the lock needs from it. */
interface LockMedium {
    /** Creates the lock with this content unless it exists; true when this caller now holds it. */
    boolean createExclusive(byte[] content) throws IOException;

    /** The lock's content, empty when there is no lock. */
    Optional<byte[]> read() throws IOException;

    /** Replaces the content of a lock this caller holds; a reader sees the old or the new content, never a mix. */
    void replace(byte[] content) throws IOException;

    /** Removes the lock; true when there was one. */
    boolean delete() throws IOException;

    /** Creates the takeover guard unless it exists (see {@link LakeLock}); true when this caller made it. */
    boolean createGuard() throws IOException;

    /** When the takeover guard was made, if there is one. */
    Optional<Instant> guardCreated() throws IOException;

    void deleteGuard() throws IOException;
}
