// The verifier's state while it walks a record: the report it fills and
// what the meeting-level checks established, which the round and step
// checks read. Internal to hall_audit.
#ifndef HALL_AUDIT_SRC_AUDITOR_H_
#define HALL_AUDIT_SRC_AUDITOR_H_

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "hall/audit/record_verifier.h"
#include "hall/crypto/seal.h"
#include "hall/crypto/signing_key.h"
#include "hall/crypto/trustee.h"
#include "hall/shared/procedure.h"
#include "hall/shared/statements.h"
#include "hall/shared/tally_request.h"
#include "record_files.h"

namespace hall::audit {

// The seal's (or any key's) signature of `type` over `message`.
bool SignedBy(const crypto::VerifyKey& key, crypto::SignatureType type,
              const crypto::Bytes& message, const crypto::Bytes& signature);

class Auditor {
 public:
  Auditor(const RecordFiles& files, const VerifyOptions& options)
      : files_(files), options_(options) {}
  AuditReport Run();

 private:
  // A check being made: added as not checked, settled by one of these.
  struct Open {
    Auditor* auditor;
    std::size_t at;
    Check& get() const { return auditor->report_.checks[at]; }
    bool Ok(std::string covered) const;
    bool Fail(std::string problem) const;
    bool NotApplicable(std::string why) const;
    bool NotChecked(std::string why) const;
  };
  Open Begin(CheckKind kind, const std::string& subject);
  // Runs `checks`; a JSON type or range error they meet fails the checks
  // they left open (or one new check of `kind`), instead of stopping.
  void Guarded(CheckKind kind, const std::string& subject,
               const std::function<void()>& checks);

  // The meeting (record_verifier.cc).
  bool CheckSealKey();
  void CheckFiles();
  bool CheckDefinition();
  void CheckKeyCeremony();
  // A round (round_checks.cc); `r` is its member of record.json.
  void CheckRound(const nlohmann::json& r);
  // A counted round's partials, counts, outcome and minutes
  // (tally_checks.cc).
  void CheckAnnounced(std::uint64_t id, const nlohmann::json& r,
                      const shared::VerifiedTallyRequest& request,
                      const Open& partials, const Open& counts,
                      const Open& outcome, const Open& minutes);
  void CheckSealedTally(std::uint64_t id, const nlohmann::json& r,
                        const shared::VerifiedTallyRequest& request,
                        const Open& partials, const Open& counts,
                        const Open& outcome, const Open& minutes);
  void CheckSpoiled(std::uint64_t id, const nlohmann::json& r,
                    const shared::VerifiedSealedBox& box);
  // `deciding`: the ballots of the board that count for the rule (all but
  // B ballots).
  void CheckCancellation(std::uint64_t id, const nlohmann::json& r,
                         const shared::VerifiedSealedBox* box,
                         std::uint64_t cast, std::uint64_t deciding);
  // The selection of the round `compared` when its signed minutes are in
  // the record (an announced round); nullopt for a sealed one.
  std::optional<std::vector<std::string>> ComparedSelection(
      std::uint64_t compared) const;
  // Check 18 of a round (state_checks.cc); `seen` collects the ids so far.
  void CheckRoundState(const nlohmann::json& r, std::set<std::uint64_t>& seen);
  // The steps' records (step_checks.cc).
  void CheckStepRecords();

  // The round's signed files as one tally request (without the box-closed
  // statement when it has none): what VerifyTallyRequestParts reads.
  std::optional<crypto::Bytes> ReadRoundFile(std::uint64_t round,
                                             std::string_view name) const;

  const RecordFiles& files_;
  const VerifyOptions& options_;
  AuditReport report_;

  // What the meeting checks established (set only when they held).
  std::optional<crypto::VerifyKey> seal_;
  crypto::Bytes definition_bytes_;
  shared::Signature64 definition_signature_{};
  std::string procedure_text_;
  std::optional<shared::MeetingDefinition> definition_;
  std::shared_ptr<const rules::Procedure> procedure_;
  std::optional<crypto::BallotBoxKey> box_key_;
  // Announced rounds' signed minutes, for the rounds compared with them.
  std::map<std::uint64_t, std::string> announced_minutes_;
};

}  // namespace hall::audit

#endif  // HALL_AUDIT_SRC_AUDITOR_H_
