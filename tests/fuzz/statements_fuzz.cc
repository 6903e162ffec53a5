// Fuzz target: the signed statements and record files an auditor re-reads
// (shared/src/statements.cc, committee_records.cc, tally_request.cc,
// spoiled_ballot.cc, seal_work.cc, seal_public_key_file.cc). The first byte
// picks the decoder; every statement must round-trip.
#include <cstddef>
#include <cstdint>

#include "fuzz_check.h"
#include "hall/crypto/init.h"
#include "hall/shared/committee_records.h"
#include "hall/shared/seal_public_key_file.h"
#include "hall/shared/seal_work.h"
#include "hall/shared/spoiled_ballot.h"
#include "hall/shared/statements.h"
#include "hall/shared/tally_request.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  hall::crypto::InitOrDie();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  using namespace hall::shared;
  using hall::fuzz::CheckRoundTrip;
  const auto [selector, in] = hall::fuzz::Select(data, size);
  switch (selector % 13) {
    case 0: CheckRoundTrip<MeetingDefinition>(in); break;
    case 1: CheckRoundTrip<BoxSealedStatement>(in); break;
    case 2: CheckRoundTrip<BoxClosedStatement>(in); break;
    case 3: CheckRoundTrip<RoundCancelledStatement>(in); break;
    case 4: CheckRoundTrip<StepRecordStatement>(in); break;
    case 5: CheckRoundTrip<TallyRequest>(in); break;
    case 6: CheckRoundTrip<PartialFile>(in); break;
    case 7: CheckRoundTrip<SpoiledEntry>(in); break;
    case 8: CheckRoundTrip<SealRequest>(in); break;
    case 9: CheckRoundTrip<SealAnswer>(in); break;
    case 10: {
      auto list = DecodeSpoiledList(in);
      if (!list.ok()) break;
      const auto encoded = EncodeSpoiledList(*list);
      auto again = DecodeSpoiledList(encoded);
      FUZZ_CHECK(again.ok());
      FUZZ_CHECK(EncodeSpoiledList(*again) == encoded);
      break;
    }
    case 11: {
      auto files = DecodeSealedTally(in);
      if (!files.ok()) break;
      const auto encoded = EncodeSealedTally(*files);
      auto again = DecodeSealedTally(encoded);
      FUZZ_CHECK(again.ok());
      FUZZ_CHECK(EncodeSealedTally(*again) == encoded);
      break;
    }
    default: {
      auto key = DecodeSealPublicKeyFile(hall::fuzz::AsText(in));
      if (!key.ok()) break;
      const auto text = EncodeSealPublicKeyFile(*key);
      auto again = DecodeSealPublicKeyFile(text);
      FUZZ_CHECK(again.ok());
      FUZZ_CHECK(EncodeSealPublicKeyFile(*again) == text);
      break;
    }
  }
  return 0;
}
