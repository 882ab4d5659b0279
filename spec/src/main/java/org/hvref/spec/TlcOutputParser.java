package org.hvref.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses TLC's {@code -tool} output line by line into {@link TlcMessage}s, forwarding each to a listener as soon as
 * it is complete, and builds the {@link TlcResult} at the end. Lines outside message frames (SANY's "Parsing file")
 * are kept in the output only.
 */
final class TlcOutputParser {

    private static final String START = "@!@!@STARTMSG ";
    private static final String END = "@!@!@ENDMSG ";
    private static final Pattern START_LINE = Pattern.compile("^@!@!@STARTMSG (\\d+):(\\d+) @!@!@$");
    private static final Pattern STATS = Pattern.compile(
            "([\\d,]+) states generated.*?, ([\\d,]+) distinct states found");
    private static final Pattern INVARIANT = Pattern.compile("Invariant (\\S+) is violated");

    private final Consumer<TlcMessage> listener;
    private final List<TlcMessage> messages = new ArrayList<>();
    private final StringBuilder output = new StringBuilder();
    private int code = -1;
    private int severity;
    private StringBuilder body;

    TlcOutputParser(Consumer<TlcMessage> listener) {
        this.listener = listener == null ? m -> { } : listener;
    }

    /** Feeds one line of output (without its line terminator). */
    void accept(String line) {
        output.append(line).append('\n');
        if (code < 0) {
            Matcher m = START_LINE.matcher(line.strip());
            if (line.startsWith(START) && m.matches()) {
                code = Integer.parseInt(m.group(1));
                severity = Integer.parseInt(m.group(2));
                body = new StringBuilder();
            }
        } else if (line.startsWith(END)) {
            TlcMessage msg = new TlcMessage(code, severity, body.toString().strip());
            messages.add(msg);
            code = -1;
            body = null;
            try {
                listener.accept(msg);
            } catch (RuntimeException e) {
                // a failing listener must not stop the parsing (TLC would block on a full pipe)
            }
        } else {
            body.append(line).append('\n');
        }
    }

    List<TlcMessage> messages() {
        return List.copyOf(messages);
    }

    /**
     * Builds the result from the messages seen.
     *
     * @param exitCode TLC's exit code, or -1 after a timeout
     * @param cfg      the configuration that was checked, to name a violated temporal or action property when it
     *                 lists exactly one (TLC does not name it)
     * @param elapsed  wall-clock time of the run
     */
    TlcResult result(int exitCode, CfgFile cfg, Duration elapsed) {
        boolean timedOut = exitCode == -1;
        TlcVerdict verdict = timedOut ? TlcVerdict.TIMEOUT : TlcVerdict.fromExitCode(exitCode);
        boolean success = has(TlcMessage.SUCCESS);
        if (verdict == TlcVerdict.PASS && !success) {
            verdict = TlcVerdict.ERROR;
        }
        if (verdict == TlcVerdict.LIVENESS && has(TlcMessage.ACTION_PROPERTY_VIOLATED)) {
            verdict = TlcVerdict.PROPERTY;
        }
        String violated = null;
        if (verdict == TlcVerdict.INVARIANT) {
            for (TlcMessage m : messages) {
                if (m.code() == TlcMessage.INVARIANT_VIOLATED || m.code() == TlcMessage.INVARIANT_VIOLATED_INITIAL) {
                    Matcher im = INVARIANT.matcher(m.text());
                    if (im.find()) {
                        violated = im.group(1);
                        break;
                    }
                }
            }
        } else if ((verdict == TlcVerdict.LIVENESS || verdict == TlcVerdict.PROPERTY) && cfg != null
                && cfg.properties().size() == 1) {
            violated = cfg.properties().get(0);
        }
        long distinct = -1;
        long generated = -1;
        for (TlcMessage m : messages) {
            if (m.isProgress()) {
                Matcher sm = STATS.matcher(m.text());
                if (sm.find()) {
                    generated = parseCount(sm.group(1));
                    distinct = parseCount(sm.group(2));
                }
            }
        }
        List<String> errors = new ArrayList<>();
        for (TlcMessage m : messages) {
            if (m.isError() && m.code() != TlcMessage.BEHAVIOUR_UP_TO_HERE && m.code() != 2264) {
                errors.add(m.text());
            }
        }
        return new TlcResult(exitCode, verdict, violated, distinct, generated, counterexample(), errors,
                output.toString(), elapsed);
    }

    Counterexample counterexample() {
        List<Counterexample.State> states = new ArrayList<>();
        Counterexample.Ending ending = Counterexample.Ending.NONE;
        int loop = 0;
        for (TlcMessage m : messages) {
            if (m.code() == TlcMessage.STATE) {
                states.add(Counterexample.parseState(m.text()));
            } else if (m.code() == TlcMessage.STUTTERING) {
                ending = Counterexample.Ending.STUTTERING;
            } else if (m.code() == TlcMessage.BACK_TO_STATE) {
                ending = Counterexample.Ending.LOOP;
                loop = Counterexample.parseLoopTarget(m.text());
            }
        }
        return states.isEmpty() ? Counterexample.NONE : new Counterexample(states, ending, loop);
    }

    private boolean has(int messageCode) {
        for (TlcMessage m : messages) {
            if (m.code() == messageCode) {
                return true;
            }
        }
        return false;
    }

    private static long parseCount(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }
}
