#include "hall/shared/committee_records.h"

#include <algorithm>
#include <ctime>

#include "hall/crypto/digest.h"
#include "hall/crypto/encoding.h"
#include "hall/shared/round.h"

namespace hall::shared {
namespace {

constexpr std::string_view kCancelledTag = "hall/v1/round-cancelled";
constexpr std::string_view kRecordTag = "hall/v1/step-record";

Status Damaged(const char* what) {
  return Status::Corruption(std::string("the ") + what +
                            " is damaged (not what hall writes); export the "
                            "record again from the installation");
}

// Days since 1970-01-01 of a parsed date (proleptic Gregorian).
std::int64_t DayNumber(const rules::Date& d) {
  const int y = d.year - (d.month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int m = d.month;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

}  // namespace

crypto::Bytes RoundCancelledStatement::Encode() const {
  return crypto::Encoder()
      .Str(kCancelledTag)
      .Str(installation)
      .U64(meeting_id)
      .U64(round_id)
      .Str(step)
      .Fixed(template_digest)
      .Str(state)
      .U64(cast)
      .Fixed(board_head)
      .Str(reason)
      .Str(cancelled_at)
      .Take();
}

Result<RoundCancelledStatement> RoundCancelledStatement::Decode(
    std::span<const std::uint8_t> bytes) {
  crypto::Decoder d(bytes);
  RoundCancelledStatement s;
  std::string tag;
  if (!d.Str(tag, 64) || tag != kCancelledTag || !d.Str(s.installation, 256) ||
      !d.U64(s.meeting_id) || !d.U64(s.round_id) || !d.Str(s.step, 64) ||
      !d.Fixed(s.template_digest) || !d.Str(s.state, 32) || !d.U64(s.cast) ||
      !d.Fixed(s.board_head) || !d.Str(s.reason, kMaxReasonBytes) ||
      !d.Str(s.cancelled_at, 64) || !d.Done()) {
    return Damaged("round-cancelled statement");
  }
  return s;
}

crypto::Bytes StepRecordStatement::Encode() const {
  crypto::Encoder e;
  e.Str(kRecordTag).Str(installation).U64(meeting_id).Str(procedure).Str(step);
  e.U32(index).Str(text).U32(static_cast<std::uint32_t>(dates.size()));
  for (const auto& d : dates) e.Str(d.name).Str(d.date);
  e.U32(static_cast<std::uint32_t>(documents.size()));
  for (const auto& doc : documents) e.Str(doc.name).U64(doc.size).Fixed(doc.digest);
  e.Str(recorded_at);
  return e.Take();
}

Result<StepRecordStatement> StepRecordStatement::Decode(
    std::span<const std::uint8_t> bytes) {
  crypto::Decoder d(bytes);
  StepRecordStatement s;
  std::string tag;
  std::uint32_t n = 0;
  if (!d.Str(tag, 64) || tag != kRecordTag || !d.Str(s.installation, 256) ||
      !d.U64(s.meeting_id) || !d.Str(s.procedure, 256) || !d.Str(s.step, 64) ||
      !d.U32(s.index) || !d.Str(s.text, kMaxRecordTextBytes) || !d.U32(n) ||
      n > kMaxRecordDates) {
    return Damaged("step record");
  }
  s.dates.resize(n);
  for (auto& date : s.dates) {
    if (!d.Str(date.name, 64) || !d.Str(date.date, 16))
      return Damaged("step record");
  }
  if (!d.U32(n) || n > kMaxRecordDocuments) return Damaged("step record");
  s.documents.resize(n);
  for (auto& doc : s.documents) {
    if (!d.Str(doc.name, 256) || !d.U64(doc.size) || !d.Fixed(doc.digest))
      return Damaged("step record");
  }
  if (!d.Str(s.recorded_at, 64) || !d.Done()) return Damaged("step record");
  return s;
}

Digest32 DocumentDigest(std::span<const std::uint8_t> bytes) {
  return crypto::Blake2b256(
      crypto::Encoder().Str("hall/v1/step-document").Var(bytes).Take());
}

std::vector<std::string> RecordDateNames(rules::RecordDates wanted) {
  switch (wanted) {
    case rules::RecordDates::kNone:
      return {};
    case rules::RecordDates::kPublicityTalkTrial:
      return {"publicity_start", "publicity_end", "talk", "trial_start",
              "trial_end"};
  }
  return {};
}

Status CheckStepRecordDates(rules::RecordDates wanted,
                            const std::vector<RecordDate>& dates) {
  const std::vector<std::string> names = RecordDateNames(wanted);
  auto list = [&] {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out.empty() ? std::string("none") : out;
  };
  std::vector<std::int64_t> days(names.size(), -1);
  for (const auto& d : dates) {
    auto it = std::find(names.begin(), names.end(), d.name);
    if (it == names.end()) {
      return Status::InvalidArgument("the date \"" + d.name +
                                     "\" is not one this step records "
                                     "(it records: " + list() + ")");
    }
    rules::Date parsed;
    if (!rules::ParseDate(d.date, parsed)) {
      return Status::InvalidArgument(d.name + " \"" + d.date +
                                     "\" is not a date; write YYYY-MM-DD");
    }
    std::int64_t& slot = days[static_cast<std::size_t>(it - names.begin())];
    if (slot >= 0) {
      return Status::InvalidArgument(d.name + " is given twice");
    }
    slot = DayNumber(parsed);
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (days[i] < 0) {
      return Status::InvalidArgument("the step records the dates " + list() +
                                     "; " + names[i] + " is missing (--date " +
                                     names[i] + "=YYYY-MM-DD)");
    }
  }
  if (wanted == rules::RecordDates::kPublicityTalkTrial) {
    const std::int64_t pub_start = days[0], pub_end = days[1], talk = days[2],
                       trial_start = days[3], trial_end = days[4];
    // "Not less than 7 days" counts both the first and the last day.
    if (pub_end - pub_start + 1 < 7) {
      return Status::InvalidArgument(
          "the publicity lasts " + std::to_string(pub_end - pub_start + 1) +
          " days (publicity_start to publicity_end, both counted); it must "
          "last at least 7");
    }
    if (talk <= pub_end) {
      return Status::InvalidArgument(
          "the pre-appointment talk must come after the publicity ends");
    }
    if (trial_start < talk) {
      return Status::InvalidArgument(
          "the trial period starts before the pre-appointment talk");
    }
    rules::Date start;
    for (const auto& d : dates) {
      if (d.name == "trial_start") rules::ParseDate(d.date, start);
    }
    rules::Date end = start;
    end.year += 1;
    if (end.month == 2 && end.day == 29) end.day = 28;
    if (trial_end != DayNumber(end)) {
      return Status::InvalidArgument(
          "the trial period lasts one year: trial_end must be the same day "
          "a year after trial_start");
    }
  }
  return Status::Ok();
}

}  // namespace hall::shared
