// Fuzz target: the kiosk bundle's manifest (shared/src/kiosk_bundle.cc),
// read by a kiosk from a provisioning USB stick. Property: a manifest
// DecodeKioskManifest accepts encodes to JSON it accepts again, which
// encodes the same.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "hall/crypto/init.h"
#include "hall/shared/kiosk_bundle.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  hall::crypto::InitOrDie();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  using namespace hall::shared;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto manifest = DecodeKioskManifest(text);
  if (!manifest.ok()) return 0;
  const std::string encoded = EncodeKioskManifest(*manifest);
  auto again = DecodeKioskManifest(encoded);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(EncodeKioskManifest(*again) == encoded);
  return 0;
}
