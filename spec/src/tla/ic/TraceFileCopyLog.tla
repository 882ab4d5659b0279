---- MODULE TraceFileCopyLog ----
\* Sample log in the format of ic/CONTRACT.md (hand-written; FileCopyTraceValidator replaces this
\* module with a generated one).  Trace 1: a 7000-byte copy in two writes.  Trace 2: the target
\* exists, a START without OVER_WRITE is refused, then one with it, a write, a CANCEL.
\* Trace 3: the host vanishes mid-copy and the guest abandons the copy.
EXTENDS Integers, Sequences
Traces == <<
  << [e |-> "HostSendStart", ow |-> FALSE, size |-> 7000],
     [e |-> "GuestStartOk", ow |-> FALSE, size |-> 7000],
     [e |-> "HostReceiveReply", ok |-> TRUE],
     [e |-> "HostSendWrite", off |-> 0, len |-> 6144],
     [e |-> "GuestWrite", off |-> 0, len |-> 6144],
     [e |-> "HostReceiveReply", ok |-> TRUE],
     [e |-> "HostSendWrite", off |-> 6144, len |-> 856],
     [e |-> "GuestWrite", off |-> 6144, len |-> 856],
     [e |-> "HostReceiveReply", ok |-> TRUE],
     [e |-> "HostSendComplete"],
     [e |-> "GuestComplete", size |-> 7000],
     [e |-> "HostReceiveReply", ok |-> TRUE] >>,
  << [e |-> "HostSendStart", ow |-> FALSE, size |-> 10],
     [e |-> "GuestReject", op |-> "start", status |-> -2147024816],
     [e |-> "HostReceiveReply", ok |-> FALSE],
     [e |-> "HostSendStart", ow |-> TRUE, size |-> 10],
     [e |-> "GuestStartOk", ow |-> TRUE, size |-> 10],
     [e |-> "HostReceiveReply", ok |-> TRUE],
     [e |-> "HostSendWrite", off |-> 0, len |-> 10],
     [e |-> "GuestWrite", off |-> 0, len |-> 10],
     [e |-> "HostReceiveReply", ok |-> TRUE],
     [e |-> "HostSendCancel"],
     [e |-> "GuestCancel"],
     [e |-> "HostReceiveReply", ok |-> TRUE] >>,
  << [e |-> "HostSendStart", ow |-> FALSE, size |-> 5],
     [e |-> "GuestStartOk", ow |-> FALSE, size |-> 5],
     [e |-> "HostReceiveReply", ok |-> TRUE],
     [e |-> "HostSendWrite", off |-> 0, len |-> 5],
     [e |-> "HostVanish"],
     [e |-> "GuestAbandon"] >>
>>
TraceOld == << FALSE, TRUE, FALSE >>
====
