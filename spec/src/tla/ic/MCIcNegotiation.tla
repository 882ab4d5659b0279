--------------------------- MODULE MCIcNegotiation ---------------------------
(***************************************************************************)
(* Finite model of IcNegotiation for TLC: the versions and lists of        *)
(* devices-ic-input-video.md §1.5 (a cfg cannot write tuples).  Versions   *)
(* are major * 65536 + minor.                                              *)
(***************************************************************************)
EXTENDS IcNegotiation

V10 == 65536
V20 == 131072
V30 == 196608
V31 == 196609
V32 == 196610
V40 == 262144

\* Host offers: the OVMM shutdown offer, a 3.0-only host, an old host, one with no common message
\* version for an exact matcher, and one above FreeBSD's maximum.
MCOffers == {
    [fw |-> <<V10, V30>>, msg |-> <<V10, V30, V31, V32>>],
    [fw |-> <<V30>>, msg |-> <<V30>>],
    [fw |-> <<V10>>, msg |-> <<V10>>],
    [fw |-> <<V10, V30>>, msg |-> <<V20>>],
    [fw |-> <<V30>>, msg |-> <<V31, V32>>]}

\* Linux / MacHyperVSupport shutdown guest: framework 3.0, 1.0; shutdown 3.2, 3.1, 3.0, 1.0.
MCLinuxFw == <<V30, V10>>
MCLinuxMsg == <<V32, V31, V30, V10>>

\* FreeBSD shutdown guest: maxima 3.0 / 3.0.
MCFreebsdFw == <<V30>>
MCFreebsdMsg == <<V30>>

\* The model-based tests' offers (MCIcNegotiationMbt_*.cfg): MCOffers and one mixing exact and non-exact message
\* versions (Linux picks 3.2, FreeBSD the 2.0 below its maximum).
MCOffersMbt == MCOffers \cup {[fw |-> <<V10, V30>>, msg |-> <<V10, V20, V32>>]}

\* hazards.md #15 model: a host offering only 3.x message versions.
MCOffers3Only == {[fw |-> <<V10, V30>>, msg |-> <<V30, V31, V32>>]}
\* A host offering framework 1.0 only (a guest answering its own 3.0 is wrong).
MCOffersFw1Only == {[fw |-> <<V10>>, msg |-> <<V10, V30>>]}
\* A host with no common message version.
MCOffersNoCommon == {[fw |-> <<V30>>, msg |-> <<V20>>]}

ASSUME Policy \in {"linux", "mac_hyperv_support", "freebsd"}
ASSUME ConsumerChoices \subseteq BOOLEAN /\ ConsumerChoices # {}
ASSUME Len(GuestFw) > 0 /\ Len(GuestMsg) > 0 /\ 0 \notin Range(GuestFw) \cup Range(GuestMsg)
ASSUME \A o \in OfferChoices : 0 \notin Range(o.fw) \cup Range(o.msg)
=============================================================================
