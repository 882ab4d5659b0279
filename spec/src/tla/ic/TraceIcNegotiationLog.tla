---- MODULE TraceIcNegotiationLog ----
\* Sample log in the format of ic/CONTRACT-IcNegotiation.md (hand-written; IcTraceValidator replaces this module
\* with a generated one).  Trace 1: a Linux shutdown guest negotiates 3.0/3.2 with the default host
\* offer, then answers a request and delivers it.  Trace 2: a FreeBSD guest finds nothing at or below
\* 3.0 and stays silent; the host times out.  Trace 3: a MacHyperVSupport guest without a consumer
\* answers E_FAIL.  Versions are major * 65536 + minor.
EXTENDS Integers, Sequences
Traces == <<
  << [e |-> "HostSendNegotiate", hfw |-> <<65536, 196608>>, hmsg |-> <<65536, 196608, 196609, 196610>>],
     [e |-> "GuestRcvNegotiate", policy |-> "linux", gfw |-> <<196608, 65536>>,
        gmsg |-> <<196610, 196609, 196608, 65536>>, ok |-> TRUE, resp |-> TRUE, fw |-> 196608, msg |-> 196610],
     [e |-> "HostRcvNegotiateResponse", ok |-> TRUE, fw |-> 196608, msg |-> 196610],
     [e |-> "HostSendRequest"],
     [e |-> "GuestRcvRequest", ok |-> TRUE],
     [e |-> "HostRcvResponse", ok |-> TRUE],
     [e |-> "GuestDeliverRequest"] >>,
  << [e |-> "HostSendNegotiate", hfw |-> <<196608>>, hmsg |-> <<196609, 196610>>],
     [e |-> "GuestRcvNegotiate", policy |-> "freebsd", gfw |-> <<196608>>, gmsg |-> <<196608>>,
        ok |-> FALSE, resp |-> FALSE],
     [e |-> "HostNegotiateTimeout"] >>,
  << [e |-> "HostSendNegotiate", hfw |-> <<65536, 196608>>, hmsg |-> <<65536, 196608>>],
     [e |-> "GuestRcvNegotiate", policy |-> "mac_hyperv_support", gfw |-> <<196608, 65536>>,
        gmsg |-> <<196608, 65536>>, ok |-> TRUE, resp |-> TRUE, fw |-> 196608, msg |-> 196608],
     [e |-> "HostRcvNegotiateResponse", ok |-> TRUE, fw |-> 196608, msg |-> 196608],
     [e |-> "HostSendRequest"],
     [e |-> "GuestRcvRequest", ok |-> FALSE],
     [e |-> "HostRcvResponse", ok |-> FALSE] >>
>>
====
