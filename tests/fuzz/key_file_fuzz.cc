// Fuzz target: passphrase-protected key files (crypto/src/key_file.cc) and
// the labels of the trustees', recipients' and ceremony box keys
// (server/src/admin/key_files.cc). Only the headers are parsed (no
// passphrase: the Argon2 cost in a fuzzed header is unbounded by design of
// the test, not of the product). A decoded trustee label must round-trip;
// a header's public part must be what the labels read back.
#include <cstddef>
#include <cstdint>

#include "fuzz_check.h"
#include "hall/crypto/init.h"
#include "hall/crypto/key_file.h"
#include "hall/server/admin/key_files.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  hall::crypto::InitOrDie();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  namespace admin = hall::server::admin;
  const auto [selector, in] = hall::fuzz::Select(data, size);
  switch (selector % 5) {
    case 0: (void)hall::crypto::ReadKeyFileInfo(in); break;
    case 1: {
      auto label = admin::DecodeTrusteeLabel(in);
      if (!label.ok()) break;
      const auto encoded = admin::EncodeTrusteeLabel(*label);
      auto again = admin::DecodeTrusteeLabel(encoded);
      FUZZ_CHECK(again.ok());
      FUZZ_CHECK(admin::EncodeTrusteeLabel(*again) == encoded);
      break;
    }
    case 2: (void)admin::ReadTrusteeLabel(in); break;
    case 3: (void)admin::ReadCeremonyBoxKeyLabel(in); break;
    default: (void)admin::ReadRecipientLabel(in); break;
  }
  return 0;
}
