---------------------------- MODULE MCFileCopyMbt ----------------------------
(***************************************************************************)
(* State graph of the file-copy model-based test (model-tests             *)
(* org.hvref.ic.model.FileCopyModelBasedTest): MCFileCopy's bounds, the   *)
(* guest's refusals restricted by ACTION_CONSTRAINT JavaChoices to those   *)
(* the Java guest (FileCopyGuestSession) can be driven to: a START can     *)
(* always be refused (the host names a bad path), a WRITE or COMPLETE only *)
(* when it cannot be applied (no copy open, out of order, past the         *)
(* declared size, bytes missing, target blocked) -- an I/O error or a full *)
(* disk cannot be provoked on demand.  The host stays hostile.             *)
(***************************************************************************)
EXTENDS FileCopy

MCSizes == {0, 1, 2}
MCWriteLens == {1, 2}

\* A WRITE the guest can apply / a COMPLETE it can carry out.
WriteApplicable == g = "open" /\ req.off = tempLen /\ req.off + req.len <= declared
CompleteApplicable == g = "open" /\ tempLen = declared /\ ~Blocked(sessOw)

JavaChoices ==
    GuestReject =>
        \/ req.op = "start"
        \/ req.op = "write" /\ ~WriteApplicable
        \/ req.op = "complete" /\ ~CompleteApplicable
=============================================================================
