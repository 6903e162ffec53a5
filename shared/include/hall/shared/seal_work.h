// Seal work: what the hall server asks the committee console to sign, and
// the console's answer. The seal key lives only on the console (the
// committee's own laptop, hall-console); the hall server writes a request
// file, the committee carries it to the console, the console checks it and
// shows what it would sign, signs, and writes an answer file that the hall
// server checks against the round and stores. The server never holds the
// seal key nor, for a sealed box, a ballot code: the console makes the
// codes, prints the slips and answers with the credentials' public keys.
//
// Sealing a round (kSealRound) carries the meeting definition (with its
// signature once the seal signed it at an earlier round), the procedure
// file it binds, the ballot template without its credential list digest,
// the box-sealed statement without its template, list and genesis digests
// and its time, and the names of those present (for the console's screen
// and the slips). The console checks the definition against the procedure
// file and (when already signed) its own seal, the template against the
// definition, and the attendance against the roll (CheckAttendance); then
// makes one code per person present and completes and signs the list, the
// template and the statement (SignSealWork).
//
// Encodings (crypto/encoding.h):
//   request = Str("hall/v1/seal-request") U8(action) Str(installation)
//             U64(meeting) U64(round) Fixed(seal public key, 32)
//     kSealRound: Var(definition) Var(definition signature, 0 or 64 bytes)
//                 Var(procedure file) Var(template) Var(box-sealed)
//                 U32(n) {Str(person id) Str(name)}
//     kCloseRound: Var(signed template) Fixed(its signature, 64)
//                 Var(box-sealed) Fixed(its signature, 64) Var(box-closed)
//     kSignStatement: U8(signature type: round-cancelled or step-record)
//                 Var(the statement)
//     kSignMinutes: Var(tally request) U32(n) {Var(partial file)}
//                 Str(box opened at) Var(compared round's minutes)
//                 Var(their signature, 0 or 64 bytes)
//                 Var(compared round's template) Var(its signature, 0|64)
//
// Signing an announced round's minutes (kSignMinutes): the console verifies
// the tally request against its own seal, combines the partial files,
// applies the procedure's rule and writes the minutes itself (its own time
// and nonce), shows them and signs them; the hall server rebuilds the same
// minutes from its request with that time and nonce and stores them only
// if they are byte for byte the ones signed.
//
// Closing a round (kCloseRound) carries the box the seal sealed (template
// and box-sealed statement, with the seal's signatures, which the console
// checks) and the box-closed statement: the count cast of issued and the
// board head the console shows, to compare with the hall display, before
// signing it. The hall server keeps the round closed to ballots meanwhile;
// its tally request exists only once the statement is signed.
//   request digest = BLAKE2b-256(Str("hall/v1/seal-request-digest")
//                                Var(request))
//   answer  = Str("hall/v1/seal-answer") Fixed(request digest)
//             U32(n) {U8(signature type) Var(statement) Fixed(signature, 64)}
// Decoders take exactly what the encoders write (kCorruption otherwise).
#ifndef HALL_SHARED_SEAL_WORK_H_
#define HALL_SHARED_SEAL_WORK_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/credential.h"
#include "hall/crypto/random.h"
#include "hall/crypto/seal.h"
#include "hall/crypto/signing_key.h"
#include "hall/shared/ballot_template.h"
#include "hall/shared/minutes_document.h"
#include "hall/shared/statements.h"
#include "hall/shared/tally_request.h"

namespace hall::shared {

enum class SealAction : std::uint8_t {
  kSealRound = 1,
  kCloseRound = 2,
  kSignMinutes = 3,
  // One committee statement: a round cancelled, a step recorded
  // (shared/committee_records.h).
  kSignStatement = 4,
};

struct PresentPerson {
  std::string person_id;
  std::string name;
};

struct SealRequest {
  SealAction action = SealAction::kSealRound;
  std::string installation;
  std::uint64_t meeting_id = 0;
  std::uint64_t round_id = 0;
  std::array<std::uint8_t, 32> seal_public_key{};
  // kSealRound.
  crypto::Bytes definition;
  crypto::Bytes definition_signature;  // empty: the console signs it now
  std::string procedure_file;
  BallotTemplate ballot_template;   // credential_list_digest zero
  BoxSealedStatement box_sealed;    // digests zero, sealed_at empty
  std::vector<PresentPerson> present;  // box_sealed.present, then its advisory_present
  // kCloseRound: the box the seal sealed, and the statement closing it.
  SignedTemplate signed_template;
  crypto::Bytes box_sealed_bytes;
  std::array<std::uint8_t, 64> box_sealed_signature{};
  crypto::Bytes box_closed;
  // kSignMinutes: an announced round's tally request and the trustees'
  // partial files, when the box was opened, and the compared round's
  // seal-signed minutes when the step compares with an announced one.
  crypto::Bytes tally_request;
  std::vector<PartialFile> partial_files;
  std::string opened_at;
  crypto::Bytes previous_minutes;
  crypto::Bytes previous_minutes_signature;  // empty or 64 bytes
  // The compared round's seal-signed template: whether it is sealed (no
  // minutes to compare with here) or announced (its minutes are needed).
  crypto::Bytes previous_template;
  crypto::Bytes previous_template_signature;  // empty or 64 bytes
  // kSignStatement: what the seal signs, whole (the console shows it).
  crypto::SignatureType statement_type = crypto::SignatureType::kRoundCancelled;
  crypto::Bytes statement;

  crypto::Bytes Encode() const;
  static Result<SealRequest> Decode(std::span<const std::uint8_t> bytes);
};

Digest32 SealRequestDigest(std::span<const std::uint8_t> request);

struct SignedStatement {
  crypto::SignatureType type = crypto::SignatureType::kBoxSealed;
  crypto::Bytes statement;
  std::array<std::uint8_t, 64> signature{};
};

struct SealAnswer {
  Digest32 request_digest{};
  std::vector<SignedStatement> signed_statements;

  crypto::Bytes Encode() const;
  static Result<SealAnswer> Decode(std::span<const std::uint8_t> bytes);
  // The one statement of `type`, or null.
  const SignedStatement* Find(crypto::SignatureType type) const;
};

// What the console made for a kSealRound request: the answer for the hall
// server and the codes for the slips (never written anywhere else).
struct SignedSeal {
  SealAnswer answer;
  std::vector<crypto::CredentialCode> codes;
  // Parallel to `codes` where the round has voter classes (the name to
  // print on each slip); empty otherwise. Codes come class by class.
  std::vector<std::string> code_classes;
};

// The console's checks of a request before anything is signed (see the
// header comment); kInvalidArgument naming what is wrong, kPermissionDenied
// when the request names another seal or a definition this seal did not
// sign.
Status CheckSealRequest(const SealRequest& request,
                        const crypto::VerifyKey& seal);

// Checks the request, makes one code per person present and signs the
// definition (when unsigned), the credential list, the template and the
// box-sealed statement, timed `sealed_at`.
Result<SignedSeal> SignSealWork(const SealRequest& request,
                                const crypto::SigningKey& seal,
                                const std::string& sealed_at,
                                crypto::RandomSource& rng);

// The hall server's check of the console's answer to a kCloseRound
// request: the box-closed statement's seal signature.
Result<std::array<std::uint8_t, 64>> CheckCloseAnswer(
    const SealRequest& request, const SealAnswer& answer);
// The console's signature of a kCloseRound request (after CheckSealRequest).
Result<SealAnswer> SignCloseWork(const SealRequest& request,
                                 const crypto::SigningKey& seal);

// The console's signature of a kSignStatement request (after
// CheckSealRequest), and the hall server's check of the answer: the one
// statement of the request, signed by the seal.
Result<SealAnswer> SignStatementWork(const SealRequest& request,
                                     const crypto::SigningKey& seal);
Result<std::array<std::uint8_t, 64>> CheckStatementAnswer(
    const SealRequest& request, const SealAnswer& answer);

// The minutes of a kSignMinutes request, built from its verified tally
// request and partial files with this time and nonce; the compared round's
// minutes must carry `seal`'s signature.
Result<OpenedRound> MinutesOfRequest(const SealRequest& request,
                                     const crypto::VerifyKey& seal,
                                     const std::string& counted_at,
                                     const std::string& nonce);
// The console's minutes for a kSignMinutes request, signed (a fresh nonce).
struct SignedMinutes {
  SealAnswer answer;
  OpenedRound opened;
};
Result<SignedMinutes> SignMinutesWork(const SealRequest& request,
                                      const crypto::SigningKey& seal,
                                      const std::string& counted_at,
                                      crypto::RandomSource& rng);
// The hall server's check of the answer: the minutes are the ones it
// builds itself from its request with the answer's time and nonce, and
// carry the seal's signature. Returns them with the signature.
struct AcceptedMinutes {
  OpenedRound opened;
  std::array<std::uint8_t, 64> signature{};
};
Result<AcceptedMinutes> CheckMinutesAnswer(const SealRequest& request,
                                           const SealAnswer& answer);

// What the hall server stores once it has checked an answer against its
// own request (CheckSealAnswer): the statements with their signatures.
struct AcceptedSeal {
  std::optional<SignedStatement> definition;  // when the request had none
  crypto::Bytes credential_list;
  std::array<std::uint8_t, 64> credential_list_signature{};
  SignedTemplate signed_template;
  crypto::Bytes box_sealed;
  std::array<std::uint8_t, 64> box_sealed_signature{};
  BoxSealedStatement box_sealed_statement;
};

// The hall server's check of the console's answer to `request` (the one
// it would write now): the answer is to this request, every statement is
// the request's completed only where the console completes it, the list
// has one key per person present under this round's context, and every
// signature is the seal's. kInvalidArgument / kPermissionDenied naming it.
Result<AcceptedSeal> CheckSealAnswer(const SealRequest& request,
                                     const SealAnswer& answer);

}  // namespace hall::shared

#endif  // HALL_SHARED_SEAL_WORK_H_
