----------------------------- MODULE VmbusChannel -----------------------------
(***************************************************************************)
(* VMBus channel management: one guest (client) and one host (server)      *)
(* exchanging SynIC channel messages over two ordered queues, g2h and h2g  *)
(* (the host never sends a message ahead of queued ones, vmbus-core.md     *)
(* §4.3; one SynIC message slot per direction is in order).                *)
(*                                                                         *)
(* Covered (vmbus-core.md §2.1, §3, §4, §5; hazards.md §2.2-§2.4):         *)
(*   connection  INITIATE_CONTACT / VERSION_RESPONSE (guest tries its      *)
(*               versions newest first), UNLOAD / UNLOAD_RESPONSE;         *)
(*   offers      REQUESTOFFERS, OFFERCHANNEL, ALLOFFERS_DELIVERED, hot-add *)
(*               and re-offer of a released relid;                         *)
(*   GPADL       guest-chosen handle, GPADL_HEADER + one GPADL_BODY        *)
(*               (matched by handle only), GPADL_CREATED, GPADL_TEARDOWN,  *)
(*               GPADL_TORNDOWN;                                           *)
(*   channel     OPENCHANNEL / OPENCHANNEL_RESULT, CLOSECHANNEL (no reply),*)
(*               RESCIND_CHANNELOFFER, RELID_RELEASED.                     *)
(*                                                                         *)
(* Host rules follow the OpenVMM server of §4.3 and Hyper-V as documented  *)
(* in §4.4: an illegal message is dropped without reply (recorded in the   *)
(* ghost set errs); OPEN on a revoked channel is ignored and never         *)
(* answered; outstanding GPADL requests of a revoked channel are still     *)
(* answered; accepted GPADLs survive a revoke until the guest tears them   *)
(* down or releases the relid.  Guest rules follow Linux §4.2 and the      *)
(* OpenVMM client §4.4: a rescind fails a pending open locally; no         *)
(* CLOSECHANNEL or GPADL_TEARDOWN after a rescind; RELID_RELEASED only     *)
(* when rescinded, closed and with no GPADL request outstanding.           *)
(*                                                                         *)
(* Abstractions: the host device opens and closes at once (open result is  *)
(* a separate host step, close completes on receipt, so no ClosingReopen); *)
(* GPADL ranges are not modelled; every open succeeds; no subchannels,     *)
(* MODIFYCHANNEL, pause or reconnect after unload.                         *)
(*                                                                         *)
(* The hazard switches Bug* are all FALSE in MCVmbusChannel.cfg; each      *)
(* MCVmbusChannel_<hazard>_bug.cfg flips one and must fail                 *)
(* (channel/README.md).                                                    *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    NRelids,          \* relids 1..NRelids the host may assign (vmbus-core.md §4.3: 1..2047)
    NHandles,         \* GPADL handles 1..NHandles the guest may choose (0 = null handle, §5)
    NInitial,         \* channels offered in answer to REQUESTOFFERS (relids 1..NInitial)
    MaxOffers,        \* model bound: offers in total, including hot-add and re-offers
    GuestVersions,    \* versions the guest tries, newest first (a sequence, §3)
    HostVersions,     \* versions the host accepts (a set, §3)
    \* hazard switches (hazards.md §4); all FALSE in the good configuration
    BugHostTeardownOnRevoke,  \* #8: the host unmaps the accepted GPADLs of a channel it revokes
    BugGuestEarlyRelease,     \* #6: the guest sends RELID_RELEASED on rescind, before close and GPADL clean-up
    BugOpenResultAfterRescind,\* #5: the host answers an OPENCHANNEL of a channel it has revoked
    BugNoWakeOnRescind,       \* #5: a rescind does not fail the guest's pending open (L-RES-1)
    BugGuestReuseHandle,      \* the guest chooses a GPADL handle that is still live (created)
    BugHostReofferBeforeRelease \* #6: the host re-offers a revoked relid before RELID_RELEASED

VARIABLES
    g2h,        \* guest -> host messages in flight, oldest first
    h2g,        \* host -> guest messages in flight, oldest first
    \* host (server)
    hconn,      \* "disconnected" | "connected"
    hoffers,    \* REQUESTOFFERS received on this connection
    hch,        \* relid -> host channel state
    hring,      \* relid -> handle of the ring GPADL of an opening/open channel (0 = none)
    hopenPend,  \* relid -> an OPENCHANNEL was accepted and not answered
    hgp,        \* handle -> [st, r]: host GPADL state and its relid
    noffers,    \* offers sent so far (model bound)
    \* guest (client)
    gconn,      \* guest connection state
    gvi,        \* index in GuestVersions of the version being tried
    gch,        \* relid -> guest channel state
    gresc,      \* relid -> a RESCIND for the current offer was received
    grel,       \* relid -> RELID_RELEASED sent for the current offer
    gring,      \* relid -> handle of the ring GPADL used by the open (0 = none)
    ggp,        \* handle -> [st, r]: guest GPADL state and its relid
    \* ghost
    errs        \* protocol errors seen by a receiver (message dropped)

hostVars  == <<hconn, hoffers, hch, hring, hopenPend, hgp, noffers>>
guestVars == <<gconn, gvi, gch, gresc, grel, gring, ggp>>
vars == <<g2h, h2g, hostVars, guestVars, errs>>

Relids  == 1..NRelids
Handles == 1..NHandles
Versions == {GuestVersions[i] : i \in 1..Len(GuestVersions)}

MsgTypes == {"InitiateContact", "VersionResponse", "RequestOffers", "Offer",
             "AllOffersDelivered", "GpadlHeader", "GpadlBody", "GpadlCreated",
             "GpadlTeardown", "GpadlTorndown", "OpenChannel", "OpenResult",
             "CloseChannel", "Rescind", "RelidReleased", "Unload", "UnloadResponse"}

\* One record shape for every message; unused fields are 0 / TRUE.
Msg(t, r, h, v, ok) == [t |-> t, r |-> r, h |-> h, v |-> v, ok |-> ok]
M(t) == Msg(t, 0, 0, 0, TRUE)
MR(t, r) == Msg(t, r, 0, 0, TRUE)
MRH(t, r, h) == Msg(t, r, h, 0, TRUE)
Messages == [t : MsgTypes, r : 0..NRelids, h : 0..NHandles, v : {0} \cup Versions,
             ok : BOOLEAN]

HostChStates  == {"free", "closed", "opening", "open", "revoked"}
HostGpStates  == {"free", "inprogress", "accepted"}
GuestConnStates == {"idle", "contacting", "connected", "requesting", "ready",
                    "unloading", "unloaded", "failed"}
GuestChStates == {"none", "offered", "opening", "open"}
GuestGpStates == {"free", "header", "creating", "created", "tearing"}

FreeGp == [st |-> "free", r |-> 0]

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
    /\ hring \in [Relids -> 0..NHandles]
    /\ hopenPend \in [Relids -> BOOLEAN]
    /\ hgp \in [Handles -> [st : HostGpStates, r : 0..NRelids]]
    /\ noffers \in 0..MaxOffers
    /\ gconn \in GuestConnStates
    /\ gvi \in 1..Len(GuestVersions)
    /\ gch \in [Relids -> GuestChStates]
    /\ gresc \in [Relids -> BOOLEAN]
    /\ grel \in [Relids -> BOOLEAN]
    /\ gring \in [Relids -> 0..NHandles]
    /\ ggp \in [Handles -> [st : GuestGpStates, r : 0..NRelids]]
    /\ errs \subseteq {"UnknownRelid", "DuplicateGpadlId", "UnknownGpadl",
                       "ReleaseNotRevoked", "BadChannelState", "DuplicateRelid",
                       "UnexpectedResponse"}

Init ==
    /\ g2h = <<>> /\ h2g = <<>>
    /\ hconn = "disconnected" /\ hoffers = FALSE
    /\ hch = [r \in Relids |-> "free"]
    /\ hring = [r \in Relids |-> 0]
    /\ hopenPend = [r \in Relids |-> FALSE]
    /\ hgp = [h \in Handles |-> FreeGp]
    /\ noffers = 0
    /\ gconn = "idle" /\ gvi = 1
    /\ gch = [r \in Relids |-> "none"]
    /\ gresc = [r \in Relids |-> FALSE]
    /\ grel = [r \in Relids |-> FALSE]
    /\ gring = [r \in Relids |-> 0]
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

-----------------------------------------------------------------------------
(* Connection (vmbus-core.md §3, §4.1, §4.3).                               *)

GuestSendInitiateContact ==
    /\ gconn = "idle"
    /\ gconn' = "contacting"
    /\ SendG(Msg("InitiateContact", 0, 0, GuestVersions[gvi], TRUE))
    /\ UNCHANGED <<h2g, hostVars, gvi, gch, gresc, grel, gring, ggp, errs>>

\* Unsupported version: VERSION_RESPONSE(supported = 0), stay disconnected.
HostRcvInitiateContact ==
    /\ Head2H("InitiateContact")
    /\ hconn = "disconnected"
    /\ LET ok == Head(g2h).v \in HostVersions
       IN /\ SendH(<<Msg("VersionResponse", 0, 0, Head(g2h).v, ok)>>)
          /\ hconn' = IF ok THEN "connected" ELSE "disconnected"
    /\ g2h' = Tail(g2h)
    /\ UNCHANGED <<hoffers, hch, hring, hopenPend, hgp, noffers, guestVars, errs>>

\* A refusal moves the guest to its next older version, or it gives up.
GuestRcvVersionResponse ==
    /\ Head2G("VersionResponse")
    /\ gconn = "contacting"
    /\ IF Head(h2g).ok THEN gconn' = "connected" /\ gvi' = gvi
       ELSE IF gvi < Len(GuestVersions) THEN gconn' = "idle" /\ gvi' = gvi + 1
       ELSE gconn' = "failed" /\ gvi' = gvi
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, hostVars, gch, gresc, grel, gring, ggp, errs>>

GuestSendRequestOffers ==
    /\ gconn = "connected"
    /\ gconn' = "requesting"
    /\ SendG(M("RequestOffers"))
    /\ UNCHANGED <<h2g, hostVars, gvi, gch, gresc, grel, gring, ggp, errs>>

\* One OFFERCHANNEL per initial channel, then ALLOFFERS_DELIVERED; allowed once per connection.
HostRcvRequestOffers ==
    /\ Head2H("RequestOffers")
    /\ g2h' = Tail(g2h)
    /\ IF hconn = "connected" /\ ~hoffers
       THEN /\ hoffers' = TRUE
            /\ hch' = [r \in Relids |-> IF r <= NInitial THEN "closed" ELSE hch[r]]
            /\ noffers' = noffers + NInitial
            /\ SendH([i \in 1..NInitial |-> MR("Offer", i)] \o <<M("AllOffersDelivered")>>)
            /\ UNCHANGED errs
       ELSE /\ Drop("BadChannelState")
            /\ UNCHANGED <<h2g, hoffers, hch, noffers>>
    /\ UNCHANGED <<hconn, hring, hopenPend, hgp, guestVars>>

GuestRcvAllOffersDelivered ==
    /\ Head2G("AllOffersDelivered")
    /\ gconn = "requesting"
    /\ gconn' = "ready"
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, hostVars, gvi, gch, gresc, grel, gring, ggp, errs>>

\* UNLOAD may be sent at any time once connected; the guest sends nothing after it.
GuestSendUnload ==
    /\ gconn = "ready"
    /\ gconn' = "unloading"
    /\ SendG(M("Unload"))
    /\ UNCHANGED <<h2g, hostVars, gvi, gch, gresc, grel, gring, ggp, errs>>

\* Implicit release of every channel and GPADL (no per-channel notification), then
\* UNLOAD_RESPONSE; the device closes at once, so the response is sent in the same step.
HostRcvUnload ==
    /\ Head2H("Unload")
    /\ hconn = "connected"
    /\ g2h' = Tail(g2h)
    /\ hconn' = "disconnected"
    /\ hoffers' = FALSE
    /\ hch' = [r \in Relids |-> "free"]
    /\ hring' = [r \in Relids |-> 0]
    /\ hopenPend' = [r \in Relids |-> FALSE]
    /\ hgp' = [h \in Handles |-> FreeGp]
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
    /\ gch' = [r \in Relids |-> "none"]
    /\ gresc' = [r \in Relids |-> FALSE]
    /\ grel' = [r \in Relids |-> FALSE]
    /\ gring' = [r \in Relids |-> 0]
    /\ ggp' = [h \in Handles |-> FreeGp]
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, hostVars, gvi, errs>>

-----------------------------------------------------------------------------
(* Offers, rescind, relid release (§4.2 rules 3-5, 8; §4.3; §4.4).          *)

\* Hot-add, or re-offer of a relid the guest has released (lowest-free-first not modelled).
\* BugHostReofferBeforeRelease: also a revoked relid the guest has not released yet.
HostSendOffer(r) ==
    /\ hconn = "connected" /\ hoffers
    /\ \/ hch[r] = "free"
       \/ BugHostReofferBeforeRelease /\ hch[r] = "revoked"
    /\ hopenPend' = [hopenPend EXCEPT ![r] = FALSE]
    /\ hring' = [hring EXCEPT ![r] = 0]
    /\ noffers < MaxOffers
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
    /\ UNCHANGED <<g2h, hostVars, gconn, gvi, gring, ggp>>

\* Revoke a channel the guest has seen.  No OPEN_RESULT will follow (Hyper-V, §4.4).
\* BugHostTeardownOnRevoke: the host also unmaps the channel's accepted GPADLs.
HostSendRescind(r) ==
    /\ hconn = "connected"
    /\ hch[r] \in {"closed", "opening", "open"}
    /\ hch' = [hch EXCEPT ![r] = "revoked"]
    /\ hopenPend' = [hopenPend EXCEPT ![r] = BugOpenResultAfterRescind /\ hopenPend[r]]
    /\ hgp' = IF BugHostTeardownOnRevoke
              THEN [h \in Handles |-> IF hgp[h].r = r /\ hgp[h].st = "accepted"
                                      THEN FreeGp ELSE hgp[h]]
              ELSE hgp
    /\ SendH(<<MR("Rescind", r)>>)
    /\ UNCHANGED <<g2h, hconn, hoffers, hring, noffers, guestVars, errs>>

\* The rescind fails a pending open (Linux vmbus_rescind_cleanup; OpenVMM client).
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
    /\ UNCHANGED <<g2h, hostVars, gconn, gvi, grel, ggp>>

\* Correct: rescinded, closed, no GPADL request outstanding; the created GPADLs of the
\* relid are forgotten with it (no teardown after rescind, §4.2 rule 4).
\* BugGuestEarlyRelease: released as soon as the rescind arrives; clean-up comes later.
GuestSendRelidReleased(r) ==
    /\ gconn = "ready"
    /\ gresc[r] /\ ~grel[r]
    /\ IF BugGuestEarlyRelease
       THEN /\ gch[r] # "none"
            /\ UNCHANGED <<gch, ggp>>
       ELSE /\ gch[r] = "offered"
            /\ ~GuestGpOutstanding(r)
            /\ gch' = [gch EXCEPT ![r] = "none"]
            /\ ggp' = [h \in Handles |-> IF ggp[h].r = r THEN FreeGp ELSE ggp[h]]
    /\ grel' = [grel EXCEPT ![r] = TRUE]
    /\ SendG(MR("RelidReleased", r))
    /\ UNCHANGED <<h2g, hostVars, gconn, gvi, gresc, gring, errs>>

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
(* GPADL (§5).  The guest chooses a free handle; header and body are posted  *)
(* back to back; the host answers when the body has arrived.                *)

\* BugGuestReuseHandle: also a handle whose GPADL is created (still live on the host).
GuestSendGpadlHeader(r, h) ==
    /\ gconn = "ready"
    /\ gch[r] \in {"offered", "open"} /\ ~gresc[r] /\ ~grel[r]
    /\ \/ ggp[h].st = "free"
       \/ BugGuestReuseHandle /\ ggp[h].st = "created" /\ ~(gch[ggp[h].r] \in {"opening", "open"} /\ gring[ggp[h].r] = h)
    /\ ggp' = [ggp EXCEPT ![h] = [st |-> "header", r |-> r]]
    /\ SendG(MRH("GpadlHeader", r, h))
    /\ UNCHANGED <<h2g, hostVars, gconn, gvi, gch, gresc, grel, gring, errs>>

\* Sent even if a rescind arrived meanwhile (bodies carry no relid).
GuestSendGpadlBody(h) ==
    /\ gconn = "ready"
    /\ ggp[h].st = "header"
    /\ ggp' = [ggp EXCEPT ![h].st = "creating"]
    /\ SendG(MRH("GpadlBody", 0, h))
    /\ UNCHANGED <<h2g, hostVars, gconn, gvi, gch, gresc, grel, gring, errs>>

\* Allowed on a revoked channel (OpenVMM #3959, Hyper-V).  Unknown relid or a live handle:
\* GPADL_CREATED(failure).
HostRcvGpadlHeader ==
    /\ Head2H("GpadlHeader")
    /\ hconn = "connected"
    /\ LET r == Head(g2h).r
           h == Head(g2h).h IN
       IF hch[r] # "free" /\ hgp[h].st = "free"
       THEN /\ hgp' = [hgp EXCEPT ![h] = [st |-> "inprogress", r |-> r]]
            /\ UNCHANGED <<h2g, errs>>
       ELSE /\ Drop(IF hch[r] = "free" THEN "UnknownRelid" ELSE "DuplicateGpadlId")
            /\ SendH(<<Msg("GpadlCreated", r, h, 0, FALSE)>>)
            /\ UNCHANGED hgp
    /\ g2h' = Tail(g2h)
    /\ UNCHANGED <<hconn, hoffers, hch, hring, hopenPend, noffers, guestVars>>

\* The last fragment: the GPADL is accepted and GPADL_CREATED(success) sent, also when the
\* channel has been revoked meanwhile (OpenVMM gpadl_completed).
HostRcvGpadlBody ==
    /\ Head2H("GpadlBody")
    /\ hconn = "connected"
    /\ LET h == Head(g2h).h IN
       IF hgp[h].st = "inprogress"
       THEN /\ hgp' = [hgp EXCEPT ![h].st = "accepted"]
            /\ SendH(<<MRH("GpadlCreated", hgp[h].r, h)>>)
            /\ UNCHANGED errs
       ELSE /\ Drop("UnknownGpadl")
            /\ UNCHANGED <<hgp, h2g>>
    /\ g2h' = Tail(g2h)
    /\ UNCHANGED <<hconn, hoffers, hch, hring, hopenPend, noffers, guestVars>>

\* Matched by (relid, handle); a failure frees the handle.
GuestRcvGpadlCreated ==
    /\ Head2G("GpadlCreated")
    /\ gconn \in {"requesting", "ready"}
    /\ LET m == Head(h2g) IN
       IF ggp[m.h].st = "creating" /\ ggp[m.h].r = m.r
       THEN /\ ggp' = [ggp EXCEPT ![m.h] = IF m.ok THEN [st |-> "created", r |-> m.r]
                                                   ELSE FreeGp]
            /\ UNCHANGED errs
       ELSE /\ Drop("UnexpectedResponse")
            /\ UNCHANGED ggp
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, hostVars, gconn, gvi, gch, gresc, grel, gring>>

\* Any created GPADL that does not back an opening or open ring; not after a rescind.
GuestSendGpadlTeardown(h) ==
    /\ gconn = "ready"
    /\ ggp[h].st = "created"
    /\ LET r == ggp[h].r IN
          /\ ~gresc[r] /\ ~grel[r]
          /\ ~(gch[r] \in {"opening", "open"} /\ gring[r] = h)
    /\ ggp' = [ggp EXCEPT ![h].st = "tearing"]
    /\ SendG(MRH("GpadlTeardown", ggp[h].r, h))
    /\ UNCHANGED <<h2g, hostVars, gconn, gvi, gch, gresc, grel, gring, errs>>

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
    /\ UNCHANGED <<g2h, hostVars, gconn, gvi, gch, gresc, grel, gring>>

-----------------------------------------------------------------------------
(* Open and close (§4.2, §4.3 table).                                       *)

GuestSendOpenChannel(r, h) ==
    /\ gconn = "ready"
    /\ gch[r] = "offered" /\ ~gresc[r] /\ ~grel[r]
    /\ ggp[h].st = "created" /\ ggp[h].r = r
    /\ gch' = [gch EXCEPT ![r] = "opening"]
    /\ gring' = [gring EXCEPT ![r] = h]
    /\ SendG(MRH("OpenChannel", r, h))
    /\ UNCHANGED <<h2g, hostVars, gconn, gvi, gresc, grel, ggp, errs>>

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

\* The device answered.  Correct: only while Opening (never after the revoke).
\* BugOpenResultAfterRescind: also for a revoked channel whose open was pending.
HostSendOpenResult(r) ==
    /\ hconn = "connected"
    /\ hopenPend[r]
    /\ hch[r] \in {"opening", "revoked"}
    /\ hch' = [hch EXCEPT ![r] = IF hch[r] = "opening" THEN "open" ELSE hch[r]]
    /\ hopenPend' = [hopenPend EXCEPT ![r] = FALSE]
    /\ SendH(<<MR("OpenResult", r)>>)
    /\ UNCHANGED <<g2h, hconn, hoffers, hring, hgp, noffers, guestVars, errs>>

GuestRcvOpenResult ==
    /\ Head2G("OpenResult")
    /\ gconn \in {"requesting", "ready"}
    /\ LET r == Head(h2g).r IN
       IF gch[r] = "opening"
       THEN /\ gch' = [gch EXCEPT ![r] = "open"]
            /\ UNCHANGED errs
       ELSE /\ Drop(IF gch[r] = "none" THEN "UnknownRelid" ELSE "UnexpectedResponse")
            /\ UNCHANGED gch
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, hostVars, gconn, gvi, gresc, grel, gring, ggp>>

\* CLOSECHANNEL has no reply; the ring GPADL may be torn down right after.
GuestSendCloseChannel(r) ==
    /\ gconn = "ready"
    /\ gch[r] = "open" /\ ~gresc[r]
    /\ gch' = [gch EXCEPT ![r] = "offered"]
    /\ gring' = [gring EXCEPT ![r] = 0]
    /\ SendG(MR("CloseChannel", r))
    /\ UNCHANGED <<h2g, hostVars, gconn, gvi, gresc, grel, ggp, errs>>

\* After a rescind the guest closes locally, without CLOSECHANNEL.
GuestCloseRescindedChannel(r) ==
    /\ gconn = "ready"
    /\ gch[r] = "open" /\ gresc[r]
    /\ gch' = [gch EXCEPT ![r] = "offered"]
    /\ gring' = [gring EXCEPT ![r] = 0]
    /\ UNCHANGED <<g2h, h2g, hostVars, gconn, gvi, gresc, grel, ggp, errs>>

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

-----------------------------------------------------------------------------
HostNext ==
    \/ HostRcvInitiateContact \/ HostRcvRequestOffers \/ HostRcvUnload
    \/ HostRcvRelidReleased \/ HostRcvGpadlHeader \/ HostRcvGpadlBody
    \/ HostRcvGpadlTeardown \/ HostRcvOpenChannel \/ HostRcvCloseChannel
    \/ \E r \in Relids : HostSendOffer(r) \/ HostSendRescind(r) \/ HostSendOpenResult(r)

GuestRcv ==
    \/ GuestRcvVersionResponse \/ GuestRcvAllOffersDelivered \/ GuestRcvUnloadResponse
    \/ GuestDropMessage \/ GuestRcvOffer \/ GuestRcvRescind \/ GuestRcvGpadlCreated
    \/ GuestRcvGpadlTorndown \/ GuestRcvOpenResult

GuestNext ==
    \/ GuestSendInitiateContact \/ GuestSendRequestOffers \/ GuestSendUnload
    \/ GuestRcv
    \/ \E r \in Relids :
          \/ GuestSendRelidReleased(r) \/ GuestSendCloseChannel(r)
          \/ GuestCloseRescindedChannel(r)
          \/ \E h \in Handles : GuestSendGpadlHeader(r, h) \/ GuestSendOpenChannel(r, h)
    \/ \E h \in Handles : GuestSendGpadlBody(h) \/ GuestSendGpadlTeardown(h)

Next == HostNext \/ GuestNext

\* Every receiver handles what arrives, the host answers every open it accepted, the guest
\* finishes a GPADL it has begun and connects once it has begun.  Offers, rescinds, opens,
\* closes, teardowns, releases and unload are free choices (no fairness).
HostRcv ==
    \/ HostRcvInitiateContact \/ HostRcvRequestOffers \/ HostRcvUnload
    \/ HostRcvRelidReleased \/ HostRcvGpadlHeader \/ HostRcvGpadlBody
    \/ HostRcvGpadlTeardown \/ HostRcvOpenChannel \/ HostRcvCloseChannel

Fairness ==
    /\ WF_vars(HostRcv)
    /\ WF_vars(GuestRcv)
    /\ \A r \in Relids : WF_vars(HostSendOpenResult(r))
    /\ \A h \in Handles : WF_vars(GuestSendGpadlBody(h))
    /\ WF_vars(GuestSendInitiateContact \/ GuestSendRequestOffers)

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
             i < j /\ h2g[i] = MR("Rescind", r) => h2g[j] # MR("OpenResult", r)
       /\ gresc[r] => \A i \in 1..Len(h2g) : h2g[i] # MR("OpenResult", r)
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
    /\ \A r \in Relids : (\E i \in 1..Len(h2g) : h2g[i] = MR("Offer", r)) => gch[r] = "none"

-----------------------------------------------------------------------------
(* Liveness.                                                                *)

\* Every open request is answered, or its channel rescinded (or the connection unloaded).
OpenAnsweredProp ==
    \A r \in Relids : gch[r] = "opening" ~> gch[r] # "opening"

\* Every GPADL request is answered.
GpadlAnsweredProp ==
    \A h \in Handles : ggp[h].st \in {"header", "creating", "tearing"} ~>
                       ggp[h].st \in {"free", "created"}

\* Unload completes.
UnloadCompletesProp == gconn = "unloading" ~> gconn = "unloaded"

\* Contact ends in a connection or, when no version is common, in failure.
ContactCompletesProp == gconn = "contacting" ~> gconn \notin {"idle", "contacting"}
=============================================================================
