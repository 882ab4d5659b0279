package org.hvref.spec;

/**
 * One message of TLC's {@code -tool} output ({@code @!@!@STARTMSG code:severity @!@!@ ... @!@!@ENDMSG code @!@!@}).
 *
 * @param code     TLC's message code, e.g. {@link #PROGRESS}
 * @param severity 0 information, 1 error, 2 TLA+ error, 3 warning, 4 state
 * @param text     the message body, without the framing lines
 */
public record TlcMessage(int code, int severity, String text) {

    /** Invariant violated by the initial state. */
    public static final int INVARIANT_VIOLATED_INITIAL = 2107;
    /** Invariant violated (the behaviour follows). */
    public static final int INVARIANT_VIOLATED = 2110;
    /** Action property violated. */
    public static final int ACTION_PROPERTY_VIOLATED = 2112;
    /** Deadlock reached. */
    public static final int DEADLOCK = 2114;
    /** Temporal properties violated. */
    public static final int TEMPORAL_VIOLATED = 2116;
    /** "The behavior up to this point is:". */
    public static final int BEHAVIOUR_UP_TO_HERE = 2121;
    /** The loop of a lasso counterexample: "N: Back to state: action". */
    public static final int BACK_TO_STATE = 2122;
    /** Success: "Model checking completed. No error has been found." */
    public static final int SUCCESS = 2193;
    /** Final statistics: generated and distinct states. */
    public static final int STATS = 2199;
    /** Progress report. */
    public static final int PROGRESS = 2200;
    /** One state of a counterexample. */
    public static final int STATE = 2217;
    /** The stuttering end of a counterexample. */
    public static final int STUTTERING = 2218;
    /** Finished. */
    public static final int FINISHED = 2186;

    /** Whether this message reports progress (states found so far). */
    public boolean isProgress() {
        return code == PROGRESS || code == STATS;
    }

    /** Whether TLC flags this message as an error. */
    public boolean isError() {
        return severity == 1 || severity == 2;
    }
}
