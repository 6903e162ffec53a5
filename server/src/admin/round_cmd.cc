// hall-admin round create|list|show|seal|open|close|tally-request|tally|
// announce: a round's lifecycle. Sealed rounds never print counts or
// outcomes here: the hall server cannot read them.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "hall/crypto/encoding.h"
#include "hall/server/admin/admin.h"
#include "hall/server/admin/key_files.h"
#include "hall/server/admin/slips.h"
#include "hall/server/meeting_definition.h"
#include "hall/server/minutes.h"
#include "hall/server/round_store.h"
#include "hall/server/spoiled_store.h"
#include "hall/shared/catalog.h"
#include "hall/shared/json_input.h"
#include "hall/shared/round_json.h"
#include "hall/shared/rules_text.h"
#include "hall/shared/tally_request.h"

namespace hall::server::admin {
namespace {

struct RoundArgs {
  CommonOptions common;
  std::uint64_t meeting = 0;
  std::uint64_t round = 0;
  std::string step;
  std::vector<std::string> persons;
  std::vector<std::string> groups;
  bool tally_by_group = false;
  std::vector<std::string> advisory_groups;
  std::optional<std::uint64_t> carry_from;
  std::optional<std::uint64_t> compare_with;
  std::uint64_t slots = 1;
  std::optional<std::string> head_nominee;
  std::string recipient_key;
  std::string recipient_passphrase_file;
  std::string slips;
  std::string codes_out;
  std::string procedures_dir;  // seal: the committee's adapted procedures
  std::string request_out;     // seal: the request for the committee console
  std::string answer;          // seal: the console's answer
  std::vector<std::string> trustee_keys;
  std::vector<std::string> trustee_passphrase_files;
  std::vector<std::string> partials;
  std::string out;
  std::string reason;  // cancel
};

// A recipient's key on the hall server breaks what sealing a step means:
// only a rehearsal meeting may bring one.
void RequireRehearsalFor(Database& db, std::uint64_t meeting_id,
                         const std::string& what) {
  const MeetingInfo m = RequireMeeting(db, meeting_id);
  if (m.mode == MeetingMode::kRehearsal) return;
  Fail(StatusCode::kPermissionDenied,
       "meeting " + Num(meeting_id) + " is a real meeting: " + what +
           " never comes to the hall server (only a rehearsal meeting, "
           "hall-admin meeting create --rehearsal, may do this)");
}

// The outcome part of announced minutes, for people.
void PrintOutcome(const std::string& minutes_json) {
  const auto parsed = shared::ParseJsonInput(minutes_json, "the minutes");
  if (!parsed.ok()) Fail(StatusCode::kCorruption, parsed.message());
  const nlohmann::json& j = parsed.value();
  if (j.contains("ballots")) {
    const auto& b = j["ballots"];
    Out() << "ballots: issued " << b.value("issued", 0) << ", cast "
              << b.value("cast", 0);
    if (b.contains("blank")) Out() << ", blank " << b["blank"].dump();
    Out() << "\n";
  }
  if (j.contains("counts")) {
    Out() << "counts:\n";
    for (const auto& [name, c] : j["counts"].items())
      Out() << "  " << name << ": " << c.dump() << "\n";
  }
  const auto& o = j["outcome"];
  if (o.contains("denominator")) {
    Out() << "rule denominator: " << o["denominator"].value("name", "")
              << " = " << o["denominator"].value("value", 0) << "\n";
  }
  // The reasons from their codes (rules_text.h); minutes written before
  // reasons had codes show the text they recorded.
  const auto decoded = rules::ParseRoundResult(o.dump());
  Out() << "outcome:\n";
  for (std::size_t i = 0; i < o["outcomes"].size(); ++i) {
    const auto& x = o["outcomes"][i];
    Out() << "  " << x.value("candidate", "") << ": "
              << x.value("status", "");
    if (x.contains("votes")) Out() << " (" << x["votes"].dump() << ")";
    if (x.contains("level")) Out() << " [" << x.value("level", "") << "]";
    if (decoded.ok()) {
      Out() << " - "
                << rules::RenderReason(decoded->outcomes[i].reason,
                                       rules::Language::kEn);
    } else if (x.contains("reason")) {
      Out() << " - " << x.value("reason", "");
    }
    Out() << "\n";
  }
  if (o.contains("flags") && !o["flags"].empty())
    Out() << "flags: " << o["flags"].dump() << "\n";
}

void RunCreate(const RoundArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RequireMeeting(*inst.db, a.meeting);
  if (a.carry_from) RequireRound(*inst.db, *a.carry_from);
  if (a.compare_with) RequireRound(*inst.db, *a.compare_with);
  std::optional<RecipientKey> recipient;
  if (!a.recipient_key.empty()) {
    RequireRehearsalFor(*inst.db, a.meeting, "a recipient's key");
    recipient =
        LoadRecipientKeyOrFail(a.recipient_key, a.recipient_passphrase_file);
  }
  NewRound r;
  r.meeting_id = a.meeting;
  r.step = a.step;
  r.persons = a.persons;
  r.groups = a.groups;
  r.tally_by_group = a.tally_by_group;
  r.advisory_groups = a.advisory_groups;
  r.carry_from = a.carry_from;
  r.compare_with = a.compare_with;
  r.slots = a.slots;
  r.head_nominee = a.head_nominee;
  Committee committee(*inst.db);
  const std::uint64_t id =
      Take(committee.CreateRound(r, recipient ? &*recipient : nullptr));
  RoundInfo info = RequireRound(*inst.db, id);
  Out() << id << "\n";
  Err() << "round " << id << " (step " << info.step << ", "
            << info.disclosure << ") created with " << info.persons.size()
            << " persons on the ballot. Next: hall-admin round seal " << id
            << " --slips SLIPS.pdf\n";
}

void RunList(const RoundArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RequireMeeting(*inst.db, a.meeting);
  Committee committee(*inst.db);
  auto rounds = Take(committee.Rounds(a.meeting));
  if (rounds.empty()) {
    Out() << "meeting " << a.meeting
              << " has no rounds yet (hall-admin round create)\n";
  }
  for (const auto& r : rounds) {
    Out() << r.id << "  step " << r.step << "  " << RoundStateName(r.state)
              << "  (" << r.disclosure << ")  issued " << r.issued << ", cast "
              << r.cast << "\n";
  }
}

// The first 16 hex digits of the round's board head, as hall-trustee
// decrypt shows them: what the committee reads out at close.
std::string BoardHeadText(Database& db, std::uint64_t round_id) {
  auto t = LoadTemplate(db, round_id);
  if (!t.ok()) return "(no template)";
  return HexOf(BoardHead(db, round_id, t->Digest())).substr(0, 16);
}

void RunShow(const RoundArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RoundInfo r = RequireRound(*inst.db, a.round);
  MeetingInfo m = RequireMeeting(*inst.db, r.meeting_id);
  Out() << "round " << r.id << " of meeting " << m.id << " (" << m.title
            << ")\n"
            << "procedure: " << m.procedure << " step " << r.step << "\n"
            << "state: " << RoundStateName(r.state) << "\n"
            << "disclosure: " << r.disclosure << "\n"
            << "slots: " << r.slots << "\n"
            << "on the ballot:";
  for (std::size_t i = 0; i < r.persons.size(); ++i)
    Out() << (i ? ", " : " ") << r.persons[i];
  Out() << "\n";
  Out() << "electorate: ";
  if (r.groups.empty()) Out() << "the whole roll";
  for (std::size_t i = 0; i < r.groups.size(); ++i)
    Out() << (i ? ", " : "groups ") << r.groups[i];
  Out() << "\n";
  if (r.tally_by_group)
    Out() << "voter classes: each group's ballots tallied on their own "
             "(a group with too few is tallied with another)\n";
  for (std::size_t i = 0; i < r.advisory_groups.size(); ++i)
    Out() << (i ? ", " : "B ballots (recorded, decide nothing): groups ")
          << r.advisory_groups[i] << (i + 1 == r.advisory_groups.size() ? "\n" : "");
  if (r.state == RoundState::kDraft) {
    Out() << QuorumLine(
                     Take(LoadElectorate(*inst.db, m.id, r.groups, r.step)))
              << "\n";
  } else {
    Out() << "ballot codes issued: " << r.issued << "\n"
              << "ballots cast: " << r.cast << "\n"
              << "board head: " << BoardHeadText(*inst.db, r.id) << "\n";
    Out() << "ballots spoiled to check a kiosk: "
          << CountSpoiled(*inst.db, r.id)
          << " (never cast or counted; in the record)\n";
  }
  if (auto t = LoadTemplate(*inst.db, r.id); t.ok())
    Out() << "template digest: " << HexOf(t->Digest()) << "\n";
  if (!r.minutes_digest.empty())
    Out() << "minutes digest: " << r.minutes_digest << "\n";
  if (r.state == RoundState::kTallied || r.state == RoundState::kAnnounced) {
    PrintOutcome(Take(MinutesText(*inst.db, r.id, nullptr)));
  } else if (r.state == RoundState::kMinutesSealed) {
    Out() << "the trustees' partial decryptions are sealed to the "
                 "recipients; the hall server cannot read the result. A "
                 "recipient opens it from the record: hall-recipient open "
                 "--record DIR --round "
              << r.id << " --key FILE\n";
  } else if (r.state == RoundState::kCancelled) {
    Out() << "cancelled: " << r.cancelled_reason << "\n";
  }
}

// What the seal signed, read back after sealing: the people named present
// and, for a sealed step, everyone its result will be boxed to.
void PrintSealed(Database& db, const RoundInfo& r, std::size_t issued) {
  const shared::MeetingDefinition def =
      Take(LoadMeetingDefinition(db, r.meeting_id));
  Out() << "attendance signed: " << issued
        << " people present, one code each\n";
  if (r.disclosure == "sealed") {
    Out() << "the result goes only to these recipients (check each "
             "fingerprint against the one its holder read out):\n";
    for (const auto& rec : def.recipients)
      Out() << "  " << rec.name << "  " << RecipientFingerprint(rec.public_key)
            << "\n";
  }
}

// The seal on the committee console: the request to carry there, or its
// answer to store. No code and no seal key ever come here.
void RunSealWithConsole(const RoundArgs& a, OpenedInstallation& inst,
                        const RoundInfo& r, Committee& committee) {
  if (!a.request_out.empty()) {
    WriteSealRequest(a.request_out, Take(committee.SealRequestOf(r.id)));
    Out() << "seal request for round " << r.id << " written to "
          << a.request_out
          << ". On the committee console: hall-console sign --request "
          << a.request_out << " --out seal-" << r.id << ".answer --slips "
          << "slips-" << r.id << ".pdf; then here: hall-admin round seal "
          << r.id << " --answer seal-" << r.id << ".answer\n";
    return;
  }
  SealedRound sealed =
      Take(committee.StoreSealAnswer(r.id, ReadSealAnswer(a.answer)));
  const RoundInfo now = RequireRound(*inst.db, r.id);
  Out() << "round " << r.id << " sealed by the committee console: the ballot "
        << "box is empty and " << now.issued
        << " ballot codes are fixed (their slips were printed on the "
           "console)\n"
        << "template digest: " << sealed.template_digest_hex << "\n";
  PrintSealed(*inst.db, now, now.issued);
  Out() << "Next: hall-admin round open " << r.id << "\n";
}

void RunSeal(const RoundArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RoundInfo r = RequireRound(*inst.db, a.round);
  Check(CheckAllowed(r.id, r.state, RoundAction::kSeal));
  MeetingInfo m = RequireMeeting(*inst.db, r.meeting_id);
  if (!a.request_out.empty() || !a.answer.empty()) {
    if (!a.request_out.empty() && !a.answer.empty()) {
      Fail(StatusCode::kInvalidArgument,
           "give --request-out (to write the request) or --answer (to store "
           "the console's answer), not both");
    }
    std::optional<rules::Catalog> adapted;
    if (!a.procedures_dir.empty())
      adapted.emplace(Take(rules::Catalog::FromFolder(a.procedures_dir)));
    Committee committee(*inst.db, SystemClock(), crypto::DefaultRandom(),
                        adapted ? *adapted : rules::Catalog::Builtin());
    RunSealWithConsole(a, inst, r, committee);
    return;
  }
  RequireSealHere(inst, "hall-admin round seal " + Num(r.id) +
                            " --request-out seal-" + Num(r.id) +
                            ".request, sign it there (hall-console sign), "
                            "then hall-admin round seal " +
                            Num(r.id) + " --answer seal-" + Num(r.id) +
                            ".answer");
  if (a.slips.empty()) {
    Fail(StatusCode::kInvalidArgument,
         "--slips FILE is needed: the codes are made here and printed from "
         "it");
  }
  // A seal stopped after its slips were written (killed, the power cut)
  // left them behind; the round is still a draft, so their codes never
  // count: say so rather than only "exists".
  for (const std::string& left : {a.slips, a.codes_out}) {
    std::error_code ec;
    if (!left.empty() && std::filesystem::exists(left, ec))
      Fail(StatusCode::kAlreadyExists,
           left + " already exists. If it is from a round seal " + Num(r.id) +
               " that did not finish (round " + Num(r.id) +
               " is still not sealed), its codes never count: destroy it "
               "(never hand those slips out) and seal again; otherwise name "
               "another file");
  }
  // Reserve the output files before the codes exist.
  NewFile slips(a.slips);
  std::optional<NewFile> codes_file;
  if (!a.codes_out.empty()) codes_file.emplace(a.codes_out);
  std::optional<rules::Catalog> adapted;
  if (!a.procedures_dir.empty())
    adapted.emplace(Take(rules::Catalog::FromFolder(a.procedures_dir)));
  const crypto::SigningKey seal = LoadSealOrFail(inst, a.common);
  Committee committee(*inst.db, SystemClock(), crypto::DefaultRandom(),
                      adapted ? *adapted : rules::Catalog::Builtin());
  // The slips are written and synced inside the sealing transaction: if
  // writing fails, the round stays a draft and no code is lost.
  auto write_slips = [&](const SealedRound& sealed) -> Status {
    auto t = LoadTemplate(*inst.db, r.id);
    if (!t.ok()) return t.status();
    auto procedure = MeetingProcedure(*inst.db, m.id);
    paper::SlipSheet sheet =
        SheetOf(*t, procedure.ok() ? procedure->get() : nullptr,
                procedure.ok() ? (*procedure)->code : m.procedure,
                seal.verify_key(), m.date,
                m.mode == MeetingMode::kRehearsal, SystemClock()());
    sheet.code_classes = sealed.code_classes;
    return WriteSlips(sheet, sealed.codes, slips,
                      codes_file ? &*codes_file : nullptr);
  };
  auto sealed_or = committee.SealRound(r.id, seal, write_slips);
  if (!sealed_or.ok()) {
    // Slips written before the seal failed hold codes that never count.
    std::error_code ec;
    const bool removed = std::filesystem::remove(a.slips, ec);
    if (!a.codes_out.empty()) std::filesystem::remove(a.codes_out, ec);
    Fail(sealed_or.code(),
         sealed_or.message() +
             (removed ? "; the slips written for it were deleted (their codes "
                        "were never valid)"
                      : ""));
  }
  SealedRound sealed = std::move(sealed_or).value();
  Out() << "round " << r.id << " sealed: the ballot box is empty and "
            << sealed.codes.size() << " ballot codes are fixed\n"
            << "template digest: " << sealed.template_digest_hex << "\n";
  PrintSealed(*inst.db, r, sealed.codes.size());
  Out() << "slips: " << a.slips
            << " (print on A4, cut, shuffle and hand one to each person "
               "present; then delete the file)\n"
            << "Next: hall-admin round open " << r.id << "\n";
}

void RunOpen(const RoundArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RequireRound(*inst.db, a.round);
  Committee committee(*inst.db);
  Check(committee.OpenRound(a.round));
  Out() << "round " << a.round
            << " is open: kiosks accept ballots. When voting ends: "
               "hall-admin round close "
            << a.round << "\n";
}

bool CloseSignedByConsole(Database& db, std::uint64_t round_id) {
  auto q = db.Prepare(
      "SELECT 1 FROM rounds WHERE id = ? AND closed_sig IS NOT NULL");
  q.Bind(1, static_cast<std::int64_t>(round_id));
  return q.Step();
}

void PrintClosed(Database& db, const RoundInfo& r, RoundState now,
                 bool signed_here) {
  if (now == RoundState::kCancelled) {
    Out() << "round " << r.id << " closed and CANCELLED: "
          << r.cancelled_reason
          << ". Its box is never opened; create a new round for the step.\n";
    return;
  }
  Out() << "round " << r.id << " closed with " << r.cast << " of " << r.issued
        << " ballots cast; board head " << BoardHeadText(db, r.id)
        << " (the trustees compare it with the one they are shown).";
  if (signed_here || CloseSignedByConsole(db, r.id)) {
    Out() << " Next: hall-admin round tally-request " << r.id
          << " --out tally-" << r.id
          << ".bin, and each trustee decrypts it on their own device "
             "(hall-trustee decrypt)\n";
  } else {
    Out() << "\n";
  }
}

void RunClose(const RoundArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RoundInfo r = RequireRound(*inst.db, a.round);
  Committee committee(*inst.db);
  if (!a.request_out.empty() && !a.answer.empty()) {
    Fail(StatusCode::kInvalidArgument,
         "give --request-out (to close the box and write the request) or "
         "--answer (to store the console's answer), not both");
  }
  if (!a.request_out.empty()) {
    WriteSealRequest(a.request_out, Take(committee.CloseRequestOf(r.id)));
    r = RequireRound(*inst.db, a.round);
    PrintClosed(*inst.db, r, r.state, false);
    Out() << "The box takes no more ballots. Its box-closed statement is in "
          << a.request_out
          << ": on the committee console, hall-console sign --request "
          << a.request_out << " --out close-" << r.id
          << ".answer; then here: hall-admin round close " << r.id
          << " --answer close-" << r.id << ".answer\n";
    return;
  }
  if (!a.answer.empty()) {
    const RoundState now =
        Take(committee.StoreCloseAnswer(r.id, ReadSealAnswer(a.answer)));
    r = RequireRound(*inst.db, a.round);
    Out() << "the committee console signed round " << r.id
          << "'s box-closed statement\n";
    PrintClosed(*inst.db, r, now, true);
    return;
  }
  RequireSealHere(inst, "hall-admin round close " + Num(r.id) +
                            " --request-out close-" + Num(r.id) +
                            ".request closes the box; sign it there "
                            "(hall-console sign), then hall-admin round "
                            "close " +
                            Num(r.id) + " --answer close-" + Num(r.id) +
                            ".answer");
  if (r.state == RoundState::kOpen)
    Check(CheckAllowed(r.id, r.state, RoundAction::kClose));
  const crypto::SigningKey seal = LoadSealOrFail(inst, a.common);
  const RoundState now = Take(committee.CloseRound(a.round, seal));
  r = RequireRound(*inst.db, a.round);
  PrintClosed(*inst.db, r, now, true);
}

void PrintCancelled(const RoundInfo& r) {
  Out() << "round " << r.id << " (step " << r.step << ") is cancelled: "
        << r.cancelled_reason << "\n";
  if (r.cast > 0) {
    Out() << "the " << r.cast
          << " ballots in its box are never counted; the record keeps them "
             "with the signed cancellation\n";
  }
  Out() << "a step that must be held again gets a new round (hall-admin "
           "round create)\n";
}

void RunCancel(const RoundArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RoundInfo r = RequireRound(*inst.db, a.round);
  Committee committee(*inst.db);
  if (!a.request_out.empty() && !a.answer.empty()) {
    Fail(StatusCode::kInvalidArgument,
         "give --request-out (to cancel and write the request) or --answer "
         "(to store the console's answer), not both");
  }
  if (!a.answer.empty()) {
    Check(committee.StoreCancelAnswer(r.id, ReadSealAnswer(a.answer)));
    r = RequireRound(*inst.db, a.round);
    Out() << "the committee console signed round " << r.id
          << "'s cancellation\n";
    PrintCancelled(r);
    return;
  }
  if (a.reason.empty()) {
    Fail(StatusCode::kInvalidArgument,
         "say why the round is cancelled, as the minutes will say it: "
         "--reason TEXT");
  }
  if (!a.request_out.empty()) {
    WriteSealRequest(a.request_out, Take(committee.CancelRequestOf(r.id, a.reason)));
    r = RequireRound(*inst.db, a.round);
    Out() << "round " << r.id
          << " takes no ballots. Its cancellation is in " << a.request_out
          << ": on the committee console, hall-console sign --request "
          << a.request_out << " --out cancel-" << r.id
          << ".answer; then here: hall-admin round cancel " << r.id
          << " --answer cancel-" << r.id << ".answer\n";
    return;
  }
  RequireSealHere(inst, "hall-admin round cancel " + Num(r.id) +
                            " --reason TEXT --request-out cancel-" + Num(r.id) +
                            ".request; sign it there (hall-console sign), "
                            "then hall-admin round cancel " + Num(r.id) +
                            " --answer cancel-" + Num(r.id) + ".answer");
  Check(CheckAllowed(r.id, r.state, RoundAction::kCancel));
  const crypto::SigningKey seal = LoadSealOrFail(inst, a.common);
  Check(committee.CancelRound(r.id, a.reason, seal));
  r = RequireRound(*inst.db, a.round);
  PrintCancelled(r);
}

void RunTallyRequest(const RoundArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RoundInfo r = RequireRound(*inst.db, a.round);
  NewFile out(a.out);
  Committee committee(*inst.db);
  const crypto::Bytes request = Take(committee.TallyRequestOf(r.id));
  out.Write(std::string_view(reinterpret_cast<const char*>(request.data()),
                             request.size()));
  out.Commit();
  const auto digest = shared::TallyRequestDigest(request);
  Out() << "tally request of round " << r.id << " written to " << a.out
        << " (" << request.size() << " bytes, " << r.cast
        << " ballots; digest " << HexOf(digest).substr(0, 16)
        << "). It is public: give it to each trustee, who runs hall-trustee "
           "decrypt on their own device and returns the partial file.\n";
}

std::vector<crypto::TrusteeShare> LoadShares(const RoundArgs& a, Database& db,
                                             const RoundInfo& r) {
  if (!a.trustee_passphrase_files.empty() &&
      a.trustee_passphrase_files.size() != a.trustee_keys.size()) {
    Fail(StatusCode::kInvalidArgument,
         "give one --trustee-passphrase-file per --trustee-key, in order");
  }
  const crypto::BallotBoxKey box_key = Take(LoadBoxKey(db, r.meeting_id));
  const std::string installation = server::Installation(db);
  std::vector<crypto::TrusteeShare> shares;
  for (std::size_t i = 0; i < a.trustee_keys.size(); ++i) {
    const std::string& path = a.trustee_keys[i];
    const std::string bytes = ReadInputFile(path, 64 * 1024);
    const std::span<const std::uint8_t> file = crypto::AsBytes(bytes);
    auto label = ReadTrusteeLabel(file);
    if (!label.ok()) Fail(label.status().WithContext(path));
    Check(CheckTrusteeKeyFor(file, installation, r.meeting_id, box_key)
              .WithContext(path));
    // A mistyped passphrase is asked again; the shares opened before stay.
    auto share = OpenWithPassphrase<crypto::TrusteeShare>(
        "passphrase of trustee " + Num(label->trustee) + " (" + label->name +
            ")",
        a.trustee_passphrase_files.empty() ? std::string()
                                           : a.trustee_passphrase_files[i],
        "HALL_TRUSTEE_PASSPHRASE", "--trustee-passphrase-file",
        [&](const std::string& passphrase) {
          return DecryptTrusteeKey(file, passphrase, installation,
                                   r.meeting_id, box_key);
        });
    if (!share.ok()) Fail(share.status().WithContext(path));
    shares.push_back(std::move(share).value());
  }
  return shares;
}

void RunTally(const RoundArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RoundInfo r = RequireRound(*inst.db, a.round);
  Check(CheckAllowed(r.id, r.state, RoundAction::kTally));
  if (a.partials.empty() == a.trustee_keys.empty()) {
    Fail(StatusCode::kInvalidArgument,
         "give the trustees' partial files (--partial FILE, one per "
         "trustee, at least k), or for a rehearsal meeting their key files "
         "(--trustee-key), not both");
  }
  if (!a.trustee_keys.empty())
    RequireRehearsalFor(*inst.db, r.meeting_id, "a trustee's key");
  std::vector<shared::PartialFile> files;
  for (const auto& path : a.partials) {
    const std::string bytes = ReadInputFile(path, 64u << 20);
    auto file = shared::PartialFile::Decode(crypto::AsBytes(bytes));
    if (!file.ok()) Fail(file.status().WithContext(path));
    files.push_back(std::move(file).value());
  }
  const bool sealed_step = r.disclosure == "sealed";
  Committee committee(*inst.db);
  TallyOutcome out;
  if (!a.request_out.empty() || !a.answer.empty()) {
    if (sealed_step || !a.trustee_keys.empty() ||
        (!a.request_out.empty() && !a.answer.empty())) {
      Fail(StatusCode::kInvalidArgument,
           "--request-out or --answer (not both) with the trustees' partial "
           "files: only an announced step's minutes are signed");
    }
    if (!a.request_out.empty()) {
      WriteSealRequest(a.request_out,
                       Take(committee.MinutesRequestOf(r.id, files)));
      Out() << "minutes request of round " << r.id << " written to "
            << a.request_out
            << ". On the committee console: hall-console sign --request "
            << a.request_out << " --out minutes-" << r.id
            << ".answer (it counts, shows and signs the minutes); then here: "
               "hall-admin round tally "
            << r.id << " --partial ... (the same files) --answer minutes-"
            << r.id << ".answer\n";
      return;
    }
    out = Take(
        committee.StoreMinutesAnswer(r.id, files, ReadSealAnswer(a.answer)));
  } else {
    std::optional<crypto::SigningKey> seal;
    if (!sealed_step || !a.trustee_keys.empty()) {
      RequireSealHere(inst, "hall-admin round tally " + Num(r.id) +
                                " --partial ... --request-out FILE, sign it "
                                "there (hall-console sign), then the same "
                                "command with --answer");
      seal.emplace(LoadSealOrFail(inst, a.common));
    }
    if (!a.trustee_keys.empty()) {
      const auto shares = LoadShares(a, *inst.db, r);
      std::vector<const crypto::TrusteeShare*> pointers;
      for (const auto& s : shares) pointers.push_back(&s);
      out = Take(committee.RehearseTally(r.id, pointers, *seal));
    } else {
      out = Take(committee.TallyRound(r.id, files, seal ? &*seal : nullptr));
    }
  }
  if (out.sealed) {
    Out() << "round " << r.id << " is sealed: the trustees' partial "
          << "decryptions are stored boxed to " << out.recipients
          << " recipients; the hall server cannot read the result. Digest "
          << out.minutes_digest << "\n";
    return;
  }
  Out() << "round " << r.id << " tallied; minutes digest " << out.minutes_digest
        << "\n";
  PrintOutcome(out.minutes_json);
  Out() << "Next: hall-admin round announce " << r.id << "\n";
}

void RunAnnounce(const RoundArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RequireRound(*inst.db, a.round);
  Committee committee(*inst.db);
  Check(committee.AnnounceRound(a.round));
  Out() << "round " << a.round
            << " announced: the hall display shows its result\n";
}

CLI::App* RoundCommand(CLI::App& parent, Context& ctx, const char* name,
                       const char* help, bool seal,
                       void (*run)(const RoundArgs&),
                       std::shared_ptr<RoundArgs>& args) {
  args = std::make_shared<RoundArgs>();
  CLI::App* cmd = parent.add_subcommand(name, help);
  AddCommonOptions(*cmd, args->common, seal);
  auto a = args;
  cmd->callback([&ctx, a, run] { ctx.action = [a, run] { run(*a); }; });
  return cmd;
}

}  // namespace

void RegisterRound(CLI::App& app, Context& ctx) {
  CLI::App* round = app.add_subcommand(
      "round",
      "Rounds: create, seal (issue ballot codes), open, close, "
      "tally-request, tally, announce; list and show");
  round->require_subcommand(1);
  std::shared_ptr<RoundArgs> a;

  CLI::App* create = RoundCommand(
      *round, ctx, "create",
      "Create a draft round of a procedure step; prints its id on standard "
      "output",
      false, RunCreate, a);
  create->add_option("--meeting", a->meeting, "Meeting id")->required();
  create->add_option("--step", a->step, "The procedure's step (e.g. 2, 1a)")
      ->required();
  create->add_option("--person", a->persons,
                     "A person on the ballot, from the candidates (repeat)");
  create->add_option("--group", a->groups,
                     "A roll group that votes in this round (repeat; e.g. "
                     "the leadership collective for P1 steps 3 and 5); "
                     "default: the whole roll");
  create->add_flag("--tally-by-group", a->tally_by_group,
                   "Tally each voting group's ballots on its own (P7 step "
                   "1's leadership, middle managers, unit heads, others): "
                   "the minutes give the counts per group beside the total; "
                   "a group with fewer ballots than a box opens with is "
                   "tallied together with others, never alone");
  create->add_option("--advisory-group", a->advisory_groups,
                     "A roll group outside --group whose people present "
                     "vote B ballots: counted and recorded, deciding "
                     "nothing (P7 step 3's attending leaders; repeat)");
  create->add_option("--carry-from", a->carry_from,
                     "Put the persons a previous announced round selected or "
                     "carried forward on the ballot first (for a sealed "
                     "round, name them with --person as its recipients read "
                     "them)");
  create->add_option("--compare-with", a->compare_with,
                     "The earlier round this one's result is compared with "
                     "(P1 step 3: report_divergence)");
  create->add_option("--slots", a->slots, "Number of posts")
      ->capture_default_str();
  create->add_option("--head-nominee", a->head_nominee,
                     "The person the head nominated (tie rule of P1 step 5)");
  create->add_option("--recipient-key", a->recipient_key,
                     "Rehearsal meetings only: a recipient's key file, to "
                     "read a sealed round's outcome for --carry-from");
  create->add_option("--recipient-passphrase-file",
                     a->recipient_passphrase_file,
                     "File holding the recipient key's passphrase (or "
                     "$HALL_RECIPIENT_PASSPHRASE)");

  CLI::App* list = RoundCommand(*round, ctx, "list",
                                "List a meeting's rounds with their states",
                                false, RunList, a);
  list->add_option("--meeting", a->meeting, "Meeting id")->required();

  CLI::App* show = RoundCommand(
      *round, ctx, "show",
      "Show a round: state, ballot, codes issued, ballots cast, digests; "
      "the outcome only once tallied and only for announced rounds",
      false, RunShow, a);
  show->add_option("round", a->round, "Round id")->required();

  CLI::App* seal = RoundCommand(
      *round, ctx, "seal",
      "Seal a draft round: sign its ballot, prove the box empty, issue one "
      "ballot code per person present (needs the quorum) and write the "
      "printable slips",
      true, RunSeal, a);
  seal->add_option("round", a->round, "Round id")->required();
  seal->add_option("--request-out", a->request_out,
                   "Write the seal request for the committee console "
                   "(hall-console sign) to this new file: the codes are made "
                   "and printed there");
  seal->add_option("--answer", a->answer,
                   "Store the committee console's answer to the round's seal "
                   "request");
  seal->add_option("--slips", a->slips,
                   "With the seal key here (a rehearsal): new PDF file with "
                   "one slip per code (text and QR), for A4 printing");
  seal->add_option("--codes-out", a->codes_out,
                   "Also write the codes, one per line, to this new file: "
                   "for simulated delegates and tests only; a real meeting "
                   "prints slips only");
  seal->add_option("--procedures", a->procedures_dir,
                   "The folder of adapted procedure files the meeting was "
                   "created with (meeting create --procedures): the seal "
                   "signs the meeting's procedure only if it is the "
                   "committee's own");

  CLI::App* open = RoundCommand(
      *round, ctx, "open",
      "Open a sealed round: kiosks accept ballots (needs the quorum)", false,
      RunOpen, a);
  open->add_option("round", a->round, "Round id")->required();

  CLI::App* close = RoundCommand(
      *round, ctx, "close",
      "Close an open round: no more ballots; signs the final board head", true,
      RunClose, a);
  close->add_option("round", a->round, "Round id")->required();
  close->add_option("--request-out", a->request_out,
                    "Close the box and write its box-closed statement for "
                    "the committee console (hall-console sign) to this new "
                    "file (again, unchanged, while it waits)");
  close->add_option("--answer", a->answer,
                    "Store the committee console's signature of the "
                    "box-closed statement");

  CLI::App* request = RoundCommand(
      *round, ctx, "tally-request",
      "Write a closed round's tally request: its public bytes (signed "
      "statements and every ballot), which each trustee verifies and "
      "decrypts on their own device with hall-trustee decrypt",
      false, RunTallyRequest, a);
  request->add_option("round", a->round, "Round id")->required();
  request->add_option("--out", a->out, "New file")->required();

  CLI::App* tally = RoundCommand(
      *round, ctx, "tally",
      "Tally a closed round with k trustees' partial files (hall-trustee "
      "decrypt). An announced round: combines them, applies the procedure's "
      "rule, signs and prints the minutes. A sealed round: stores the "
      "partials, boxed to the recipients, and prints only a digest; the "
      "server never reads the result",
      true, RunTally, a);
  tally->add_option("round", a->round, "Round id")->required();
  tally->add_option("--partial", a->partials,
                    "A trustee's partial file (repeat; at least k of them)");
  tally->add_option("--request-out", a->request_out,
                    "With the seal on the committee console (an announced "
                    "step): write the minutes request for these partial "
                    "files to this new file (hall-console sign)");
  tally->add_option("--answer", a->answer,
                    "Store the minutes the committee console signed for "
                    "these partial files");
  tally->add_option("--trustee-key", a->trustee_keys,
                    "Rehearsal meetings only: a trustee's key file (repeat; "
                    "at least k), decrypted here in one process");
  tally->add_option("--trustee-passphrase-file", a->trustee_passphrase_files,
                    "Rehearsal: one file per --trustee-key, in order, "
                    "holding its passphrase (or $HALL_TRUSTEE_PASSPHRASE)");

  CLI::App* cancel = RoundCommand(
      *round, ctx, "cancel",
      "Cancel a round with a reason (a deferral, too few ballots, a mistake "
      "found before the tally): from draft, sealed, open or closed; the box "
      "takes no more ballots and they are never counted; the seal signs the "
      "cancellation",
      true, RunCancel, a);
  cancel->add_option("round", a->round, "Round id")->required();
  cancel->add_option("--reason", a->reason,
                     "Why, as the minutes and the record will say it");
  cancel->add_option("--request-out", a->request_out,
                     "Cancel and write the cancellation for the committee "
                     "console (hall-console sign) to this new file");
  cancel->add_option("--answer", a->answer,
                     "Store the committee console's signature of the "
                     "cancellation");

  CLI::App* announce =
      RoundCommand(*round, ctx, "announce",
                   "Announce a tallied round (refused for sealed rounds)",
                   false, RunAnnounce, a);
  announce->add_option("round", a->round, "Round id")->required();
}

}  // namespace hall::server::admin
