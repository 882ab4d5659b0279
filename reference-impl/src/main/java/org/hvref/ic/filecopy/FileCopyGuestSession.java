package org.hvref.ic.filecopy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hvref.ic.filecopy.FileCopyMessage.CancelFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.CompleteFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.StartFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.WriteToFile;
import org.hvref.trace.SpecAction;
import org.hvref.trace.SpecTracer;
import org.hvref.wire.ProtocolException;

/**
 * The guest file-copy daemon (hvfilecopyd behaviour, devices-ic-input-video.md §5.2, §5.4, §11.4), hardened: it
 * writes only under the configured root, refuses {@code ..}, absolute paths, symbolic links anywhere in the path,
 * NUL and invalid UTF-16, never replaces a file without OVER_WRITE, creates directories only with CREATE_PATH, writes
 * into a temporary file in the target directory and on COMPLETE forces it to disk and renames it atomically. After
 * CANCEL, any refusal while a copy is open, or {@link #abandon()} nothing of the copy remains (neither the temporary
 * file nor directories it created). Sans-IO towards the host: a decoded message in, a {@link FileCopyReply} out.
 * Not thread-safe: one channel, one request outstanding.
 */
public final class FileCopyGuestSession implements AutoCloseable {
    /** Spec module whose actions this class performs. */
    public static final String SPEC = "FileCopy";
    private static final String TEMP_PREFIX = ".hvref-fcopy-";
    private static final String TEMP_SUFFIX = ".part";

    private final Path root;
    private final long maxFileSize;
    private final SpecTracer tracer;
    private OpenCopy open;

    /** The copy in progress. */
    private static final class OpenCopy {
        final Path directory;
        final Path target;
        final Path temp;
        final FileChannel channel;
        final long declaredSize;
        final boolean overwrite;
        final List<Path> createdDirectories;
        long written;

        OpenCopy(Path directory, Path target, Path temp, FileChannel channel, long declaredSize, boolean overwrite,
                List<Path> createdDirectories) {
            this.directory = directory;
            this.target = target;
            this.temp = temp;
            this.channel = channel;
            this.declaredSize = declaredSize;
            this.overwrite = overwrite;
            this.createdDirectories = createdDirectories;
        }
    }

    /**
     * Creates an idle session.
     *
     * @param config the root and limits
     * @param tracer receives one event per spec action ({@link SpecTracer#OFF} for none)
     * @throws UncheckedIOException if the root does not exist or is not a directory
     */
    public FileCopyGuestSession(FileCopyGuestConfig config, SpecTracer tracer) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        try {
            this.root = config.root().toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("guest root: " + config.root() + " (expected: an existing directory)", e);
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("guest root: " + root + " (expected: a directory)");
        }
        this.maxFileSize = config.maxFileSize();
    }

    /**
     * Creates an idle, untraced session without a size limit.
     *
     * @param root the root directory
     */
    public FileCopyGuestSession(Path root) {
        this(FileCopyGuestConfig.of(root), SpecTracer.OFF);
    }

    /** @return the resolved root directory */
    public Path root() {
        return root;
    }

    /** @return whether a copy is in progress (between a successful START and COMPLETE, CANCEL or a refusal) */
    public boolean isOpen() {
        return open != null;
    }

    /**
     * Decodes a message body (after the IC header) and handles it; an undecodable body is answered E_FAIL and
     * abandons the copy in progress.
     *
     * @param body the body bytes from position to limit
     * @return the reply
     */
    @SpecAction(spec = SPEC, value = "GuestReject")
    public FileCopyReply handleBody(ByteBuffer body) {
        FileCopyMessage message;
        try {
            message = FileCopyMessageCodec.decode(body);
        } catch (MalformedFileCopyMessageException e) {
            discardOpenCopy();
            trace("GuestReject", "op", "malformed", "status", FileCopyStatus.E_FAIL);
            return FileCopyReply.failed(FileCopyStatus.E_FAIL, e);
        }
        return handle(message);
    }

    /**
     * Handles one decoded request.
     *
     * @param message the request
     * @return the reply (status for the IC header)
     */
    public FileCopyReply handle(FileCopyMessage message) {
        Objects.requireNonNull(message, "message");
        if (message instanceof StartFileCopy s) {
            return handleStart(s);
        }
        if (message instanceof WriteToFile w) {
            return handleWrite(w);
        }
        if (message instanceof CompleteFileCopy) {
            return handleComplete();
        }
        if (message instanceof CancelFileCopy) {
            return handleCancel();
        }
        throw new AssertionError("unreachable: " + message);
    }

    @SpecAction(spec = SPEC, value = "GuestStartOk")
    @SpecAction(spec = SPEC, value = "GuestReject")
    private FileCopyReply handleStart(StartFileCopy s) {
        if (open != null) {
            discardOpenCopy();
            return reject("start", new FileCopyRejectedException(FileCopyRejection.SESSION_ACTIVE,
                    "fcopy start: copy in progress (expected: idle)"));
        }
        List<Path> created = new ArrayList<>();
        try {
            checkName("file_name", s.fileName());
            List<String> components = pathComponents(s.pathName());
            if (s.fileSize() > maxFileSize) {
                throw new FileCopyRejectedException(FileCopyRejection.TOO_LARGE,
                        "fcopy start file_size: " + s.fileSize() + " (expected: <= " + maxFileSize + ")");
            }
            Path directory = walkDirectories(components, FileCopyFlags.createPath(s.flags()), created);
            Path target = directory.resolve(s.fileName());
            boolean overwrite = FileCopyFlags.overwrite(s.flags());
            checkTarget(target, overwrite);
            long usable = Files.getFileStore(directory).getUsableSpace();
            if (s.fileSize() > usable) {
                throw new FileCopyRejectedException(FileCopyRejection.TOO_LARGE,
                        "fcopy start file_size: " + s.fileSize() + " (expected: <= " + usable + " free bytes)");
            }
            Path temp = Files.createTempFile(directory, TEMP_PREFIX, TEMP_SUFFIX);
            FileChannel channel;
            try {
                channel = FileChannel.open(temp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
            open = new OpenCopy(directory, target, temp, channel, s.fileSize(), overwrite, created);
            trace("GuestStartOk", "ow", overwrite, "size", s.fileSize());
            return FileCopyReply.OK;
        } catch (FileCopyRejectedException e) {
            removeDirectories(created);
            return reject("start", e);
        } catch (IOException | RuntimeException e) {
            removeDirectories(created);
            return reject("start", ioFailure("fcopy start", e));
        }
    }

    @SpecAction(spec = SPEC, value = "GuestWrite")
    @SpecAction(spec = SPEC, value = "GuestReject")
    private FileCopyReply handleWrite(WriteToFile w) {
        OpenCopy c = open;
        if (c == null) {
            return reject("write", new FileCopyRejectedException(FileCopyRejection.NO_SESSION,
                    "fcopy write: no copy in progress (expected: after a successful start)"));
        }
        FileCopyRejectedException refusal = null;
        if (w.offset() != c.written) {
            refusal = new FileCopyRejectedException(FileCopyRejection.OUT_OF_ORDER_WRITE,
                    "fcopy write offset: " + w.offset() + " (expected: " + c.written + ")");
        } else if (w.size() > c.declaredSize - c.written) {
            refusal = new FileCopyRejectedException(FileCopyRejection.WRITE_PAST_SIZE,
                    "fcopy write end: " + (w.offset() + w.size()) + " (expected: <= " + c.declaredSize + ")");
        } else {
            try {
                ByteBuffer data = ByteBuffer.wrap(w.data());
                long position = w.offset();
                while (data.hasRemaining()) {
                    position += c.channel.write(data, position);
                }
                c.written = position;
            } catch (IOException | RuntimeException e) {
                refusal = ioFailure("fcopy write", e);
            }
        }
        if (refusal != null) {
            discardOpenCopy();
            return reject("write", refusal);
        }
        trace("GuestWrite", "off", w.offset(), "len", w.size());
        return FileCopyReply.OK;
    }

    @SpecAction(spec = SPEC, value = "GuestComplete")
    @SpecAction(spec = SPEC, value = "GuestReject")
    private FileCopyReply handleComplete() {
        OpenCopy c = open;
        if (c == null) {
            return reject("complete", new FileCopyRejectedException(FileCopyRejection.NO_SESSION,
                    "fcopy complete: no copy in progress (expected: after a successful start)"));
        }
        try {
            if (c.written != c.declaredSize) {
                throw new FileCopyRejectedException(FileCopyRejection.INCOMPLETE,
                        "fcopy complete: " + c.written + " bytes written (expected: " + c.declaredSize + ")");
            }
            c.channel.force(true);
            c.channel.close();
            recheckDirectory(c.directory);
            checkTarget(c.target, c.overwrite);
            setReadableByAll(c.temp);
            Files.move(c.temp, c.target, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(c.directory);
        } catch (FileCopyRejectedException e) {
            discardOpenCopy();
            return reject("complete", e);
        } catch (IOException | RuntimeException e) {
            discardOpenCopy();
            return reject("complete", ioFailure("fcopy complete", e));
        }
        open = null;
        trace("GuestComplete", "size", c.declaredSize);
        return FileCopyReply.OK;
    }

    @SpecAction(spec = SPEC, value = "GuestCancel")
    private FileCopyReply handleCancel() {
        // idle cancel is answered S_OK: the Linux daemon fix for the CANCEL faked on hibernation resume (§12.1)
        discardOpenCopy();
        trace("GuestCancel");
        return FileCopyReply.OK;
    }

    /** The host disappeared (channel closed or rescinded): the copy in progress leaves nothing behind. */
    @SpecAction(spec = SPEC, value = "GuestAbandon")
    public void abandon() {
        discardOpenCopy();
        trace("GuestAbandon");
    }

    /** Same as {@link #abandon()}. */
    @Override
    public void close() {
        abandon();
    }

    private FileCopyReply reject(String op, ProtocolException e) {
        int status = e instanceof FileCopyRejectedException r ? r.status() : FileCopyStatus.E_FAIL;
        trace("GuestReject", "op", op, "status", status);
        return FileCopyReply.failed(status, e);
    }

    private static FileCopyRejectedException ioFailure(String what, Exception e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("No space left") || message.contains("Disk quota exceeded")) {
            return new FileCopyRejectedException(FileCopyRejection.DISK_FULL,
                    what + ": " + e + " (expected: free space)", e);
        }
        return new FileCopyRejectedException(FileCopyRejection.IO_ERROR, what + ": " + e + " (expected: success)", e);
    }

    private void discardOpenCopy() {
        OpenCopy c = open;
        open = null;
        if (c == null) {
            return;
        }
        try {
            c.channel.close();
        } catch (IOException e) {
            // the file is deleted next; nothing more to do
        }
        try {
            Files.deleteIfExists(c.temp);
        } catch (IOException e) {
            // best effort: the name is a temporary one, never the target
        }
        removeDirectories(c.createdDirectories);
    }

    private static void removeDirectories(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException e) {
                return; // not empty any more (someone else wrote there): keep it and its parents
            }
        }
        created.clear();
    }

    static void checkName(String field, String name) {
        if (name.isEmpty()) {
            throw new FileCopyRejectedException(FileCopyRejection.INVALID_NAME,
                    "fcopy " + field + ": empty (expected: a name)");
        }
        if (name.equals("..")) {
            throw new FileCopyRejectedException(FileCopyRejection.PATH_TRAVERSAL,
                    "fcopy " + field + ": \"..\" (expected: no parent reference)");
        }
        if (name.equals(".")) {
            throw new FileCopyRejectedException(FileCopyRejection.INVALID_NAME,
                    "fcopy " + field + ": \".\" (expected: a name)");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == 0 || c == '/' || c == '\\') {
                throw new FileCopyRejectedException(FileCopyRejection.INVALID_NAME,
                        String.format("fcopy %s: unit 0x%04x at %d (expected: no NUL, '/' or '\\\\')", field,
                                (int) c, i));
            }
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new FileCopyRejectedException(FileCopyRejection.INVALID_NAME,
                        String.format("fcopy %s: unpaired surrogate 0x%04x at %d (expected: valid UTF-16)", field,
                                (int) c, i));
            }
        }
    }

    static List<String> pathComponents(String pathName) {
        if (pathName.startsWith("/") || pathName.startsWith("\\")
                || (pathName.length() >= 2 && pathName.charAt(1) == ':')) {
            throw new FileCopyRejectedException(FileCopyRejection.ABSOLUTE_PATH,
                    "fcopy path_name: \"" + printable(pathName) + "\" (expected: relative to the guest root)");
        }
        List<String> components = new ArrayList<>();
        for (String component : pathName.split("/", -1)) {
            if (!component.isEmpty()) {
                checkName("path_name component", component);
                components.add(component);
            }
        }
        return components;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private Path walkDirectories(List<String> components, boolean createPath, List<Path> created) throws IOException {
        Path directory = root;
        for (String component : components) {
            Path next = directory.resolve(component);
            BasicFileAttributes attributes = attributesOrNull(next);
            if (attributes == null) {
                if (!createPath) {
                    throw new FileCopyRejectedException(FileCopyRejection.PATH_NOT_FOUND,
                            "fcopy path_name: " + root.relativize(next) + " missing (expected: CREATE_PATH or an "
                                    + "existing directory)");
                }
                Files.createDirectory(next);
                created.add(next);
            } else {
                checkDirectory(next, attributes);
            }
            directory = next;
        }
        return directory;
    }

    private void checkDirectory(Path path, BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            throw new FileCopyRejectedException(FileCopyRejection.SYMLINK_IN_PATH,
                    "fcopy path_name: " + root.relativize(path) + " is a symbolic link (expected: a directory)");
        }
        if (!attributes.isDirectory()) {
            throw new FileCopyRejectedException(FileCopyRejection.NOT_A_DIRECTORY,
                    "fcopy path_name: " + root.relativize(path) + " is not a directory (expected: a directory)");
        }
    }

    private void recheckDirectory(Path directory) throws IOException {
        for (Path p = directory; !p.equals(root); p = p.getParent()) {
            BasicFileAttributes attributes = attributesOrNull(p);
            if (attributes == null) {
                throw new FileCopyRejectedException(FileCopyRejection.PATH_NOT_FOUND,
                        "fcopy complete: " + root.relativize(p) + " vanished (expected: an existing directory)");
            }
            checkDirectory(p, attributes);
        }
    }

    private void checkTarget(Path target, boolean overwrite) throws IOException {
        BasicFileAttributes attributes = attributesOrNull(target);
        if (attributes == null) {
            return;
        }
        if (attributes.isSymbolicLink()) {
            throw new FileCopyRejectedException(FileCopyRejection.SYMLINK_IN_PATH,
                    "fcopy target: " + root.relativize(target) + " is a symbolic link (expected: a regular file)");
        }
        if (attributes.isDirectory()) {
            throw new FileCopyRejectedException(FileCopyRejection.NOT_A_DIRECTORY,
                    "fcopy target: " + root.relativize(target) + " is a directory (expected: a regular file)");
        }
        if (!overwrite) {
            throw new FileCopyRejectedException(FileCopyRejection.ALREADY_EXISTS,
                    "fcopy target: " + root.relativize(target) + " exists (expected: absent or OVER_WRITE)");
        }
    }

    private static BasicFileAttributes attributesOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void setReadableByAll(Path temp) {
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException e) {
            // non-POSIX file system: keep the default permissions
        }
    }

    private static void forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (AccessDeniedException | UnsupportedOperationException e) {
            // directories cannot be opened for sync on this platform; the rename itself is atomic
        } catch (IOException e) {
            // same: durability of the directory entry is best effort
        }
    }

    private void trace(String action, Object... keyValues) {
        if (!tracer.enabled()) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            fields.put((String) keyValues[i], keyValues[i + 1]);
        }
        synchronized (tracer.lock()) {
            tracer.record(action, fields);
        }
    }
}
