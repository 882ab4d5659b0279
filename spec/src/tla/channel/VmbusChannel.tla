----------------------------- MODULE VmbusChannel -----------------------------
(***************************************************************************)
(* VMBus channel management: one guest (client) and one host (server)      *)
(* exchanging SynIC channel messages over two ordered queues, g2h and h2g  *)
(* (the host never sends a message ahead of queued ones, vmbus-core.md     *)
(* §4.3; one SynIC message slot per direction is in order).                *)
(*                                                                         *)
(* Covered (vmbus-core.md §2.1, §3, §4, §5; hazards.md §2.2-§2.4):         *)
(*   connection  INITIATE_CONTACT / VERSION_RESPONSE (guest tries its      *)
(*               versions newest first), UNLOAD / UNLOAD_RESPONSE, and     *)
(*               reconnect after UNLOAD_RESPONSE (at most MaxConnects);    *)
(*   offers      REQUESTOFFERS, OFFERCHANNEL, ALLOFFERS_DELIVERED, hot-add *)
(*               and re-offer of a released relid;                         *)
(*   GPADL       guest-chosen handle, GPADL_HEADER declaring n GPADL_BODY  *)
(*               fragments (0..MaxBodies, matched by handle only),         *)
(*               GPADL_CREATED (success, or failure: the host may refuse a *)
(*               well-formed GPADL), GPADL_TEARDOWN, GPADL_TORNDOWN;       *)
(*   channel     OPENCHANNEL / OPENCHANNEL_RESULT (success or failure),    *)
(*               CLOSECHANNEL (no reply), MODIFYCHANNEL /                  *)
(*               MODIFYCHANNEL_RESPONSE, RESCIND_CHANNELOFFER,             *)
(*               RELID_RELEASED.                                           *)
(*                                                                         *)
(* Host rules follow the OpenVMM server of §4.3 and Hyper-V as documented  *)
(* in §4.4: an illegal message is dropped without reply (recorded in the   *)
(* ghost set errs); OPEN on a revoked channel is ignored and never         *)
(* answered; outstanding GPADL and MODIFYCHANNEL requests of a revoked     *)
(* channel are still answered (Hyper-V, §4.4, §11 item 6); accepted GPADLs *)
(* survive a revoke until the guest tears them down or releases the relid. *)
(* Guest rules follow Linux §4.2 and the OpenVMM client §4.4: a rescind    *)
(* fails a pending open locally; no CLOSECHANNEL or GPADL_TEARDOWN after a *)
(* rescind; RELID_RELEASED only when rescinded, closed and with no GPADL   *)
(* or MODIFYCHANNEL request outstanding; a GPADL_CREATED failure frees the *)
(* handle, which is never used as a ring.                                  *)
(*                                                                         *)
(* Relids and GPADL handles are constant sets (RelidSet, HandleSet), so a  *)
(* trace spec can use the integers the implementation uses.                *)
(*                                                                         *)
(* Abstractions: the host device opens and closes at once (open result is  *)
(* a separate host step, close completes on receipt, so no ClosingReopen); *)
(* GPADL ranges are not modelled; no pause.  Subchannels (§8): a relid     *)
(* with PrimaryOf # 0 is offered (hot-add) only while its primary is open, *)
(* is rescinded before its primary (L-RES-7), and is closed by the guest   *)
(* before its primary; how the guest asks for them is device protocol.     *)
(*                                                                         *)
(* The hazard switches Bug* are all FALSE in MCVmbusChannel.cfg; each      *)
(* MCVmbusChannel_<hazard>_bug.cfg flips one and must fail                 *)
(* (channel/README.md).                                                    *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    RelidSet,         \* relids the host may assign (vmbus-core.md §4.3: 1..2047)
    HandleSet,        \* GPADL handles the guest may choose (0 = null handle, §5; Linux from 0xE1E10)
    InitialOffers,    \* relids offered, in order, in answer to REQUESTOFFERS (a sequence)
    PrimaryOf,        \* relid -> the relid of its primary channel, 0 for a primary (subchannels, §8)
    MaxHotOffers,     \* model bound: hot-add offers and re-offers (HostSendOffer) in total
    MaxConnects,      \* model bound: connections the guest starts (first contact and reconnects)
    MaxBodies,        \* model bound: GPADL_BODY fragments one GPADL_HEADER may declare
    GuestVersions,    \* versions the guest tries, newest first (a sequence, §3)
    HostVersions,     \* versions the host accepts (a set, §3)
    HostMayRefuseGpadl, \* the host may answer a well-formed GPADL with GPADL_CREATED(failure) (§5, L-GPADL-1)
    HostMayFailOpen,    \* the device may fail an open: OPENCHANNEL_RESULT(failure) (§4.3)
    HostMayFailModify,  \* the device may fail a MODIFYCHANNEL (§4.3 table)
    \* hazard switches (hazards.md §4); all FALSE in the good configuration
    BugHostTeardownOnRevoke,  \* #8: the host unmaps the accepted GPADLs of a channel it revokes
    BugGuestEarlyRelease,     \* #6: the guest sends RELID_RELEASED on rescind, before close and GPADL clean-up
    BugOpenResultAfterRescind,\* #5: the host answers an OPENCHANNEL of a channel it has revoked
    BugNoWakeOnRescind,       \* #5: a rescind does not fail the guest's pending open (L-RES-1)
    BugGuestReuseHandle,      \* the guest chooses a GPADL handle that is still live (created)
    BugHostReofferBeforeRelease, \* #6: the host re-offers a revoked relid before RELID_RELEASED
    BugGuestIgnoreGpadlFailure,  \* #9: the guest treats GPADL_CREATED(failure) as created (L-GPADL-1)
    BugHostDuplicateRescind,     \* #7: the host rescinds a revoked channel again (L-RES-5)
    BugGuestReconnectWithoutUnload, \* #14: the guest starts a new connection without UNLOAD (L-UNL-1)
    BugHostPrimaryRescindFirst     \* L-RES-7: the host rescinds a primary before its live subchannels

VARIABLES
    g2h,        \* guest -> host messages in flight, oldest first
    h2g,        \* host -> guest messages in flight, oldest first
    \* host (server)
    hconn,      \* "disconnected" | "connected"
    hoffers,    \* REQUESTOFFERS received on this connection
    hch,        \* relid -> host channel state
    hring,      \* relid -> handle of the ring GPADL of an opening/open channel (0 = none)
    hopenPend,  \* relid -> an OPENCHANNEL was accepted and not answered
    hgp,        \* handle -> [st, r, n]: host GPADL state, its relid, GPADL_BODY fragments still expected
    noffers,    \* hot-add offers and re-offers sent so far (model bound)
    \* guest (client)
    gconn,      \* guest connection state
    gvi,        \* index in GuestVersions of the version being tried
    gconns,     \* connections started (model bound)
    gch,        \* relid -> guest channel state
    gresc,      \* relid -> a RESCIND for the current offer was received
    grel,       \* relid -> RELID_RELEASED sent for the current offer
    gring,      \* relid -> handle of the ring GPADL used by the open (0 = none)
    gmod,       \* relid -> a MODIFYCHANNEL is outstanding
    ggp,        \* handle -> [st, r, n]: guest GPADL state, its relid, GPADL_BODY fragments still to send
    \* ghost
    errs        \* protocol errors seen by a receiver (message dropped)

hostVars  == <<hconn, hoffers, hch, hring, hopenPend, hgp, noffers>>
guestVars == <<gconn, gvi, gconns, gch, gresc, grel, gring, gmod, ggp>>
vars == <<g2h, h2g, hostVars, guestVars, errs>>

Relids  == RelidSet
Handles == HandleSet
Versions == {GuestVersions[i] : i \in 1..Len(GuestVersions)}
InitialSet == {InitialOffers[i] : i \in 1..Len(InitialOffers)}

\* The subchannels of relid p.
Subchannels(p) == {s \in RelidSet : PrimaryOf[s] = p}

MsgTypes == {"InitiateContact", "VersionResponse", "RequestOffers", "Offer",
             "AllOffersDelivered", "GpadlHeader", "GpadlBody", "GpadlCreated",
             "GpadlTeardown", "GpadlTorndown", "OpenChannel", "OpenResult",
             "CloseChannel", "ModifyChannel", "ModifyChannelResponse",
             "Rescind", "RelidReleased", "Unload", "UnloadResponse"}

\* One record shape for every message; unused fields are 0 / TRUE.  n: the number of
\* GPADL_BODY fragments a GPADL_HEADER announces.
Msg(t, r, h, v, ok, n) == [t |-> t, r |-> r, h |-> h, v |-> v, ok |-> ok, n |-> n]
M(t) == Msg(t, 0, 0, 0, TRUE, 0)
MR(t, r) == Msg(t, r, 0, 0, TRUE, 0)
MRH(t, r, h) == Msg(t, r, h, 0, TRUE, 0)
MROk(t, r, ok) == Msg(t, r, 0, 0, ok, 0)
IsMsg(m, t, r) == m.t = t /\ m.r = r
Messages == [t : MsgTypes, r : {0} \cup Relids, h : {0} \cup Handles, v : {0} \cup Versions,
             ok : BOOLEAN, n : 0..MaxBodies]

HostChStates  == {"free", "closed", "opening", "open", "revoked"}
HostGpStates  == {"free", "inprogress", "accepted"}
GuestConnStates == {"idle", "contacting", "connected", "requesting", "ready",
                    "unloading", "unloaded", "failed"}
GuestChStates == {"none", "offered", "opening", "open"}
GuestGpStates == {"free", "header", "creating", "created", "tearing"}
ErrTags == {"UnknownRelid", "DuplicateGpadlId", "UnknownGpadl", "ReleaseNotRevoked",
            "BadChannelState", "DuplicateRelid", "UnexpectedResponse"}

FreeGp == [st |-> "free", r |-> 0, n |-> 0]

\* Outcomes the host may answer.
GpadlOutcomes(r) == IF HostMayRefuseGpadl /\ hch[r] # "revoked" THEN BOOLEAN ELSE {TRUE}
OpenOutcomes     == IF HostMayFailOpen THEN BOOLEAN ELSE {TRUE}
ModifyOutcomes   == IF HostMayFailModify THEN BOOLEAN ELSE {TRUE}

\* GPADLs the guest is still waiting on the host for.
GuestGpOutstanding(r) ==
    \E h \in Handles : ggp[h].r = r /\ ggp[h].st \in {"header", "creating", "tearing"}

-----------------------------------------------------------------------------
TypeOK ==
    /\ g2h \in Seq(Messages)
    /\ h2g \in Seq(Messages)
    /\ hconn \in {"disconnected", "connected"}
    /\ hoffers \in BOOLEAN
    /\ hch \in [Relids -> HostChStates]
    /\ hring \in [Relids -> {0} \cup Handles]
    /\ hopenPend \in [Relids -> BOOLEAN]
    /\ hgp \in [Handles -> [st : HostGpStates, r : {0} \cup Relids, n : 0..MaxBodies]]
    /\ noffers \in 0..MaxHotOffers
    /\ gconn \in GuestConnStates
    /\ gvi \in 1..Len(GuestVersions)
    /\ gconns \in 1..MaxConnects
    /\ gch \in [Relids -> GuestChStates]
    /\ gresc \in [Relids -> BOOLEAN]
    /\ grel \in [Relids -> BOOLEAN]
    /\ gring \in [Relids -> {0} \cup Handles]
    /\ gmod \in [Relids -> BOOLEAN]
    /\ ggp \in [Handles -> [st : GuestGpStates, r : {0} \cup Relids, n : 0..MaxBodies]]
    /\ errs \subseteq ErrTags

Init ==
    /\ g2h = <<>> /\ h2g = <<>>
    /\ hconn = "disconnected" /\ hoffers = FALSE
    /\ hch = [r \in Relids |-> "free"]
    /\ hring = [r \in Relids |-> 0]
    /\ hopenPend = [r \in Relids |-> FALSE]
    /\ hgp = [h \in Handles |-> FreeGp]
    /\ noffers = 0
    /\ gconn = "idle" /\ gvi = 1 /\ gconns = 1
    /\ gch = [r \in Relids |-> "none"]
    /\ gresc = [r \in Relids |-> FALSE]
    /\ grel = [r \in Relids |-> FALSE]
    /\ gring = [r \in Relids |-> 0]
    /\ gmod = [r \in Relids |-> FALSE]
    /\ ggp = [h \in Handles |-> FreeGp]
    /\ errs = {}

-----------------------------------------------------------------------------
(* Queues.  A receive action consumes the head of its queue.                *)

Head2H(t) == g2h # <<>> /\ Head(g2h).t = t
Head2G(t) == h2g # <<>> /\ Head(h2g).t = t
SendH(ms) == h2g' = h2g \o ms          \* host appends messages in order
SendG(m)  == g2h' = Append(g2h, m)

\* A receiver drops a message it must not accept and records why.
Drop(e) == errs' = errs \cup {e}

\* The guest forgets every channel and GPADL (after UNLOAD_RESPONSE; on a new connection).
GuestForgetAll ==
    /\ gch' = [r \in Relids |-> "none"]
    /\ gresc' = [r \in Relids |-> FALSE]
    /\ grel' = [r \in Relids |-> FALSE]
    /\ gring' = [r \in Relids |-> 0]
    /\ gmod' = [r \in Relids |-> FALSE]
    /\ ggp' = [h \in Handles |-> FreeGp]

\* The host releases every channel and GPADL of the connection, without per-channel
\* messages (UNLOAD; INITIATE_CONTACT while connected, §4.3).
HostReleaseAll ==
    /\ hoffers' = FALSE
    /\ hch' = [r \in Relids |-> "free"]
    /\ hring' = [r \in Relids |-> 0]
    /\ hopenPend' = [r \in Relids |-> FALSE]
    /\ hgp' = [h \in Handles |-> FreeGp]

-----------------------------------------------------------------------------
(* Connection (vmbus-core.md §3, §4.1, §4.3; hazards.md §2.4).              *)

\* First contact, a retry with the next older version after a refusal, or a new connection
\* after UNLOAD_RESPONSE, which starts again with the newest version.
\* BugGuestReconnectWithoutUnload: a new connection while still connected (kexec without UNLOAD).
GuestSendInitiateContact ==
    /\ \/ /\ gconn = "idle"
          /\ UNCHANGED <<gvi, gconns>>
       \/ /\ \/ gconn = "unloaded"
             \/ BugGuestReconnectWithoutUnload /\ gconn \in {"connected", "requesting", "ready"}
          /\ gconns < MaxConnects
          /\ gvi' = 1
          /\ gconns' = gconns + 1
    /\ gconn' = "contacting"
    /\ GuestForgetAll
    /\ SendG(Msg("InitiateContact", 0, 0, GuestVersions[gvi'], TRUE, 0))
    /\ UNCHANGED <<h2g, hostVars, errs>>

\* Unsupported version: VERSION_RESPONSE(supported = 0), stay disconnected.  A contact on a
\* live connection first releases everything of the old one (§4.3; never with a correct guest).
HostRcvInitiateContact ==
    /\ Head2H("InitiateContact")
    /\ LET ok == Head(g2h).v \in HostVersions
       IN /\ SendH(<<Msg("VersionResponse", 0, 0, Head(g2h).v, ok, 0)>>)
          /\ hconn' = IF ok THEN "connected" ELSE "disconnected"
    /\ HostReleaseAll
    /\ g2h' = Tail(g2h)
    /\ UNCHANGED <<noffers, guestVars, errs>>

\* A refusal moves the guest to its next older version, or it gives up.
GuestRcvVersionResponse ==
    /\ Head2G("VersionResponse")
    /\ gconn = "contacting"
    /\ IF Head(h2g).ok THEN gconn' = "connected" /\ gvi' = gvi
       ELSE IF gvi < Len(GuestVersions) THEN gconn' = "idle" /\ gvi' = gvi + 1
       ELSE gconn' = "failed" /\ gvi' = gvi
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, hostVars, gconns, gch, gresc, grel, gring, gmod, ggp, errs>>

GuestSendRequestOffers ==
    /\ gconn = "connected"
    /\ gconn' = "requesting"
    /\ SendG(M("RequestOffers"))
    /\ UNCHANGED <<h2g, hostVars, gvi, gconns, gch, gresc, grel, gring, gmod, ggp, errs>>

\* One OFFERCHANNEL per relid of offers (InitialOffers in Next), then ALLOFFERS_DELIVERED;
\* allowed once per connection.
HostRcvRequestOffers(offers) ==
    /\ Head2H("RequestOffers")
    /\ g2h' = Tail(g2h)
    /\ IF hconn = "connected" /\ ~hoffers
       THEN /\ \A i \in 1..Len(offers) : offers[i] \in Relids /\ hch[offers[i]] = "free"
            /\ \A i, j \in 1..Len(offers) : offers[i] = offers[j] => i = j
            /\ hoffers' = TRUE
            /\ hch' = [r \in Relids |-> IF \E i \in 1..Len(offers) : offers[i] = r
                                        THEN "closed" ELSE hch[r]]
            /\ SendH([i \in 1..Len(offers) |-> MR("Offer", offers[i])] \o <<M("AllOffersDelivered")>>)
            /\ UNCHANGED errs
       ELSE /\ Drop("BadChannelState")
            /\ UNCHANGED <<h2g, hoffers, hch>>
    /\ UNCHANGED <<hconn, hring, hopenPend, hgp, noffers, guestVars>>

GuestRcvAllOffersDelivered ==
    /\ Head2G("AllOffersDelivered")
    /\ gconn = "requesting"
    /\ gconn' = "ready"
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, hostVars, gvi, gconns, gch, gresc, grel, gring, gmod, ggp, errs>>

\* UNLOAD may be sent at any time once connected; the guest sends nothing after it.
GuestSendUnload ==
    /\ gconn = "ready"
    /\ gconn' = "unloading"
    /\ SendG(M("Unload"))
    /\ UNCHANGED <<h2g, hostVars, gvi, gconns, gch, gresc, grel, gring, gmod, ggp, errs>>

\* Implicit release of every channel and GPADL (no per-channel notification), then
\* UNLOAD_RESPONSE; the device closes at once, so the response is sent in the same step.
HostRcvUnload ==
    /\ Head2H("Unload")
    /\ hconn = "connected"
    /\ g2h' = Tail(g2h)
    /\ hconn' = "disconnected"
    /\ HostReleaseAll
    /\ SendH(<<M("UnloadResponse")>>)
    /\ UNCHANGED <<noffers, guestVars, errs>>

\* While unloading the guest drops every other message (Linux: DISCONNECTED drops).
GuestDropMessage ==
    /\ gconn = "unloading"
    /\ h2g # <<>> /\ Head(h2g).t # "UnloadResponse"
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, hostVars, guestVars, errs>>

GuestRcvUnloadResponse ==
    /\ Head2G("UnloadResponse")
    /\ gconn = "unloading"
    /\ gconn' = "unloaded"
    /\ GuestForgetAll
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, hostVars, gvi, gconns, errs>>

-----------------------------------------------------------------------------
(* Offers, rescind, relid release (§4.2 rules 3-5, 8; §4.3; §4.4).          *)

\* Hot-add, or re-offer of a relid the guest has released (lowest-free-first not modelled);
\* a subchannel only while its primary is open (§8).
\* BugHostReofferBeforeRelease: also a revoked relid the guest has not released yet.
HostSendOffer(r) ==
    /\ hconn = "connected" /\ hoffers
    /\ \/ hch[r] = "free"
       \/ BugHostReofferBeforeRelease /\ hch[r] = "revoked"
    /\ PrimaryOf[r] # 0 => hch[PrimaryOf[r]] = "open"
    /\ hopenPend' = [hopenPend EXCEPT ![r] = FALSE]
    /\ hring' = [hring EXCEPT ![r] = 0]
    /\ noffers < MaxHotOffers
    /\ hch' = [hch EXCEPT ![r] = "closed"]
    /\ noffers' = noffers + 1
    /\ SendH(<<MR("Offer", r)>>)
    /\ UNCHANGED <<g2h, hconn, hoffers, hgp, guestVars, errs>>

GuestRcvOffer ==
    /\ Head2G("Offer")
    /\ gconn \in {"requesting", "ready"}
    /\ LET r == Head(h2g).r IN
       IF gch[r] = "none"
       THEN /\ gch' = [gch EXCEPT ![r] = "offered"]
            /\ gresc' = [gresc EXCEPT ![r] = FALSE]
            /\ grel' = [grel EXCEPT ![r] = FALSE]
            /\ UNCHANGED errs
       ELSE /\ Drop("DuplicateRelid")
            /\ UNCHANGED <<gch, gresc, grel>>
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, hostVars, gconn, gvi, gconns, gring, gmod, ggp>>

\* Revoke a channel the guest has seen.  No OPEN_RESULT will follow (Hyper-V, §4.4).
\* BugHostTeardownOnRevoke: the host also unmaps the channel's accepted GPADLs.
\* BugHostDuplicateRescind: also a channel it has already revoked (L-RES-5).
\* A primary only after its subchannels (OVMM #3507, L-RES-7); BugHostPrimaryRescindFirst: any time.
HostSendRescind(r) ==
    /\ hconn = "connected"
    /\ \/ hch[r] \in {"closed", "opening", "open"}
       \/ BugHostDuplicateRescind /\ hch[r] = "revoked"
    /\ BugHostPrimaryRescindFirst \/ \A s \in Subchannels(r) : hch[s] \in {"free", "revoked"}
    /\ hch' = [hch EXCEPT ![r] = "revoked"]
    /\ hopenPend' = [hopenPend EXCEPT ![r] = BugOpenResultAfterRescind /\ hopenPend[r]]
    /\ hgp' = IF BugHostTeardownOnRevoke
              THEN [h \in Handles |-> IF hgp[h].r = r /\ hgp[h].st = "accepted"
                                      THEN FreeGp ELSE hgp[h]]
              ELSE hgp
    /\ SendH(<<MR("Rescind", r)>>)
    /\ UNCHANGED <<g2h, hconn, hoffers, hring, noffers, guestVars, errs>>

\* The rescind fails a pending open (Linux vmbus_rescind_cleanup; OpenVMM client); a second
\* RESCIND for the same offer is dropped (Linux rescind_ref one-shot, §4.2 rule 5).
GuestRcvRescind ==
    /\ Head2G("Rescind")
    /\ gconn \in {"requesting", "ready"}
    /\ LET r == Head(h2g).r IN
       IF gch[r] # "none" /\ ~gresc[r]
       THEN /\ gresc' = [gresc EXCEPT ![r] = TRUE]
            /\ IF gch[r] = "opening" /\ ~BugNoWakeOnRescind
               THEN gch' = [gch EXCEPT ![r] = "offered"] /\ gring' = [gring EXCEPT ![r] = 0]
               ELSE UNCHANGED <<gch, gring>>
            /\ UNCHANGED errs
       ELSE /\ Drop(IF gch[r] = "none" THEN "UnknownRelid" ELSE "BadChannelState")
            /\ UNCHANGED <<gresc, gch, gring>>
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, hostVars, gconn, gvi, gconns, grel, gmod, ggp>>

\* Correct: rescinded, closed, no GPADL or MODIFYCHANNEL request outstanding; the created
\* GPADLs of the relid are forgotten with it (no teardown after rescind, §4.2 rule 4).
\* BugGuestEarlyRelease: released as soon as the rescind arrives; clean-up comes later.
GuestSendRelidReleased(r) ==
    /\ gconn = "ready"
    /\ gresc[r] /\ ~grel[r]
    /\ IF BugGuestEarlyRelease
       THEN /\ gch[r] # "none"
            /\ UNCHANGED <<gch, ggp>>
       ELSE /\ gch[r] = "offered"
            /\ ~GuestGpOutstanding(r)
            /\ ~gmod[r]
            /\ gch' = [gch EXCEPT ![r] = "none"]
            /\ ggp' = [h \in Handles |-> IF ggp[h].r = r THEN FreeGp ELSE ggp[h]]
    /\ grel' = [grel EXCEPT ![r] = TRUE]
    /\ SendG(MR("RelidReleased", r))
    /\ UNCHANGED <<h2g, hostVars, gconn, gvi, gconns, gresc, gring, gmod, errs>>

\* Release every guest reference: GPADLs, relid (§4.3 table).
HostRcvRelidReleased ==
    /\ Head2H("RelidReleased")
    /\ hconn = "connected"
    /\ LET r == Head(g2h).r IN
       IF hch[r] = "revoked"
       THEN /\ hch' = [hch EXCEPT ![r] = "free"]
            /\ hring' = [hring EXCEPT ![r] = 0]
            /\ hopenPend' = [hopenPend EXCEPT ![r] = FALSE]
            /\ hgp' = [h \in Handles |-> IF hgp[h].r = r THEN FreeGp ELSE hgp[h]]
            /\ UNCHANGED errs
       ELSE /\ Drop(IF hch[r] = "free" THEN "UnknownRelid" ELSE "ReleaseNotRevoked")
            /\ UNCHANGED <<hch, hring, hopenPend, hgp>>
    /\ g2h' = Tail(g2h)
    /\ UNCHANGED <<h2g, hconn, hoffers, noffers, guestVars>>

-----------------------------------------------------------------------------
(* GPADL (§5).  The guest chooses a free handle; the header announces n     *)
(* GPADL_BODY fragments, posted back to back after it; the host answers     *)
(* GPADL_CREATED when the last fragment has arrived (on the header if n=0). *)

\* BugGuestReuseHandle: also a handle whose GPADL is created (still live on the host).
GuestSendGpadlHeader(r, h, n) ==
    /\ gconn = "ready"
    /\ gch[r] \in {"offered", "open"} /\ ~gresc[r] /\ ~grel[r]
    /\ n \in Nat
    /\ \/ ggp[h].st = "free"
       \/ BugGuestReuseHandle /\ ggp[h].st = "created" /\ ~(gch[ggp[h].r] \in {"opening", "open"} /\ gring[ggp[h].r] = h)
    /\ ggp' = [ggp EXCEPT ![h] = [st |-> IF n = 0 THEN "creating" ELSE "header", r |-> r, n |-> n]]
    /\ SendG(Msg("GpadlHeader", r, h, 0, TRUE, n))
    /\ UNCHANGED <<h2g, hostVars, gconn, gvi, gconns, gch, gresc, grel, gring, gmod, errs>>

\* One fragment; sent even if a rescind arrived meanwhile (bodies carry no relid).
GuestSendGpadlBody(h) ==
    /\ gconn = "ready"
    /\ ggp[h].st = "header"
    /\ ggp' = [ggp EXCEPT ![h].st = IF ggp[h].n = 1 THEN "creating" ELSE "header",
                          ![h].n = ggp[h].n - 1]
    /\ SendG(MRH("GpadlBody", 0, h))
    /\ UNCHANGED <<h2g, hostVars, gconn, gvi, gconns, gch, gresc, grel, gring, gmod, errs>>

\* All range data has arrived: the host accepts the GPADL, or refuses it (out of resources,
\* L-GPADL-1) unless the channel is revoked (then always success, OpenVMM gpadl_completed).
HostCompleteGpadl(r, h) ==
    \E ok \in GpadlOutcomes(r) :
       /\ hgp' = [hgp EXCEPT ![h] = IF ok THEN [st |-> "accepted", r |-> r, n |-> 0] ELSE FreeGp]
       /\ SendH(<<Msg("GpadlCreated", r, h, 0, ok, 0)>>)

\* Allowed on a revoked channel (OpenVMM #3959, Hyper-V).  Unknown relid or a live handle:
\* GPADL_CREATED(failure).
HostRcvGpadlHeader ==
    /\ Head2H("GpadlHeader")
    /\ hconn = "connected"
    /\ LET r == Head(g2h).r
           h == Head(g2h).h
           n == Head(g2h).n IN
       IF hch[r] # "free" /\ hgp[h].st = "free"
       THEN /\ IF n = 0
               THEN HostCompleteGpadl(r, h)
               ELSE /\ hgp' = [hgp EXCEPT ![h] = [st |-> "inprogress", r |-> r, n |-> n]]
                    /\ UNCHANGED h2g
            /\ UNCHANGED errs
       ELSE /\ Drop(IF hch[r] = "free" THEN "UnknownRelid" ELSE "DuplicateGpadlId")
            /\ SendH(<<Msg("GpadlCreated", r, h, 0, FALSE, 0)>>)
            /\ UNCHANGED hgp
    /\ g2h' = Tail(g2h)
    /\ UNCHANGED <<hconn, hoffers, hch, hring, hopenPend, noffers, guestVars>>

\* A fragment; after the last one the GPADL is complete, also when the channel has been
\* revoked meanwhile.  A body for no GPADL in progress is dropped (no reply possible, §5).
HostRcvGpadlBody ==
    /\ Head2H("GpadlBody")
    /\ hconn = "connected"
    /\ LET h == Head(g2h).h IN
       IF hgp[h].st = "inprogress"
       THEN /\ IF hgp[h].n = 1
               THEN HostCompleteGpadl(hgp[h].r, h)
               ELSE /\ hgp' = [hgp EXCEPT ![h].n = hgp[h].n - 1]
                    /\ UNCHANGED h2g
            /\ UNCHANGED errs
       ELSE /\ Drop("UnknownGpadl")
            /\ UNCHANGED <<hgp, h2g>>
    /\ g2h' = Tail(g2h)
    /\ UNCHANGED <<hconn, hoffers, hch, hring, hopenPend, noffers, guestVars>>

\* Matched by (relid, handle); a failure frees the handle (Linux checks creation_status).
\* BugGuestIgnoreGpadlFailure: a failure is taken for success (L-GPADL-1).
GuestRcvGpadlCreated ==
    /\ Head2G("GpadlCreated")
    /\ gconn \in {"requesting", "ready"}
    /\ LET m == Head(h2g) IN
       IF ggp[m.h].st = "creating" /\ ggp[m.h].r = m.r
       THEN /\ ggp' = [ggp EXCEPT ![m.h] = IF m.ok \/ BugGuestIgnoreGpadlFailure
                                           THEN [st |-> "created", r |-> m.r, n |-> 0]
                                           ELSE FreeGp]
            /\ UNCHANGED errs
       ELSE /\ Drop("UnexpectedResponse")
            /\ UNCHANGED ggp
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, hostVars, gconn, gvi, gconns, gch, gresc, grel, gring, gmod>>

\* Any created GPADL that does not back an opening or open ring; not after a rescind.
GuestSendGpadlTeardown(h) ==
    /\ gconn = "ready"
    /\ ggp[h].st = "created"
    /\ LET r == ggp[h].r IN
          /\ ~gresc[r] /\ ~grel[r]
          /\ ~(gch[r] \in {"opening", "open"} /\ gring[r] = h)
    /\ ggp' = [ggp EXCEPT ![h].st = "tearing"]
    /\ SendG(MRH("GpadlTeardown", ggp[h].r, h))
    /\ UNCHANGED <<h2g, hostVars, gconn, gvi, gconns, gch, gresc, grel, gring, gmod, errs>>

\* Only an accepted GPADL of the same channel; answered also for a revoked channel.
HostRcvGpadlTeardown ==
    /\ Head2H("GpadlTeardown")
    /\ hconn = "connected"
    /\ LET r == Head(g2h).r
           h == Head(g2h).h IN
       IF hgp[h].st = "accepted" /\ hgp[h].r = r
       THEN /\ hgp' = [hgp EXCEPT ![h] = FreeGp]
            /\ SendH(<<MRH("GpadlTorndown", r, h)>>)
            /\ UNCHANGED errs
       ELSE /\ Drop("UnknownGpadl")
            /\ UNCHANGED <<hgp, h2g>>
    /\ g2h' = Tail(g2h)
    /\ UNCHANGED <<hconn, hoffers, hch, hring, hopenPend, noffers, guestVars>>

\* Matched by handle.
GuestRcvGpadlTorndown ==
    /\ Head2G("GpadlTorndown")
    /\ gconn \in {"requesting", "ready"}
    /\ LET h == Head(h2g).h IN
       IF ggp[h].st = "tearing"
       THEN /\ ggp' = [ggp EXCEPT ![h] = FreeGp]
            /\ UNCHANGED errs
       ELSE /\ Drop("UnexpectedResponse")
            /\ UNCHANGED ggp
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, hostVars, gconn, gvi, gconns, gch, gresc, grel, gring, gmod>>

-----------------------------------------------------------------------------
(* Open, close and modify (§4.2, §4.3 table).                               *)

GuestSendOpenChannel(r, h) ==
    /\ gconn = "ready"
    /\ gch[r] = "offered" /\ ~gresc[r] /\ ~grel[r]
    /\ ggp[h].st = "created" /\ ggp[h].r = r
    /\ gch' = [gch EXCEPT ![r] = "opening"]
    /\ gring' = [gring EXCEPT ![r] = h]
    /\ SendG(MRH("OpenChannel", r, h))
    /\ UNCHANGED <<h2g, hostVars, gconn, gvi, gconns, gresc, grel, gmod, ggp, errs>>

\* Closed -> Opening with an accepted ring GPADL of this channel; Revoked: silently ignored.
HostRcvOpenChannel ==
    /\ Head2H("OpenChannel")
    /\ hconn = "connected"
    /\ LET r == Head(g2h).r
           h == Head(g2h).h IN
       CASE hch[r] = "closed" /\ hgp[h].st = "accepted" /\ hgp[h].r = r ->
                /\ hch' = [hch EXCEPT ![r] = "opening"]
                /\ hring' = [hring EXCEPT ![r] = h]
                /\ hopenPend' = [hopenPend EXCEPT ![r] = TRUE]
                /\ UNCHANGED errs
         [] hch[r] = "revoked" ->
                UNCHANGED <<hch, hring, hopenPend, errs>>
         [] OTHER ->
                /\ Drop(IF hch[r] = "free" THEN "UnknownRelid" ELSE "BadChannelState")
                /\ UNCHANGED <<hch, hring, hopenPend>>
    /\ g2h' = Tail(g2h)
    /\ UNCHANGED <<h2g, hconn, hoffers, hgp, noffers, guestVars>>

\* The device answered: success opens the channel, failure closes it again (the guest may
\* retry).  Correct: only while Opening (never after the revoke).
\* BugOpenResultAfterRescind: also for a revoked channel whose open was pending.
HostSendOpenResult(r, ok) ==
    /\ hconn = "connected"
    /\ hopenPend[r]
    /\ hch[r] \in {"opening", "revoked"}
    /\ ok \in OpenOutcomes
    /\ hch' = [hch EXCEPT ![r] = IF hch[r] = "opening" THEN (IF ok THEN "open" ELSE "closed")
                                 ELSE hch[r]]
    /\ hring' = IF hch[r] = "opening" /\ ~ok THEN [hring EXCEPT ![r] = 0] ELSE hring
    /\ hopenPend' = [hopenPend EXCEPT ![r] = FALSE]
    /\ SendH(<<MROk("OpenResult", r, ok)>>)
    /\ UNCHANGED <<g2h, hconn, hoffers, hgp, noffers, guestVars, errs>>

\* Matched by relid; a failure leaves the channel offered (closed), its GPADL created.
GuestRcvOpenResult ==
    /\ Head2G("OpenResult")
    /\ gconn \in {"requesting", "ready"}
    /\ LET r == Head(h2g).r
           ok == Head(h2g).ok IN
       IF gch[r] = "opening"
       THEN /\ gch' = [gch EXCEPT ![r] = IF ok THEN "open" ELSE "offered"]
            /\ gring' = IF ok THEN gring ELSE [gring EXCEPT ![r] = 0]
            /\ UNCHANGED errs
       ELSE /\ Drop(IF gch[r] = "none" THEN "UnknownRelid" ELSE "UnexpectedResponse")
            /\ UNCHANGED <<gch, gring>>
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, hostVars, gconn, gvi, gconns, gresc, grel, gmod, ggp>>

\* CLOSECHANNEL has no reply; the ring GPADL may be torn down right after.  Subchannels are
\* closed before their primary (Linux vmbus_disconnect_ring).
GuestSendCloseChannel(r) ==
    /\ gconn = "ready"
    /\ gch[r] = "open" /\ ~gresc[r]
    /\ \A s \in Subchannels(r) : gch[s] \notin {"opening", "open"}
    /\ gch' = [gch EXCEPT ![r] = "offered"]
    /\ gring' = [gring EXCEPT ![r] = 0]
    /\ SendG(MR("CloseChannel", r))
    /\ UNCHANGED <<h2g, hostVars, gconn, gvi, gconns, gresc, grel, gmod, ggp, errs>>

\* After a rescind the guest closes locally, without CLOSECHANNEL.
GuestCloseRescindedChannel(r) ==
    /\ gconn = "ready"
    /\ gch[r] = "open" /\ gresc[r]
    /\ gch' = [gch EXCEPT ![r] = "offered"]
    /\ gring' = [gring EXCEPT ![r] = 0]
    /\ UNCHANGED <<g2h, h2g, hostVars, gconn, gvi, gconns, gresc, grel, gmod, ggp, errs>>

\* Open -> Closed at once (the device closes on receipt); Revoked: ignored.
HostRcvCloseChannel ==
    /\ Head2H("CloseChannel")
    /\ hconn = "connected"
    /\ LET r == Head(g2h).r IN
       CASE hch[r] = "open" ->
                /\ hch' = [hch EXCEPT ![r] = "closed"]
                /\ hring' = [hring EXCEPT ![r] = 0]
                /\ UNCHANGED errs
         [] hch[r] = "revoked" ->
                UNCHANGED <<hch, hring, errs>>
         [] OTHER ->
                /\ Drop(IF hch[r] = "free" THEN "UnknownRelid" ELSE "BadChannelState")
                /\ UNCHANGED <<hch, hring>>
    /\ g2h' = Tail(g2h)
    /\ UNCHANGED <<h2g, hconn, hoffers, hopenPend, hgp, noffers, guestVars>>

\* Retarget the channel's interrupt (target_vp not modelled); one request outstanding per
\* channel (OpenVMM Iron+, Linux waits for the response on >= 5.3).
GuestSendModifyChannel(r) ==
    /\ gconn = "ready"
    /\ gch[r] = "open" /\ ~gresc[r] /\ ~gmod[r]
    /\ gmod' = [gmod EXCEPT ![r] = TRUE]
    /\ SendG(MR("ModifyChannel", r))
    /\ UNCHANGED <<h2g, hostVars, gconn, gvi, gconns, gch, gresc, grel, gring, ggp, errs>>

\* Open: MODIFYCHANNEL_RESPONSE (modelled for every version); revoked: still answered
\* (Hyper-V, §4.4); otherwise dropped.
HostRcvModifyChannel(ok) ==
    /\ Head2H("ModifyChannel")
    /\ hconn = "connected"
    /\ ok \in ModifyOutcomes
    /\ LET r == Head(g2h).r IN
       IF hch[r] \in {"open", "revoked"}
       THEN /\ SendH(<<MROk("ModifyChannelResponse", r, ok)>>)
            /\ UNCHANGED errs
       ELSE /\ Drop(IF hch[r] = "free" THEN "UnknownRelid" ELSE "BadChannelState")
            /\ UNCHANGED h2g
    /\ g2h' = Tail(g2h)
    /\ UNCHANGED <<hostVars, guestVars>>

\* Matched by relid.
GuestRcvModifyChannelResponse ==
    /\ Head2G("ModifyChannelResponse")
    /\ gconn \in {"requesting", "ready"}
    /\ LET r == Head(h2g).r IN
       IF gmod[r]
       THEN /\ gmod' = [gmod EXCEPT ![r] = FALSE]
            /\ UNCHANGED errs
       ELSE /\ Drop(IF gch[r] = "none" THEN "UnknownRelid" ELSE "UnexpectedResponse")
            /\ UNCHANGED gmod
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, hostVars, gconn, gvi, gconns, gch, gresc, grel, gring, ggp>>

-----------------------------------------------------------------------------
HostRcv ==
    \/ HostRcvInitiateContact \/ HostRcvRequestOffers(InitialOffers) \/ HostRcvUnload
    \/ HostRcvRelidReleased \/ HostRcvGpadlHeader \/ HostRcvGpadlBody
    \/ HostRcvGpadlTeardown \/ HostRcvOpenChannel \/ HostRcvCloseChannel
    \/ \E ok \in BOOLEAN : HostRcvModifyChannel(ok)

HostNext ==
    \/ HostRcv
    \/ \E r \in Relids :
          \/ HostSendOffer(r) \/ HostSendRescind(r)
          \/ \E ok \in BOOLEAN : HostSendOpenResult(r, ok)

GuestRcv ==
    \/ GuestRcvVersionResponse \/ GuestRcvAllOffersDelivered \/ GuestRcvUnloadResponse
    \/ GuestDropMessage \/ GuestRcvOffer \/ GuestRcvRescind \/ GuestRcvGpadlCreated
    \/ GuestRcvGpadlTorndown \/ GuestRcvOpenResult \/ GuestRcvModifyChannelResponse

GuestNext ==
    \/ GuestSendInitiateContact \/ GuestSendRequestOffers \/ GuestSendUnload
    \/ GuestRcv
    \/ \E r \in Relids :
          \/ GuestSendRelidReleased(r) \/ GuestSendCloseChannel(r)
          \/ GuestCloseRescindedChannel(r) \/ GuestSendModifyChannel(r)
          \/ \E h \in Handles :
                \/ GuestSendOpenChannel(r, h)
                \/ \E n \in 0..MaxBodies : GuestSendGpadlHeader(r, h, n)
    \/ \E h \in Handles : GuestSendGpadlBody(h) \/ GuestSendGpadlTeardown(h)

Next == HostNext \/ GuestNext

\* Every receiver handles what arrives, the host answers every open it accepted, the guest
\* finishes a GPADL it has begun and connects once it has begun.  Offers, rescinds, opens,
\* closes, modifies, teardowns, releases, unload and reconnects are free choices (no fairness).
Fairness ==
    /\ WF_vars(HostRcv)
    /\ WF_vars(GuestRcv)
    /\ \A r \in Relids : WF_vars(\E ok \in BOOLEAN : HostSendOpenResult(r, ok))
    /\ \A h \in Handles : WF_vars(GuestSendGpadlBody(h))
    /\ WF_vars(gconn \in {"idle", "connected"} /\ (GuestSendInitiateContact \/ GuestSendRequestOffers))

Spec == Init /\ [][Next]_vars /\ Fairness

-----------------------------------------------------------------------------
(* Safety.                                                                  *)

\* No message is accepted for an unknown or released relid: with correct peers no
\* receiver ever has to drop one.
NoMessageForUnknownRelidInv == "UnknownRelid" \notin errs

\* No GPADL handle is reused while live: the host never sees a header for a live handle,
\* and guest and host agree on the relid of every handle the host has answered for.  (The
\* guest may choose a handle again as soon as it has sent RELID_RELEASED for its old relid:
\* the release reaches the host first.)
NoGpadlHandleReuseInv ==
    /\ "DuplicateGpadlId" \notin errs
    /\ \A h \in Handles :
          ggp[h].st \in {"created", "tearing"} /\ hgp[h].st # "free"
              => ggp[h].r = hgp[h].r

\* Every receiver accepts every message (the correct protocol never needs a drop).
NoProtocolErrorInv == errs = {}

\* A channel opens only after its offer and with a created GPADL of its own as ring.
OpenOnlyWithOfferAndGpadlInv ==
    \A r \in Relids :
       /\ gch[r] \in {"opening", "open"} =>
             gring[r] \in Handles /\ ggp[gring[r]].st = "created" /\ ggp[gring[r]].r = r
       /\ hch[r] \in {"opening", "open"} =>
             hring[r] \in Handles /\ hgp[hring[r]].st = "accepted" /\ hgp[hring[r]].r = r

\* A ring GPADL is never torn down (unmapped by the host) while its channel is open on
\* either side.
RingGpadlLiveWhileOpenInv ==
    hconn = "connected" =>
       \A r \in Relids :
          gch[r] \in {"opening", "open"} /\ ~grel[r] =>
             hgp[gring[r]].st = "accepted" /\ hgp[gring[r]].r = r

\* A rescinded channel never reopens: the host sends no OPEN_RESULT after the RESCIND of
\* the same offer, so a guest that saw the rescind never sees its channel open.
NoOpenResultAfterRescindInv ==
    \A r \in Relids :
       /\ \A i, j \in 1..Len(h2g) :
             i < j /\ IsMsg(h2g[i], "Rescind", r) => ~IsMsg(h2g[j], "OpenResult", r)
       /\ gresc[r] => \A i \in 1..Len(h2g) : ~IsMsg(h2g[i], "OpenResult", r)
       /\ hch[r] = "revoked" => ~hopenPend[r]

\* The relid is released only after the rescind: the host frees only revoked relids.
RelidReleasedOnlyAfterRescindInv == "ReleaseNotRevoked" \notin errs

\* The host may reuse a relid only when the guest holds nothing on it any more (closed,
\* no GPADL), so the relid is never live twice (hazards.md #6).
RelidFreeOnlyWhenGuestDoneInv ==
    hconn = "connected" =>
       \A r \in Relids :
          hch[r] = "free" =>
             /\ gch[r] = "none"
             /\ \A h \in Handles : ggp[h].st # "free" => ggp[h].r # r

\* The host offers a relid again only after the guest released it: no OFFERCHANNEL(r) is in
\* flight while the guest still holds r, and the guest never sees an offer for a relid it holds.
NoRelidReuseBeforeReleaseInv ==
    /\ "DuplicateRelid" \notin errs
    /\ \A r \in Relids : (\E i \in 1..Len(h2g) : IsMsg(h2g[i], "Offer", r)) => gch[r] = "none"

\* A GPADL the host refused is never used as a ring (hazards.md #9): every OPENCHANNEL in
\* flight names a GPADL the host has accepted for that channel, unless the host has revoked
\* the channel (then it ignores the open).
NoOpenWithRefusedGpadlInv ==
    \A i \in 1..Len(g2h) :
       g2h[i].t = "OpenChannel" =>
          \/ hch[g2h[i].r] = "revoked"
          \/ hgp[g2h[i].h].st = "accepted" /\ hgp[g2h[i].h].r = g2h[i].r

\* The host rescinds an offer at most once (hazards.md #7): between two RESCIND(r) there is
\* an OFFERCHANNEL(r), and none follows a rescind the guest has seen without a new offer
\* (while unloading the guest drops everything, offers included).
RescindOncePerOfferInv ==
    \A r \in Relids :
       /\ \A i, j \in 1..Len(h2g) :
             i < j /\ IsMsg(h2g[i], "Rescind", r) /\ IsMsg(h2g[j], "Rescind", r) =>
                \E k \in (i + 1)..(j - 1) : IsMsg(h2g[k], "Offer", r)
       /\ gresc[r] /\ gconn \in {"requesting", "ready"} =>
             \A j \in 1..Len(h2g) :
                IsMsg(h2g[j], "Rescind", r) => \E k \in 1..(j - 1) : IsMsg(h2g[k], "Offer", r)

\* One connection at a time (hazards.md #14): while the guest negotiates a connection (or
\* has none) the host holds no other connection and nothing of an old connection is in
\* flight to the guest, only the VERSION_RESPONSE of this contact.
SingleConnectionInv ==
    gconn \in {"idle", "contacting", "unloaded"} =>
       /\ \A i \in 1..Len(h2g) : h2g[i].t = "VersionResponse"
       /\ hconn = "connected" => gconn = "contacting" /\ h2g # <<>>

\* Subchannels go before their primary (L-RES-7): when the guest sees its primary rescinded,
\* a subchannel is gone or rescinded too.
SubchannelRescindFirstInv ==
    gconn \in {"requesting", "ready"} =>
       \A s \in Relids :
          PrimaryOf[s] # 0 /\ gresc[PrimaryOf[s]] /\ gch[PrimaryOf[s]] # "none" =>
             gch[s] = "none" \/ gresc[s]

-----------------------------------------------------------------------------
(* Liveness.                                                                *)

\* Every open request is answered, or its channel rescinded (or the connection unloaded).
OpenAnsweredProp ==
    \A r \in Relids : gch[r] = "opening" ~> gch[r] # "opening"

\* Every GPADL request is answered.
GpadlAnsweredProp ==
    \A h \in Handles : ggp[h].st \in {"header", "creating", "tearing"} ~>
                       ggp[h].st \in {"free", "created"}

\* Every MODIFYCHANNEL is answered (or the connection unloaded).
ModifyAnsweredProp ==
    \A r \in Relids : gmod[r] ~> ~gmod[r]

\* Unload completes.
UnloadCompletesProp == gconn = "unloading" ~> gconn = "unloaded"

\* Contact ends in a connection or, when no version is common, in failure.
ContactCompletesProp == gconn = "contacting" ~> gconn \notin {"idle", "contacting"}
=============================================================================
