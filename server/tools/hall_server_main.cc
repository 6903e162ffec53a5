// hall-server: the tally server daemon. Serves kiosks over mutual TLS 1.3
// from an installation folder made by `hall-admin init`.
#include <pthread.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "hall/server/ballot_box.h"
#include "hall/server/installation.h"
#include "hall/server/kiosk_service.h"
#include "hall/server/provisioning.h"
#include "hall/server/tls_listener.h"

int main(int argc, char** argv) {
  CLI::App app{
      "hall-server: the tally server. Kiosks connect over mutual TLS 1.3 with "
      "certificates from `hall-admin kiosk enrol`."};
  std::string dir;
  std::string host = "127.0.0.1";
  std::uint16_t port = hall::server::kDefaultServerPort;
  std::string port_file;
  app.add_option("--dir", dir, "The installation folder (from hall-admin init)")
      ->required();
  app.add_option("--host", host,
                 "Address to listen on (0.0.0.0: every address; kiosks must "
                 "dial one the server certificate names, see hall-admin "
                 "server show)")
      ->capture_default_str();
  app.add_option("--port", port, "Port to listen on (0: any free port)")
      ->capture_default_str();
  app.add_option("--port-file", port_file,
                 "Write the bound port to this file once listening");
  hall::server::TlsListenerConfig limits;
  std::size_t handshake_timeout_ms = limits.handshake_timeout.count();
  app.add_option("--max-kiosks", limits.max_connections,
                 "Authenticated kiosk connections at once")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--max-handshakes", limits.max_handshakes,
                 "Connections still in their TLS handshake at once (not "
                 "counted in --max-kiosks)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--max-per-address", limits.max_connections_per_address,
                 "Connections from one IP address at once")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--max-handshakes-per-address",
                 limits.max_handshakes_per_address,
                 "Unauthenticated connections from one IP address at once")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--max-per-kiosk", limits.max_connections_per_certificate,
                 "Connections with one kiosk certificate at once")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--handshake-timeout-ms", handshake_timeout_ms,
                 "Time a new connection has to finish its TLS handshake")
      ->capture_default_str()
      ->check(CLI::Range(100, 60'000));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  // Signals are taken by sigwait in main only: block them before any thread
  // starts (threads inherit the mask).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  hall::server::InstallationPaths paths{dir};
  auto key = hall::server::InstallationDbKeyFromEnv(paths);
  if (!key.ok()) {
    std::cerr << "hall-server: " << key.message() << "\n";
    return 1;
  }
  auto db = hall::server::OpenInstallation(paths, *key);
  if (!db.ok()) {
    std::cerr << "hall-server: " << db.message() << "\n";
    return 1;
  }
  auto box = hall::server::BallotBox::Open(paths.db(), *key);
  if (!box.ok()) {
    std::cerr << "hall-server: " << box.message() << "\n";
    return 1;
  }
  hall::server::KioskService service(**box, std::move(db).value());
  hall::server::TlsListenerConfig config = limits;
  config.handshake_timeout = std::chrono::milliseconds(handshake_timeout_ms);
  config.host = host;
  config.port = port;
  config.ca_cert_path = paths.ca_cert().string();
  config.cert_path = paths.server_cert().string();
  config.key_path = paths.server_key().string();
  config.crl_path = paths.crl().string();
  auto listener = hall::server::TlsListener::Start(
      config, [&service](const hall::server::PeerInfo& peer,
                         const hall::net::Frame& frame) {
        return service.Handle(peer, frame);
      });
  if (!listener.ok()) {
    std::cerr << "hall-server: " << listener.message() << "\n";
    return 1;
  }
  std::cerr << "hall-server: listening on " << host << ":"
            << (*listener)->port() << "\n";
  if (!port_file.empty()) {
    const std::string tmp = port_file + ".tmp";
    FILE* f = std::fopen(tmp.c_str(), "w");
    if (f) {
      std::fprintf(f, "%u\n", (*listener)->port());
      std::fclose(f);
      std::rename(tmp.c_str(), port_file.c_str());
    }
  }
  while (true) {
    int signal = 0;
    if (sigwait(&signals, &signal) != 0) continue;
    if (signal == SIGHUP) {
      if (hall::Status s = (*listener)->ReloadRevocations(); !s.ok()) {
        std::cerr << "hall-server: " << s.message() << "\n";
      } else {
        std::cerr << "hall-server: revocation list reloaded\n";
      }
      continue;
    }
    break;
  }
  std::cerr << "hall-server: stopping\n";
  (*listener)->Stop();
  (*box)->Stop();
  return 0;
}
