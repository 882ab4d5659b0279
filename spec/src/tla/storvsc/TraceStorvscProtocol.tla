------------------------- MODULE TraceStorvscProtocol -------------------------
(***************************************************************************)
(* Trace validation: checks that logs of a Java StorVSC guest and VSP host *)
(* (storvsc/CONTRACT.md) are behaviours of StorvscProtocol with every      *)
(* hazard switch off.                                                      *)
(*                                                                         *)
(* The log is the generated module TraceStorvscProtocolLog (Traces), one   *)
(* trace per controller channel; many traces are checked in one TLC run.   *)
(* Each initial state picks one trace t and starts at event l = 1; each    *)
(* step replays event Traces[t][l] as the StorvscProtocol action of the    *)
(* same name, and the event's fields must equal what the action does.     *)
(*                                                                         *)
(* Constants are derived from the trace (CONTRACT.md): the guest's version *)
(* list and init id from GuestBeginInit (gvers, id); the host's accepted   *)
(* versions, multi-channel support and attached LUNs from HostRcvBegin     *)
(* (hvers, multi, disks, dvds); ids, LUNs and bounds from the events.      *)
(* GuestIssueIo's optional field cdb ("ident" / "io") is the class of the  *)
(* command sent; an event without it is "io".                              *)
(*                                                                         *)
(* Verdict (run TLC WITHOUT -deadlock, so deadlock checking is on):        *)
(*   exit 0  every trace is a behaviour of StorvscProtocol;                *)
(*   exit 11 deadlock: some event cannot be replayed; the last state of    *)
(*           the counterexample names the trace t and the event index l.   *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets, TraceStorvscProtocolLog

VARIABLES
    hostVersions, g2h, h2g, gstate, vidx, version, multi, subch, slot, nsrb, results, visible, gone, probe,
    lunSrb, strayOk, hstate, hversion, kind, nhot, nstray, rescinded,
    t,      \* the trace being replayed (index into Traces)
    l       \* the next event of trace t to replay (1-based)

svVars == <<hostVersions, g2h, h2g, gstate, vidx, version, multi, subch, slot, nsrb, results, visible, gone, probe,
            lunSrb, strayOk, hstate, hversion, kind, nhot, nstray, rescinded>>
vars == <<svVars, t, l>>

-----------------------------------------------------------------------------
(* Constants derived from the log (constant-level: TLC evaluates them once). *)

F(e, f, d) == IF f \in DOMAIN e THEN e[f] ELSE d
EventsNamed(tr, name) == SelectSeq(tr, LAMBDA e : e.e = name)
EventsIn(tr, names) == SelectSeq(tr, LAMBDA e : e.e \in names)
FirstOr(s, d) == IF s = <<>> THEN d ELSE Head(s)
Range(s) == {s[i] : i \in 1..Len(s)}
MaxOr(S, d) == IF S = {} THEN d ELSE CHOOSE x \in S : \A y \in S : y <= x

\* The constants of trace tr as one record.
Consts(tr) ==
    LET g == FirstOr(EventsNamed(tr, "GuestBeginInit"), [gvers |-> <<1>>, id |-> 1000])
        h == FirstOr(EventsNamed(tr, "HostRcvBegin"), [hvers |-> <<>>, multi |-> FALSE, disks |-> <<>>,
                                                        dvds |-> <<>>])
        srbs == EventsIn(tr, {"GuestProbe", "GuestIssueIo"})
        hot == EventsIn(tr, {"HostHotAdd", "HostHotRemove"})
        stray == EventsNamed(tr, "HostStrayComplete")
        disks == Range(F(h, "disks", <<>>))
        dvds == Range(F(h, "dvds", <<>>))
        luns == {0} \cup disks \cup dvds \cup {tr[k].lun : k \in {k \in 1..Len(tr) : "lun" \in DOMAIN tr[k]}}
    IN [gv |-> F(g, "gvers", <<1>>), initId |-> F(g, "id", 1000),
        hv |-> Range(F(h, "hvers", <<>>)), hm |-> F(h, "multi", FALSE),
        luns |-> luns,
        kind |-> [x \in luns |-> IF x \in disks THEN "disk" ELSE IF x \in dvds THEN "dvd" ELSE "none"],
        ioIds |-> 1..MaxOr({srbs[k].id : k \in 1..Len(srbs)}, 1),
        maxSrbs |-> Len(srbs),
        maxHot |-> Len(hot),
        notifyIds |-> {0} \cup {hot[k].id : k \in 1..Len(hot)},
        strayIds |-> {0} \cup {stray[k].id : k \in 1..Len(stray)},
        maxStray |-> Len(stray)]

TConsts == [i \in 1..Len(Traces) |-> Consts(Traces[i])]

-----------------------------------------------------------------------------
(* The storvsc spec for one trace: every hazard switch off. *)

C(K) == INSTANCE StorvscProtocol WITH
    HostVersionChoices <- {K.hv}, GuestVersions <- K.gv, MultiChannelMin <- 1281, HostMultiChannel <- K.hm,
    Luns <- K.luns, InitialKind <- K.kind, DiskIoSrbs <- {"success", "error", "internal"},
    IoIds <- K.ioIds, InitId <- K.initId, MaxSrbs <- K.maxSrbs, MaxHotplug <- K.maxHot,
    NotifyIds <- K.notifyIds, StrayIds <- K.strayIds, MaxStray <- K.maxStray, CanRescind <- TRUE,
    BugUnknownSrbIsSuccess <- FALSE, BugPresenceRequiresSuccess <- FALSE, BugOmitCompletionFlag <- FALSE,
    BugAcceptAnyAsCompletion <- FALSE, BugNoIdValidation <- FALSE, BugGuestId0 <- FALSE,
    BugIoAfterRemove <- FALSE

\* Fields each event must have, and may have besides (CONTRACT.md).
Fields == [
    GuestBeginInit |-> <<{"gvers", "id"}, {}>>,
    GuestRcvInitComplete |-> <<{"st"}, {}>>,
    GuestCreateSubChannels |-> <<{}, {}>>,
    GuestProbe |-> <<{"id", "lun"}, {}>>,
    GuestIssueIo |-> <<{"id", "lun"}, {"cdb"}>>,
    GuestRcvSrbComplete |-> <<{"id", "srb", "ok"}, {}>>,
    GuestRcvNotification |-> <<{"op", "id"}, {}>>,
    HostRcvBegin |-> <<{"hvers", "multi", "disks", "dvds", "st"}, {}>>,
    HostRcvVersion |-> <<{"v", "st"}, {}>>,
    HostRcvProps |-> <<{"st", "multi"}, {}>>,
    HostRcvEnd |-> <<{"st"}, {}>>,
    HostRcvSubChannels |-> <<{"st"}, {}>>,
    HostRcvSrb |-> <<{"id", "lun", "srb", "st"}, {}>>,
    HostHotAdd |-> <<{"lun", "id"}, {}>>,
    HostHotRemove |-> <<{"lun", "id"}, {}>>,
    HostStrayComplete |-> <<{"id"}, {}>>,
    Rescind |-> <<{}, {}>>]

FieldsOK(e) ==
    /\ e.e \in DOMAIN Fields
    /\ Fields[e.e][1] \subseteq DOMAIN e
    /\ DOMAIN e \subseteq {"e"} \cup Fields[e.e][1] \cup Fields[e.e][2]

\* The packet the host just queued.
Sent == h2g'[Len(h2g')]
Answered == Len(h2g') > Len(h2g)

Replay(e, K) ==
    CASE e.e = "GuestBeginInit" -> C(K)!GuestBeginInit
      [] e.e = "GuestRcvInitComplete" -> C(K)!GuestRcvInitComplete /\ Head(h2g).st = e.st
      [] e.e = "GuestCreateSubChannels" -> C(K)!GuestCreateSubChannels
      [] e.e = "GuestProbe" -> e.id \in K.ioIds /\ e.lun \in K.luns /\ C(K)!GuestProbe(e.id, e.lun)
      [] e.e = "GuestIssueIo" ->
            e.id \in K.ioIds /\ e.lun \in K.luns /\ C(K)!GuestIssueIo(e.id, e.lun, F(e, "cdb", "io"))
      [] e.e = "GuestRcvSrbComplete" ->
            /\ Head(h2g).id = e.id /\ Head(h2g).srb = e.srb
            /\ e.ok = (e.id \in K.ioIds /\ slot[e.id].st = "busy")
            /\ C(K)!GuestRcvSrbComplete
      [] e.e = "GuestRcvNotification" ->
            C(K)!GuestRcvNotification /\ Head(h2g).op = e.op /\ Head(h2g).id = e.id
      [] e.e = "HostRcvBegin" -> C(K)!HostRcvBegin /\ Answered /\ Sent.st = e.st
      [] e.e = "HostRcvVersion" -> C(K)!HostRcvVersion /\ Head(g2h).v = e.v /\ Answered /\ Sent.st = e.st
      [] e.e = "HostRcvProps" -> C(K)!HostRcvProps /\ Answered /\ Sent.st = e.st /\ Sent.multi = e.multi
      [] e.e = "HostRcvEnd" -> C(K)!HostRcvEnd /\ Answered /\ Sent.st = e.st
      [] e.e = "HostRcvSubChannels" -> C(K)!HostRcvSubChannels /\ Answered /\ Sent.st = e.st
      [] e.e = "HostRcvSrb" ->
            /\ Head(g2h).id = e.id /\ Head(g2h).lun = e.lun
            /\ C(K)!HostRcvSrb
            /\ Answered /\ Sent.srb = e.srb /\ Sent.st = e.st
      [] e.e = "HostHotAdd" -> e.lun \in K.luns /\ C(K)!HostHotAdd(e.lun, e.id)
      [] e.e = "HostHotRemove" -> e.lun \in K.luns /\ C(K)!HostHotRemove(e.lun, e.id)
      [] e.e = "HostStrayComplete" -> C(K)!HostStrayComplete(e.id)
      [] e.e = "Rescind" -> C(K)!Rescind
      [] OTHER -> FALSE

TraceInit ==
    /\ t \in 1..Len(Traces)
    /\ l = 1
    /\ \E K \in {TConsts[t]} : C(K)!Init

\* Replay the next event of trace t.
ReplayEvent ==
    /\ l <= Len(Traces[t])
    /\ FieldsOK(Traces[t][l])
    /\ \E K \in {TConsts[t]} : Replay(Traces[t][l], K)
    /\ l' = l + 1
    /\ UNCHANGED t

\* Trace t is complete: stutter, so that only a stuck trace is a deadlock.
Done ==
    /\ l > Len(Traces[t])
    /\ UNCHANGED vars

TraceNext == ReplayEvent \/ Done

TraceSpec == TraceInit /\ [][TraceNext]_vars
=============================================================================
