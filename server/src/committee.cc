#include "hall/server/committee.h"

#include <cstdio>
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

std::optional<std::uint64_t> UnixSeconds(std::string_view clock_time) {
  if (clock_time.size() != 20) return std::nullopt;
  const std::string text(clock_time);
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year,
                  &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec,
                  &consumed) != 6 ||
      consumed != 20) {
    return std::nullopt;
  }
  const int year = tm.tm_year, month = tm.tm_mon, day = tm.tm_mday;
  if (tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60) return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const std::time_t t = timegm(&tm);
  // timegm normalizes out-of-range fields: a date it changed is not a date.
  if (t < 0 || tm.tm_year != year - 1900 || tm.tm_mon != month - 1 ||
      tm.tm_mday != day) {
    return std::nullopt;
  }
  return static_cast<std::uint64_t>(t);
}

Committee::Committee(Database& db, Clock clock, crypto::RandomSource& rng,
                     const rules::Catalog& catalog)
    : db_(db), clock_(std::move(clock)), rng_(rng), catalog_(catalog) {}

}  // namespace hall::server
