------------------------ MODULE MCStorvscProtocolMbt ------------------------
(***************************************************************************)
(* The model that the model-based test of the Java VSC and VSP replays     *)
(* (model-tests org.hvref.storage.model): the behaviours of                *)
(* StorvscProtocol restricted to the choices the Java guest                *)
(* (storage.vsc.StorvscClient) makes where the spec leaves the guest a     *)
(* choice.  Every step is a step of StorvscProtocol's Next; the four       *)
(* variables added here only record where the Java guest's scan program    *)
(* stands, so every behaviour of this module is a behaviour of             *)
(* StorvscProtocol, and the Java sides refine the spec along every path of *)
(* its state graph.                                                        *)
(*                                                                         *)
(* The Java guest (one slot, LUN 0 only, SCSI, scan limit 1):              *)
(*  - sends CREATE_SUB_CHANNELS inside the receive of END's completion     *)
(*    when the properties named MULTI_CHANNEL (GuestSubChannels: it has    *)
(*    more than one CPU);                                                  *)
(*  - starts a scan when it becomes ready, and on a notification (or       *)
(*    after the running scan, if one runs);                                *)
(*  - a scan probes LUN 0 unless it was probed since the last              *)
(*    notification; if LUN 0 is then visible it sends ChainLen I/Os to it  *)
(*    one after the other (REPORT LUNS and the identification commands),   *)
(*    each inside the receive of the previous one's completion, and stops  *)
(*    as soon as LUN 0 is no longer visible (the next I/O is refused       *)
(*    locally, nothing is sent).                                           *)
(* A step the Java guest takes inside another one is "due": while a step   *)
(* is due, it is the only step enabled.                                    *)
(*                                                                         *)
(* The chain's first IdentLen commands (REPORT LUNS, INQUIRY, six VPD      *)
(* pages) are of class "ident", the rest (READ CAPACITY 10 / 16) "io".     *)
(* Where the spec leaves the host a choice the Java VSP                    *)
(* (storage.scsi.ScsiTarget) makes one too (JavaAbsentAnswer): at an      *)
(* empty LUN (a hot-remove may come at any point of the scan) it answers   *)
(* REPORT LUNS and the standard INQUIRY (the chain's first AbsentGood      *)
(* commands) GOOD and every VPD INQUIRY CHECK CONDITION; a failed VPD    *)
(* page 0x00 lists no page, so the Java scan then skips the other VPD      *)
(* pages (VpdList).  And the host rescinds only while at most RescindUpTo  *)
(* requests were sent (each rescind ends a behaviour, so it ends a path of *)
(* the edge cover).                                                        *)
(***************************************************************************)
EXTENDS MCStorvscProtocol

CONSTANTS
    ChainLen,         \* I/Os of the Java scan after a present probe (REPORT LUNS + identification)
    GuestSubChannels, \* whether the Java guest asks for sub-channels (more than one CPU)
    RescindUpTo       \* the host rescinds only while at most this many requests were sent (keeps the cover small)

VARIABLES
    scanning, \* the Java guest's scan runs
    rescan,   \* a notification arrived while it ran: it runs again at its end
    left,     \* I/Os of the running scan's chain still to send
    due       \* the guest step the Java guest takes next, inside the current call: "none", "probe", "io", "sub"

javaVars == <<scanning, rescan, left, due>>

\* LUN 0 empty at start (the guest finds it by a hot-add).
MCEmptyLun0 == [l \in {0} |-> "none"]
mbtVars == <<vars, javaVars>>

ASSUME Luns = {0} /\ Cardinality(IoIds) = 1 /\ ChainLen \in Nat \ {0} /\ GuestSubChannels \in BOOLEAN
ASSUME RescindUpTo \in 0..MaxSrbs

\* The chain's identification commands: REPORT LUNS, the standard INQUIRY and VPD pages 0x00, 0x80, 0x83, 0xB0, 0xB1,
\* 0xB2 (StorvscClient's scan); the first AbsentGood of them are answered GOOD at an empty LUN (ScsiTarget).
IdentLen == 8
AbsentGood == 2
\* The chain's command number of VPD page 0x00: answered with an error (at an empty LUN) it lists no page, and the
\* Java scan (StorvscClient.identify) skips the other VPD pages: READ CAPACITY 10 comes next.
VpdList == 3
ASSUME AbsentGood < VpdList /\ VpdList <= IdentLen /\ IdentLen <= ChainLen

MbtInit == Init /\ scanning = FALSE /\ rescan = FALSE /\ left = 0 /\ due = "none"

\* The scan program after a step, given the step's new probe / visible values (Java StorvscClient.runScan,
\* probeEach, scanEnded).
Idle == scanning' = FALSE /\ rescan' = FALSE /\ left' = 0 /\ due' = "none"
\* The chain after a present probe (r: whether a rescan is wanted at its end).
Chain(r) == scanning' = TRUE /\ rescan' = r /\ left' = ChainLen /\ due' = "io"
\* runScan: probe LUN 0, or (probed since the last notification) go on as the probe said.
StartScan ==
    IF probe'[0] = "none"
    THEN scanning' = TRUE /\ rescan' = FALSE /\ left' = 0 /\ due' = "probe"
    ELSE IF 0 \in visible' THEN Chain(FALSE) ELSE Idle
\* scanEnded: again if a notification asked for it, else idle.
EndScan == IF rescan THEN StartScan ELSE Idle

Free == due = "none"

\* One operator per action of StorvscProtocol, named Mbt<Action> (TLC labels the graph's edges with these names).
MbtGuestBeginInit == Free /\ GuestBeginInit /\ UNCHANGED javaVars

MbtGuestRcvInitComplete ==
    /\ Free /\ GuestRcvInitComplete
    /\ IF gstate = "waitEnd" /\ gstate' = "ready" /\ multi' /\ GuestSubChannels
       THEN due' = "sub" /\ UNCHANGED <<scanning, rescan, left>>
       ELSE IF gstate' = "ready" THEN StartScan
       ELSE UNCHANGED javaVars

MbtGuestCreateSubChannels ==
    due = "sub" /\ GuestCreateSubChannels /\ due' = "none" /\ UNCHANGED <<scanning, rescan, left>>

MbtGuestProbe(i) == due = "probe" /\ GuestProbe(i, 0) /\ due' = "none" /\ UNCHANGED <<scanning, rescan, left>>

\* The chain's command number ChainLen - left + 1 (1-based): its class.
ChainClass == IF ChainLen - left < IdentLen THEN "ident" ELSE "io"
MbtGuestIssueIo(i) ==
    /\ due = "io" /\ GuestIssueIo(i, 0, ChainClass)
    /\ due' = "none" /\ left' = left - 1 /\ UNCHANGED <<scanning, rescan>>

\* The chain's commands still to send after the completion m of its command number ChainLen - left.
LeftAfter(m) == IF ChainLen - left = VpdList /\ m.srb # "success" THEN ChainLen - IdentLen ELSE left

MbtGuestRcvSrbComplete ==
    /\ Free /\ GuestRcvSrbComplete
    /\ LET m == Head(h2g) IN
       IF ~Outstanding(m.id) THEN UNCHANGED javaVars
       ELSE IF \E i \in SlotIds(m.id) : slot[i].kind = "probe"
       THEN IF 0 \in visible' THEN Chain(rescan) ELSE EndScan
       ELSE IF left > 0 /\ 0 \in visible' THEN due' = "io" /\ left' = LeftAfter(m) /\ UNCHANGED <<scanning, rescan>>
       ELSE EndScan

MbtGuestRcvNotification ==
    /\ Free /\ GuestRcvNotification
    /\ IF gstate # "ready" THEN UNCHANGED javaVars
       ELSE IF scanning THEN rescan' = TRUE /\ UNCHANGED <<scanning, left, due>>
       ELSE StartScan

MbtHostRcvBegin == Free /\ HostRcvBegin /\ UNCHANGED javaVars
MbtHostRcvVersion == Free /\ HostRcvVersion /\ UNCHANGED javaVars
MbtHostRcvProps == Free /\ HostRcvProps /\ UNCHANGED javaVars
MbtHostRcvEnd == Free /\ HostRcvEnd /\ UNCHANGED javaVars
MbtHostRcvSubChannels == Free /\ HostRcvSubChannels /\ UNCHANGED javaVars
\* JavaAbsentAnswer (see the header): the identification command the host reads is the chain's command number
\* ChainLen - left (one slot: left does not change while it is outstanding).
JavaAbsentAnswer ==
    LET m == Head(g2h) IN
    hstate = "ready" /\ m.cr /\ m.id # 0 /\ kind[m.lun] = "none" /\ m.cdb = "ident" =>
        h2g'[Len(h2g')].srb = IF ChainLen - left <= AbsentGood THEN "success" ELSE "error"
MbtHostRcvSrb == Free /\ HostRcvSrb /\ JavaAbsentAnswer /\ UNCHANGED javaVars
MbtHostHotAdd(l, id) == Free /\ HostHotAdd(l, id) /\ UNCHANGED javaVars
MbtHostHotRemove(l, id) == Free /\ HostHotRemove(l, id) /\ UNCHANGED javaVars
MbtHostStrayComplete(id) == Free /\ HostStrayComplete(id) /\ UNCHANGED javaVars
MbtRescind == Free /\ nsrb <= RescindUpTo /\ Rescind /\ Idle

MbtNext ==
    \/ MbtGuestBeginInit \/ MbtGuestRcvInitComplete \/ MbtGuestCreateSubChannels
    \/ \E i \in IoIds : MbtGuestProbe(i) \/ MbtGuestIssueIo(i)
    \/ MbtGuestRcvSrbComplete \/ MbtGuestRcvNotification
    \/ MbtHostRcvBegin \/ MbtHostRcvVersion \/ MbtHostRcvProps \/ MbtHostRcvEnd \/ MbtHostRcvSubChannels
    \/ MbtHostRcvSrb
    \/ \E l \in Luns, id \in NotifyIds : MbtHostHotAdd(l, id) \/ MbtHostHotRemove(l, id)
    \/ \E id \in StrayIds : MbtHostStrayComplete(id)
    \/ MbtRescind

MbtSpec == MbtInit /\ [][MbtNext]_mbtVars

\* Every step of this module is a step of StorvscProtocol (checked as an action property).
RefinesSpecProp == [][Next]_vars
=============================================================================
