// The key ceremony with each trustee on their own machine, exchanging files
// (hall-admin ceremony start / finish on the committee machine, hall-trustee
// announce / deal / finish on each trustee's laptop). The messages are the
// crypto library's (ceremony.h); this module fixes the files around them.
// Nothing here touches a database, so hall-trustee needs none.
//
// ceremony.json (public; made by hall-admin ceremony start):
//   {"format": "hall/v1/distributed-ceremony", "installation": ...,
//    "meeting": M, "n": N, "k": K,
//    "trustees": [{"index": 1, "name": ...}, ...],
//    "nonce": 32 hex, "context": hex, "ceremony_id": 64 hex}
//   context     = KeyCeremonyContext(installation, meeting) (shared/statements.h),
//                 the context RunKeyCeremony uses;
//   ceremony_id = BLAKE2b-256(Encoder().Str("hall/v1/ceremony-plan")
//                 .Str(installation).U64(meeting).U32(n).U32(k)
//                 n x Str(name) .Fixed(nonce, 16)).
//   "context" and "ceremony_id" are checked against the other fields on load.
// Announcement file (hall-trustee announce):
//   Str("hall/v1/ceremony-file/announcement") Fixed(ceremony_id)
//   Var(TrusteeAnnouncement)
// Dealing file (hall-trustee deal):
//   Str("hall/v1/ceremony-file/dealing") Fixed(ceremony_id)
//   Var(DealerCommitments) U32(n) n x Var(EncryptedShare for trustee 1..n)
// A file whose ceremony id is not the ceremony's is refused as "from another
// ceremony"; the library binds the context, n and k into every proof and
// share, so a relabelled file fails its checks too.
//
// Authenticity: the files travel by hand or e-mail and nothing signs them.
// Each trustee reads out their announcement fingerprint (and, after dealing,
// their dealing fingerprint) and everyone compares what their own program
// printed; at the end everyone compares the box key digest. There is no
// complaint round: a dealer that fails means the ceremony is run again
// (hall-admin ceremony cancel, then start).
#ifndef HALL_SERVER_ADMIN_DISTRIBUTED_CEREMONY_H_
#define HALL_SERVER_ADMIN_DISTRIBUTED_CEREMONY_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "hall/crypto/ceremony.h"
#include "hall/base/status.h"

namespace hall::server::admin {

struct CeremonyPlan {
  std::string installation;
  std::uint64_t meeting_id = 0;
  std::uint32_t k = 0;
  std::vector<std::string> trustees;  // trustee i is trustees[i-1]
  std::array<std::uint8_t, 16> nonce{};

  std::uint32_t n() const {
    return static_cast<std::uint32_t>(trustees.size());
  }
  crypto::CeremonyParams Params() const;
  std::array<std::uint8_t, 32> Id() const;
  // "trustee 3 (Name)"; the index must be in 1..n.
  std::string Who(std::uint32_t trustee) const;
  // 1 <= k <= n <= 255, distinct non-empty names.
  Status Validate() const;

  std::string ToJson() const;
  // Refuses a malformed file, bad n/k/names, and a context or ceremony id
  // that does not match the other fields (an edited file).
  static Result<CeremonyPlan> FromJson(const std::string& text);
};

// A file given on the command line: its name (for messages) and its bytes.
struct NamedFile {
  std::string path;
  std::string bytes;
};

crypto::Bytes EncodeAnnouncementFile(const CeremonyPlan& plan,
                                     const crypto::TrusteeAnnouncement& a);
// Refuses a file of another ceremony or naming no trustee of this one.
Result<crypto::TrusteeAnnouncement> DecodeAnnouncementFile(
    const CeremonyPlan& plan, std::span<const std::uint8_t> file);
// The fingerprint a trustee reads aloud (16 base32 symbols).
std::string AnnouncementFingerprint(const CeremonyPlan& plan,
                                    const crypto::TrusteeAnnouncement& a);
// Exactly one announcement per trustee 1..n, in trustee order; a missing,
// doubled or foreign one is named with its file.
Result<std::vector<crypto::TrusteeAnnouncement>> CollectAnnouncements(
    const CeremonyPlan& plan, const std::vector<NamedFile>& files);

crypto::Bytes EncodeDealingFile(const CeremonyPlan& plan,
                                const crypto::Dealing& dealing);
// Refuses a file of another ceremony, and one whose shares are not one per
// trustee 1..n from its dealer.
Result<crypto::Dealing> DecodeDealingFile(const CeremonyPlan& plan,
                                          std::span<const std::uint8_t> file);
// The fingerprint of a dealer's public commitments (read aloud by the
// dealer, compared by everyone).
std::string DealingFingerprint(const CeremonyPlan& plan,
                               const crypto::DealerCommitments& c);
// Exactly one dealing per trustee 1..n, in dealer order.
Result<std::vector<crypto::Dealing>> CollectDealings(
    const CeremonyPlan& plan, const std::vector<NamedFile>& files);

}  // namespace hall::server::admin

#endif  // HALL_SERVER_ADMIN_DISTRIBUTED_CEREMONY_H_
