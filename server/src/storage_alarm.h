// StorageAlarm: tells the hall server's operator, in its log, that ballots
// cannot be stored (a full disk, an I/O error, a damaged database), what the
// server does meanwhile and what to do, without writing a line per refused
// cast.
//
// Contract:
// - The first Failed() after storage worked writes one line at once: the
//   reason, the folder whose disk to free or mend, and that kiosks are asked
//   to cast again and no receipt goes out for a ballot not stored.
// - While it keeps failing, at most one line per `repeat` counts the casts
//   refused since the last line.
// - The first Stored() after a failure writes one line saying ballots are
//   stored again and how many casts were refused in all.
// - Lines name the folder, SQLite's reason and counts only, never a ballot,
//   a code or a round's contents. Thread-safe.
#ifndef HALL_SERVER_SRC_STORAGE_ALARM_H_
#define HALL_SERVER_SRC_STORAGE_ALARM_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "hall/base/status.h"

namespace hall::server {

class StorageAlarm {
 public:
  using Sink = std::function<void(std::string_view line)>;
  StorageAlarm(std::string folder, Sink sink, std::chrono::milliseconds repeat);

  void Failed(const Status& why, std::uint64_t casts);
  void Stored();

 private:
  std::mutex mu_;
  const std::string folder_;
  const Sink sink_;
  const std::chrono::milliseconds repeat_;
  bool failing_ = false;
  std::uint64_t refused_since_line_ = 0;
  std::uint64_t refused_total_ = 0;
  std::chrono::steady_clock::time_point last_line_;
};

}  // namespace hall::server

#endif  // HALL_SERVER_SRC_STORAGE_ALARM_H_
