// The protocol tables, each defined once: PDU types, SMI tags, error-statuses,
// USM auth and privacy algorithms, key types and extensions, the counters
// Reports carry. The core's constants and enums are made
// from these rows; bind/registry_nb.cpp exports them and the Python package
// takes its numbers from them and checks, when imported, that its names agree.
//
// A new protocol is one row here (an algorithm also needs its key class in
// anysnmp/_usm.py: the import-time check fails until it exists).
#pragma once

#include <cstddef>
#include <cstdint>

namespace anysnmp::registry {

// PDU types (RFC 3416 3, RFC 1157 4.1.6): X(C++ name, BER tag, Python name).
#define ANYSNMP_PDU_TYPES(X)         \
    X(Get, 0xa0, "GET")              \
    X(GetNext, 0xa1, "GETNEXT")      \
    X(Response, 0xa2, "RESPONSE")    \
    X(Set, 0xa3, "SET")              \
    X(TrapV1, 0xa4, "TRAP_V1")       \
    X(GetBulk, 0xa5, "GETBULK")      \
    X(Inform, 0xa6, "INFORM")        \
    X(TrapV2, 0xa7, "TRAP_V2")       \
    X(Report, 0xa8, "REPORT")

// SMI value tags (RFC 2578 7.1.1-7.1.3, RFC 3416 3 exceptions; BIT STRING,
// NsapAddress and UInteger32 of RFC 1442, which old devices still send: read,
// never written): X(C++ name, BER tag, Python name, SMI name).
#define ANYSNMP_SMI_TAGS(X)                                              \
    X(Integer, 0x02, "INTEGER", "INTEGER")                               \
    X(BitString, 0x03, "BIT_STRING", "BIT STRING")                       \
    X(OctetString, 0x04, "OCTET_STRING", "OCTET STRING")                 \
    X(Null, 0x05, "NULL", "NULL")                                        \
    X(ObjectId, 0x06, "OBJECT_IDENTIFIER", "OBJECT IDENTIFIER")          \
    X(IpAddress, 0x40, "IP_ADDRESS", "IpAddress")                        \
    X(Counter32, 0x41, "COUNTER32", "Counter32")                         \
    X(Gauge32, 0x42, "GAUGE32", "Gauge32")                               \
    X(TimeTicks, 0x43, "TIMETICKS", "TimeTicks")                         \
    X(Opaque, 0x44, "OPAQUE", "Opaque")                                  \
    X(NsapAddress, 0x45, "NSAP_ADDRESS", "NsapAddress")                  \
    X(Counter64, 0x46, "COUNTER64", "Counter64")                         \
    X(UInteger32, 0x47, "UINTEGER32", "UInteger32")                      \
    X(NoSuchObject, 0x80, "NO_SUCH_OBJECT", "noSuchObject")              \
    X(NoSuchInstance, 0x81, "NO_SUCH_INSTANCE", "noSuchInstance")        \
    X(EndOfMibView, 0x82, "END_OF_MIB_VIEW", "endOfMibView")

// Error-statuses (RFC 3416 3): X(value, Python name, RFC name).
#define ANYSNMP_ERROR_STATUSES(X)                                  \
    X(0, "NO_ERROR", "noError")                                    \
    X(1, "TOO_BIG", "tooBig")                                      \
    X(2, "NO_SUCH_NAME", "noSuchName")                             \
    X(3, "BAD_VALUE", "badValue")                                  \
    X(4, "READ_ONLY", "readOnly")                                  \
    X(5, "GEN_ERR", "genErr")                                      \
    X(6, "NO_ACCESS", "noAccess")                                  \
    X(7, "WRONG_TYPE", "wrongType")                                \
    X(8, "WRONG_LENGTH", "wrongLength")                            \
    X(9, "WRONG_ENCODING", "wrongEncoding")                        \
    X(10, "WRONG_VALUE", "wrongValue")                             \
    X(11, "NO_CREATION", "noCreation")                             \
    X(12, "INCONSISTENT_VALUE", "inconsistentValue")               \
    X(13, "RESOURCE_UNAVAILABLE", "resourceUnavailable")           \
    X(14, "COMMIT_FAILED", "commitFailed")                         \
    X(15, "UNDO_FAILED", "undoFailed")                             \
    X(16, "AUTHORIZATION_ERROR", "authorizationError")             \
    X(17, "NOT_WRITABLE", "notWritable")                           \
    X(18, "INCONSISTENT_NAME", "inconsistentName")

// USM authentication (RFC 3414 6/7, RFC 7860): X(C++ name, protocol number,
// name, Net-SNMP name, OpenSSL digest, digest octets (Ku/Kul), MAC octets).
// Protocol numbers run 1, 2, ... in row order (0: none).
#define ANYSNMP_AUTH_ALGORITHMS(X)                            \
    X(Md5, 1, "MD5", "MD5", "MD5", 16, 12)                    \
    X(Sha1, 2, "SHA-1", "SHA", "SHA1", 20, 12)                \
    X(Sha224, 3, "SHA-224", "SHA-224", "SHA224", 28, 16)      \
    X(Sha256, 4, "SHA-256", "SHA-256", "SHA256", 32, 24)      \
    X(Sha384, 5, "SHA-384", "SHA-384", "SHA384", 48, 32)      \
    X(Sha512, 6, "SHA-512", "SHA-512", "SHA512", 64, 48)

// USM privacy (RFC 3414 8, RFC 3826, draft-blumenthal-aes-usm-04): X(C++ name,
// protocol number, name, Net-SNMP name, Net-SNMP name with Reeder key extension
// ("" when the key is never extended), OpenSSL cipher, localized key octets).
// Protocol numbers run 1, 2, ... in row order (0: none).
#define ANYSNMP_PRIV_ALGORITHMS(X)                                     \
    X(Des, 1, "DES", "DES", "", "DES-CBC", 16)                         \
    X(Aes128, 2, "AES-128", "AES", "", "AES-128-CFB", 16)              \
    X(Aes192, 3, "AES-192", "AES-192", "AES-192-C", "AES-192-CFB", 24) \
    X(Aes256, 4, "AES-256", "AES-256", "AES-256-C", "AES-256-CFB", 32)

// What the octets of a USM key are: X(C++ name, number, Python name).
#define ANYSNMP_KEY_TYPES(X)           \
    X(Password, 0, "Password")         \
    X(Master, 1, "Master")             \
    X(Localized, 2, "Localized")

// How AES-192/256 keys are extended over a short hash (draft-blumenthal-aes-usm-04;
// draft-reeder-snmpv3-usm-3desede, Net-SNMP's AES-192-C/AES-256-C, gufo_snmp's "Cisco"):
// X(C++ name, number, Python name).
#define ANYSNMP_KEY_EXPANSIONS(X)       \
    X(Blumenthal, 0, "Blumenthal")      \
    X(Reeder, 1, "Reeder")

// The SNMPv3 error counters a Report names in its varbind (RFC 3414 5, RFC 3412 5,
// RFC 3413 4.1.2): X(C++ name, OID of the instance, MIB name). An agent counts the
// first kAgentCounters of them; the others a requester may meet from other agents.
#define ANYSNMP_REPORT_COUNTERS(X)                                                 \
    X(UnsupportedSecLevels, "1.3.6.1.6.3.15.1.1.1.0", "usmStatsUnsupportedSecLevels") \
    X(NotInTimeWindows, "1.3.6.1.6.3.15.1.1.2.0", "usmStatsNotInTimeWindows")         \
    X(UnknownUserNames, "1.3.6.1.6.3.15.1.1.3.0", "usmStatsUnknownUserNames")         \
    X(UnknownEngineIds, "1.3.6.1.6.3.15.1.1.4.0", "usmStatsUnknownEngineIDs")         \
    X(WrongDigests, "1.3.6.1.6.3.15.1.1.5.0", "usmStatsWrongDigests")                 \
    X(DecryptionErrors, "1.3.6.1.6.3.15.1.1.6.0", "usmStatsDecryptionErrors")         \
    X(UnknownSecurityModels, "1.3.6.1.6.3.11.2.1.1.0", "snmpUnknownSecurityModels")   \
    X(UnknownContexts, "1.3.6.1.6.3.12.1.5.0", "snmpUnknownContexts")                 \
    X(UnknownPduHandlers, "1.3.6.1.6.3.11.2.1.3.0", "snmpUnknownPDUHandlers")         \
    X(InvalidMsgs, "1.3.6.1.6.3.11.2.1.2.0", "snmpInvalidMsgs")                       \
    X(UnavailableContexts, "1.3.6.1.6.3.12.1.4.0", "snmpUnavailableContexts")

#define ANYSNMP_CONSTANT(cpp, value, ...) constexpr uint8_t cpp = value;
namespace pdu_type {
ANYSNMP_PDU_TYPES(ANYSNMP_CONSTANT)
}
namespace smi_tag {
ANYSNMP_SMI_TAGS(ANYSNMP_CONSTANT)
}
#undef ANYSNMP_CONSTANT

// A row of a table of numbers: the Python name, the number, and a description
// (the SMI or RFC name; empty for PDU types).
struct Named {
    const char* name;
    int value;
    const char* text;
};

#define ANYSNMP_KEY_ROW(cpp, value, name) Named{name, value, ""},
#define ANYSNMP_PDU_ROW(cpp, value, name) Named{name, value, ""},
#define ANYSNMP_TAG_ROW(cpp, value, name, smi) Named{name, value, smi},
#define ANYSNMP_STATUS_ROW(value, name, rfc) Named{name, value, rfc},
inline constexpr Named kPduTypes[] = {ANYSNMP_PDU_TYPES(ANYSNMP_PDU_ROW)};
inline constexpr Named kSmiTags[] = {ANYSNMP_SMI_TAGS(ANYSNMP_TAG_ROW)};
inline constexpr Named kErrorStatuses[] = {ANYSNMP_ERROR_STATUSES(ANYSNMP_STATUS_ROW)};
inline constexpr Named kKeyTypes[] = {ANYSNMP_KEY_TYPES(ANYSNMP_KEY_ROW)};
inline constexpr Named kKeyExpansions[] = {ANYSNMP_KEY_EXPANSIONS(ANYSNMP_KEY_ROW)};
#undef ANYSNMP_PDU_ROW
#undef ANYSNMP_TAG_ROW
#undef ANYSNMP_STATUS_ROW
#undef ANYSNMP_KEY_ROW

struct AuthAlgorithm {
    int id;
    const char* name;
    const char* netsnmp_name;
    const char* digest;
    size_t digest_size;
    size_t mac_size;
};

struct PrivAlgorithm {
    int id;
    const char* name;
    const char* netsnmp_name;
    const char* netsnmp_reeder_name;
    const char* cipher;
    size_t key_size;

    // Whether a localized key shorter than key_size is extended (Blumenthal or Reeder).
    constexpr bool extends_key() const { return netsnmp_reeder_name[0] != '\0'; }
};

#define ANYSNMP_AUTH_ROW(cpp, id, ...) AuthAlgorithm{id, __VA_ARGS__},
#define ANYSNMP_PRIV_ROW(cpp, id, ...) PrivAlgorithm{id, __VA_ARGS__},
inline constexpr AuthAlgorithm kAuthAlgorithms[] = {ANYSNMP_AUTH_ALGORITHMS(ANYSNMP_AUTH_ROW)};
inline constexpr PrivAlgorithm kPrivAlgorithms[] = {ANYSNMP_PRIV_ALGORITHMS(ANYSNMP_PRIV_ROW)};
#undef ANYSNMP_AUTH_ROW
#undef ANYSNMP_PRIV_ROW

#define ANYSNMP_ENUMERATOR(cpp, id, ...) cpp = id,
enum class Auth : int { None = 0, ANYSNMP_AUTH_ALGORITHMS(ANYSNMP_ENUMERATOR) };
enum class Priv : int { None = 0, ANYSNMP_PRIV_ALGORITHMS(ANYSNMP_ENUMERATOR) };
#undef ANYSNMP_ENUMERATOR

// The row of a protocol other than None.
constexpr const AuthAlgorithm& row(Auth a) { return kAuthAlgorithms[static_cast<size_t>(a) - 1]; }
constexpr const PrivAlgorithm& row(Priv p) { return kPrivAlgorithms[static_cast<size_t>(p) - 1]; }

#define ANYSNMP_KEY_ENUMERATOR(cpp, value, name) cpp = value,
enum class KeyType : int { ANYSNMP_KEY_TYPES(ANYSNMP_KEY_ENUMERATOR) };
enum class Extension : int { ANYSNMP_KEY_EXPANSIONS(ANYSNMP_KEY_ENUMERATOR) };
#undef ANYSNMP_KEY_ENUMERATOR

// A Report's counter: its MIB name and the OID of its instance.
struct ReportCounter {
    const char* name;
    const char* oid;
};

#define ANYSNMP_COUNTER_ROW(cpp, oid, name) ReportCounter{name, oid},
inline constexpr ReportCounter kReportCounters[] = {ANYSNMP_REPORT_COUNTERS(ANYSNMP_COUNTER_ROW)};
#undef ANYSNMP_COUNTER_ROW

#define ANYSNMP_COUNTER_ENUMERATOR(cpp, ...) cpp,
enum Counter : size_t { ANYSNMP_REPORT_COUNTERS(ANYSNMP_COUNTER_ENUMERATOR) };
#undef ANYSNMP_COUNTER_ENUMERATOR
// The counters an agent keeps: those up to snmpUnknownPDUHandlers.
inline constexpr size_t kAgentCounters = UnknownPduHandlers + 1;

template <class Row, size_t N>
constexpr bool numbered_in_order(const Row (&rows)[N]) {
    for (size_t i = 0; i < N; ++i)
        if (rows[i].id != static_cast<int>(i + 1)) return false;
    return true;
}
static_assert(numbered_in_order(kAuthAlgorithms), "auth protocol numbers must run 1, 2, ... in row order");
static_assert(numbered_in_order(kPrivAlgorithms), "privacy protocol numbers must run 1, 2, ... in row order");

template <size_t N>
constexpr bool numbered_from_zero(const Named (&rows)[N]) {
    for (size_t i = 0; i < N; ++i)
        if (rows[i].value != static_cast<int>(i)) return false;
    return true;
}
static_assert(numbered_from_zero(kKeyTypes), "key types must run 0, 1, ... in row order");
static_assert(numbered_from_zero(kKeyExpansions), "key expansions must run 0, 1, ... in row order");

}  // namespace anysnmp::registry
