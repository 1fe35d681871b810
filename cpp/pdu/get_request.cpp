#include "pdu/get_request.hpp"

#include "pdu/codec.hpp"

namespace anysnmp::pdu {

using ber::EncodeError;
namespace tag = ber::tag;

// True when `text` (after its optional leading dot, already parsed) is the
// OID's canonical text: no arc written with leading zeros ("1.3.06").
static bool canonical(std::string_view text) {
    const char* begin = text.data();
    const char* end = begin + text.size();
    for (const char* p = begin; (p = static_cast<const char*>(std::memchr(p, '0', end - p))) != nullptr; ++p)
        if ((p == begin || p[-1] == '.') && p + 1 != end && p[1] != '.') return false;
    return true;
}

static nb::object ascii_str(const char* data, size_t size) {
    PyObject* s = PyUnicode_FromStringAndSize(data, static_cast<Py_ssize_t>(size));
    if (!s) throw nb::python_error();
    return nb::steal(s);
}

// Octets of a BER length header's length field (the minimal form Writer::put_header emits).
static size_t length_size(size_t len) { return len < 0x80 ? 1 : len < 0x100 ? 2 : 3; }

static uint8_t* put_length(uint8_t* p, size_t len) {
    if (len < 0x80) {
        *p++ = static_cast<uint8_t>(len);
    } else if (len < 0x100) {
        *p++ = 0x81;
        *p++ = static_cast<uint8_t>(len);
    } else {
        *p++ = 0x82;
        *p++ = static_cast<uint8_t>(len >> 8);
        *p++ = static_cast<uint8_t>(len);
    }
    return p;
}

static size_t subid_size(uint64_t v) {
    size_t n = 1;
    while (v >>= 7) ++n;
    return n;
}

static uint8_t* put_subid(uint8_t* p, uint64_t v, size_t size) {
    p[size - 1] = static_cast<uint8_t>(v & 0x7f);
    for (size_t i = size - 1; i-- > 0;) {
        v >>= 7;
        p[i] = static_cast<uint8_t>(0x80 | (v & 0x7f));
    }
    return p + size;
}

// The OID text of a sequence item, as py::put_varbinds took it.
static std::string_view oid_text(PyObject* oid) {
    if (!PyUnicode_Check(oid)) throw EncodeError("a varbind must be an OID str or an (oid, tag, value) tuple");
    Py_ssize_t size = 0;
    const char* text = PyUnicode_AsUTF8AndSize(oid, &size);
    if (!text) {
        PyErr_Clear();
        throw EncodeError("OID needs a str");
    }
    return {text, static_cast<size_t>(size)};
}

// put_varbinds reported the last malformed OID (it encodes back to front):
// raises that one's error.
[[noreturn]] static void raise_last_error(PyObject** items, size_t n) {
    for (size_t i = n; i-- > 0;) ber::Oid::parse(oid_text(items[i]));
    throw EncodeError("malformed OID");  // not reached: one of them failed
}

GetRequest::GetRequest(nb::object codec, Codec* codec_ptr, nb::handle oids, bool typed)
    : codec_(std::move(codec)), codec_ptr_(codec_ptr), typed_(typed) {
    // The checks and messages of py::put_varbinds, which encoded GETs before.
    nb::object seq = nb::steal(PySequence_Fast(oids.ptr(), "varbinds must be a sequence"));
    if (!seq.is_valid()) {
        PyErr_Clear();
        throw EncodeError("varbinds must be a sequence");
    }
    size_t n = static_cast<size_t>(PySequence_Fast_GET_SIZE(seq.ptr()));
    if (n > kMaxVarbinds) throw EncodeError("too many varbinds");
    PyObject** items = PySequence_Fast_ITEMS(seq.ptr());
    varbinds_.reserve(n * 28);
    entries_.reserve(n);
    try {
        for (size_t i = 0; i < n; ++i) add(items[i]);
    } catch (const EncodeError&) {
        raise_last_error(items, n);
    }
}

void GetRequest::add(PyObject* item) {
    std::string_view text = oid_text(item);
    ber::Oid oid = ber::Oid::parse(text);
    // The varbind { OID, NULL }, front to back, as Oid::put and Writer encode it.
    uint64_t first = uint64_t{oid[0]} * 40 + oid[1];
    size_t content = subid_size(first);
    for (size_t a = 2; a < oid.size(); ++a) content += oid[a] < 0x80 ? 1 : subid_size(oid[a]);
    size_t inner = 1 + length_size(content) + content + 2;
    size_t at = varbinds_.size();
    varbinds_.resize(at + 1 + length_size(inner) + inner);
    uint8_t* p = varbinds_.data() + at;
    *p++ = tag::Sequence;
    p = put_length(p, inner);
    *p++ = tag::ObjectId;
    p = put_length(p, content);
    uint32_t offset = static_cast<uint32_t>(p - varbinds_.data());
    p = put_subid(p, first, subid_size(first));
    for (size_t a = 2; a < oid.size(); ++a) {
        uint32_t arc = oid[a];
        if (arc < 0x80)
            *p++ = static_cast<uint8_t>(arc);
        else
            p = put_subid(p, arc, subid_size(arc));
    }
    *p++ = tag::Null;
    *p = 0;
    // parse() accepted it: ASCII digits and dots, at most one leading dot.
    bool dot = text[0] == '.';
    if (dot) text.remove_prefix(1);
    if (!canonical(text)) matchable_ = false;
    entries_.push_back(Entry{offset, static_cast<uint32_t>(content),
                             dot || !PyUnicode_CheckExact(item) ? ascii_str(text.data(), text.size())
                                                                : nb::borrow(item)});
}

nb::bytes GetRequest::encode(int64_t request_id) { return codec_ptr_->encode_get(request_id, *this); }

std::optional<nb::tuple> GetRequest::decode(nb::bytes data, int64_t request_id) {
    return codec_ptr_->decode_get(std::move(data), request_id, *this);
}

nb::list GetRequest::keys() const {
    py::ListBuilder out;
    for (const Entry& e : entries_) out.push(e.key);
    return out.finish();
}

nb::object GetRequest::match(Reader varbinds) const {
    if (!matchable_) return nb::object();
    try {
        PyObject* d = PyDict_New();
        if (!d) throw nb::python_error();
        nb::object out = nb::steal(d);
        Tlv name, value;
        for (const Entry& want : entries_) {
            if (varbinds.empty()) return nb::object();
            next_varbind_raw(varbinds, name, value);
            if (name.size != want.size || std::memcmp(name.data, varbinds_.data() + want.offset, want.size) != 0)
                return nb::object();
            nb::object v = py::value(value);  // validates exception values too
            if (value.tag >= tag::NoSuchObject) continue;
            if (typed_) {
                PyObject* t = PyTuple_New(2);
                if (!t) throw nb::python_error();
                nb::object pair = nb::steal(t);
                PyObject* tag_obj = PyLong_FromLong(value.tag);  // a cached small int
                if (!tag_obj) throw nb::python_error();
                PyTuple_SET_ITEM(t, 0, tag_obj);
                PyTuple_SET_ITEM(t, 1, v.release().ptr());
                v = std::move(pair);
            }
            if (PyDict_SetItem(d, want.key.ptr(), v.ptr()) < 0) throw nb::python_error();
        }
        if (!varbinds.empty()) return nb::object();
        return out;
    } catch (const ber::DecodeError&) {
        return nb::object();  // the general decode raises it, with its usual message
    }
}

}  // namespace anysnmp::pdu
