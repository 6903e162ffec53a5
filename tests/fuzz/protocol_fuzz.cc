// Fuzz target: every kiosk <-> server protocol message
// (shared/src/protocol.cc). The first input byte picks the message type
// (selector % 13), the rest is its payload; CheckRoundTrip asserts
// decode -> encode -> decode is stable.
#include <cstddef>
#include <cstdint>

#include "fuzz_check.h"
#include "hall/shared/protocol.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  using namespace hall::shared;
  using hall::fuzz::CheckRoundTrip;
  const auto [selector, in] = hall::fuzz::Select(data, size);
  switch (selector % 13) {
    case 0: CheckRoundTrip<ErrorMessage>(in); break;
    case 1: CheckRoundTrip<StatusRequest>(in); break;
    case 2: CheckRoundTrip<StatusResponse>(in); break;
    case 3: CheckRoundTrip<TemplateRequest>(in); break;
    case 4: CheckRoundTrip<TemplateResponse>(in); break;
    case 5: CheckRoundTrip<CastRequest>(in); break;
    case 6: CheckRoundTrip<Receipt>(in); break;
    case 7: CheckRoundTrip<InclusionRequest>(in); break;
    case 8: CheckRoundTrip<InclusionResponse>(in); break;
    case 9: CheckRoundTrip<AlertRequest>(in); break;
    case 10: CheckRoundTrip<AlertResponse>(in); break;
    case 11: CheckRoundTrip<SpoiledRequest>(in); break;
    default: CheckRoundTrip<SpoiledResponse>(in); break;
  }
  return 0;
}
