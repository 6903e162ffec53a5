// hall-admin: the organizing committee's command line over the server
// library (installation.h, committee.h). One file per command group under
// server/src/admin/; this header holds what the groups share.
//
// Contract:
//  - RunAdmin parses the command line and runs one command. It returns the
//    process exit status: 0 on success, 2 on bad usage or bad input (unknown
//    option, missing --dir, unreadable or malformed file, unknown meeting or
//    round, a file that would be overwritten), 1 on any other failure (a
//    refusal of the library: out of order, below quorum, wrong passphrase or
//    key). A failure prints exactly one line on standard error:
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
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hall/crypto/key_file.h"
#include "hall/crypto/signing_key.h"
#include "hall/base/status.h"
#include "hall/server/committee.h"
#include "hall/server/database.h"
#include "hall/server/installation.h"

namespace CLI {
class App;
class Validator;
}  // namespace CLI

namespace hall::server::admin {

// Runs hall-admin with these arguments; returns the exit status.
int RunAdmin(int argc, char** argv);

// Exit statuses.
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// Thrown inside hall-admin only (never out of RunAdmin): the command stops,
// `message` goes to standard error, `exit_code` is the process's status.
struct Failure {
  int exit_code;
  std::string message;
};
[[noreturn]] void Fail(int exit_code, std::string message);
// Runs a command's action for `program` ("hall-admin", "hall-trustee"):
// a Failure becomes one line "program: message" on stderr and its exit code.
int RunAction(const std::function<void()>& action, const std::string& program);
// Throws Failure(exit_code, status message) when `s` failed.
void Check(const Status& s, int exit_code = kExitFailure);
template <typename T>
T Take(Result<T> r, int exit_code = kExitFailure) {
  if (!r.ok()) Fail(exit_code, r.message());
  return std::move(r).value();
}

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

// Reads a passphrase: from `file` when given, else from the environment
// variable `env`, else by a prompt on the terminal (echo off; asked twice
// when `confirm`). `what` names it in the prompt and in errors.
std::string ReadPassphrase(const std::string& what, const std::string& file,
                           const char* env, const std::string& file_option,
                           bool confirm = false);

// An open installation: its folder and unlocked database.
struct OpenedInstallation {
  InstallationPaths paths;
  std::unique_ptr<Database> db;
};
// Opens the installation of o.dir (asks for the database passphrase only
// when the installation uses one).
OpenedInstallation OpenOrFail(const CommonOptions& o);
// Asks for the seal passphrase and loads the seal key.
crypto::SigningKey LoadSealOrFail(const OpenedInstallation& inst,
                                  const CommonOptions& o);

// A meeting / round that must exist (exit 2 when it does not).
MeetingInfo RequireMeeting(Database& db, std::uint64_t meeting_id);
RoundInfo RequireRound(Database& db, std::uint64_t round_id);
// "met" or "N more must check in".
std::string QuorumLine(const MeetingInfo& m);

// Loads a recipient's key file (passphrase from `passphrase_file`,
// $HALL_RECIPIENT_PASSPHRASE or the terminal).
RecipientKey LoadRecipientKeyOrFail(const std::string& path,
                                    const std::string& passphrase_file);

// Reads a whole file given by the user (exit 2 when it cannot be read).
std::string ReadInputFile(const std::filesystem::path& path,
                          std::size_t max_bytes = 64u << 20);

// A file being created: reserved at once (O_CREAT|O_EXCL, mode 0600, exit 2
// if it exists), removed again unless Commit() is called after Write().
class NewFile {
 public:
  explicit NewFile(std::filesystem::path path);
  ~NewFile();
  NewFile(const NewFile&) = delete;
  NewFile& operator=(const NewFile&) = delete;
  void Write(std::string_view bytes);
  // fsync and close; the file stays.
  void Commit();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  bool committed_ = false;
};
// Reserve-write-commit in one go.
void WriteNewFile(const std::filesystem::path& path, std::string_view bytes);

// "--seal-cost"/"--key-cost" values: interactive, moderate, sensitive, and
// min (tests only; not shown in --help).
crypto::KeyFileCost ParseCost(const std::string& name);
// The CLI11 check for those names (its description omits "min").
CLI::Validator CostValidator();

std::string Num(std::uint64_t n);
std::string HexOf(std::span<const std::uint8_t> bytes);

// The command groups (one file each).
void RegisterInit(CLI::App& app, Context& ctx);      // init_cmd.cc
void RegisterKiosk(CLI::App& app, Context& ctx);     // kiosk_cmd.cc
void RegisterMeeting(CLI::App& app, Context& ctx);   // meeting_cmd.cc
void RegisterPeople(CLI::App& app, Context& ctx);    // people_cmd.cc
void RegisterCeremony(CLI::App& app, Context& ctx);  // ceremony_cmd.cc
void RegisterRound(CLI::App& app, Context& ctx);     // round_cmd.cc
void RegisterMinutes(CLI::App& app, Context& ctx);   // minutes_cmd.cc
void RegisterRecord(CLI::App& app, Context& ctx);    // record_cmd.cc

}  // namespace hall::server::admin

#endif  // HALL_SERVER_ADMIN_ADMIN_H_
