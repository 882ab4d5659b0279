package org.hvref.channel.guest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.hvref.channel.protocol.FeatureFlags;
import org.hvref.channel.protocol.ProtocolVersion;

/**
 * How the guest connects (vmbus-core.md §1.5, §2.2 INITIATE_CONTACT, §3).
 *
 * @param versions         versions to try, newest first, no duplicates (default: 6.0 down to 0.13)
 * @param targetVcpu       VP that receives control messages (INITIATE_CONTACT target_vcpu)
 * @param messageSint      SINT for control messages from 5.0 (vmbus-core.md §1.2: VMBus uses 2)
 * @param vtl              the guest's VTL, sent from 5.1
 * @param featureFlags     Copper feature flags requested (vmbus-core.md §2.2); never 0x8 (no client id is sent)
 * @param interruptPageGpa interrupt page GPA, sent below 5.0 (needed below 2.4; vmbus-core.md §1.6)
 * @param monitorPage1Gpa  parent-to-child monitor page GPA (vmbus-core.md §1.7; both or neither)
 * @param monitorPage2Gpa  child-to-parent monitor page GPA
 * @param maxRelid         largest relid accepted in an offer (vmbus-core.md §4.2 rule 10, §4.3: 2047)
 * @param firstGpadlHandle first GPADL handle tried (vmbus-core.md §5: Linux starts at 0xE1E10)
 */
public record ClientConfig(List<ProtocolVersion> versions, int targetVcpu, int messageSint, int vtl,
        int featureFlags, long interruptPageGpa, long monitorPage1Gpa, long monitorPage2Gpa, int maxRelid,
        int firstGpadlHandle) {
    /** VMBus SINT (vmbus-core.md §1.2: VMBUS_MESSAGE_SINT = 2). */
    public static final int VMBUS_SINT = 2;
    /** Largest relid (vmbus-core.md §4.3: relids 1..2047, OVMM MAX_CHANNELS). */
    public static final int MAX_RELID = 2047;
    /** Linux's first GPADL handle (vmbus-core.md §5: OHCL next_gpadl_handle starts at 0xE1E10). */
    public static final int LINUX_FIRST_GPADL_HANDLE = 0xE1E10;

    /** Validates. */
    public ClientConfig {
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("versions: none (expected: at least one)");
        }
        for (int i = 1; i < versions.size(); i++) {
            if (!versions.get(i - 1).isAtLeast(versions.get(i)) || versions.get(i - 1) == versions.get(i)) {
                throw new IllegalArgumentException("versions: " + versions + " (expected: newest first, no duplicates)");
            }
        }
        if (messageSint < 0 || messageSint > 15 || vtl < 0 || vtl > 15) {
            throw new IllegalArgumentException("message sint/vtl: " + messageSint + "/" + vtl + " (expected: 0..15)");
        }
        if ((featureFlags & FeatureFlags.CLIENT_ID) != 0) {
            throw new IllegalArgumentException("feature flags: 0x" + Integer.toHexString(featureFlags)
                    + " (expected: 0x8 clear, the client sends no client id)");
        }
        if ((monitorPage1Gpa == 0) != (monitorPage2Gpa == 0)) {
            throw new IllegalArgumentException("monitor pages: 0x" + Long.toHexString(monitorPage1Gpa) + "/0x"
                    + Long.toHexString(monitorPage2Gpa) + " (expected: both or neither, vmbus-core.md §1.7)");
        }
        if (maxRelid < 1) {
            throw new IllegalArgumentException("max relid: " + maxRelid + " (expected: >= 1)");
        }
        if (firstGpadlHandle == 0) {
            throw new IllegalArgumentException("first gpadl handle: 0 (expected: non-zero, 0 is the null handle)");
        }
    }

    /**
     * The defaults with the interrupt page and the two monitor pages at three consecutive pages from
     * {@code firstPageGpa}.
     *
     * @param firstPageGpa page-aligned GPA of the interrupt page
     * @return the configuration
     */
    public static ClientConfig defaults(long firstPageGpa) {
        if ((firstPageGpa & 0xFFF) != 0 || firstPageGpa <= 0) {
            throw new IllegalArgumentException("first page gpa: 0x" + Long.toHexString(firstPageGpa)
                    + " (expected: page-aligned, non-zero)");
        }
        List<ProtocolVersion> newestFirst = new ArrayList<>(List.of(ProtocolVersion.values()));
        Collections.reverse(newestFirst);
        return new ClientConfig(newestFirst, 0, VMBUS_SINT, 0, 0, firstPageGpa, firstPageGpa + 0x1000,
                firstPageGpa + 0x2000, MAX_RELID, LINUX_FIRST_GPADL_HANDLE);
    }

    /**
     * @param newestFirst versions to try
     * @return a copy trying these versions
     */
    public ClientConfig withVersions(List<ProtocolVersion> newestFirst) {
        return new ClientConfig(newestFirst, targetVcpu, messageSint, vtl, featureFlags, interruptPageGpa,
                monitorPage1Gpa, monitorPage2Gpa, maxRelid, firstGpadlHandle);
    }

    /**
     * @param flags Copper feature flags to request
     * @return a copy requesting them
     */
    public ClientConfig withFeatureFlags(int flags) {
        return new ClientConfig(versions, targetVcpu, messageSint, vtl, flags, interruptPageGpa, monitorPage1Gpa,
                monitorPage2Gpa, maxRelid, firstGpadlHandle);
    }

    /**
     * @param vp VP receiving control messages
     * @return a copy naming it
     */
    public ClientConfig withTargetVcpu(int vp) {
        return new ClientConfig(versions, vp, messageSint, vtl, featureFlags, interruptPageGpa, monitorPage1Gpa,
                monitorPage2Gpa, maxRelid, firstGpadlHandle);
    }

    /**
     * @param first first GPADL handle tried
     * @return a copy starting there
     */
    public ClientConfig withFirstGpadlHandle(int first) {
        return new ClientConfig(versions, targetVcpu, messageSint, vtl, featureFlags, interruptPageGpa,
                monitorPage1Gpa, monitorPage2Gpa, maxRelid, first);
    }

    /** @return the versions, newest first (unmodifiable) */
    @Override
    public List<ProtocolVersion> versions() {
        return versions;
    }
}
