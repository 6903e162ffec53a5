// What an auditor or a delegate asks of a record besides verifying it:
//
//   TrackCode      is this tracking code on a round's board; its inclusion
//                  proof checked against the head the seal signed when the
//                  box closed (or the record's head while it is open)
//   RecordExtends  a record taken later extends one taken earlier: the
//                  same seal and meeting definition, and every earlier
//                  round's signed files, ballots, box statements, minutes
//                  and partials, and every step record, unchanged
//   SealedMinutes  a recipient opens a sealed round's minutes from the
//                  record alone (shared::OpenAsRecipient)
#ifndef HALL_AUDIT_RECORD_TOOLS_H_
#define HALL_AUDIT_RECORD_TOOLS_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/sealed_box.h"
#include "hall/shared/minutes_document.h"

namespace hall::audit {

struct TrackedCode {
  std::uint64_t round = 0;
  std::string step;
  std::uint64_t index = 0;   // position on the board, from 0
  std::uint64_t entries = 0;
  bool head_signed = false;  // checked against the box-closed statement
  std::string head;          // hex
};
// kNotFound when no board holds the code; kInvalidArgument for a code that
// is not one; kCorruption when the record's board or head does not hold.
// The record's seal must have `seal_fingerprint`.
Result<TrackedCode> TrackCode(const std::filesystem::path& record_dir,
                              const std::string& code,
                              const std::string& seal_fingerprint);

// Every way `later` fails to extend `earlier` (empty: it extends it).
Result<std::vector<std::string>> RecordExtends(
    const std::filesystem::path& earlier, const std::filesystem::path& later);

Result<shared::OpenedRound> SealedMinutes(
    const std::filesystem::path& record_dir, std::uint64_t round,
    const std::string& seal_fingerprint, const crypto::BoxKey& key,
    const std::string& recipient_name);

}  // namespace hall::audit

#endif  // HALL_AUDIT_RECORD_TOOLS_H_
