#include "hall/server/minutes.h"

#include "hall/crypto/encoding.h"
#include "hall/crypto/fingerprint.h"
#include "hall/server/round_state.h"
#include "hall/server/round_store.h"
#include "hall/shared/round_json.h"
#include "hall/shared/statements.h"

namespace hall::server {
namespace {

std::string Num(std::uint64_t n) { return std::to_string(n); }

}  // namespace

rules::RoundInput BuildRoundInput(
    const rules::Procedure& p, const rules::Step& step, const MeetingInfo& m,
    const RoundInfo& r, const std::vector<std::uint64_t>& counts,
    std::uint64_t cast,
    const std::optional<std::vector<std::string>>& previous) {
  rules::RoundInput in;
  in.procedure = p.id;
  in.step = step.id;
  in.convened = static_cast<std::int64_t>(m.convened);
  in.present = static_cast<std::int64_t>(r.issued);
  in.members = static_cast<std::int64_t>(m.members);
  in.slots = static_cast<std::int64_t>(r.slots);
  in.candidates = r.persons;
  in.cast = static_cast<std::int64_t>(cast);
  in.previous_selection = previous;
  const auto& options = rules::OptionNames(step.ballot);
  std::int64_t marked = 0;
  for (std::size_t person = 0; person < r.persons.size(); ++person) {
    rules::OptionCounts oc;
    for (std::size_t o = 0; o < options.size(); ++o) {
      const auto v =
          static_cast<std::int64_t>(counts[person * options.size() + o]);
      oc[options[o]] = v;
      marked += v;
    }
    in.counts[r.persons[person]] = oc;
  }
  if (step.ballot == crypto::BallotKind::kNominate) in.blank = in.cast - marked;
  return in;
}

std::string BuildMinutes(Database& db, const rules::Procedure& p,
                         const rules::Step& step, const MeetingInfo& m,
                         const RoundInfo& r, const rules::RoundInput& in,
                         const rules::RoundResult& outcome,
                         const shared::BallotTemplate& t,
                         const crypto::BallotBoxKey& box_key,
                         const std::array<std::uint8_t, 32>& board_head,
                         const std::vector<std::string>& trustees,
                         const crypto::VerifyKey& seal, const std::string& now,
                         const std::string& nonce) {
  nlohmann::ordered_json j;
  j["format"] = "hall-minutes/1";
  j["installation"] = Installation(db);
  j["meeting"] = {{"id", m.id}, {"title", m.title}};
  j["round"] = r.id;
  j["procedure"] = {
      {"id", p.id}, {"code", p.code}, {"title", p.title.Get("en")}};
  // The step's title as the sealed template carries it.
  j["step"] = {{"id", step.id},
               {"title", t.StepTitle(rules::Language::kEn)},
               {"title_vi", t.StepTitle(rules::Language::kVi)}};
  if (t.step_titles.contains(rules::Language::kZh))
    j["step"]["title_zh"] = t.StepTitle(rules::Language::kZh);
  j["electorate"] = {{"who", step.electorate.Get("en")},
                     {"convened", in.convened},
                     {"present", in.present},
                     {"members", m.members}};
  j["ballots"] = {{"issued", r.issued}, {"cast", in.cast}};
  if (step.ballot == crypto::BallotKind::kNominate)
    j["ballots"]["blank"] = in.blank;
  nlohmann::ordered_json counts = nlohmann::ordered_json::object();
  for (const auto& name : r.persons) {
    const auto& oc = in.counts.at(name);
    if (step.ballot == crypto::BallotKind::kNominate) {
      counts[name] = oc.at("votes");
    } else {
      nlohmann::ordered_json per = nlohmann::ordered_json::object();
      for (const auto& option : rules::OptionNames(step.ballot))
        per[option] = oc.at(option);
      counts[name] = per;
    }
  }
  j["counts"] = counts;
  j["outcome"] =
      nlohmann::ordered_json::parse(rules::RoundResultToJson(outcome));
  j["disclosure"] = rules::DisclosureName(step.disclosure);
  j["seal_fingerprint"] = crypto::Fingerprint(seal);
  j["template_digest"] = Hex(t.Digest());
  j["ballot_box_digest"] = Hex(board_head);
  j["box_key_digest"] = Hex(box_key.digest());
  auto times = db.Prepare(
      "SELECT sealed_at, opened_at, closed_at FROM rounds WHERE id = ?");
  times.Bind(1, static_cast<std::int64_t>(r.id));
  if (times.Step()) {
    j["box_sealed_at"] = times.Text(0);
    j["box_opened_at"] = times.Text(1);
    j["box_closed_at"] = times.Text(2);
  }
  j["counted_at"] = now;
  // Random bytes, so that the digest shown in the hall cannot be matched
  // against minutes rebuilt from guessed counts.
  j["nonce"] = nonce;
  j["counting_board"] = {{"trustees", trustees},
                         {"signed_with_seal", crypto::Fingerprint(seal)}};
  return j.dump(2);
}

Result<SignedMinutes> LoadSignedMinutes(Database& db, std::uint64_t round_id,
                                        const RecipientKey* recipient) {
  auto q = db.Prepare(
      "SELECT state, minutes, minutes_sig, sealed_minutes, "
      "coalesce(minutes_digest, '') FROM rounds WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(round_id));
  if (!q.Step()) return Status::NotFound("there is no round " + Num(round_id));
  auto parsed_state = ParseRoundState(q.Text(0));
  if (!parsed_state.ok()) return parsed_state.status();
  const RoundState state = *parsed_state;
  auto seal = SealPublicKey(db);
  if (!seal.ok()) return seal.status();
  SignedMinutes out;
  crypto::Bytes sig_bytes;
  if (state == RoundState::kTallied || state == RoundState::kAnnounced) {
    out.minutes = q.Blob(1);
    sig_bytes = q.Blob(2);
  } else if (state == RoundState::kMinutesSealed) {
    if (!recipient) {
      return Status::PermissionDenied(
          "round " + Num(round_id) +
          " is sealed: its minutes open only with a recipient's key "
          "(--recipient-key)");
    }
    auto package = shared::OpenSealedMinutes(q.Blob(3), *recipient);
    if (!package.ok()) {
      return package.status().WithContext("round " + Num(round_id));
    }
    out.minutes = std::move(package->minutes);
    sig_bytes.assign(package->signature.begin(), package->signature.end());
  } else {
    return Status::FailedPrecondition(
        "round " + Num(round_id) + " is " + std::string(RoundStateName(state)) +
        "; it has no minutes until it is tallied");
  }
  auto sig = crypto::Signature::FromBytes(sig_bytes);
  if (!sig.ok()) return sig.status();
  if (Status s = crypto::Verify(*seal, crypto::SignatureType::kMinutes,
                                out.minutes, *sig);
      !s.ok()) {
    return Status::Corruption(
        "the minutes of round " + Num(round_id) +
        " do not carry a valid seal signature: they were altered");
  }
  // A validly sealed document may still be another round's (or another
  // installation's) minutes copied into this row: they must name this one,
  // and match the digest announced when they were counted.
  const std::string altered = "the minutes stored for round " +
                              Num(round_id) +
                              " are not this round's: the database was altered";
  auto doc = nlohmann::json::parse(out.minutes, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("round") ||
      !doc["round"].is_number_unsigned() ||
      doc["round"].get<std::uint64_t>() != round_id ||
      !doc.contains("installation") || !doc["installation"].is_string() ||
      doc["installation"].get<std::string>() != Installation(db)) {
    return Status::Corruption(altered);
  }
  const std::string stored_digest = q.Text(4);
  if (stored_digest != shared::MinutesDigest(out.minutes, sig->bytes())) {
    return Status::Corruption(altered);
  }
  out.signature = std::move(sig_bytes);
  return out;
}

Result<std::string> MinutesText(Database& db, std::uint64_t round_id,
                                const RecipientKey* recipient) {
  auto m = LoadSignedMinutes(db, round_id, recipient);
  if (!m.ok()) return m.status();
  return std::string(m->minutes.begin(), m->minutes.end());
}

Result<nlohmann::json> OutcomeOf(Database& db, std::uint64_t round_id,
                                 std::uint64_t meeting_id,
                                 const RecipientKey* recipient) {
  auto r = LoadRound(db, round_id);
  if (!r.ok()) return r.status();
  if (r->meeting_id != meeting_id) {
    return Status::InvalidArgument("round " + Num(round_id) +
                                   " belongs to another meeting");
  }
  auto text = MinutesText(db, round_id, recipient);
  if (!text.ok()) return text.status();
  return nlohmann::json::parse(*text)["outcome"];
}

Result<nlohmann::json> DivergenceNote(Database& db, std::uint64_t round_id,
                                      const RecipientKey& recipient) {
  auto q = db.Prepare(
      "SELECT sealed_minutes FROM rounds WHERE id = ? AND state IN "
      "('tallied', 'announced') AND sealed_minutes IS NOT NULL");
  q.Bind(1, static_cast<std::int64_t>(round_id));
  if (!q.Step()) {
    return Status::NotFound("round " + Num(round_id) +
                            " has no divergence note (only an announced "
                            "round compared with a sealed one has one)");
  }
  auto package = shared::OpenSealedMinutes(q.Blob(0), recipient);
  if (!package.ok()) return package.status().WithContext("round " + Num(round_id));
  auto seal = SealPublicKey(db);
  if (!seal.ok()) return seal.status();
  auto sig = crypto::Signature::FromBytes(package->signature);
  const std::string altered = "the divergence note of round " +
                              Num(round_id) +
                              " is not this round's or was altered";
  if (!sig.ok() || !crypto::Verify(*seal, crypto::SignatureType::kMinutes,
                                   package->minutes, *sig)
                        .ok()) {
    return Status::Corruption(altered);
  }
  auto doc = nlohmann::json::parse(package->minutes, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() ||
      doc.value("format", "") != "hall-divergence/1" ||
      !doc.contains("round") || doc["round"] != round_id ||
      doc.value("installation", "") != Installation(db)) {
    return Status::Corruption(altered);
  }
  return doc;
}

}  // namespace hall::server
