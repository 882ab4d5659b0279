-------------------------- MODULE MCStorvscProtocol --------------------------
(***************************************************************************)
(* Finite model of StorvscProtocol for TLC: versions of                    *)
(* devices-net-storage-pci.md §3.1 (major * 256 + minor, the wire u16),    *)
(* host accepted sets and LUN layouts (a cfg cannot write sets of sets or  *)
(* functions).                                                             *)
(***************************************************************************)
EXTENDS StorvscProtocol

V20 == 512    \* WIN6, 0x0200
V42 == 1026   \* WIN7, 0x0402
V51 == 1281   \* WIN8, 0x0501
V60 == 1536   \* WIN8_1, 0x0600
V62 == 1538   \* WIN10, 0x0602

\* Host accepted sets (§3.1): openvmm (2.0, 4.2, 5.1, 6.0), a Windows-like host also accepting 6.2, and an old
\* host (2.0, 4.2 only) that current Linux cannot talk to ("Obsolete Hyper-V version").
MCOvmmHost == {V20, V42, V51, V60}
MCWindowsHost == {V20, V42, V51, V60, V62}
MCOldHost == {V20, V42}
MCHostChoices == {MCOvmmHost, MCWindowsHost, MCOldHost}
MCOvmmOnly == {MCOvmmHost}
MCWindowsOnly == {MCWindowsHost}

\* Current Linux tries 6.2, 6.0, 5.1 (§3.4).
MCLinuxVersions == <<V62, V60, V51>>

\* LUN layouts: a disk at LUN 0 and an empty LUN 1 (hot-add target); a DVD without media at LUN 0 (M8).
MCDiskAndEmpty == [l \in {0, 1} |-> IF l = 0 THEN "disk" ELSE "none"]
MCDiskOnly == [l \in {0} |-> "disk"]
MCDvdOnly == [l \in {0} |-> "dvd"]
\* A DVD without media at LUN 0 and a disk at LUN 1.
MCDvdAndDisk == [l \in {0, 1} |-> IF l = 0 THEN "dvd" ELSE "disk"]

ASSUME \A s \in HostVersionChoices : s \subseteq Nat \ {0}
ASSUME Len(GuestVersions) > 0 /\ \A i \in 1..Len(GuestVersions) : GuestVersions[i] \in Nat \ {0}
ASSUME DOMAIN InitialKind = Luns
ASSUME IoIds \subseteq Nat \ {0} /\ IoIds # {} /\ InitId \notin IoIds \cup {0}
ASSUME StrayIds \cap IoIds = {} /\ InitId \notin StrayIds
=============================================================================
