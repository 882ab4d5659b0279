--------------------------- MODULE MCVmbusChannel ---------------------------
(***************************************************************************)
(* Finite model of VmbusChannel for TLC.  The constants are set in         *)
(* MCVmbusChannel.cfg (all hazard switches FALSE: must pass) and in the    *)
(* MCVmbusChannel_<hazard>_bug.cfg files (one switch TRUE: must fail).     *)
(***************************************************************************)
EXTENDS VmbusChannel

\* The guest tries version 2 (refused by the host of the cfgs) then 1 (a cfg cannot write a tuple).
MCGuestVersions == <<2, 1>>

\* Relid 1 is offered in answer to REQUESTOFFERS.
MCInitialOffers == <<1>>

Hazards == <<BugHostTeardownOnRevoke, BugGuestEarlyRelease, BugOpenResultAfterRescind,
             BugNoWakeOnRescind, BugGuestReuseHandle, BugHostReofferBeforeRelease,
             BugGuestIgnoreGpadlFailure, BugHostDuplicateRescind, BugGuestReconnectWithoutUnload>>

ASSUME RelidSet \subseteq Nat \ {0} /\ RelidSet # {} /\ HandleSet \subseteq Nat \ {0} /\ HandleSet # {}
ASSUME InitialOffers \in Seq(RelidSet) /\ MaxHotOffers \in Nat
ASSUME MaxConnects \in Nat \ {0} /\ MaxBodies \in Nat
ASSUME GuestVersions \in Seq(Nat) /\ Len(GuestVersions) >= 1 /\ HostVersions \subseteq Nat
ASSUME {HostMayRefuseGpadl, HostMayFailOpen, HostMayFailModify} \subseteq BOOLEAN
ASSUME \A i \in 1..Len(Hazards) : Hazards[i] \in BOOLEAN
=============================================================================
