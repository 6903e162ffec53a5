// Fuzz target: the crypto layer's wire encodings (crypto/src): encrypted
// and spoiled ballots, credential envelopes and lists, inclusion proofs,
// partial decryptions, box keys, the key ceremony's messages and
// transcript, typed ballot codes and tracking codes. The first byte picks
// the decoder; binary decoders must round-trip (CheckRoundTrip), a parsed
// ballot code must print to a string that parses to the same code.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "hall/crypto/ballot.h"
#include "hall/crypto/bulletin_board.h"
#include "hall/crypto/ceremony.h"
#include "hall/crypto/credential.h"
#include "hall/crypto/decrypt.h"
#include "hall/crypto/envelope.h"
#include "hall/crypto/init.h"
#include "hall/crypto/trustee.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  hall::crypto::InitOrDie();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  using namespace hall::crypto;
  using hall::fuzz::CheckRoundTrip;
  const auto [selector, in] = hall::fuzz::Select(data, size);
  switch (selector % 13) {
    case 0: CheckRoundTrip<EncryptedBallot>(in); break;
    case 1: CheckRoundTrip<SpoiledBallot>(in); break;
    case 2: CheckRoundTrip<CredentialEnvelope>(in); break;
    case 3: CheckRoundTrip<CredentialList>(in); break;
    case 4: CheckRoundTrip<InclusionProof>(in); break;
    case 5: CheckRoundTrip<PartialDecryption>(in); break;
    case 6: CheckRoundTrip<BallotBoxKey>(in); break;
    case 7: CheckRoundTrip<TrusteeAnnouncement>(in); break;
    case 8: CheckRoundTrip<DealerCommitments>(in); break;
    case 9: CheckRoundTrip<EncryptedShare>(in); break;
    case 10: (void)DecodeCeremonyTranscript(in); break;
    case 11: {
      auto code = CredentialCode::Parse(hall::fuzz::AsText(in));
      if (code.ok()) {
        auto again = CredentialCode::Parse(code->ToString());
        FUZZ_CHECK(again.ok());
        FUZZ_CHECK(again->ToString() == code->ToString());
      }
      break;
    }
    default: {
      auto tracking = ParseTrackingCode(hall::fuzz::AsText(in));
      if (tracking.ok()) FUZZ_CHECK(ParseTrackingCode(*tracking).ok());
      break;
    }
  }
  return 0;
}
