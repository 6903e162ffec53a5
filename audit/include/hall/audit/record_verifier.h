// The auditor's verifier of an election record (docs/record.md): every
// check an auditor makes, from the record's files and the seal fingerprint
// read aloud, with nothing of the hall server (no database, no network).
//
// Each check is of a kind (numbered, as docs/record.md's auditor checks are)
// and about a subject ("meeting", "round 3", "step 1"); its outcome is ok,
// FAILED, not applicable (the subject has nothing of that kind: a sealed
// round's counts without a recipient key, a draft's ballots) or not checked
// (an earlier check of the subject failed, so what this one reads cannot be
// trusted). A check is ok only when it ran and held; the record verifies
// when no check FAILED or was not checked.
//
// The round's ballots, partial decryptions and outcome are re-verified with
// the code the trustees and the committee console run
// (shared::VerifyTallyRequestParts, shared::OpenRound): an auditor's
// verdict and a trustee's cannot differ.
#ifndef HALL_AUDIT_RECORD_VERIFIER_H_
#define HALL_AUDIT_RECORD_VERIFIER_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/sealed_box.h"

namespace hall::audit {

enum class CheckKind : std::uint8_t {
  kSealKey = 1,     // the seal key is the one whose fingerprint was read
  kFiles,           // every file has its digest in record.json, none extra
  kDefinition,      // the meeting definition, its procedure and box key
  kKeyCeremony,     // the trustees' commitments give the box key
  kTemplate,        // the round's signed ballot template and what it names
  kCredentialList,  // the signed credential list against the template
  kBoxSealed,       // the box-sealed statement and its attendance
  kBallots,         // every envelope and proof, one ballot per credential
  kBoard,           // the hash chain, codes, head and count as signed
  kTallyRequest,    // what the trustees decrypted is the round's files
  kPartials,        // the trustees' partial decryptions
  kCounts,          // the combination gives the minutes' counts
  kOutcome,         // the rules engine gives the minutes' outcome
  kMinutes,         // the minutes' signature, text and digest
  kSpoiled,         // each spoiled ballot opens to the choices it claims
  kCancellation,    // a cancelled round: why, signed
  kStepRecords,     // the signed records of the steps without a ballot
  kRoundState,      // record.json's state of a round is what its files show
};
inline constexpr int kCheckKinds = 18;
std::string_view CheckKindName(CheckKind kind);

enum class Outcome : std::uint8_t { kOk, kFailed, kNotApplicable, kNotChecked };
std::string_view OutcomeName(Outcome outcome);

struct Check {
  CheckKind kind = CheckKind::kSealKey;
  std::string subject;  // "meeting", "round 3", "step 1"
  Outcome outcome = Outcome::kNotChecked;
  std::string covered;  // what was checked, or why it does not apply
  std::string problem;  // FAILED / not checked: what is wrong
};

struct AuditReport {
  std::string fingerprint;  // of the record's seal key
  std::vector<Check> checks;
  bool ok() const;
  std::size_t Count(Outcome outcome) const;
  // The check of this kind and subject, or nullptr.
  const Check* Find(CheckKind kind, std::string_view subject) const;
};

struct VerifyOptions {
  // The seal fingerprint read aloud (any spelling crypto::FingerprintMatches
  // takes).
  std::string seal_fingerprint;
  unsigned workers = 2;  // threads verifying the ballots' proofs
  // A recipient's key: sealed rounds are opened and checked like announced
  // ones (their minutes are never written by the verifier).
  const crypto::BoxKey* recipient = nullptr;
  std::string recipient_name;
};

// kNotFound / kCorruption only when `record_dir` holds no readable
// record.json; everything else wrong with the record is a FAILED check.
Result<AuditReport> VerifyRecord(const std::filesystem::path& record_dir,
                                 const VerifyOptions& options);

}  // namespace hall::audit

#endif  // HALL_AUDIT_RECORD_VERIFIER_H_
