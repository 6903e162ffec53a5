// The committee records a step (hall-admin step record): text, the dates the
// step asks for, checked (P7 step 4: at least 7 days of publicity, the talk
// after it, one year of trial), and attached documents whose digests the
// seal signs.
#include <gtest/gtest.h>

#include "hall/crypto/seal.h"
#include "hall/shared/committee_records.h"
#include "server_test_util.h"

namespace hall::server {
namespace {

using testing::MakeMeeting;
using testing::MeetingSpec;
using testing::TempInstallation;

std::vector<std::uint8_t> Bytes(const std::string& s) {
  return std::vector<std::uint8_t>(s.begin(), s.end());
}

class StepRecordTest : public ::testing::Test {
 protected:
  std::uint64_t Meeting(const std::string& procedure) {
    auto id = committee_.CreateMeeting("Hội nghị", procedure, 5,
                                       MeetingMode::kRehearsal);
    EXPECT_TRUE(id.ok()) << id.message();
    return *id;
  }

  NewStepRecord P7Step4(std::uint64_t meeting) {
    NewStepRecord r;
    r.meeting_id = meeting;
    r.step = "4";
    r.text = "公示 at the county offices";
    r.dates = {{"publicity_start", "2027-02-15"},
               {"publicity_end", "2027-02-21"},
               {"talk", "2027-02-24"},
               {"trial_start", "2027-03-01"},
               {"trial_end", "2028-03-01"}};
    return r;
  }

  Status DatesRefused(std::uint64_t meeting, const std::string& name,
                      const std::string& date) {
    NewStepRecord r = P7Step4(meeting);
    for (auto& d : r.dates)
      if (d.name == name) d.date = date;
    auto rec = committee_.RecordStep(r, install_.seal());
    return rec.ok() ? Status::Ok() : rec.status();
  }

  TempInstallation install_;
  Committee committee_{install_.db()};
};

TEST_F(StepRecordTest, ARecordSignsItsTextAndEveryDocumentsDigest) {
  const std::uint64_t m = Meeting("P1");
  NewStepRecord r;
  r.meeting_id = m;
  r.step = "1";
  r.text = "Cơ cấu, tiêu chuẩn: một Phó Giám đốc";
  r.documents = {{"to-trinh.pdf", Bytes("%PDF-1.4 the structure and criteria")},
                 {"danh-sach.csv", Bytes("name\nAn\n")}};
  auto rec = committee_.RecordStep(r, install_.seal());
  ASSERT_TRUE(rec.ok()) << rec.message();
  EXPECT_EQ(rec->statement.index, 1u);
  EXPECT_EQ(rec->statement.text, r.text);
  ASSERT_EQ(rec->statement.documents.size(), 2u);
  EXPECT_EQ(rec->statement.documents[0].digest,
            shared::DocumentDigest(r.documents[0].bytes));
  EXPECT_EQ(rec->statement.documents[1].size, r.documents[1].bytes.size());
  auto sig = crypto::Signature::FromBytes(rec->signature);
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(crypto::Verify(install_.seal().verify_key(),
                             crypto::SignatureType::kStepRecord,
                             rec->statement.Encode(), *sig)
                  .ok());
  auto doc = committee_.StepDocument(m, "1", 1, 1);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(*doc, r.documents[1].bytes);

  // A second record adds to the step; the list keeps both, in order.
  NewStepRecord more;
  more.meeting_id = m;
  more.step = "1";
  more.text = "Bổ sung";
  auto second = committee_.RecordStep(more, install_.seal());
  ASSERT_TRUE(second.ok()) << second.message();
  EXPECT_EQ(second->statement.index, 2u);
  auto all = committee_.StepRecords(m);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1].statement.text, "Bổ sung");
}

TEST_F(StepRecordTest, P7Step4DatesAreChecked) {
  const std::uint64_t m = Meeting("P7");
  NewStepRecord none = P7Step4(m);
  none.dates.clear();
  auto missing = committee_.RecordStep(none, install_.seal());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.message().find("missing"), std::string::npos)
      << missing.message();

  Status six = DatesRefused(m, "publicity_end", "2027-02-20");
  ASSERT_FALSE(six.ok());
  EXPECT_NE(six.message().find("at least 7"), std::string::npos) << six.message();
  Status early = DatesRefused(m, "talk", "2027-02-21");
  ASSERT_FALSE(early.ok());
  EXPECT_NE(early.message().find("after the publicity"), std::string::npos);
  Status before = DatesRefused(m, "trial_start", "2027-02-23");
  ASSERT_FALSE(before.ok());
  Status short_trial = DatesRefused(m, "trial_end", "2028-02-28");
  ASSERT_FALSE(short_trial.ok());
  EXPECT_NE(short_trial.message().find("one year"), std::string::npos);
  Status not_a_date = DatesRefused(m, "talk", "2027-02-30");
  ASSERT_FALSE(not_a_date.ok());
  EXPECT_NE(not_a_date.message().find("not a date"), std::string::npos);

  auto good = committee_.RecordStep(P7Step4(m), install_.seal());
  ASSERT_TRUE(good.ok()) << good.message();
  EXPECT_EQ(good->statement.dates.size(), 5u);
  // Sorted by name, as signed.
  EXPECT_EQ(good->statement.dates[0].name, "publicity_end");
  auto all = committee_.StepRecords(m);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 1u) << "refused records leave nothing behind";
}

TEST_F(StepRecordTest, WhatCannotBeRecordedIsRefused) {
  const std::uint64_t m = Meeting("P1");
  NewStepRecord r;
  r.meeting_id = m;
  r.step = "9";
  r.text = "x";
  auto unknown = committee_.RecordStep(r, install_.seal());
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.message().find("is not a step of"), std::string::npos);
  r.step = "1";
  r.text.clear();
  EXPECT_FALSE(committee_.RecordStep(r, install_.seal()).ok());
  r.text = "x";
  r.dates = {{"talk", "2027-01-01"}};
  auto dates = committee_.RecordStep(r, install_.seal());
  ASSERT_FALSE(dates.ok());
  EXPECT_NE(dates.message().find("records no dates"), std::string::npos);
  r.dates.clear();
  r.documents = {{"a.txt", Bytes("1")}, {"a.txt", Bytes("2")}};
  EXPECT_FALSE(committee_.RecordStep(r, install_.seal()).ok());
}

TEST_F(StepRecordTest, ANewRequestReplacesTheOneWaitingForTheSeal) {
  const std::uint64_t m = Meeting("P1");
  NewStepRecord r;
  r.meeting_id = m;
  r.step = "1";
  r.text = "first draft";
  auto first = committee_.StepRecordRequestOf(r);
  ASSERT_TRUE(first.ok()) << first.message();
  r.text = "as read out in the hall";
  auto second = committee_.StepRecordRequestOf(r);
  ASSERT_TRUE(second.ok());
  auto old_answer = shared::SignStatementWork(*first, install_.seal());
  ASSERT_TRUE(old_answer.ok());
  EXPECT_FALSE(committee_.StoreStepRecordAnswer(m, *old_answer).ok());
  auto answer = shared::SignStatementWork(*second, install_.seal());
  ASSERT_TRUE(answer.ok());
  auto stored = committee_.StoreStepRecordAnswer(m, *answer);
  ASSERT_TRUE(stored.ok()) << stored.message();
  EXPECT_EQ(stored->statement.text, "as read out in the hall");
  EXPECT_EQ(stored->statement.index, 1u);
  EXPECT_FALSE(committee_.StoreStepRecordAnswer(m, *answer).ok())
      << "an answer is stored once";
}

// A balloted step opens only once the steps without a ballot before it are
// on record (P4: steps 1, 2 and 3 come before the vote of step 4).
TEST_F(StepRecordTest, AVoteOpensOnlyOnceTheStepsBeforeItAreRecorded) {
  testing::MeetingSpec spec;
  spec.procedure = "P4";
  spec.record_steps = false;
  auto m = testing::MakeMeeting(committee_, spec, install_.seal());
  ASSERT_TRUE(m.ok()) << m.message();
  NewRound nr;
  nr.meeting_id = m->id;
  nr.step = "4";
  nr.persons = {"An", "Bình"};
  auto round = committee_.CreateRound(nr);
  ASSERT_TRUE(round.ok()) << round.message();
  ASSERT_TRUE(committee_.SealRound(*round, install_.seal()).ok())
      << "sealing (printing the codes) in advance is allowed";
  for (const std::string step : {"1", "2", "3"}) {
    const Status refused = committee_.OpenRound(*round);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.message().find("step " + step +
                                     " (no ballot) comes first and has no record"),
              std::string::npos)
        << refused.message();
    NewStepRecord r;
    r.meeting_id = m->id;
    r.step = step;
    r.text = "held";
    ASSERT_TRUE(committee_.RecordStep(r, install_.seal()).ok());
  }
  EXPECT_TRUE(committee_.OpenRound(*round).ok());
}

}  // namespace
}  // namespace hall::server
