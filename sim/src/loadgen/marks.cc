#include "hall/sim/loadgen/marks.h"

#include <algorithm>
#include <cstdlib>
#include <numeric>
#include <optional>
#include <random>

#include "hall/shared/round.h"

namespace hall::sim::loadgen {
namespace {

using crypto::BallotKind;

// A uniform double in [0, 1) from the top 53 bits: fixed on every platform.
double Uniform(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

// The index of the weight a uniform draw falls in; the weights sum > 0.
std::size_t Pick(std::mt19937_64& rng, const std::vector<double>& weights) {
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  double at = Uniform(rng) * total;
  std::size_t last = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] <= 0) continue;
    last = i;
    if (at < weights[i]) return i;
    at -= weights[i];
  }
  return last;  // rounding at the very end
}

std::string Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

std::vector<std::string> Split(std::string_view s, char by) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (true) {
    const auto at = s.find(by, from);
    out.push_back(Trim(s.substr(from, at - from)));
    if (at == std::string_view::npos) break;
    from = at + 1;
  }
  return out;
}

bool ParseWeight(const std::string& s, double& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && out >= 0 && out < 1e12;
}

bool ParsePosition(const std::string& s, std::uint32_t persons,
                   std::uint32_t& out) {
  if (s.empty() || s.size() > 6 || !std::all_of(s.begin(), s.end(), [](char c) {
        return c >= '0' && c <= '9';
      }))
    return false;
  const unsigned long v = std::stoul(s);
  if (v < 1 || v > persons) return false;
  out = static_cast<std::uint32_t>(v - 1);
  return true;
}

std::string Listed(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

// "option:weight,option:weight" over `names` into `weights`.
Status ParseWeights(const std::string& text,
                    const std::vector<std::string>& names,
                    const std::string& where, std::vector<double>& weights) {
  weights.assign(names.size(), 0.0);
  for (const auto& entry : Split(text, ',')) {
    const auto colon = entry.find(':');
    if (colon == std::string::npos) {
      return Status::InvalidArgument(
          "--marks: " + where + ": \"" + entry +
          "\" is not CHOICE:WEIGHT (choices: " + Listed(names) + ")");
    }
    const std::string name = Trim(entry.substr(0, colon));
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      return Status::InvalidArgument(
          "--marks: " + where + ": \"" + name +
          "\" is not a choice here (choices: " + Listed(names) + ")");
    }
    double w = 0;
    if (!ParseWeight(Trim(entry.substr(colon + 1)), w)) {
      return Status::InvalidArgument("--marks: " + where +
                                     ": the weight of \"" + name +
                                     "\" must be a number of at least 0");
    }
    weights[it - names.begin()] = w;
  }
  if (std::accumulate(weights.begin(), weights.end(), 0.0) <= 0) {
    return Status::InvalidArgument(
        "--marks: " + where + ": give at least one choice a weight above 0");
  }
  return Status::Ok();
}

}  // namespace

std::vector<std::string> ChoiceNames(BallotKind kind) {
  if (kind == BallotKind::kNominate) return {"votes", "blank"};
  std::vector<std::string> names = rules::OptionNames(kind);
  if (kind == BallotKind::kApprove) names.push_back("none");
  return names;
}

MarkDistribution RandomDistribution(const crypto::BallotSpec& spec,
                                    std::uint64_t seed) {
  std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ULL);
  MarkDistribution d;
  if (spec.kind == BallotKind::kNominate) {
    std::vector<double> w;
    for (std::uint32_t p = 0; p < spec.persons; ++p)
      w.push_back(1 + 9 * Uniform(rng));
    const double total = std::accumulate(w.begin(), w.end(), 0.0);
    w.push_back(total / 19);  // 1 ballot in 20 blank
    d.weights.push_back(std::move(w));
    return d;
  }
  const std::size_t options = rules::OptionNames(spec.kind).size();
  for (std::uint32_t p = 0; p < spec.persons; ++p) {
    std::vector<double> w;
    for (std::size_t o = 0; o < options; ++o) w.push_back(1 + 9 * Uniform(rng));
    if (spec.kind == BallotKind::kApprove) {
      const double total = std::accumulate(w.begin(), w.end(), 0.0);
      w.push_back(total / 19);  // 1 in 20 left unmarked
    }
    d.weights.push_back(std::move(w));
  }
  return d;
}

Result<MarkDistribution> ParseMarks(std::string_view text,
                                    const crypto::BallotSpec& spec,
                                    std::uint64_t seed) {
  MarkDistribution d = RandomDistribution(spec, seed);
  const std::string kind(crypto::BallotKindName(spec.kind));
  if (spec.kind == BallotKind::kNominate) {
    std::vector<std::string> names;
    for (std::uint32_t p = 1; p <= spec.persons; ++p)
      names.push_back(std::to_string(p));
    names.push_back("blank");
    if (std::string(text).find('=') != std::string::npos) {
      return Status::InvalidArgument(
          "--marks: a nominate ballot takes POSITION:WEIGHT,...,blank:WEIGHT "
          "(e.g. \"1:8,2:5,blank:1\"), not PERSON=...");
    }
    if (Status s =
            ParseWeights(std::string(text), names, "nominate", d.weights[0]);
        !s.ok()) {
      return s;
    }
    return d;
  }
  std::vector<std::string> names = ChoiceNames(spec.kind);
  std::vector<bool> named(spec.persons, false);
  std::optional<std::vector<double>> rest;
  for (const auto& entry : Split(text, ';')) {
    if (entry.empty()) continue;
    const auto eq = entry.find('=');
    if (eq == std::string::npos) {
      return Status::InvalidArgument(
          "--marks: \"" + entry + "\": a " + kind +
          " ballot takes POSITION=CHOICE:WEIGHT,... per person (or *=...), "
          "entries separated by ';'");
    }
    const std::string who = Trim(entry.substr(0, eq));
    std::vector<double> w;
    if (Status s =
            ParseWeights(entry.substr(eq + 1), names, "person " + who, w);
        !s.ok()) {
      return s;
    }
    if (who == "*") {
      rest = std::move(w);
      continue;
    }
    std::uint32_t p = 0;
    if (!ParsePosition(who, spec.persons, p)) {
      return Status::InvalidArgument(
          "--marks: \"" + who + "\" is not a position on the ballot (1 to " +
          std::to_string(spec.persons) + ", or *)");
    }
    d.weights[p] = std::move(w);
    named[p] = true;
  }
  if (rest) {
    for (std::uint32_t p = 0; p < spec.persons; ++p)
      if (!named[p]) d.weights[p] = *rest;
  }
  return d;
}

std::vector<BallotMarks> DrawMarks(const crypto::BallotSpec& spec,
                                   const MarkDistribution& distribution,
                                   std::size_t count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<BallotMarks> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    BallotMarks marks;
    if (spec.kind == BallotKind::kNominate) {
      const std::size_t c = Pick(rng, distribution.weights[0]);
      marks.push_back(c < spec.persons
                          ? crypto::Mark(static_cast<std::uint32_t>(c))
                          : std::nullopt);
      out.push_back(std::move(marks));
      continue;
    }
    const std::size_t options = rules::OptionNames(spec.kind).size();
    for (std::uint32_t p = 0; p < spec.persons; ++p) {
      const std::size_t c = Pick(rng, distribution.weights[p]);
      marks.push_back(c < options ? crypto::Mark(static_cast<std::uint32_t>(c))
                                  : std::nullopt);  // approve's "none"
    }
    if (spec.kind == BallotKind::kApprove && spec.max_agree) {
      std::vector<std::uint32_t> agrees;
      for (std::uint32_t p = 0; p < spec.persons; ++p)
        if (marks[p] == 0u) agrees.push_back(p);
      while (agrees.size() > *spec.max_agree) {
        const std::size_t k = rng() % agrees.size();
        marks[agrees[k]] = 1u;  // disagree
        agrees.erase(agrees.begin() + static_cast<std::ptrdiff_t>(k));
      }
    }
    out.push_back(std::move(marks));
  }
  return out;
}

CastCounts CountMarks(const crypto::BallotSpec& spec,
                      std::span<const std::string> persons,
                      std::span<const BallotMarks> marks) {
  CastCounts c;
  const auto& options = rules::OptionNames(spec.kind);
  for (const auto& name : persons)
    for (const auto& o : options) c.counts[name][o] = 0;
  for (const auto& m : marks) {
    ++c.cast;
    if (spec.kind == BallotKind::kNominate) {
      if (m.at(0))
        ++c.counts[persons[*m[0]]]["votes"];
      else
        ++c.blank;
      continue;
    }
    for (std::size_t p = 0; p < persons.size(); ++p)
      if (m.at(p)) ++c.counts[persons[p]][options[*m[p]]];
  }
  return c;
}

}  // namespace hall::sim::loadgen
