// The election record's file names (docs/record.md, "Layout"): written by
// hall-admin record export, read by hall-audit. One table, so the two
// cannot drift.
#ifndef HALL_SHARED_RECORD_FORMAT_H_
#define HALL_SHARED_RECORD_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace hall::shared::record {

inline constexpr std::string_view kFormat = "hall-election-record/1";
inline constexpr std::string_view kIndex = "record.json";
inline constexpr std::string_view kSealPublicKey = "seal-public-key.bin";

// The meeting's files.
inline constexpr std::string_view kMeetingDefinition = "meeting/definition.bin";
inline constexpr std::string_view kMeetingDefinitionSig =
    "meeting/definition.sig";
inline constexpr std::string_view kBoxKey = "meeting/box-key.bin";
inline constexpr std::string_view kProcedure = "meeting/procedure.json";
// The key ceremony's transcript: the dealers' commitments the box key was
// derived from (crypto/ceremony.h, EncodeCeremonyTranscript).
inline constexpr std::string_view kCeremony = "meeting/ceremony.bin";

// A round's files, inside RoundFile(round, name).
inline constexpr std::string_view kTemplate = "template.bin";
inline constexpr std::string_view kTemplateSig = "template.sig";
inline constexpr std::string_view kCredentialList = "credential-list.bin";
inline constexpr std::string_view kCredentialListSig = "credential-list.sig";
inline constexpr std::string_view kBoxSealed = "box-sealed.bin";
inline constexpr std::string_view kBoxSealedSig = "box-sealed.sig";
inline constexpr std::string_view kBoxClosed = "box-closed.bin";
inline constexpr std::string_view kBoxClosedSig = "box-closed.sig";
inline constexpr std::string_view kBoard = "board.json";
inline constexpr std::string_view kMinutes = "minutes.json";
inline constexpr std::string_view kMinutesSig = "minutes.sig";
inline constexpr std::string_view kPartials = "partials.bin";
inline constexpr std::string_view kTallyRequest = "tally-request.bin";
inline constexpr std::string_view kSealedTally = "sealed-tally.bin";
inline constexpr std::string_view kSpoiled = "spoiled.bin";
// A round the committee cancelled: the round-cancelled statement and the
// seal's signature (shared/committee_records.h).
inline constexpr std::string_view kCancellation = "cancellation.bin";
inline constexpr std::string_view kCancellationSig = "cancellation.sig";

// "rounds/<round id>/<name>".
inline std::string RoundFile(std::uint64_t round_id, std::string_view name) {
  return "rounds/" + std::to_string(round_id) + "/" + std::string(name);
}

// A step's records: "steps/<step>/<index>/record.bin", "record.sig" and
// "document-<position from 1>" (the attached files, byte for byte).
inline std::string StepRecordFile(std::string_view step, std::uint32_t index,
                                  std::string_view name) {
  return "steps/" + std::string(step) + "/" + std::to_string(index) + "/" +
         std::string(name);
}
inline constexpr std::string_view kStepRecord = "record.bin";
inline constexpr std::string_view kStepRecordSig = "record.sig";

}  // namespace hall::shared::record

#endif  // HALL_SHARED_RECORD_FORMAT_H_
