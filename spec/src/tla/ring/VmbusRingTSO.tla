---------------------------- MODULE VmbusRingTSO ----------------------------
(***************************************************************************)
(* The VMBus ring signalling handshake over x86-TSO store buffers.         *)
(*                                                                         *)
(* Weak-memory companion of VmbusRing.tla (which is sequentially           *)
(* consistent).  One writer (producer) and one reader (consumer) share the *)
(* ring control page (write_index, read_index, interrupt_mask,             *)
(* pending_send_sz) and the data slots.  Memory model (x86-TSO, Sewell et  *)
(* al., CACM 2010):                                                        *)
(*   - every store of a side is appended to that side's FIFO store buffer; *)
(*   - a load returns the side's own newest buffered store to that         *)
(*     location, else the value in memory;                                 *)
(*   - WriterFlush / ReaderFlush move the oldest buffered store to memory; *)
(*   - a full fence (WriterFence, ReaderFence, ReaderPendingFence,         *)
(*     WriterPendingFence) is enabled only when that side's buffer is      *)
(*     empty.                                                              *)
(* Signals (sigR: writer -> reader, sigW: reader -> writer) are events     *)
(* (hypercall / interrupt), not memory.  With SignalDrainsBuffer = FALSE a *)
(* signal may overtake the signaller's buffered stores (the weakest        *)
(* assumption: x2APIC ICR writes, for one, are not serializing); with TRUE *)
(* a signal waits for the signaller's buffer to drain (a serializing       *)
(* hypercall).  The passing config uses FALSE (a stronger result), the     *)
(* _bug configs TRUE (the bug stays real even on serializing signals).     *)
(*                                                                         *)
(* Program steps carry the action names of CONTRACT.md; the four fences    *)
(* are switched by the constants ProducerFence, ConsumerFence,             *)
(* PendingFence and ProducerPendingFence.  Packets all have PacketLen      *)
(* bytes; the data region holds DataSize \div PacketLen packet slots and   *)
(* a slot holds the sequence number of the packet written into it (the    *)
(* point is signalling, not bytes).  Facts: vmbus-core.md section 6.4/6.5  *)
(* (barriers W2 and the reader's two virt_mb()), hazards.md L-RING-1/4.    *)
(*                                                                         *)
(* Atomicity: an action that loads and then only appends to its own store *)
(* buffer (WriterCopy, WriterRecheck, ReaderRecheck, ...) is as fine-      *)
(* grained as the split steps: the append is invisible to the other side  *)
(* until a flush, and a flush of older entries commutes with the append.  *)
(* ReaderRead's two loads (write_index, then the slot) are one step: the   *)
(* writer cannot store to that slot before read_index has passed it.       *)
(* A decide step and its signal are one step: sigR/sigW are sticky, so a   *)
(* later signal only wakes the other side later.                           *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    DataSize,              \* bytes in the data region (multiple of PacketLen)
    PacketLen,             \* bytes one packet takes in the ring (incl. trailer)
    NumPackets,            \* packets the writer sends in one behaviour
    ProducerFence,         \* full fence between publishing write_index and loading interrupt_mask
    ConsumerFence,         \* full fence between clearing interrupt_mask and re-loading write_index
    PendingFence,          \* full fence between storing read_index and loading pending_send_sz
    ProducerPendingFence,  \* full fence between storing pending_send_sz and re-loading read_index
    SignalDrainsBuffer     \* a signal (hypercall, IPI) first drains the signaller's store buffer

ASSUME /\ PacketLen \in Nat /\ PacketLen >= 24 /\ PacketLen % 8 = 0
       /\ DataSize \in Nat /\ DataSize > PacketLen /\ DataSize % PacketLen = 0
       /\ NumPackets \in Nat \ {0}
       /\ ProducerFence \in BOOLEAN /\ ConsumerFence \in BOOLEAN
       /\ PendingFence \in BOOLEAN /\ ProducerPendingFence \in BOOLEAN
       /\ SignalDrainsBuffer \in BOOLEAN

\* Memory locations: the four control-page words and one word per packet slot.
LocWI   == 0    \* write_index      (stored by the writer only)
LocRI   == 1    \* read_index       (stored by the reader only)
LocMask == 2    \* interrupt_mask   (stored by the reader only)
LocPend == 3    \* pending_send_sz  (stored by the writer only)
Slots   == DataSize \div PacketLen
LocData(off) == 4 + off \div PacketLen   \* the slot of the packet at byte offset off
Locs    == 0 .. 3 + Slots
Offsets == {k * PacketLen : k \in 0 .. Slots - 1}
Values  == 0 .. (IF DataSize > NumPackets THEN DataSize ELSE NumPackets)

VARIABLES
    mem,        \* Locs -> value: what is globally visible
    wbuf,       \* writer's store buffer: sequence of <<loc, value>>, oldest first
    rbuf,       \* reader's store buffer
    wpc,        \* writer program counter
    wpos,       \* writer's private write position (= its last published write_index)
    wcount,     \* packets copied into the ring so far (the last one numbered wcount)
    oldwi,      \* write_index before the packet being published (for the empty->non-empty test)
    wmask,      \* interrupt_mask as loaded by WriterReadMask
    rpc,        \* reader program counter
    rpos,       \* reader's private read index
    nread,      \* packets read in the current batch (not yet committed)
    rpend,      \* pending_send_sz as loaded by ReaderReadPending
    got,        \* packet numbers the reader took out of the ring, in order
    sigR,       \* writer -> reader signal (coalescing)
    sigW        \* reader -> writer signal (coalescing)

memVars    == <<mem, wbuf, rbuf>>
writerVars == <<wpc, wpos, wcount, oldwi, wmask>>
readerVars == <<rpc, rpos, nread, rpend, got>>
sigVars    == <<sigR, sigW>>
vars       == <<memVars, writerVars, readerVars, sigVars>>

WriterPcs == {"copy", "publish", "fence", "readmask", "decide",
              "setpending", "pfence", "recheck", "sleep", "done"}
ReaderPcs == {"idle", "read", "commit", "pfence", "readpending", "decidepending",
              "fence", "recheck"}

-----------------------------------------------------------------------------
(* TSO memory operations *)

\* A side's load: its own newest buffered store to loc, else memory.
Load(buf, loc) ==
    LET hits == {i \in 1 .. Len(buf) : buf[i][1] = loc}
    IN  IF hits = {} THEN mem[loc]
        ELSE buf[CHOOSE i \in hits : \A j \in hits : j <= i][2]

\* A side's store: appended to its own buffer.
Store(buf, loc, val) == Append(buf, <<loc, val>>)

BufHas(buf, loc) == \E i \in 1 .. Len(buf) : buf[i][1] = loc

\* Ring arithmetic of CONTRACT.md.
Used(wi, ri) == (wi - ri) % DataSize
Free(wi, ri) == DataSize - Used(wi, ri)
Fits(wi, ri) == Free(wi, ri) > PacketLen      \* one 8-byte slot always stays free
Advance(off) == (off + PacketLen) % DataSize

-----------------------------------------------------------------------------
TypeOK ==
    /\ mem \in [Locs -> Values]
    /\ wbuf \in Seq(Locs \X Values)
    /\ rbuf \in Seq(Locs \X Values)
    /\ wpc \in WriterPcs /\ rpc \in ReaderPcs
    /\ wpos \in Offsets /\ rpos \in Offsets /\ oldwi \in Offsets
    /\ wcount \in 0 .. NumPackets
    /\ wmask \in {0, 1}
    /\ nread \in 0 .. NumPackets
    /\ rpend \in Values
    /\ got \in Seq(Values) /\ Len(got) <= NumPackets
    /\ sigR \in BOOLEAN /\ sigW \in BOOLEAN

Init ==
    /\ mem = [l \in Locs |-> 0]
    /\ wbuf = << >> /\ rbuf = << >>
    /\ wpc = "copy" /\ wpos = 0 /\ wcount = 0 /\ oldwi = 0 /\ wmask = 0
    /\ rpc = "idle" /\ rpos = 0 /\ nread = 0 /\ rpend = 0 /\ got = << >>
    /\ sigR = FALSE /\ sigW = FALSE

-----------------------------------------------------------------------------
(* Writer (producer).  RingWriter#tryWrite: WriterCopy, WriterPublish,     *)
(* [WriterFence], WriterReadMask, WriterDecideSignal, or WriterFull.       *)
(* RingWriter#requestSpace: WriterSetPending, [WriterPendingFence],        *)
(* WriterRecheck.  RingWriter#wake: WriterWake.                            *)

\* Load read_index; the packet fits: copy it (one data store) at wpos.
WriterCopy ==
    /\ wpc = "copy" /\ wcount < NumPackets
    /\ Fits(wpos, Load(wbuf, LocRI))
    /\ wbuf' = Store(wbuf, LocData(wpos), wcount + 1)
    /\ wcount' = wcount + 1
    /\ wpc' = "publish"
    /\ UNCHANGED <<mem, rbuf, wpos, oldwi, wmask, readerVars, sigVars>>

\* Load read_index; the packet does not fit: FULL.
WriterFull ==
    /\ wpc = "copy" /\ wcount < NumPackets
    /\ ~Fits(wpos, Load(wbuf, LocRI))
    /\ wpc' = "setpending"
    /\ UNCHANGED <<memVars, wpos, wcount, oldwi, wmask, readerVars, sigVars>>

\* Store write_index := old + len (release; TSO keeps it after the data store).
WriterPublish ==
    /\ wpc = "publish"
    /\ wbuf' = Store(wbuf, LocWI, Advance(wpos))
    /\ oldwi' = wpos
    /\ wpos' = Advance(wpos)
    /\ wpc' = IF ProducerFence THEN "fence" ELSE "readmask"
    /\ UNCHANGED <<mem, rbuf, wcount, wmask, readerVars, sigVars>>

\* Full fence (Linux virt_mb() at the top of hv_signal_on_write, barrier W2).
WriterFence ==
    /\ wpc = "fence" /\ wbuf = << >>
    /\ wpc' = "readmask"
    /\ UNCHANGED <<memVars, wpos, wcount, oldwi, wmask, readerVars, sigVars>>

WriterReadMask ==
    /\ wpc = "readmask"
    /\ wmask' = Load(wbuf, LocMask)
    /\ wpc' = "decide"
    /\ UNCHANGED <<memVars, wpos, wcount, oldwi, readerVars, sigVars>>

\* Load read_index; signal iff mask was 0 and the ring was empty before.
WriterDecideSignal ==
    /\ wpc = "decide"
    /\ LET sig == wmask = 0 /\ Load(wbuf, LocRI) = oldwi
       IN  /\ sig /\ SignalDrainsBuffer => wbuf = << >>
           /\ sigR' = (sigR \/ sig)
    /\ wpc' = IF wcount = NumPackets THEN "done" ELSE "copy"
    /\ UNCHANGED <<memVars, wpos, wcount, oldwi, wmask, readerVars, sigW>>

\* After FULL: store pending_send_sz := bytes needed.
WriterSetPending ==
    /\ wpc = "setpending"
    /\ wbuf' = Store(wbuf, LocPend, PacketLen)
    /\ wpc' = IF ProducerPendingFence THEN "pfence" ELSE "recheck"
    /\ UNCHANGED <<mem, rbuf, wpos, wcount, oldwi, wmask, readerVars, sigVars>>

\* Full fence between the pending_send_sz store and the read_index re-load.
WriterPendingFence ==
    /\ wpc = "pfence" /\ wbuf = << >>
    /\ wpc' = "recheck"
    /\ UNCHANGED <<memVars, wpos, wcount, oldwi, wmask, readerVars, sigVars>>

\* Re-load read_index: fits now -> clear pending and copy; else sleep.
WriterRecheck ==
    /\ wpc = "recheck"
    /\ IF Fits(wpos, Load(wbuf, LocRI))
          THEN /\ wbuf' = Store(wbuf, LocPend, 0)
               /\ wpc' = "copy"
          ELSE /\ wpc' = "sleep"
               /\ UNCHANGED wbuf
    /\ UNCHANGED <<mem, rbuf, wpos, wcount, oldwi, wmask, readerVars, sigVars>>

\* A sleeping writer consumes sigW, clears pending and retries.
WriterWake ==
    /\ wpc = "sleep" /\ sigW
    /\ sigW' = FALSE
    /\ wbuf' = Store(wbuf, LocPend, 0)
    /\ wpc' = "copy"
    /\ UNCHANGED <<mem, rbuf, wpos, wcount, oldwi, wmask, readerVars, sigR>>

\* The oldest buffered store of the writer reaches memory.
WriterFlush ==
    /\ wbuf # << >>
    /\ mem' = [mem EXCEPT ![Head(wbuf)[1]] = Head(wbuf)[2]]
    /\ wbuf' = Tail(wbuf)
    /\ UNCHANGED <<rbuf, writerVars, readerVars, sigVars>>

-----------------------------------------------------------------------------
(* Reader (consumer).  RingReader#beginRead: ReaderWake.                   *)
(* RingReader#readBatch: ReaderRead x n, ReaderCommit, [ReaderPendingFence],*)
(* ReaderReadPending, ReaderDecidePendingSignal.                            *)
(* RingReader#endRead: ReaderUnmask, [ReaderFence], ReaderRecheck.          *)

\* The idle reader consumes sigR and masks interrupts (batched mode).
ReaderWake ==
    /\ rpc = "idle" /\ sigR
    /\ sigR' = FALSE
    /\ rbuf' = Store(rbuf, LocMask, 1)
    /\ rpc' = "read"
    /\ UNCHANGED <<mem, wbuf, writerVars, rpos, nread, rpend, got, sigW>>

\* Load write_index (acquire); a packet is there: take it from its slot.
ReaderRead ==
    /\ rpc = "read"
    /\ Load(rbuf, LocWI) # rpos
    /\ got' = Append(got, Load(rbuf, LocData(rpos)))
    /\ rpos' = Advance(rpos)
    /\ nread' = nread + 1
    /\ UNCHANGED <<memVars, writerVars, rpc, rpend, sigVars>>

\* End of a batch (any time after >= 1 read): store read_index (release).
ReaderCommit ==
    /\ rpc = "read" /\ nread >= 1
    /\ rbuf' = Store(rbuf, LocRI, rpos)
    /\ rpc' = IF PendingFence THEN "pfence" ELSE "readpending"
    /\ UNCHANGED <<mem, wbuf, writerVars, rpos, nread, rpend, got, sigVars>>

\* Full fence (Linux virt_mb() in hv_pkt_iter_close before pending_send_sz).
ReaderPendingFence ==
    /\ rpc = "pfence" /\ rbuf = << >>
    /\ rpc' = "readpending"
    /\ UNCHANGED <<memVars, writerVars, rpos, nread, rpend, got, sigVars>>

ReaderReadPending ==
    /\ rpc = "readpending"
    /\ rpend' = Load(rbuf, LocPend)
    /\ rpc' = "decidepending"
    /\ UNCHANGED <<memVars, writerVars, rpos, nread, got, sigVars>>

\* Load write_index; signal iff free space crossed pend with this batch.
ReaderDecidePendingSignal ==
    /\ rpc = "decidepending"
    /\ LET after  == Free(Load(rbuf, LocWI), rpos)
           before == after - nread * PacketLen
           sig    == rpend # 0 /\ before <= rpend /\ rpend < after
       IN  /\ sig /\ SignalDrainsBuffer => rbuf = << >>
           /\ sigW' = (sigW \/ sig)
    /\ nread' = 0
    /\ rpc' = "read"
    /\ UNCHANGED <<memVars, writerVars, rpos, rpend, got, sigR>>

\* The reader found the ring empty (load of write_index, not logged) and
\* clears interrupt_mask.
ReaderUnmask ==
    /\ rpc = "read" /\ nread = 0
    /\ Load(rbuf, LocWI) = rpos
    /\ rbuf' = Store(rbuf, LocMask, 0)
    /\ rpc' = IF ConsumerFence THEN "fence" ELSE "recheck"
    /\ UNCHANGED <<mem, wbuf, writerVars, rpos, nread, rpend, got, sigVars>>

\* Full fence (Linux virt_mb() in hv_end_read).
ReaderFence ==
    /\ rpc = "fence" /\ rbuf = << >>
    /\ rpc' = "recheck"
    /\ UNCHANGED <<memVars, writerVars, rpos, nread, rpend, got, sigVars>>

\* Re-load write_index: data -> mask again and drain; else go idle.
ReaderRecheck ==
    /\ rpc = "recheck"
    /\ IF Load(rbuf, LocWI) # rpos
          THEN /\ rbuf' = Store(rbuf, LocMask, 1)
               /\ rpc' = "read"
          ELSE /\ rpc' = "idle"
               /\ UNCHANGED rbuf
    /\ UNCHANGED <<mem, wbuf, writerVars, rpos, nread, rpend, got, sigVars>>

\* The oldest buffered store of the reader reaches memory.
ReaderFlush ==
    /\ rbuf # << >>
    /\ mem' = [mem EXCEPT ![Head(rbuf)[1]] = Head(rbuf)[2]]
    /\ rbuf' = Tail(rbuf)
    /\ UNCHANGED <<wbuf, writerVars, readerVars, sigVars>>

-----------------------------------------------------------------------------
\* Everything written was read and both sides rest: stutter (not a deadlock).
Finished ==
    /\ wpc = "done" /\ rpc = "idle" /\ ~sigR
    /\ Len(got) = NumPackets /\ wbuf = << >> /\ rbuf = << >>
    /\ UNCHANGED vars

WriterStep ==
    \/ WriterCopy \/ WriterFull \/ WriterPublish \/ WriterFence
    \/ WriterReadMask \/ WriterDecideSignal
    \/ WriterSetPending \/ WriterPendingFence \/ WriterRecheck \/ WriterWake

ReaderStep ==
    \/ ReaderWake \/ ReaderRead \/ ReaderCommit \/ ReaderPendingFence
    \/ ReaderReadPending \/ ReaderDecidePendingSignal
    \/ ReaderUnmask \/ ReaderFence \/ ReaderRecheck

Next == WriterStep \/ ReaderStep \/ WriterFlush \/ ReaderFlush \/ Finished

\* Both programs progress when they can; a store buffer eventually drains.
Spec == /\ Init /\ [][Next]_vars
        /\ WF_vars(WriterStep) /\ WF_vars(ReaderStep)
        /\ WF_vars(WriterFlush) /\ WF_vars(ReaderFlush)

-----------------------------------------------------------------------------
(* Safety *)

\* The reader took exactly packets 1, 2, ..., in order: no loss, duplication,
\* overwrite or read of an unwritten slot.
FifoDeliveryInv == \A i \in 1 .. Len(got) : got[i] = i

\* The reader never passes the writer.
ReaderBehindWriterInv == Len(got) <= wcount

\* Indexes (published and private) in range and 8-byte aligned.
IndexAlignedInv ==
    \A x \in {mem[LocWI], mem[LocRI], wpos, rpos} : x \in 0 .. DataSize - 1 /\ x % 8 = 0

\* The ring never holds more than DataSize - 8 bytes (one slot stays free).
NoOverflowInv == (wcount - Len(got)) * PacketLen <= DataSize - 8

(* Liveness *)

\* No lost wake-up towards the reader: data written is eventually read.
DataEventuallyReadProp == \A k \in 1 .. NumPackets : (wcount >= k) ~> (Len(got) >= k)

\* An idle reader is woken when published data is in the ring.
ReaderEventuallyWokenProp == (rpc = "idle" /\ mem[LocWI] # rpos) ~> (rpc # "idle")

\* No lost wake-up towards the writer: a writer asleep on pending_send_sz is woken.
WriterEventuallyWokenProp == (wpc = "sleep") ~> (wpc # "sleep")

\* The writer gets all its packets out.
WriterEventuallyDoneProp == <>(wpc = "done")

-----------------------------------------------------------------------------
(* Reachability probes (expected to be VIOLATED with all fences on): they   *)
(* show that the model is not vacuous, i.e. that with the fences in place a *)
(* side really does load while the other side's store to that location is   *)
(* still in its buffer.  Each has its own MCVmbusRingTSO_probe_*.cfg.       *)

\* The reader is about to re-load write_index while the writer's store of it
\* is still buffered.
ProbeStaleWiAtRecheckInv == ~(rpc = "recheck" /\ BufHas(wbuf, LocWI))

\* The writer is about to load interrupt_mask while the reader's store of it
\* is still buffered.
ProbeStaleMaskAtReadMaskInv == ~(wpc = "readmask" /\ BufHas(rbuf, LocMask))

\* The writer is about to re-load read_index while the reader's commit is
\* still buffered.
ProbeStaleRiAtRecheckInv == ~(wpc = "recheck" /\ BufHas(rbuf, LocRI))

\* The reader is about to load pending_send_sz while the writer's store of it
\* is still buffered.
ProbeStalePendAtReadPendingInv == ~(rpc = "readpending" /\ BufHas(wbuf, LocPend))
=============================================================================
