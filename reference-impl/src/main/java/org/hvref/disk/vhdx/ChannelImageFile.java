package org.hvref.disk.vhdx;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import org.hvref.disk.ImageFiles;

/** An {@link ImageFile} on a real file through a {@link FileChannel}. */
public final class ChannelImageFile implements ImageFile {
    private final RandomAccessFile file;
    private final FileChannel channel;

    private ChannelImageFile(RandomAccessFile file) {
        this.file = file;
        this.channel = file.getChannel();
    }

    /**
     * Opens an existing file.
     *
     * @param path     the file
     * @param readOnly whether to open it read-only
     * @return the open file
     * @throws IOException if it cannot be opened
     */
    public static ChannelImageFile open(Path path, boolean readOnly) throws IOException {
        return new ChannelImageFile(new RandomAccessFile(path.toFile(), readOnly ? "r" : "rw"));
    }

    @Override
    public void read(long position, byte[] dst, int dstOff, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(dst, dstOff, length);
        long pos = position;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos);
            if (n < 0) {
                Arrays.fill(dst, buf.position(), dstOff + length, (byte) 0);
                return;
            }
            pos += n;
        }
    }

    @Override
    public void write(long position, byte[] src, int srcOff, int length) throws IOException {
        ImageFiles.write(channel, position, src, srcOff, length);
    }

    @Override
    public long length() throws IOException {
        return channel.size();
    }

    @Override
    public void setLength(long length) throws IOException {
        file.setLength(length);
    }

    @Override
    public void sync() throws IOException {
        channel.force(true);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
