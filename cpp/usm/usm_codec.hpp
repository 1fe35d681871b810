// SNMPv3 messages with the User-based Security Model (RFC 3412 6, RFC 3414):
// the client side of one user talking to one authoritative engine.
#pragma once

#include <chrono>

#include "pdu/codec.hpp"
#include "usm/v3_message.hpp"

namespace anysnmp::usm {

namespace nb = nanobind;

// Thrown (core.UsmResync in Python) by a codec that raises Reports when a
// notInTimeWindow Report answers: the request is to be sent once more, now
// that an authenticated Report has moved the codec to the agent's time.
struct Resync : std::exception {
    const char* what() const noexcept override { return "notInTimeWindow Report: send the request again"; }
};

class UsmCodec : public pdu::Codec {
  public:
    // context_engine_id empty: the authoritative engine id. With
    // raise_reports, the decode methods raise instead of returning a Report
    // (see check_report).
    UsmCodec(UserConfig user, std::string context_name, std::string context_engine_id, int64_t max_size,
             bool raise_reports = false);

    // Localizes the keys for an engine (the slow part: the caller may drop the GIL).
    Keys derive(std::string_view engine_id) const;
    // Adopts an engine and its keys; boots/time are an unauthenticated estimate
    // until an authenticated message arrives.
    void set_engine(std::string engine_id, Keys keys, int64_t boots, int64_t time);

    nb::bytes engine_id() const { return nb::bytes(engine_id_.data(), engine_id_.size()); }
    int64_t engine_boots() const { return boots_; }
    int64_t engine_time() const { return now_time(); }
    bool has_engine() const { return has_engine_; }

    // Discovery (RFC 3414 4): a noAuthNoPriv GET without varbinds, user or
    // engine id; the agent answers with a Report carrying its engine id.
    nb::bytes encode_discovery(int64_t request_id);
    // (engine_id, boots, time) from the answer to encode_discovery, or None.
    std::optional<nb::tuple> decode_discovery(nb::bytes data, int64_t request_id);

  protected:
    void wrap_message(pdu::Writer& w, size_t mark, uint8_t pdu_type, int64_t request_id) override;
    std::optional<pdu::Tlv> unwrap_message(const uint8_t* data, size_t size, int64_t request_id) override;
    // With raise_reports: a notInTimeWindow Report (its first varbind's OID)
    // throws Resync; any other Report raises the exception that the Python
    // object's report_error(oid) returns; an authenticated message whose boots
    // are 2^31-1 raises what its boots_error() returns. No Python code runs
    // per message otherwise.
    void check_report(const pdu::Pdu& pdu) override;

  private:
    void wrap(pdu::Writer& w, size_t mark, uint8_t pdu_type, int64_t msg_id, bool discovery);
    bool update_time(int64_t boots, int64_t time);
    // The Python object of this codec (raise_reports: its report_error and boots_error).
    nb::object python_self();
    // Raises the Python exception `error` (as `raise error`).
    [[noreturn]] static void raise(nb::object error);
    int64_t now_time() const;

    UserConfig config_;
    std::string context_name_, context_engine_id_;
    int64_t max_size_;
    uint8_t level_;  // msgFlags auth (1) and priv (2) bits of every request
    bool raise_reports_;

    bool has_engine_ = false;
    std::string engine_id_;
    Keys keys_;
    // Engine boots/time (RFC 3414 2.3): values at time_ref_, and the latest
    // authenticated time received for the current boots.
    int64_t boots_ = 0, time_ = 0, latest_time_ = 0;
    std::chrono::steady_clock::time_point time_ref_;
    bool time_trusted_ = false;

    std::vector<uint8_t> ciphertext_, plaintext_;  // per-message buffers, reused
};

}  // namespace anysnmp::usm
