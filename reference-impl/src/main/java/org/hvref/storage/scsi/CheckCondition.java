package org.hvref.storage.scsi;

/** Ends a command early with CHECK CONDITION and the given sense (control flow inside the target only). */
final class CheckCondition extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient ScsiSense sense;

    CheckCondition(int key, int asc) {
        super(null, null, false, false);
        this.sense = new ScsiSense(key, asc, 0);
    }

    static CheckCondition invalidField() {
        return new CheckCondition(ScsiSense.KEY_ILLEGAL_REQUEST, ScsiSense.ASC_INVALID_FIELD_IN_CDB);
    }

    ScsiSense sense() {
        return sense;
    }
}
