#include "hall/shared/tally_request.h"

#include <algorithm>

#include <set>

#include "hall/crypto/bulletin_board.h"
#include "hall/crypto/encoding.h"
#include "hall/crypto/fingerprint.h"
#include "hall/crypto/seal.h"
#include "hall/shared/procedure_loader.h"

namespace hall::shared {
namespace {

constexpr char kRequestTag[] = "hall/v1/tally-request";
constexpr char kPartialTag[] = "hall/v1/partial-file";
constexpr char kSealedTallyTag[] = "hall/v1/sealed-tally";
// Bounds the decoder holds a file to (a round of 100,000 ballots fits).
constexpr std::uint32_t kMaxEnvelopes = 1u << 20;
constexpr std::size_t kMaxPart = 64u << 20;
constexpr std::uint32_t kMaxRecipients = 1000;
constexpr std::uint32_t kMaxPartialFiles = 1000;

std::string Num(std::uint64_t n) { return std::to_string(n); }

bool VerifySig(const crypto::VerifyKey& seal, crypto::SignatureType type,
               std::span<const std::uint8_t> bytes, const Signature64& sig) {
  auto s = crypto::Signature::FromBytes(sig);
  return s.ok() && crypto::Verify(seal, type, bytes, *s).ok();
}

Status Refused(const std::string& what) {
  return Status::Corruption("the tally request " + what);
}

constexpr char kPartialSetTag[] = "hall/v1/partial-set";

// The tally groups of a classed round (tally_request.h), from the ballots
// each class cast; the aggregates are made by the caller.
std::vector<TallyGroup> GroupClasses(const std::vector<VoterClass>& classes,
                                     const std::vector<std::uint64_t>& cast,
                                     std::uint64_t min) {
  std::vector<TallyGroup> groups;
  TallyGroup small, empty;
  for (std::size_t c = 0; c < classes.size(); ++c) {
    if (classes[c].role != VoterRole::kDeciding) continue;
    if (cast[c] == 0) {
      empty.classes.push_back(c);
    } else if (cast[c] >= min) {
      groups.push_back({{c}, VoterRole::kDeciding, cast[c], std::nullopt});
    } else {
      small.classes.push_back(c);
      small.ballots += cast[c];
    }
  }
  if (!small.classes.empty()) {
    if (small.ballots >= min || groups.empty()) {
      groups.push_back(std::move(small));
    } else {
      auto smallest = std::min_element(
          groups.begin(), groups.end(),
          [](const TallyGroup& a, const TallyGroup& b) {
            return a.ballots < b.ballots;
          });
      smallest->classes.insert(smallest->classes.end(), small.classes.begin(),
                               small.classes.end());
      std::sort(smallest->classes.begin(), smallest->classes.end());
      smallest->ballots += small.ballots;
    }
  }
  if (!empty.classes.empty()) groups.push_back(std::move(empty));
  for (std::size_t c = 0; c < classes.size(); ++c) {
    if (classes[c].role == VoterRole::kAdvisory)
      groups.push_back({{c}, VoterRole::kAdvisory, cast[c], std::nullopt});
  }
  return groups;
}

}  // namespace

crypto::Bytes TallyRequest::Encode() const {
  crypto::Encoder e;
  e.Str(kRequestTag).Fixed(seal_public_key);
  e.Var(definition).Fixed(definition_signature);
  e.Str(procedure_file).Var(signed_template.Encode());
  e.Var(credential_list).Fixed(credential_list_signature);
  e.Var(box_sealed).Fixed(box_sealed_signature);
  e.Var(box_closed).Fixed(box_closed_signature);
  e.U32(static_cast<std::uint32_t>(envelopes.size()));
  for (const auto& env : envelopes) e.Var(env);
  return e.Take();
}

Result<TallyRequest> TallyRequest::Decode(std::span<const std::uint8_t> bytes) {
  crypto::Decoder d(bytes);
  TallyRequest r;
  std::string tag;
  crypto::Bytes signed_template;
  std::uint32_t n = 0;
  const bool head =
      d.Str(tag, 64) && tag == kRequestTag && d.Fixed(r.seal_public_key) &&
      d.Var(r.definition, kMaxPart) && d.Fixed(r.definition_signature) &&
      d.Str(r.procedure_file, kMaxPart) && d.Var(signed_template, kMaxPart) &&
      d.Var(r.credential_list, kMaxPart) &&
      d.Fixed(r.credential_list_signature) && d.Var(r.box_sealed, kMaxPart) &&
      d.Fixed(r.box_sealed_signature) && d.Var(r.box_closed, kMaxPart) &&
      d.Fixed(r.box_closed_signature) && d.U32(n) && n <= kMaxEnvelopes;
  if (!head) {
    return Status::Corruption(
        "this is not a hall tally request (hall-admin round tally-request "
        "writes one), or it is damaged");
  }
  r.envelopes.resize(n);
  for (auto& env : r.envelopes) {
    if (!d.Var(env, 1u << 20)) break;
  }
  if (!d.Done()) {
    return Status::Corruption("the tally request is damaged or truncated");
  }
  auto t = SignedTemplate::Decode(signed_template);
  if (!t.ok()) return Status::Corruption("the tally request's template is damaged");
  r.signed_template = std::move(t).value();
  return r;
}

Digest32 TallyRequestDigest(std::span<const std::uint8_t> request_bytes) {
  crypto::Encoder e;
  e.Str("hall/v1/tally-request-digest").Var(request_bytes);
  return crypto::Blake2b256(e.bytes());
}

Result<VerifiedSealedBox> VerifySealedBox(const TallyRequest& r,
                                          const std::string& seal_fingerprint,
                                          RoundPart* failed) {
  auto refuse = [failed](RoundPart part, const std::string& what) {
    if (failed) *failed = part;
    return Refused(what);
  };
  auto seal = crypto::VerifyKey::FromBytes(r.seal_public_key);
  if (!seal.ok()) return refuse(RoundPart::kSeal, "carries no valid seal key");
  if (!crypto::FingerprintMatches(seal_fingerprint,
                                  crypto::Fingerprint(*seal))) {
    if (failed) *failed = RoundPart::kSeal;
    return Status::PermissionDenied(
        "the tally request is signed by the seal " +
        crypto::Fingerprint(*seal) + ", not by " + seal_fingerprint +
        " (the fingerprint read aloud when the installation was made): do "
        "not decrypt it");
  }
  if (!VerifySig(*seal, crypto::SignatureType::kMeetingDefinition,
                 r.definition, r.definition_signature)) {
    return refuse(RoundPart::kDefinition,
                  "holds a meeting definition without the seal's signature");
  }
  auto definition = MeetingDefinition::Decode(r.definition);
  if (!definition.ok())
    return refuse(RoundPart::kDefinition, "holds a damaged meeting definition");
  if (ProcedureFileDigest(r.procedure_file) != definition->procedure_digest) {
    return refuse(RoundPart::kProcedure,
                  "holds a procedure file the meeting definition did not bind");
  }
  auto procedure = rules::ParseProcedure(r.procedure_file, "procedure file");
  if (!procedure.ok())
    return refuse(RoundPart::kProcedure,
                  "holds a procedure file that does not parse");
  auto named = VerifyTemplate(r.signed_template, *seal);
  if (!named.ok()) {
    return refuse(RoundPart::kTemplate,
                  "the stored ballot template or credential list does not "
                  "carry the seal");
  }
  auto sealed_round = VerifySealedRound(
      *seal,
      {definition->installation, definition->meeting_id, named->round_id},
      r.signed_template, r.credential_list, r.credential_list_signature);
  if (!sealed_round.ok()) {
    // The template's signature held: what is left is where it was sealed
    // for, the list against it, and the box key it carries.
    const bool about_template =
        sealed_round.message().starts_with("the stored ballot template was") ||
        !sealed_round.message().starts_with("the stored ");
    return refuse(
        about_template ? RoundPart::kTemplate : RoundPart::kCredentialList,
        sealed_round.message());
  }
  const BallotTemplate& t = sealed_round->ballot_template;
  if (sealed_round->box_key.digest() != definition->box_key_digest ||
      sealed_round->box_key.context() !=
          KeyCeremonyContext(t.installation, t.meeting_id)) {
    return refuse(RoundPart::kTemplate,
                  "names a ballot-box key the meeting definition did not bind");
  }
  auto p = std::make_shared<const rules::Procedure>(std::move(procedure).value());
  const rules::Step* step = p->FindStep(t.step);
  if (!step || !step->ballot || p->id != t.procedure ||
      t.disclosure != rules::DisclosureName(step->disclosure)) {
    return refuse(RoundPart::kTemplate,
                  "names a step its procedure file does not have");
  }
  if (!VerifySig(*seal, crypto::SignatureType::kBoxSealed, r.box_sealed,
                 r.box_sealed_signature)) {
    return refuse(RoundPart::kBoxSealed,
                  "holds a box-sealed statement without the seal's signature");
  }
  auto sealed = BoxSealedStatement::Decode(r.box_sealed);
  if (!sealed.ok() || sealed->template_digest != t.Digest() ||
      sealed->credential_list_digest != t.credential_list_digest ||
      sealed->definition_digest != MeetingDefinitionDigest(r.definition) ||
      sealed->board_genesis != crypto::BoardGenesis(t.Digest())) {
    return refuse(RoundPart::kBoxSealed,
                  "holds a box-sealed statement of another round");
  }
  if (sealed->issued != sealed_round->credentials.keys().size()) {
    return refuse(RoundPart::kCredentialList,
                  "issued " + Num(sealed->issued) +
                      " ballot codes but its credential list holds " +
                      Num(sealed_round->credentials.keys().size()));
  }
  if (Status s = CheckAttendance(*sealed, *definition); !s.ok())
    return refuse(RoundPart::kBoxSealed,
                  "does not account for its ballot codes: " + s.message());
  if (Status s = CheckCredentialClasses(sealed_round->credentials, *sealed,
                                        *definition);
      !s.ok())
    return refuse(RoundPart::kCredentialList, s.message());
  if (Status s = CheckClassesAllowed(*sealed, *step); !s.ok())
    return refuse(RoundPart::kBoxSealed, s.message());
  return VerifiedSealedBox{*seal,
                           std::move(definition).value(),
                           std::move(p),
                           step,
                           std::move(sealed_round).value(),
                           std::move(sealed).value()};
}

Result<VerifiedTallyRequest> VerifyTallyRequest(
    std::span<const std::uint8_t> request_bytes,
    const std::string& seal_fingerprint, unsigned workers,
    RoundPart* failed) {
  auto request = TallyRequest::Decode(request_bytes);
  if (!request.ok()) {
    if (failed) *failed = RoundPart::kRequest;
    return request.status();
  }
  return VerifyTallyRequestParts(*request, seal_fingerprint, workers, failed);
}

Result<VerifiedTallyRequest> VerifyTallyRequestParts(
    const TallyRequest& r, const std::string& seal_fingerprint,
    unsigned workers, RoundPart* failed) {
  auto refuse = [failed](RoundPart part, const std::string& what) {
    if (failed) *failed = part;
    return Refused(what);
  };
  auto box = VerifySealedBox(r, seal_fingerprint, failed);
  if (!box.ok()) return box.status();
  const BallotTemplate& t = box->round.ballot_template;
  if (!VerifySig(box->seal, crypto::SignatureType::kBoxClosed, r.box_closed,
                 r.box_closed_signature)) {
    return refuse(RoundPart::kBoxClosed,
                  "holds a box-closed statement without the seal's signature");
  }
  auto closed = BoxClosedStatement::Decode(r.box_closed);
  if (!closed.ok() || closed->template_digest != t.Digest()) {
    return refuse(RoundPart::kBoxClosed,
                  "holds a box-closed statement of another round");
  }
  auto board = VerifyBallots(box->round, r.envelopes, workers);
  if (!board.ok())
    return refuse(RoundPart::kBallots, "holds ballots that do not verify (" +
                                           board.message() + ")");
  if (board->count != closed->cast || board->head != closed->board_head) {
    return refuse(RoundPart::kBoard,
                  "holds ballots that are not the ones the box was closed "
                  "with (" + Num(board->count) + " ballots; the box was "
                  "closed with " + Num(closed->cast) + ")");
  }
  const std::uint64_t min_ballots = MinBallotsToOpen(*box->procedure);
  if (board->count < min_ballots) {
    if (failed) *failed = RoundPart::kMinimum;
    return Status::FailedPrecondition(
        "round " + Num(t.round_id) + " has " + Num(board->count) +
        " ballots; its procedure opens a box only with at least " +
        Num(min_ballots));
  }
  crypto::TallyPolicy policy;
  policy.min_ballots = min_ballots;
  auto aggregate = crypto::AggregateBallots(board->ballots, policy);
  if (!aggregate.ok()) {
    if (failed) *failed = RoundPart::kBallots;
    return aggregate.status();
  }
  VerifiedTallyRequest out{TallyRequestDigest(r.Encode()),
                           box->seal,
                           std::move(box->definition),
                           std::move(box->procedure),
                           box->step,
                           std::move(box->round),
                           std::move(box->sealed),
                           std::move(closed).value(),
                           std::move(aggregate).value(),
                           {},
                           {},
                           {}};
  out.classes = VoterClassesOf(out.sealed, out.definition);
  if (out.classes.empty()) return out;
  // Each ballot's class is its credential's; ballots keep board order.
  const crypto::CredentialList& list = out.round.credentials;
  std::vector<std::vector<crypto::VerifiedBallot>> by_class(out.classes.size());
  for (auto& ballot : board->ballots) {
    const int c = list.ClassOf(ballot.credential());
    if (c < 0 || static_cast<std::size_t>(c) >= by_class.size()) {
      if (failed) *failed = RoundPart::kBallots;
      return Refused("holds a ballot whose code has no voter class");
    }
    by_class[static_cast<std::size_t>(c)].push_back(std::move(ballot));
  }
  for (const auto& b : by_class) out.class_ballots.push_back(b.size());
  out.groups = GroupClasses(out.classes, out.class_ballots, min_ballots);
  if (out.deciding_ballots() < min_ballots) {
    if (failed) *failed = RoundPart::kMinimum;
    return Status::FailedPrecondition(
        "round " + Num(t.round_id) + " has " + Num(out.deciding_ballots()) +
        " ballots of voters who decide; its procedure opens a box only with "
        "at least " + Num(min_ballots));
  }
  for (auto& g : out.groups) {
    if (g.ballots < min_ballots) continue;  // empty, or advisory unopened
    std::vector<crypto::VerifiedBallot> ballots;
    for (std::size_t c : g.classes)
      ballots.insert(ballots.end(), by_class[c].begin(), by_class[c].end());
    auto a = crypto::AggregateBallots(ballots, policy);
    if (!a.ok()) {
      if (failed) *failed = RoundPart::kBallots;
      return a.status();
    }
    g.aggregate = std::move(a).value();
  }
  return out;
}

std::uint64_t VerifiedTallyRequest::deciding_ballots() const {
  if (classes.empty()) return aggregate.ballot_count();
  std::uint64_t n = 0;
  for (std::size_t c = 0; c < classes.size(); ++c) {
    if (classes[c].role == VoterRole::kDeciding) n += class_ballots[c];
  }
  return n;
}

std::uint64_t MinBallotsToOpen(const rules::Procedure& procedure) {
  return std::max(kMinBallotsToOpen,
                  static_cast<std::uint64_t>(procedure.min_ballots));
}

crypto::Bytes PartialFile::Encode() const {
  crypto::Encoder e;
  e.Str(kPartialTag).Fixed(request_digest).U32(trustee);
  e.U8(static_cast<std::uint8_t>(form));
  if (form == PartialForm::kClear) {
    e.Var(partial);
  } else {
    e.U32(static_cast<std::uint32_t>(boxes.size()));
    for (std::size_t i = 0; i < boxes.size(); ++i) e.Str(names[i]).Var(boxes[i]);
  }
  return e.Take();
}

Result<PartialFile> PartialFile::Decode(std::span<const std::uint8_t> bytes) {
  crypto::Decoder d(bytes);
  PartialFile f;
  std::string tag;
  std::uint8_t form = 0;
  bool ok = d.Str(tag, 64) && tag == kPartialTag && d.Fixed(f.request_digest) &&
            d.U32(f.trustee) && d.U8(form) && form <= 1;
  if (ok && form == 0) {
    f.form = PartialForm::kClear;
    ok = d.Var(f.partial, kMaxPart);
  } else if (ok) {
    f.form = PartialForm::kSealed;
    std::uint32_t n = 0;
    ok = d.U32(n) && n >= 1 && n <= kMaxRecipients;
    for (std::uint32_t i = 0; ok && i < n; ++i) {
      std::string name;
      crypto::Bytes box;
      ok = d.Str(name, 4096) && d.Var(box, kMaxPart);
      f.names.push_back(std::move(name));
      f.boxes.push_back(std::move(box));
    }
  }
  if (!ok || !d.Done()) {
    return Status::Corruption(
        "this is not a hall partial decryption file (hall-trustee decrypt "
        "writes one), or it is damaged");
  }
  return f;
}

Result<PartialFile> MakePartialFile(const VerifiedTallyRequest& request,
                                    const crypto::TrusteeShare& share,
                                    crypto::RandomSource& rng) {
  crypto::TallyPolicy policy;
  policy.min_ballots = MinBallotsToOpen(*request.procedure);
  crypto::Bytes bytes;
  if (!request.has_classes()) {
    auto partial = crypto::PartialDecrypt(request.round.box_key,
                                          request.aggregate, share, rng, policy);
    if (!partial.ok()) return partial.status();
    bytes = partial->Encode();
  } else {
    std::vector<crypto::Bytes> parts;
    for (const auto& g : request.groups) {
      if (!g.aggregate) continue;
      auto partial = crypto::PartialDecrypt(request.round.box_key,
                                            *g.aggregate, share, rng, policy);
      if (!partial.ok()) return partial.status();
      parts.push_back(partial->Encode());
    }
    crypto::Encoder e;
    e.Str(kPartialSetTag).U32(static_cast<std::uint32_t>(parts.size()));
    for (const auto& p : parts) e.Var(p);
    bytes = e.Take();
  }
  PartialFile f;
  f.request_digest = request.digest;
  f.trustee = share.trustee();
  if (!request.sealed_step()) {
    f.form = PartialForm::kClear;
    f.partial = bytes;
    return f;
  }
  f.form = PartialForm::kSealed;
  if (request.definition.recipients.empty()) {
    return Status::FailedPrecondition(
        "the step is sealed and the meeting definition names no recipient "
        "to seal the partial decryption to");
  }
  for (const auto& recipient : request.definition.recipients) {
    auto box = crypto::SealTo(recipient.public_key, bytes, rng);
    if (!box.ok()) {
      return Status::InvalidArgument("recipient " + recipient.name + ": " +
                                     box.message());
    }
    f.names.push_back(recipient.name);
    f.boxes.push_back(std::move(box).value());
  }
  return f;
}

namespace {

Status CheckHeader(const VerifiedTallyRequest& request, const PartialFile& f,
                   std::set<std::uint32_t>& seen) {
  const std::string who = "the partial decryption of trustee " + Num(f.trustee);
  if (f.request_digest != request.digest) {
    return Status::InvalidArgument(
        who + " answers another tally request (another round, or the round's "
              "bytes changed since): ask the trustee to decrypt this one");
  }
  if (f.trustee < 1 || f.trustee > request.round.box_key.n()) {
    return Status::InvalidArgument(who + " names no trustee of this box key");
  }
  if (!seen.insert(f.trustee).second) {
    return Status::InvalidArgument("trustee " + Num(f.trustee) +
                                   " is given twice");
  }
  const PartialForm expected =
      request.sealed_step() ? PartialForm::kSealed : PartialForm::kClear;
  if (f.form != expected) {
    return Status::InvalidArgument(
        who + (request.sealed_step()
                   ? " is in the clear, but the step is sealed"
                   : " is sealed, but the step is announced"));
  }
  return Status::Ok();
}

// A trustee's partial decryption (or partial set, with voter classes),
// each part checked against its aggregate.
Result<std::vector<crypto::PartialDecryption>> DecodePartials(
    const VerifiedTallyRequest& request, std::uint32_t trustee,
    std::span<const std::uint8_t> bytes) {
  std::vector<const crypto::Aggregate*> aggregates;
  std::vector<crypto::Bytes> parts;
  if (!request.has_classes()) {
    aggregates.push_back(&request.aggregate);
    parts.emplace_back(bytes.begin(), bytes.end());
  } else {
    for (const auto& g : request.groups) {
      if (g.aggregate) aggregates.push_back(&*g.aggregate);
    }
    crypto::Decoder d(bytes);
    std::string tag;
    std::uint32_t n = 0;
    if (!d.Str(tag, 64) || tag != kPartialSetTag || !d.U32(n) ||
        n != aggregates.size()) {
      return Status::Corruption("not this round's partial set");
    }
    for (std::uint32_t i = 0; i < n; ++i) {
      crypto::Bytes p;
      if (!d.Var(p, kMaxPart)) return Status::Corruption("truncated");
      parts.push_back(std::move(p));
    }
    if (!d.Done()) return Status::Corruption("trailing bytes");
  }
  std::vector<crypto::PartialDecryption> out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    auto partial = crypto::PartialDecryption::Decode(parts[i]);
    if (!partial.ok() || partial->trustee != trustee ||
        !crypto::VerifyPartial(request.round.box_key, *aggregates[i], *partial)
             .ok()) {
      return Status::Corruption("does not verify");
    }
    out.push_back(std::move(partial).value());
  }
  if (out.empty()) return Status::Corruption("empty");
  return out;
}

Status CheckEnough(const VerifiedTallyRequest& request, std::size_t distinct) {
  if (distinct >= request.round.box_key.k()) return Status::Ok();
  return Status::FailedPrecondition(
      "the box needs " + Num(request.round.box_key.k()) + " of " +
      Num(request.round.box_key.n()) + " trustees' partial decryptions; " +
      Num(distinct) + " given");
}

}  // namespace

Status CheckSealedPartialFiles(const VerifiedTallyRequest& request,
                               const std::vector<PartialFile>& files) {
  std::set<std::uint32_t> seen;
  for (const auto& f : files) {
    if (Status s = CheckHeader(request, f, seen); !s.ok()) return s;
    const auto& recipients = request.definition.recipients;
    bool same = f.names.size() == recipients.size();
    for (std::size_t i = 0; same && i < recipients.size(); ++i)
      same = f.names[i] == recipients[i].name;
    if (!same) {
      return Status::InvalidArgument(
          "the partial decryption of trustee " + Num(f.trustee) +
          " is not sealed to the meeting's recipients");
    }
  }
  return CheckEnough(request, seen.size());
}

Result<CombinedTally> CombinePartialFiles(const VerifiedTallyRequest& request,
                                          const std::vector<PartialFile>& files,
                                          const crypto::BoxKey* recipient) {
  std::set<std::uint32_t> seen;
  std::set<std::uint32_t> used;
  std::size_t unopened = 0;
  CombinedTally out;
  std::vector<std::vector<crypto::PartialDecryption>> per_trustee;
  for (const auto& f : files) {
    if (Status s = CheckHeader(request, f, seen); !s.ok()) return s;
    crypto::Bytes bytes = f.partial;
    const std::string who = "the partial decryption of trustee " + Num(f.trustee);
    if (f.form == PartialForm::kSealed) {
      if (!recipient) {
        return Status::PermissionDenied(
            "the step is sealed: its partial decryptions open only with a "
            "recipient's key");
      }
      bool opened = false;
      for (const auto& box : f.boxes) {
        auto plain = crypto::OpenSealed(*recipient, box);
        if (!plain.ok()) continue;
        bytes = std::move(plain).value();
        opened = true;
        break;
      }
      if (!opened) {
        ++unopened;
        out.set_aside.push_back(who + ": none of its boxes opens with this "
                                      "recipient key");
        continue;
      }
    }
    auto set = DecodePartials(request, f.trustee, bytes);
    if (!set.ok()) {
      const std::string why =
          who + " does not verify against this round's aggregate: it is not "
                "that trustee's answer";
      if (f.form == PartialForm::kSealed) {
        out.set_aside.push_back(why);
        continue;
      }
      return Status::Corruption(why);
    }
    used.insert(f.trustee);
    out.partials.push_back(set->front());
    out.partial_bytes.push_back(bytes);
    per_trustee.push_back(std::move(set).value());
  }
  if (used.empty() && unopened > 0 && unopened == files.size()) {
    return Status::NotFound(
        "this recipient key opens none of the boxes of the trustees' partial "
        "decryptions (it is not one of the meeting's recipients)");
  }
  if (used.size() < request.round.box_key.k() && !out.set_aside.empty()) {
    std::string why = "only " + Num(used.size()) + " of the partial "
                      "decryptions given can be used, and the box needs " +
                      Num(request.round.box_key.k());
    for (const auto& s : out.set_aside) why += "; " + s;
    return Status::FailedPrecondition(why);
  }
  if (Status s = CheckEnough(request, used.size()); !s.ok()) return s;
  crypto::TallyPolicy policy;
  policy.min_ballots = MinBallotsToOpen(*request.procedure);
  if (!request.has_classes()) {
    auto counts = crypto::Combine(request.round.box_key, request.aggregate,
                                  out.partials, policy);
    if (!counts.ok()) return counts.status();
    out.counts = std::move(counts).value();
    return out;
  }
  std::size_t at = 0;  // index among the groups with an aggregate
  for (const auto& g : request.groups) {
    if (!g.aggregate) {
      out.group_counts.emplace_back();
      continue;
    }
    std::vector<crypto::PartialDecryption> partials;
    for (const auto& set : per_trustee) partials.push_back(set[at]);
    ++at;
    auto counts =
        crypto::Combine(request.round.box_key, *g.aggregate, partials, policy);
    if (!counts.ok()) return counts.status();
    if (g.role == VoterRole::kDeciding) {
      if (out.counts.empty()) out.counts.assign(counts->size(), 0);
      for (std::size_t i = 0; i < counts->size(); ++i)
        out.counts[i] += (*counts)[i];
    }
    out.group_counts.push_back(std::move(counts).value());
  }
  return out;
}

Result<std::uint32_t> PartialTrustee(std::span<const std::uint8_t> bytes) {
  if (auto pd = crypto::PartialDecryption::Decode(bytes); pd.ok())
    return pd->trustee;
  crypto::Decoder d(bytes);
  std::string tag;
  std::uint32_t n = 0;
  crypto::Bytes first;
  if (d.Str(tag, 64) && tag == kPartialSetTag && d.U32(n) && n >= 1 &&
      d.Var(first, kMaxPart)) {
    if (auto pd = crypto::PartialDecryption::Decode(first); pd.ok())
      return pd->trustee;
  }
  return Status::Corruption("this is not a partial decryption");
}

crypto::Bytes EncodeSealedTally(const std::vector<PartialFile>& files) {
  crypto::Encoder e;
  e.Str(kSealedTallyTag).U32(static_cast<std::uint32_t>(files.size()));
  for (const auto& f : files) e.Var(f.Encode());
  return e.Take();
}

Result<std::vector<PartialFile>> DecodeSealedTally(
    std::span<const std::uint8_t> bytes) {
  crypto::Decoder d(bytes);
  std::string tag;
  std::uint32_t n = 0;
  if (!d.Str(tag, 64) || tag != kSealedTallyTag || !d.U32(n) ||
      n > kMaxPartialFiles) {
    return Status::Corruption("this is not a hall sealed tally, or it is damaged");
  }
  std::vector<PartialFile> files;
  for (std::uint32_t i = 0; i < n; ++i) {
    crypto::Bytes one;
    if (!d.Var(one, kMaxPart)) break;
    auto f = PartialFile::Decode(one);
    if (!f.ok()) return f.status();
    files.push_back(std::move(f).value());
  }
  if (!d.Done()) {
    return Status::Corruption("the sealed tally is damaged or truncated");
  }
  return files;
}

std::string SealedTallyDigest(std::span<const std::uint8_t> sealed_tally) {
  crypto::Encoder e;
  e.Str("hall/v1/sealed-tally-digest").Var(sealed_tally);
  return crypto::ToHex(crypto::Blake2b256(e.bytes()));
}

}  // namespace hall::shared
