// What the seal signs besides a round's ballot box: a round cancelled by the
// committee, and the record of a step without a ballot (P1 step 1's
// structure and criteria, P5 step 1's list, P7 step 4's publicity, talk and
// trial dates, ...). An auditor re-checks both from the exported record.
//
//   round cancelled = Str("hall/v1/round-cancelled") Str(installation)
//                     U64(meeting) U64(round) Str(step)
//                     Fixed(template digest, zero when never sealed)
//                     Str(state it was cancelled in: "draft", "sealed",
//                         "open" or "closed")
//                     U64(ballots cast, never counted) Fixed(board head,
//                     zero when never opened) Str(reason) Str(time)
//   step record     = Str("hall/v1/step-record") Str(installation)
//                     U64(meeting) Str(procedure id) Str(step) U32(index)
//                     Str(text) U32(d) {Str(date name) Str("YYYY-MM-DD")}
//                     U32(n) {Str(document name) U64(size)
//                             Fixed(BLAKE2b-256 of its bytes)}
//                     Str(time)
//
// Contract: decoders accept exactly what the encoders write and answer
// kCorruption naming the statement; CheckStepRecordDates judges the dates a
// step asks for (rules::Step::record_dates) and says what is wrong.
#ifndef HALL_SHARED_COMMITTEE_RECORDS_H_
#define HALL_SHARED_COMMITTEE_RECORDS_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/random.h"
#include "hall/shared/procedure.h"
#include "hall/shared/statements.h"

namespace hall::shared {

inline constexpr std::size_t kMaxReasonBytes = 4096;
inline constexpr std::size_t kMaxRecordTextBytes = 64 * 1024;
inline constexpr std::uint32_t kMaxRecordDates = 32;
inline constexpr std::uint32_t kMaxRecordDocuments = 64;

struct RoundCancelledStatement {
  std::string installation;
  std::uint64_t meeting_id = 0;
  std::uint64_t round_id = 0;
  std::string step;
  Digest32 template_digest{};  // zero: cancelled as a draft
  std::string state;           // the round's state when cancelled
  std::uint64_t cast = 0;      // ballots in the box, never counted
  Digest32 board_head{};       // zero: never opened
  std::string reason;
  std::string cancelled_at;

  crypto::Bytes Encode() const;
  static Result<RoundCancelledStatement> Decode(
      std::span<const std::uint8_t> bytes);
};

struct RecordDate {
  std::string name;  // e.g. "publicity_start"
  std::string date;  // "YYYY-MM-DD"
  friend bool operator==(const RecordDate&, const RecordDate&) = default;
};

struct RecordDocument {
  std::string name;  // the file's name as attached
  std::uint64_t size = 0;
  Digest32 digest{};  // DocumentDigest of its bytes
  friend bool operator==(const RecordDocument&,
                         const RecordDocument&) = default;
};

struct StepRecordStatement {
  std::string installation;
  std::uint64_t meeting_id = 0;
  std::string procedure;
  std::string step;
  std::uint32_t index = 0;  // 1, 2, ... per step: later records add to it
  std::string text;
  std::vector<RecordDate> dates;  // sorted by name
  std::vector<RecordDocument> documents;
  std::string recorded_at;

  crypto::Bytes Encode() const;
  static Result<StepRecordStatement> Decode(
      std::span<const std::uint8_t> bytes);
};

// BLAKE2b-256 of an attached document (tag "hall/v1/step-document").
Digest32 DocumentDigest(std::span<const std::uint8_t> bytes);

// The dates a step records (sorted by name, as StepRecordStatement keeps
// them) against what the step asks for: kInvalidArgument naming the date
// that is missing, extra, not a date, or out of order (P7 step 4: at least
// 7 days of publicity, the talk after it, the trial from the talk on, for
// one year).
Status CheckStepRecordDates(rules::RecordDates wanted,
                            const std::vector<RecordDate>& dates);
// The date names a kind of record asks for, in the order they happen.
std::vector<std::string> RecordDateNames(rules::RecordDates wanted);

}  // namespace hall::shared

#endif  // HALL_SHARED_COMMITTEE_RECORDS_H_
