package org.hvref.ic.filecopy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;

/**
 * The two steps of COMPLETE that make a copy durable and then visible, which {@link FileCopyGuestSession} performs
 * in this order: force the temporary file to disk, then rename it atomically over the target name (issue 4 file
 * copy; spec ic/FileCopy.tla {@code FinalVisibleOnlyWholeInv}). Injectable so that tests can observe the order or make
 * a step fail; {@link #SYSTEM} is the real file system.
 */
public interface FileCopyCommitSteps {

    /** The real steps: {@link FileChannel#force(boolean) force(true)}, then {@link SecureDirectoryStream#move}. */
    FileCopyCommitSteps SYSTEM = new FileCopyCommitSteps() {
        @Override
        public void force(FileChannel temp) throws IOException {
            temp.force(true);
        }

        @Override
        public void rename(SecureDirectoryStream<Path> directory, Path tempName, Path targetName) throws IOException {
            directory.move(tempName, directory, targetName);
        }
    };

    /**
     * Forces the temporary file's data and metadata to disk.
     *
     * @param temp the open temporary file
     * @throws IOException if the data cannot be made durable (the copy is then refused and removed)
     */
    void force(FileChannel temp) throws IOException;

    /**
     * Renames the (forced, closed) temporary file over the target name in the same directory.
     *
     * @param directory  handle of the target directory
     * @param tempName   the temporary file's name in it
     * @param targetName the target name in it
     * @throws IOException if the rename fails (the copy is then refused and removed)
     */
    void rename(SecureDirectoryStream<Path> directory, Path tempName, Path targetName) throws IOException;
}
