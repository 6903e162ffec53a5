#include "hall/shared/seal_work.h"

#include <algorithm>

#include "hall/crypto/bulletin_board.h"
#include "hall/crypto/digest.h"
#include "hall/crypto/encoding.h"
#include "hall/crypto/fingerprint.h"
#include "hall/crypto/trustee.h"
#include "hall/shared/committee_records.h"
#include "hall/shared/procedure_loader.h"

namespace hall::shared {
namespace {

constexpr std::string_view kRequestTag = "hall/v1/seal-request";
constexpr std::string_view kAnswerTag = "hall/v1/seal-answer";
constexpr std::size_t kMaxPart = 64u << 20;
constexpr std::uint32_t kMaxPresent = 1000000;
constexpr std::uint32_t kMaxStatements = 16;

std::string Num(std::uint64_t n) { return std::to_string(n); }

Status Damaged(const std::string& what) {
  return Status::Corruption(
      "this is not a " + what +
      " hall-admin or hall-console writes (or it is damaged); write it again");
}

Status NotThis(const std::string& what) {
  return Status::PermissionDenied("the seal request " + what +
                                  ": do not sign it; tell the committee");
}

std::array<std::uint8_t, 64> SigBytes(const crypto::Signature& s) {
  std::array<std::uint8_t, 64> out{};
  std::copy(s.bytes().begin(), s.bytes().end(), out.begin());
  return out;
}

bool SignedBySeal(const crypto::VerifyKey& seal, const SignedStatement& s) {
  auto sig = crypto::Signature::FromBytes(s.signature);
  return sig.ok() &&
         crypto::Verify(seal, s.type, s.statement, *sig).ok();
}

// True when `signature` (64 bytes; anything else never verifies) is the
// seal's signature of `statement` for `type`.
bool SignedBySeal(const crypto::VerifyKey& seal, crypto::SignatureType type,
                  const crypto::Bytes& statement,
                  const crypto::Bytes& signature) {
  if (signature.size() != 64) return false;
  SignedStatement s{type, statement, {}};
  std::copy(signature.begin(), signature.end(), s.signature.begin());
  return SignedBySeal(seal, s);
}

bool KnownType(std::uint8_t t) {
  using T = crypto::SignatureType;
  return t == static_cast<std::uint8_t>(T::kMeetingDefinition) ||
         t == static_cast<std::uint8_t>(T::kBallotTemplate) ||
         t == static_cast<std::uint8_t>(T::kCredentialList) ||
         t == static_cast<std::uint8_t>(T::kBoxSealed) ||
         t == static_cast<std::uint8_t>(T::kBoxClosed) ||
         t == static_cast<std::uint8_t>(T::kMinutes) ||
         t == static_cast<std::uint8_t>(T::kRoundCancelled) ||
         t == static_cast<std::uint8_t>(T::kStepRecord);
}

// The request's template and statement as the console completes them.
BallotTemplate CompletedTemplate(const SealRequest& r,
                                 const Digest32& list_digest) {
  BallotTemplate t = r.ballot_template;
  t.credential_list_digest = list_digest;
  return t;
}

BoxSealedStatement CompletedStatement(const SealRequest& r,
                                      const Digest32& template_digest,
                                      const Digest32& list_digest,
                                      const std::string& sealed_at) {
  BoxSealedStatement s = r.box_sealed;
  s.template_digest = template_digest;
  s.credential_list_digest = list_digest;
  s.board_genesis = crypto::BoardGenesis(template_digest);
  s.sealed_at = sealed_at;
  return s;
}

}  // namespace

crypto::Bytes SealRequest::Encode() const {
  crypto::Encoder e;
  e.Str(kRequestTag).U8(static_cast<std::uint8_t>(action)).Str(installation);
  e.U64(meeting_id).U64(round_id).Fixed(seal_public_key);
  if (action == SealAction::kCloseRound) {
    e.Var(signed_template.template_bytes).Fixed(signed_template.signature);
    e.Var(box_sealed_bytes).Fixed(box_sealed_signature).Var(box_closed);
    return e.Take();
  }
  if (action == SealAction::kSignStatement) {
    e.U8(static_cast<std::uint8_t>(statement_type)).Var(statement);
    return e.Take();
  }
  if (action == SealAction::kSignMinutes) {
    e.Var(tally_request).U32(static_cast<std::uint32_t>(partial_files.size()));
    for (const auto& f : partial_files) e.Var(f.Encode());
    e.Str(opened_at).Var(previous_minutes).Var(previous_minutes_signature);
    e.Var(previous_template).Var(previous_template_signature);
    return e.Take();
  }
  e.Var(definition).Var(definition_signature).Str(procedure_file);
  e.Var(ballot_template.Encode()).Var(box_sealed.Encode());
  e.U32(static_cast<std::uint32_t>(present.size()));
  for (const auto& p : present) e.Str(p.person_id).Str(p.name);
  return e.Take();
}

Result<SealRequest> SealRequest::Decode(std::span<const std::uint8_t> bytes) {
  crypto::Decoder d(bytes);
  SealRequest r;
  std::string tag;
  std::uint8_t action = 0;
  crypto::Bytes t, s;
  std::uint32_t n = 0;
  if (!d.Str(tag, 64) || tag != kRequestTag || !d.U8(action) ||
      action < static_cast<std::uint8_t>(SealAction::kSealRound) ||
      action > static_cast<std::uint8_t>(SealAction::kSignStatement) ||
      !d.Str(r.installation, 256) || !d.U64(r.meeting_id) ||
      !d.U64(r.round_id) || !d.Fixed(r.seal_public_key)) {
    return Damaged("seal request");
  }
  r.action = static_cast<SealAction>(action);
  if (r.action == SealAction::kCloseRound) {
    if (!d.Var(r.signed_template.template_bytes, kMaxPart) ||
        !d.Fixed(r.signed_template.signature) ||
        !d.Var(r.box_sealed_bytes, kMaxPart) ||
        !d.Fixed(r.box_sealed_signature) || !d.Var(r.box_closed, kMaxPart) ||
        !d.Done()) {
      return Damaged("seal request");
    }
    return r;
  }
  if (r.action == SealAction::kSignStatement) {
    std::uint8_t type = 0;
    if (!d.U8(type) || !d.Var(r.statement, kMaxPart) || !d.Done() ||
        (type != static_cast<std::uint8_t>(crypto::SignatureType::kRoundCancelled) &&
         type != static_cast<std::uint8_t>(crypto::SignatureType::kStepRecord))) {
      return Damaged("seal request");
    }
    r.statement_type = static_cast<crypto::SignatureType>(type);
    return r;
  }
  if (r.action == SealAction::kSignMinutes) {
    std::uint32_t files = 0;
    if (!d.Var(r.tally_request, 1u << 30) || !d.U32(files) || files > 1000)
      return Damaged("seal request");
    for (std::uint32_t i = 0; i < files; ++i) {
      crypto::Bytes f;
      if (!d.Var(f, kMaxPart)) return Damaged("seal request");
      auto file = PartialFile::Decode(f);
      if (!file.ok()) return Damaged("seal request");
      r.partial_files.push_back(std::move(file).value());
    }
    if (!d.Str(r.opened_at, 64) || !d.Var(r.previous_minutes, kMaxPart) ||
        !d.Var(r.previous_minutes_signature, 64) ||
        !d.Var(r.previous_template, kMaxPart) ||
        !d.Var(r.previous_template_signature, 64) || !d.Done() ||
        (!r.previous_minutes_signature.empty() &&
         r.previous_minutes_signature.size() != 64) ||
        (!r.previous_template_signature.empty() &&
         r.previous_template_signature.size() != 64)) {
      return Damaged("seal request");
    }
    return r;
  }
  if (!d.Var(r.definition, kMaxPart) || !d.Var(r.definition_signature, 64) ||
      !d.Str(r.procedure_file, kMaxPart) || !d.Var(t, kMaxPart) ||
      !d.Var(s, kMaxPart) || !d.U32(n) || n > kMaxPresent) {
    return Damaged("seal request");
  }
  for (std::uint32_t i = 0; i < n; ++i) {  // grows only with real entries
    PresentPerson p;
    if (!d.Str(p.person_id, 256) || !d.Str(p.name, 1024))
      return Damaged("seal request");
    r.present.push_back(std::move(p));
  }
  if (!d.Done()) return Damaged("seal request");
  if (!r.definition_signature.empty() && r.definition_signature.size() != 64)
    return Damaged("seal request");
  auto bt = BallotTemplate::Decode(t);
  auto bs = BoxSealedStatement::Decode(s);
  if (!bt.ok() || !bs.ok()) return Damaged("seal request");
  r.ballot_template = std::move(bt).value();
  r.box_sealed = std::move(bs).value();
  return r;
}

Digest32 SealRequestDigest(std::span<const std::uint8_t> request) {
  crypto::Encoder e;
  e.Str("hall/v1/seal-request-digest").Var(request);
  return crypto::Blake2b256(e.bytes());
}

crypto::Bytes SealAnswer::Encode() const {
  crypto::Encoder e;
  e.Str(kAnswerTag).Fixed(request_digest);
  e.U32(static_cast<std::uint32_t>(signed_statements.size()));
  for (const auto& s : signed_statements)
    e.U8(static_cast<std::uint8_t>(s.type)).Var(s.statement).Fixed(s.signature);
  return e.Take();
}

Result<SealAnswer> SealAnswer::Decode(std::span<const std::uint8_t> bytes) {
  crypto::Decoder d(bytes);
  SealAnswer a;
  std::string tag;
  std::uint32_t n = 0;
  if (!d.Str(tag, 64) || tag != kAnswerTag || !d.Fixed(a.request_digest) ||
      !d.U32(n) || n > kMaxStatements) {
    return Damaged("seal answer");
  }
  for (std::uint32_t i = 0; i < n; ++i) {
    SignedStatement s;
    std::uint8_t type = 0;
    if (!d.U8(type) || !KnownType(type) || !d.Var(s.statement, kMaxPart) ||
        !d.Fixed(s.signature)) {
      return Damaged("seal answer");
    }
    s.type = static_cast<crypto::SignatureType>(type);
    if (a.Find(s.type)) return Damaged("seal answer");  // one of each
    a.signed_statements.push_back(std::move(s));
  }
  if (!d.Done()) return Damaged("seal answer");
  return a;
}

const SignedStatement* SealAnswer::Find(crypto::SignatureType type) const {
  for (const auto& s : signed_statements)
    if (s.type == type) return &s;
  return nullptr;
}

namespace {

Status CheckCloseRequest(const SealRequest& r, const crypto::VerifyKey& seal) {
  SignedStatement t{crypto::SignatureType::kBallotTemplate,
                    r.signed_template.template_bytes,
                    r.signed_template.signature};
  SignedStatement b{crypto::SignatureType::kBoxSealed, r.box_sealed_bytes,
                    r.box_sealed_signature};
  if (!SignedBySeal(seal, t) || !SignedBySeal(seal, b)) {
    return Status::PermissionDenied(
        "the close request names a box this seal did not seal: the hall "
        "server's database was altered; do not sign it; tell the committee");
  }
  auto tmpl = BallotTemplate::Decode(r.signed_template.template_bytes);
  auto sealed = BoxSealedStatement::Decode(r.box_sealed_bytes);
  auto closed = BoxClosedStatement::Decode(r.box_closed);
  if (!tmpl.ok() || !sealed.ok() || !closed.ok())
    return NotThis("is damaged");
  if (tmpl->installation != r.installation || tmpl->meeting_id != r.meeting_id ||
      tmpl->round_id != r.round_id ||
      sealed->template_digest != tmpl->Digest() ||
      closed->template_digest != tmpl->Digest()) {
    return NotThis("closes another round's box");
  }
  if (closed->cast > sealed->issued) {
    return NotThis("counts " + Num(closed->cast) + " ballots cast of " +
                   Num(sealed->issued) + " codes issued");
  }
  if (closed->cast == 0 && closed->board_head != sealed->board_genesis)
    return NotThis("closes an empty box with a head that is not its genesis");
  if (closed->closed_at.empty() || closed->closed_at.size() > 64 ||
      closed->closed_at < sealed->sealed_at)
    return NotThis("has no closing time after the box was sealed");
  return Status::Ok();
}

// A committee statement names the installation, meeting and round (0 for a
// step record) of its request.
Status CheckStatementRequest(const SealRequest& r) {
  if (r.statement_type == crypto::SignatureType::kRoundCancelled) {
    auto c = RoundCancelledStatement::Decode(r.statement);
    if (!c.ok()) return NotThis("holds a damaged cancellation");
    if (c->installation != r.installation || c->meeting_id != r.meeting_id ||
        c->round_id != r.round_id)
      return NotThis("cancels another round than it names");
    if (c->reason.empty()) return NotThis("cancels a round without a reason");
    return Status::Ok();
  }
  auto rec = StepRecordStatement::Decode(r.statement);
  if (!rec.ok()) return NotThis("holds a damaged step record");
  if (rec->installation != r.installation || rec->meeting_id != r.meeting_id ||
      r.round_id != 0)
    return NotThis("records a step of another meeting than it names");
  if (rec->text.empty() && rec->documents.empty() && rec->dates.empty())
    return NotThis("records nothing");
  return Status::Ok();
}

}  // namespace

Status CheckSealRequest(const SealRequest& r, const crypto::VerifyKey& seal) {
  if (!std::equal(r.seal_public_key.begin(), r.seal_public_key.end(),
                  seal.bytes().begin())) {
    return Status::PermissionDenied(
        "the seal request is for another seal than this console's: it was "
        "written by another installation's server");
  }
  if (r.action == SealAction::kCloseRound) return CheckCloseRequest(r, seal);
  if (r.action == SealAction::kSignMinutes) return Status::Ok();
  if (r.action == SealAction::kSignStatement) return CheckStatementRequest(r);
  auto def = MeetingDefinition::Decode(r.definition);
  if (!def.ok()) return NotThis("holds no readable meeting definition");
  if (!r.definition_signature.empty()) {
    if (!SignedBySeal(seal, crypto::SignatureType::kMeetingDefinition,
                      r.definition, r.definition_signature)) {
      return Status::PermissionDenied(
          "the seal request's meeting definition is not the one this seal "
          "signed at an earlier round: the hall server's database was "
          "altered; do not sign it; tell the committee");
    }
  }
  if (def->installation != r.installation || def->meeting_id != r.meeting_id)
    return NotThis("holds the definition of another meeting");
  if (ProcedureFileDigest(r.procedure_file) != def->procedure_digest)
    return NotThis("holds a procedure file its definition does not bind");
  const BallotTemplate& t = r.ballot_template;
  if (t.installation != r.installation || t.meeting_id != r.meeting_id ||
      t.round_id != r.round_id || t.procedure != def->procedure ||
      t.meeting_title != def->title) {
    return NotThis("holds the ballot of another round");
  }
  if (r.box_sealed.definition_digest != MeetingDefinitionDigest(r.definition))
    return NotThis("holds a box statement of another meeting definition");
  // The ballots are encrypted to the key the template names: only the
  // trustees' key the definition binds.
  auto box_key = crypto::BallotBoxKey::Decode(t.box_key);
  if (!box_key.ok() || box_key->digest() != def->box_key_digest ||
      box_key->context() !=
          KeyCeremonyContext(r.installation, r.meeting_id)) {
    return NotThis("encrypts the ballots to another key than the trustees' "
                   "ballot-box key of this meeting");
  }
  // The ballot is the step's, as the procedure file says it.
  auto procedure = rules::ParseProcedure(r.procedure_file, "the procedure");
  if (!procedure.ok()) return NotThis("holds an unreadable procedure file");
  if (procedure->season && def->date.empty()) {
    return NotThis("seals a round of " + procedure->code +
                   ", which checks the date of its sitting, under a meeting "
                   "definition without one");
  }
  const rules::Step* step = procedure->FindStep(t.step);
  if (!step || !step->ballot || procedure->id != t.procedure ||
      t.disclosure != rules::DisclosureName(step->disclosure) ||
      t.kind != *step->ballot ||
      t.max_agree != (step->max_agree ? std::optional<std::uint32_t>(
                                            static_cast<std::uint32_t>(
                                                *step->max_agree))
                                      : std::nullopt) ||
      t.step_titles != TitlesOf(step->title)) {
    return NotThis("holds a ballot that is not step " + t.step + " of " +
                   procedure->code + " as its procedure file defines it");
  }
  if (step->rule) {
    const auto& params = step->rule->params;
    if (r.box_sealed.slots < 1) {
      return NotThis("asks for " + Num(r.box_sealed.slots) +
                     " posts, which the step does not allow");
    }
    if (params.max_persons_per_sitting > 0 &&
        t.persons.size() >
            static_cast<std::size_t>(params.max_persons_per_sitting)) {
      return NotThis("puts " + Num(t.persons.size()) +
                     " persons to one sitting, more than the step's " +
                     Num(params.max_persons_per_sitting));
    }
    if (params.check_divergence && r.box_sealed.compared_round == 0)
      return NotThis("drops the comparison its step makes with an earlier round");
  }
  if (Status s = CheckAttendance(r.box_sealed, *def); !s.ok())
    return NotThis("does not account for its ballot codes: " + s.message());
  if (Status s = CheckClassesAllowed(r.box_sealed, *step); !s.ok())
    return NotThis("gives its voters classes its step does not have: " +
                   s.message());
  std::vector<std::string> everyone = r.box_sealed.present;
  everyone.insert(everyone.end(), r.box_sealed.advisory_present.begin(),
                  r.box_sealed.advisory_present.end());
  if (r.present.size() != everyone.size())
    return NotThis("names other people present than its statement");
  for (std::size_t i = 0; i < r.present.size(); ++i) {
    if (r.present[i].person_id != everyone[i])
      return NotThis("names other people present than its statement");
    auto it = std::find_if(def->roll.begin(), def->roll.end(),
                           [&](const RollEntry& e) {
                             return e.person_id == r.present[i].person_id;
                           });
    if (it == def->roll.end() || it->name != r.present[i].name)
      return NotThis("names someone present by another name than the roll");
  }
  return Status::Ok();
}

Result<SealAnswer> SignCloseWork(const SealRequest& r,
                                 const crypto::SigningKey& seal) {
  if (r.action != SealAction::kCloseRound)
    return Status::InvalidArgument("the seal request does not close a round");
  if (Status s = CheckSealRequest(r, seal.verify_key()); !s.ok()) return s;
  SealAnswer a;
  a.request_digest = SealRequestDigest(r.Encode());
  SignedStatement s;
  s.type = crypto::SignatureType::kBoxClosed;
  s.statement = r.box_closed;
  s.signature = SigBytes(crypto::Sign(seal, s.type, s.statement));
  a.signed_statements.push_back(std::move(s));
  return a;
}

Result<SealAnswer> SignStatementWork(const SealRequest& r,
                                     const crypto::SigningKey& seal) {
  if (r.action != SealAction::kSignStatement)
    return Status::InvalidArgument("the seal request signs no statement");
  if (Status s = CheckSealRequest(r, seal.verify_key()); !s.ok()) return s;
  SealAnswer a;
  a.request_digest = SealRequestDigest(r.Encode());
  SignedStatement s;
  s.type = r.statement_type;
  s.statement = r.statement;
  s.signature = SigBytes(crypto::Sign(seal, s.type, s.statement));
  a.signed_statements.push_back(std::move(s));
  return a;
}

Result<std::array<std::uint8_t, 64>> CheckStatementAnswer(
    const SealRequest& r, const SealAnswer& a) {
  if (a.request_digest != SealRequestDigest(r.Encode())) {
    return Status::InvalidArgument(
        "the seal answer answers another request than this one; sign this "
        "request at the committee console");
  }
  auto seal = crypto::VerifyKey::FromBytes(r.seal_public_key);
  if (!seal.ok()) return seal.status();
  const SignedStatement* s = a.Find(r.statement_type);
  if (!s || a.signed_statements.size() != 1 || s->statement != r.statement)
    return Status::InvalidArgument(
        "the seal answer is not the answer to this request");
  if (!SignedBySeal(*seal, *s)) {
    return Status::PermissionDenied(
        "the seal answer's statement does not carry this installation's "
        "seal; it was not made by the committee's console");
  }
  return s->signature;
}

Result<std::array<std::uint8_t, 64>> CheckCloseAnswer(const SealRequest& r,
                                                      const SealAnswer& a) {
  if (a.request_digest != SealRequestDigest(r.Encode())) {
    return Status::InvalidArgument(
        "the seal answer answers another request than this round's close "
        "request; sign this round's close request at the committee console");
  }
  auto seal = crypto::VerifyKey::FromBytes(r.seal_public_key);
  if (!seal.ok()) return seal.status();
  const SignedStatement* s = a.Find(crypto::SignatureType::kBoxClosed);
  if (!s || a.signed_statements.size() != 1 || s->statement != r.box_closed)
    return Status::InvalidArgument(
        "the seal answer is not the answer to closing this round");
  if (!SignedBySeal(*seal, *s)) {
    return Status::PermissionDenied(
        "the seal answer's box-closed statement does not carry this "
        "installation's seal; it was not made by the committee's console");
  }
  return s->signature;
}

Result<OpenedRound> MinutesOfRequest(const SealRequest& r,
                                     const crypto::VerifyKey& seal,
                                     const std::string& counted_at,
                                     const std::string& nonce) {
  if (r.action != SealAction::kSignMinutes)
    return Status::InvalidArgument("the seal request signs no minutes");
  auto request = VerifyTallyRequest(r.tally_request, crypto::Fingerprint(seal));
  if (!request.ok()) return request.status();
  const auto address = request->address();
  if (address.installation != r.installation ||
      address.meeting_id != r.meeting_id || address.round_id != r.round_id) {
    return NotThis("holds another round's tally request");
  }
  if (request->sealed_step()) {
    return NotThis("asks the seal to sign a sealed step's minutes (they go "
                   "only to its recipients)");
  }
  std::optional<std::vector<std::string>> previous;
  const std::uint64_t compared = request->sealed.compared_round;
  if (compared != 0) {
    // Whether the compared round is sealed is read from its signed
    // template, never assumed: an announced one's minutes must be here.
    auto earlier = BallotTemplate::Decode(r.previous_template);
    if (!SignedBySeal(seal, crypto::SignatureType::kBallotTemplate,
                      r.previous_template, r.previous_template_signature) ||
        !earlier.ok() ||
        earlier->round_id != compared || earlier->meeting_id != r.meeting_id ||
        earlier->installation != r.installation) {
      return NotThis("does not hold the sealed ballot of round " +
                     Num(compared) + ", which this step is compared with");
    }
    if (earlier->disclosure != "sealed" && r.previous_minutes.empty()) {
      return NotThis("leaves out the minutes of announced round " +
                     Num(compared) + ", which this step is compared with");
    }
  } else if (!r.previous_minutes.empty()) {
    return NotThis("holds minutes of a round this step is not compared with");
  }
  if (!r.previous_minutes.empty()) {
    if (!SignedBySeal(seal, crypto::SignatureType::kMinutes,
                      r.previous_minutes, r.previous_minutes_signature))
      return NotThis("holds compared minutes this seal did not sign");
    auto selection = SelectionInMinutes(
        std::string_view(reinterpret_cast<const char*>(r.previous_minutes.data()),
                         r.previous_minutes.size()),
        request->sealed.compared_round);
    if (!selection.ok()) return NotThis(selection.message());
    previous = std::move(selection).value();
  }
  MinutesContext context;
  context.counted_at = counted_at;
  context.nonce = nonce;
  context.opened_at = r.opened_at;
  context.opened_by = "committee console";
  const auto& names = request->definition.trustees;
  for (std::size_t i = 0; i < names.size(); ++i)
    context.trustee_names[static_cast<std::uint32_t>(i + 1)] = names[i];
  return OpenRound(*request, r.partial_files, nullptr, previous, context);
}

Result<SignedMinutes> SignMinutesWork(const SealRequest& r,
                                      const crypto::SigningKey& seal,
                                      const std::string& counted_at,
                                      crypto::RandomSource& rng) {
  if (Status s = CheckSealRequest(r, seal.verify_key()); !s.ok()) return s;
  std::array<std::uint8_t, 32> nonce{};
  rng.Fill(nonce);
  auto opened = MinutesOfRequest(r, seal.verify_key(), counted_at,
                                 crypto::ToHex(nonce));
  if (!opened.ok()) return opened.status();
  SignedMinutes out;
  out.answer.request_digest = SealRequestDigest(r.Encode());
  SignedStatement s;
  s.type = crypto::SignatureType::kMinutes;
  s.statement.assign(opened->minutes.begin(), opened->minutes.end());
  s.signature = SigBytes(crypto::Sign(seal, s.type, s.statement));
  out.answer.signed_statements.push_back(std::move(s));
  out.opened = std::move(opened).value();
  return out;
}

Result<AcceptedMinutes> CheckMinutesAnswer(const SealRequest& r,
                                           const SealAnswer& a) {
  if (a.request_digest != SealRequestDigest(r.Encode())) {
    return Status::InvalidArgument(
        "the seal answer answers another request than this round's minutes "
        "request (other partial files, or the round changed)");
  }
  auto seal = crypto::VerifyKey::FromBytes(r.seal_public_key);
  if (!seal.ok()) return seal.status();
  const SignedStatement* s = a.Find(crypto::SignatureType::kMinutes);
  if (!s || a.signed_statements.size() != 1)
    return Status::InvalidArgument("the seal answer signs no minutes");
  if (!SignedBySeal(*seal, *s)) {
    return Status::PermissionDenied(
        "the seal answer's minutes do not carry this installation's seal; "
        "they were not made by the committee's console");
  }
  const std::string text(s->statement.begin(), s->statement.end());
  auto fields = MinutesTimeAndNonce(text);
  if (!fields.ok()) return fields.status();
  auto opened =
      MinutesOfRequest(r, *seal, fields->first, fields->second);
  if (!opened.ok()) return opened.status();
  if (opened->minutes != text) {
    return Status::InvalidArgument(
        "the seal answer's minutes are not the ones this round's tally "
        "gives; do not store them");
  }
  AcceptedMinutes out;
  out.opened = std::move(opened).value();
  out.signature = s->signature;
  return out;
}

Result<SignedSeal> SignSealWork(const SealRequest& r,
                                const crypto::SigningKey& seal,
                                const std::string& sealed_at,
                                crypto::RandomSource& rng) {
  if (r.action != SealAction::kSealRound)
    return Status::InvalidArgument("the seal request does not seal a round");
  if (Status s = CheckSealRequest(r, seal.verify_key()); !s.ok()) return s;
  SignedSeal out;
  out.answer.request_digest = SealRequestDigest(r.Encode());
  auto add = [&](crypto::SignatureType type, crypto::Bytes statement) {
    SignedStatement s;
    s.type = type;
    s.signature = SigBytes(crypto::Sign(seal, type, statement));
    s.statement = std::move(statement);
    out.answer.signed_statements.push_back(std::move(s));
  };
  if (r.definition_signature.empty())
    add(crypto::SignatureType::kMeetingDefinition, r.definition);
  std::vector<crypto::VerifyKey> keys;
  const auto context =
      CredentialListContext(r.installation, r.meeting_id, r.round_id);
  auto def = MeetingDefinition::Decode(r.definition);
  if (!def.ok()) return def.status();
  const auto classes = VoterClassesOf(r.box_sealed, *def);
  std::vector<std::uint8_t> class_of;
  if (classes.empty()) {
    for (std::size_t i = 0; i < r.box_sealed.issued; ++i) class_of.push_back(0);
  } else {
    for (std::size_t c = 0; c < classes.size(); ++c) {
      for (std::uint64_t i = 0; i < classes[c].issued; ++i)
        class_of.push_back(static_cast<std::uint8_t>(c));
    }
  }
  for (std::uint8_t c : class_of) {
    out.codes.push_back(crypto::CredentialCode::Generate(rng));
    keys.push_back(out.codes.back().DeriveKey().verify_key());
    if (!classes.empty()) out.code_classes.push_back(classes[c].name);
  }
  std::vector<std::string> names;
  for (const auto& c : classes) names.push_back(c.name);
  auto list = classes.empty()
                  ? crypto::CredentialList::Create(context, std::move(keys))
                  : crypto::CredentialList::CreateWithClasses(
                        context, std::move(keys), std::move(names), class_of);
  if (!list.ok()) return list.status();
  const BallotTemplate t = CompletedTemplate(r, list->digest());
  const BoxSealedStatement statement =
      CompletedStatement(r, t.Digest(), list->digest(), sealed_at);
  add(crypto::SignatureType::kCredentialList, list->Encode());
  add(crypto::SignatureType::kBallotTemplate, t.Encode());
  add(crypto::SignatureType::kBoxSealed, statement.Encode());
  return out;
}

Result<AcceptedSeal> CheckSealAnswer(const SealRequest& r,
                                     const SealAnswer& a) {
  if (r.action != SealAction::kSealRound)
    return Status::InvalidArgument("the seal request does not seal a round");
  auto refuse = [](const std::string& what) {
    return Status::InvalidArgument(
        "the seal answer " + what +
        "; sign this round's seal request at the committee console again");
  };
  if (a.request_digest != SealRequestDigest(r.Encode())) {
    return refuse(
        "answers another seal request (another round, or the round changed "
        "since its request was written: people checked in, persons "
        "changed)");
  }
  auto seal = crypto::VerifyKey::FromBytes(r.seal_public_key);
  if (!seal.ok()) return seal.status();
  for (const auto& s : a.signed_statements) {
    if (!SignedBySeal(*seal, s))
      return Status::PermissionDenied(
          "the seal answer holds a statement without this installation's "
          "seal signature; it was not made by the committee's console");
  }
  AcceptedSeal out;
  const SignedStatement* def = a.Find(crypto::SignatureType::kMeetingDefinition);
  if (r.definition_signature.empty()) {
    if (!def || def->statement != r.definition)
      return refuse("does not sign the meeting definition");
    out.definition = *def;
  } else if (def) {
    return refuse("signs the meeting definition again");
  }
  const SignedStatement* list_s = a.Find(crypto::SignatureType::kCredentialList);
  const SignedStatement* tmpl = a.Find(crypto::SignatureType::kBallotTemplate);
  const SignedStatement* box = a.Find(crypto::SignatureType::kBoxSealed);
  if (!list_s || !tmpl || !box || a.Find(crypto::SignatureType::kBoxClosed) ||
      a.Find(crypto::SignatureType::kMinutes)) {
    return refuse("is not the answer to sealing a round");
  }
  auto list = crypto::CredentialList::Decode(list_s->statement);
  if (!list.ok() ||
      list->context() !=
          CredentialListContext(r.installation, r.meeting_id, r.round_id) ||
      list->size() != r.box_sealed.issued) {
    return refuse("holds a credential list that is not one key per person "
                  "present in this round (" +
                  Num(r.box_sealed.issued) + ")");
  }
  {
    auto def = MeetingDefinition::Decode(r.definition);
    if (!def.ok() ||
        !CheckCredentialClasses(*list, r.box_sealed, *def).ok()) {
      return refuse("holds a credential list whose voter classes are not "
                    "the round's");
    }
  }
  const BallotTemplate t = CompletedTemplate(r, list->digest());
  if (tmpl->statement != t.Encode())
    return refuse("holds another ballot than the one the server asked for");
  auto statement = BoxSealedStatement::Decode(box->statement);
  if (!statement.ok() || statement->sealed_at.empty() ||
      statement->sealed_at.size() > 64 ||
      box->statement != CompletedStatement(r, t.Digest(), list->digest(),
                                           statement->sealed_at)
                            .Encode()) {
    return refuse("holds another box statement than the one the server "
                  "asked for");
  }
  out.credential_list = list_s->statement;
  out.credential_list_signature = list_s->signature;
  out.signed_template.template_bytes = tmpl->statement;
  out.signed_template.signature = tmpl->signature;
  out.box_sealed = box->statement;
  out.box_sealed_signature = box->signature;
  out.box_sealed_statement = std::move(statement).value();
  return out;
}

}  // namespace hall::shared
