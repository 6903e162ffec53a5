// Shared set-up for the kiosk core's tests: sealed templates of every ballot
// kind with a real ballot-box key, fresh ballot codes, and a machine driven
// through a whole delegate session.
#ifndef HALL_TESTS_KIOSK_KIOSK_TEST_UTIL_H_
#define HALL_TESTS_KIOSK_KIOSK_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "hall/crypto/ceremony.h"
#include "hall/crypto/credential.h"
#include "hall/crypto/random.h"
#include "hall/shared/ballot_template.h"
#include "machine.h"

namespace hall::kiosk::testing {

inline const crypto::Bytes& TestBoxKey() {
  static const crypto::Bytes key = [] {
    const crypto::Bytes context = {'k', 'i', 'o', 's', 'k'};
    auto c = crypto::RunCeremonyInProcess(3, 2, context, crypto::DefaultRandom());
    HALL_CHECK(c.ok());
    return c->key.Encode();
  }();
  return key;
}

inline shared::BallotTemplate MakeTemplate(
    crypto::BallotKind kind, std::size_t persons, std::uint64_t round_id = 7,
    std::optional<std::uint32_t> max_agree = std::nullopt) {
  shared::BallotTemplate t;
  t.installation = "test-installation";
  t.meeting_id = 1;
  t.meeting_title = "Hội nghị cán bộ chủ chốt 2026";
  t.round_id = round_id;
  t.procedure = "vn-138-appointment";
  t.step = "2";
  t.step_titles = {{rules::Language::kEn, "Nomination"},
                   {rules::Language::kVi, "Giới thiệu nhân sự"},
                   {rules::Language::kZh, "推荐人选"}};
  t.disclosure = "sealed";
  t.kind = kind;
  t.max_agree = max_agree;
  const char* names[] = {"Nguyễn Văn An", "Trần Thị Bình", "李明",
                         "Lê Hoàng Cường", "Phạm Thu Dung", "王芳"};
  for (std::size_t i = 0; i < persons; ++i) {
    t.persons.push_back(std::string(names[i % 6]) +
                        (i >= 6 ? " " + std::to_string(i) : ""));
  }
  t.box_key = TestBoxKey();
  return t;
}

inline shared::StatusResponse OpenStatus(std::uint64_t round_id,
                                         const std::string& state = "open") {
  shared::StatusResponse s;
  s.installation = "test-installation";
  s.meeting_id = 1;
  s.meeting_title = "Hội nghị cán bộ chủ chốt 2026";
  s.procedure = "vn-138-appointment";
  s.convened = 40;
  s.present = 38;
  s.quorum_required = 27;
  s.quorum = shared::QuorumRule{">=", 2, 3, "convened", 40, true};
  shared::RoundStatus r;
  r.round_id = round_id;
  r.step = "2";
  r.step_titles = {{rules::Language::kEn, "Nomination"},
                   {rules::Language::kVi, "Giới thiệu nhân sự"}};
  r.state = state;
  r.disclosure = "sealed";
  r.issued = 38;
  s.round = r;
  return s;
}

inline std::string NewCode() {
  return crypto::CredentialCode::Generate().ToString();
}

template <class T>
const T* Find(const std::vector<Effect>& effects) {
  for (const Effect& e : effects) {
    if (const T* t = std::get_if<T>(&e)) return t;
  }
  return nullptr;
}

inline Intent Do(Action a, int person = 0, int level = 0) {
  Intent i;
  i.action = a;
  i.person = person;
  i.level = level;
  return i;
}

inline Intent Type(char c) {
  Intent i;
  i.action = Action::kSymbol;
  i.symbol = c;
  return i;
}

}  // namespace hall::kiosk::testing

#endif  // HALL_TESTS_KIOSK_KIOSK_TEST_UTIL_H_
