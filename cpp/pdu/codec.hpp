// A session's message codec: encodes requests and decodes the responses that
// answer them, in one call each. The base class speaks v1/v2c; the v3
// (USM) codec overrides the message layer.
#pragma once

#include <optional>
#include <string>

#include "pdu/get_request.hpp"
#include "pdu/pyvalues.hpp"

namespace anysnmp::pdu {

namespace nb = nanobind;

// Walk state: the subtree root and the last OID returned.
class Walker {
  public:
    // `against_request`: an OID must follow the one the request asked after (the last of
    // the response before, as Net-SNMP's snmpbulkwalk checks), not the varbind before it.
    Walker(std::string_view root, bool check_increasing, bool typed, bool against_request = false);

    std::string root() const { return root_.str(); }
    std::string last() const { return last_.str(); }
    bool done() const { return done_; }
    bool typed() const { return typed_; }
    const std::optional<std::string>& error() const { return error_; }
    // After an OID that did not increase: the OID it was compared with (the request's
    // with `against_request`, else the varbind before it).
    const std::optional<std::string>& error_after() const { return error_after_; }
    // The (oid, tag) of the varbind that ended the walk (out of the subtree,
    // or an exception value); none while walking or after a status ended it.
    std::optional<std::pair<std::string, int>> ended_by() const;
    // The varbinds after an exception value that ended the walk, those in the
    // subtree (Net-SNMP's walks print them: an agent may repeat endOfMibView);
    // after an OID that did not increase, that varbind and those after it in the
    // subtree (Net-SNMP's walks print them before the error).
    const nb::list& ended_tail() const { return end_tail_; }

    const ber::Oid& last_oid() const { return last_; }
    // The walk's varbinds from a response list, stopping at the subtree's end,
    // an exception value or an OID that does not increase: then the walk is
    // done with `error` set, and the varbinds before that OID are returned.
    // Raises OidNotIncreasing on an empty list.
    nb::list consume(Reader varbinds);

  private:
    void keep_tail(Reader varbinds, nb::list tail = nb::list());

    ber::Oid root_, last_;
    ber::Oid end_oid_;
    int end_tag_ = -1;
    nb::list end_tail_;
    bool check_increasing_, typed_, against_request_, done_ = false;
    std::optional<std::string> error_, error_after_;
};

class Codec {
  public:
    Codec(int64_t version, std::string community);
    virtual ~Codec() = default;

    int64_t version() const { return version_; }

    nb::bytes encode_request(uint8_t pdu_type, int64_t request_id, nb::handle varbinds,
                             int64_t non_repeaters, int64_t max_repetitions);
    nb::bytes encode_walk(int64_t request_id, const Walker& walker, bool bulk, int64_t max_repetitions);
    // (pdu_type, error_status, error_index, varbinds), or None when the
    // message is not the answer to `request_id` on this session.
    std::optional<nb::tuple> decode_response(nb::bytes data, int64_t request_id, bool typed);
    std::optional<nb::tuple> decode_walk(nb::bytes data, int64_t request_id, Walker& walker);
    // A GetRequest PDU around the request's encoded varbind list.
    nb::bytes encode_get(int64_t request_id, const GetRequest& request);
    // Like decode_response(typed=request.typed()), except that a Response
    // answering exactly the requested OIDs (error-status 0) carries
    // GetRequest::match's dict in place of the varbind list.
    std::optional<nb::tuple> decode_get(nb::bytes data, int64_t request_id, const GetRequest& request);

  protected:
    // Wraps the PDU written since `mark` into a whole message.
    virtual void wrap_message(Writer& w, size_t mark, uint8_t pdu_type, int64_t request_id);
    // The PDU of a message that belongs to this session, or nothing.
    virtual std::optional<Tlv> unwrap_message(const uint8_t* data, size_t size, int64_t request_id);
    // Sees every Report that answers a request before it is decoded for the
    // caller (and may raise instead).
    virtual void check_report(const Pdu&) {}

    int64_t version_;
    std::string community_;
    Writer writer_;

  private:
    std::optional<Pdu> answer(nb::bytes data, int64_t request_id);
};

}  // namespace anysnmp::pdu
