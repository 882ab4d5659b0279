------------------------- MODULE MCVmbusChannelMbt -------------------------
(***************************************************************************)
(* The model of MCVmbusChannel that the model-based test of the Java host  *)
(* and guest replays (model-tests org.hvref.channel.model): the behaviours *)
(* of VmbusChannel restricted by an ACTION_CONSTRAINT to the choices the   *)
(* Java cores make where the spec leaves a choice open.  Every behaviour   *)
(* kept is a behaviour of VmbusChannel (a constraint only removes steps),  *)
(* so the Java cores refine the spec along every path of this graph.       *)
(***************************************************************************)
EXTENDS MCVmbusChannel

\* VmbusClient.createGpadl posts the GPADL_HEADER and all its GPADL_BODY fragments in one
\* call, back to back: while a header has bodies still to send, the next step sends one.
BodiesBackToBack ==
    (\E h \in Handles : ggp[h].st = "header") =>
        /\ Len(g2h') = Len(g2h) + 1
        /\ g2h'[Len(g2h')].t = "GpadlBody"

\* VmbusClient.tryRelease sends RELID_RELEASED in the very step that makes it due
\* (GuestSendRelidReleased enabled: rescinded, closed, nothing outstanding).
ReleaseDue(r) ==
    /\ gconn = "ready"
    /\ gresc[r] /\ ~grel[r]
    /\ gch[r] = "offered"
    /\ ~GuestGpOutstanding(r)
    /\ ~gmod[r]

ReleaseAtOnce == \A r \in Relids : ReleaseDue(r) => grel'[r]

\* VmbusClient retries INITIATE_CONTACT with the next older version inside the receive of
\* the refusing VERSION_RESPONSE.
RetryAtOnce == (gconn = "idle" /\ gvi > 1) => gconn' = "contacting"

\* VmbusServer answers a MODIFYCHANNEL of a revoked channel with a failure status
\* (Hyper-V still answers it, vmbus-core.md §4.4; the device is gone).
RevokedModifyFails ==
    (/\ g2h # <<>> /\ Head(g2h).t = "ModifyChannel"
     /\ hch[Head(g2h).r] = "revoked"
     /\ g2h' = Tail(g2h)) =>
        \A i \in (Len(h2g) + 1)..Len(h2g') : ~h2g'[i].ok

JavaChoices == BodiesBackToBack /\ ReleaseAtOnce /\ RetryAtOnce /\ RevokedModifyFails

\* MCVmbusChannelMbt_old_host.cfg: without MODIFYCHANNEL_RESPONSE nothing bounds the guest's
\* modifies, so the test also keeps at most one in flight (MCOneModifyInFlight in every state).
JavaChoicesOneModify == JavaChoices /\ MCOneModifyInFlight'
=============================================================================
