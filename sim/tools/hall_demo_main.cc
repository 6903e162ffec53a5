// hall-demo: runs a whole meeting of one procedure (default P1, steps 2 to
// 5: the README's main command) against a real hall-server with simulated
// delegates, on the embedded defaults (sim/src/demo/procedure_script.cc).
#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>

#include "hall/sim/demo/meeting.h"
#include "hall/sim/demo/procedure_script.h"
#include "hall/sim/loadgen/server_process.h"

int main(int argc, char** argv) {
  CLI::App app{
      "hall-demo: a whole meeting of one procedure (default P1, the Decree "
      "138 appointment, steps 2-5) with a real tally server, two kiosks over "
      "mutual TLS and simulated delegates."};
  std::string server;
  std::string dir;
  std::string procedure = "P1";
  std::uint64_t seed = 0;
  app.add_option("--server", server,
                 "The hall-server program (default: next to hall-demo)");
  app.add_option(
      "--dir", dir,
      "Keep each role's folder under this new folder: server (what the hall "
      "server holds), committee, trustees/N, recipients/1 (default: "
      "temporary)");
  app.add_option(
         "--procedure", procedure,
         "The procedure whose meeting runs: " + hall::sim::demo::ScriptCodes() +
             "; every balloted step, several persons each")
      ->capture_default_str();
  auto* seed_option = app.add_option(
      "--seed", seed,
      "Draw every delegate's marks at random from this seed (default: P1's "
      "scripted marks, seed 1 for the other procedures)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (!hall::sim::demo::FindScript(procedure)) {
    std::cerr << "hall-demo: --procedure " << procedure
              << ": no such procedure; give one of "
              << hall::sim::demo::ScriptCodes() << "\n";
    return 2;
  }
  hall::sim::demo::DemoOptions options;
  options.server_binary = server.empty()
                              ? hall::sim::loadgen::FindServerBinary({})
                              : std::filesystem::path(server);
  if (options.server_binary.empty()) {
    std::cerr << "hall-demo: hall-server was not found next to hall-demo; give "
                 "--server PATH\n";
    return 2;
  }
  options.work_dir = dir;
  options.procedure = procedure;
  if (seed_option->count()) options.seed = seed;
  auto report = hall::sim::demo::RunMeeting(options, std::cout);
  if (!report.ok()) {
    std::cerr << "hall-demo: " << report.message() << "\n";
    return report.status().code() == hall::StatusCode::kInvalidArgument ? 2 : 1;
  }
  return 0;
}
