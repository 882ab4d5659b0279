------------------------- MODULE TraceVmbusChannel -------------------------
(***************************************************************************)
(* Trace validation: checks that logs of the Java VMBus host (VmbusServer) *)
(* and guest (VmbusClient) (channel/CONTRACT.md) are behaviours of         *)
(* VmbusChannel with every hazard switch off.                              *)
(*                                                                         *)
(* The log is the generated module TraceVmbusChannelLog (Traces); many     *)
(* traces are checked in one TLC run.  Each initial state picks one trace  *)
(* t and starts at event l = 1.  Each step replays event Traces[t][l] as   *)
(* the VmbusChannel action of the same name: the parameters of a send or   *)
(* host-internal action come from the event; the fields of a receive      *)
(* event must equal those of the message the action consumes; an event     *)
(* with err must be a drop with that tag, one without err no drop.         *)
(*                                                                         *)
(* Constants are derived from the trace (CONTRACT.md): relids and handles  *)
(* are the non-zero r and h of its events, the guest's versions those of   *)
(* its INITIATE_CONTACTs in order of first appearance, the host's those it *)
(* accepted; the offers answering REQUESTOFFERS, the body count of a GPADL *)
(* header without n and the status of a GPADL_CREATED or                  *)
(* MODIFYCHANNEL_RESPONSE whose host event carries no ok are read from the *)
(* guest's later events.  So every event has at most one successor.        *)
(*                                                                         *)
(* Verdict (run TLC WITHOUT -deadlock, so deadlock checking is on):        *)
(*   exit 0  every trace is a behaviour of VmbusChannel;                   *)
(*   exit 11 deadlock: some event cannot be replayed; the last state of    *)
(*           the counterexample names the trace t and the event index l.   *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets, TraceVmbusChannelLog

VARIABLES
    g2h, h2g, hconn, hoffers, hch, hring, hopenPend, hgp, noffers,
    gconn, gvi, gconns, gch, gresc, grel, gring, gmod, ggp, errs,
    t,      \* the trace being replayed (index into Traces)
    l       \* the next event of trace t to replay (1-based)

chanVars == <<g2h, h2g, hconn, hoffers, hch, hring, hopenPend, hgp, noffers,
              gconn, gvi, gconns, gch, gresc, grel, gring, gmod, ggp, errs>>
vars == <<chanVars, t, l>>

-----------------------------------------------------------------------------
(* Constants derived from the log (constant-level: TLC evaluates them once). *)

\* Field f of event e, or d when the event has no such field.
F(e, f, d) == IF f \in DOMAIN e THEN e[f] ELSE d

Min(S) == CHOOSE x \in S : \A y \in S : x <= y

\* The first index in from..Len(tr) whose event satisfies P, or Len(tr) + 1.
FirstFrom(tr, from, P(_)) ==
    LET S == {j \in from..Len(tr) : P(tr[j])} IN IF S = {} THEN Len(tr) + 1 ELSE Min(S)

RECURSIVE Dedup(_, _)
Dedup(s, acc) ==
    IF s = <<>> THEN acc
    ELSE Dedup(Tail(s), IF \E j \in 1..Len(acc) : acc[j] = Head(s) THEN acc ELSE Append(acc, Head(s)))

EventsNamed(tr, name) == SelectSeq(tr, LAMBDA e : e.e = name)

TRelids == [i \in 1..Len(Traces) |->
              {F(Traces[i][k], "r", 0) : k \in 1..Len(Traces[i])} \ {0}]
THandles == [i \in 1..Len(Traces) |->
              {F(Traces[i][k], "h", 0) : k \in 1..Len(Traces[i])} \ {0}]
TGuestVersions == [i \in 1..Len(Traces) |->
    LET c == EventsNamed(Traces[i], "GuestSendInitiateContact")
        vs == Dedup([k \in 1..Len(c) |-> F(c[k], "v", 0)], <<>>)
    IN IF vs = <<>> THEN <<0>> ELSE vs]
THostVersions == [i \in 1..Len(Traces) |->
    {F(Traces[i][k], "v", 0) : k \in {k \in 1..Len(Traces[i]) :
        Traces[i][k].e = "HostRcvInitiateContact" /\ F(Traces[i][k], "ok", FALSE) = TRUE}}]

\* Relids the guest received as offers between REQUESTOFFERS at k and ALLOFFERS_DELIVERED.
OffersAfter(tr, k) ==
    LET end == FirstFrom(tr, k + 1, LAMBDA e : e.e = "GuestRcvAllOffersDelivered")
        offs == EventsNamed(SubSeq(tr, k + 1, end - 1), "GuestRcvOffer")
    IN [j \in 1..Len(offs) |-> F(offs[j], "r", 0)]

\* GPADL_BODY fragments of the header at k: its n, else the guest's body events for its handle
\* up to the GPADL_CREATED (or next header) of that handle.
BodiesAfter(tr, k) ==
    IF "n" \in DOMAIN tr[k] THEN tr[k].n
    ELSE LET h == F(tr[k], "h", 0)
             end == FirstFrom(tr, k + 1, LAMBDA e : e.e \in {"GuestRcvGpadlCreated", "GuestSendGpadlHeader"}
                                                    /\ F(e, "h", 0) = h)
         IN Cardinality({j \in (k + 1)..(end - 1) :
                            tr[j].e = "GuestSendGpadlBody" /\ F(tr[j], "h", 0) = h})

\* Status the host answered at k: its ok, else that of the guest's next matching receive.
AnswerOk(tr, k, rcv, key) ==
    IF "ok" \in DOMAIN tr[k] THEN tr[k].ok
    ELSE LET j == FirstFrom(tr, k + 1, LAMBDA e : e.e = rcv /\ F(e, key, 0) = F(tr[k], key, 0))
         IN IF j <= Len(tr) THEN F(tr[j], "ok", TRUE) ELSE TRUE

\* Per event: the derived argument of its action (0 / <<>> / TRUE where unused).
TArg == [i \in 1..Len(Traces) |-> [k \in 1..Len(Traces[i]) |->
    LET tr == Traces[i] IN
    CASE tr[k].e = "HostRcvRequestOffers" -> OffersAfter(tr, k)
      [] tr[k].e = "GuestSendGpadlHeader" -> BodiesAfter(tr, k)
      [] tr[k].e = "HostRcvGpadlBody" -> AnswerOk(tr, k, "GuestRcvGpadlCreated", "h")
      [] tr[k].e = "HostRcvModifyChannel" -> AnswerOk(tr, k, "GuestRcvModifyChannelResponse", "r")
      [] OTHER -> 0]]

-----------------------------------------------------------------------------
(* The channel spec for one trace.                                          *)

\* Every hazard switch off; the host may refuse GPADLs, opens and modifies; bounds are the
\* trace length M; no subchannel rules (the events name no primary, so a subchannel offer is
\* replayed as a plain hot-add offer).  (The arguments must be constant-level: they are bound by \E over
\* one-element sets below.)
C(RS, HS, GV, HV, M) == INSTANCE VmbusChannel WITH
    RelidSet <- RS, HandleSet <- HS, InitialOffers <- <<>>, PrimaryOf <- [r \in RS |-> 0],
    MaxHotOffers <- M, MaxConnects <- M, MaxBodies <- M,
    GuestVersions <- GV, HostVersions <- HV,
    HostMayRefuseGpadl <- TRUE, HostMayFailOpen <- TRUE, HostMayFailModify <- TRUE,
    BugHostTeardownOnRevoke <- FALSE, BugGuestEarlyRelease <- FALSE,
    BugOpenResultAfterRescind <- FALSE, BugNoWakeOnRescind <- FALSE,
    BugGuestReuseHandle <- FALSE, BugHostReofferBeforeRelease <- FALSE,
    BugGuestIgnoreGpadlFailure <- FALSE, BugHostDuplicateRescind <- FALSE,
    BugGuestReconnectWithoutUnload <- FALSE, BugHostPrimaryRescindFirst <- FALSE

\* Fields each event must have, and may have besides (CONTRACT.md); err is always optional.
Fields == [
    GuestSendInitiateContact |-> <<{"v"}, {}>>,
    GuestRcvVersionResponse |-> <<{"v", "ok"}, {}>>,
    GuestSendRequestOffers |-> <<{}, {}>>,
    GuestRcvOffer |-> <<{"r"}, {}>>,
    GuestRcvAllOffersDelivered |-> <<{}, {}>>,
    GuestRcvRescind |-> <<{"r"}, {}>>,
    GuestSendRelidReleased |-> <<{"r"}, {}>>,
    GuestSendGpadlHeader |-> <<{"r", "h"}, {"n"}>>,
    GuestSendGpadlBody |-> <<{"h"}, {}>>,
    GuestRcvGpadlCreated |-> <<{"r", "h", "ok"}, {}>>,
    GuestSendGpadlTeardown |-> <<{"h"}, {"r"}>>,
    GuestRcvGpadlTorndown |-> <<{"h"}, {}>>,
    GuestSendOpenChannel |-> <<{"r", "h"}, {}>>,
    GuestRcvOpenResult |-> <<{"r", "ok"}, {}>>,
    GuestSendCloseChannel |-> <<{"r"}, {}>>,
    GuestCloseRescindedChannel |-> <<{"r"}, {}>>,
    GuestSendModifyChannel |-> <<{"r"}, {}>>,
    GuestRcvModifyChannelResponse |-> <<{"r", "ok"}, {}>>,
    GuestSendUnload |-> <<{}, {}>>,
    GuestDropMessage |-> <<{}, {}>>,
    GuestRcvUnloadResponse |-> <<{}, {}>>,
    HostRcvInitiateContact |-> <<{"v", "ok"}, {}>>,
    HostRcvRequestOffers |-> <<{}, {}>>,
    HostSendOffer |-> <<{"r"}, {}>>,
    HostSendRescind |-> <<{"r"}, {}>>,
    HostRcvRelidReleased |-> <<{"r"}, {}>>,
    HostRcvGpadlHeader |-> <<{"r", "h", "ok"}, {"n"}>>,
    HostRcvGpadlBody |-> <<{"h"}, {"ok"}>>,
    HostRcvGpadlTeardown |-> <<{"h"}, {"r"}>>,
    HostRcvOpenChannel |-> <<{"r"}, {"h"}>>,
    HostSendOpenResult |-> <<{"r", "ok"}, {}>>,
    HostRcvCloseChannel |-> <<{"r"}, {}>>,
    HostRcvModifyChannel |-> <<{"r"}, {"ok"}>>,
    HostRcvUnload |-> <<{}, {}>>]

FieldsOK(e) ==
    /\ e.e \in DOMAIN Fields
    /\ Fields[e.e][1] \subseteq DOMAIN e
    /\ DOMAIN e \subseteq {"e", "err"} \cup Fields[e.e][1] \cup Fields[e.e][2]

\* An event with err is a drop with that tag; one without err drops nothing.
ErrOK(e) == IF "err" \in DOMAIN e THEN e.err \in errs' ELSE errs' = errs

\* An optional field, when present, equals x.
Opt(e, f, x) == f \in DOMAIN e => e[f] = x

GHead == Head(g2h)      \* the message a host receive consumes
HHead == Head(h2g)      \* the message a guest receive consumes
\* The last message the host sent in this step says failure.
SentFailure == Len(h2g') > Len(h2g) /\ ~h2g'[Len(h2g')].ok

Replay(e, a, RS, HS, GV, HV, M) ==
    CASE e.e = "GuestSendInitiateContact" ->
            C(RS, HS, GV, HV, M)!GuestSendInitiateContact /\ g2h'[Len(g2h')].v = e.v
      [] e.e = "GuestRcvVersionResponse" ->
            C(RS, HS, GV, HV, M)!GuestRcvVersionResponse /\ HHead.v = e.v /\ HHead.ok = e.ok
      [] e.e = "GuestSendRequestOffers" -> C(RS, HS, GV, HV, M)!GuestSendRequestOffers
      [] e.e = "GuestRcvOffer" -> C(RS, HS, GV, HV, M)!GuestRcvOffer /\ HHead.r = e.r
      [] e.e = "GuestRcvAllOffersDelivered" -> C(RS, HS, GV, HV, M)!GuestRcvAllOffersDelivered
      [] e.e = "GuestRcvRescind" -> C(RS, HS, GV, HV, M)!GuestRcvRescind /\ HHead.r = e.r
      [] e.e = "GuestSendRelidReleased" -> C(RS, HS, GV, HV, M)!GuestSendRelidReleased(e.r)
      [] e.e = "GuestSendGpadlHeader" -> C(RS, HS, GV, HV, M)!GuestSendGpadlHeader(e.r, e.h, a)
      [] e.e = "GuestSendGpadlBody" -> C(RS, HS, GV, HV, M)!GuestSendGpadlBody(e.h)
      [] e.e = "GuestRcvGpadlCreated" ->
            C(RS, HS, GV, HV, M)!GuestRcvGpadlCreated /\ HHead.r = e.r /\ HHead.h = e.h /\ HHead.ok = e.ok
      [] e.e = "GuestSendGpadlTeardown" ->
            C(RS, HS, GV, HV, M)!GuestSendGpadlTeardown(e.h) /\ Opt(e, "r", ggp[e.h].r)
      [] e.e = "GuestRcvGpadlTorndown" -> C(RS, HS, GV, HV, M)!GuestRcvGpadlTorndown /\ HHead.h = e.h
      [] e.e = "GuestSendOpenChannel" -> C(RS, HS, GV, HV, M)!GuestSendOpenChannel(e.r, e.h)
      [] e.e = "GuestRcvOpenResult" ->
            C(RS, HS, GV, HV, M)!GuestRcvOpenResult /\ HHead.r = e.r /\ HHead.ok = e.ok
      [] e.e = "GuestSendCloseChannel" -> C(RS, HS, GV, HV, M)!GuestSendCloseChannel(e.r)
      [] e.e = "GuestCloseRescindedChannel" -> C(RS, HS, GV, HV, M)!GuestCloseRescindedChannel(e.r)
      [] e.e = "GuestSendModifyChannel" -> C(RS, HS, GV, HV, M)!GuestSendModifyChannel(e.r)
      [] e.e = "GuestRcvModifyChannelResponse" ->
            C(RS, HS, GV, HV, M)!GuestRcvModifyChannelResponse /\ HHead.r = e.r /\ HHead.ok = e.ok
      [] e.e = "GuestSendUnload" -> C(RS, HS, GV, HV, M)!GuestSendUnload
      [] e.e = "GuestDropMessage" -> C(RS, HS, GV, HV, M)!GuestDropMessage
      [] e.e = "GuestRcvUnloadResponse" -> C(RS, HS, GV, HV, M)!GuestRcvUnloadResponse
      [] e.e = "HostRcvInitiateContact" ->
            C(RS, HS, GV, HV, M)!HostRcvInitiateContact /\ GHead.v = e.v /\ (hconn' = "connected") = e.ok
      [] e.e = "HostRcvRequestOffers" -> C(RS, HS, GV, HV, M)!HostRcvRequestOffers(a)
      [] e.e = "HostSendOffer" -> C(RS, HS, GV, HV, M)!HostSendOffer(e.r)
      [] e.e = "HostSendRescind" -> C(RS, HS, GV, HV, M)!HostSendRescind(e.r)
      [] e.e = "HostRcvRelidReleased" -> C(RS, HS, GV, HV, M)!HostRcvRelidReleased /\ GHead.r = e.r
      [] e.e = "HostRcvGpadlHeader" ->
            /\ C(RS, HS, GV, HV, M)!HostRcvGpadlHeader
            /\ GHead.r = e.r /\ GHead.h = e.h /\ Opt(e, "n", GHead.n)
            /\ e.ok = ~SentFailure
      [] e.e = "HostRcvGpadlBody" ->
            /\ C(RS, HS, GV, HV, M)!HostRcvGpadlBody
            /\ GHead.h = e.h
            /\ Len(h2g') > Len(h2g) => h2g'[Len(h2g')].ok = a
      [] e.e = "HostRcvGpadlTeardown" ->
            C(RS, HS, GV, HV, M)!HostRcvGpadlTeardown /\ GHead.h = e.h /\ Opt(e, "r", GHead.r)
      [] e.e = "HostRcvOpenChannel" ->
            C(RS, HS, GV, HV, M)!HostRcvOpenChannel /\ GHead.r = e.r /\ Opt(e, "h", GHead.h)
      [] e.e = "HostSendOpenResult" -> C(RS, HS, GV, HV, M)!HostSendOpenResult(e.r, e.ok)
      [] e.e = "HostRcvCloseChannel" -> C(RS, HS, GV, HV, M)!HostRcvCloseChannel /\ GHead.r = e.r
      [] e.e = "HostRcvModifyChannel" -> C(RS, HS, GV, HV, M)!HostRcvModifyChannel(a) /\ GHead.r = e.r
      [] e.e = "HostRcvUnload" -> C(RS, HS, GV, HV, M)!HostRcvUnload
      [] OTHER -> FALSE

TraceInit ==
    /\ t \in 1..Len(Traces)
    /\ l = 1
    /\ \E RS \in {TRelids[t]}, HS \in {THandles[t]}, GV \in {TGuestVersions[t]},
          HV \in {THostVersions[t]}, M \in {Len(Traces[t])} :
          C(RS, HS, GV, HV, M)!Init

\* Replay the next event of trace t.
ReplayEvent ==
    /\ l <= Len(Traces[t])
    /\ FieldsOK(Traces[t][l])
    /\ \E RS \in {TRelids[t]}, HS \in {THandles[t]}, GV \in {TGuestVersions[t]},
          HV \in {THostVersions[t]}, M \in {Len(Traces[t])} :
          Replay(Traces[t][l], TArg[t][l], RS, HS, GV, HV, M)
    /\ ErrOK(Traces[t][l])
    /\ l' = l + 1
    /\ UNCHANGED t

\* Trace t is complete: stutter, so that only a stuck trace is a deadlock.
Done ==
    /\ l > Len(Traces[t])
    /\ UNCHANGED vars

TraceNext == ReplayEvent \/ Done

TraceSpec == TraceInit /\ [][TraceNext]_vars
=============================================================================
