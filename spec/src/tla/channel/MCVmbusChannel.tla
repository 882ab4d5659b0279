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

\* Only primaries (MCVmbusChannel.cfg), or relid 2 a subchannel of relid 1 (_subchannel cfgs).
MCNoSubchannels == [r \in RelidSet |-> 0]
MCSubchannelOf1 == [r \in RelidSet |-> IF r = 2 THEN 1 ELSE 0]

\* The subchannel cfgs skip the version fallback.
MCGuestVersionsOne == <<1>>

Hazards == <<BugHostTeardownOnRevoke, BugGuestEarlyRelease, BugOpenResultAfterRescind,
             BugNoWakeOnRescind, BugGuestReuseHandle, BugHostReofferBeforeRelease,
             BugGuestIgnoreGpadlFailure, BugHostDuplicateRescind, BugGuestReconnectWithoutUnload,
             BugHostPrimaryRescindFirst>>

ASSUME RelidSet \subseteq Nat \ {0} /\ RelidSet # {} /\ HandleSet \subseteq Nat \ {0} /\ HandleSet # {}
ASSUME InitialOffers \in Seq(RelidSet) /\ MaxHotOffers \in Nat
ASSUME PrimaryOf \in [RelidSet -> {0} \cup RelidSet]
ASSUME \A i \in 1..Len(InitialOffers) : PrimaryOf[InitialOffers[i]] = 0
ASSUME \A s \in RelidSet : PrimaryOf[s] # 0 => PrimaryOf[PrimaryOf[s]] = 0
ASSUME MaxConnects \in Nat \ {0} /\ MaxBodies \in Nat
ASSUME GuestVersions \in Seq(Nat) /\ Len(GuestVersions) >= 1 /\ HostVersions \subseteq Nat
ASSUME {HostMayRefuseGpadl, HostMayFailOpen, HostMayFailModify} \subseteq BOOLEAN
ASSUME \A i \in 1..Len(Hazards) : Hazards[i] \in BOOLEAN
=============================================================================
