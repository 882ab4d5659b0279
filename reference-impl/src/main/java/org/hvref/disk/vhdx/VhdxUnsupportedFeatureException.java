package org.hvref.disk.vhdx;

import java.io.IOException;

/** A valid VHDX file that uses a feature hvref does not implement (differencing disks, log versions != 0). */
public final class VhdxUnsupportedFeatureException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what is unsupported */
    public VhdxUnsupportedFeatureException(String message) {
        super(message);
    }
}
