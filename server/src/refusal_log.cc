// Summarised refusal lines; see refusal_log.h.
#include "refusal_log.h"

#include "hall/shared/net/io.h"

namespace hall::server {

const char* RefusalReasonText(RefusalReason reason) {
  switch (reason) {
    case RefusalReason::kTooManyFromAddress:
      return "too many connections from this address";
    case RefusalReason::kTooManyHandshakesFromAddress:
      return "too many unauthenticated connections from this address";
    case RefusalReason::kHandshakeLimit:
      return "every TLS handshake slot busy";
    case RefusalReason::kEvictedForFairness:
      return "handshake dropped to make room for another address";
    case RefusalReason::kKioskLimit:
      return "at the kiosk connection limit";
    case RefusalReason::kTooManyForCertificate:
      return "too many connections with this kiosk certificate";
    case RefusalReason::kHandshakeTimeout:
      return "TLS handshake timed out";
    case RefusalReason::kHandshakeFailed:
      return "TLS handshake failed";
    case RefusalReason::kNoThread:
      return "cannot start a connection thread";
  }
  return "refused";
}

std::string GroupedCount(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

RefusalLog::RefusalLog(std::chrono::milliseconds interval,
                       std::function<void(const std::string&)> sink,
                       std::function<Clock::time_point()> now,
                       std::size_t max_lines)
    : interval_(interval),
      sink_(std::move(sink)),
      now_(std::move(now)),
      max_lines_(max_lines) {}

bool RefusalLog::TakeLine(Clock::time_point now) {
  if (now - window_start_ >= interval_) {
    window_start_ = now;
    lines_in_window_ = 0;
  }
  if (lines_in_window_ >= max_lines_) return false;
  ++lines_in_window_;
  return true;
}

void RefusalLog::Note(const std::string& host, const std::string& peer,
                      RefusalReason reason, const std::string& detail) {
  std::lock_guard lock(mu_);
  ++noted_;
  std::pair key{host, reason};
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    if (entries_.size() >= kMaxKeys) key.first = "other addresses";
    it = entries_.try_emplace(key).first;
    if (key.first != host) {
      it->second.pending++;
      it->second.detail = detail;
      return;
    }
    const Clock::time_point now = now_();
    it->second.last_line = now;
    if (!TakeLine(now)) {  // over the budget: counted for the summary
      it->second.pending++;
      it->second.detail = detail;
      return;
    }
    sink_("refused " + peer + ": " + detail);
    return;
  }
  Entry& e = it->second;
  const Clock::time_point now = now_();
  if (e.pending == 0 && now - e.last_line >= interval_) {
    e.last_line = now;  // quiet for an interval: this one gets its own line
    if (TakeLine(now)) {
      sink_("refused " + peer + ": " + detail);
      return;
    }
  }
  e.pending++;
  e.detail = detail;
}

void RefusalLog::WriteSummary(const std::pair<std::string, RefusalReason>& key,
                              Entry& entry) {
  if (!TakeLine(now_())) {
    overflow_pending_ += entry.pending;
    if (overflow_hosts_.size() < kMaxKeys) overflow_hosts_.insert(key.first);
    entry.pending = 0;
    return;
  }
  std::string why = RefusalReasonText(key.second);
  if (!entry.detail.empty() && entry.detail != why) why += ": " + entry.detail;
  sink_(GroupedCount(entry.pending) +
        (entry.pending == 1 ? " connection" : " connections") +
        " refused from " + key.first + " in the last " +
        net::DurationText(interval_) + " (" + why + ")");
  entry.pending = 0;
}

void RefusalLog::Flush(bool all) {
  std::lock_guard lock(mu_);
  const Clock::time_point now = now_();
  for (auto it = entries_.begin(); it != entries_.end();) {
    Entry& e = it->second;
    const bool due = all || now - e.last_line >= interval_;
    if (due && e.pending > 0) {
      WriteSummary(it->first, e);
      e.last_line = now;
      ++it;
    } else if (due) {
      it = entries_.erase(it);  // quiet for a whole interval: forget it
    } else {
      ++it;
    }
  }
  if (overflow_pending_ > 0 && (all || now - overflow_last_ >= interval_)) {
    sink_(GroupedCount(overflow_pending_) +
          (overflow_pending_ == 1 ? " connection" : " connections") +
          " refused from " + GroupedCount(overflow_hosts_.size()) +
          " more address" + (overflow_hosts_.size() == 1 ? "" : "es") +
          " in the last " + net::DurationText(interval_) + " (beyond " +
          std::to_string(max_lines_) + " log lines per " +
          net::DurationText(interval_) + ")");
    overflow_pending_ = 0;
    overflow_hosts_.clear();
    overflow_last_ = now;
  }
}

std::uint64_t RefusalLog::noted() const {
  std::lock_guard lock(mu_);
  return noted_;
}

}  // namespace hall::server
