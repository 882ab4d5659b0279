package org.hvref.channel.protocol;

/**
 * Type 15 (vmbus-core.md §2.2 VERSION_RESPONSE; layout {@link VersionResponseDescriptor}), in one of three forms.
 *
 * @param form                   which size variant
 * @param versionSupported       u8 bool at 8
 * @param connectionState        u8 at 9 (0 success, 1 low resources, 2 unknown)
 * @param connectionIdOrVersion  u32 at 12: selected version below 5.0, message connection id from 5.0
 * @param supportedFeatures      u32 at 16 (forms COPPER and COPPER_MONITOR_PAGES; else 0)
 * @param parentToChildMonitorPage u64 at 24 (form COPPER_MONITOR_PAGES; else 0)
 * @param childToParentMonitorPage u64 at 32 (form COPPER_MONITOR_PAGES; else 0)
 */
public record VersionResponse(Form form, boolean versionSupported, int connectionState, int connectionIdOrVersion,
        int supportedFeatures, long parentToChildMonitorPage, long childToParentMonitorPage)
        implements ChannelMessage {

    /** The size variants (vmbus-core.md §2.1: 16; 20 (6.0); 40 (6.0 + feature 0x40)). */
    public enum Form {
        /** 16 bytes, every version. */
        BASIC(16),
        /** 20 bytes, 6.0: adds supported features. */
        COPPER(20),
        /** 40 bytes, 6.0 + feature 0x40: adds the server monitor pages. */
        COPPER_MONITOR_PAGES(40);

        private final int length;

        Form(int length) {
            this.length = length;
        }

        /** @return the message length including the header */
        public int length() {
            return length;
        }
    }

    /** Validates: fields outside the form are zero; the 40-byte form advertises feature 0x40. */
    public VersionResponse {
        Checks.check(form != null, "version response form: null (expected: a form)");
        Checks.u8("version response connection state", connectionState);
        Checks.check(form != Form.BASIC || supportedFeatures == 0,
                "version response features: " + supportedFeatures + " (expected: 0 in the 16-byte form)");
        Checks.check(form == Form.COPPER_MONITOR_PAGES
                        || (parentToChildMonitorPage == 0 && childToParentMonitorPage == 0),
                "version response monitor pages: set (expected: 0 below the 40-byte form)");
        Checks.check(form != Form.COPPER_MONITOR_PAGES
                        || (supportedFeatures & FeatureFlags.SERVER_SPECIFIED_MONITOR_PAGES) != 0,
                "version response 40-byte form: features=" + supportedFeatures + " (expected: 0x40 set)");
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.VERSION_RESPONSE;
    }
}
