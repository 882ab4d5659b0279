package org.hvref.ic.filecopy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 *
 * <p>Every file operation is relative to directory handles opened one component at a time without following links
 * ({@link SecureDirectoryStream}, i.e. openat/renameat/unlinkat), so a directory swapped for a symbolic link after
 * START cannot redirect the write, the rename or the cleanup. The one path-based step is creating a missing directory
 * (Java has no mkdirat); the new directory is then opened without following links. Requires a platform with
 * {@link SecureDirectoryStream} (Linux). Not thread-safe: one channel, one request outstanding.
 */
public final class FileCopyGuestSession implements AutoCloseable {
    /** Spec module whose actions this class performs. */
    public static final String SPEC = "FileCopy";
    /** Prefix of the temporary file names (followed by 16 random hex digits and {@code .part}). */
    public static final String TEMP_PREFIX = ".hvref-fcopy-";
    private static final String TEMP_SUFFIX = ".part";
    private static final Set<OpenOption> CREATE_TEMP = Set.of(StandardOpenOption.WRITE,
            StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS);

    private final Path root;
    private final long maxFileSize;
    private final SpecTracer tracer;
    private final FileCopyCommitSteps commit;
    private final SecureRandom random = new SecureRandom();
    private OpenCopy open;

    /** A directory created by the copy in progress: its parent handle and its name. */
    private record CreatedDirectory(SecureDirectoryStream<Path> parent, Path name) {
    }

    /** The copy in progress; owns the directory handles from the root down to the target directory. */
    private static final class OpenCopy {
        final List<SecureDirectoryStream<Path>> handles;
        final List<CreatedDirectory> created;
        final SecureDirectoryStream<Path> directory;
        final Path directoryPath;
        final Path targetName;
        final Path tempName;
        final FileChannel channel;
        final long declaredSize;
        final boolean overwrite;
        long written;

        OpenCopy(Walk walk, Path targetName, Path tempName, FileChannel channel, long declaredSize,
                boolean overwrite) {
            this.handles = walk.handles;
            this.created = walk.created;
            this.directory = walk.current();
            this.directoryPath = walk.path;
            this.targetName = targetName;
            this.tempName = tempName;
            this.channel = channel;
            this.declaredSize = declaredSize;
            this.overwrite = overwrite;
        }
    }

    /** Directory handles opened so far from the root, and the directories this walk created. */
    private static final class Walk {
        final List<SecureDirectoryStream<Path>> handles = new ArrayList<>();
        final List<CreatedDirectory> created = new ArrayList<>();
        Path path;

        SecureDirectoryStream<Path> current() {
            return handles.get(handles.size() - 1);
        }

        /** Removes the directories created (deepest first, only while empty) and closes every handle. */
        void undo() {
            for (int i = created.size() - 1; i >= 0; i--) {
                CreatedDirectory d = created.get(i);
                try {
                    d.parent().deleteDirectory(d.name());
                } catch (IOException e) {
                    break; // not empty any more (someone else wrote there): keep it and its parents
                }
            }
            created.clear();
            closeAll();
        }

        void closeAll() {
            closeHandles(handles);
        }
    }

    private static void closeHandles(List<SecureDirectoryStream<Path>> handles) {
        for (int i = handles.size() - 1; i >= 0; i--) {
            try {
                handles.get(i).close();
            } catch (IOException e) {
                // a directory handle: nothing was written through it that could be lost
            }
        }
        handles.clear();
    }

    /**
     * Creates an idle session.
     *
     * @param config the root and limits
     * @param tracer receives one event per spec action ({@link SpecTracer#OFF} for none)
     * @throws UncheckedIOException          if the root does not exist or is not a directory
     * @throws UnsupportedOperationException if the platform has no {@link SecureDirectoryStream}
     */
    public FileCopyGuestSession(FileCopyGuestConfig config, SpecTracer tracer) {
        this(config, tracer, FileCopyCommitSteps.SYSTEM);
    }

    /**
     * Creates an idle session whose COMPLETE uses the given force and rename steps (tests: observe their order,
     * inject a failure).
     *
     * @param config the root and limits
     * @param tracer receives one event per spec action ({@link SpecTracer#OFF} for none)
     * @param commit the force-then-rename steps of COMPLETE ({@link FileCopyCommitSteps#SYSTEM} normally)
     * @throws UncheckedIOException          if the root does not exist or is not a directory
     * @throws UnsupportedOperationException if the platform has no {@link SecureDirectoryStream}
     */
    public FileCopyGuestSession(FileCopyGuestConfig config, SpecTracer tracer, FileCopyCommitSteps commit) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.commit = Objects.requireNonNull(commit, "commit");
        try {
            this.root = config.root().toRealPath();
            try (DirectoryStream<Path> probe = Files.newDirectoryStream(root)) {
                if (!(probe instanceof SecureDirectoryStream)) {
                    throw new UnsupportedOperationException("guest root: " + root
                            + " (expected: a file system with SecureDirectoryStream)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("guest root: " + config.root() + " (expected: an existing directory)", e);
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
        Walk walk = new Walk();
        try {
            checkName("file_name", s.fileName());
            List<String> components = pathComponents(s.pathName());
            if (s.fileSize() > maxFileSize) {
                throw new FileCopyRejectedException(FileCopyRejection.TOO_LARGE,
                        "fcopy start file_size: " + s.fileSize() + " (expected: <= " + maxFileSize + ")");
            }
            walkDirectories(walk, components, FileCopyFlags.createPath(s.flags()));
            SecureDirectoryStream<Path> directory = walk.current();
            Path targetName = Path.of(s.fileName());
            boolean overwrite = FileCopyFlags.overwrite(s.flags());
            checkTarget(directory, walk.path, targetName, overwrite);
            long usable = Files.getFileStore(walk.path).getUsableSpace();
            if (s.fileSize() > usable) {
                throw new FileCopyRejectedException(FileCopyRejection.TOO_LARGE,
                        "fcopy start file_size: " + s.fileSize() + " (expected: <= " + usable + " free bytes)");
            }
            Path tempName = Path.of(TEMP_PREFIX + HexFormat.of().toHexDigits(random.nextLong()) + TEMP_SUFFIX);
            SeekableByteChannel channel = directory.newByteChannel(tempName, CREATE_TEMP,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            if (!(channel instanceof FileChannel fileChannel)) {
                channel.close();
                directory.deleteFile(tempName);
                throw new IOException("temporary file: " + channel.getClass().getName() + " (expected: FileChannel)");
            }
            open = new OpenCopy(walk, targetName, tempName, fileChannel, s.fileSize(), overwrite);
            trace("GuestStartOk", "ow", overwrite, "size", s.fileSize());
            return FileCopyReply.OK;
        } catch (FileCopyRejectedException e) {
            walk.undo();
            return reject("start", e);
        } catch (IOException | RuntimeException e) {
            walk.undo();
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
            commit.force(c.channel);
            c.channel.close();
            checkTarget(c.directory, c.directoryPath, c.targetName, c.overwrite);
            setReadableByAll(c.directory, c.tempName);
            commit.rename(c.directory, c.tempName, c.targetName);
            forceDirectory(c.directoryPath);
        } catch (FileCopyRejectedException e) {
            discardOpenCopy();
            return reject("complete", e);
        } catch (IOException | RuntimeException e) {
            discardOpenCopy();
            return reject("complete", ioFailure("fcopy complete", e));
        }
        open = null;
        closeHandles(c.handles);
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
            c.directory.deleteFile(c.tempName);
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            // best effort: the name is a temporary one, never the target
        }
        Walk w = new Walk();
        w.handles.addAll(c.handles);
        w.created.addAll(c.created);
        w.undo();
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

    private void walkDirectories(Walk walk, List<String> components, boolean createPath) throws IOException {
        walk.handles.add((SecureDirectoryStream<Path>) Files.newDirectoryStream(root));
        walk.path = root;
        for (String component : components) {
            Path name = Path.of(component);
            Path next = walk.path.resolve(name);
            SecureDirectoryStream<Path> parent = walk.current();
            BasicFileAttributes attributes = attributesOrNull(parent, name);
            if (attributes == null) {
                if (!createPath) {
                    throw new FileCopyRejectedException(FileCopyRejection.PATH_NOT_FOUND,
                            "fcopy path_name: " + root.relativize(next) + " missing (expected: CREATE_PATH or an "
                                    + "existing directory)");
                }
                Files.createDirectory(next);
                walk.created.add(new CreatedDirectory(parent, name));
            } else {
                checkDirectory(next, attributes);
            }
            try {
                walk.handles.add(parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS));
            } catch (IOException e) {
                BasicFileAttributes now = attributesOrNull(parent, name);
                if (now != null) {
                    checkDirectory(next, now); // swapped for a link or a file meanwhile
                }
                throw e;
            }
            walk.path = next;
        }
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

    private void checkTarget(SecureDirectoryStream<Path> directory, Path directoryPath, Path name, boolean overwrite)
            throws IOException {
        BasicFileAttributes attributes = attributesOrNull(directory, name);
        if (attributes == null) {
            return;
        }
        String shown = root.relativize(directoryPath.resolve(name)).toString();
        if (attributes.isSymbolicLink()) {
            throw new FileCopyRejectedException(FileCopyRejection.SYMLINK_IN_PATH,
                    "fcopy target: " + shown + " is a symbolic link (expected: a regular file)");
        }
        if (attributes.isDirectory()) {
            throw new FileCopyRejectedException(FileCopyRejection.NOT_A_DIRECTORY,
                    "fcopy target: " + shown + " is a directory (expected: a regular file)");
        }
        if (!overwrite) {
            throw new FileCopyRejectedException(FileCopyRejection.ALREADY_EXISTS,
                    "fcopy target: " + shown + " exists (expected: absent or OVER_WRITE)");
        }
    }

    private static BasicFileAttributes attributesOrNull(SecureDirectoryStream<Path> directory, Path name)
            throws IOException {
        try {
            return directory.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void setReadableByAll(SecureDirectoryStream<Path> directory, Path temp) {
        try {
            PosixFileAttributeView view = directory.getFileAttributeView(temp, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (view != null) {
                view.setPermissions(PosixFilePermissions.fromString("rw-r--r--"));
            }
        } catch (UnsupportedOperationException | IOException e) {
            // keep the private permissions
        }
    }

    private static void forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (UnsupportedOperationException | IOException e) {
            // durability of the directory entry is best effort; the rename itself is atomic
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
