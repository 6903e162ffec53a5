// Runs a real command the way a user would (through /bin/sh), feeding it
// standard input and capturing exit status, standard output and standard
// error separately.
#ifndef HALL_TESTS_CLI_RUN_COMMAND_H_
#define HALL_TESTS_CLI_RUN_COMMAND_H_

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace hall::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

inline CommandResult RunCommand(const std::string& command, const std::string& stdin_text = "") {
  namespace fs = std::filesystem;
  char dir_template[] = "/tmp/hall-cmd-XXXXXX";
  const fs::path dir = mkdtemp(dir_template);
  std::ofstream(dir / "in") << stdin_text;
  const std::string full = "(" + command + ") <" + Quote((dir / "in").string()) + " >" +
                           Quote((dir / "out").string()) + " 2>" +
                           Quote((dir / "err").string());
  const int status = std::system(full.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = Slurp(dir / "out");
  r.err = Slurp(dir / "err");
  fs::remove_all(dir);
  return r;
}

}  // namespace hall::testing

#endif  // HALL_TESTS_CLI_RUN_COMMAND_H_
