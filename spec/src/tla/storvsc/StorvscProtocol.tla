--------------------------- MODULE StorvscProtocol ---------------------------
(***************************************************************************)
(* StorVSC / VSTOR protocol on the primary channel of one synthetic SCSI   *)
(* controller (devices-net-storage-pci.md §3; hazards.md #11, #19, M7-M9,  *)
(* L-STOR-1/2, L-XACT-1/2).                                                *)
(*                                                                         *)
(* Guest (VSC): BEGIN_INITIALIZATION, QUERY_PROTOCOL_VERSION newest first  *)
(* (§3.4: Linux tries 6.2, 6.0, 5.1) until the host accepts one or the     *)
(* list is exhausted ("Obsolete Hyper-V version"), QUERY_PROPERTIES,       *)
(* END_INITIALIZATION, then optionally CREATE_SUB_CHANNELS when the        *)
(* properties name MULTI_CHANNEL.  Then EXECUTE_SRB: probes of each LUN    *)
(* (present iff the SRB status is not INVALID_LUN, M8) and commands to     *)
(* visible LUNs (identification: REPORT LUNS / INQUIRY, which an absent    *)
(* LUN answers without INVALID_LUN, §3.7; or data I/O), each under a       *)
(* transaction id from a small table (IoIds, L-XACT-1); a completion is    *)
(* accepted only as COMPLETE_IO with an outstanding id (§3.9).             *)
(* ENUMERATE_BUS / REMOVE_DEVICE (unsolicited, trans id 0, or whatever id  *)
(* a host puts there) trigger a rescan.                                    *)
(* Host (VSP, openvmm state machine Begin -> QueryVersion -> QueryProps -> *)
(* EndInit -> Ready): out-of-order packets get INVALID_DEVICE_STATE, an    *)
(* unaccepted version REVISION_MISMATCH, a request without completion flag *)
(* or with id 0 no completion (L-XACT-2).  The host may hot-add / remove   *)
(* LUNs, send stray completions for ids that are not outstanding, and      *)
(* rescind the channel.  Messages travel in two FIFO queues.               *)
(* Versions are naturals major * 256 + minor (the wire u16, §3.1).         *)
(* Java side: storvsc/CONTRACT.md.                                         *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    HostVersionChoices, \* set of sets of versions: the host's accepted set is one of them (fixed in Init)
    GuestVersions,      \* the guest's candidate versions, newest first
    MultiChannelMin,    \* lowest version whose properties may name MULTI_CHANNEL (5.1)
    HostMultiChannel,   \* whether the host offers sub-channels at all
    Luns,               \* LUN numbers on path 0 / target 0
    InitialKind,        \* [Luns -> {"disk", "dvd", "none"}]: what the host has attached at start
    DiskIoSrbs,         \* SRB statuses the host may answer to I/O on a disk (e.g. SUCCESS, INTERNAL_ERROR 0x30)
    IoIds,              \* the guest's transaction ids for EXECUTE_SRB (1..K)
    InitId,             \* the guest's transaction id for init packets (Linux VMBUS_RQST_INIT)
    MaxSrbs,            \* bound on EXECUTE_SRB requests (probes and I/O)
    MaxHotplug,         \* bound on host hot-add / hot-remove
    NotifyIds,          \* transaction ids the host may put on ENUMERATE_BUS / REMOVE_DEVICE (0, or a live id: M9)
    StrayIds,           \* ids of stray completions the host may send (0 or ids outside IoIds: a forged completion
                        \* of an id the guest may (re)use is indistinguishable from the real one, so not modelled)
    MaxStray,           \* bound on stray completions
    CanRescind,         \* whether the host may rescind the channel
    \* Hazard switches (all FALSE: the correct protocol).
    BugUnknownSrbIsSuccess,     \* #19 / L-STOR-1: SRB 0x30 not recognised, I/O treated as success with no data
    BugPresenceRequiresSuccess, \* #19 / M8: a LUN is present only if its probe answers SUCCESS
    BugOmitCompletionFlag,      \* #19 / M7: init packets sent without REQUEST_COMPLETION
    BugAcceptAnyAsCompletion,   \* #11 / M9: any packet whose id matches an outstanding request completes it
    BugNoIdValidation,          \* #11 / MO4, L-XACT-1: a completion for an id that is not outstanding is accepted
    BugGuestId0,                \* #11 / L-XACT-2: the guest's first I/O slot goes out as transaction id 0
    BugIoAfterRemove            \* the guest keeps sending I/O to a LUN it found removed

VARIABLES
    hostVersions, \* the host's accepted versions (fixed in Init)
    g2h, h2g,     \* FIFO queues guest -> host, host -> guest
    gstate,       \* "idle", "waitBegin", "waitVersion", "waitProps", "waitEnd", "ready", "waitSub", "failed", "closed"
    vidx,         \* index in GuestVersions of the version being queried (0 before)
    version,      \* negotiated version (0 = none)
    multi,        \* the properties named MULTI_CHANNEL
    subch,        \* sub-channels requested and granted
    slot,         \* [IoIds -> [st: {"free", "busy"}, n, lun, kind: {"probe", "ident", "io"}]]: the guest's
                  \* request table
    nsrb,         \* EXECUTE_SRB requests issued so far (request serials 1..nsrb)
    results,      \* [1..MaxSrbs -> [st, srb, by, cnt]]: per-request outcome, serial of the packet that completed
                  \* it (0 = an unsolicited or stray packet), number of completions accepted
    visible,      \* LUNs the guest shows to its SCSI layer
    gone,         \* LUNs the guest found removed (INVALID_LUN) since their last good probe
    probe,        \* [Luns -> {"none", "pending", "done"}]: scan state per LUN
    lunSrb,       \* [Luns -> Srbs \cup {"none"}]: the last SRB status the guest learned for the LUN (probe,
                  \* or INVALID_LUN on I/O)
    strayOk,      \* ghost: the guest accepted a completion for an id that was not outstanding
    hstate,       \* host: "begin", "queryVersion", "queryProps", "endInit", "ready", "gone"
    hversion,     \* host: accepted version (0 = none)
    kind,         \* host: [Luns -> {"disk", "dvd", "none"}]
    nhot,         \* host: hot-plug changes so far
    nstray,       \* host: stray completions so far
    rescinded     \* the channel was rescinded

vars == <<hostVersions, g2h, h2g, gstate, vidx, version, multi, subch, slot, nsrb, results, visible, gone, probe,
          lunSrb, strayOk, hstate, hversion, kind, nhot, nstray, rescinded>>
guestVars == <<gstate, vidx, version, multi, subch, slot, nsrb, results, visible, gone, probe, lunSrb, strayOk>>
hostVars == <<hostVersions, hstate, hversion, kind, nhot, nstray>>

Srbs == {"success", "error", "internal", "invalidLun"}
Statuses == {"success", "mismatch", "invalidState", "invalidParameter"}
Ops == {"begin", "version", "props", "end", "subch", "srb", "complete", "enumerate", "remove"}
\* The classes of an EXECUTE_SRB's CDB the guest may send to a visible LUN (§3.7): "ident" = the target-level /
\* identification commands REPORT LUNS (0xA0) and INQUIRY (0x12, standard and VPD), which an absent LUN answers
\* without INVALID_LUN; "io" = everything else (READ / WRITE / READ CAPACITY ...).  A probe is the class "probe".
CdbClasses == {"ident", "io"}

\* One packet; unused fields hold neutral values so that all packets are records of one shape.
Pkt(op, id, cr) == [op |-> op, id |-> id, cr |-> cr, v |-> 0, n |-> 0, lun |-> 0, cdb |-> "io",
                    st |-> "success", srb |-> "success", multi |-> FALSE]

\* The wire id of a slot (BugGuestId0: the first slot goes out as 0).
MinId == CHOOSE i \in IoIds : \A j \in IoIds : i <= j
WireId(i) == IF BugGuestId0 THEN i - MinId ELSE i
SlotIds(id) == {i \in IoIds : WireId(i) = id}
Busy(i) == slot[i].st = "busy"
Outstanding(id) == \E i \in SlotIds(id) : Busy(i)

InitFlag == ~BugOmitCompletionFlag
Waiting == {"waitBegin", "waitVersion", "waitProps", "waitEnd", "waitSub"}

\* The best version the guest and host share (0: none): what the newest-first walk ends with.
BestCommon ==
    LET idx == {i \in 1..Len(GuestVersions) : GuestVersions[i] \in hostVersions}
    IN IF idx = {} THEN 0 ELSE GuestVersions[CHOOSE i \in idx : \A j \in idx : i <= j]

NoResult == [st |-> "none", srb |-> "success", by |-> 0, cnt |-> 0]

TypeOK ==
    /\ hostVersions \in HostVersionChoices
    /\ gstate \in {"idle", "failed", "ready", "closed"} \cup Waiting
    /\ vidx \in 0..Len(GuestVersions)
    /\ multi \in BOOLEAN /\ subch \in BOOLEAN /\ strayOk \in BOOLEAN /\ rescinded \in BOOLEAN
    /\ \A i \in IoIds : slot[i].st \in {"free", "busy"} /\ slot[i].n \in 0..MaxSrbs /\ slot[i].lun \in Luns
                       /\ slot[i].kind \in {"probe"} \cup CdbClasses
    /\ nsrb \in 0..MaxSrbs
    /\ \A n \in 1..MaxSrbs : results[n].st \in {"none", "pending", "ok", "error", "aborted"}
                             /\ results[n].srb \in Srbs /\ results[n].cnt \in Nat
    /\ visible \subseteq Luns /\ gone \subseteq Luns
    /\ probe \in [Luns -> {"none", "pending", "done"}]
    /\ lunSrb \in [Luns -> Srbs \cup {"none"}]
    /\ hstate \in {"begin", "queryVersion", "queryProps", "endInit", "ready", "gone"}
    /\ kind \in [Luns -> {"disk", "dvd", "none"}]
    /\ \A k \in 1..Len(g2h) : g2h[k].op \in Ops /\ g2h[k].cdb \in {"probe"} \cup CdbClasses
    /\ \A k \in 1..Len(h2g) : h2g[k].op \in Ops /\ h2g[k].st \in Statuses /\ h2g[k].srb \in Srbs

Init ==
    /\ hostVersions \in HostVersionChoices
    /\ g2h = <<>> /\ h2g = <<>>
    /\ gstate = "idle" /\ vidx = 0 /\ version = 0 /\ multi = FALSE /\ subch = FALSE
    /\ slot = [i \in IoIds |-> [st |-> "free", n |-> 0, lun |-> CHOOSE l \in Luns : TRUE, kind |-> "io"]]
    /\ nsrb = 0
    /\ results = [n \in 1..MaxSrbs |-> NoResult]
    /\ visible = {} /\ gone = {}
    /\ probe = [l \in Luns |-> "none"]
    /\ lunSrb = [l \in Luns |-> "none"]
    /\ strayOk = FALSE
    /\ hstate = "begin" /\ hversion = 0
    /\ kind = InitialKind
    /\ nhot = 0 /\ nstray = 0 /\ rescinded = FALSE

-----------------------------------------------------------------------------
(* Guest: initialization (§3.4) *)

\* BEGIN_INITIALIZATION (7).
GuestBeginInit ==
    /\ ~rescinded /\ gstate = "idle"
    /\ gstate' = "waitBegin"
    /\ g2h' = Append(g2h, Pkt("begin", InitId, InitFlag))
    /\ UNCHANGED <<hostVars, h2g, vidx, version, multi, subch, slot, nsrb, results, visible, gone, probe,
                   lunSrb, strayOk, rescinded>>

\* The guest reads the completion of its outstanding init packet (COMPLETE_IO, status; Linux requires op
\* COMPLETE_IO and status 0, and moves on to the next version on REVISION_MISMATCH).
GuestRcvInitComplete ==
    /\ gstate \in Waiting
    /\ h2g # <<>> /\ Head(h2g).op = "complete" /\ Head(h2g).id = InitId
    /\ h2g' = Tail(h2g)
    /\ LET m == Head(h2g) IN
       CASE gstate = "waitBegin" ->
              IF m.st = "success"
              THEN /\ gstate' = "waitVersion" /\ vidx' = 1
                   /\ g2h' = Append(g2h, [Pkt("version", InitId, InitFlag) EXCEPT !.v = GuestVersions[1]])
                   /\ UNCHANGED <<version, multi, subch>>
              ELSE gstate' = "failed" /\ UNCHANGED <<g2h, vidx, version, multi, subch>>
         [] gstate = "waitVersion" ->
              IF m.st = "success"
              THEN /\ gstate' = "waitProps" /\ version' = GuestVersions[vidx]
                   /\ g2h' = Append(g2h, Pkt("props", InitId, InitFlag))
                   /\ UNCHANGED <<vidx, multi, subch>>
              ELSE IF m.st = "mismatch" /\ vidx < Len(GuestVersions)
              THEN /\ vidx' = vidx + 1
                   /\ g2h' = Append(g2h, [Pkt("version", InitId, InitFlag) EXCEPT !.v = GuestVersions[vidx + 1]])
                   /\ UNCHANGED <<gstate, version, multi, subch>>
              ELSE gstate' = "failed" /\ UNCHANGED <<g2h, vidx, version, multi, subch>>
         [] gstate = "waitProps" ->
              IF m.st = "success"
              THEN /\ gstate' = "waitEnd" /\ multi' = m.multi
                   /\ g2h' = Append(g2h, Pkt("end", InitId, InitFlag))
                   /\ UNCHANGED <<vidx, version, subch>>
              ELSE gstate' = "failed" /\ UNCHANGED <<g2h, vidx, version, multi, subch>>
         [] gstate = "waitEnd" ->
              /\ gstate' = IF m.st = "success" THEN "ready" ELSE "failed"
              /\ UNCHANGED <<g2h, vidx, version, multi, subch>>
         [] gstate = "waitSub" ->
              /\ gstate' = "ready" /\ subch' = (m.st = "success")
              /\ UNCHANGED <<g2h, vidx, version, multi>>
    /\ UNCHANGED <<hostVars, slot, nsrb, results, visible, gone, probe, lunSrb, strayOk, rescinded>>

\* CREATE_SUB_CHANNELS (13), only when the properties named MULTI_CHANNEL; optional, once.
GuestCreateSubChannels ==
    /\ ~rescinded /\ gstate = "ready" /\ multi /\ ~subch
    /\ \A i \in IoIds : ~Busy(i)
    /\ gstate' = "waitSub"
    /\ g2h' = Append(g2h, Pkt("subch", InitId, InitFlag))
    /\ UNCHANGED <<hostVars, h2g, vidx, version, multi, subch, slot, nsrb, results, visible, gone, probe,
                   lunSrb, strayOk, rescinded>>

-----------------------------------------------------------------------------
(* Guest: EXECUTE_SRB (§3.5) *)

Issue(i, l, k) ==
    /\ ~rescinded /\ gstate = "ready"
    /\ ~Busy(i) /\ nsrb < MaxSrbs
    /\ nsrb' = nsrb + 1
    /\ slot' = [slot EXCEPT ![i] = [st |-> "busy", n |-> nsrb + 1, lun |-> l, kind |-> k]]
    /\ results' = [results EXCEPT ![nsrb + 1].st = "pending"]
    /\ g2h' = Append(g2h, [Pkt("srb", WireId(i), TRUE) EXCEPT !.n = nsrb + 1, !.lun = l, !.cdb = k])

\* A scan probe (INQUIRY / TEST UNIT READY) of a LUN not yet probed since the last rescan.
GuestProbe(i, l) ==
    /\ probe[l] = "none"
    /\ Issue(i, l, "probe")
    /\ probe' = [probe EXCEPT ![l] = "pending"]
    /\ UNCHANGED <<hostVars, h2g, gstate, vidx, version, multi, subch, visible, gone, lunSrb, strayOk, rescinded>>

\* A command of class c (CdbClasses: identification or I/O) to a visible LUN.
GuestIssueIo(i, l, c) ==
    /\ c \in CdbClasses
    /\ l \in visible \/ (BugIoAfterRemove /\ l \in gone)
    /\ Issue(i, l, c)
    /\ UNCHANGED <<hostVars, h2g, gstate, vidx, version, multi, subch, visible, gone, probe, lunSrb, strayOk,
                   rescinded>>

\* How the guest reads an SRB status (L-STOR-1/2: 6-bit integer; ERROR, ABORTED, INVALID_REQUEST and
\* INTERNAL_ERROR 0x30 are errors; BugUnknownSrbIsSuccess: 0x30 falls through to success).
IoOutcome(srb) ==
    IF srb = "success" \/ (srb = "internal" /\ BugUnknownSrbIsSuccess) THEN "ok" ELSE "error"
\* Whether a probe answer means the LUN is present (M8: anything but INVALID_LUN).
Present(srb) == IF BugPresenceRequiresSuccess THEN srb = "success" ELSE srb # "invalidLun"

\* Completes the request in slot i with SRB status srb, carried by a packet of serial by.
CompleteSlot(i, srb, by) ==
    LET s == slot[i] IN
    /\ slot' = [slot EXCEPT ![i].st = "free"]
    /\ results' = [results EXCEPT ![s.n] = [st |-> IoOutcome(srb), srb |-> srb, by |-> by,
                                            cnt |-> results[s.n].cnt + 1]]
    /\ IF s.kind = "probe"
       THEN /\ probe' = [probe EXCEPT ![s.lun] = "done"]
            /\ lunSrb' = [lunSrb EXCEPT ![s.lun] = srb]
            /\ IF Present(srb)
               THEN visible' = visible \cup {s.lun} /\ gone' = gone \ {s.lun}
               ELSE visible' = visible \ {s.lun} /\ gone' = gone \cup {s.lun}
       ELSE /\ UNCHANGED probe
            /\ IF srb = "invalidLun"
               THEN /\ visible' = visible \ {s.lun} /\ gone' = gone \cup {s.lun}
                    /\ lunSrb' = [lunSrb EXCEPT ![s.lun] = srb]
               ELSE UNCHANGED <<visible, gone, lunSrb>>

\* The guest reads a COMPLETE_IO for an I/O id: outstanding -> completes it; else dropped ("Incorrect
\* transaction ID", §3.9), unless BugNoIdValidation (then the stale slot's request is completed again).
GuestRcvSrbComplete ==
    /\ gstate \notin {"closed"}
    /\ h2g # <<>> /\ Head(h2g).op = "complete" /\ Head(h2g).id # InitId
    /\ h2g' = Tail(h2g)
    /\ LET m == Head(h2g) IN
       IF Outstanding(m.id)
       THEN /\ \E i \in SlotIds(m.id) : Busy(i) /\ CompleteSlot(i, m.srb, m.n)
            /\ UNCHANGED strayOk
       ELSE IF BugNoIdValidation /\ SlotIds(m.id) # {}
       THEN \E i \in SlotIds(m.id) :
              /\ strayOk' = TRUE
              /\ IF slot[i].n > 0
                 THEN results' = [results EXCEPT ![slot[i].n].cnt = @ + 1]
                 ELSE UNCHANGED results
              /\ UNCHANGED <<slot, visible, gone, probe, lunSrb>>
       ELSE IF BugNoIdValidation
       THEN strayOk' = TRUE /\ UNCHANGED <<slot, results, visible, gone, probe, lunSrb>>
       ELSE UNCHANGED <<slot, results, visible, gone, probe, lunSrb, strayOk>>
    /\ UNCHANGED <<hostVars, g2h, gstate, vidx, version, multi, subch, nsrb, rescinded>>

\* The guest reads ENUMERATE_BUS / REMOVE_DEVICE: rescan (probe every LUN again).  BugAcceptAnyAsCompletion
\* (M9): a notification whose id matches an outstanding request is consumed as its (successful) completion.
GuestRcvNotification ==
    /\ gstate \notin {"closed"}
    /\ h2g # <<>> /\ Head(h2g).op \in {"enumerate", "remove"}
    /\ h2g' = Tail(h2g)
    /\ LET m == Head(h2g) IN
       IF BugAcceptAnyAsCompletion /\ Outstanding(m.id)
       THEN \E i \in SlotIds(m.id) : Busy(i) /\ CompleteSlot(i, "success", 0)
       ELSE /\ probe' = [l \in Luns |-> IF probe[l] = "pending" THEN "pending" ELSE "none"]
            /\ UNCHANGED <<slot, results, visible, gone, lunSrb>>
    /\ UNCHANGED <<hostVars, g2h, gstate, vidx, version, multi, subch, nsrb, strayOk, rescinded>>

-----------------------------------------------------------------------------
(* Host (VSP) *)

Complete(m, st) == [Pkt("complete", m.id, FALSE) EXCEPT !.n = m.n, !.st = st]
\* Answers an init packet only when it asked for a completion.
Answer(m, st) == IF m.cr THEN Append(h2g, Complete(m, st)) ELSE h2g

HostRcvBegin ==
    /\ hstate # "gone" /\ g2h # <<>> /\ Head(g2h).op = "begin"
    /\ g2h' = Tail(g2h)
    /\ IF hstate = "begin"
       THEN hstate' = "queryVersion" /\ h2g' = Answer(Head(g2h), "success")
       ELSE h2g' = Answer(Head(g2h), "invalidState") /\ UNCHANGED hstate
    /\ UNCHANGED <<guestVars, hostVersions, hversion, kind, nhot, nstray, rescinded>>

HostRcvVersion ==
    /\ hstate # "gone" /\ g2h # <<>> /\ Head(g2h).op = "version"
    /\ g2h' = Tail(g2h)
    /\ LET m == Head(g2h) IN
       IF hstate = "queryVersion"
       THEN IF m.v \in hostVersions
            THEN hstate' = "queryProps" /\ hversion' = m.v /\ h2g' = Answer(m, "success")
            ELSE h2g' = Answer(m, "mismatch") /\ UNCHANGED <<hstate, hversion>>
       ELSE h2g' = Answer(m, "invalidState") /\ UNCHANGED <<hstate, hversion>>
    /\ UNCHANGED <<guestVars, hostVersions, kind, nhot, nstray, rescinded>>

HostRcvProps ==
    /\ hstate # "gone" /\ g2h # <<>> /\ Head(g2h).op = "props"
    /\ g2h' = Tail(g2h)
    /\ LET m == Head(g2h) IN
       IF hstate = "queryProps"
       THEN /\ hstate' = "endInit"
            /\ h2g' = IF m.cr
                      THEN Append(h2g, [Complete(m, "success") EXCEPT
                                        !.multi = HostMultiChannel /\ hversion >= MultiChannelMin])
                      ELSE h2g
       ELSE h2g' = Answer(m, "invalidState") /\ UNCHANGED hstate
    /\ UNCHANGED <<guestVars, hostVersions, hversion, kind, nhot, nstray, rescinded>>

HostRcvEnd ==
    /\ hstate # "gone" /\ g2h # <<>> /\ Head(g2h).op = "end"
    /\ g2h' = Tail(g2h)
    /\ IF hstate = "endInit"
       THEN hstate' = "ready" /\ h2g' = Answer(Head(g2h), "success")
       ELSE h2g' = Answer(Head(g2h), "invalidState") /\ UNCHANGED hstate
    /\ UNCHANGED <<guestVars, hostVersions, hversion, kind, nhot, nstray, rescinded>>

HostRcvSubChannels ==
    /\ hstate # "gone" /\ g2h # <<>> /\ Head(g2h).op = "subch"
    /\ g2h' = Tail(g2h)
    /\ h2g' = Answer(Head(g2h),
                     IF hstate # "ready" THEN "invalidState"
                     ELSE IF HostMultiChannel /\ hversion >= MultiChannelMin THEN "success"
                     ELSE "invalidParameter")
    /\ UNCHANGED <<guestVars, hostVars, rescinded>>

\* SRB statuses the host may answer (§3.7): at an absent LUN, a probe or I/O INVALID_LUN, while the identification
\* commands are answered as by a target with no logical unit there: REPORT LUNS (target-level) and the standard
\* INQUIRY (peripheral qualifier / type 0x7F) GOOD, a VPD INQUIRY CHECK CONDITION / INVALID REQUEST (ERROR); a DVD
\* without media a CHECK CONDITION (ERROR); a disk's probe SUCCESS, any other command one of DiskIoSrbs (an
\* identification command too: a VPD page the disk does not support is a CHECK CONDITION, and it goes through the
\* same host path as I/O, so it may fail like I/O).
HostSrbs(m) ==
    CASE kind[m.lun] = "none" -> IF m.cdb = "ident" THEN {"success", "error"} ELSE {"invalidLun"}
      [] kind[m.lun] = "dvd" -> {"error"}
      [] OTHER -> IF m.cdb = "probe" THEN {"success"} ELSE DiskIoSrbs

\* EXECUTE_SRB: completed with an SRB status iff it asked for a completion under a non-zero id (L-XACT-2:
\* Hyper-V ignores id 0); in any state but Ready: INVALID_DEVICE_STATE.
HostRcvSrb ==
    /\ hstate # "gone" /\ g2h # <<>> /\ Head(g2h).op = "srb"
    /\ g2h' = Tail(g2h)
    /\ LET m == Head(g2h) IN
       IF hstate # "ready"
       THEN h2g' = Append(h2g, [Complete(m, "invalidState") EXCEPT !.srb = "error"])
       ELSE IF m.cr /\ m.id # 0
       THEN \E srb \in HostSrbs(m) : h2g' = Append(h2g, [Complete(m, "success") EXCEPT !.srb = srb])
       ELSE UNCHANGED h2g
    /\ UNCHANGED <<guestVars, hostVars, rescinded>>

\* Hot-add a disk at an empty LUN, then ENUMERATE_BUS (id from NotifyIds).
HostHotAdd(l, id) ==
    /\ hstate = "ready" /\ nhot < MaxHotplug /\ kind[l] = "none"
    /\ nhot' = nhot + 1 /\ kind' = [kind EXCEPT ![l] = "disk"]
    /\ h2g' = Append(h2g, Pkt("enumerate", id, FALSE))
    /\ UNCHANGED <<guestVars, g2h, hostVersions, hstate, hversion, nstray, rescinded>>

\* Hot-remove a LUN, then REMOVE_DEVICE (id from NotifyIds).
HostHotRemove(l, id) ==
    /\ hstate = "ready" /\ nhot < MaxHotplug /\ kind[l] # "none"
    /\ nhot' = nhot + 1 /\ kind' = [kind EXCEPT ![l] = "none"]
    /\ h2g' = Append(h2g, Pkt("remove", id, FALSE))
    /\ UNCHANGED <<guestVars, g2h, hostVersions, hstate, hversion, nstray, rescinded>>

\* A stray COMPLETE_IO for an id that is not outstanding (0 or unknown).
HostStrayComplete(id) ==
    /\ hstate = "ready" /\ nstray < MaxStray
    /\ ~Outstanding(id)
    /\ nstray' = nstray + 1
    /\ h2g' = Append(h2g, [Pkt("complete", id, FALSE) EXCEPT !.srb = "success"])
    /\ UNCHANGED <<guestVars, g2h, hostVersions, hstate, hversion, kind, nhot, rescinded>>

\* The host rescinds the channel: packets in flight are lost; the guest fails its outstanding requests
\* (aborted) and sends nothing more.
Rescind ==
    /\ CanRescind /\ ~rescinded
    /\ rescinded' = TRUE /\ hstate' = "gone"
    /\ g2h' = <<>> /\ h2g' = <<>>
    /\ gstate' = "closed"
    /\ slot' = [i \in IoIds |-> [slot[i] EXCEPT !.st = "free"]]
    /\ results' = [n \in 1..MaxSrbs |->
                     IF results[n].st = "pending" THEN [results[n] EXCEPT !.st = "aborted"] ELSE results[n]]
    /\ UNCHANGED <<hostVersions, hversion, kind, nhot, nstray, vidx, version, multi, subch, nsrb, visible, gone,
                   probe, lunSrb, strayOk>>

Next ==
    \/ GuestBeginInit \/ GuestRcvInitComplete \/ GuestCreateSubChannels
    \/ \E i \in IoIds, l \in Luns : GuestProbe(i, l) \/ \E c \in CdbClasses : GuestIssueIo(i, l, c)
    \/ GuestRcvSrbComplete \/ GuestRcvNotification
    \/ HostRcvBegin \/ HostRcvVersion \/ HostRcvProps \/ HostRcvEnd \/ HostRcvSubChannels \/ HostRcvSrb
    \/ \E l \in Luns, id \in NotifyIds : HostHotAdd(l, id) \/ HostHotRemove(l, id)
    \/ \E id \in StrayIds : HostStrayComplete(id)
    \/ Rescind

Fairness ==
    /\ WF_vars(GuestBeginInit) /\ WF_vars(GuestRcvInitComplete) /\ WF_vars(GuestRcvSrbComplete)
    /\ WF_vars(GuestRcvNotification)
    /\ WF_vars(HostRcvBegin) /\ WF_vars(HostRcvVersion) /\ WF_vars(HostRcvProps) /\ WF_vars(HostRcvEnd)
    /\ WF_vars(HostRcvSubChannels) /\ WF_vars(HostRcvSrb)

Spec == Init /\ [][Next]_vars /\ Fairness

-----------------------------------------------------------------------------
(* Properties *)

\* The negotiated version is the newest one both support (§3.4, newest first).
NegotiatedIsBestCommonInv == version # 0 => version = BestCommon /\ version \in hostVersions

\* Initialization fails only when the host accepts none of the guest's versions (or the channel went away).
FailsOnlyWithoutCommonInv == gstate = "failed" => BestCommon = 0

\* A host past version negotiation agrees with the guest.
HostAgreesInv == hstate \in {"endInit", "ready"} /\ gstate \in {"waitEnd", "ready", "waitSub"} => hversion = version

\* Sub-channels only when the properties named MULTI_CHANNEL (version >= 5.1 and host support).
SubChannelsOnlyIfMultiInv ==
    /\ multi => version >= MultiChannelMin /\ HostMultiChannel
    /\ subch => multi

\* Every request is completed at most once (exactly once with RequestCompletesProp).
CompletedAtMostOnceInv == \A n \in 1..MaxSrbs : results[n].cnt <= 1

\* A request is completed only by the host's completion of that very request, never by an unsolicited
\* packet (ENUMERATE_BUS / REMOVE_DEVICE) or a stray one (hazards.md #11 (a), M9).
UnsolicitedNeverCompletesRequestInv ==
    \A n \in 1..MaxSrbs : results[n].st \in {"ok", "error"} => results[n].by = n

\* No completion for an id that is not outstanding is accepted (hazards.md #11 (b), MO4).
CompletionOnlyForOutstandingIdInv == ~strayOk

\* An I/O reported successful had SRB SUCCESS (hazards.md #19, L-STOR-1: 0x30 is not a zero-length success).
NoZeroLengthSuccessInv == \A n \in 1..MaxSrbs : results[n].st = "ok" => results[n].srb = "success"

\* After a probe, a LUN is visible iff its status was not INVALID_LUN (hazards.md #19, M8: DVD LUNs too).
AllNonInvalidLunVisibleInv ==
    \A l \in Luns : lunSrb[l] # "none" => (l \in visible <=> lunSrb[l] # "invalidLun")

\* The guest's request table matches the per-request outcome.
TableConsistentInv ==
    \A i \in IoIds : Busy(i) => slot[i].n \in 1..nsrb /\ results[slot[i].n].st = "pending"

\* No new request after the guest found a LUN removed (until a probe finds it again), none after rescind.
NoRequestAfterRemoveProp ==
    [][\A i \in IoIds : ~Busy(i) /\ slot'[i].st = "busy" =>
          /\ ~rescinded
          /\ (slot'[i].kind \in CdbClasses => slot'[i].lun \notin gone)]_vars

\* Every request completes, or the channel is rescinded (hazards.md #11 (c), #19 M7).
RequestCompletesProp == \A i \in IoIds : Busy(i) ~> (~Busy(i) \/ rescinded)

\* Initialization ends (ready, failed, or rescinded) (hazards.md #19, M7: completion flag).
InitEndsProp == gstate \in Waiting ~> gstate \in {"ready", "failed", "closed"}
=============================================================================
