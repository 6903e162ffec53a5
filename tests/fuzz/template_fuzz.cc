// Fuzz target: ballot templates, signed templates and cast payloads
// (shared/src/ballot_template.cc). The first byte picks the decoder.
// Templates must round-trip; a parsed cast payload must rebuild to the
// input bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "fuzz_check.h"
#include "hall/crypto/init.h"
#include "hall/shared/ballot_template.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  hall::crypto::InitOrDie();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  using namespace hall::shared;
  using hall::fuzz::CheckRoundTrip;
  const auto [selector, in] = hall::fuzz::Select(data, size);
  switch (selector % 3) {
    case 0: CheckRoundTrip<BallotTemplate>(in); break;
    case 1: CheckRoundTrip<SignedTemplate>(in); break;
    default: {
      auto parts = ParseCastPayload(in);
      if (!parts.ok()) break;
      const auto rebuilt = CastPayload(parts->template_digest, parts->ballot);
      FUZZ_CHECK(rebuilt.size() == in.size());
      FUZZ_CHECK(std::equal(rebuilt.begin(), rebuilt.end(), in.begin()));
      break;
    }
  }
  return 0;
}
