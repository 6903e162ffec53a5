#include "storage_alarm.h"

#include <utility>

namespace hall::server {

StorageAlarm::StorageAlarm(std::string folder, Sink sink,
                           std::chrono::milliseconds repeat)
    : folder_(std::move(folder)), sink_(std::move(sink)), repeat_(repeat) {}

void StorageAlarm::Failed(const Status& why, std::uint64_t casts) {
  std::lock_guard lock(mu_);
  const auto now = std::chrono::steady_clock::now();
  refused_total_ += casts;
  if (!failing_) {
    failing_ = true;
    refused_since_line_ = 0;
    last_line_ = now;
    sink_("cannot store ballots: " + why.message() +
          ". Free space on the disk that holds " + folder_ +
          " (or mend it); meanwhile kiosks are asked to cast again, no "
          "receipt goes out for a ballot not stored and every receipted "
          "ballot is kept");
    return;
  }
  refused_since_line_ += casts;
  if (now - last_line_ < repeat_) return;
  sink_("still cannot store ballots: " + std::to_string(refused_since_line_) +
        " casts refused since the last line (" + why.message() +
        "); free space on the disk that holds " + folder_);
  refused_since_line_ = 0;
  last_line_ = now;
}

void StorageAlarm::Stored() {
  std::lock_guard lock(mu_);
  if (!failing_) return;
  sink_("ballots are stored again (" + std::to_string(refused_total_) +
        " casts were refused while storage failed; their kiosks cast again)");
  failing_ = false;
  refused_total_ = 0;
  refused_since_line_ = 0;
}

}  // namespace hall::server
