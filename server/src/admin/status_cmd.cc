// hall-admin status: one screen that says where the meeting stands (its
// set-up, each step of its procedure and its rounds) and the one thing to
// do next, as a command to type.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <map>
#include <sstream>

#include "hall/crypto/fingerprint.h"
#include "hall/server/admin/admin.h"
#include "hall/server/committee.h"
#include "hall/server/round_store.h"

namespace hall::server::admin {
namespace {

struct StatusArgs {
  CommonOptions common;
  std::uint64_t meeting = 0;  // 0: the current meeting
};

bool Done(RoundState s) {
  return s == RoundState::kAnnounced || s == RoundState::kMinutesSealed;
}

// What the committee does next with round `r`, or "" when nothing.
std::string NextForRound(const RoundInfo& r, bool seal_here) {
  const std::string id = Num(r.id);
  switch (r.state) {
    case RoundState::kDraft:
      return "round " + id + " (step " + r.step + ") is ready to seal: " +
             (seal_here ? "hall-admin round seal " + id + " --slips slips-" + id + ".pdf"
                        : "hall-admin round seal " + id + " --request-out seal-" +
                              id + ".request, sign it on the committee console "
                              "(hall-console sign), then hall-admin round seal " +
                              id + " --answer seal-" + id + ".answer");
    case RoundState::kSealed:
      return "round " + id + " is sealed and its slips handed out: hall-admin round "
             "open " + id;
    case RoundState::kOpen:
      return "round " + id + " is open (" + Num(r.cast) + " of " + Num(r.issued) +
             " ballots cast); when voting ends: hall-admin round close " + id +
             (seal_here ? std::string()
                        : " --request-out close-" + id + ".request (then the console)");
    case RoundState::kClosed:
      return "round " + id + " is closed: hall-admin round tally-request " + id +
             " --out tally-" + id + ".bin, then each trustee's hall-trustee "
             "decrypt, then hall-admin round tally " + id + " --partial ...";
    case RoundState::kTallied:
      return "round " + id + " is counted and its minutes signed: hall-admin round "
             "announce " + id + " (the hall display shows the outcome)";
    case RoundState::kMinutesSealed:
    case RoundState::kAnnounced:
    case RoundState::kCancelled:
      return "";
  }
  return "";
}

void RunStatus(const StatusArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  Database& db = *inst.db;
  std::error_code ec;
  const bool seal_here = std::filesystem::exists(inst.paths.seal_key(), ec);
  std::ostringstream s;
  auto seal = SealPublicKey(db);
  s << "installation " << inst.paths.dir.string() << "; seal "
    << (seal.ok() ? crypto::Fingerprint(*seal) : std::string("(unreadable)"))
    << (seal_here ? " (the seal key is here)" : " (the seal is on the committee console)")
    << "\n";
  const std::optional<std::uint64_t> current =
      a.meeting ? std::optional<std::uint64_t>(a.meeting) : CurrentMeeting(db);
  if (!current) {
    s << "no meeting yet\nNext: hall-admin meeting create --title TITLE "
         "--procedure P1 --members N --date YYYY-MM-DD\n";
    Out() << s.str();
    return;
  }
  const MeetingInfo m = RequireMeeting(db, *current);
  auto procedure = MeetingProcedure(db, m.id);
  s << "meeting " << m.id << ": " << m.title
    << (m.mode == MeetingMode::kRehearsal ? " (rehearsal)" : "") << "\n";
  if (procedure.ok())
    s << "procedure " << (*procedure)->code << " " << (*procedure)->id << "; date "
      << (m.date.empty() ? "not set" : m.date) << "\n";
  const std::size_t roll = Roll(db, m.id).size();
  const std::size_t candidates = Candidates(db, m.id).size();
  auto recipients = LoadRecipients(db, m.id);
  const std::size_t n_recipients = recipients.ok() ? recipients->size() : 0;
  const bool box_key = LoadBoxKey(db, m.id).ok();
  s << "set-up: roll " << roll << " · candidates " << candidates
    << " · recipients " << n_recipients << " · ballot-box key "
    << (box_key ? "made (" + (m.trustees_k ? Num(*m.trustees_k) : std::string("?")) +
                      " of " + Num(m.trustees_n) + " trustees open it)"
                : std::string("not yet"))
    << (MeetingFrozen(db, m.id) ? " · fixed by the seal" : "") << "\n";
  s << QuorumLine(m) << "\n";

  Committee committee(db);
  const std::vector<RoundInfo> rounds = Take(committee.Rounds(m.id));
  auto records = committee.StepRecords(m.id);
  std::map<std::string, std::size_t> recorded;
  if (records.ok())
    for (const StepRecord& r : *records) ++recorded[r.statement.step];

  std::string next;
  auto want = [&next](std::string what) {
    if (next.empty()) next = std::move(what);
  };
  if (roll == 0) want("import the roll: hall-admin roll import --meeting " + Num(m.id) + " ROLL.csv");
  if (candidates == 0)
    want("import the candidates: hall-admin candidates import --meeting " + Num(m.id) +
         " CANDIDATES.csv");
  bool sealed_steps = false;
  if (procedure.ok())
    for (const rules::Step& st : (*procedure)->steps)
      sealed_steps = sealed_steps || (st.ballot && st.disclosure != rules::Disclosure::kAnnounced);
  if (sealed_steps && n_recipients == 0)
    want("add who opens the sealed rounds: hall-admin recipient add --meeting " +
         Num(m.id) + " --name NAME --public-key HEX (from hall-recipient key)");
  if (!box_key)
    want("run the key ceremony with the trustees: hall-admin ceremony start --meeting " +
         Num(m.id) + " ... (see the README)");
  for (const RoundInfo& r : rounds)
    if (r.state != RoundState::kDraft) want(NextForRound(r, seal_here));
  for (const RoundInfo& r : rounds) want(NextForRound(r, seal_here));

  s << "steps:\n";
  if (procedure.ok()) {
    for (const rules::Step& st : (*procedure)->steps) {
      s << "  " << st.id << "  " << st.title.Get("en") << ": ";
      if (!st.ballot) {
        const std::size_t n = recorded[st.id];
        s << (n ? "recorded" + (n > 1 ? " (" + Num(n) + " records)" : std::string())
                : std::string("not recorded yet"))
          << "\n";
        if (!n)
          want("record step " + st.id + " (no ballot): hall-admin step record --meeting " +
               Num(m.id) + " --step " + st.id + " --text \"...\"");
        continue;
      }
      std::string line;
      bool done = false;
      for (const RoundInfo& r : rounds) {
        if (r.step != st.id) continue;
        line += (line.empty() ? "" : "; ") + std::string("round ") + Num(r.id) + " " +
                std::string(RoundStateName(r.state));
        if (r.state != RoundState::kDraft && r.state != RoundState::kCancelled)
          line += " (" + Num(r.cast) + " of " + Num(r.issued) + " cast)";
        done = done || Done(r.state);
      }
      s << (line.empty() ? std::string("no round yet") : line) << "\n";
      if (!done)
        want("create the round of step " + st.id + ": hall-admin round create --meeting " +
             Num(m.id) + " --step " + st.id + " --person NAME ... (or --carry-from R)");
    }
  }
  want("every step is done: export the election record for the auditors: "
       "hall-admin record export --meeting " + Num(m.id) + " --out record-" + Num(m.id));
  s << "Next: " << next << "\n";
  Out() << s.str();
}

}  // namespace

void RegisterStatus(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<StatusArgs>();
  CLI::App* status = app.add_subcommand(
      "status",
      "Where the meeting stands (set-up, each step and its rounds) and what "
      "to do next");
  AddCommonOptions(*status, a->common);
  status->add_option("--meeting", a->meeting,
                     "Meeting id (default: the one with an open round, else the newest)");
  status->callback([&ctx, a] { ctx.action = [a] { RunStatus(*a); }; });
}

}  // namespace hall::server::admin
