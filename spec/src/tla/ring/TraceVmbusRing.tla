--------------------------- MODULE TraceVmbusRing ---------------------------
(***************************************************************************)
(* Trace validation: checks that logs of the Java ring (ring/CONTRACT.md,  *)
(* "Trace log format") are behaviours of VmbusRing.                        *)
(*                                                                         *)
(* The log is the generated module TraceVmbusRingLog (TraceDataSize,       *)
(* TraceFeat, Traces); many traces are checked in one TLC run.  Each       *)
(* initial state picks one trace t, with its own DataSize and feature bit, *)
(* and starts at event l = 1.  Each step replays event Traces[t][l] as the *)
(* VmbusRing action of the same name: the event's fields pin every value   *)
(* the action loads (they must equal the current memory) and every value   *)
(* it stores or decides (they must equal the spec's), so there are no      *)
(* silent actions and at most one successor per state.  A completed trace  *)
(* stutters in Done.                                                       *)
(*                                                                         *)
(* Verdict (run TLC WITHOUT -deadlock, so deadlock checking is on):        *)
(*   exit 0  every trace is a behaviour of VmbusRing;                      *)
(*   exit 11 deadlock: some event cannot be replayed; the last state of    *)
(*           the counterexample names the trace t and the event index l.   *)
(* Trace lengths are not restricted by Sizes or MaxPackets.                *)
(***************************************************************************)
EXTENDS Integers, Sequences, TraceVmbusRingLog

VARIABLES
    wi, ri, mask, pend, sigR, sigW,
    wpc, wlen, wri, wmask, wempty, wsig,
    rpc, rr, rhead, roldri, rpend, rwi, rsig,
    ring, nsent, recv,
    t,      \* the trace being replayed (index into Traces)
    l       \* the next event of trace t to replay (1-based)

ringVars == <<wi, ri, mask, pend, sigR, sigW, wpc, wlen, wri, wmask, wempty, wsig,
              rpc, rr, rhead, roldri, rpend, rwi, rsig, ring, nsent, recv>>
vars == <<ringVars, t, l>>

\* The ring spec for one trace: its data size D and feature bit F, every hazard switch
\* off, and no bound on packets beyond the trace's own length M.  (The arguments must be
\* constant-level: they are bound by \E over one-element sets below.)
R(D, F, M) == INSTANCE VmbusRing WITH
    DataSize <- D,
    Sizes <- {},                 \* unused: every packet length comes from the trace
    MaxPackets <- M,
    FeatPendingSend <- F,
    BugNoRecheck <- FALSE, BugStaleView <- FALSE, BugPendingNoCrossing <- FALSE,
    BugPendingOrder <- FALSE, BugSignalAlways <- FALSE, BugSignalNever <- FALSE,
    BugDrainOne <- FALSE, BugCopyBuf <- FALSE

ASSUME /\ Len(TraceDataSize) = Len(Traces)
       /\ Len(TraceFeat) = Len(Traces)
       /\ \A i \in 1..Len(Traces) :
            /\ TraceDataSize[i] \in Nat /\ TraceDataSize[i] >= 32 /\ TraceDataSize[i] % 8 = 0
            /\ TraceFeat[i] \in BOOLEAN

\* Event e has exactly the fields of its contract row.
Fields(e, names) == DOMAIN e = {"e"} \cup names

\* Replays event e as the action of the same name, in the ring spec R(D, F, M).
Replay(e, D, F, M) ==
    \/ /\ e.e = "WriterCopy" /\ Fields(e, {"pkt", "len", "ri"})
       /\ e.ri = ri /\ e.pkt = nsent + 1
       /\ R(D, F, M)!WriterCopy(e.len)
    \/ /\ e.e = "WriterFull" /\ Fields(e, {"len", "ri"})
       /\ e.ri = ri
       /\ R(D, F, M)!WriterFull(e.len)
    \/ /\ e.e = "WriterSetPending" /\ Fields(e, {"pend"})
       /\ R(D, F, M)!WriterSetPending(e.pend)
    \/ /\ e.e = "WriterRecheck" /\ Fields(e, {"ri", "pend"})
       /\ e.ri = ri
       /\ R(D, F, M)!WriterRecheck /\ pend' = e.pend
    \/ /\ e.e = "WriterWake" /\ Fields(e, {"pend"})
       /\ R(D, F, M)!WriterWake /\ pend' = e.pend
    \/ /\ e.e = "WriterPublish" /\ Fields(e, {"wi"})
       /\ R(D, F, M)!WriterPublish /\ wi' = e.wi
    \/ /\ e.e = "WriterReadMask" /\ Fields(e, {"mask"})
       /\ e.mask = mask
       /\ R(D, F, M)!WriterReadMask
    \/ /\ e.e = "WriterDecideSignal" /\ Fields(e, {"ri", "sig"})
       /\ e.ri = ri
       /\ R(D, F, M)!WriterDecideSignal /\ wsig' = e.sig
    \/ /\ e.e = "ReaderWake" /\ Fields(e, {"mask"})
       /\ R(D, F, M)!ReaderWake /\ mask' = e.mask
    \/ /\ e.e = "ReaderRead" /\ Fields(e, {"wi", "pkt", "len"})
       /\ e.wi = wi
       /\ R(D, F, M)!ReaderRead
       /\ ring[rhead + 1].pkt = e.pkt /\ ring[rhead + 1].len = e.len
    \/ /\ e.e = "ReaderCommit" /\ Fields(e, {"ri"})
       /\ R(D, F, M)!ReaderCommit /\ ri' = e.ri
    \/ /\ e.e = "ReaderReadPending" /\ Fields(e, {"pend"})
       /\ e.pend = pend
       /\ R(D, F, M)!ReaderReadPending
    \/ /\ e.e = "ReaderDecidePendingSignal" /\ Fields(e, {"wi", "sig"})
       /\ e.wi = wi
       /\ R(D, F, M)!ReaderDecidePendingSignal /\ rsig' = e.sig
    \/ /\ e.e = "ReaderUnmask" /\ Fields(e, {"mask"})
       /\ R(D, F, M)!ReaderUnmask /\ mask' = e.mask
    \/ /\ e.e = "ReaderRecheck" /\ Fields(e, {"wi", "mask"})
       /\ e.wi = wi
       /\ R(D, F, M)!ReaderRecheck /\ mask' = e.mask

TraceInit ==
    /\ t \in 1..Len(Traces)
    /\ l = 1
    /\ \E D \in {TraceDataSize[t]}, F \in {TraceFeat[t]}, M \in {Len(Traces[t])} :
         R(D, F, M)!Init

\* Replay the next event of trace t.
ReplayEvent ==
    /\ l <= Len(Traces[t])
    /\ \E D \in {TraceDataSize[t]}, F \in {TraceFeat[t]}, M \in {Len(Traces[t])} :
         Replay(Traces[t][l], D, F, M)
    /\ l' = l + 1
    /\ UNCHANGED t

\* Trace t is complete: stutter, so that only a stuck trace is a deadlock.
Done ==
    /\ l > Len(Traces[t])
    /\ UNCHANGED vars

TraceNext == ReplayEvent \/ Done

TraceSpec == TraceInit /\ [][TraceNext]_vars
=============================================================================
