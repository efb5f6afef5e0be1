package com.sportdata.benefits.lock;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The lock on a local (or POSIX) file system: the content is written to a private file first, then hard-linked to
 * the lock's name ({@code link(2)} fails if the name exists), so a reader never sees a half-written lock and two
 * processes can never both succeed; without hard links an exclusive create ({@code O_CREAT|O_EXCL}) does the same.
 * A replacement is a write to a private file moved over the lock atomically.
 */
final class LocalLockMedium implements LockMedium {
    private final Path file;
    private final Path guard;

    LocalLockMedium(Path file) {
        this.file = file;
        this.guard = file.resolveSibling(file.getFileName() + ".takeover");
    }

    @Override
    public boolean createExclusive(byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".new");
        Files.write(temp, content);
        try {
            Files.createLink(file, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException e) {
            try {
                Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException exists) {
                return false;
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public Optional<byte[]> read() throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void replace(byte[] content) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.write(temp, content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public boolean delete() throws IOException {
        return Files.deleteIfExists(file);
    }

    @Override
    public boolean createGuard() throws IOException {
        try {
            Files.createFile(guard);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    @Override
    public Optional<Instant> guardCreated() throws IOException {
        try {
            return Optional.of(Files.getLastModifiedTime(guard).toInstant());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void deleteGuard() throws IOException {
        Files.deleteIfExists(guard);
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
