// hall-admin: the organizing committee's command line over the server
// library (installation.h, committee.h). One file per command group under
// server/src/admin/; this header holds what the groups share.
//
// Contract:
//  - RunAdmin parses the command line and runs one command. It returns the
//    process exit status, ExitStatus() of the failure's code (cli.h): 0 on
//    success, 2 on bad usage or bad input (invalid argument, not found,
//    already exists: unknown option, missing --dir, malformed file, unknown
//    meeting or round, a file that would be overwritten), 1 on any other
//    failure (a refusal of the library: out of order, below quorum, wrong
//    passphrase or key; a damaged file; an I/O failure). A failure prints
//    exactly one line on standard error:
//    "hall-admin: <what is wrong and what to do>".
//  - Secrets never come from the command line itself: passphrases come from
//    a file named by an option, an environment variable, or a prompt on the
//    terminal with echo off (never when standard input is not a terminal).
//  - Files hall-admin creates are mode 0600 and never overwrite anything.
//  - Nothing that could reveal a sealed round's counts or outcome is printed
//    unless a recipient's key is given.
#ifndef HALL_SERVER_ADMIN_ADMIN_H_
#define HALL_SERVER_ADMIN_ADMIN_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/key_file.h"
#include "hall/crypto/signing_key.h"
#include "hall/server/admin/cli.h"
#include "hall/server/committee.h"
#include "hall/server/database.h"
#include "hall/server/installation.h"

namespace CLI {
class App;
}  // namespace CLI

namespace hall::server::admin {

// Runs hall-admin with these arguments; returns the exit status.
int RunAdmin(int argc, char** argv);
// The same with the program's standard streams given (cli.h, In/Out/Err):
// what a test uses to run hall-admin in-process.
int RunAdmin(int argc, char** argv, std::istream& in, std::ostream& out,
             std::ostream& err);

// Options every command that touches an installation has.
struct CommonOptions {
  std::string dir;                   // --dir, or HALL_DIR
  std::string db_passphrase_file;    // --db-passphrase-file
  std::string seal_passphrase_file;  // --seal-passphrase-file
};

// What a parsed command runs (set by the command's callback).
struct Context {
  std::function<void()> action;
};

// Adds --dir and --db-passphrase-file to `cmd`; with `seal`, also
// --seal-passphrase-file.
void AddCommonOptions(CLI::App& cmd, CommonOptions& o, bool seal = false);

// An open installation: its folder and unlocked database.
struct OpenedInstallation {
  InstallationPaths paths;
  std::unique_ptr<Database> db;
};
// The installation folder o.dir, which must hold an installation (for
// commands that read its files only, not the database).
InstallationPaths PathsOrFail(const CommonOptions& o);
// Opens the installation of o.dir (asks for the database passphrase only
// when the installation uses one).
OpenedInstallation OpenOrFail(const CommonOptions& o);
// Asks for the seal passphrase and loads the seal key.
crypto::SigningKey LoadSealOrFail(const OpenedInstallation& inst,
                                  const CommonOptions& o);

// The seal key must be in this installation (a rehearsal installation);
// otherwise the command goes through the committee console, as `how` says.
void RequireSealHere(const OpenedInstallation& inst, const std::string& how);
// A seal request for the committee console, to a new file; the console's
// answer read back (exit 2 for one that is not).
void WriteSealRequest(const std::string& path, const shared::SealRequest& r);
shared::SealAnswer ReadSealAnswer(const std::string& path);

// A meeting / round that must exist (exit 2 when it does not).
MeetingInfo RequireMeeting(Database& db, std::uint64_t meeting_id);
RoundInfo RequireRound(Database& db, std::uint64_t round_id);
// "met" or "N more must check in".
std::string QuorumLine(const MeetingInfo& m);

// Loads a recipient's key file (passphrase from `passphrase_file`,
// $HALL_RECIPIENT_PASSPHRASE or the terminal).
RecipientKey LoadRecipientKeyOrFail(const std::string& path,
                                    const std::string& passphrase_file);

// The command groups (one file each).
void RegisterInit(CLI::App& app, Context& ctx);      // init_cmd.cc
void RegisterKiosk(CLI::App& app, Context& ctx);     // kiosk_cmd.cc
void RegisterServer(CLI::App& app, Context& ctx);    // server_cmd.cc
void RegisterMeeting(CLI::App& app, Context& ctx);   // meeting_cmd.cc
void RegisterPeople(CLI::App& app, Context& ctx);    // people_cmd.cc
void RegisterCeremony(CLI::App& app, Context& ctx);  // ceremony_cmd.cc
void RegisterRound(CLI::App& app, Context& ctx);     // round_cmd.cc
void RegisterMinutes(CLI::App& app, Context& ctx);   // minutes_cmd.cc
void RegisterRecord(CLI::App& app, Context& ctx);    // record_cmd.cc
void RegisterAlerts(CLI::App& app, Context& ctx);    // alert_cmd.cc
void RegisterStep(CLI::App& app, Context& ctx);      // step_cmd.cc
void RegisterAttendance(CLI::App& app, Context& ctx);  // attendance_cmd.cc
void RegisterStatus(CLI::App& app, Context& ctx);      // status_cmd.cc
void RegisterBackup(CLI::App& app, Context& ctx);      // backup_cmd.cc

}  // namespace hall::server::admin

#endif  // HALL_SERVER_ADMIN_ADMIN_H_
