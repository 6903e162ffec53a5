#include "hall/server/admin/distributed_ceremony.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "hall/crypto/digest.h"
#include "hall/crypto/encoding.h"
#include "hall/crypto/fingerprint.h"
#include "hall/shared/json_input.h"
#include "hall/shared/printable_text.h"
#include "hall/shared/statements.h"

namespace hall::server::admin {
namespace {

using json = nlohmann::ordered_json;

constexpr std::string_view kFormat = "hall/v1/distributed-ceremony";
constexpr std::string_view kPlanTag = "hall/v1/ceremony-plan";
constexpr std::string_view kAnnouncementFileTag =
    "hall/v1/ceremony-file/announcement";
constexpr std::string_view kDealingFileTag = "hall/v1/ceremony-file/dealing";
constexpr std::size_t kMaxShareBytes = 4096;
constexpr std::size_t kMaxCommitmentBytes = 64 * 1024;

using crypto::FromHex;
using crypto::ToHex;

std::string Short(const std::array<std::uint8_t, 32>& id) {
  return ToHex(std::span<const std::uint8_t>(id.data(), 8));
}

std::string Num(std::uint64_t n) { return std::to_string(n); }

Status OtherCeremony(const CeremonyPlan& plan, std::string_view what,
                     const std::array<std::uint8_t, 32>& found) {
  return Status::InvalidArgument(
      "this " + std::string(what) + " is from another ceremony (ceremony " +
      Short(found) + "..., not meeting " + Num(plan.meeting_id) +
      "'s ceremony " + Short(plan.Id()) +
      "...): use the files of the ceremony.json you were given");
}

}  // namespace

crypto::CeremonyParams CeremonyPlan::Params() const {
  crypto::CeremonyParams p;
  p.n = n();
  p.k = k;
  p.context = shared::KeyCeremonyContext(installation, meeting_id);
  return p;
}

std::array<std::uint8_t, 32> CeremonyPlan::Id() const {
  crypto::Encoder e;
  e.Str(kPlanTag).Str(installation).U64(meeting_id).U32(n()).U32(k);
  for (const auto& name : trustees) e.Str(name);
  e.Fixed(nonce);
  const crypto::Bytes bytes = e.Take();
  return crypto::Blake2b256(bytes);
}

std::string CeremonyPlan::Who(std::uint32_t trustee) const {
  return "trustee " + Num(trustee) + " (" + trustees.at(trustee - 1) + ")";
}

std::string CeremonyPlan::ToJson() const {
  json j;
  j["format"] = kFormat;
  j["installation"] = installation;
  j["meeting"] = meeting_id;
  j["n"] = n();
  j["k"] = k;
  json list = json::array();
  for (std::uint32_t i = 0; i < n(); ++i) {
    list.push_back(json{{"index", i + 1}, {"name", trustees[i]}});
  }
  j["trustees"] = list;
  j["nonce"] = ToHex(nonce);
  j["context"] = ToHex(Params().context);
  j["ceremony_id"] = ToHex(Id());
  return j.dump(2) + "\n";
}

Result<CeremonyPlan> CeremonyPlan::FromJson(const std::string& text) {
  const Status bad = Status::InvalidArgument(
      "this is not a ceremony file made by hall-admin ceremony start");
  auto parsed = shared::ParseJsonInput(text, "the ceremony file");
  if (!parsed.ok()) return parsed.status();
  json j = std::move(parsed.value());
  if (!j.is_object() || !j.contains("format") || j["format"] != kFormat)
    return bad;
  CeremonyPlan plan;
  try {
    plan.installation = j.at("installation").get<std::string>();
    const auto meeting = shared::WholeNumberIn(j.at("meeting"), 1, UINT64_MAX);
    const auto k = shared::WholeNumberIn(j.at("k"), 1, crypto::kMaxTrustees);
    const auto n = shared::WholeNumberIn(j.at("n"), 1, crypto::kMaxTrustees);
    if (!meeting || !k || !n) return bad;
    plan.meeting_id = *meeting;
    plan.k = static_cast<std::uint32_t>(*k);
    const json& list = j.at("trustees");
    if (!list.is_array() || list.size() != *n) {
      return Status::Corruption(
          "the ceremony file's trustee list is not n long");
    }
    for (std::uint32_t i = 0; i < *n; ++i) {
      if (shared::WholeNumberIn(list[i].at("index"), i + 1, i + 1) != i + 1)
        return Status::Corruption(
            "the ceremony file's trustees are out of order");
      plan.trustees.push_back(list[i].at("name").get<std::string>());
    }
    if (!FromHex(j.at("nonce").get<std::string>(), plan.nonce)) return bad;
    std::array<std::uint8_t, 32> id{};
    if (!FromHex(j.at("ceremony_id").get<std::string>(), id) ||
        id != plan.Id() ||
        j.at("context").get<std::string>() != ToHex(plan.Params().context)) {
      return Status::Corruption(
          "the ceremony file was altered (its ceremony id does not match its "
          "contents); ask the committee for the file again");
    }
  } catch (const json::exception&) {
    return bad;
  }
  if (Status s = plan.Validate(); !s.ok())
    return s.WithContext("the ceremony file is not valid");
  return plan;
}

Status CeremonyPlan::Validate() const {
  if (n() < 1 || n() > crypto::kMaxTrustees) {
    return Status::InvalidArgument("name between 1 and " +
                                   Num(crypto::kMaxTrustees) + " trustees");
  }
  if (k < 1 || k > n()) {
    return Status::InvalidArgument(
        "the threshold k must be between 1 and the number of trustees (" +
        Num(n()) + ")");
  }
  std::set<std::string> unique(trustees.begin(), trustees.end());
  if (unique.size() != trustees.size())
    return Status::InvalidArgument("two trustees have the same name");
  if (unique.count(""))
    return Status::InvalidArgument("a trustee's name is empty");
  for (std::size_t i = 0; i < trustees.size(); ++i) {
    auto clean = shared::HumanText(trustees[i],
                                   "trustee " + Num(i + 1) + "'s name",
                                   shared::kMaxNameBytes);
    if (!clean.ok()) return clean.status();
    if (*clean != trustees[i])
      return Status::InvalidArgument("trustee " + Num(i + 1) +
                                     "'s name is not in Unicode NFC");
  }
  return Status::Ok();
}

crypto::Bytes EncodeAnnouncementFile(const CeremonyPlan& plan,
                                     const crypto::TrusteeAnnouncement& a) {
  return crypto::Encoder()
      .Str(kAnnouncementFileTag)
      .Fixed(plan.Id())
      .Var(a.Encode())
      .Take();
}

Result<crypto::TrusteeAnnouncement> DecodeAnnouncementFile(
    const CeremonyPlan& plan, std::span<const std::uint8_t> file) {
  crypto::Decoder d(file);
  std::string tag;
  std::array<std::uint8_t, 32> id{};
  crypto::Bytes body;
  if (!d.Str(tag, 64) || tag != kAnnouncementFileTag || !d.Fixed(id) ||
      !d.Var(body, 1024) || !d.Done()) {
    return Status::InvalidArgument(
        "this is not an announcement file (hall-trustee announce makes one)");
  }
  if (id != plan.Id()) return OtherCeremony(plan, "announcement", id);
  auto a = crypto::TrusteeAnnouncement::Decode(body);
  if (!a.ok()) return a.status();
  if (a->trustee < 1 || a->trustee > plan.n()) {
    return Status::InvalidArgument("this announcement names trustee " +
                                   Num(a->trustee) +
                                   ", who is not in the ceremony");
  }
  return a;
}

std::string AnnouncementFingerprint(const CeremonyPlan& plan,
                                    const crypto::TrusteeAnnouncement& a) {
  return crypto::KeyFingerprint(
      "hall/v1/ceremony-announcement",
      crypto::Encoder().Fixed(plan.Id()).Var(a.Encode()).Take());
}

Result<std::vector<crypto::TrusteeAnnouncement>> CollectAnnouncements(
    const CeremonyPlan& plan, const std::vector<NamedFile>& files) {
  std::map<std::uint32_t, std::pair<crypto::TrusteeAnnouncement, std::string>>
      by_trustee;
  for (const NamedFile& f : files) {
    auto a = DecodeAnnouncementFile(plan, crypto::AsBytes(f.bytes));
    if (!a.ok()) return a.status().WithContext(f.path);
    auto [it, fresh] =
        by_trustee.emplace(a->trustee, std::make_pair(*a, f.path));
    if (!fresh) {
      return Status::InvalidArgument("two announcements for " +
                                     plan.Who(a->trustee) + ": " +
                                     it->second.second + " and " + f.path +
                                     "; give exactly one per trustee");
    }
  }
  std::vector<crypto::TrusteeAnnouncement> out;
  for (std::uint32_t j = 1; j <= plan.n(); ++j) {
    auto it = by_trustee.find(j);
    if (it == by_trustee.end()) {
      return Status::InvalidArgument(
          "the announcement of " + plan.Who(j) +
          " is missing: give one announcement file per "
          "trustee (" +
          Num(plan.n()) + ")");
    }
    out.push_back(it->second.first);
  }
  return out;
}

crypto::Bytes EncodeDealingFile(const CeremonyPlan& plan,
                                const crypto::Dealing& dealing) {
  crypto::Encoder e;
  e.Str(kDealingFileTag).Fixed(plan.Id()).Var(dealing.commitments.Encode());
  e.U32(static_cast<std::uint32_t>(dealing.shares.size()));
  for (const auto& s : dealing.shares) e.Var(s.Encode());
  return e.Take();
}

Result<crypto::Dealing> DecodeDealingFile(const CeremonyPlan& plan,
                                          std::span<const std::uint8_t> file) {
  const Status bad = Status::InvalidArgument(
      "this is not a dealing file (hall-trustee deal makes one)");
  crypto::Decoder d(file);
  std::string tag;
  std::array<std::uint8_t, 32> id{};
  crypto::Bytes body;
  if (!d.Str(tag, 64) || tag != kDealingFileTag || !d.Fixed(id)) return bad;
  if (id != plan.Id()) return OtherCeremony(plan, "dealing", id);
  if (!d.Var(body, kMaxCommitmentBytes)) return bad;
  auto commitments = crypto::DealerCommitments::Decode(body);
  if (!commitments.ok()) return commitments.status();
  crypto::Dealing dealing;
  dealing.commitments = std::move(commitments).value();
  const std::uint32_t dealer = dealing.commitments.dealer;
  if (dealer < 1 || dealer > plan.n()) {
    return Status::InvalidArgument("this dealing is from trustee " +
                                   Num(dealer) +
                                   ", who is not in the ceremony");
  }
  std::uint32_t count = 0;
  if (!d.U32(count) || count != plan.n()) {
    return Status::InvalidArgument(plan.Who(dealer) +
                                   "'s dealing does not hold one "
                                   "share per trustee");
  }
  for (std::uint32_t j = 1; j <= count; ++j) {
    if (!d.Var(body, kMaxShareBytes)) return bad;
    auto share = crypto::EncryptedShare::Decode(body);
    if (!share.ok()) return share.status();
    if (share->dealer != dealer || share->recipient != j) {
      return Status::InvalidArgument(
          plan.Who(dealer) +
          "'s dealing holds a share "
          "from trustee " +
          Num(share->dealer) + " for trustee " + Num(share->recipient) +
          " where its share for trustee " + Num(j) + " belongs");
    }
    dealing.shares.push_back(std::move(share).value());
  }
  if (!d.Done()) return bad;
  return dealing;
}

std::string DealingFingerprint(const CeremonyPlan& plan,
                               const crypto::DealerCommitments& c) {
  return crypto::KeyFingerprint(
      "hall/v1/ceremony-dealing",
      crypto::Encoder().Fixed(plan.Id()).Var(c.Encode()).Take());
}

Result<std::vector<crypto::Dealing>> CollectDealings(
    const CeremonyPlan& plan, const std::vector<NamedFile>& files) {
  std::map<std::uint32_t, std::pair<crypto::Dealing, std::string>> by_dealer;
  for (const NamedFile& f : files) {
    auto dealing = DecodeDealingFile(plan, crypto::AsBytes(f.bytes));
    if (!dealing.ok()) return dealing.status().WithContext(f.path);
    const std::uint32_t dealer = dealing->commitments.dealer;
    auto [it, fresh] = by_dealer.emplace(
        dealer, std::make_pair(std::move(dealing).value(), f.path));
    if (!fresh) {
      return Status::InvalidArgument("two dealings from " + plan.Who(dealer) +
                                     ": " + it->second.second + " and " +
                                     f.path + "; give exactly one per trustee");
    }
  }
  std::vector<crypto::Dealing> out;
  for (std::uint32_t i = 1; i <= plan.n(); ++i) {
    auto it = by_dealer.find(i);
    if (it == by_dealer.end()) {
      return Status::InvalidArgument(
          "the dealing of " + plan.Who(i) +
          " is missing: give one dealing file per trustee (" + Num(plan.n()) +
          ")");
    }
    out.push_back(std::move(it->second.first));
  }
  return out;
}

}  // namespace hall::server::admin
