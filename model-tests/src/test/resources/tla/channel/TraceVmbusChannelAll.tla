------------------------ MODULE TraceVmbusChannelAll ------------------------
(***************************************************************************)
(* TraceVmbusChannel with a verdict per trace, for batches of traces that  *)
(* are expected to be rejected (model-tests: org.hvref.channel.trace and   *)
(* org.hvref.channel.hazard).                                              *)
(*                                                                         *)
(* TraceVmbusChannel reports only the first trace that cannot be replayed  *)
(* (a deadlock stops TLC).  Here the same TraceInit and ReplayEvent run,   *)
(* and two reporting steps replace the deadlock and the final stuttering:  *)
(*   Stuck: event l of trace t cannot be replayed (ReplayEvent disabled);  *)
(*          prints <<"hvref-stuck", t, l>>;                                *)
(*   Finished: trace t was replayed to its end; prints <<"hvref-done", t>>.*)
(* Both stutter, so TLC explores every trace to its verdict and exits 0.   *)
(* Every event has at most one successor (TraceVmbusChannel's header), so  *)
(* ~ENABLED ReplayEvent is exactly "the trace is stuck here".              *)
(***************************************************************************)
EXTENDS TraceVmbusChannel, TLC

Stuck ==
    /\ l <= Len(Traces[t])
    /\ ~ENABLED ReplayEvent
    /\ PrintT(<<"hvref-stuck", t, l>>)
    /\ UNCHANGED vars

Finished ==
    /\ l > Len(Traces[t])
    /\ PrintT(<<"hvref-done", t>>)
    /\ UNCHANGED vars

AllNext == ReplayEvent \/ Stuck \/ Finished

AllSpec == TraceInit /\ [][AllNext]_vars
=============================================================================
