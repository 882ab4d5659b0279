----------------------------- MODULE FileCopy -----------------------------
(***************************************************************************)
(* Hyper-V file copy (IC message type 7) between a host that streams one  *)
(* file at a time and the guest daemon that writes it under its root       *)
(* (devices-ic-input-video.md §5.2-§5.4; hardened guest of issue 4).        *)
(*                                                                         *)
(* One request is outstanding at a time (req), answered by one status      *)
(* (rep).  The host is hostile: it may send any operation with any         *)
(* parameters whenever nothing is outstanding, and it may vanish (channel  *)
(* closed) at any moment, dropping what is in flight.  The guest may       *)
(* refuse any request except CANCEL (bad path, I/O error, disk full, ...). *)
(*                                                                         *)
(* The guest's file system is abstracted to one target name: final is     *)
(* what is visible under that name ("none", the "old" file that was there  *)
(* before, or a "copy" made here), and the temporary file of the open copy *)
(* (tempExists, tempLen bytes).  Sizes are counted in abstract units.      *)
(*                                                                         *)
(* Bug switches (each must-fail cfg turns one on):                         *)
(*   BugRenameBeforeFsync       COMPLETE renames without forcing the data  *)
(*   BugCompletePartial         COMPLETE does not check all bytes arrived  *)
(*   BugWriteWhenIdle           WRITE accepted with no copy open (after    *)
(*                              COMPLETE or CANCEL: a kept file handle)    *)
(*   BugLeavePartialOnHostLoss  host loss leaves the temporary file        *)
(*   BugNoOverwriteCheck        existing file replaced without OVER_WRITE  *)
(***************************************************************************)
EXTENDS Integers

CONSTANTS
    Sizes,                      \* file sizes a START may declare
    WriteLens,                  \* data lengths a WRITE may carry
    BugRenameBeforeFsync,
    BugCompletePartial,
    BugWriteWhenIdle,
    BugLeavePartialOnHostLoss,
    BugNoOverwriteCheck

ASSUME Sizes \subseteq Nat /\ Sizes # {} /\ WriteLens \subseteq Nat
ASSUME \A b \in {BugRenameBeforeFsync, BugCompletePartial, BugWriteWhenIdle,
                 BugLeavePartialOnHostLoss, BugNoOverwriteCheck} : b \in BOOLEAN

MaxSize == CHOOSE m \in Sizes : \A s \in Sizes : s <= m

NoReq == [op |-> "none"]

VARIABLES
    hostUp,         \* the host (channel) is still there
    req,            \* the request in flight, or NoReq
    rep,            \* the status in flight: "none", "ok" or "fail"
    g,              \* guest session: "idle" or "open"
    declared,       \* size declared by the START of the open copy
    sessOw,         \* OVER_WRITE flag of the open copy
    tempExists,     \* the temporary file of the open copy exists
    tempLen,        \* bytes written into it
    final,          \* visible under the target name: "none", "old" or "copy"
    finalWhole,     \* the visible file has all its bytes
    finalDurable,   \* the visible file's bytes were forced to disk before it became visible
    clobbered,      \* history: an existing file was replaced without OVER_WRITE
    lateWrite       \* history: a WRITE was applied with no copy open

vars == <<hostUp, req, rep, g, declared, sessOw, tempExists, tempLen, final, finalWhole,
          finalDurable, clobbered, lateWrite>>

Requests ==
    {NoReq} \cup [op : {"start"}, ow : BOOLEAN, size : Sizes]
            \cup [op : {"write"}, off : 0..MaxSize, len : WriteLens]
            \cup [op : {"complete", "cancel"}]

TypeOK ==
    /\ hostUp \in BOOLEAN
    /\ req \in Requests
    /\ rep \in {"none", "ok", "fail"}
    /\ g \in {"idle", "open"}
    /\ declared \in Sizes \cup {0}
    /\ sessOw \in BOOLEAN
    /\ tempExists \in BOOLEAN
    /\ tempLen \in 0..MaxSize
    /\ final \in {"none", "old", "copy"}
    /\ finalWhole \in BOOLEAN
    /\ finalDurable \in BOOLEAN
    /\ clobbered \in BOOLEAN
    /\ lateWrite \in BOOLEAN

Init ==
    /\ hostUp = TRUE
    /\ req = NoReq
    /\ rep = "none"
    /\ g = "idle"
    /\ declared = 0
    /\ sessOw = FALSE
    /\ tempExists = FALSE
    /\ tempLen = 0
    /\ final \in {"none", "old"}
    /\ finalWhole = TRUE
    /\ finalDurable = TRUE
    /\ clobbered = FALSE
    /\ lateWrite = FALSE

-----------------------------------------------------------------------------
(* Host                                                                     *)

HostIdle == hostUp /\ req = NoReq /\ rep = "none"

HostSend(r) ==
    /\ HostIdle
    /\ req' = r
    /\ UNCHANGED <<hostUp, rep, g, declared, sessOw, tempExists, tempLen, final, finalWhole,
                   finalDurable, clobbered, lateWrite>>

HostSendStart(ow, size) == HostSend([op |-> "start", ow |-> ow, size |-> size])
HostSendWrite(off, len) == HostSend([op |-> "write", off |-> off, len |-> len])
HostSendComplete == HostSend([op |-> "complete"])
HostSendCancel == HostSend([op |-> "cancel"])

\* The host takes the guest's status (ok: whether it is S_OK).
HostReceiveReply(ok) ==
    /\ hostUp
    /\ rep = IF ok THEN "ok" ELSE "fail"
    /\ rep' = "none"
    /\ UNCHANGED <<hostUp, req, g, declared, sessOw, tempExists, tempLen, final, finalWhole,
                   finalDurable, clobbered, lateWrite>>

\* The host goes away (channel closed or rescinded); whatever is in flight is lost.
HostVanish ==
    /\ hostUp
    /\ hostUp' = FALSE
    /\ req' = NoReq
    /\ rep' = "none"
    /\ UNCHANGED <<g, declared, sessOw, tempExists, tempLen, final, finalWhole, finalDurable,
                   clobbered, lateWrite>>

-----------------------------------------------------------------------------
(* Guest daemon                                                             *)

Answer(status) == req' = NoReq /\ rep' = status

\* The target is taken (an existing file) and this copy may not replace it.
Blocked(ow) == final # "none" /\ ~ow /\ ~BugNoOverwriteCheck

GuestStartOk ==
    /\ req.op = "start"
    /\ g = "idle"
    /\ ~Blocked(req.ow)
    /\ g' = "open"
    /\ declared' = req.size
    /\ sessOw' = req.ow
    /\ tempExists' = TRUE
    /\ tempLen' = 0
    /\ Answer("ok")
    /\ UNCHANGED <<hostUp, final, finalWhole, finalDurable, clobbered, lateWrite>>

\* In order, within the declared size; with the bug also with no copy open (into the last file).
GuestWrite ==
    /\ req.op = "write"
    /\ \/ /\ g = "open"
          /\ req.off = tempLen
          /\ req.off + req.len <= declared
          /\ tempLen' = tempLen + req.len
          /\ UNCHANGED <<finalWhole, lateWrite>>
       \/ /\ BugWriteWhenIdle
          /\ g = "idle"
          /\ lateWrite' = TRUE
          /\ finalWhole' = (finalWhole /\ final = "none")
          /\ UNCHANGED tempLen
    /\ Answer("ok")
    /\ UNCHANGED <<hostUp, g, declared, sessOw, tempExists, final, finalDurable, clobbered>>

\* Force the temporary file to disk, then rename it over the target name.
GuestComplete ==
    /\ req.op = "complete"
    /\ g = "open"
    /\ tempLen = declared \/ BugCompletePartial
    /\ ~Blocked(sessOw)
    /\ final' = "copy"
    /\ finalWhole' = (tempLen = declared)
    /\ finalDurable' = ~BugRenameBeforeFsync
    /\ clobbered' = (clobbered \/ (final # "none" /\ ~sessOw))
    /\ tempExists' = FALSE
    /\ g' = "idle"
    /\ Answer("ok")
    /\ UNCHANGED <<hostUp, declared, sessOw, tempLen, lateWrite>>

\* Any request but CANCEL may be refused; a refusal drops the open copy and its temporary file.
GuestReject ==
    /\ req.op \in {"start", "write", "complete"}
    /\ g' = "idle"
    /\ tempExists' = FALSE
    /\ Answer("fail")
    /\ UNCHANGED <<hostUp, declared, sessOw, tempLen, final, finalWhole, finalDurable, clobbered,
                   lateWrite>>

\* CANCEL always succeeds: the open copy (if any) and its temporary file are dropped.
GuestCancel ==
    /\ req.op = "cancel"
    /\ g' = "idle"
    /\ tempExists' = FALSE
    /\ Answer("ok")
    /\ UNCHANGED <<hostUp, declared, sessOw, tempLen, final, finalWhole, finalDurable, clobbered,
                   lateWrite>>

\* The guest learns that the host is gone and drops the open copy.
GuestAbandon ==
    /\ ~hostUp
    /\ g' = "idle"
    /\ tempExists' = (BugLeavePartialOnHostLoss /\ tempExists)
    /\ UNCHANGED <<hostUp, req, rep, declared, sessOw, tempLen, final, finalWhole, finalDurable,
                   clobbered, lateWrite>>

Next ==
    \/ \E ow \in BOOLEAN, size \in Sizes : HostSendStart(ow, size)
    \/ \E off \in 0..MaxSize, len \in WriteLens : HostSendWrite(off, len)
    \/ HostSendComplete
    \/ HostSendCancel
    \/ \E ok \in BOOLEAN : HostReceiveReply(ok)
    \/ HostVanish
    \/ GuestStartOk
    \/ GuestWrite
    \/ GuestComplete
    \/ GuestReject
    \/ GuestCancel
    \/ GuestAbandon

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Properties                                                               *)

\* No WRITE is applied once the copy ended (COMPLETE, CANCEL, refusal or host loss).
NoWriteAfterEndInv == ~lateWrite

\* A file is visible under its final name only complete, whole and on disk.
FinalVisibleOnlyWholeInv == final = "copy" => finalWhole /\ finalDurable

\* Nothing is left behind: without an open copy there is no temporary file.
NothingLeftBehindInv == g = "idle" => ~tempExists

\* An existing file is replaced only by a copy that carried OVER_WRITE.
NoOverwriteWithoutFlagInv == ~clobbered

\* At most one message in flight (one request outstanding).
OneOutstandingInv == ~(req # NoReq /\ rep # "none")

\* The temporary file exists exactly while a copy is open (with every switch off).
TempIffOpenInv == tempExists <=> g = "open"
=============================================================================
