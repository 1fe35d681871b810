// The authoritative side of the User-based Security Model (RFC 3414 3.2 for
// incoming messages, 3.1 for what the engine sends): an engine id with its
// boots and time, a table of users with keys localized to it, Reports
// (discovery, unknown user, wrong digest, decryption error, unsupported
// level, not in time window, unknown context) and the usmStats counters.
// Reports answer only Confirmed Class messages (RFC 3412 6.4, 7.1): the PDU
// type decides, the reportable flag only where the PDU cannot be read
// (encrypted and not decrypted); Response, Trap, SNMPv2-Trap and Report
// never get one, whatever their flags say.
//
// A user is of an engine (its keys localized there, a row of usmUserTable by
// engine id and name): this one's, or another's, whose unconfirmed messages
// (traps) it then accepts, as snmptrapd's createUser -e does. A user of any
// engine (any_engine) is this engine's and also accepted in the traps of every
// other: its keys are localized per engine id (cached once authenticated).
// Each other engine's boots/time is tracked as a non-authoritative receiver
// must (RFC 3414 3.2 step 7b).
#pragma once

#include <chrono>
#include <map>
#include <utility>
#include <vector>

#include <nanobind/nanobind.h>

#include "usm/v3_message.hpp"

namespace anysnmp::usm {

namespace nb = nanobind;

// The counters of registry.hpp (usmStats, RFC 3414 5, then SNMP-MPD/SNMP-TARGET ones).
using registry::Counter;
using registry::kAgentCounters;
#define ANYSNMP_USING_COUNTER(cpp, ...) using registry::cpp;
ANYSNMP_REPORT_COUNTERS(ANYSNMP_USING_COUNTER)
#undef ANYSNMP_USING_COUNTER

// What a Report needs to know of the PDU it would answer.
struct PduHint {
    uint8_t type = 0;  // 0: the PDU cannot be read (encrypted, or malformed)
    int64_t request_id = 0;
};

class UsmEngine {
  public:
    // time: the engine time now (it advances with the monotonic clock).
    UsmEngine(std::string engine_id, int64_t boots, int64_t time, int64_t max_size);
    UsmEngine(const UsmEngine&) = delete;
    UsmEngine& operator=(const UsmEngine&) = delete;

    // Adds a user of `engine` (empty: this one) with its keys localized there; any_engine:
    // this engine's, also accepted in any other's traps.
    void add_user(UserConfig config, Keys keys, std::string engine, bool any_engine);

    // An incoming message: None when dropped (counted), bytes for a Report
    // to send back, or (state, engine_id, msg_max_size, overhead, pdu) where
    // state is (msg_id, level, user, context_engine_id, context_name), what
    // encode needs to answer; engine_id is msgAuthoritativeEngineID; overhead
    // bounds the octets a response adds around its varbinds; pdu is the
    // whole (decrypted) PDU element. Throws DecodeError on malformed messages.
    nb::object decode(nb::bytes data);

    // A message from this engine: the PDU around an encoded varbind list
    // content, for `user` at `level` (reportable for confirmed PDUs).
    nb::bytes encode(int64_t msg_id, uint8_t level, nb::bytes user, nb::bytes context_engine_id,
                     nb::bytes context_name, uint8_t pdu_type, int64_t request_id, int64_t error_status,
                     int64_t error_index, nb::bytes varbinds);

    nb::bytes engine_id() const { return nb::bytes(engine_id_.data(), engine_id_.size()); }
    int64_t engine_boots() const { return boots_; }
    int64_t engine_time() const;
    std::map<std::string, uint32_t> counters() const;

  private:
    struct LocalUser {
        UserConfig config;
        Keys keys;
    };
    // Another engine's latest boots/time, as this receiver last saw them.
    struct Foreign {
        int64_t boots, time;
        std::chrono::steady_clock::time_point seen;
    };

    nb::object report(const V3Message& m, Counter c, uint8_t level, const Keys* keys, const PduHint& hint);
    bool in_window(const V3Message& m) const;
    bool foreign_timely(const V3Message& m);
    bool knows_engine(std::string_view engine) const;
    nb::bytes finish(const Outgoing& out, const Keys& keys);

    std::string engine_id_;
    int64_t boots_, time_, max_size_;
    std::chrono::steady_clock::time_point start_;
    std::vector<LocalUser> users_;
    std::map<std::pair<std::string, std::string>, size_t> index_;  // (engine id, name)
    std::map<std::string, size_t, std::less<>> any_engine_;         // name
    std::map<std::pair<size_t, std::string>, Keys> derived_;        // an any-engine user's, per engine
    std::map<std::string, Foreign, std::less<>> foreign_;           // per engine id
    uint32_t counters_[kAgentCounters] = {};
    pdu::Writer writer_;
    std::vector<uint8_t> ciphertext_, plaintext_;
};

}  // namespace anysnmp::usm
