#include "bind/bind.hpp"

NB_MODULE(_core, m) {
    m.doc() = "anysnmp's sans-IO core: BER/PDU codec and SNMPv3 security.";
#ifdef NDEBUG
    // Python's finalization can keep module globals alive past nanobind's own teardown
    // (`random_ids`: os.register_at_fork holds its reset method), which nanobind then
    // reports as leaks at the exit of a user's program. Debug builds keep the report.
    nanobind::set_leak_warnings(false);
#endif
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
    anysnmp::bind_mib(m);
}
