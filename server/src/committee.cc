#include "hall/server/committee.h"

#include <ctime>

namespace hall::server {

Clock SystemClock() {
  return [] {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return std::string(buf);
  };
}

Committee::Committee(Database& db, Clock clock, crypto::RandomSource& rng,
                     const rules::Catalog& catalog)
    : db_(db), clock_(std::move(clock)), rng_(rng), catalog_(catalog) {}

}  // namespace hall::server
