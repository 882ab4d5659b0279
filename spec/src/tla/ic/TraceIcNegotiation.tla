-------------------------- MODULE TraceIcNegotiation --------------------------
(***************************************************************************)
(* Trace validation: checks that logs of the Java IC host                  *)
(* (org.hvref.ic.IcHostNegotiator) and guest (IcServiceClient)            *)
(* (ic/CONTRACT-IcNegotiation.md) are behaviours of IcNegotiation with every hazard      *)
(* switch off.                                                             *)
(*                                                                         *)
(* The log is the generated module TraceIcNegotiationLog (Traces), one     *)
(* trace per IC channel; many traces are checked in one TLC run.  Each     *)
(* initial state picks one trace t and starts at event l = 1.  Each step   *)
(* replays event Traces[t][l] as the IcNegotiation action of the same      *)
(* name; the event's fields must equal what the action does.               *)
(*                                                                         *)
(* Constants are derived from the trace (CONTRACT-IcNegotiation.md): the host offer from *)
(* its HostSendNegotiate (hfw, hmsg), the guest's family and lists from    *)
(* its first GuestRcvNegotiate (policy, gfw, gmsg), the consumer's         *)
(* presence from a GuestRcvRequest with ok or a GuestDeliverRequest, the   *)
(* request bound from the number of HostSendRequest events.               *)
(*                                                                         *)
(* Verdict (run TLC WITHOUT -deadlock, so deadlock checking is on):        *)
(*   exit 0  every trace is a behaviour of IcNegotiation;                  *)
(*   exit 11 deadlock: some event cannot be replayed; the last state of    *)
(*           the counterexample names the trace t and the event index l.   *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets, TraceIcNegotiationLog

VARIABLES
    offer, consumer, h2g, g2h, hstate, hfw, hmsg, gstate, gfw, gmsg, acting, toDeliver, delivered,
    answeredOk, nreq,
    t,      \* the trace being replayed (index into Traces)
    l       \* the next event of trace t to replay (1-based)

icVars == <<offer, consumer, h2g, g2h, hstate, hfw, hmsg, gstate, gfw, gmsg, acting, toDeliver, delivered,
            answeredOk, nreq>>
vars == <<icVars, t, l>>

-----------------------------------------------------------------------------
(* Constants derived from the log (constant-level: TLC evaluates them once). *)

F(e, f, d) == IF f \in DOMAIN e THEN e[f] ELSE d
EventsNamed(tr, name) == SelectSeq(tr, LAMBDA e : e.e = name)
FirstOr(s, d) == IF s = <<>> THEN d ELSE Head(s)

\* The host offer of trace i (from its first HostSendNegotiate).
TOffer == [i \in 1..Len(Traces) |->
    LET n == FirstOr(EventsNamed(Traces[i], "HostSendNegotiate"), [hfw |-> <<1>>, hmsg |-> <<1>>])
    IN [fw |-> F(n, "hfw", <<1>>), msg |-> F(n, "hmsg", <<1>>)]]
\* The guest configuration of trace i (from its first GuestRcvNegotiate).
TGuest == [i \in 1..Len(Traces) |->
    LET g == FirstOr(EventsNamed(Traces[i], "GuestRcvNegotiate"), [policy |-> "linux", gfw |-> <<1>>, gmsg |-> <<1>>])
    IN [policy |-> F(g, "policy", "linux"), fw |-> F(g, "gfw", <<1>>), msg |-> F(g, "gmsg", <<1>>)]]
\* Whether the guest of trace i has a consumer.
TConsumer == [i \in 1..Len(Traces) |->
    \E k \in 1..Len(Traces[i]) :
        \/ Traces[i][k].e = "GuestDeliverRequest"
        \/ Traces[i][k].e = "GuestRcvRequest" /\ F(Traces[i][k], "ok", FALSE) = TRUE]
\* The request bound of trace i.
TMaxRequests == [i \in 1..Len(Traces) |-> Len(EventsNamed(Traces[i], "HostSendRequest"))]

-----------------------------------------------------------------------------
(* The IC spec for one trace: every hazard switch off. *)

C(O, GF, GM, P, CC, M) == INSTANCE IcNegotiation WITH
    OfferChoices <- {O}, GuestFw <- GF, GuestMsg <- GM, Policy <- P, ConsumerChoices <- {CC},
    MaxRequests <- M,
    BugGuestAcceptUnoffered <- FALSE, BugGuestWrongFramework <- FALSE, BugVersionFromVmbus <- FALSE,
    BugActBeforeAnswer <- FALSE

\* Fields each event must have, and may have besides (CONTRACT-IcNegotiation.md).
Fields == [
    HostSendNegotiate |-> <<{"hfw", "hmsg"}, {}>>,
    GuestRcvNegotiate |-> <<{"policy", "gfw", "gmsg", "ok", "resp"}, {"fw", "msg"}>>,
    HostRcvNegotiateResponse |-> <<{"ok"}, {"fw", "msg"}>>,
    HostNegotiateTimeout |-> <<{}, {}>>,
    HostSendRequest |-> <<{}, {}>>,
    GuestRcvRequest |-> <<{"ok"}, {}>>,
    GuestDeliverRequest |-> <<{}, {}>>,
    HostRcvResponse |-> <<{"ok"}, {}>>]

FieldsOK(e) ==
    /\ e.e \in DOMAIN Fields
    /\ Fields[e.e][1] \subseteq DOMAIN e
    /\ DOMAIN e \subseteq {"e"} \cup Fields[e.e][1] \cup Fields[e.e][2]

\* Versions an ok event names equal the step's; a failed one names none.
Chosen(e, fw, msg) ==
    IF e.ok THEN F(e, "fw", 0) = fw /\ F(e, "msg", 0) = msg
    ELSE ~("fw" \in DOMAIN e) /\ ~("msg" \in DOMAIN e)

Replay(e, O, GF, GM, P, CC, M) ==
    CASE e.e = "HostSendNegotiate" ->
            C(O, GF, GM, P, CC, M)!HostSendNegotiate /\ e.hfw = offer.fw /\ e.hmsg = offer.msg
      [] e.e = "GuestRcvNegotiate" ->
            /\ C(O, GF, GM, P, CC, M)!GuestRcvNegotiate
            /\ e.policy = P /\ e.gfw = GF /\ e.gmsg = GM
            /\ e.resp = (Len(g2h') > Len(g2h))
            /\ e.ok = (gstate' = "ready")
            /\ Chosen(e, gfw', gmsg')
      [] e.e = "HostRcvNegotiateResponse" ->
            /\ C(O, GF, GM, P, CC, M)!HostRcvNegotiateResponse
            /\ e.ok = (hstate' = "ready")
            /\ Chosen(e, hfw', hmsg')
      [] e.e = "HostNegotiateTimeout" -> C(O, GF, GM, P, CC, M)!HostNegotiateTimeout
      [] e.e = "HostSendRequest" -> C(O, GF, GM, P, CC, M)!HostSendRequest
      [] e.e = "GuestRcvRequest" ->
            C(O, GF, GM, P, CC, M)!GuestRcvRequest /\ Len(g2h') > 0 /\ g2h'[Len(g2h')].ok = e.ok
      [] e.e = "GuestDeliverRequest" -> C(O, GF, GM, P, CC, M)!GuestDeliverRequest
      [] e.e = "HostRcvResponse" -> C(O, GF, GM, P, CC, M)!HostRcvResponse /\ Head(g2h).ok = e.ok
      [] OTHER -> FALSE

TraceInit ==
    /\ t \in 1..Len(Traces)
    /\ l = 1
    /\ \E O \in {TOffer[t]}, GF \in {TGuest[t].fw}, GM \in {TGuest[t].msg}, P \in {TGuest[t].policy},
          CC \in {TConsumer[t]}, M \in {TMaxRequests[t]} :
          C(O, GF, GM, P, CC, M)!Init

\* Replay the next event of trace t.
ReplayEvent ==
    /\ l <= Len(Traces[t])
    /\ FieldsOK(Traces[t][l])
    /\ \E O \in {TOffer[t]}, GF \in {TGuest[t].fw}, GM \in {TGuest[t].msg}, P \in {TGuest[t].policy},
          CC \in {TConsumer[t]}, M \in {TMaxRequests[t]} :
          Replay(Traces[t][l], O, GF, GM, P, CC, M)
    /\ l' = l + 1
    /\ UNCHANGED t

\* Trace t is complete: stutter, so that only a stuck trace is a deadlock.
Done ==
    /\ l > Len(Traces[t])
    /\ UNCHANGED vars

TraceNext == ReplayEvent \/ Done

TraceSpec == TraceInit /\ [][TraceNext]_vars
=============================================================================
