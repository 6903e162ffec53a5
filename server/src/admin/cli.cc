#include "hall/server/admin/cli.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>

#include "hall/crypto/digest.h"

namespace hall::server::admin {

namespace {
thread_local std::istream* program_in = nullptr;
thread_local std::ostream* program_out = nullptr;
thread_local std::ostream* program_err = nullptr;
}  // namespace

std::istream& In() { return program_in ? *program_in : std::cin; }
std::ostream& Out() { return program_out ? *program_out : std::cout; }
std::ostream& Err() { return program_err ? *program_err : std::cerr; }

ProgramStreams::ProgramStreams(std::istream& in, std::ostream& out,
                               std::ostream& err)
    : in_(program_in), out_(program_out), err_(program_err) {
  program_in = &in;
  program_out = &out;
  program_err = &err;
}

ProgramStreams::~ProgramStreams() {
  program_in = in_;
  program_out = out_;
  program_err = err_;
}
namespace fs = std::filesystem;

int ExitStatus(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 0;
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kAlreadyExists:
      return kExitUsage;
    case StatusCode::kFailedPrecondition:
    case StatusCode::kPermissionDenied:
    case StatusCode::kCorruption:
    case StatusCode::kUnavailable:
    case StatusCode::kCancelled:
    case StatusCode::kInternal:
      return kExitFailure;
  }
  return kExitFailure;
}

std::string ExitStatusHelp() {
  constexpr StatusCode kCodes[] = {
      StatusCode::kInvalidArgument,  StatusCode::kNotFound,
      StatusCode::kAlreadyExists,    StatusCode::kFailedPrecondition,
      StatusCode::kPermissionDenied, StatusCode::kCorruption,
      StatusCode::kUnavailable,      StatusCode::kCancelled,
      StatusCode::kInternal};
  std::string text = "Exit status: 0 done";
  for (const auto& [status, what] :
       {std::pair{kExitUsage, "bad usage or input"},
        std::pair{kExitFailure, "refused or failed"}}) {
    std::string codes;
    for (StatusCode c : kCodes) {
      if (ExitStatus(c) != status) continue;
      codes += (codes.empty() ? "" : ", ") + std::string(StatusCodeName(c));
    }
    text += "; " + std::to_string(status) + " " + what + " (" + codes + ")";
  }
  return text + ".";
}

void Fail(StatusCode code, std::string message) {
  throw Failure{code, std::move(message)};
}

void Fail(const Status& s) {
  HALL_CHECK(!s.ok());
  Fail(s.code(), s.message());
}

std::optional<rules::Language> LanguageOption(const std::string& lang) {
  if (lang.empty()) return std::nullopt;
  auto l = rules::ParseLanguage(lang);
  if (!l) Fail(StatusCode::kInvalidArgument, "--lang " + lang + ": give vi, zh or en");
  return l;
}

void Check(const Status& s) {
  if (!s.ok()) Fail(s);
}

std::string Num(std::uint64_t n) { return std::to_string(n); }

std::string HexOf(std::span<const std::uint8_t> bytes) {
  return crypto::ToHex(bytes);
}

namespace {

std::string StripNewline(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// The terminal's settings while a prompt has echo off, put back if the
// user interrupts the prompt (Ctrl-C, a hang-up, kill), so the shell they
// return to shows what they type.
termios saved_terminal{};
volatile std::sig_atomic_t terminal_quiet = 0;

// The files reserved and not yet committed (NewFile), which a signal at a
// prompt removes: fixed slots of pointers to their paths, read by the
// handler (unlink is async-signal-safe).
constexpr int kReservedSlots = 64;
std::atomic<const char*> reserved_files[kReservedSlots];

extern "C" void RestoreTerminalAndDie(int sig) {
  if (terminal_quiet) tcsetattr(STDIN_FILENO, TCSANOW, &saved_terminal);
  for (auto& slot : reserved_files) {
    if (const char* path = slot.load()) ::unlink(path);
  }
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

// Reads one line from the terminal with echo off: echo goes off before the
// prompt is shown, so nothing typed early is echoed.
std::optional<std::string> PromptHidden(const std::string& prompt) {
  const bool have_term =
      !program_in && tcgetattr(STDIN_FILENO, &saved_terminal) == 0;
  using Handler = void (*)(int);
  Handler old_int = SIG_DFL, old_term = SIG_DFL, old_hup = SIG_DFL;
  if (have_term) {
    termios quiet = saved_terminal;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    old_int = std::signal(SIGINT, RestoreTerminalAndDie);
    old_term = std::signal(SIGTERM, RestoreTerminalAndDie);
    old_hup = std::signal(SIGHUP, RestoreTerminalAndDie);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    terminal_quiet = 1;
  }
  Err() << prompt << std::flush;
  std::string line;
  const bool got = static_cast<bool>(std::getline(In(), line));
  if (have_term) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved_terminal);
    terminal_quiet = 0;
    std::signal(SIGINT, old_int);
    std::signal(SIGTERM, old_term);
    std::signal(SIGHUP, old_hup);
  }
  if (!got) return std::nullopt;
  return StripNewline(std::move(line));
}

}  // namespace

bool PassphraseIsTyped(const std::string& file, const char* env) {
  if (!file.empty()) return false;
  const char* v = env ? std::getenv(env) : nullptr;
  return v == nullptr || *v == '\0';
}

std::string ReadPassphrase(const std::string& what, const std::string& file,
                           const char* env, const std::string& file_option,
                           bool confirm) {
  if (!file.empty()) {
    std::string text = StripNewline(ReadInputFile(file, 64 * 1024));
    if (text.empty()) {
      Fail(StatusCode::kInvalidArgument, file + ": the " + what + " is empty");
    }
    return text;
  }
  if (env) {
    if (const char* v = std::getenv(env); v && *v) return v;
  }
  // Given streams (ProgramStreams) are what the user types; the process's
  // own standard input is asked only when it is a terminal.
  if (!program_in && !isatty(STDIN_FILENO)) {
    Fail(StatusCode::kInvalidArgument,
         "the " + what + " is needed: set " + (env ? std::string(env) : "") +
             " or give " + file_option +
             " FILE (standard input is not a terminal, so nothing is asked"
             ")");
  }
  auto first = PromptHidden(what + ": ");
  if (!first || first->empty()) {
    Fail(StatusCode::kInvalidArgument, "no " + what + " was given");
  }
  if (confirm) {
    auto again = PromptHidden(what + " (again): ");
    if (!again || *again != *first) {
      Fail(StatusCode::kInvalidArgument,
           "the two " + what + "s differ; nothing was changed");
    }
  }
  return *first;
}

std::string ReadInputFile(const fs::path& path, std::size_t max_bytes) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    Fail(StatusCode::kNotFound, path.string() + ": no such file");
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail(CodeForErrno(errno), path.string() + ": cannot be read");
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      Fail(
          StatusCode::kInvalidArgument,
          path.string() + ": too large (at most " + Num(max_bytes) + " bytes)");
    }
  }
  return text;
}

NewFile::NewFile(fs::path path) : path_(path), file_(std::move(path)) {
  if (file_.ok()) {
    for (int i = 0; i < kReservedSlots; ++i) {
      const char* empty = nullptr;
      if (reserved_files[i].compare_exchange_strong(empty, path_.c_str())) {
        reserved_slot_ = i;
        break;
      }
    }
    return;
  }
  const int err = file_.error();
  if (err == EEXIST) {
    Fail(StatusCode::kAlreadyExists,
         path_.string() +
             " already exists; hall-admin never overwrites a "
             "file: name another or move it away");
  }
  Fail(CodeForErrno(err),
       path_.string() + ": cannot create: " + std::strerror(err));
}

void NewFile::FailIfBroken() {
  if (file_.ok()) return;
  Fail(StatusCode::kInternal,
       path_.string() + ": cannot write: " + std::strerror(file_.error()));
}

void NewFile::Write(std::string_view bytes) {
  file_.Write(bytes);
  FailIfBroken();
}

NewFile::~NewFile() {
  if (reserved_slot_ >= 0) reserved_files[reserved_slot_].store(nullptr);
}

void NewFile::Commit() {
  file_.Commit();
  if (reserved_slot_ >= 0) reserved_files[reserved_slot_].store(nullptr);
  reserved_slot_ = -1;
  FailIfBroken();
}

void WriteNewFile(const fs::path& path, std::string_view bytes) {
  NewFile f(path);
  f.Write(bytes);
  f.Commit();
}

namespace {

// "min" (one pass over 8 KiB) makes a key file a passphrase guesser opens
// in minutes: only a test run that says so by this variable gets it.
constexpr char kTestKeyCostVariable[] = "HALL_ALLOW_TEST_KEY_COST";

bool TestKeyCostAllowed() {
  const char* v = std::getenv(kTestKeyCostVariable);
  return v != nullptr && std::string_view(v) == "1";
}

// Why a cost name is refused, or "" when it is one.
std::string CostProblem(const std::string& name) {
  if (name == "interactive" || name == "moderate" || name == "sensitive")
    return {};
  if (name == "min") {
    if (TestKeyCostAllowed()) return {};
    return "\"min\" is a key cost for tests only (a key file made with it "
           "falls to a passphrase guesser in minutes); use moderate (the "
           "default), sensitive, or interactive on a slow laptop";
  }
  return "\"" + name +
         "\" is not a key cost; use moderate (the default), sensitive or "
         "interactive";
}

}  // namespace

crypto::KeyFileCost ParseCost(const std::string& name) {
  if (std::string problem = CostProblem(name); !problem.empty())
    Fail(StatusCode::kInvalidArgument, problem);
  if (name == "min") return crypto::KeyFileCost::kMin;
  if (name == "interactive") return crypto::KeyFileCost::kInteractive;
  if (name == "sensitive") return crypto::KeyFileCost::kSensitive;
  return crypto::KeyFileCost::kModerate;
}

CLI::Validator CostValidator() {
  return CLI::Validator(
      [](std::string& s) -> std::string { return CostProblem(s); },
      "moderate|sensitive|interactive");
}

int ParseAndRun(CLI::App& app, int argc, char** argv,
                const std::string& program, const std::string& usage,
                const std::function<void()>& action) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, Out(), Err());
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, Out(), Err());
  } catch (const CLI::ParseError& e) {
    Err() << program << ": " << e.what() << " (" << usage
          << " --help shows the usage)\n";
    return ExitStatus(StatusCode::kInvalidArgument);
  }
  if (!action) {
    Err() << program << ": name a command (" << program
          << " --help lists them)\n";
    return ExitStatus(StatusCode::kInvalidArgument);
  }
  return RunAction(action, program);
}

int RunAction(const std::function<void()>& action, const std::string& program) {
  try {
    action();
  } catch (const Failure& f) {
    std::string line = f.message;
    for (char& c : line) {
      if (c == '\n') c = ' ';
    }
    Err() << program << ": " << line << "\n";
    return ExitStatus(f.code);
  } catch (const std::exception& e) {
    Err() << program << ": unexpected failure: " << e.what() << "\n";
    return ExitStatus(StatusCode::kInternal);
  }
  return 0;
}

}  // namespace hall::server::admin
