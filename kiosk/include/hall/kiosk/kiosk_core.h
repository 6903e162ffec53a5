// KioskCore: the kiosk without its window. It owns the delegate's session
// (the typed code, the marks, the prepared ballot), the state machine that
// moves it from screen to screen, and a worker thread that runs the voting
// client (network and crypto) off the UI thread.
//
// Contract:
// - Post() may be called from any thread and never blocks on the network;
//   Snapshot() returns the latest immutable ViewModel (never null). The
//   wake callback runs (on the worker thread) after every new model, so a
//   UI that sleeps in glfwWaitEventsTimeout can be woken.
// - A template is drawn only after its seal verifies; one that fails is
//   never drawn, the kiosk shows an alert for the committee and reports it.
// - Secrets (code, marks, prepared ballot) live only inside the core and
//   are wiped on every way back to idle: Cancel, Done, the idle timeout,
//   a refusal. The idle timeout never runs while a ballot is being cast.
// - A challenged ("check this kiosk") ballot is spoiled, shown decrypted,
//   sent to the server for the election record without anything linking
//   it to the code, and never cast; marking resumes with the same code.
// - Nothing about a ballot is logged or written to disk: the log callback
//   gets connection events only.
//
// Standard library only in this header.
#ifndef HALL_KIOSK_KIOSK_CORE_H_
#define HALL_KIOSK_KIOSK_CORE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/kiosk/intent.h"
#include "hall/kiosk/view_model.h"

namespace hall::kiosk {

enum class Mode { kVoter, kDisplay };

// The monotonic time the idle timeout runs on; tests inject their own.
class KioskClock {
 public:
  virtual ~KioskClock() = default;
  virtual std::chrono::steady_clock::time_point Now() = 0;
  // Wall-clock seconds since 1970 (the hall display's clock).
  virtual std::int64_t UnixNow() = 0;
};
KioskClock& SystemKioskClock();

struct KioskConfig {
  Mode mode = Mode::kVoter;
  std::string name;  // the kiosk's certificate name
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string ca_path, cert_path, key_path;
  std::vector<std::uint8_t> seal_public_key;  // 32 bytes (Ed25519)
  std::string committee;                      // who sealed: shown on screen
  Lang meeting_language = Lang::kVi;
  // After this long without a touch: "Are you still voting?".
  std::chrono::milliseconds idle_timeout{120'000};
  // Then this long before the ballot is wiped.
  std::chrono::milliseconds still_voting_grace{30'000};
  // The receipt goes back to idle after this long.
  std::chrono::milliseconds receipt_timeout{60'000};
  std::chrono::milliseconds poll_interval{2'000};
  std::chrono::milliseconds cast_budget{20'000};
  int persons_per_page = 6;
  KioskClock* clock = nullptr;  // not owned; nullptr: SystemKioskClock()
  std::function<void(const std::string&)> log;  // connection events only
};

class KioskCore {
 public:
  // Checks the configuration (files present, seal key well formed) and
  // starts the worker. Fails naming what is missing.
  static Result<std::unique_ptr<KioskCore>> Create(KioskConfig config);
  virtual ~KioskCore() = default;

  virtual void Post(const Intent& intent) = 0;
  virtual std::shared_ptr<const ViewModel> Snapshot() const = 0;
  virtual void SetWakeCallback(std::function<void()> wake) = 0;
  // Applies the idle timeout and countdowns at the clock's time; the UI
  // calls it once per frame (cheap when nothing is due).
  virtual void Tick() = 0;
  // The earliest time Tick has something to do (the UI sleeps until then).
  virtual std::chrono::steady_clock::time_point NextDeadline() const = 0;
  // The names on the current ballot and every text the core may show, so
  // the UI can build its font atlas; changes when a template arrives.
  virtual std::uint64_t TextsVersion() const = 0;
  virtual std::vector<std::string> AllTexts() const = 0;
};

}  // namespace hall::kiosk

#endif  // HALL_KIOSK_KIOSK_CORE_H_
