--------------------------- MODULE TraceFileCopy ---------------------------
(***************************************************************************)
(* Trace validation: checks that logs of the Java file-copy host           *)
(* (FileCopyHostSession) and guest (FileCopyGuestSession) (ic/CONTRACT.md) *)
(* are behaviours of FileCopy with every bug switch off.                   *)
(*                                                                         *)
(* The log is the generated module TraceFileCopyLog: Traces (one sequence  *)
(* of events per trace) and TraceOld (per trace: whether the target file   *)
(* existed before the trace).  Each initial state picks one trace t and    *)
(* starts at event l = 1; each step replays event Traces[t][l] as the      *)
(* FileCopy action of the same name: a send takes its parameters from the  *)
(* event, a guest event's fields must equal those of the request it        *)
(* consumes.  Sizes and write lengths are those the trace names, so every  *)
(* event has at most one successor.                                        *)
(*                                                                         *)
(* Verdict (run TLC WITHOUT -deadlock, so deadlock checking is on):        *)
(*   exit 0  every trace is a behaviour of FileCopy;                       *)
(*   exit 11 deadlock: some event cannot be replayed; the last state of    *)
(*           the counterexample names the trace t and the event index l.   *)
(***************************************************************************)
EXTENDS Integers, Sequences, TraceFileCopyLog

VARIABLES
    hostUp, req, rep, g, declared, sessOw, tempExists, tempLen, final, finalWhole,
    finalDurable, clobbered, lateWrite,
    t,      \* the trace being replayed (index into Traces)
    l       \* the next event of trace t to replay (1-based)

fcVars == <<hostUp, req, rep, g, declared, sessOw, tempExists, tempLen, final, finalWhole,
            finalDurable, clobbered, lateWrite>>
vars == <<fcVars, t, l>>

\* Field f of event e, or d when the event has no such field.
F(e, f, d) == IF f \in DOMAIN e THEN e[f] ELSE d

TSizes == [i \in 1..Len(Traces) |-> {F(Traces[i][k], "size", 0) : k \in 1..Len(Traces[i])} \cup {0}]
TLens == [i \in 1..Len(Traces) |-> {F(Traces[i][k], "len", 0) : k \in 1..Len(Traces[i])}]

FC(S, W) == INSTANCE FileCopy WITH Sizes <- S, WriteLens <- W,
    BugRenameBeforeFsync <- FALSE, BugCompletePartial <- FALSE, BugWriteWhenIdle <- FALSE,
    BugLeavePartialOnHostLoss <- FALSE, BugNoOverwriteCheck <- FALSE

\* Fields each event must have (CONTRACT.md).
Fields == [
    HostSendStart |-> {"ow", "size"},
    HostSendWrite |-> {"off", "len"},
    HostSendComplete |-> {},
    HostSendCancel |-> {},
    HostReceiveReply |-> {"ok"},
    HostVanish |-> {},
    GuestStartOk |-> {"ow", "size"},
    GuestWrite |-> {"off", "len"},
    GuestComplete |-> {"size"},
    GuestReject |-> {"op", "status"},
    GuestCancel |-> {},
    GuestAbandon |-> {}]

FieldsOK(e) ==
    /\ e.e \in DOMAIN Fields
    /\ DOMAIN e = {"e"} \cup Fields[e.e]

Replay(e, S, W) ==
    CASE e.e = "HostSendStart" -> FC(S, W)!HostSendStart(e.ow, e.size)
      [] e.e = "HostSendWrite" -> FC(S, W)!HostSendWrite(e.off, e.len)
      [] e.e = "HostSendComplete" -> FC(S, W)!HostSendComplete
      [] e.e = "HostSendCancel" -> FC(S, W)!HostSendCancel
      [] e.e = "HostReceiveReply" -> FC(S, W)!HostReceiveReply(e.ok)
      [] e.e = "HostVanish" -> FC(S, W)!HostVanish
      [] e.e = "GuestStartOk" -> FC(S, W)!GuestStartOk /\ req.ow = e.ow /\ req.size = e.size
      [] e.e = "GuestWrite" -> FC(S, W)!GuestWrite /\ req.off = e.off /\ req.len = e.len
      [] e.e = "GuestComplete" -> FC(S, W)!GuestComplete /\ declared = e.size
      [] e.e = "GuestReject" -> FC(S, W)!GuestReject /\ req.op = e.op
      [] e.e = "GuestCancel" -> FC(S, W)!GuestCancel
      [] e.e = "GuestAbandon" -> FC(S, W)!GuestAbandon
      [] OTHER -> FALSE

TraceInit ==
    /\ t \in 1..Len(Traces)
    /\ l = 1
    /\ \E S \in {TSizes[t]}, W \in {TLens[t]} : FC(S, W)!Init
    /\ final = IF TraceOld[t] THEN "old" ELSE "none"

\* Replay the next event of trace t.
ReplayEvent ==
    /\ l <= Len(Traces[t])
    /\ FieldsOK(Traces[t][l])
    /\ \E S \in {TSizes[t]}, W \in {TLens[t]} : Replay(Traces[t][l], S, W)
    /\ l' = l + 1
    /\ UNCHANGED t

\* Trace t is complete: stutter, so that only a stuck trace is a deadlock.
Done ==
    /\ l > Len(Traces[t])
    /\ UNCHANGED vars

TraceNext == ReplayEvent \/ Done

TraceSpec == TraceInit /\ [][TraceNext]_vars

\* The spec's invariants hold along every replayed trace.
TraceInvariants ==
    /\ FC(TSizes[t], TLens[t])!NoWriteAfterEndInv
    /\ FC(TSizes[t], TLens[t])!FinalVisibleOnlyWholeInv
    /\ FC(TSizes[t], TLens[t])!NothingLeftBehindInv
    /\ FC(TSizes[t], TLens[t])!NoOverwriteWithoutFlagInv
    /\ FC(TSizes[t], TLens[t])!OneOutstandingInv
=============================================================================
