// Fuzz target: the distributed key ceremony's files
// (server/src/admin/distributed_ceremony.cc), which trustees exchange on
// USB sticks: the plan (JSON), announcements and dealings (binary, checked
// against a fixed plan of 3 trustees, k = 2). Property: a plan FromJson
// accepts prints (ToJson) to a plan it accepts again with the same id.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "hall/crypto/init.h"
#include "hall/server/admin/distributed_ceremony.h"

namespace {

const hall::server::admin::CeremonyPlan& FixedPlan() {
  static const hall::server::admin::CeremonyPlan plan = [] {
    hall::server::admin::CeremonyPlan p;
    p.installation = "fuzz";
    p.meeting_id = 1;
    p.k = 2;
    p.trustees = {"A", "B", "C"};
    return p;
  }();
  return plan;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  hall::crypto::InitOrDie();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  namespace admin = hall::server::admin;
  const auto [selector, in] = hall::fuzz::Select(data, size);
  switch (selector % 3) {
    case 0: {
      auto plan = admin::CeremonyPlan::FromJson(std::string(hall::fuzz::AsText(in)));
      if (!plan.ok()) break;
      const std::string json = plan->ToJson();
      auto again = admin::CeremonyPlan::FromJson(json);
      FUZZ_CHECK(again.ok());
      FUZZ_CHECK(again->Id() == plan->Id());
      FUZZ_CHECK(again->ToJson() == json);
      break;
    }
    case 1: {
      auto a = admin::DecodeAnnouncementFile(FixedPlan(), in);
      if (!a.ok()) break;
      const auto encoded = admin::EncodeAnnouncementFile(FixedPlan(), *a);
      FUZZ_CHECK(admin::DecodeAnnouncementFile(FixedPlan(), encoded).ok());
      break;
    }
    default: {
      auto d = admin::DecodeDealingFile(FixedPlan(), in);
      if (!d.ok()) break;
      const auto encoded = admin::EncodeDealingFile(FixedPlan(), *d);
      FUZZ_CHECK(admin::DecodeDealingFile(FixedPlan(), encoded).ok());
      break;
    }
  }
  return 0;
}
