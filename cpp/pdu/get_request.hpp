// A GET of a fixed list of OIDs, built once per call of SnmpSession.get /
// get_many: the OIDs are parsed and their varbind list encoded once for every
// attempt, and an answer is matched by comparing each response OID's content
// octets with the requested OID's encoding, so that no OID text is formatted
// and the answer is keyed by the caller's own str objects.
#pragma once

#include <optional>
#include <vector>

#include "pdu/pyvalues.hpp"

namespace anysnmp::pdu {

namespace nb = nanobind;

class Codec;

class GetRequest {
  public:
    // `oids`: a sequence of OID strs ("1.3.6.1..." or ".1.3.6.1..."). Raises
    // EncodeError for a malformed OID, as encoding the request would.
    // `codec` (the Python object of `codec_ptr`, kept alive) wraps and
    // unwraps the messages of encode() and decode().
    GetRequest(nb::object codec, Codec* codec_ptr, nb::handle oids, bool typed);

    size_t size() const { return entries_.size(); }
    bool typed() const { return typed_; }
    // The varbind list's content (its SEQUENCE header left to the PDU).
    const std::vector<uint8_t>& varbinds() const { return varbinds_; }
    // The answer's keys, in request order: the caller's str when its text is
    // the OID's canonical text, else the text without the leading dot.
    nb::list keys() const;

    // {key: value} (or {key: (tag, value)} when typed) when the varbind list
    // answers exactly the requested OIDs, in order, exception values
    // (noSuchObject, noSuchInstance, endOfMibView) left out. An invalid
    // object (is_valid() false) when the answer is anything else, or does not
    // decode: the caller decodes it in general form then (which raises the
    // varbind list's DecodeError, if any).
    nb::object match(Reader varbinds) const;

    // The codec's encode_get / decode_get of this request.
    nb::bytes encode(int64_t request_id);
    std::optional<nb::tuple> decode(nb::bytes data, int64_t request_id);

  private:
    // Parses and encodes one OID of the request.
    void add(PyObject* item);

    struct Entry {
        uint32_t offset, size;  // the OID's content octets within varbinds_
        nb::object key;
    };
    nb::object codec_;
    Codec* codec_ptr_;
    std::vector<uint8_t> varbinds_;
    std::vector<Entry> entries_;
    bool typed_;
    // False when some OID's text is not canonical (leading zeros in an arc):
    // such answers always take the general path, keyed by the formatted text.
    bool matchable_ = true;
};

}  // namespace anysnmp::pdu
