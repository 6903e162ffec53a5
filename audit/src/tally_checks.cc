// A counted round's partial decryptions, counts, outcome and minutes; the
// spoiled ballots; a cancellation.
#include "auditor.h"
#include "hall/crypto/digest.h"
#include "hall/crypto/seal.h"
#include "hall/shared/committee_records.h"
#include "hall/shared/json_input.h"
#include "hall/shared/minutes_document.h"
#include "hall/shared/record_format.h"
#include "hall/shared/spoiled_ballot.h"

namespace hall::audit {
namespace record = shared::record;
using nlohmann::json;

namespace {

std::string Num(std::uint64_t n) { return std::to_string(n); }

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "nobody" : out;
}

std::string TrusteesOf(const shared::VerifiedTallyRequest& request,
                       const std::vector<crypto::PartialDecryption>& partials) {
  std::vector<std::string> names;
  for (const auto& p : partials) {
    const auto& t = request.definition.trustees;
    names.push_back(p.trustee >= 1 && p.trustee <= t.size()
                        ? t[p.trustee - 1]
                        : "trustee " + Num(p.trustee));
  }
  return Joined(names);
}

std::string OutcomeSummary(const shared::VerifiedTallyRequest& request,
                           const rules::RoundResult& outcome) {
  std::string text;
  for (const auto& o : outcome.outcomes)
    text += (text.empty() ? "" : "; ") + o.candidate + " " +
            rules::StatusName(o.status);
  (void)request;
  return text.empty() ? "no candidate" : text;
}

shared::MinutesContext ContextOf(const shared::VerifiedTallyRequest& request) {
  shared::MinutesContext context;
  const auto& names = request.definition.trustees;
  for (std::size_t i = 0; i < names.size(); ++i)
    context.trustee_names[static_cast<std::uint32_t>(i + 1)] = names[i];
  return context;
}

}  // namespace

std::optional<std::vector<std::string>> Auditor::ComparedSelection(
    std::uint64_t compared) const {
  auto it = announced_minutes_.find(compared);
  if (compared == 0 || it == announced_minutes_.end()) return std::nullopt;
  auto selection = shared::SelectionInMinutes(it->second, compared);
  if (!selection.ok()) return std::nullopt;
  return std::move(selection).value();
}

void Auditor::CheckAnnounced(std::uint64_t id, const json& r,
                             const shared::VerifiedTallyRequest& request,
                             const Open& p, const Open& n, const Open& o,
                             const Open& m) {
  const auto partials = ReadRoundFile(id, record::kPartials);
  const auto minutes = ReadRoundFile(id, record::kMinutes);
  const auto signature = ReadRoundFile(id, record::kMinutesSig);
  auto fail_rest = [&](const std::string& why) {
    n.NotChecked(why);
    o.NotChecked(why);
    if (m.get().outcome == Outcome::kNotChecked && m.get().problem.empty())
      m.NotChecked(why);
  };
  if (!partials) {
    p.Fail(record::RoundFile(id, record::kPartials) + " is missing");
    return fail_rest("there are no partial decryptions");
  }
  auto files = shared::ClearPartialFiles(request.digest, *partials);
  if (!files.ok()) {
    p.Fail("partials.bin does not decode: " + files.message());
    return fail_rest("the partial decryptions did not check out");
  }
  auto combined = shared::CombinePartialFiles(request, *files);
  if (!combined.ok()) {
    p.Fail(combined.message());
    return fail_rest("the partial decryptions did not check out");
  }
  p.Ok(Num(combined->partials.size()) + " partial decryptions (" +
       TrusteesOf(request, combined->partials) + "), each proven against its "
       "trustee's verification key over the aggregate of the " +
       Num(request.closed.cast) + " ballots; " +
       Num(request.round.box_key.k()) + " needed");

  if (!minutes || !signature) {
    m.Fail(record::RoundFile(id, record::kMinutes) + " or its signature is "
           "missing");
    return fail_rest("the minutes are missing");
  }
  const std::string text = Text(*minutes);
  const bool signed_ok =
      SignedBy(*seal_, crypto::SignatureType::kMinutes, *minutes, *signature);
  auto parsed = shared::ParseJsonInput(text, "minutes.json");
  const json stored = parsed.ok() ? std::move(parsed.value()) : json();
  auto time_nonce = shared::MinutesTimeAndNonce(text);
  if (!parsed.ok() || !stored.is_object() || !time_nonce.ok()) {
    m.Fail("minutes.json is not minutes hall writes (not JSON, or no "
           "counted_at and nonce)");
    return fail_rest("the minutes do not parse");
  }
  shared::MinutesContext context = ContextOf(request);
  context.counted_at = time_nonce->first;
  context.nonce = time_nonce->second;
  context.opened_at = stored.value("box_opened_at", "");
  context.opened_by =
      stored.value("counting_board", json::object()).value("opened_by", "");
  auto rebuilt = shared::OpenRound(request, *files, nullptr,
                                   ComparedSelection(request.sealed.compared_round),
                                   context);
  if (!rebuilt.ok()) {
    n.Fail("the rules engine refuses the round: " + rebuilt.message());
    o.NotChecked("the counts did not check out");
    m.NotChecked("the counts did not check out");
    return;
  }
  const json again = json::parse(rebuilt->minutes);
  if (stored.value("counts", json()) != again["counts"]) {
    n.Fail("the minutes' counts are not what the trustees' partial "
           "decryptions combine to");
  } else {
    n.Ok("the " + Num(combined->partials.size()) + " partials combine to the "
         "minutes' counts for " +
         Num(request.round.ballot_template.persons.size()) + " on the ballot");
  }
  if (stored.value("outcome", json()) != again["outcome"]) {
    o.Fail("the minutes' outcome is not what the rules engine (" +
           request.procedure->code + " step " + request.step->id +
           ") derives from the counts, quorum and flags");
  } else {
    o.Ok("the rules engine derives the minutes' outcome (" +
         OutcomeSummary(request, rebuilt->outcome) + ")" +
         (request.sealed.compared_round != 0
              ? ", compared with round " + Num(request.sealed.compared_round)
              : ""));
  }
  std::array<std::uint8_t, 64> sig64{};
  if (signature->size() == 64)
    std::copy(signature->begin(), signature->end(), sig64.begin());
  const std::string digest = shared::MinutesDigest(*minutes, sig64);
  if (!signed_ok) {
    m.Fail("minutes.json does not carry the seal's minutes signature: they "
           "were altered after signing, or signed by another key");
  } else if (text != rebuilt->minutes) {
    m.Fail("the signed minutes differ from the minutes the verified round "
           "gives (a member other than the counts and outcome)");
  } else if (r.value("minutes_digest", "") != digest) {
    m.Fail("record.json's minutes digest is not the signed minutes' " + digest);
  } else {
    announced_minutes_[id] = text;
    m.Ok("signed by the seal; every member is what the verified round gives; "
         "digest " + digest.substr(0, 16) + "... (the one shown in the hall)");
  }
}

void Auditor::CheckSealedTally(std::uint64_t id, const json& r,
                               const shared::VerifiedTallyRequest& request,
                               const Open& p, const Open& n, const Open& o,
                               const Open& m) {
  const auto bytes = ReadRoundFile(id, record::kSealedTally);
  auto rest = [&](const std::string& why, bool failed) {
    for (const Open* c : {&n, &o, &m})
      failed ? (void)c->NotChecked(why) : (void)c->NotApplicable(why);
  };
  if (!bytes) {
    p.Fail(record::RoundFile(id, record::kSealedTally) + " is missing");
    return rest("the sealed tally is missing", true);
  }
  auto files = shared::DecodeSealedTally(*bytes);
  if (!files.ok()) {
    p.Fail("sealed-tally.bin does not decode: " + files.message());
    return rest("the sealed tally did not check out", true);
  }
  if (Status s = shared::CheckSealedPartialFiles(request, *files); !s.ok()) {
    p.Fail(s.message());
    return rest("the sealed tally did not check out", true);
  }
  const std::string digest = shared::SealedTallyDigest(*bytes);
  if (r.value("minutes_digest", "") != digest) {
    p.Fail("the sealed tally's digest " + digest +
           " is not record.json's minutes digest (the one shown in the hall)");
    return rest("the sealed tally did not check out", true);
  }
  p.Ok(Num(files->size()) + " partial files from distinct trustees, each "
       "naming this tally request, each boxed to the " +
       Num(request.definition.recipients.size()) +
       " recipients the definition names; digest " + digest.substr(0, 16) +
       "... (the one shown in the hall)");
  if (!options_.recipient) {
    return rest("a sealed round: its counts are for the recipients only "
                "(give --recipient-key to open it)",
                false);
  }
  shared::MinutesContext context = ContextOf(request);
  context.counted_at = request.closed.closed_at;
  context.opened_by = "recipient " + options_.recipient_name;
  auto opened = shared::OpenRound(
      request, *files, options_.recipient,
      ComparedSelection(request.sealed.compared_round), context);
  if (!opened.ok()) {
    n.Fail("opened with the recipient's key, the partials do not combine: " +
           opened.message());
    o.NotChecked("the counts did not check out");
    m.NotApplicable("a sealed round's minutes are not in the record");
    return;
  }
  std::string aside;
  for (const auto& why : opened->combined.set_aside) aside += "; set aside: " + why;
  n.Ok("opened with " + options_.recipient_name + "'s key: " +
       Num(opened->combined.partials.size()) + " partials (" +
       TrusteesOf(request, opened->combined.partials) +
       ") verified and combined" + aside);
  o.Ok("the rules engine gives: " + OutcomeSummary(request, opened->outcome));
  m.NotApplicable("a sealed round's minutes are not in the record; "
                  "hall-audit minutes writes them for the recipient");
}

void Auditor::CheckSpoiled(std::uint64_t id, const json& r,
                           const shared::VerifiedSealedBox& box) {
  const std::string subject = "round " + std::to_string(id);
  Open c = Begin(CheckKind::kSpoiled, subject);
  const auto bytes = ReadRoundFile(id, record::kSpoiled);
  if (!r.contains("spoiled")) {
    if (bytes) {
      c.Fail("spoiled.bin is in the folder but record.json lists no spoiled "
             "ballots");
    } else {
      c.NotApplicable("no ballot was spoiled to check a kiosk");
    }
    return;
  }
  if (!bytes) {
    c.Fail(record::RoundFile(id, record::kSpoiled) + " is missing");
    return;
  }
  auto entries = shared::DecodeSpoiledList(*bytes);
  if (!entries.ok()) {
    c.Fail("spoiled.bin does not decode: " + entries.message());
    return;
  }
  const json claimed = r["spoiled"].value("digests", json::array());
  if (claimed.size() != entries->size()) {
    c.Fail("record.json lists " + std::to_string(claimed.size()) +
           " spoiled ballots; spoiled.bin holds " +
           std::to_string(entries->size()));
    return;
  }
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const std::string digest = crypto::ToHex((*entries)[i].Digest());
    if (claimed[i] != digest) {
      c.Fail("spoiled ballot " + std::to_string(i + 1) + "'s digest is not "
             "the one record.json lists (the one the kiosk showed)");
      return;
    }
    if (Status s = shared::VerifySpoiledEntry(box.round.ballot_template,
                                              (*entries)[i]);
        !s.ok()) {
      c.Fail("spoiled ballot " + std::to_string(i + 1) + " (" +
             digest.substr(0, 16) + "...) does not open to the choices it "
             "claims: " + s.message());
      return;
    }
  }
  c.Ok(std::to_string(entries->size()) + " spoiled ballots, each opening to "
       "the choices it shows under the box key; never cast, never counted");
}

void Auditor::CheckCancellation(std::uint64_t id, const json& r,
                                const shared::VerifiedSealedBox* box,
                                std::uint64_t cast, std::uint64_t deciding) {
  Open c = Begin(CheckKind::kCancellation, "round " + std::to_string(id));
  const auto statement = ReadRoundFile(id, record::kCancellation);
  const auto signature = ReadRoundFile(id, record::kCancellationSig);
  if (statement || signature) {
    if (!statement || !signature)
      return (void)c.Fail("cancellation.bin or its signature is missing");
    if (!SignedBy(*seal_, crypto::SignatureType::kRoundCancelled, *statement,
                  *signature))
      return (void)c.Fail("cancellation.bin does not carry the seal's "
                          "round-cancelled signature");
    auto s = shared::RoundCancelledStatement::Decode(*statement);
    if (!s.ok())
      return (void)c.Fail("cancellation.bin does not decode: " + s.message());
    const shared::Digest32 zero{};
    if (s->installation != definition_->installation ||
        s->meeting_id != definition_->meeting_id || s->round_id != id)
      return (void)c.Fail("the signed cancellation is of another round");
    if (box ? s->template_digest != box->round.ballot_template.Digest()
            : s->template_digest != zero)
      return (void)c.Fail("the signed cancellation names another ballot "
                          "template than the round's");
    if (box && s->state != "draft" && s->state != "sealed" && s->cast != cast)
      return (void)c.Fail("the signed cancellation counts " +
                          std::to_string(s->cast) + " ballots; the board holds " +
                          std::to_string(cast));
    return (void)c.Ok("cancelled by the committee, signed by the seal (when " +
                      s->state + ", " + std::to_string(s->cast) +
                      " ballots never counted): " + s->reason);
  }
  // Closed with fewer ballots than the procedure opens a box with.
  const auto closed = ReadRoundFile(id, record::kBoxClosed);
  auto decoded = closed ? shared::BoxClosedStatement::Decode(*closed)
                        : Result<shared::BoxClosedStatement>(
                              Status::NotFound("no box-closed statement"));
  const std::uint64_t minimum = shared::MinBallotsToOpen(*procedure_);
  if (!decoded.ok())
    return (void)c.Fail("a cancelled round has neither a signed cancellation "
                        "nor a box-closed statement");
  const auto closed_sig = ReadRoundFile(id, record::kBoxClosedSig);
  if (!closed_sig || !SignedBy(*seal_, crypto::SignatureType::kBoxClosed,
                               *closed, *closed_sig))
    return (void)c.Fail("box-closed.bin does not carry the seal's box-closed "
                        "signature");
  if (!box || decoded->template_digest != box->round.ballot_template.Digest())
    return (void)c.Fail("the box-closed statement is not of this round's "
                        "signed ballot template");
  if (decoded->cast != cast)
    return (void)c.Fail("the signed box-closed statement counts " +
                        std::to_string(decoded->cast) +
                        " ballots; the board holds " + std::to_string(cast));
  if (deciding >= minimum)
    return (void)c.Fail("cancelled with " + std::to_string(deciding) +
                        " ballots, but the procedure opens a box with " +
                        std::to_string(minimum) +
                        " and no signed cancellation says why");
  c.Ok("closed with " + std::to_string(decoded->cast) +
       " ballots (signed), below the procedure's minimum of " +
       std::to_string(minimum) + ": never opened (" +
       r.value("cancelled", "") + ")");
}

}  // namespace hall::audit
