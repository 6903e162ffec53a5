#include "hall/server/tally.h"

#include <algorithm>

#include "committee_checks.h"
#include "hall/crypto/encoding.h"
#include "hall/crypto/seal.h"
#include "hall/crypto/tally.h"
#include "hall/server/committee.h"
#include "hall/server/meeting_definition.h"
#include "hall/server/minutes.h"
#include "hall/server/round_store.h"
#include "hall/shared/rules.h"

namespace hall::server {
namespace {

std::string Num(std::uint64_t n) { return std::to_string(n); }

// Whether the round this one is compared with (P1 step 3) is sealed.
bool ComparedRoundSealed(Database& db, std::uint64_t round_id) {
  const auto previous = PreviousRound(db, round_id);
  if (!previous) return false;
  auto compared = LoadRound(db, *previous);
  return compared.ok() && compared->state == RoundState::kMinutesSealed;
}

// The stored ballots must be exactly what the seal-signed box-closed
// statement commits to: the same number and the same board head.
Status CheckBoxClosed(Database& db, std::uint64_t round_id,
                      const shared::Digest32& digest,
                      const VerifiedRound& verified) {
  const std::string altered =
      "round " + Num(round_id) +
      ": the stored ballots are not the ones the box was closed with; "
      "the database was altered";
  auto q = db.Prepare(
      "SELECT closed_statement, closed_sig FROM rounds WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(round_id));
  if (!q.Step()) return Status::Corruption(altered);
  const crypto::Bytes statement = q.Blob(0);
  auto signed_by_seal =
      SealSigned(db, crypto::SignatureType::kBoxClosed, statement, q.Blob(1));
  if (!signed_by_seal.ok()) return signed_by_seal.status();
  if (!*signed_by_seal) return Status::Corruption(altered);
  auto closed = shared::BoxClosedStatement::Decode(statement);
  if (!closed.ok() || closed->template_digest != digest ||
      closed->cast != verified.count || closed->board_head != verified.head) {
    return Status::Corruption(altered);
  }
  return Status::Ok();
}

std::string RandomHex(crypto::RandomSource& rng) {
  std::array<std::uint8_t, 32> nonce{};
  rng.Fill(nonce);
  return Hex(nonce);
}

}  // namespace

Result<TallyInput> GatherTally(
    Database& db, std::uint64_t round_id,
    const std::vector<const crypto::TrusteeShare*>& shares,
    const crypto::SigningKey& seal, const RecipientKey* recipient) {
  auto r = LoadRound(db, round_id);
  if (!r.ok()) return r.status();
  if (Status s = CheckAllowed(round_id, r->state, RoundAction::kTally); !s.ok())
    return s;
  if (Status s = CheckSealKey(db, seal); !s.ok()) return s;
  // Everything below comes from what the seal signed, never from the
  // database alone: the seal key just checked anchors the definition, the
  // definition the procedure file, roll and recipients, the template the
  // round's step and disclosure.
  auto def = LoadMeetingDefinition(db, r->meeting_id);
  if (!def.ok()) return def.status();
  auto sealed = LoadCheckedSealedRound(db, *r);
  if (!sealed.ok()) return sealed.status();
  auto es = LoadElectorateAndStep(db, *r);
  if (!es.ok()) return es.status();
  const crypto::BallotBoxKey& box_key = sealed->box_key;
  std::set<std::uint32_t> trustees;
  for (const auto* share : shares) trustees.insert(share->trustee());
  if (trustees.size() < box_key.k()) {
    return Status::FailedPrecondition(
        "round " + Num(round_id) + " needs " + Num(box_key.k()) + " of " +
        Num(box_key.n()) + " trustees to open the box; " +
        Num(trustees.size()) + " given");
  }
  TallyInput in{std::move(r).value(), std::move(es->electorate),
                std::move(es->procedure), es->step, std::move(sealed).value(),
                {}, std::nullopt};
  for (const auto& recipient : def->recipients)
    in.recipients.push_back({recipient.name, recipient.public_key});
  if (in.sealed_step() && in.recipients.empty()) {
    return Status::FailedPrecondition(
        "round " + Num(round_id) +
        " is sealed: its minutes go only to their recipients, and meeting " +
        Num(in.round.meeting_id) + " has none (hall-admin recipient add)");
  }
  if (auto prev_round = PreviousRound(db, round_id)) {
    auto previous =
        OutcomeOf(db, *prev_round, in.round.meeting_id, recipient);
    if (!previous.ok()) return previous.status();
    in.previous_selection.emplace();
    for (const auto& o : (*previous)["outcomes"]) {
      const std::string status = o["status"];
      if (status == "selected" || status == "carried_forward" ||
          status == "needs_decision") {
        in.previous_selection->push_back(o["candidate"]);
      }
    }
  }
  return in;
}

Result<OpenedBox> OpenBox(
    Database& db, const TallyInput& in,
    const std::vector<const crypto::TrusteeShare*>& shares,
    crypto::RandomSource& rng) {
  const std::uint64_t round_id = in.round.id;
  const crypto::BallotBoxKey& box_key = in.sealed.box_key;
  auto verified = LoadVerifiedBallots(db, round_id, in.sealed);
  if (!verified.ok()) return verified.status();
  if (Status s = CheckBoxClosed(db, round_id,
                                in.sealed.ballot_template.Digest(), *verified);
      !s.ok())
    return s;
  auto aggregate = crypto::AggregateBallots(verified->ballots);
  if (!aggregate.ok()) {
    return Status::Make(aggregate.code(),
                        "round " + Num(round_id) + ": " + aggregate.message());
  }
  OpenedBox box;
  box.head = verified->head;
  box.cast = aggregate->ballot_count();
  for (const auto* share : shares) {
    if (!box.trustees.insert(share->trustee()).second) continue;
    auto partial = crypto::PartialDecrypt(box_key, *aggregate, *share, rng);
    if (!partial.ok()) return partial.status();
    if (Status s = crypto::VerifyPartial(box_key, *aggregate, *partial);
        !s.ok())
      return s;
    box.partials.push_back(std::move(partial).value());
  }
  auto counts = crypto::Combine(box_key, *aggregate, box.partials);
  if (!counts.ok()) return counts.status();
  box.counts = std::move(counts).value();
  return box;
}

Result<EvaluatedTally> EvaluateTally(const TallyInput& in,
                                     const OpenedBox& box) {
  EvaluatedTally out;
  // The counts are the signed template's persons x the step's options; a
  // round row or procedure that disagrees was altered.
  const std::size_t options = rules::OptionNames(in.step->ballot).size();
  if (box.counts.size() != in.round.persons.size() * options ||
      in.round.persons != in.sealed.ballot_template.persons) {
    return Status::Corruption(
        "round " + std::to_string(in.round.id) +
        ": the stored round does not match its sealed ballot; the database "
        "was altered");
  }
  out.input = BuildRoundInput(*in.procedure, *in.step, in.electorate, in.round,
                              box.counts, box.cast, in.previous_selection);
  auto outcome = rules::Evaluate(*in.procedure, *in.step, out.input);
  if (!outcome.ok()) {
    // The engine's message may quote decrypted counts: never for a sealed
    // step, whose counts go only to its recipients.
    if (in.sealed_step()) {
      return Status::Internal(
          "the rules engine refused the tally of a sealed step; no minutes "
          "were written");
    }
    return Status::Internal("the rules engine refused the tally: " +
                            outcome.message());
  }
  out.outcome = std::move(outcome).value();
  return out;
}

SignedTally SignMinutes(Database& db, const TallyInput& in,
                        const OpenedBox& box, const EvaluatedTally& evaluated,
                        const crypto::SigningKey& seal, const std::string& now,
                        const std::string& nonce) {
  SignedTally t;
  // The divergence flag of an announced step compared with a sealed one
  // tells about the sealed result: out of the announced minutes.
  rules::RoundResult announced = evaluated.outcome;
  if (!in.sealed_step() && ComparedRoundSealed(db, in.round.id)) {
    auto& flags = announced.flags;
    const auto end =
        std::remove(flags.begin(), flags.end(), rules::Flag::kReportDivergence);
    t.divergence = end != flags.end();
    flags.erase(end, flags.end());
    nlohmann::ordered_json note;
    note["format"] = "hall-divergence/1";
    note["installation"] = Installation(db);
    note["round"] = in.round.id;
    note["compared_with"] = *PreviousRound(db, in.round.id);
    note["report_divergence"] = *t.divergence;
    note["nonce"] = nonce;
    t.divergence_note = note.dump(2);
    const crypto::Bytes note_bytes(t.divergence_note.begin(),
                                   t.divergence_note.end());
    const auto note_sig =
        crypto::Sign(seal, crypto::SignatureType::kMinutes, note_bytes);
    std::copy(note_sig.bytes().begin(), note_sig.bytes().end(),
              t.divergence_signature.begin());
  }
  t.minutes = BuildMinutes(
      db, *in.procedure, *in.step, in.electorate, in.round, evaluated.input,
      announced, in.sealed.ballot_template, in.sealed.box_key,
      box.head, TrusteeNames(db, in.round.meeting_id, box.trustees),
      seal.verify_key(), now, nonce);
  const crypto::Bytes minutes_bytes(t.minutes.begin(), t.minutes.end());
  const auto sig =
      crypto::Sign(seal, crypto::SignatureType::kMinutes, minutes_bytes);
  std::copy(sig.bytes().begin(), sig.bytes().end(), t.signature.begin());
  crypto::Encoder partials;
  partials.U32(static_cast<std::uint32_t>(box.partials.size()));
  for (const auto& pd : box.partials) partials.Var(pd.Encode());
  t.partials = partials.Take();
  t.digest = shared::MinutesDigest(minutes_bytes, t.signature);
  return t;
}

namespace {

// The padded size of a divergence note's package.
constexpr std::size_t kDivergenceNoteSize = 1024;

// The padded size of a sealed round's package (statements.h): a bound on
// its minutes and partial decryptions computed from the round's definition
// alone (persons, the step's options, the longest name, the titles, the
// meeting's trustees), rounded up to a 4 KiB bucket, so every outcome of
// the round seals to one size. Never from the counts or the outcome.
std::size_t SealedMinutesSize(Database& db, const TallyInput& in,
                              const SignedTally& t) {
  constexpr std::size_t kBucket = 4096;
  // The minutes' skeleton: field names, digests, fingerprints, times, the
  // nonce, every number at 20 digits, the outcome's flags rendered.
  std::size_t bound = 8192;
  // Texts: JSON may escape them (twice their bytes is enough for UTF-8).
  const auto text = [](const std::string& s) { return 2 * s.size() + 8; };
  bound += text(Installation(db)) + text(in.electorate.title) +
           text(in.procedure->id) + text(in.procedure->code) +
           text(in.procedure->title.Get("en")) + text(in.step->id) +
           text(in.step->electorate.Get("en"));
  for (const auto& [language, title] : in.sealed.ballot_template.step_titles)
    bound += text(title);
  auto names = db.Prepare("SELECT name FROM trustees WHERE meeting_id = ?");
  names.Bind(1, static_cast<std::int64_t>(in.round.meeting_id));
  std::size_t trustees = 0;
  while (names.Step()) {
    bound += text(names.Text(0));
    ++trustees;
  }
  // Each person: its counts, its outcome entry (status, votes, level, the
  // reason's text and arguments), each naming the person a few times.
  std::size_t longest = 0;
  for (const auto& person : in.round.persons)
    longest = std::max(longest, person.size());
  const std::size_t options = rules::OptionNames(in.step->ballot).size();
  bound += in.round.persons.size() * (2048 + 8 * text(std::string(longest, ' ')) +
                                      options * 48);
  // The partial decryptions: one per trustee at most, each of one size for
  // the round (its ciphertexts), plus the signature and the encoding.
  crypto::Decoder d(t.partials);
  std::uint32_t opened = 0;
  std::size_t per_trustee = 0;
  if (d.U32(opened) && opened > 0)
    per_trustee = (t.partials.size() - 4) / opened;
  bound += 4 + std::max<std::size_t>(trustees, opened) * per_trustee + 256;
  return (bound + kBucket - 1) / kBucket * kBucket;
}

}  // namespace

Status StoreTally(Database& db, const TallyInput& in, const SignedTally& t,
                  const std::string& now, crypto::RandomSource& rng) {
  const std::uint64_t round_id = in.round.id;
  const crypto::Bytes minutes_bytes(t.minutes.begin(), t.minutes.end());
  Database::Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  if (in.sealed_step()) {
    shared::SealedMinutesPackage package;
    package.minutes = minutes_bytes;
    package.signature = t.signature;
    package.partials = t.partials;
    auto boxes = shared::SealMinutes(
        package, SealedMinutesSize(db, in, t), in.recipients, rng);
    if (!boxes.ok()) return boxes.status();
    auto upd = db.Prepare(
        "UPDATE rounds SET state = 'minutes_sealed', sealed_minutes = ?, "
        "minutes_digest = ?, "
        "tallied_at = ? WHERE id = ? AND state = 'closed'");
    upd.Bind(1, *boxes).Bind(2, t.digest).Bind(3, now).Bind(
        4, static_cast<std::int64_t>(round_id));
    if (Status s = upd.Run(); !s.ok()) return s;
  } else {
    auto upd = db.Prepare(
        "UPDATE rounds SET state = 'tallied', minutes = ?, minutes_sig = ?, "
        "partials = ?, "
        "minutes_digest = ?, tallied_at = ?, sealed_minutes = ? "
        "WHERE id = ? AND state = 'closed'");
    upd.Bind(1, minutes_bytes).Bind(2, t.signature).Bind(3, t.partials);
    upd.Bind(4, t.digest).Bind(5, now);
    if (t.divergence) {
      // The divergence note, sealed like sealed minutes, one bucket whatever
      // the flag.
      shared::SealedMinutesPackage note;
      note.minutes.assign(t.divergence_note.begin(), t.divergence_note.end());
      note.signature = t.divergence_signature;
      auto boxes =
          shared::SealMinutes(note, kDivergenceNoteSize, in.recipients, rng);
      if (!boxes.ok()) return boxes.status();
      upd.Bind(6, *boxes);
    } else {
      upd.BindNull(6);
    }
    upd.Bind(7, static_cast<std::int64_t>(round_id));
    if (Status s = upd.Run(); !s.ok()) return s;
  }
  if (db.Changes() != 1) {
    return Status::FailedPrecondition(
        "round " + Num(round_id) +
        " was tallied meanwhile by another command; see hall-admin round "
        "show");
  }
  return tx.Commit();
}

Result<TallyOutcome> Committee::TallyRound(
    std::uint64_t round_id,
    const std::vector<const crypto::TrusteeShare*>& shares,
    const crypto::SigningKey& seal, const RecipientKey* recipient) {
  auto in = GatherTally(db_, round_id, shares, seal, recipient);
  if (!in.ok()) return in.status();
  auto box = OpenBox(db_, *in, shares, rng_);
  if (!box.ok()) return box.status();
  auto evaluated = EvaluateTally(*in, *box);
  if (!evaluated.ok()) return evaluated.status();
  const std::string now = clock_();
  const SignedTally signed_tally =
      SignMinutes(db_, *in, *box, *evaluated, seal, now, RandomHex(rng_));
  if (Status s = StoreTally(db_, *in, signed_tally, now, rng_); !s.ok())
    return s;
  TallyOutcome result;
  result.sealed = in->sealed_step();
  result.recipients = result.sealed ? in->recipients.size() : 0;
  result.minutes_digest = signed_tally.digest;
  if (!result.sealed) result.minutes_json = signed_tally.minutes;
  return result;
}

}  // namespace hall::server
