---------------------------- MODULE MCVmbusRing ----------------------------
(***************************************************************************)
(* Finite model of VmbusRing for TLC.  The constants are set in            *)
(* MCVmbusRing.cfg (all hazard switches FALSE: must pass) and in the       *)
(* MCVmbusRing_<hazard>_bug.cfg files (one switch TRUE: must fail).        *)
(***************************************************************************)
EXTENDS VmbusRing

Hazards == <<BugNoRecheck, BugStaleView, BugPendingNoCrossing, BugPendingOrder,
             BugSignalAlways, BugSignalNever, BugDrainOne, BugCopyBuf>>

ASSUME DataSize \in Nat /\ DataSize >= 32 /\ DataSize % 8 = 0
ASSUME Sizes # {} /\ Sizes \subseteq PacketLens
ASSUME MaxPackets \in Nat
ASSUME FeatPendingSend \in BOOLEAN
ASSUME \A i \in 1..Len(Hazards) : Hazards[i] \in BOOLEAN
ASSUME ~(BugSignalAlways /\ BugSignalNever)
=============================================================================
