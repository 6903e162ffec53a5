#include "hall/audit/record_tools.h"

#include <optional>
#include <set>

#include "hall/crypto/bulletin_board.h"
#include "hall/crypto/digest.h"
#include "hall/crypto/fingerprint.h"
#include "hall/crypto/seal.h"
#include "hall/shared/ballot_template.h"
#include "hall/shared/json_input.h"
#include "hall/shared/record_format.h"
#include "hall/shared/spoiled_ballot.h"
#include "hall/shared/statements.h"
#include "record_files.h"

namespace hall::audit {
namespace record = shared::record;
using nlohmann::json;

namespace {

std::string Num(std::uint64_t n) { return std::to_string(n); }

Result<crypto::VerifyKey> TrustedSeal(const RecordFiles& files,
                                      const std::string& fingerprint) {
  auto bytes = files.Read(record::kSealPublicKey);
  if (!bytes) return Status::Corruption("the record has no seal-public-key.bin");
  auto key = crypto::VerifyKey::FromBytes(*bytes);
  if (!key.ok()) return Status::Corruption("the record's seal key is damaged");
  if (!crypto::FingerprintMatches(fingerprint, crypto::Fingerprint(*key)))
    return Status::PermissionDenied(
        "the record's seal has fingerprint " + crypto::Fingerprint(*key) +
        ", not " + fingerprint + " (the one read aloud): it is not the "
        "committee's record");
  return *key;
}

std::vector<crypto::Bytes> Envelopes(const RecordFiles& files,
                                     std::uint64_t round, bool& ok) {
  std::vector<crypto::Bytes> out;
  ok = true;
  auto bytes = files.Read(record::RoundFile(round, record::kBoard));
  if (!bytes) return out;
  auto parsed = shared::ParseJsonInput(
      *bytes,
      "board.json", shared::kRecordJson);
  const json j = parsed.ok() ? std::move(parsed.value()) : json();
  if (!j.is_array()) {
    ok = false;
    return out;
  }
  for (const json& e : j) {
    const std::string hex = e.value("envelope", "");
    crypto::Bytes env(hex.size() / 2);
    if (hex.empty() || hex.size() % 2 || !crypto::FromHex(hex, env)) {
      ok = false;
      return {};
    }
    out.push_back(std::move(env));
  }
  return out;
}

}  // namespace

Result<TrackedCode> TrackCode(const std::filesystem::path& record_dir,
                              const std::string& code,
                              const std::string& seal_fingerprint) {
  auto parsed = crypto::ParseTrackingCode(code);
  if (!parsed.ok())
    return Status::InvalidArgument("\"" + code + "\" is not a tracking code: " +
                                   parsed.message());
  auto files = RecordFiles::Open(record_dir);
  if (!files.ok()) return files.status();
  auto seal = TrustedSeal(*files, seal_fingerprint);
  if (!seal.ok()) return seal.status();
  for (const json& r : files->index().value("rounds", json::array())) {
    const std::uint64_t id = r.value("id", 0ull);
    auto t = files->Read(record::RoundFile(id, record::kTemplate));
    if (!t) continue;
    bool ok = true;
    const auto envelopes = Envelopes(*files, id, ok);
    if (!ok)
      return Status::Corruption("round " + Num(id) + "'s board.json is damaged");
    auto decoded = shared::BallotTemplate::Decode(*t);
    if (!decoded.ok())
      return Status::Corruption("round " + Num(id) + "'s template is damaged");
    const shared::Digest32 digest = decoded->Digest();
    crypto::BulletinBoard board(digest);
    for (const auto& env : envelopes)
      if (!board.Append(env).ok())
        return Status::Corruption("round " + Num(id) +
                                  "'s board repeats a ballot");
    auto proof = board.ProveInclusion(*parsed);
    if (!proof.ok()) continue;
    TrackedCode out;
    out.round = id;
    out.step = r.value("step", "");
    out.index = proof->index;
    out.entries = board.size();
    shared::Digest32 head = board.head();
    auto closed = files->Read(record::RoundFile(id, record::kBoxClosed));
    auto closed_sig = files->Read(record::RoundFile(id, record::kBoxClosedSig));
    if (closed && closed_sig) {
      auto sig = crypto::Signature::FromBytes(*closed_sig);
      auto statement = shared::BoxClosedStatement::Decode(*closed);
      if (!sig.ok() || !statement.ok() ||
          !crypto::Verify(*seal, crypto::SignatureType::kBoxClosed, *closed, *sig)
               .ok() ||
          statement->template_digest != digest)
        return Status::Corruption("round " + Num(id) +
                                  "'s box-closed statement is not signed by "
                                  "the seal for this round");
      head = statement->board_head;
      out.head_signed = true;
    }
    if (Status s = crypto::VerifyInclusion(*proof, *parsed, head); !s.ok())
      return Status::Corruption(
          "tracking code " + *parsed + " is on round " + Num(id) +
          "'s board, but its inclusion proof does not lead to the head the "
          "seal signed when the box closed: the board was altered (" +
          s.message() + ")");
    out.head = crypto::ToHex(head);
    return out;
  }
  return Status::NotFound("tracking code " + *parsed +
                          " is on no board of this record: if your kiosk "
                          "showed it, tell the committee");
}

Result<std::vector<std::string>> RecordExtends(
    const std::filesystem::path& earlier, const std::filesystem::path& later) {
  auto a = RecordFiles::Open(earlier);
  if (!a.ok()) return a.status();
  auto b = RecordFiles::Open(later);
  if (!b.ok()) return b.status();
  std::vector<std::string> differences;
  auto same = [&](const std::string& rel) {
    auto x = a->Read(rel);
    if (!x) return;
    auto y = b->Read(rel);
    if (!y)
      differences.push_back(rel + " is in the earlier record, not the later");
    else if (*x != *y)
      differences.push_back(rel + " changed");
  };
  same(std::string(record::kSealPublicKey));
  same(std::string(record::kMeetingDefinition));
  same(std::string(record::kMeetingDefinitionSig));
  same(std::string(record::kBoxKey));
  same(std::string(record::kProcedure));
  if (a->index().value("installation", "") != b->index().value("installation", "") ||
      a->index().value("meeting", json::object()).value("id", 0ull) !=
          b->index().value("meeting", json::object()).value("id", 0ull))
    differences.push_back("the later record is of another meeting");
  for (const json& r : a->index().value("rounds", json::array())) {
    const std::uint64_t id = r.value("id", 0ull);
    for (std::string_view name :
         {record::kTemplate, record::kTemplateSig, record::kCredentialList,
          record::kCredentialListSig, record::kBoxSealed, record::kBoxSealedSig,
          record::kBoxClosed, record::kBoxClosedSig, record::kTallyRequest,
          record::kMinutes, record::kMinutesSig, record::kPartials,
          record::kSealedTally, record::kCancellation,
          record::kCancellationSig})
      same(record::RoundFile(id, name));
    bool ok_a = true, ok_b = true;
    const auto old_board = Envelopes(*a, id, ok_a);
    const auto new_board = Envelopes(*b, id, ok_b);
    if (!ok_a || !ok_b) {
      differences.push_back("round " + Num(id) + "'s board.json is damaged");
      continue;
    }
    if (new_board.size() < old_board.size() ||
        !std::equal(old_board.begin(), old_board.end(), new_board.begin())) {
      differences.push_back("round " + Num(id) + "'s board does not begin with "
                            "the " + Num(old_board.size()) +
                            " ballots the earlier record holds");
    }
    // Spoiled ballots only ever join.
    const std::string spoiled_file = record::RoundFile(id, record::kSpoiled);
    auto old_spoiled = a->Read(spoiled_file);
    if (old_spoiled) {
      auto new_spoiled = b->Read(spoiled_file);
      auto old_list = shared::DecodeSpoiledList(*old_spoiled);
      auto new_list = new_spoiled ? shared::DecodeSpoiledList(*new_spoiled)
                                  : decltype(old_list)(Status::NotFound(""));
      if (!new_spoiled) {
        differences.push_back(spoiled_file + " is gone from the later record");
      } else if (!old_list.ok() || !new_list.ok()) {
        differences.push_back(spoiled_file + " is damaged");
      } else {
        // Each earlier entry, byte for byte (its opening too).
        auto bytes_of = [](const shared::SpoiledEntry& e) {
          const shared::SpoiledEntry one[] = {e};
          return shared::EncodeSpoiledList(one);
        };
        std::set<crypto::Bytes> later;
        for (const auto& e : *new_list) later.insert(bytes_of(e));
        for (const auto& e : *old_list)
          if (!later.contains(bytes_of(e))) {
            differences.push_back(spoiled_file + " no longer holds spoiled "
                                  "ballot " +
                                  crypto::ToHex(e.Digest()).substr(0, 16) +
                                  "... of the earlier record");
            break;
          }
      }
    }
  }
  for (const json& s : a->index().value("step_records", json::array())) {
    const std::string step = s.value("step", "");
    const std::uint32_t index = s.value("index", 0u);
    same(record::StepRecordFile(step, index, record::kStepRecord));
    same(record::StepRecordFile(step, index, record::kStepRecordSig));
  }
  return differences;
}

Result<shared::OpenedRound> SealedMinutes(
    const std::filesystem::path& record_dir, std::uint64_t round,
    const std::string& seal_fingerprint, const crypto::BoxKey& key,
    const std::string& recipient_name) {
  auto files = RecordFiles::Open(record_dir);
  if (!files.ok()) return files.status();
  auto load = [&](std::uint64_t id) -> Result<shared::RoundToOpen> {
    shared::RoundToOpen out;
    auto request = files->Read(record::RoundFile(id, record::kTallyRequest));
    if (!request)
      return Status::NotFound("round " + Num(id) +
                              " has no tally request in the record (not "
                              "closed, or not this record's round)");
    out.request = *request;
    if (auto sealed = files->Read(record::RoundFile(id, record::kSealedTally))) {
      auto decoded = shared::DecodeSealedTally(*sealed);
      if (!decoded.ok()) return decoded.status();
      out.files = std::move(decoded).value();
    } else if (auto partials =
                   files->Read(record::RoundFile(id, record::kPartials))) {
      auto decoded = shared::ClearPartialFiles(
          shared::TallyRequestDigest(out.request), *partials);
      if (!decoded.ok()) return decoded.status();
      out.files = std::move(decoded).value();
    } else {
      return Status::NotFound("round " + Num(id) +
                              " has no partial decryptions in the record yet");
    }
    return out;
  };
  auto main = load(round);
  if (!main.ok()) return main.status();
  std::optional<shared::RoundToOpen> compared;
  for (const json& r : files->index().value("rounds", json::array())) {
    if (r.value("id", 0ull) == round && r.contains("compared_with_round") &&
        r["compared_with_round"].is_number_unsigned()) {
      auto c = load(r["compared_with_round"].get<std::uint64_t>());
      if (!c.ok()) return c.status();
      compared = std::move(c).value();
    }
  }
  auto opened = shared::OpenAsRecipient(*main, compared, seal_fingerprint, key,
                                        recipient_name);
  if (!opened.ok()) return opened.status();
  if (opened->round_id != round)
    return Status::Corruption("the record's files for round " + Num(round) +
                              " are those of round " + Num(opened->round_id));
  return opened;
}

}  // namespace hall::audit
