// Binding glue for the protocol tables of registry/registry.hpp.
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <string>
#include <tuple>
#include <vector>

#include "bind/bind.hpp"
#include "registry/registry.hpp"

namespace anysnmp {

namespace nb = nanobind;
using registry::AuthAlgorithm;
using registry::PrivAlgorithm;
using Rows = std::vector<std::tuple<std::string, int, std::string>>;

template <size_t N>
static Rows rows(const registry::Named (&table)[N]) {
    Rows out;
    for (const registry::Named& r : table) out.emplace_back(r.name, r.value, r.text);
    return out;
}

void bind_registry(nb::module_& m) {
    m.def("pdu_types", [] { return rows(registry::kPduTypes); },
          "The PDU types: (Python name, BER tag, \"\") rows.");
    m.def("smi_tags", [] { return rows(registry::kSmiTags); },
          "The SMI value tags: (Python name, BER tag, SMI name) rows.");
    m.def("error_statuses", [] { return rows(registry::kErrorStatuses); },
          "The error-statuses: (Python name, number, RFC 3416 name) rows.");
    m.def("key_types", [] { return rows(registry::kKeyTypes); },
          "The USM key types: (Python name, number, \"\") rows.");
    m.def("key_expansions", [] { return rows(registry::kKeyExpansions); },
          "The AES-192/256 key extensions: (Python name, number, \"\") rows.");
    m.def(
        "report_counters",
        [] {
            std::vector<std::tuple<std::string, std::string>> out;
            for (const registry::ReportCounter& c : registry::kReportCounters) out.emplace_back(c.name, c.oid);
            return out;
        },
        "The SNMPv3 error counters Reports carry: (MIB name, OID of the instance) rows; an agent "
        "counts the first nine.");
    m.def(
        "auth_algorithms",
        [] {
            std::vector<std::tuple<int, std::string, std::string, std::string, size_t, size_t>> out;
            for (const AuthAlgorithm& a : registry::kAuthAlgorithms)
                out.emplace_back(a.id, a.name, a.netsnmp_name, a.digest, a.digest_size, a.mac_size);
            return out;
        },
        "The USM authentication protocols, by protocol number: (id, name, Net-SNMP name, OpenSSL "
        "digest, digest octets, MAC octets) rows.");
    m.def(
        "priv_algorithms",
        [] {
            std::vector<std::tuple<int, std::string, std::string, std::string, std::string, size_t>> out;
            for (const PrivAlgorithm& p : registry::kPrivAlgorithms)
                out.emplace_back(p.id, p.name, p.netsnmp_name, p.netsnmp_reeder_name, p.cipher, p.key_size);
            return out;
        },
        "The USM privacy protocols, by protocol number: (id, name, Net-SNMP name, Net-SNMP name "
        "with Reeder key extension or \"\", OpenSSL cipher, key octets) rows.");
}

}  // namespace anysnmp
