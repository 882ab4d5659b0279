package org.hvref.hypervisor;

/** Reasons the simulated hypervisor refuses guest-controlled input that has no hypercall status to return. */
public enum HypervisorError {
    /** A SynIC or monitor page GPA is not page aligned or not inside guest memory. */
    BAD_PAGE_GPA,
    /** A SINT number is not 0..15. */
    BAD_SINT,
    /** A virtual processor index is not 0..vpCount-1. */
    BAD_VP_INDEX,
    /** An event flag number is not 0..2047. */
    BAD_EVENT_FLAG,
    /** A monitor id is not 0..127. */
    BAD_MONITOR_ID,
    /** A message slot holds a payload size over 240 bytes. */
    BAD_MESSAGE_SIZE,
    /** The two monitor pages are not both set or both clear. */
    MONITOR_PAGES_MISMATCH
}
