// hall-demo: runs a whole P1 meeting (steps 2 to 5) against a real
// hall-server with simulated delegates, on the embedded defaults. This is
// the README's main command.
#include <CLI/CLI.hpp>
#include <iostream>

#include "hall/sim/demo/p1_meeting.h"
#include "hall/sim/loadgen/server_process.h"

int main(int argc, char** argv) {
  CLI::App app{
      "hall-demo: a whole P1 appointment meeting (Decree 138, steps 2-5) with "
      "a real "
      "tally server, two kiosks over mutual TLS and simulated delegates."};
  std::string server;
  std::string dir;
  app.add_option("--server", server,
                 "The hall-server program (default: next to hall-demo)");
  app.add_option(
      "--dir", dir,
      "Keep each role's folder under this new folder: server (what the hall "
      "server holds), committee, trustees/N, recipients/1 (default: "
      "temporary)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
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
  auto report = hall::sim::demo::RunP1Meeting(options, std::cout);
  if (!report.ok()) {
    std::cerr << "hall-demo: " << report.message() << "\n";
    return 1;
  }
  return 0;
}
