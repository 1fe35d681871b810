#include "pdu/codec.hpp"

namespace anysnmp::pdu {

namespace tag = ber::tag;

// A root of one arc (0, 1 or 2, as in Net-SNMP's `snmpwalk HOST .1`) stands for everything
// under it; the walk starts after 0.arc, whose BER is the octet arc: what Net-SNMP sends for
// the one-arc OID (BER encodes two arcs at least), and before every OID under arc.
static ber::Oid walk_root(std::string_view text) {
    std::string_view arc = text.substr(!text.empty() && text[0] == '.' ? 1 : 0);
    if (arc.size() == 1 && arc[0] >= '0' && arc[0] <= '2') {
        ber::Oid root;
        root.push_back(static_cast<uint32_t>(arc[0] - '0'));
        return root;
    }
    return ber::Oid::parse(text);
}

Walker::Walker(std::string_view root, bool check_increasing, bool typed, bool against_request)
    : root_(walk_root(root)),
      last_(root_),
      check_increasing_(check_increasing),
      typed_(typed),
      against_request_(against_request) {
    if (root_.size() == 1) {
        last_ = ber::Oid();
        last_.push_back(0);
        last_.push_back(root_[0]);
    }
}

nb::list Walker::consume(Reader varbinds) {
    if (varbinds.empty()) throw py::OidNotIncreasing("agent returned an empty varbind list after " + last_.str());
    // Commit the new position only once the whole list has decoded.
    py::ListBuilder out;
    py::OidText text;
    Varbind slot[2];  // this varbind and the previous one, in turn
    const ber::Oid* last = &last_;
    size_t cur = 0;
    bool done = false;
    while (!varbinds.empty()) {
        Varbind& vb = slot[cur];
        next_varbind(varbinds, vb);
        if (vb.value.tag >= tag::NoSuchObject) {
            done = true;
            break;
        }
        // Every OID accepted lies inside root_, and so does last_ but for the 0.arc a
        // one-arc root starts after: an OID starts with root_ exactly when it shares
        // root_'s arcs with `last` (a one-arc root: when its first arc is root_'s).
        size_t shared = vb.oid.common_prefix(*last);
        if (root_.size() == 1 ? !vb.oid.starts_with(root_) : shared < root_.size()) {
            done = true;
            break;
        }
        if (check_increasing_ &&
            (against_request_ ? vb.oid.compare(last_) : vb.oid.compare_after(*last, shared)) <= 0) {
            // The varbinds before it are the walk's; the walk ends with this error.
            const ber::Oid& after = against_request_ ? last_ : *last;
            error_after_ = after.str();
            error_ = "agent returned OID " + vb.oid.str() + " after " + *error_after_ + " (not increasing)";
            nb::list tail;
            tail.append(py::varbind(vb, typed_));
            keep_tail(varbinds, std::move(tail));
            done = true;
            break;
        }
        // The text of `last` is known once a varbind of this list has been formatted.
        out.push(py::varbind(vb, typed_, text, last == &last_ ? 0 : shared));
        last = &vb.oid;
        cur ^= 1;
    }
    if (last != &last_) last_ = *last;
    if (done) {
        const Varbind& end = slot[cur];
        end_oid_ = end.oid;
        end_tag_ = end.value.tag;
        if (end_tag_ >= tag::NoSuchObject) keep_tail(varbinds);
    }
    done_ = done;
    return out.finish();
}

void Walker::keep_tail(Reader varbinds, nb::list tail) {
    Varbind vb;
    while (!varbinds.empty()) {
        next_varbind(varbinds, vb);
        if (vb.oid.common_prefix(root_) == root_.size()) tail.append(py::varbind(vb, typed_));
    }
    end_tail_ = std::move(tail);
}

std::optional<std::pair<std::string, int>> Walker::ended_by() const {
    if (end_tag_ < 0) return std::nullopt;
    return std::make_pair(end_oid_.str(), end_tag_);
}

Codec::Codec(int64_t version, std::string community) : version_(version), community_(std::move(community)) {}

void Codec::wrap_message(Writer& w, size_t mark, uint8_t, int64_t) {
    wrap_community_message(w, mark, version_, community_);
}

std::optional<Tlv> Codec::unwrap_message(const uint8_t* data, size_t size, int64_t) {
    CommunityMessage m = parse_community_message(data, size);
    if (m.version != version_ || m.community != community_) return std::nullopt;
    return m.pdu;
}

static nb::bytes take(const Writer& w) {
    return nb::bytes(reinterpret_cast<const char*>(w.data()), w.size());
}

nb::bytes Codec::encode_request(uint8_t pdu_type, int64_t request_id, nb::handle varbinds,
                                int64_t non_repeaters, int64_t max_repetitions) {
    writer_.clear();
    py::put_varbinds(writer_, varbinds);
    wrap_pdu(writer_, 0, pdu_type, request_id, non_repeaters, max_repetitions);
    wrap_message(writer_, 0, pdu_type, request_id);
    return take(writer_);
}

nb::bytes Codec::encode_walk(int64_t request_id, const Walker& walker, bool bulk, int64_t max_repetitions) {
    writer_.clear();
    put_null_varbind(writer_, walker.last_oid());
    uint8_t pdu_type = bulk ? type::GetBulk : type::GetNext;
    wrap_pdu(writer_, 0, pdu_type, request_id, 0, bulk ? max_repetitions : 0);
    wrap_message(writer_, 0, pdu_type, request_id);
    return take(writer_);
}

std::optional<Pdu> Codec::answer(nb::bytes data, int64_t request_id) {
    auto* p = reinterpret_cast<const uint8_t*>(data.c_str());
    std::optional<Tlv> tlv = unwrap_message(p, data.size(), request_id);
    if (!tlv) return std::nullopt;
    Pdu pdu = parse_pdu(*tlv);
    // v3 Reports are matched by msgID: their request-id may be unknown (RFC 3412 7.1 3b).
    if (pdu.request_id != request_id && !(version_ == 3 && pdu.type == type::Report)) return std::nullopt;
    if (pdu.type != type::Response && pdu.type != type::Report) return std::nullopt;
    if (pdu.type == type::Report) check_report(pdu);
    return pdu;
}

static nb::tuple result(const Pdu& pdu, nb::handle varbinds) {
    return nb::make_tuple(int(pdu.type), pdu.error_status, pdu.error_index, varbinds);
}

std::optional<nb::tuple> Codec::decode_response(nb::bytes data, int64_t request_id, bool typed) {
    std::optional<Pdu> pdu = answer(data, request_id);
    if (!pdu) return std::nullopt;
    return result(*pdu, py::varbind_list(pdu->varbinds, typed));
}

nb::bytes Codec::encode_get(int64_t request_id, const GetRequest& request) {
    writer_.clear();
    const std::vector<uint8_t>& varbinds = request.varbinds();
    writer_.put_bytes(varbinds.data(), varbinds.size());
    wrap_pdu(writer_, 0, type::Get, request_id, 0, 0);
    wrap_message(writer_, 0, type::Get, request_id);
    return take(writer_);
}

std::optional<nb::tuple> Codec::decode_get(nb::bytes data, int64_t request_id, const GetRequest& request) {
    std::optional<Pdu> pdu = answer(data, request_id);
    if (!pdu) return std::nullopt;
    if (pdu->type == type::Response && pdu->error_status == 0) {
        nb::object matched = request.match(pdu->varbinds);
        if (matched.is_valid()) return result(*pdu, matched);
    }
    return result(*pdu, py::varbind_list(pdu->varbinds, request.typed()));
}

std::optional<nb::tuple> Codec::decode_walk(nb::bytes data, int64_t request_id, Walker& walker) {
    std::optional<Pdu> pdu = answer(data, request_id);
    if (!pdu) return std::nullopt;
    if (pdu->type == type::Report) return result(*pdu, py::varbind_list(pdu->varbinds, false));
    if (pdu->error_status != 0) return result(*pdu, nb::list());
    return result(*pdu, walker.consume(pdu->varbinds));
}

}  // namespace anysnmp::pdu
