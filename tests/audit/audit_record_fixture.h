// One real P1 meeting (hall-demo's RunMeeting: the real hall-server, kiosks
// over mutual TLS, the committee's seal, 3 of 5 trustees) whose election
// record hall-admin exported, shared by the audit tests; and the tools to
// copy it and change it the way someone altering a record would (keeping
// record.json's digests and the tally request in step with what they
// changed, so that the check meant to catch the change is the one that
// does).
#ifndef HALL_TESTS_AUDIT_AUDIT_RECORD_FIXTURE_H_
#define HALL_TESTS_AUDIT_AUDIT_RECORD_FIXTURE_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "hall/audit/record_verifier.h"
#include "hall/crypto/bulletin_board.h"
#include "hall/crypto/digest.h"
#include "hall/crypto/envelope.h"
#include "hall/shared/ballot_template.h"
#include "hall/shared/record_format.h"
#include "hall/shared/tally_request.h"
#include "hall/sim/demo/meeting.h"

namespace hall::audit::testing {

namespace fs = std::filesystem;
using nlohmann::json;

// The meeting's folder (hall-demo --dir): made once by the ctest fixture
// audit_demo_record (tests/audit/CMakeLists.txt) for every test process, or
// here when the test program runs by hand without it.
struct DemoRecord {
  fs::path work;         // hall-demo --dir
  fs::path record;       // work/record
  fs::path cases;        // where the tests copy it to change it
  std::string fingerprint;
};

inline const DemoRecord& Demo() {
  static const DemoRecord* demo = [] {
    auto* d = new DemoRecord;
    char tmpl[] = "/tmp/hall-audit-test-XXXXXX";
    HALL_CHECK(mkdtemp(tmpl) != nullptr);
    d->cases = tmpl;
    d->work = HALL_AUDIT_DEMO_DIR;
    std::error_code ec;
    if (!fs::exists(d->work / "audit.txt", ec)) {
      d->work = d->cases / "meeting";
      sim::demo::DemoOptions options;
      options.server_binary = HALL_SERVER_BINARY;
      options.seal_cost = crypto::KeyFileCost::kMin;
      options.work_dir = d->work;
      std::ostringstream narration;
      auto report = sim::demo::RunMeeting(options, narration);
      if (!report.ok()) {
        std::cerr << narration.str() << "\n" << report.message() << "\n";
        HALL_CHECK(report.ok());
      }
    }
    d->record = d->work / "record";
    std::ifstream in(d->record / "record.json");
    const json index = json::parse(in);
    d->fingerprint = index["seal"]["fingerprint"];
    return d;
  }();
  return *demo;
}

inline std::string Text(const crypto::Bytes& b) {
  return std::string(b.begin(), b.end());
}

inline crypto::Bytes ReadBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return crypto::Bytes(std::istreambuf_iterator<char>(in), {});
}
inline void WriteBytes(const fs::path& p, std::span<const std::uint8_t> b) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(b.data()),
            static_cast<std::streamsize>(b.size()));
}

// A copy of the demo's record to change.
class RecordCopy {
 public:
  explicit RecordCopy(const std::string& name)
      : dir_(Demo().cases / ("case-" + name)) {
    fs::remove_all(dir_);
    fs::copy(Demo().record, dir_, fs::copy_options::recursive);
  }
  const fs::path& dir() const { return dir_; }
  crypto::Bytes Read(const std::string& rel) const {
    return ReadBytes(dir_ / rel);
  }
  void Write(const std::string& rel, std::span<const std::uint8_t> b) const {
    WriteBytes(dir_ / rel, b);
  }
  json Json(const std::string& rel) const {
    const auto b = Read(rel);
    return json::parse(b.begin(), b.end());
  }
  void WriteJson(const std::string& rel, const json& j) const {
    const std::string text = j.dump(2) + "\n";
    Write(rel, std::span<const std::uint8_t>(
                   reinterpret_cast<const std::uint8_t*>(text.data()),
                   text.size()));
  }
  std::string Round(std::uint64_t round, std::string_view name) const {
    return shared::record::RoundFile(round, name);
  }
  // board.json's envelopes of `round`, and writing them back with each
  // entry's index, hash and code recomputed (as a careful forger would), and
  // record.json's head and count with them.
  std::vector<crypto::Bytes> Envelopes(std::uint64_t round) const {
    std::vector<crypto::Bytes> out;
    for (const json& e : Json(Round(round, shared::record::kBoard))) {
      const std::string hex = e["envelope"];
      crypto::Bytes b(hex.size() / 2);
      HALL_CHECK(crypto::FromHex(hex, b));
      out.push_back(b);
    }
    return out;
  }
  void WriteBoard(std::uint64_t round,
                  const std::vector<crypto::Bytes>& envelopes) const {
    const auto t = shared::BallotTemplate::Decode(
        Read(Round(round, shared::record::kTemplate)));
    HALL_CHECK(t.ok());
    crypto::Digest head = crypto::BoardGenesis(t->Digest());
    json board = json::array();
    for (std::size_t i = 0; i < envelopes.size(); ++i) {
      head = crypto::BoardEntryHash(head, i,
                                    crypto::BoardContentHash(envelopes[i]));
      auto env = crypto::CredentialEnvelope::Decode(envelopes[i]);
      board.push_back({{"index", i},
                       {"credential_key",
                        env.ok() ? crypto::ToHex(env->credential().bytes())
                                 : std::string()},
                       {"envelope", crypto::ToHex(envelopes[i])},
                       {"entry_hash", crypto::ToHex(head)},
                       {"tracking_code", crypto::TrackingCode(head)}});
    }
    WriteJson(Round(round, shared::record::kBoard), board);
    json index = Json("record.json");
    for (json& r : index["rounds"]) {
      if (r["id"] != round) continue;
      r["board"]["head"] = crypto::ToHex(head);
      r["board"]["count"] = envelopes.size();
      r["cast"] = envelopes.size();
    }
    WriteJson("record.json", index);
  }
  // The tally request rebuilt from the round's files as they now are.
  void RebuildTallyRequest(std::uint64_t round) const {
    auto r = shared::TallyRequest::Decode(
        Read(Round(round, shared::record::kTallyRequest)));
    HALL_CHECK(r.ok());
    r->envelopes = Envelopes(round);
    r->box_closed = Read(Round(round, shared::record::kBoxClosed));
    const auto sig = Read(Round(round, shared::record::kBoxClosedSig));
    std::copy(sig.begin(), sig.end(), r->box_closed_signature.begin());
    r->signed_template.template_bytes =
        Read(Round(round, shared::record::kTemplate));
    const auto tsig = Read(Round(round, shared::record::kTemplateSig));
    std::copy(tsig.begin(), tsig.end(), r->signed_template.signature.begin());
    Write(Round(round, shared::record::kTallyRequest), r->Encode());
  }
  // Every file's digest in record.json as the files now are.
  void RefreshDigests() const {
    json index = Json("record.json");
    json files = json::object();
    for (const auto& e : fs::recursive_directory_iterator(dir_)) {
      if (!e.is_regular_file()) continue;
      const std::string rel = fs::relative(e.path(), dir_).generic_string();
      if (rel == "record.json") continue;
      files[rel] = crypto::ToHex(crypto::Blake2b256(ReadBytes(e.path())));
    }
    index["files"] = files;
    WriteJson("record.json", index);
  }
  AuditReport Verify(const crypto::BoxKey* recipient = nullptr) const {
    VerifyOptions options;
    options.seal_fingerprint = Demo().fingerprint;
    options.recipient = recipient;
    options.recipient_name = "competent authority";
    auto report = VerifyRecord(dir_, options);
    HALL_CHECK(report.ok());
    return std::move(report).value();
  }

 private:
  fs::path dir_;
};

inline std::string Describe(const AuditReport& report) {
  std::string out;
  for (const Check& c : report.checks) {
    out += std::to_string(static_cast<int>(c.kind)) + " " + c.subject + " " +
           std::string(CheckKindName(c.kind)) + " " +
           std::string(OutcomeName(c.outcome)) + " " +
           (c.problem.empty() ? c.covered : c.problem) + "\n";
  }
  return out;
}

}  // namespace hall::audit::testing

#endif  // HALL_TESTS_AUDIT_AUDIT_RECORD_FIXTURE_H_
