// What hall-admin and hall-trustee share as command-line programs: exit
// statuses, one-line failures, passphrases, reading the user's files and
// creating new ones. Links no database, no TLS and no QR code library, so
// hall-trustee (a trustee's laptop) stays small.
//
// Contract:
//  - A failure carries a StatusCode; ExitStatus() is the one place that turns
//    a code into an exit status: 0 done, kExitUsage (2) bad usage or bad
//    input, kExitFailure (1) refused or failed (ExitStatusHelp() says which
//    code is which, for --help).
//  - A command stops by throwing Failure (Fail, Check, Take); RunAction turns
//    it into exactly one line "program: message" on standard error and the
//    exit status of its code. Nothing else throws out of a command.
//  - The programs read and write only through In(), Out() and Err():
//    std::cin/cout/cerr unless a ProgramStreams in scope points them at
//    other streams (a test runs the whole program in-process).
//  - Files created here are mode 0600, reserved with O_EXCL (an existing
//    file is never overwritten) and removed again unless committed.
#ifndef HALL_SERVER_ADMIN_CLI_H_
#define HALL_SERVER_ADMIN_CLI_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "hall/base/private_file.h"
#include "hall/base/status.h"
#include "hall/crypto/key_file.h"
#include "hall/crypto/secret.h"
#include "hall/shared/language.h"

namespace CLI {
class App;
class Validator;
}  // namespace CLI

namespace hall::server::admin {

// The program's standard input, output and error (see the contract).
std::istream& In();
std::ostream& Out();
std::ostream& Err();
// Points In/Out/Err at the given streams on this thread while it lives.
class ProgramStreams {
 public:
  ProgramStreams(std::istream& in, std::ostream& out, std::ostream& err);
  ~ProgramStreams();
  ProgramStreams(const ProgramStreams&) = delete;
  ProgramStreams& operator=(const ProgramStreams&) = delete;

 private:
  std::istream* in_;
  std::ostream* out_;
  std::ostream* err_;
};

// Exit statuses.
inline constexpr int kExitFailure = 1;  // refused or failed
inline constexpr int kExitUsage = 2;    // bad usage or bad input

// The exit status of a failure with `code` (0 for kOk): kExitUsage for what
// the user can fix in the command (invalid argument, not found, already
// exists), kExitFailure for every other code.
int ExitStatus(StatusCode code);
// "Exit status: 0 done; 2 ...; 1 ..." from the same table, for the --help
// epilog of hall-admin and hall-trustee.
std::string ExitStatusHelp();

// Thrown inside a command only (never out of RunAction): the command stops,
// `message` goes to standard error, ExitStatus(code) is the process's status.
struct Failure {
  StatusCode code;
  std::string message;
};
[[noreturn]] void Fail(StatusCode code, std::string message);
// Throws Failure(status code, status message); `s` must have failed.
[[noreturn]] void Fail(const Status& s);

// A --lang option: nullopt when empty (the meeting's language), else vi, zh
// or en; anything else fails (kInvalidArgument) naming the option.
std::optional<rules::Language> LanguageOption(const std::string& lang);
// Runs a command's action for `program` ("hall-admin", "hall-trustee"):
// a Failure becomes one line "program: message" on stderr and the exit
// status of its code.
int RunAction(const std::function<void()>& action, const std::string& program);
// Parses the command line into `app` (whose subcommand callbacks set
// `action`) and runs the action with RunAction. Help goes to Out(); a parse
// error or no command is one line "program: ..." naming `usage` ("hall-admin
// [COMMAND...]") and exit status kExitUsage.
int ParseAndRun(CLI::App& app, int argc, char** argv,
                const std::string& program, const std::string& usage,
                const std::function<void()>& action);
// Throws Failure(status code, status message) when `s` failed.
void Check(const Status& s);
template <typename T>
T Take(Result<T> r) {
  if (!r.ok()) Fail(r.status());
  return std::move(r).value();
}

// Reads a passphrase: from `file` when given, else from the environment
// variable `env`, else by a prompt on the terminal (echo off; asked twice
// when `confirm`). `what` names it in the prompt and in errors.
std::string ReadPassphrase(const std::string& what, const std::string& file,
                           const char* env, const std::string& file_option,
                           bool confirm = false);

// True when ReadPassphrase would ask on the terminal (no file, `env`
// unset): a mistyped passphrase can then be typed again.
bool PassphraseIsTyped(const std::string& file, const char* env);

// Reads a passphrase (ReadPassphrase) and opens something with it; when
// the passphrase was typed and `open` refuses it (kPermissionDenied: a
// wrong passphrase), says so and asks again, up to `tries` times in all,
// so one mistyped passphrase costs nobody else's work. Returns what `open`
// returned last.
template <typename T, typename Open>
Result<T> OpenWithPassphrase(const std::string& what, const std::string& file,
                             const char* env, const std::string& file_option,
                             Open open, int tries = 3) {
  const bool typed = PassphraseIsTyped(file, env);
  for (int attempt = 1;; ++attempt) {
    std::string passphrase = ReadPassphrase(what, file, env, file_option);
    Result<T> opened = open(passphrase);
    crypto::Wipe(passphrase.data(), passphrase.size());
    if (opened.ok() || !typed || attempt >= tries ||
        opened.code() != StatusCode::kPermissionDenied)
      return opened;
    Err() << "that " << what << " did not open it (" << opened.message()
          << "); try again (" << (tries - attempt) << " more "
          << (tries - attempt == 1 ? "try" : "tries") << ")\n";
  }
}

// Reads a whole file given by the user (not found when it is not there).
std::string ReadInputFile(const std::filesystem::path& path,
                          std::size_t max_bytes = 64u << 20);

// A file being created (NewPrivateFile): reserved at once (mode 0600,
// already exists if it does), removed again unless Commit() is called after
// Write(); also when the program is stopped (Ctrl-C, a hang-up, kill) at a
// passphrase prompt, so no empty file is left to block the next run.
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
  void FailIfBroken();

  std::filesystem::path path_;
  NewPrivateFile file_;
  int reserved_slot_ = -1;  // in the list a stopped prompt removes
};
// Reserve-write-commit in one go.
void WriteNewFile(const std::filesystem::path& path, std::string_view bytes);

// "--seal-cost"/"--key-cost" values: moderate, sensitive, interactive; and
// min only where the environment has HALL_ALLOW_TEST_KEY_COST=1 (the test
// suites set it; a real key is never made at that cost). Anything else
// fails with what to give instead.
crypto::KeyFileCost ParseCost(const std::string& name);
// The CLI11 check for those names, with the same messages (its description
// omits "min").
CLI::Validator CostValidator();

std::string Num(std::uint64_t n);
std::string HexOf(std::span<const std::uint8_t> bytes);

}  // namespace hall::server::admin

#endif  // HALL_SERVER_ADMIN_CLI_H_
