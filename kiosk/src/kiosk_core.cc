#include "hall/kiosk/kiosk_core.h"

#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <mutex>
#include <set>
#include <utility>

#include "hall/crypto/fingerprint.h"
#include "hall/shared/catalog.h"
#include "hall/shared/round_json.h"
#include "machine.h"
#include "present.h"
#include "worker.h"

namespace hall::kiosk {
namespace {

class SystemClock final : public KioskClock {
 public:
  std::chrono::steady_clock::time_point Now() override {
    return std::chrono::steady_clock::now();
  }
  std::int64_t UnixNow() override { return std::time(nullptr); }
};

bool Readable(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

class Core final : public KioskCore {
 public:
  Core(KioskConfig config, crypto::VerifyKey seal)
      : config_(std::move(config)),
        clock_(config_.clock ? *config_.clock : SystemKioskClock()),
        machine_(Options(config_)) {
    context_.committee = config_.committee;
    context_.fingerprint = crypto::Fingerprint(seal);
    context_.meeting_language = config_.meeting_language;
    context_.persons_per_page = config_.persons_per_page;
    if (config_.mode == Mode::kDisplay) machine_.BecomeDisplay();
    Publish();
    WorkerConfig w(seal);
    w.host = config_.host;
    w.port = config_.port;
    w.tls.ca_cert_pem_path = config_.ca_path;
    w.tls.cert_path = config_.cert_path;
    w.tls.key_path = config_.key_path;
    w.poll_interval = config_.poll_interval;
    w.cast_budget = config_.cast_budget;
    w.log = config_.log;
    worker_ = std::make_unique<Worker>(
        std::move(w), [this](Event e) { OnEvent(std::move(e)); });
  }

  ~Core() override { worker_.reset(); }

  void Post(const Intent& intent) override {
    std::vector<Effect> effects;
    {
      std::lock_guard lock(mutex_);
      effects = machine_.OnIntent(intent, clock_.Now());
      Publish();
    }
    Submit(std::move(effects));
  }

  std::shared_ptr<const ViewModel> Snapshot() const override {
    std::lock_guard lock(mutex_);
    return view_;
  }

  void SetWakeCallback(std::function<void()> wake) override {
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
  }

  void Tick() override {
    std::vector<Effect> effects;
    {
      std::lock_guard lock(mutex_);
      const auto now = clock_.Now();
      if (now < machine_.NextDeadline(last_publish_)) return;
      effects = machine_.OnTick(now);
      Publish();
    }
    Submit(std::move(effects));
  }

  std::chrono::steady_clock::time_point NextDeadline() const override {
    std::lock_guard lock(mutex_);
    return machine_.NextDeadline(last_publish_);
  }

  std::uint64_t TextsVersion() const override {
    std::lock_guard lock(mutex_);
    return texts_version_;
  }

  std::vector<std::string> AllTexts() const override {
    std::lock_guard lock(mutex_);
    std::vector<std::string> texts(extra_texts_.begin(), extra_texts_.end());
    for (std::string_view t : AllCatalogTexts()) texts.emplace_back(t);
    for (const auto& p : rules::Catalog::Builtin().procedures()) {
      for (const auto& [lang, title] : p.title.by_language) texts.push_back(title);
      for (const auto& step : p.steps) {
        for (const auto& [lang, title] : step.title.by_language)
          texts.push_back(title);
      }
    }
    return texts;
  }

 private:
  static MachineOptions Options(const KioskConfig& c) {
    MachineOptions o;
    o.idle_timeout = c.idle_timeout;
    o.still_voting_grace = c.still_voting_grace;
    o.receipt_timeout = c.receipt_timeout;
    o.persons_per_page = c.persons_per_page;
    o.meeting_language = c.meeting_language;
    return o;
  }

  void OnEvent(Event event) {
    std::vector<Effect> effects;
    {
      std::lock_guard lock(mutex_);
      if (auto* s = std::get_if<StatusArrived>(&event)) {
        const Lang l =
            MeetingLanguageOf(s->status.procedure, config_.meeting_language);
        context_.meeting_language = l;
        machine_.SetMeetingLanguage(l);
        status_arrived_unix_ = clock_.UnixNow();
      }
      // A voter kiosk draws nothing new for a status that only moved the
      // server's clock: it neither publishes nor wakes the UI (idle CPU).
      bool same_status = false;
      if (auto* s = std::get_if<StatusArrived>(&event);
          s && config_.mode == Mode::kVoter) {
        shared::StatusResponse copy = s->status;
        copy.server_time_unix = 0;
        crypto::Bytes encoded = copy.Encode();
        same_status = encoded == last_status_;
        last_status_ = std::move(encoded);
      }
      const Screen before = machine_.state().screen;
      effects = machine_.OnEvent(std::move(event), clock_.Now());
      if (same_status && effects.empty() &&
          machine_.state().screen == before) {
        return;
      }
      Publish();
    }
    Submit(std::move(effects));
  }

  void Submit(std::vector<Effect> effects) {
    if (config_.mode == Mode::kDisplay) effects.clear();
    for (Effect& e : effects) worker_->Submit(std::move(e));
    std::function<void()> wake;
    {
      std::lock_guard lock(mutex_);
      wake = wake_;
    }
    if (wake) wake();
  }

  // Under mutex_.
  void Publish() {
    const auto now = clock_.Now();
    last_publish_ = now;
    context_.now = now;
    context_.unix_now = clock_.UnixNow();
    context_.status_age_s =
        status_arrived_unix_ ? context_.unix_now - status_arrived_unix_ : 0;
    auto vm = std::make_shared<ViewModel>(
        Present(machine_.state(), machine_.options(), context_));
    vm->version = ++version_;
    view_ = std::move(vm);
    UpdateTexts();
  }

  // Under mutex_: the names and titles of the current round and meeting.
  void UpdateTexts() {
    std::set<std::string> texts;
    const KioskState& st = machine_.state();
    texts.insert(config_.committee);
    if (st.ballot) {
      texts.insert(st.ballot->meeting_title);
      for (const auto& p : st.ballot->persons) texts.insert(p);
      for (const auto& [l, t] : st.ballot->step_titles) texts.insert(t);
    }
    if (st.status) {
      texts.insert(st.status->meeting_title);
      if (st.status->round) {
        for (const auto& [l, t] : st.status->round->step_titles) texts.insert(t);
        // Only the display draws an outcome's names.
        auto result = config_.mode == Mode::kDisplay
                          ? rules::ParseRoundResult(
                                st.status->round->announced_outcome)
                          : Result<rules::RoundResult>(Status::NotFound(""));
        if (result.ok()) {
          for (const auto& o : result->outcomes) texts.insert(o.candidate);
        }
      }
    }
    if (texts != extra_texts_) {
      extra_texts_ = std::move(texts);
      ++texts_version_;
    }
  }

  KioskConfig config_;
  KioskClock& clock_;
  mutable std::mutex mutex_;
  Machine machine_;
  PresentContext context_;
  std::shared_ptr<const ViewModel> view_;
  std::uint64_t version_ = 0;
  std::chrono::steady_clock::time_point last_publish_{};
  std::set<std::string> extra_texts_;
  std::int64_t status_arrived_unix_ = 0;
  crypto::Bytes last_status_;  // the last status, its server time zeroed
  std::uint64_t texts_version_ = 0;
  std::function<void()> wake_;
  std::unique_ptr<Worker> worker_;  // last: stopped before the rest goes
};

}  // namespace

KioskClock& SystemKioskClock() {
  static SystemClock clock;
  return clock;
}

Result<std::unique_ptr<KioskCore>> KioskCore::Create(KioskConfig config) {
  std::string missing;
  auto need = [&](const std::string& path, const char* what) {
    if (path.empty() || !Readable(path)) {
      missing += (missing.empty() ? "" : "; ") + std::string(what) + " (" +
                 (path.empty() ? "not given" : path) + ")";
    }
  };
  need(config.ca_path, "the committee CA certificate ca.crt");
  need(config.cert_path, "the kiosk certificate kiosk.crt");
  need(config.key_path, "the kiosk key kiosk.key");
  if (!missing.empty()) {
    return Status::NotFound("the kiosk cannot start without " + missing +
                            ": enrol it with hall-admin kiosk enrol NAME and "
                            "copy the folder it writes");
  }
  if (config.port == 0) {
    return Status::InvalidArgument(
        "no server port: give the tally server's address as host:port");
  }
  auto seal = crypto::VerifyKey::FromBytes(config.seal_public_key);
  if (!seal.ok()) {
    return Status::InvalidArgument(
        "the seal public key is not an Ed25519 public key (" + seal.message() +
        "): copy seal.pub from the committee again");
  }
  return std::unique_ptr<KioskCore>(
      new Core(std::move(config), std::move(seal).value()));
}

}  // namespace hall::kiosk
