---------------------------- MODULE IcNegotiation ----------------------------
(***************************************************************************)
(* Integration-component (IC) version negotiation and request/response on *)
(* one IC channel (devices-ic-input-video.md §1.4, §1.7; hazards.md M11,   *)
(* #15 / L-UTIL-1).  Host: SendVersion -> WaitVersion -> Ready <->         *)
(* WaitResponse, or Failed.  Guest: unnegotiated / ready, answering in     *)
(* place with the rules of its family (Policy):                            *)
(*   "linux"              exact match walking its preference list; on      *)
(*                        failure answers counts 0/0;                      *)
(*   "mac_hyperv_support" exact match; on failure 0/0 and E_FAIL;          *)
(*   "freebsd"            highest offered version <= its maximum (the      *)
(*                        first entry of its list); on failure no answer.  *)
(* Versions are naturals (major * 65536 + minor), 0 meaning "none".        *)
(* The host offer and the presence of a guest consumer are chosen in Init  *)
(* from OfferChoices / ConsumerChoices, so one model covers every host     *)
(* list of the cfg.  Messages travel in two FIFO queues (the ring pair).   *)
(* Java: org.hvref.ic.IcHostNegotiator, IcServiceClient (ic/CONTRACT-IcNegotiation.md).  *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    OfferChoices,      \* set of [fw |-> Seq(version), msg |-> Seq(version)]: what the host may offer
    GuestFw,           \* the guest's framework versions, newest first
    GuestMsg,          \* the guest's service message versions, newest first
    Policy,            \* "linux", "mac_hyperv_support" or "freebsd"
    ConsumerChoices,   \* subset of BOOLEAN: whether a consumer (daemon) acts on requests
    MaxRequests,       \* bound on service requests
    \* Hazard switches (all FALSE: the correct protocol).
    BugGuestAcceptUnoffered,  \* no match: the guest answers its newest version anyway (accepts what was not offered)
    BugGuestWrongFramework,   \* the guest answers its own newest framework version, whatever was offered
    BugVersionFromVmbus,      \* the guest takes its message version from a fixed table (the VMBus version), not
                              \* from the offer (L-UTIL-1): here its oldest entry
    BugActBeforeAnswer        \* the guest acts on a request (waits for its consumer) before answering (M11)

VARIABLES
    offer,       \* the host's offer [fw, msg] (fixed in Init)
    consumer,    \* whether the guest has a consumer (fixed in Init)
    h2g, g2h,    \* message queues host -> guest, guest -> host
    hstate,      \* "idle", "waitVersion", "ready", "waitResponse", "failed"
    hfw, hmsg,   \* versions the host accepted (0 = none)
    gstate,      \* "unnegotiated", "ready"
    gfw, gmsg,   \* versions the guest chose (0 = none)
    acting,      \* (bug only) the guest holds a request until its consumer acted
    toDeliver,   \* requests answered S_OK, not yet handed to the consumer
    delivered,   \* requests handed to the consumer
    answeredOk,  \* requests answered S_OK
    nreq         \* requests the host sent

vars == <<offer, consumer, h2g, g2h, hstate, hfw, hmsg, gstate, gfw, gmsg, acting, toDeliver, delivered,
          answeredOk, nreq>>

Range(s) == {s[i] : i \in 1..Len(s)}
Max(S) == CHOOSE x \in S : \A y \in S : y <= x
Min(S) == CHOOSE x \in S : \A y \in S : x <= y

\* Exact match in the guest's preference order (Linux, MacHyperVSupport).
ExactPick(g, offered) ==
    LET idx == {i \in 1..Len(g) : g[i] \in Range(offered)} IN IF idx = {} THEN 0 ELSE g[Min(idx)]
\* The highest offered version at or below the guest's maximum g[1] (FreeBSD).
HighestAtMost(g, offered) ==
    LET c == {v \in Range(offered) : v <= g[1]} IN IF c = {} THEN 0 ELSE Max(c)
\* What a correct guest of the family picks (0: none).
Pick(g, offered) == IF Policy = "freebsd" THEN HighestAtMost(g, offered) ELSE ExactPick(g, offered)
\* Whether the family supports v at all.
Supported(g, v) == IF Policy = "freebsd" THEN v <= g[1] ELSE v \in Range(g)

\* What this guest answers (0: none), with the hazard switches.
ChosenFw == IF BugGuestWrongFramework THEN GuestFw[1] ELSE Pick(GuestFw, offer.fw)
ChosenMsg ==
    IF BugVersionFromVmbus THEN GuestMsg[Len(GuestMsg)]
    ELSE LET m == Pick(GuestMsg, offer.msg) IN
         IF m = 0 /\ BugGuestAcceptUnoffered THEN GuestMsg[1] ELSE m

Msgs == [t : {"negReq"}] \cup [t : {"negResp"}, ok : BOOLEAN, fw : Nat, msg : Nat]
        \cup [t : {"req"}] \cup [t : {"resp"}, ok : BOOLEAN]

TypeOK ==
    /\ offer \in OfferChoices
    /\ consumer \in ConsumerChoices
    /\ h2g \in Seq(Msgs) /\ g2h \in Seq(Msgs)
    /\ hstate \in {"idle", "waitVersion", "ready", "waitResponse", "failed"}
    /\ gstate \in {"unnegotiated", "ready"}
    /\ {hfw, hmsg, gfw, gmsg} \subseteq Nat
    /\ acting \in BOOLEAN
    /\ {toDeliver, delivered, answeredOk, nreq} \subseteq 0..MaxRequests

Init ==
    /\ offer \in OfferChoices
    /\ consumer \in ConsumerChoices
    /\ h2g = <<>> /\ g2h = <<>>
    /\ hstate = "idle" /\ hfw = 0 /\ hmsg = 0
    /\ gstate = "unnegotiated" /\ gfw = 0 /\ gmsg = 0
    /\ acting = FALSE /\ toDeliver = 0 /\ delivered = 0 /\ answeredOk = 0 /\ nreq = 0

-----------------------------------------------------------------------------
(* Host actions *)

\* Host sends NEGOTIATE with its framework and message lists (ic §1.4 host step 1).
HostSendNegotiate ==
    /\ hstate = "idle"
    /\ hstate' = "waitVersion"
    /\ h2g' = Append(h2g, [t |-> "negReq"])
    /\ UNCHANGED <<offer, consumer, g2h, hfw, hmsg, gstate, gfw, gmsg, acting, toDeliver, delivered,
                   answeredOk, nreq>>

\* Host reads the answer: success needs counts 1/1 naming offered versions (ic §1.4 host step 2).
HostRcvNegotiateResponse ==
    /\ hstate = "waitVersion"
    /\ g2h # <<>> /\ Head(g2h).t = "negResp"
    /\ g2h' = Tail(g2h)
    /\ LET m == Head(g2h) IN
         IF m.ok /\ m.fw \in Range(offer.fw) /\ m.msg \in Range(offer.msg)
         THEN hstate' = "ready" /\ hfw' = m.fw /\ hmsg' = m.msg
         ELSE hstate' = "failed" /\ UNCHANGED <<hfw, hmsg>>
    /\ UNCHANGED <<offer, consumer, h2g, gstate, gfw, gmsg, acting, toDeliver, delivered, answeredOk, nreq>>

\* No answer came (the host's timer; abstracted: nothing is in flight any more).
HostNegotiateTimeout ==
    /\ hstate = "waitVersion"
    /\ h2g = <<>> /\ g2h = <<>>
    /\ hstate' = "failed"
    /\ UNCHANGED <<offer, consumer, h2g, g2h, hfw, hmsg, gstate, gfw, gmsg, acting, toDeliver, delivered,
                   answeredOk, nreq>>

\* Host sends a service request with the negotiated versions; one outstanding at most (ic §1.7).
HostSendRequest ==
    /\ hstate = "ready"
    /\ nreq < MaxRequests
    /\ hstate' = "waitResponse"
    /\ nreq' = nreq + 1
    /\ h2g' = Append(h2g, [t |-> "req"])
    /\ UNCHANGED <<offer, consumer, g2h, hfw, hmsg, gstate, gfw, gmsg, acting, toDeliver, delivered, answeredOk>>

\* Host reads the response to its request.
HostRcvResponse ==
    /\ hstate = "waitResponse"
    /\ g2h # <<>> /\ Head(g2h).t = "resp"
    /\ g2h' = Tail(g2h)
    /\ hstate' = "ready"
    /\ UNCHANGED <<offer, consumer, h2g, hfw, hmsg, gstate, gfw, gmsg, acting, toDeliver, delivered,
                   answeredOk, nreq>>

-----------------------------------------------------------------------------
(* Guest actions *)

\* Guest handles NEGOTIATE (in any state): picks per its family and answers, or stays silent (FreeBSD failure).
GuestRcvNegotiate ==
    /\ h2g # <<>> /\ Head(h2g).t = "negReq"
    /\ h2g' = Tail(h2g)
    /\ LET fw == ChosenFw
           msg == ChosenMsg
       IN IF fw # 0 /\ msg # 0
          THEN /\ gstate' = "ready" /\ gfw' = fw /\ gmsg' = msg
               /\ g2h' = Append(g2h, [t |-> "negResp", ok |-> TRUE, fw |-> fw, msg |-> msg])
          ELSE /\ gstate' = "unnegotiated" /\ gfw' = 0 /\ gmsg' = 0
               /\ g2h' = IF Policy = "freebsd" THEN g2h
                         ELSE Append(g2h, [t |-> "negResp", ok |-> FALSE, fw |-> 0, msg |-> 0])
    /\ UNCHANGED <<offer, consumer, hstate, hfw, hmsg, acting, toDeliver, delivered, answeredOk, nreq>>

\* Guest answers a request before acting on it: S_OK iff negotiated, a consumer is there and the service accepts
\* the request (its own checks: shutdown refuses hibernate, file copy answers its operation's status, a malformed
\* payload is refused), else an error status; only an S_OK request is handed on.
\* (BugActBeforeAnswer: a negotiated guest first waits for its consumer.)
GuestRcvRequest ==
    /\ h2g # <<>> /\ Head(h2g).t = "req"
    /\ ~acting
    /\ h2g' = Tail(h2g)
    /\ IF BugActBeforeAnswer /\ gstate = "ready"
       THEN acting' = TRUE /\ UNCHANGED <<g2h, toDeliver, answeredOk>>
       ELSE \E accepts \in BOOLEAN :
            LET ok == gstate = "ready" /\ consumer /\ accepts IN
            /\ g2h' = Append(g2h, [t |-> "resp", ok |-> ok])
            /\ toDeliver' = toDeliver + (IF ok THEN 1 ELSE 0)
            /\ answeredOk' = answeredOk + (IF ok THEN 1 ELSE 0)
            /\ UNCHANGED acting
    /\ UNCHANGED <<offer, consumer, hstate, hfw, hmsg, gstate, gfw, gmsg, delivered, nreq>>

\* Guest hands an answered request to its consumer (BugActBeforeAnswer: acts, then answers).
GuestDeliverRequest ==
    /\ consumer
    /\ \/ /\ toDeliver > 0
          /\ toDeliver' = toDeliver - 1
          /\ UNCHANGED <<acting, g2h, answeredOk>>
       \/ /\ acting
          /\ acting' = FALSE
          /\ g2h' = Append(g2h, [t |-> "resp", ok |-> TRUE])
          /\ answeredOk' = answeredOk + 1
          /\ UNCHANGED toDeliver
    /\ delivered' = delivered + 1
    /\ UNCHANGED <<offer, consumer, h2g, hstate, hfw, hmsg, gstate, gfw, gmsg, nreq>>

Next ==
    \/ HostSendNegotiate
    \/ HostRcvNegotiateResponse
    \/ HostNegotiateTimeout
    \/ HostSendRequest
    \/ HostRcvResponse
    \/ GuestRcvNegotiate
    \/ GuestRcvRequest
    \/ GuestDeliverRequest

Fairness ==
    /\ WF_vars(HostSendNegotiate) /\ WF_vars(HostRcvNegotiateResponse) /\ WF_vars(HostNegotiateTimeout)
    /\ WF_vars(HostRcvResponse) /\ WF_vars(GuestRcvNegotiate) /\ WF_vars(GuestRcvRequest)
    /\ WF_vars(GuestDeliverRequest)

Spec == Init /\ [][Next]_vars /\ Fairness

-----------------------------------------------------------------------------
(* Properties *)

\* A negotiated guest's framework version was offered and is one it supports (hazard: wrong framework answer).
FrameworkIsCommonInv == gstate = "ready" => gfw \in Range(offer.fw) /\ Supported(GuestFw, gfw)

\* A negotiated guest's message version was offered and is one it supports (hazards.md #15, L-UTIL-1).
MessageIsCommonInv == gstate = "ready" => gmsg \in Range(offer.msg) /\ Supported(GuestMsg, gmsg)

\* Both sides agree: a negotiated host uses exactly the guest's choice.
HostAgreesInv == hstate \in {"ready", "waitResponse"} => gstate = "ready" /\ hfw = gfw /\ hmsg = gmsg

\* The guest picked what its family's rule picks (best common version for exact match, highest <= max for FreeBSD).
PolicyChoiceInv == gstate = "ready" => gfw = Pick(GuestFw, offer.fw) /\ gmsg = Pick(GuestMsg, offer.msg)

\* The negotiation fails only when the family's rule finds nothing.
FailsOnlyWithoutCommonInv ==
    hstate = "failed" => Pick(GuestFw, offer.fw) = 0 \/ Pick(GuestMsg, offer.msg) = 0

\* At most one message in flight on the channel (one outstanding transaction, ic §1.7).
OneOutstandingInv == Len(h2g) + Len(g2h) <= 1

\* Nothing is handed to the consumer before it was answered.
AnswerBeforeActInv == delivered <= answeredOk

\* The negotiation ends (success, refusal or timeout).
NegotiationEndsProp == hstate = "waitVersion" ~> hstate \in {"ready", "failed"}

\* Every request is answered (hazards.md M11: even without a consumer).
RequestAnsweredProp == hstate = "waitResponse" ~> hstate = "ready"
=============================================================================
