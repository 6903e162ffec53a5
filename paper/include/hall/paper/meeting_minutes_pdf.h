// The minutes of a whole meeting (biên bản hội nghị / 会议记录): the meeting,
// its attendance, then every step of its procedure in order: the records of
// the steps without a ballot (their text, dates and the digests of the
// documents attached), each announced round as its signed minutes say it,
// each sealed round by its digest only (its recipients hold its minutes),
// each cancelled round with its reason; signature boxes at the end. The
// same entries give the same bytes (the PDF's date is the caller's).
#ifndef HALL_PAPER_MEETING_MINUTES_PDF_H_
#define HALL_PAPER_MEETING_MINUTES_PDF_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/shared/language.h"

namespace hall::paper {

struct MeetingEntry {
  enum class Kind {
    kStepRecord,  // a record of a step without a ballot
    kMinutes,     // an announced round: its signed minutes
    kSealed,      // a sealed round: no count on the hall server
    kCancelled,   // a round cancelled, never counted
    kUnfinished,  // a round not yet counted
  };
  Kind kind = Kind::kMinutes;
  std::string step;        // "2"
  std::string step_title;  // in the document's language
  std::uint64_t round = 0;
  std::string minutes;     // kMinutes: the "hall-minutes/1" text
  std::string digest;      // kMinutes, kSealed: the digest the record lists
  std::string text;        // kStepRecord: the text; kCancelled: the reason;
                           // kUnfinished: the state
  std::vector<std::pair<std::string, std::string>> dates;  // kStepRecord
  std::vector<std::string> documents;  // kStepRecord: "name · size · digest"
  std::string at;          // kStepRecord: recorded at
};

struct MeetingMinutes {
  std::optional<rules::Language> language;  // nullopt: vi, zh for P7
  bool chinese_procedure = false;
  std::string meeting_title;
  std::string meeting_date;  // "YYYY-MM-DD"; "" not set
  std::string procedure;     // "P1 — ..."
  bool rehearsal = false;
  std::uint64_t convened = 0;
  std::uint64_t present = 0;
  int signers = 3;
  std::string printed_at;  // the PDF's dates
  std::vector<MeetingEntry> entries;  // in the procedure's order
};

Result<std::string> MeetingMinutesPdf(const MeetingMinutes& meeting);

}  // namespace hall::paper

#endif  // HALL_PAPER_MEETING_MINUTES_PDF_H_
