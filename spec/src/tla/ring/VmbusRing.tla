------------------------------ MODULE VmbusRing ------------------------------
(***************************************************************************)
(* One VMBus ring buffer: one writer (producer) and one reader (consumer)  *)
(* over a data region of DataSize bytes, in sequentially consistent        *)
(* memory.  Facts: shared/protocol/vmbus-core.md §6 (control page, one     *)
(* slot kept free, framing with an 8-byte trailer, writer and reader       *)
(* algorithms, signalling rules) and §7.4 (8-byte alignment); hazards from *)
(* shared/protocol/hazards.md §2.1 and §4 rows 1-4 and 16.                 *)
(*                                                                         *)
(* Every action is one row of ring/CONTRACT.md, with the same name as the  *)
(* Java @SpecAction and the trace event; each is one load or one store of  *)
(* the control page (plus private work), so TLC explores every             *)
(* interleaving of the two sides.  Doorbells are the coalescing booleans   *)
(* sigR (writer -> reader) and sigW (reader -> writer).                    *)
(*                                                                         *)
(* The hazard switches Bug* are all FALSE in MCVmbusRing.cfg; each         *)
(* MCVmbusRing_<hazard>_bug.cfg flips one and must fail (ring/README.md).  *)
(***************************************************************************)
EXTENDS Integers, Sequences

CONSTANTS
    DataSize,           \* bytes in the data region, a multiple of 8 (vmbus-core.md §6.1)
    Sizes,              \* packet lengths the model's writer chooses from (len8*8 + 8-byte trailer)
    MaxPackets,         \* model bound: the writer writes at most this many packets
    FeatPendingSend,    \* feature bit feat_pending_send_sz of this ring (vmbus-core.md §6.1)
    \* hazard switches (hazards.md §4); all FALSE in the good configuration
    BugNoRecheck,         \* #1: the reader unmasks and goes idle without re-checking write_index
    BugStaleView,         \* writer decides to signal on read_index loaded at copy time (before publish)
    BugPendingNoCrossing, \* #2: the reader signals whenever free > pending_send_sz (no crossing test)
    BugPendingOrder,      \* #2: the reader loads pending_send_sz before committing read_index
    BugSignalAlways,      \* #3b: the writer signals after every write
    BugSignalNever,       \* #3a: the writer never signals (waits for a later write that never comes)
    BugDrainOne,          \* #4: one packet per interrupt, then idle (no re-check loop)
    BugCopyBuf            \* #16: the copy buffer excludes the 16-byte descriptor; truncated advance

VARIABLES
    \* control page (shared memory) and doorbells
    wi,         \* write_index: published by the writer (store-release)
    ri,         \* read_index: published by the reader (store-release)
    mask,       \* interrupt_mask: written only by the reader
    pend,       \* pending_send_sz: written only by the writer
    sigR,       \* doorbell writer -> reader (coalescing)
    sigW,       \* doorbell reader -> writer (coalescing)
    \* writer private state
    wpc,        \* writer program counter
    wlen,       \* length of the packet being written (or of the write that found the ring full)
    wri,        \* read_index loaded at copy time (kept only by BugStaleView)
    wmask,      \* interrupt_mask loaded by WriterReadMask
    wempty,     \* ghost: no older packet was unread when this packet was published or decided
    wsig,       \* ghost: the last WriterDecideSignal signalled
    \* reader private state
    rpc,        \* reader program counter
    rr,         \* private read index
    rhead,      \* packets read in the current batch and not yet committed
    roldri,     \* read_index before the last commit (free space before the batch)
    rpend,      \* pending_send_sz loaded by ReaderReadPending
    rwi,        \* ghost: write_index loaded by the last ReaderDecidePendingSignal
    rsig,       \* ghost: the last ReaderDecidePendingSignal signalled
    \* ring contents and history (ghost)
    ring,       \* packets copied and not yet committed by the reader: [pkt, len, at], oldest first
    nsent,      \* number of packets copied by the writer (pkt numbers 1..nsent)
    recv        \* pkt numbers of the packets read, in order

ctrlVars   == <<wi, ri, mask, pend, sigR, sigW>>
writerVars == <<wpc, wlen, wri, wmask, wempty, wsig>>
readerVars == <<rpc, rr, rhead, roldri, rpend, rwi, rsig>>
ghostVars  == <<ring, nsent, recv>>
vars == <<ctrlVars, writerVars, readerVars, ghostVars>>

-----------------------------------------------------------------------------
(* Ring arithmetic (vmbus-core.md §6.2, §6.3; ring/CONTRACT.md Vocabulary). *)

\* Bytes between index a (older) and index b (newer), going forward.
Dist(a, b) == (b - a) % DataSize

\* Bytes used by published, uncommitted packets, and free bytes as the writer sees them.
Used(w, r) == Dist(r, w)
Free(w, r) == DataSize - Used(w, r)

\* A valid packet length: descriptor (16) + data + pad in 8-byte units, plus the 8-byte
\* trailer, and small enough to fit while one 8-byte slot stays free.
IsPacketLen(len) == len \in Int /\ len >= 24 /\ len % 8 = 0 /\ len <= DataSize - 8

PacketLens == {len \in 24..(DataSize - 8) : len % 8 = 0}

Max(S) == CHOOSE x \in S : \A y \in S : y <= x

\* #16: the reader's copy buffer holds the largest payload of the model's packets but not
\* the 16-byte descriptor; a longer packet is clamped to the buffer and the private index
\* advances by the clamped length + trailer.  The correct buffer holds any packet.
BuggyCopyBuf == Max(Sizes) - 8 - 16
ReadAdvance(len) ==
    IF BugCopyBuf /\ len - 8 > BuggyCopyBuf THEN BuggyCopyBuf + 8 ELSE len

\* The reader's view at ReaderDecidePendingSignal, from the write_index w it loads
\* (vmbus-core.md §6.5 step 7): free space now, and free space before this batch = free
\* now - bytes read in the batch.  The latter can be <= 0 when the writer has meanwhile
\* stopped waiting and reused the freed space; the writer is then not waiting on this
\* batch and any decision is harmless.
FreeAfterBatch(w)  == Free(w, ri)
FreeBeforeBatch(w) == FreeAfterBatch(w) - Dist(roldri, ri)

RECURSIVE SumLens(_)
SumLens(s) == IF s = <<>> THEN 0 ELSE Head(s).len + SumLens(Tail(s))

\* Packets in ring that the writer has published (all but one being copied).
NPub == Len(ring) - (IF wpc = "publish" THEN 1 ELSE 0)

WriterStates == {"idle", "full", "pending", "sleep", "publish", "readmask", "decide"}
ReaderStates == {"idle", "drain", "commit", "readpend", "decidepend", "done", "recheck"}

-----------------------------------------------------------------------------
TypeOK ==
    /\ wi \in 0..(DataSize - 1)
    /\ ri \in 0..(DataSize - 1)
    /\ mask \in {0, 1}
    /\ pend \in 0..(DataSize - 1)
    /\ sigR \in BOOLEAN
    /\ sigW \in BOOLEAN
    /\ wpc \in WriterStates
    /\ wlen \in {0} \cup PacketLens
    /\ wri \in 0..(DataSize - 1)
    /\ wmask \in {0, 1}
    /\ wempty \in BOOLEAN
    /\ wsig \in BOOLEAN
    /\ rpc \in ReaderStates
    /\ rr \in 0..(DataSize - 1)
    /\ rhead \in Nat
    /\ roldri \in 0..(DataSize - 1)
    /\ rpend \in 0..(DataSize - 1)
    /\ rwi \in 0..(DataSize - 1)
    /\ rsig \in BOOLEAN
    /\ ring \in Seq([pkt : Nat \ {0}, len : PacketLens, at : 0..(DataSize - 1)])
    /\ nsent \in Nat
    /\ recv \in Seq(Nat \ {0})

Init ==
    /\ wi = 0 /\ ri = 0 /\ mask = 0 /\ pend = 0 /\ sigR = FALSE /\ sigW = FALSE
    /\ wpc = "idle" /\ wlen = 0 /\ wri = 0 /\ wmask = 0 /\ wempty = FALSE /\ wsig = FALSE
    /\ rpc = "idle" /\ rr = 0 /\ rhead = 0 /\ roldri = 0 /\ rpend = 0 /\ rwi = 0
    /\ rsig = FALSE
    /\ ring = <<>> /\ nsent = 0 /\ recv = <<>>

-----------------------------------------------------------------------------
(* Writer (producer), vmbus-core.md §6.4.                                    *)

\* Load read_index; the space check passes (free > len, one slot stays free); copy
\* descriptor + data + trailer at the private write position (= published wi).
WriterCopy(len) ==
    /\ nsent < MaxPackets
    /\ wpc \in {"idle", "full"}
    /\ IsPacketLen(len)
    /\ Free(wi, ri) > len
    /\ ring' = Append(ring, [pkt |-> nsent + 1, len |-> len, at |-> wi])
    /\ nsent' = nsent + 1
    /\ wlen' = len
    /\ wri' = IF BugStaleView THEN ri ELSE 0
    /\ wmask' = 0 /\ wempty' = FALSE /\ wsig' = FALSE
    /\ wpc' = "publish"
    /\ UNCHANGED <<ctrlVars, readerVars, recv>>

\* Load read_index; the space check fails; the write returns FULL and writes nothing.
WriterFull(len) ==
    /\ nsent < MaxPackets
    /\ wpc \in {"idle", "full"}
    /\ IsPacketLen(len)
    /\ Free(wi, ri) <= len
    /\ wlen' = len
    /\ wpc' = "full"
    /\ UNCHANGED <<ctrlVars, wri, wmask, wempty, wsig, readerVars, ghostVars>>

\* After FULL (feature bit set; without it the writer can only poll): store
\* pending_send_sz := p, the bytes needed (at least the failed write's length, so that
\* free > p means the write fits).
WriterSetPending(p) ==
    /\ FeatPendingSend
    /\ wpc = "full"
    /\ p \in Int /\ p >= wlen /\ p % 8 = 0 /\ p < DataSize
    /\ pend' = p
    /\ wpc' = "pending"
    /\ UNCHANGED <<wi, ri, mask, sigR, sigW, wlen, wri, wmask, wempty, wsig,
                   readerVars, ghostVars>>

\* Load read_index again: if the waiting write fits now, clear pending_send_sz and go
\* back to copy; else sleep until the reader signals.
WriterRecheck ==
    /\ wpc = "pending"
    /\ IF Free(wi, ri) > wlen
         THEN pend' = 0 /\ wpc' = "idle"
         ELSE pend' = pend /\ wpc' = "sleep"
    /\ UNCHANGED <<wi, ri, mask, sigR, sigW, wlen, wri, wmask, wempty, wsig,
                   readerVars, ghostVars>>

\* The sleeping writer consumes sigW, clears pending_send_sz and goes back to copy.
WriterWake ==
    /\ wpc = "sleep"
    /\ sigW
    /\ sigW' = FALSE
    /\ pend' = 0
    /\ wpc' = "idle"
    /\ UNCHANGED <<wi, ri, mask, sigR, wlen, wri, wmask, wempty, wsig, readerVars, ghostVars>>

\* Store-release write_index := old wi + len.
WriterPublish ==
    /\ wpc = "publish"
    /\ wi' = (wi + wlen) % DataSize
    /\ wempty' = (ri = wi)
    /\ wpc' = "readmask"
    /\ UNCHANGED <<ri, mask, pend, sigR, sigW, wlen, wri, wmask, wsig, readerVars, ghostVars>>

\* Load interrupt_mask (after the full fence).
WriterReadMask ==
    /\ wpc = "readmask"
    /\ wmask' = mask
    /\ wpc' = "decide"
    /\ UNCHANGED <<ctrlVars, wlen, wri, wempty, wsig, readerVars, ghostVars>>

\* Load read_index; signal iff the loaded mask is 0 and read_index = old write_index
\* (the ring went empty -> non-empty).
WriterDecideSignal ==
    /\ wpc = "decide"
    /\ LET oldWi == (wi - wlen) % DataSize
           r     == IF BugStaleView THEN wri ELSE ri
           sig   == CASE BugSignalAlways -> TRUE
                      [] BugSignalNever  -> FALSE
                      [] OTHER           -> wmask = 0 /\ r = oldWi
       IN  /\ wsig' = sig
           /\ sigR' = (sigR \/ sig)
           /\ wempty' = (wempty \/ ri = oldWi)
    /\ wpc' = "idle"
    /\ UNCHANGED <<wi, ri, mask, pend, sigW, wlen, wri, wmask, readerVars, ghostVars>>

-----------------------------------------------------------------------------
(* Reader (consumer), vmbus-core.md §6.5 (batched mode).                     *)

\* Where the reader goes after a batch is committed (and pending-send handled).
AfterBatch == IF BugDrainOne THEN "done" ELSE "drain"

\* The idle reader consumes sigR and stores interrupt_mask := 1.
ReaderWake ==
    /\ rpc = "idle"
    /\ sigR
    /\ sigR' = FALSE
    /\ mask' = 1
    /\ rpc' = "drain"
    /\ UNCHANGED <<wi, ri, pend, sigW, writerVars, rr, rhead, roldri, rpend, rwi, rsig,
                   ghostVars>>

\* Load write_index (acquire): a packet is available at the private read index; copy it
\* out and advance the private index past it (descriptor + data + trailer).
ReaderRead ==
    /\ rpc = "drain"
    /\ rr # wi
    /\ rhead < Len(ring)
    /\ ~(BugDrainOne /\ rhead >= 1)
    /\ LET p == ring[rhead + 1]
       IN  /\ recv' = Append(recv, p.pkt)
           /\ rr' = (rr + ReadAdvance(p.len)) % DataSize
    /\ rhead' = rhead + 1
    /\ rpend' = 0 /\ rwi' = 0 /\ rsig' = FALSE
    /\ UNCHANGED <<ctrlVars, writerVars, rpc, roldri, ring, nsent>>

\* After >= 1 read: store-release read_index := private read index.
ReaderCommit ==
    /\ rhead >= 1
    /\ \/ rpc = "drain" /\ ~(FeatPendingSend /\ BugPendingOrder)
       \/ rpc = "commit"
    /\ ri' = rr
    /\ roldri' = ri
    /\ ring' = SubSeq(ring, rhead + 1, Len(ring))
    /\ rhead' = 0
    /\ rpc' = CASE ~FeatPendingSend -> AfterBatch
                [] BugPendingOrder  -> "decidepend"
                [] OTHER            -> "readpend"
    /\ UNCHANGED <<wi, mask, pend, sigR, sigW, writerVars, rr, rpend, rwi, rsig, nsent, recv>>

\* (Feature bit set) after the full fence, load pending_send_sz.
ReaderReadPending ==
    /\ FeatPendingSend
    /\ \/ rpc = "readpend"
       \/ rpc = "drain" /\ BugPendingOrder /\ rhead >= 1
    /\ rpend' = pend
    /\ rpc' = IF BugPendingOrder THEN "commit" ELSE "decidepend"
    /\ UNCHANGED <<ctrlVars, writerVars, rr, rhead, roldri, rwi, rsig, ghostVars>>

\* Load write_index; signal the writer iff pend # 0 and
\* free-before-batch <= pend < free-after ("not enough" -> "enough").
ReaderDecidePendingSignal ==
    /\ rpc = "decidepend"
    /\ LET after  == FreeAfterBatch(wi)
           before == FreeBeforeBatch(wi)
           sig    == /\ rpend # 0
                     /\ rpend < after
                     /\ (BugPendingNoCrossing \/ before <= rpend)
       IN  /\ rsig' = sig
           /\ sigW' = (sigW \/ sig)
    /\ rwi' = wi
    /\ rpc' = AfterBatch
    /\ UNCHANGED <<wi, ri, mask, pend, sigR, writerVars, rr, rhead, roldri, rpend, ghostVars>>

\* All read packets committed: store interrupt_mask := 0.  (The reader may have seen an
\* empty ring in a load that is not logged; the writer may have published since.)
ReaderUnmask ==
    /\ rhead = 0
    /\ \/ rpc = "drain" /\ (~BugDrainOne \/ rr = wi)
       \/ rpc = "done"
    /\ mask' = 0
    /\ rpc' = "recheck"
    /\ UNCHANGED <<wi, ri, pend, sigR, sigW, writerVars, rr, rhead, roldri, rpend, rwi, rsig,
                   ghostVars>>

\* After the full fence, load write_index: if the ring is non-empty, mask again and keep
\* draining; else go idle.  (#1 and #4 ignore what they load.)
ReaderRecheck ==
    /\ rpc = "recheck"
    /\ IF wi # rr /\ ~BugNoRecheck /\ ~BugDrainOne
         THEN mask' = 1 /\ rpc' = "drain"
         ELSE mask' = mask /\ rpc' = "idle"
    /\ UNCHANGED <<wi, ri, pend, sigR, sigW, writerVars, rr, rhead, roldri, rpend, rwi, rsig,
                   ghostVars>>

-----------------------------------------------------------------------------
WriterNext ==
    \/ \E len \in Sizes : WriterCopy(len)
    \/ \E len \in Sizes : WriterFull(len)
    \/ WriterSetPending(wlen)
    \/ WriterRecheck
    \/ WriterWake
    \/ WriterPublish
    \/ WriterReadMask
    \/ WriterDecideSignal

ReaderNext ==
    \/ ReaderWake
    \/ ReaderRead
    \/ ReaderCommit
    \/ ReaderReadPending
    \/ ReaderDecidePendingSignal
    \/ ReaderUnmask
    \/ ReaderRecheck

Next == WriterNext \/ ReaderNext

\* The writer may stop writing (or stay FULL) at any time, but completes every step it has
\* begun (its steps after a copy or a SetPending are enabled one at a time, so weak
\* fairness of their disjunction is weak fairness of each).  The reader completes every
\* step it begins and does not refuse a packet for ever: strong fairness of ReaderRead,
\* since a reader that unmasks and re-checks in a loop disables it again and again.
WriterProgress ==
    WriterRecheck \/ WriterWake \/ WriterPublish \/ WriterReadMask \/ WriterDecideSignal

Fairness ==
    /\ WF_vars(WriterProgress)
    /\ WF_vars(ReaderNext)
    /\ SF_vars(ReaderRead)

Spec == Init /\ [][Next]_vars /\ Fairness

-----------------------------------------------------------------------------
(* Safety.                                                                  *)

\* Indexes are byte offsets in [0, DataSize), multiples of 8 (vmbus-core.md §6.1).
IndexesAlignedInv ==
    \A x \in {wi, ri, rr} : x \in 0..(DataSize - 1) /\ x % 8 = 0

\* The reader's private index lies between read_index and write_index: it never passes
\* the writer.
ReaderNeverPassesWriterInv ==
    Dist(ri, rr) + Dist(rr, wi) = Dist(ri, wi)

\* Used bytes (from the published indexes) = the lengths of the published, uncommitted
\* packets; at most DataSize - 8 (one slot free), also counting a packet being copied.
UsedBytesInv ==
    /\ Used(wi, ri) = SumLens(SubSeq(ring, 1, NPub))
    /\ Used(wi, ri) + (IF wpc = "publish" THEN wlen ELSE 0) <= DataSize - 8

\* Packets lie back to back from read_index; the copy in progress starts at write_index.
PacketFramingInv ==
    /\ \A i \in 1..(Len(ring) - 1) : ring[i + 1].at = (ring[i].at + ring[i].len) % DataSize
    /\ ring # <<>> => ring[1].at = ri
    /\ NPub < Len(ring) => ring[Len(ring)].at = wi

\* The private read index is always the start of the next packet (or write_index).
ReadIndexOnPacketBoundaryInv ==
    IF rhead < Len(ring) THEN rr = ring[rhead + 1].at ELSE rr = wi

\* The writer signals only when the ring went empty -> non-empty with interrupts enabled:
\* its packet was the only unread one when it was published or when the writer decided
\* (the reader may consume older packets in between: vmbus-core.md §6.4 step 12 compares
\* read_index with the old write_index at decision time), and the loaded mask was 0.
SignalOnlyOnEmptyToNonEmptyInv ==
    wsig => wempty /\ wmask = 0

\* The reader signals the writer only on the crossing of pending_send_sz.
NoSpuriousPendingSignalInv ==
    rsig => /\ rpend # 0
            /\ FreeBeforeBatch(rwi) <= rpend
            /\ rpend < FreeAfterBatch(rwi)

\* pending_send_sz is non-zero exactly while the writer waits for space.
PendingOnlyWhileWaitingInv ==
    (pend # 0) <=> (wpc \in {"pending", "sleep"})

\* interrupt_mask is set exactly while the reader is between wake-up and unmask.
MaskWhileDrainingInv ==
    (mask = 1) <=> (rpc \notin {"idle", "recheck"})

\* Received is a prefix of sent: packets 1..k read in order, none lost or duplicated.
ReceivedPrefixOfSentInv ==
    /\ recv = [i \in 1..Len(recv) |-> i]
    /\ Len(recv) <= nsent
    /\ \A i \in 1..Len(ring) : ring[i].pkt = Len(recv) - rhead + i
    /\ Len(recv) - rhead + Len(ring) = nsent

(* Refinement of the abstract FIFO: a packet enters the FIFO when write_index is  *)
(* published and leaves it when the reader copies it out.                        *)
FifoQueue ==
    [i \in 1..(NPub - rhead) |-> [pkt |-> ring[rhead + i].pkt, len |-> ring[rhead + i].len]]

Fifo == INSTANCE RingFifo WITH
    Lens  <- PacketLens,
    queue <- FifoQueue,
    nput  <- nsent - (IF wpc = "publish" THEN 1 ELSE 0),
    got   <- recv

FifoSpecBar == Fifo!Spec

THEOREM Spec => FifoSpecBar

-----------------------------------------------------------------------------
(* Liveness.                                                                *)

\* Every packet the writer copies is eventually read: the reader catches up with the
\* writer.  (With a writer bounded by MaxPackets this is equivalent to
\* \A k : nsent >= k ~> Len(recv) >= k, and one leads-to is much cheaper for TLC.)
WrittenEventuallyReadProp ==
    (Len(recv) < nsent) ~> (Len(recv) = nsent)

\* No lost wake-up: an idle reader with data in the ring is eventually woken.
NoLostWakeupProp ==
    (rpc = "idle" /\ rr # wi) ~> (rpc # "idle")

\* A writer sleeping on pending_send_sz is woken once the space it waits for is free.
WriterWokenProp ==
    (wpc = "sleep" /\ Free(wi, ri) > pend) ~> (wpc # "sleep")

=============================================================================
