package org.hvref.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.hvref.channel.host.WindowsHost;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.filecopy.FileCopyFlags;
import org.hvref.ic.filecopy.FileCopyOperation;
import org.hvref.ic.filecopy.FileCopyProgressPrinter;
import org.hvref.ic.filecopy.FileCopyResult;
import org.hvref.ic.filecopy.FileCopyStatus;
import org.hvref.ic.filecopy.FileCopyTarget;
import org.hvref.ic.filecopy.HostCopyState;
import org.hvref.machine.ReferenceMachine;
import org.hvref.spec.SpecFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hvref copy}: copies one host file into a guest directory over the file-copy IC service of a reference
 * machine (devices-ic-input-video.md §5), compares the SHA-256 of both files and validates the channel's
 * IcNegotiation trace and the FileCopy trace with TLC.
 */
@Command(name = "copy", mixinStandardHelpOptions = true,
        description = {"Copy HOSTFILE into the guest root over the file-copy IC service of a reference machine "
                + "(host file-copy service, guest daemon rooted at --guest-root), compare the SHA-256 of both "
                + "files and validate the IcNegotiation and FileCopy traces of the run with TLC."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:copied (and the traces accepted by TLC)",
            "1:a verdict is negative (TLC rejected a trace, the channel was lost, hashes differ)",
            "2:bad input (usage, missing host file, guest root not a directory)",
            "3:internal error (HVREF_DEBUG=1 shows the stack trace)",
            "4:the guest refused the copy (status printed, e.g. ERROR_ALREADY_EXISTS without --overwrite)"})
public final class CopyCommand implements Callable<Integer> {
    /** Files at least this large get progress lines on stderr. */
    static final long PROGRESS_MIN_BYTES = 1 << 20;
    /** Percent between two progress lines. */
    static final int PROGRESS_STEP_PERCENT = 25;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "HOSTFILE", description = "the host file to copy")
    Path hostFile;

    @CommandLine.Parameters(index = "1", paramLabel = "GUESTPATH",
            description = "target relative to the guest root: \"dir/sub/name\", or \"dir/\" to keep the host name")
    String guestPath;

    @CommandLine.Option(names = "--guest-root", paramLabel = "DIR", required = true,
            description = "the directory the guest daemon writes under (must exist)")
    Path guestRoot;

    @CommandLine.Option(names = "--overwrite", description = "replace an existing target (OVERWRITE flag)")
    boolean overwrite;

    @CommandLine.Option(names = "--create-path", description = "create missing directories (CREATE_PATH flag)")
    boolean createPath;

    @CommandLine.Option(names = "--family", paramLabel = "FAMILY", defaultValue = "linux",
            description = "guest family: linux, freebsd or mac (MacHyperVSupport) (default: ${DEFAULT-VALUE})")
    String family;

    @CommandLine.Option(names = "--host", paramLabel = "PRESET", defaultValue = "WINDOWS_SERVER_2022",
            description = "Windows host to emulate, one of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    WindowsHost host;

    @CommandLine.Option(names = "--deterministic",
            description = "run the machine in deterministic mode (one thread, the seed picks every step)")
    boolean deterministic;

    @CommandLine.Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "seed of the deterministic scheduler (default: ${DEFAULT-VALUE})")
    long seed;

    @CommandLine.Option(names = "--no-validate", description = "skip the TLC validation of the traces")
    boolean noValidate;

    @CommandLine.Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "hang guard of the machine (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() throws IOException {
        IcVersionPolicy policy = family(family);
        if (timeoutSeconds < 1) {
            throw new CliException("timeout: " + timeoutSeconds + " (expected: >= 1 second)");
        }
        if (!Files.isRegularFile(hostFile) || !Files.isReadable(hostFile)) {
            throw new CliException("host file: " + hostFile + " (expected: a readable regular file)");
        }
        if (!Files.isDirectory(guestRoot)) {
            throw new CliException("guest root: " + guestRoot + " (expected: an existing directory)");
        }
        Path root = guestRoot.toRealPath();
        FileCopyTarget target;
        try {
            target = GuestCopy.target(hostFile, guestPath);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
        int flags = (overwrite ? FileCopyFlags.OVERWRITE : 0) | (createPath ? FileCopyFlags.CREATE_PATH : 0);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long size = Files.size(hostFile);
        out.printf("copy: %s (%d bytes) -> guest root %s, target \"%s\" (directory \"%s\", name \"%s\"), %s guest, "
                        + "%s host, %s%n", hostFile, size, root, guestPath, target.directory(), target.name(),
                family, host, deterministic ? "deterministic mode (seed " + seed + ")" : "concurrent mode");
        out.flush();
        FileCopyProgressPrinter progress = new FileCopyProgressPrinter(line -> {
            err.println("hvref: " + line);
            err.flush();
        }, PROGRESS_STEP_PERCENT, PROGRESS_MIN_BYTES);
        GuestCopy.Report r;
        try (ReferenceMachine m = GuestCopy.machine(host, deterministic, seed, Duration.ofSeconds(timeoutSeconds))) {
            r = GuestCopy.run(m, policy, hostFile, target, root, flags, progress);
        } catch (IllegalArgumentException e) {
            throw new CliException("copy: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CliException("host file: " + hostFile + ": " + e.getMessage() + " (expected: readable)", e);
        }
        int status = summary(out, err, r, size);
        if (noValidate) {
            out.println("  TLC       skipped (--no-validate)");
        } else if (!validate(out, r)) {
            status = ExitCodes.FAILED;
        }
        out.println(switch (status) {
            case ExitCodes.OK -> "copy: done";
            case ExitCodes.REFUSED -> "copy: refused by the guest";
            default -> "copy: FAILED";
        });
        out.flush();
        return status;
    }

    private int summary(PrintWriter out, PrintWriter err, GuestCopy.Report r, long size) throws IOException {
        FileCopyResult res = r.result();
        if (res == null) {
            out.printf("copy: channel lost: %s%n", r.lost());
            return ExitCodes.FAILED;
        }
        String status = statusName(res.status());
        if (res.ok()) {
            String hostSha = sha256(hostFile);
            String guestSha = sha256(r.guestFile());
            boolean equal = hostSha.equals(guestSha);
            out.printf("copy: %d bytes, status %s, guest file %s, SHA-256 %s (%s)%n", res.bytesAcknowledged(),
                    status, r.guestFile(), equal ? "equal" : "DIFFERENT", equal ? hostSha
                            : "host " + hostSha + ", guest " + guestSha);
            return equal && res.bytesAcknowledged() == size ? ExitCodes.OK : ExitCodes.FAILED;
        }
        if (res.outcome() == HostCopyState.FAILED && res.localFailure().isEmpty()) {
            String op = res.failedOperation().map(FileCopyOperation::name).orElse("?");
            out.printf("copy: %d of %d bytes, status %s (%s refused), guest file %s unchanged%n",
                    res.bytesAcknowledged(), res.totalBytes(), status, op,
                    r.guestFile() == null ? "(outside the guest root)" : r.guestFile());
            err.printf("hvref: copy refused by the guest: %s: %s%n", status, hint(res.status()));
            err.flush();
            return ExitCodes.REFUSED;
        }
        out.printf("copy: %s%n", res);
        return ExitCodes.FAILED;
    }

    private boolean validate(PrintWriter out, GuestCopy.Report r) {
        try (SpecFiles files = SpecFiles.materialize()) {
            boolean ic = IcTraceCheck.icNegotiation(out, files, List.of(r.icTrace()));
            boolean fc = r.fileCopyTrace().isEmpty()
                    || IcTraceCheck.fileCopy(out, files, List.of(r.fileCopyTrace()), List.of(r.targetExisted()));
            return ic && fc;
        } catch (UncheckedIOException e) {
            throw new CliException("spec files: " + e.getMessage(), e);
        }
    }

    /** @return the guest family the option names */
    static IcVersionPolicy family(String name) {
        return switch (name) {
            case "linux" -> IcVersionPolicy.LINUX;
            case "freebsd" -> IcVersionPolicy.FREEBSD;
            case "mac" -> IcVersionPolicy.MAC_HYPERV_SUPPORT;
            default -> throw new CliException("family: " + name + " (expected: linux, freebsd or mac)");
        };
    }

    /** @return e.g. {@code ERROR_ALREADY_EXISTS(0x80070050)} (the HV_ names of ic §5.3 without HV_) */
    static String statusName(int status) {
        String n = FileCopyStatus.name(status);
        return status == FileCopyStatus.ALREADY_EXISTS || status == FileCopyStatus.DISK_FULL ? "ERROR_" + n : n;
    }

    private static String hint(int status) {
        if (status == FileCopyStatus.ALREADY_EXISTS) {
            return "the target exists (expected: --overwrite to replace it)";
        }
        if (status == FileCopyStatus.DISK_FULL) {
            return "the guest has no room for the file";
        }
        return "invalid target (expected: a path inside the guest root, no '..', existing directories or "
                + "--create-path)";
    }

    /** @return the file's SHA-256 in hex */
    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256: not available (expected: every JDK has it)", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
