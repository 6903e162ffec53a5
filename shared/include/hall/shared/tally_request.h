// Opening a closed round's box away from the hall server: the server hands
// out the round's public bytes (a tally request), each trustee re-verifies
// them on its own device and answers with its partial decryption (a partial
// file), and whoever may read the result combines k of them.
//
//   tally request  = Str("hall/v1/tally-request") Fixed(seal public key, 32)
//                    Var(meeting definition) Fixed(its seal signature, 64)
//                    Var(procedure file) Var(SignedTemplate::Encode)
//                    Var(credential list) Fixed(signature, 64)
//                    Var(box sealed) Fixed(signature, 64)
//                    Var(box closed) Fixed(signature, 64)
//                    U32(n) {Var(envelope)}        (board order)
//   request digest = BLAKE2b-256(Str("hall/v1/tally-request-digest")
//                                Var(tally request))
//   partial file   = Str("hall/v1/partial-file") Fixed(request digest)
//                    U32(trustee) U8(form)
//                    form 0 (announced step): Var(PartialDecryption)
//                    form 1 (sealed step): U32(r) {Str(recipient name)
//                      Var(sealed box of the PartialDecryption bytes)}
//                      one box per recipient of the signed definition, in
//                      its order
//
// VerifyTallyRequest checks, from the request's bytes alone and against the
// seal key the caller trusts (its fingerprint was read aloud at init): the
// definition's seal signature, the procedure file's digest against the
// definition, the template and credential list (round_verifier.h), that the
// box-sealed statement binds this template, list and definition, the
// box-closed statement's signature, every ballot, and that the board
// rebuilt over them has the closed statement's count and head. Only then is
// the aggregate made, and never over fewer ballots than the procedure's
// min_ballots (never fewer than kMinBallotsToOpen). A
// trustee decrypts only an aggregate it computed itself this way, so the
// hall server cannot get one ballot, or a board it shortened, decrypted.
//
// A sealed step's partials leave the trustee only inside boxes for the
// recipients the seal signed: the hall server stores and relays them and
// can read none. Every partial file of a round has one size whatever the
// counts (its points and proofs are fixed-size).
//
// Messages name the check that failed; none says anything about a ballot's
// contents. Decoders take exactly what the encoders write (kCorruption).
#ifndef HALL_SHARED_TALLY_REQUEST_H_
#define HALL_SHARED_TALLY_REQUEST_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/decrypt.h"
#include "hall/crypto/random.h"
#include "hall/crypto/sealed_box.h"
#include "hall/crypto/signing_key.h"
#include "hall/crypto/tally.h"
#include "hall/crypto/trustee.h"
#include "hall/shared/ballot_template.h"
#include "hall/shared/procedure.h"
#include "hall/shared/round_verifier.h"
#include "hall/shared/statements.h"

namespace hall::shared {

// No box is opened with fewer ballots than this: below it, the counts would
// come too close to single votes. A procedure may ask for more
// (rules::Procedure::min_ballots); a round closed with fewer than its
// procedure's minimum is cancelled unopened.
inline constexpr std::uint64_t kMinBallotsToOpen = rules::kMinBallotsFloor;
// The procedure's minimum, never below kMinBallotsToOpen.
std::uint64_t MinBallotsToOpen(const rules::Procedure& procedure);

using Signature64 = std::array<std::uint8_t, 64>;

struct TallyRequest {
  std::array<std::uint8_t, 32> seal_public_key{};
  crypto::Bytes definition;
  Signature64 definition_signature{};
  std::string procedure_file;
  SignedTemplate signed_template;
  crypto::Bytes credential_list;
  Signature64 credential_list_signature{};
  crypto::Bytes box_sealed;
  Signature64 box_sealed_signature{};
  crypto::Bytes box_closed;
  Signature64 box_closed_signature{};
  std::vector<crypto::Bytes> envelopes;

  crypto::Bytes Encode() const;
  static Result<TallyRequest> Decode(std::span<const std::uint8_t> bytes);
};

Digest32 TallyRequestDigest(std::span<const std::uint8_t> request_bytes);

// A round with voter classes (statements.h VoterClassesOf) is opened one
// tally group at a time, each its own aggregate, so that the minutes carry
// the counts per class and the rule is applied to the deciding ballots only:
//  - a deciding class with at least the box's minimum of ballots is a group;
//  - deciding classes with fewer (never decrypted alone: their counts would
//    be a person's vote) are tallied together; when those together are
//    still fewer than the minimum, they join the smallest group above;
//    classes with no ballot at all have a group with no aggregate (zero);
//  - the advisory class (B) is a group when it has the minimum, and is
//    otherwise not opened (its ballots are counted, never decrypted);
//  - fewer deciding ballots than the minimum: the box is not opened.
// The grouping depends only on how many ballots each class cast, which is
// public (the class of every credential is in the signed list).
// A partial decryption of such a round covers every group that has an
// aggregate, in order:
//   partial set = Str("hall/v1/partial-set") U32(g) {Var(PartialDecryption)}
// and stands where a round without classes has one PartialDecryption.
struct TallyGroup {
  std::vector<std::size_t> classes;  // indices into the round's classes
  VoterRole role = VoterRole::kDeciding;
  std::uint64_t ballots = 0;
  std::optional<crypto::Aggregate> aggregate;  // none: not opened / empty
};

struct VerifiedTallyRequest {
  Digest32 digest{};  // TallyRequestDigest of the bytes verified
  crypto::VerifyKey seal;
  MeetingDefinition definition;
  std::shared_ptr<const rules::Procedure> procedure;
  const rules::Step* step = nullptr;  // in *procedure
  VerifiedSealedRound round;          // template, credentials, box key
  BoxSealedStatement sealed;
  BoxClosedStatement closed;
  crypto::Aggregate aggregate;  // over every ballot
  // Without voter classes: all three empty, and `aggregate` is decrypted.
  std::vector<VoterClass> classes;
  std::vector<std::uint64_t> class_ballots;  // ballots cast per class
  std::vector<TallyGroup> groups;

  bool has_classes() const { return !classes.empty(); }
  // The ballots the rule counts: every ballot, or the deciding classes'.
  std::uint64_t deciding_ballots() const;

  bool sealed_step() const {
    return step->disclosure == rules::Disclosure::kSealed;
  }
  RoundAddress address() const {
    const auto& t = round.ballot_template;
    return {t.installation, t.meeting_id, t.round_id};
  }
};

// The part of a round's bytes a verification refused, so that the
// auditor's verifier (hall-audit) can name the check that failed.
enum class RoundPart : std::uint8_t {
  kRequest,         // the request does not decode
  kSeal,            // signed by another seal than the one trusted
  kDefinition,      // the meeting definition or its signature
  kProcedure,       // the procedure file the definition binds
  kTemplate,        // the ballot template, its signature or what it names
  kCredentialList,  // the credential list, its signature or its digest
  kBoxSealed,       // the box-sealed statement and the attendance it signs
  kBoxClosed,       // the box-closed statement or its signature
  kBallots,         // an envelope, a proof, a repeated credential
  kBoard,           // the board's count or head against the box-closed one
  kMinimum,         // fewer ballots than the procedure opens a box with
};

// What was fixed when the box was sealed, verified: the first half of
// VerifyTallyRequest, for a round whose box is not closed (open, or
// cancelled) as much as for one whose is.
struct VerifiedSealedBox {
  crypto::VerifyKey seal;
  MeetingDefinition definition;
  std::shared_ptr<const rules::Procedure> procedure;
  const rules::Step* step = nullptr;  // in *procedure
  VerifiedSealedRound round;
  BoxSealedStatement sealed;
};
// Reads `r`'s members up to the box-sealed statement and its signature
// (not the box-closed statement, not the envelopes). On a refusal,
// `*failed` (when given) names the part.
Result<VerifiedSealedBox> VerifySealedBox(const TallyRequest& r,
                                          const std::string& seal_fingerprint,
                                          RoundPart* failed = nullptr);

// `seal_fingerprint`: the fingerprint the caller trusts (any spelling
// crypto::FingerprintMatches takes). `workers` threads verify the ballots.
// On a refusal, `*failed` (when given) names the part.
Result<VerifiedTallyRequest> VerifyTallyRequest(
    std::span<const std::uint8_t> request_bytes,
    const std::string& seal_fingerprint, unsigned workers = 1,
    RoundPart* failed = nullptr);
// The same over a request already decoded (the auditor's verifier puts one
// together from a record's separate files); its digest is that of
// r.Encode().
Result<VerifiedTallyRequest> VerifyTallyRequestParts(
    const TallyRequest& r, const std::string& seal_fingerprint,
    unsigned workers = 1, RoundPart* failed = nullptr);

enum class PartialForm : std::uint8_t { kClear = 0, kSealed = 1 };

struct PartialFile {
  Digest32 request_digest{};
  std::uint32_t trustee = 0;
  PartialForm form = PartialForm::kClear;
  crypto::Bytes partial;           // kClear: PartialDecryption bytes
  std::vector<std::string> names;  // kSealed: the recipients, in order
  std::vector<crypto::Bytes> boxes;  // kSealed: one per recipient

  crypto::Bytes Encode() const;
  static Result<PartialFile> Decode(std::span<const std::uint8_t> bytes);
};

// The trustee's answer: its partial decryption of the verified aggregate,
// in the clear for an announced step, boxed to every recipient for a
// sealed one.
Result<PartialFile> MakePartialFile(const VerifiedTallyRequest& request,
                                    const crypto::TrusteeShare& share,
                                    crypto::RandomSource& rng);

// Checks partial files against the verified request and combines them:
// each must name this request, come from a distinct trustee and verify
// against the aggregate (a bad one is named). Clear partials need no key;
// sealed ones are opened with `recipient` (kPermissionDenied without one).
// Fewer than k distinct trustees: kFailedPrecondition.
// A sealed step's files are relayed by a server that cannot look inside
// them, so one bad file must not block a round: a sealed partial whose box
// does not open or whose decryption does not verify is set aside (and
// named), and the round opens when k good ones remain. A clear partial
// that does not verify is refused: the committee gives the good ones again.
struct CombinedTally {
  std::vector<std::uint64_t> counts;  // per person, per option (deciding)
  // With voter classes: per group of the request, its counts (empty for a
  // group that has no aggregate).
  std::vector<std::vector<std::uint64_t>> group_counts;
  // The ones combined (with classes: each trustee's first group's)...
  std::vector<crypto::PartialDecryption> partials;
  // ...and each one's bytes as the trustee gave them (a PartialDecryption,
  // or a partial set), which an announced round stores for auditors.
  std::vector<crypto::Bytes> partial_bytes;
  std::vector<std::string> set_aside;  // why each file was not used
};
Result<CombinedTally> CombinePartialFiles(
    const VerifiedTallyRequest& request,
    const std::vector<PartialFile>& files,
    const crypto::BoxKey* recipient = nullptr);

// For a sealed step, what the hall server can check without any key: each
// file names this request, its trustee is one of the box key's and distinct,
// it holds one box per recipient of the definition under their names, and
// there are at least k. The counts are not touched.
Status CheckSealedPartialFiles(const VerifiedTallyRequest& request,
                               const std::vector<PartialFile>& files);

// The sealed tally a sealed round stores and exports: the partial files.
//   sealed tally = Str("hall/v1/sealed-tally") U32(n) {Var(partial file)}
// The trustee a partial decryption's bytes (or partial set's) name.
Result<std::uint32_t> PartialTrustee(std::span<const std::uint8_t> bytes);

crypto::Bytes EncodeSealedTally(const std::vector<PartialFile>& files);
Result<std::vector<PartialFile>> DecodeSealedTally(
    std::span<const std::uint8_t> bytes);
// What the hall display shows for a sealed round (hex): BLAKE2b-256 of
// Str("hall/v1/sealed-tally-digest") Var(sealed tally).
std::string SealedTallyDigest(std::span<const std::uint8_t> sealed_tally);

}  // namespace hall::shared

#endif  // HALL_SHARED_TALLY_REQUEST_H_
