"""The sans-IO session core: requests to send and what their answers mean.

No awaits and no sockets: the async `anysnmp.SnmpSession` and the blocking
`anysnmp.sync.SnmpSession` are shells that run these requests through a
transport and hand the answers back. `_answers` is the one status policy
(error-status, exception values, tooBig, noSuchName), `_walk` the walk state,
`_session` the session's settings, codecs and plans, `_framing` where
SNMP messages end on a byte stream (TCP).
"""
