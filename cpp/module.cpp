#include "bind/bind.hpp"

NB_MODULE(_core, m) {
    m.doc() = "anysnmp's sans-IO core: BER/PDU codec and SNMPv3 security.";
    anysnmp::bind_codec(m);
    anysnmp::bind_usm(m);
    anysnmp::bind_resync(m);
    anysnmp::bind_agent(m);
    anysnmp::bind_items(m);
    anysnmp::bind_registry(m);
    anysnmp::bind_blocking(m);
    anysnmp::bind_udp_receive(m);
    anysnmp::bind_get_poller(m);
    anysnmp::bind_udp_exchange(m);
}
