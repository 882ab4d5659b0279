--------------------------- MODULE MCVmbusChannel ---------------------------
(***************************************************************************)
(* Finite model of VmbusChannel for TLC.  The constants are set in         *)
(* MCVmbusChannel.cfg (all hazard switches FALSE: must pass) and in the    *)
(* MCVmbusChannel_<hazard>_bug.cfg files (one switch TRUE: must fail).     *)
(***************************************************************************)
EXTENDS VmbusChannel

\* The guest tries version 2 (refused by the host of the cfgs) then 1 (a cfg cannot write a tuple).
MCGuestVersions == <<2, 1>>

Hazards == <<BugHostTeardownOnRevoke, BugGuestEarlyRelease, BugOpenResultAfterRescind,
             BugNoWakeOnRescind, BugGuestReuseHandle, BugHostReofferBeforeRelease>>

ASSUME NRelids \in Nat \ {0} /\ NHandles \in Nat \ {0}
ASSUME NInitial \in 0..NRelids /\ MaxOffers \in Nat /\ NInitial <= MaxOffers
ASSUME GuestVersions \in Seq(Nat) /\ Len(GuestVersions) >= 1 /\ HostVersions \subseteq Nat
ASSUME \A i \in 1..Len(Hazards) : Hazards[i] \in BOOLEAN
=============================================================================
