#include "hall/shared/round_verifier.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "hall/crypto/bulletin_board.h"
#include "hall/crypto/envelope.h"
#include "hall/crypto/seal.h"
#include "hall/shared/statements.h"

namespace hall::shared {

Result<VerifiedSealedRound> VerifySealedRound(
    const crypto::VerifyKey& seal, const RoundAddress& expected,
    const SignedTemplate& signed_template,
    std::span<const std::uint8_t> list_bytes,
    std::span<const std::uint8_t> list_signature) {
  const std::string what = "the stored ballot template or credential list ";
  auto t = VerifyTemplate(signed_template, seal);
  if (!t.ok()) return Status::Corruption(what + "does not carry the seal");
  if (t->installation != expected.installation ||
      t->meeting_id != expected.meeting_id ||
      t->round_id != expected.round_id) {
    return Status::Corruption(
        "the stored ballot template was sealed for another round "
        "(installation " + t->installation + ", meeting " +
        std::to_string(t->meeting_id) + ", round " +
        std::to_string(t->round_id) + ")");
  }
  auto sig = crypto::Signature::FromBytes(list_signature);
  auto list = crypto::CredentialList::Decode(list_bytes);
  if (!sig.ok() || !list.ok() ||
      !crypto::Verify(seal, crypto::SignatureType::kCredentialList, list_bytes,
                      *sig)
           .ok() ||
      list->digest() != t->credential_list_digest ||
      list->context() != CredentialListContext(t->installation, t->meeting_id,
                                               t->round_id)) {
    return Status::Corruption(what + "does not match what was sealed");
  }
  auto key = crypto::BallotBoxKey::Decode(t->box_key);
  if (!key.ok()) return key.status();
  return VerifiedSealedRound{std::move(t).value(), std::move(list).value(),
                             std::move(key).value()};
}

Result<VerifiedBoard> VerifyBallots(const VerifiedSealedRound& round,
                                    const std::vector<crypto::Bytes>& envelopes,
                                    unsigned workers) {
  const BallotTemplate& t = round.ballot_template;
  auto shape = crypto::ShapeFor(t.Spec());
  if (!shape.ok()) return shape.status();
  const Digest32 digest = t.Digest();
  VerifiedBoard out;
  crypto::BulletinBoard board(digest);
  for (const auto& envelope : envelopes) {
    if (!board.Append(envelope).ok()) {
      return Status::Corruption("the stored ballots repeat one another");
    }
  }
  out.count = board.size();
  out.head = board.head();
  std::vector<std::optional<crypto::VerifiedBallot>> slots(envelopes.size());
  std::vector<std::string> errors(envelopes.size());
  auto verify = [&](std::size_t begin, std::size_t step) {
    for (std::size_t i = begin; i < envelopes.size(); i += step) {
      auto env = crypto::CredentialEnvelope::Decode(envelopes[i]);
      if (!env.ok()) {
        errors[i] = env.message();
        continue;
      }
      if (Status s = crypto::VerifyEnvelope(*env, round.credentials); !s.ok()) {
        errors[i] = s.message();
        continue;
      }
      auto parts = ParseCastPayload(env->payload());
      if (!parts.ok()) {
        errors[i] = parts.message();
        continue;
      }
      if (parts->template_digest != digest) {
        errors[i] = "cast for another ballot";
        continue;
      }
      auto ballot = crypto::EncryptedBallot::Decode(parts->ballot);
      if (!ballot.ok()) {
        errors[i] = ballot.message();
        continue;
      }
      auto v = crypto::AcceptBallot(round.box_key.joint_key(), *shape, digest,
                                    env->credential(), *ballot);
      if (!v.ok()) {
        errors[i] = v.message();
        continue;
      }
      slots[i] = std::move(v).value();
    }
  };
  // At least one thread, never more than there are ballots or than 64.
  const std::size_t n = std::clamp<std::size_t>(
      std::min<std::size_t>(workers, envelopes.size()), 1, 64);
  std::vector<std::thread> threads;
  for (std::size_t w = 1; w < n; ++w) threads.emplace_back(verify, w, n);
  verify(0, n);
  for (auto& th : threads) th.join();
  out.ballots.reserve(envelopes.size());
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (!slots[i]) {
      return Status::Corruption("stored ballot " + std::to_string(i) +
                                " does not verify (" + errors[i] + ")");
    }
    out.ballots.push_back(std::move(*slots[i]));
  }
  std::set<crypto::VerifyKey> credentials_seen;
  for (const auto& envelope : envelopes) {
    auto env = crypto::CredentialEnvelope::Decode(envelope);
    if (!env.ok() || !credentials_seen.insert(env->credential()).second) {
      return Status::Corruption("two stored ballots use one ballot code");
    }
  }
  return out;
}

}  // namespace hall::shared
