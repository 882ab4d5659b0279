------------------------------ MODULE RingFifo ------------------------------
(***************************************************************************)
(* The abstract FIFO that a VMBus ring implements: the writer appends     *)
(* numbered packets, the reader takes the head.  Packets are records      *)
(* [pkt, len]: pkt is the 1-based sequence number given by the writer,    *)
(* len the bytes the packet occupies in the ring (ring/CONTRACT.md).      *)
(* VmbusRing refines this module (VmbusRing!Fifo, checked as the TLC      *)
(* PROPERTY FifoSpecBar).                                                 *)
(***************************************************************************)
EXTENDS Naturals, Sequences

CONSTANT
    Lens            \* the packet lengths a writer may append

VARIABLES
    queue,          \* packets appended and not yet taken, oldest first
    nput,           \* number of packets appended so far
    got             \* sequence numbers of the packets taken so far, in order

vars == <<queue, nput, got>>

Packet == [pkt : Nat \ {0}, len : Lens]

TypeOK ==
    /\ queue \in Seq(Packet)
    /\ nput \in Nat
    /\ got \in Seq(Nat \ {0})

Init ==
    /\ queue = <<>>
    /\ nput = 0
    /\ got = <<>>

\* The writer appends the next packet.
Put(len) ==
    /\ queue' = Append(queue, [pkt |-> nput + 1, len |-> len])
    /\ nput' = nput + 1
    /\ UNCHANGED got

\* The reader takes the oldest packet.
Take ==
    /\ queue # <<>>
    /\ got' = Append(got, Head(queue).pkt)
    /\ queue' = Tail(queue)
    /\ UNCHANGED nput

Next == (\E len \in Lens : Put(len)) \/ Take

Spec == Init /\ [][Next]_vars

\* Taken packets are 1, 2, ..., k and the queue holds k+1, ..., nput in order:
\* nothing lost, duplicated or reordered.
InOrderInv ==
    /\ got = [i \in 1..Len(got) |-> i]
    /\ \A i \in 1..Len(queue) : queue[i].pkt = Len(got) + i
    /\ Len(got) + Len(queue) = nput

THEOREM Spec => []InOrderInv
=============================================================================
