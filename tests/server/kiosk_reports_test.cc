// What a kiosk reports beside its votes (issue 9): alerts to the committee
// and spoiled ballots for the election record, through the kiosk service
// in-process as hall-server runs it; and the status the hall display shows.
// An alert is kept with the kiosk's certificate name and the server's
// time, capped per kiosk, shown by hall-admin alerts and (without its
// detail) in the status. A spoiled ballot is recorded only while the box is
// open and only if it verifies, never counts, can never be cast, and goes
// into the exported record with nothing that links it to the ballot code.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hall/server/admin/admin.h"
#include "hall/server/alert_store.h"
#include "hall/server/ballot_box.h"
#include "hall/server/kiosk_service.h"
#include "hall/server/schema.h"
#include "hall/server/spoiled_store.h"
#include "hall/shared/client/voting_client.h"
#include "hall/shared/record_format.h"
#include "hall/shared/rules.h"
#include "hall/shared/spoiled_ballot.h"
#include "server_test_util.h"

namespace hall::server::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using shared::AlertKind;
using shared::ErrorCode;
using shared::MessageType;

constexpr char kNine[] = "2027-02-10T09:00:00Z";
constexpr std::uint64_t kNineUnix = 1802250000;
constexpr char kNineTwelve[] = "2027-02-10T09:12:30Z";
constexpr std::uint64_t kNineTwelveUnix = 1802250750;

struct Answer {
  net::Frame frame;
  std::optional<shared::ErrorMessage> error;
};

struct Ran {
  int status = 0;
  std::string out, err;
};

Ran Admin(std::vector<std::string> args) {
  args.insert(args.begin(), "hall-admin");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::istringstream in;
  std::ostringstream out, err;
  Ran r;
  r.status =
      admin::RunAdmin(static_cast<int>(argv.size()), argv.data(), in, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

Bytes ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

template <typename T>
T Must(Result<T> r) {
  HALL_CHECK(r.ok());
  return std::move(r).value();
}

bool Contains(const Bytes& haystack, std::span<const std::uint8_t> needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(),
                     needle.end()) != haystack.end();
}

class KioskReportsTest : public ::testing::Test {
 protected:
  KioskReportsTest() : committee_(install_.db(), [this] { return now_; }) {
    MeetingSpec spec;
    spec.recipient = &recipient_;
    auto meeting = MakeMeeting(committee_, spec, install_.seal());
    HALL_CHECK(meeting.ok());
    meeting_ = std::move(meeting).value();
    auto box = BallotBox::Open(install_.paths().db(), install_.key());
    HALL_CHECK(box.ok());
    box_ = std::move(box).value();
    auto db = OpenInstallation(install_.paths(), install_.key());
    HALL_CHECK(db.ok());
    service_ = std::make_unique<KioskService>(*box_, std::move(db).value(),
                                              [this] { return now_; });
  }
  ~KioskReportsTest() override { box_->Stop(); }

  OpenTestRound Open() {
    auto round = CreateSealAndOpen(committee_, install_.seal(), meeting_.id,
                                   "2", {"An", "Bình"});
    HALL_CHECK(round.ok());
    return std::move(round).value();
  }

  Answer Call(const std::string& kiosk, MessageType type, Bytes payload) {
    PeerInfo peer;
    peer.common_name = kiosk;
    Answer a;
    a.frame = service_->Handle(
        peer, net::Frame{static_cast<std::uint16_t>(type), std::move(payload)});
    if (a.frame.type == static_cast<std::uint16_t>(MessageType::kError)) {
      auto e = shared::ErrorMessage::Decode(a.frame.payload);
      HALL_CHECK(e.ok());
      a.error = *e;
    }
    return a;
  }
  Answer Alert(const std::string& kiosk, AlertKind kind, std::uint64_t round,
               const std::string& detail) {
    return Call(kiosk, MessageType::kAlertRequest,
                shared::AlertRequest{kind, round, detail}.Encode());
  }
  Answer Spoil(std::uint64_t round, const shared::SpoiledEntry& entry) {
    return Call("kiosk-001", MessageType::kSpoiledRequest,
                shared::SpoiledRequest{round, entry.Encode()}.Encode());
  }

  client::PreparedBallot Prepare(const OpenTestRound& round, std::size_t code,
                                 crypto::Mark mark) {
    auto t = LoadTemplate(install_.db(), round.id);
    HALL_CHECK(t.ok());
    const crypto::Mark marks[] = {mark};
    auto prepared =
        client::PrepareBallot(*t, round.codes[code].ToString(), marks);
    HALL_CHECK(prepared.ok());
    return std::move(prepared).value();
  }
  // Spoils `ballot` the way a challenged kiosk does.
  shared::SpoiledEntry Spoiled(client::PreparedBallot& ballot) {
    return shared::SpoiledEntryOf(ballot.ballot(), ballot.Spoil());
  }

  TempInstallation install_;
  std::string now_ = kNine;
  RecipientKey recipient_ = GenerateRecipientKey();
  Committee committee_;
  ReadyMeeting meeting_;
  std::unique_ptr<BallotBox> box_;
  std::unique_ptr<KioskService> service_;
};

TEST_F(KioskReportsTest, AnAlertIsKeptWithTheKiosksNameAndTheServersTime) {
  const OpenTestRound round = Open();
  now_ = kNineTwelve;
  const Answer a = Alert("kiosk-007", AlertKind::kTemplateSealInvalid, round.id,
                         "the template of round " + std::to_string(round.id) +
                             " failed its seal\x1b[2J\n(screen cleared)");
  ASSERT_FALSE(a.error) << a.error->message;
  EXPECT_EQ(a.frame.type,
            static_cast<std::uint16_t>(MessageType::kAlertResponse));
  EXPECT_TRUE(a.frame.payload.empty());

  auto stored = ListAlerts(install_.db(), meeting_.id);
  ASSERT_TRUE(stored.ok()) << stored.message();
  ASSERT_EQ(stored->size(), 1u);
  const StoredAlert& alert = stored->front();
  EXPECT_EQ(alert.kiosk, "kiosk-007");
  EXPECT_EQ(alert.kind, AlertKind::kTemplateSealInvalid);
  EXPECT_EQ(alert.round_id, round.id);
  EXPECT_EQ(alert.received_at, kNineTwelve);
  // The escape sequence cannot reach the committee's terminal.
  EXPECT_EQ(alert.detail, "the template of round " + std::to_string(round.id) +
                              " failed its seal\xEF\xBF\xBD[2J (screen "
                              "cleared)");

  // The hall sees the kind, kiosk, round and time, never the detail.
  const shared::StatusResponse status = service_->CurrentStatus();
  EXPECT_EQ(status.alerts, 1u);
  ASSERT_EQ(status.latest_alerts.size(), 1u);
  EXPECT_EQ(status.latest_alerts[0].kind, AlertKind::kTemplateSealInvalid);
  EXPECT_EQ(status.latest_alerts[0].kiosk, "kiosk-007");
  EXPECT_EQ(status.latest_alerts[0].round_id, round.id);
  EXPECT_EQ(status.latest_alerts[0].at_unix, kNineTwelveUnix);
  const Bytes wire = status.Encode();
  EXPECT_EQ(std::string(wire.begin(), wire.end()).find("failed its seal"),
            std::string::npos);

  // The committee sees all of it.
  const Ran shown = Admin({"alerts", "--dir", install_.paths().dir.string()});
  ASSERT_EQ(shown.status, 0) << shown.err;
  EXPECT_NE(shown.out.find("1 kiosk alert for meeting"), std::string::npos)
      << shown.out;
  EXPECT_NE(shown.out.find(std::string(kNineTwelve) + "  kiosk-007  round " +
                           std::to_string(round.id) +
                           "  template_seal_invalid: the template of round"),
            std::string::npos)
      << shown.out;
  EXPECT_EQ(shown.out.find('\x1b'), std::string::npos);
  const Ran meeting = Admin({"meeting", "show", std::to_string(meeting_.id),
                             "--dir", install_.paths().dir.string()});
  EXPECT_NE(meeting.out.find("kiosk alerts: 1 (hall-admin alerts --meeting"),
            std::string::npos)
      << meeting.out;

  // Round 0 (none named) is the current meeting's; an unknown round is
  // refused.
  EXPECT_FALSE(
      Alert("kiosk-007", AlertKind::kInclusionCheckFailed, 0, "").error);
  const Answer unknown =
      Alert("kiosk-007", AlertKind::kInclusionCheckFailed, 999, "");
  ASSERT_TRUE(unknown.error);
  EXPECT_EQ(unknown.error->code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->CurrentStatus().alerts, 2u);
  // A malformed alert.
  Bytes bad =
      shared::AlertRequest{AlertKind::kTemplateSealInvalid, 0, ""}.Encode();
  bad[0] = 77;
  const Answer malformed = Call("kiosk-007", MessageType::kAlertRequest, bad);
  ASSERT_TRUE(malformed.error);
  EXPECT_EQ(malformed.error->code, ErrorCode::kBadRequest);
}

TEST_F(KioskReportsTest, AHostileKioskFillsNoMoreThanItsCaps) {
  const OpenTestRound round = Open();
  const std::string detail(shared::kMaxAlertDetail, 'x');
  for (int i = 0; i < 15; ++i) {
    ASSERT_FALSE(
        Alert("kiosk-bad", AlertKind::kSpoiledCheckFailed, round.id, detail)
            .error);
  }
  // Ten kept for the round, five only counted; another kiosk is unaffected.
  auto stored = ListAlerts(install_.db(), meeting_.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->size(), kAlertsKeptPerKioskRound);
  auto counted = ListCountedAlerts(install_.db(), meeting_.id);
  ASSERT_EQ(counted.size(), 1u);
  EXPECT_EQ(counted[0].kiosk, "kiosk-bad");
  EXPECT_EQ(counted[0].round_id, round.id);
  EXPECT_EQ(counted[0].count, 5u);
  ASSERT_FALSE(
      Alert("kiosk-good", AlertKind::kSpoiledCheckFailed, round.id, "x").error);
  EXPECT_EQ(ListAlerts(install_.db(), meeting_.id)->size(),
            kAlertsKeptPerKioskRound + 1);
  const shared::StatusResponse status = service_->CurrentStatus();
  EXPECT_EQ(status.alerts, 16u);
  EXPECT_EQ(status.latest_alerts.size(), shared::kMaxStatusAlerts);
  EXPECT_EQ(status.latest_alerts[0].kiosk, "kiosk-good");

  // Across rounds: at most kAlertsKeptPerKiosk in all.
  std::vector<std::uint64_t> rounds = {0};
  for (int i = 0; i < 10; ++i) {
    NewRound r;
    r.meeting_id = meeting_.id;
    r.step = "2";
    r.persons = {"An", "Bình"};
    auto id = committee_.CreateRound(r);
    ASSERT_TRUE(id.ok()) << id.message();
    rounds.push_back(*id);
  }
  for (std::uint64_t r : rounds) {
    for (int i = 0; i < 10; ++i) {
      ASSERT_FALSE(
          Alert("kiosk-bad", AlertKind::kSpoiledCheckFailed, r, detail).error);
    }
  }
  auto q = install_.db().Prepare(
      "SELECT count(*), sum(length(detail)) FROM kiosk_alerts WHERE kiosk = "
      "'kiosk-bad'");
  ASSERT_TRUE(q.Step());
  EXPECT_EQ(static_cast<std::uint64_t>(q.Int(0)), kAlertsKeptPerKiosk);
  EXPECT_LE(static_cast<std::uint64_t>(q.Int(1)),
            kAlertsKeptPerKiosk * shared::kMaxAlertDetail);
  EXPECT_EQ(AlertTotal(install_.db(), meeting_.id), 16u + 110u);

  const Ran shown = Admin({"alerts", "--dir", install_.paths().dir.string()});
  ASSERT_EQ(shown.status, 0) << shown.err;
  EXPECT_NE(shown.out.find("and 5 more from kiosk-bad for round " +
                           std::to_string(round.id)),
            std::string::npos)
      << shown.out;
}

TEST_F(KioskReportsTest, ASpoiledBallotIsRecordedNeverCountedAndNeverCast) {
  const OpenTestRound round = Open();
  client::PreparedBallot challenged = Prepare(round, 0, 1);
  const Bytes challenged_envelope = challenged.envelope();
  const shared::SpoiledEntry entry = Spoiled(challenged);
  Answer a = Spoil(round.id, entry);
  ASSERT_FALSE(a.error) << a.error->message;
  EXPECT_EQ(a.frame.type,
            static_cast<std::uint16_t>(MessageType::kSpoiledResponse));
  // A retry is the same spoiled ballot.
  ASSERT_FALSE(Spoil(round.id, entry).error);
  EXPECT_EQ(CountSpoiled(install_.db(), round.id), 1u);

  // Not turnout: no ballot in the box.
  shared::StatusResponse status = service_->CurrentStatus();
  ASSERT_TRUE(status.round);
  EXPECT_EQ(status.round->cast, 0u);
  EXPECT_EQ(status.round->spoiled, 1u);
  EXPECT_EQ(Must(LoadRound(install_.db(), round.id)).cast, 0u);

  // Its ciphertexts are never cast, even re-signed: the server refuses the
  // envelope the kiosk had prepared.
  auto refused = box_->Cast(round.id, challenged_envelope);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(refused.message().find("spoiled to check the kiosk"),
            std::string::npos)
      << refused.message();
  // The delegate fills in a new ballot with the same code, and it counts.
  client::PreparedBallot cast = Prepare(round, 0, 1);
  auto receipt = box_->Cast(round.id, cast.envelope());
  ASSERT_TRUE(receipt.ok()) << receipt.message();

  // A cast ballot's opening is never recorded as spoiled.
  client::PreparedBallot other = Prepare(round, 1, 0);
  ASSERT_TRUE(box_->Cast(round.id, other.envelope()).ok());
  const Answer opened_cast = Spoil(round.id, Spoiled(other));
  ASSERT_TRUE(opened_cast.error);
  EXPECT_EQ(opened_cast.error->code, ErrorCode::kRefused);
  EXPECT_NE(opened_cast.error->message.find("a ballot cast"), std::string::npos)
      << opened_cast.error->message;

  // A kiosk that shows other choices than it encrypted is caught.
  client::PreparedBallot lied = Prepare(round, 2, 0);
  shared::SpoiledEntry lie = Spoiled(lied);
  std::swap(lie.opening.plaintext[0], lie.opening.plaintext[1]);
  const Answer tampered = Spoil(round.id, lie);
  ASSERT_TRUE(tampered.error);
  EXPECT_EQ(tampered.error->code, ErrorCode::kRefused);
  EXPECT_NE(tampered.error->message.find(
                "this spoiled ballot does not verify, so it is not recorded: "
                "the spoiled ballot does NOT encrypt the choices shown"),
            std::string::npos)
      << tampered.error->message;
  // Malformed.
  const Answer malformed =
      Call("kiosk-001", MessageType::kSpoiledRequest,
           shared::SpoiledRequest{round.id, Bytes{1, 2, 3}}.Encode());
  ASSERT_TRUE(malformed.error);
  EXPECT_EQ(malformed.error->code, ErrorCode::kBadRequest);

  status = service_->CurrentStatus();
  EXPECT_EQ(status.round->cast, 2u);
  EXPECT_EQ(status.round->spoiled, 1u);

  // The exported record holds it, verifiable with the round's template, and
  // nothing of the envelope later cast with the same code.
  const fs::path out = install_.paths().dir.parent_path() / "record";
  const Ran exported =
      Admin({"record", "export", "--dir", install_.paths().dir.string(),
             "--meeting", std::to_string(meeting_.id), "--out", out.string()});
  ASSERT_EQ(exported.status, 0) << exported.err;
  const json index = json::parse(std::ifstream(out / "record.json"));
  const json& rj = index["rounds"][0];
  EXPECT_EQ(rj["cast"], 2);
  EXPECT_EQ(rj["board"]["count"], 2);
  ASSERT_TRUE(rj.contains("spoiled")) << rj.dump();
  EXPECT_EQ(rj["spoiled"]["count"], 1);
  EXPECT_EQ(rj["spoiled"]["ballots"],
            shared::record::RoundFile(round.id, shared::record::kSpoiled));
  EXPECT_EQ(rj["spoiled"]["digests"][0], crypto::ToHex(entry.Digest()));
  EXPECT_TRUE(index["files"].contains(rj["spoiled"]["ballots"]));
  const Bytes file =
      ReadFile(out / rj["spoiled"]["ballots"].get<std::string>());
  auto listed = shared::DecodeSpoiledList(file);
  ASSERT_TRUE(listed.ok()) << listed.message();
  ASSERT_EQ(listed->size(), 1u);
  shared::SignedTemplate signed_template;
  signed_template.template_bytes =
      ReadFile(out / rj["template"].get<std::string>());
  const Bytes signature =
      ReadFile(out / rj["template_signature"].get<std::string>());
  ASSERT_EQ(signature.size(), signed_template.signature.size());
  std::copy(signature.begin(), signature.end(),
            signed_template.signature.begin());
  auto t =
      shared::VerifyTemplate(signed_template, install_.seal().verify_key());
  ASSERT_TRUE(t.ok()) << t.message();
  EXPECT_TRUE(shared::VerifySpoiledEntry(*t, listed->front()).ok());
  EXPECT_EQ(listed->front().opening.plaintext, entry.opening.plaintext);

  auto cast_envelope = crypto::CredentialEnvelope::Decode(cast.envelope());
  ASSERT_TRUE(cast_envelope.ok());
  const json board = json::parse(std::ifstream(out / rj["board"]["ballots"]));
  EXPECT_EQ(board[0]["envelope"], crypto::ToHex(cast.envelope()));
  // No credential key, no signature, no 32 bytes in a row of the envelope
  // cast with the same code.
  EXPECT_FALSE(Contains(file, cast_envelope->credential().bytes()));
  for (std::size_t i = 0; i + 32 <= cast.envelope().size(); ++i) {
    ASSERT_FALSE(Contains(file, std::span(cast.envelope()).subspan(i, 32)))
        << "the spoiled entry holds bytes of the cast envelope at " << i;
  }
  // Of the envelope the kiosk had prepared before the challenge (never
  // sent), only the ciphertexts: not its signature, nor the proofs that
  // are bound to the credential.
  auto prepared = crypto::CredentialEnvelope::Decode(challenged_envelope);
  ASSERT_TRUE(prepared.ok());
  EXPECT_FALSE(Contains(file, prepared->signature().bytes()));
  auto parts = shared::ParseCastPayload(prepared->payload());
  ASSERT_TRUE(parts.ok());
  auto ballot = crypto::EncryptedBallot::Decode(parts->ballot);
  ASSERT_TRUE(ballot.ok());
  for (const auto& proof : ballot->option_proofs) {
    crypto::Encoder e;
    proof.EncodeTo(e);
    const Bytes proof_bytes = e.Take();
    EXPECT_FALSE(Contains(file, std::span(proof_bytes).first(32)));
  }
}

TEST_F(KioskReportsTest, ASpoiledBallotIsTakenOnlyWhileTheBoxIsOpen) {
  NewRound r;
  r.meeting_id = meeting_.id;
  r.step = "2";
  r.persons = {"An", "Bình"};
  auto id = committee_.CreateRound(r);
  ASSERT_TRUE(id.ok());
  auto sealed = committee_.SealRound(*id, install_.seal());
  ASSERT_TRUE(sealed.ok()) << sealed.message();
  OpenTestRound round{*id, std::move(sealed->codes)};
  client::PreparedBallot early = Prepare(round, 0, 0);
  const Answer not_open = Spoil(round.id, Spoiled(early));
  ASSERT_TRUE(not_open.error);
  EXPECT_EQ(not_open.error->code, ErrorCode::kWrongState);
  EXPECT_NE(not_open.error->message.find(
                "is sealed: a spoiled ballot is recorded only while the "
                "round's box is open"),
            std::string::npos)
      << not_open.error->message;

  ASSERT_TRUE(committee_.OpenRound(round.id).ok());
  client::PreparedBallot during = Prepare(round, 0, 0);
  const shared::SpoiledEntry kept = Spoiled(during);
  ASSERT_FALSE(Spoil(round.id, kept).error);
  for (std::size_t i = 0; i < 3; ++i) {
    client::PreparedBallot b = Prepare(round, i, 1);
    ASSERT_TRUE(box_->Cast(round.id, b.envelope()).ok());
  }
  ASSERT_TRUE(committee_.CloseRound(round.id, install_.seal()).ok());
  client::PreparedBallot late = Prepare(round, 3, 0);
  const Answer closed = Spoil(round.id, Spoiled(late));
  ASSERT_TRUE(closed.error);
  EXPECT_EQ(closed.error->code, ErrorCode::kWrongState);
  // A retry of the one recorded while it was open is still answered OK.
  EXPECT_FALSE(Spoil(round.id, kept).error);
  EXPECT_EQ(CountSpoiled(install_.db(), round.id), 1u);
  const Answer unknown = Spoil(999, kept);
  ASSERT_TRUE(unknown.error);
  EXPECT_EQ(unknown.error->code, ErrorCode::kNotFound);
}

TEST_F(KioskReportsTest, ARoundKeepsAtMostTenThousandSpoiledBallots) {
  const OpenTestRound round = Open();
  auto fill = install_.db().Prepare(
      "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE "
      "x < ?) INSERT INTO spoiled_ballots(round_id, digest, entry) SELECT ?, "
      "randomblob(32), x'00' FROM n");
  fill.Bind(1, static_cast<std::int64_t>(kMaxSpoiledPerRound));
  fill.Bind(2, static_cast<std::int64_t>(round.id));
  ASSERT_TRUE(fill.Run().ok());
  client::PreparedBallot one_more = Prepare(round, 0, 0);
  const Answer full = Spoil(round.id, Spoiled(one_more));
  ASSERT_TRUE(full.error);
  EXPECT_EQ(full.error->code, ErrorCode::kUnavailable);
  EXPECT_NE(full.error->message.find("already holds 10000 spoiled ballots"),
            std::string::npos)
      << full.error->message;
  EXPECT_EQ(CountSpoiled(install_.db(), round.id), kMaxSpoiledPerRound);
}

TEST_F(KioskReportsTest, TheHallDisplayGetsWhatItShows) {
  shared::StatusResponse before = service_->CurrentStatus();
  EXPECT_EQ(before.server_time_unix, kNineUnix);
  EXPECT_FALSE(before.round);
  EXPECT_EQ(
      before.procedure_titles.at(rules::Language::kEn),
      Must(MeetingProcedure(install_.db(), meeting_.id))->title.Get("en"));
  const OpenTestRound round = Open();  // opened at 09:00:00
  now_ = kNineTwelve;
  const shared::StatusResponse s = service_->CurrentStatus();
  EXPECT_EQ(s.server_time_unix, kNineTwelveUnix);
  EXPECT_EQ(s.meeting_title, "Bổ nhiệm Phó Giám đốc");
  ASSERT_TRUE(s.round);
  EXPECT_EQ(s.round->opened_at_unix, kNineUnix);
  EXPECT_EQ(s.round->closed_at_unix, 0u);
  EXPECT_EQ(s.round->state, "open");
  EXPECT_EQ(s.round->step_titles,
            Must(LoadTemplate(install_.db(), round.id)).step_titles);
  EXPECT_FALSE(s.round->StepTitle(rules::Language::kVi).empty());
  // The quorum rule the committee enforced: P1's at least 2/3 of those
  // convened, 5 of 5 present.
  const auto procedure = Must(MeetingProcedure(install_.db(), meeting_.id));
  const rules::QuorumCheck enforced = rules::CheckQuorum(
      *procedure, procedure->FindStep("2"), rules::Attendance{5, 5, 5});
  EXPECT_EQ(s.quorum.compare, ">=");
  EXPECT_EQ(s.quorum.num, 2u);
  EXPECT_EQ(s.quorum.den, 3u);
  EXPECT_EQ(s.quorum.of, "convened");
  EXPECT_EQ(s.quorum.base, 5u);
  EXPECT_TRUE(s.quorum.met);
  EXPECT_EQ(s.quorum_required, static_cast<std::uint64_t>(enforced.required));
  EXPECT_EQ(s.present, 5u);
  EXPECT_EQ(s.convened, 5u);

  for (std::size_t i = 0; i < 3; ++i) {
    client::PreparedBallot b = Prepare(round, i, 0);
    ASSERT_TRUE(box_->Cast(round.id, b.envelope()).ok());
  }
  ASSERT_TRUE(committee_.CloseRound(round.id, install_.seal()).ok());
  const shared::StatusResponse closed = service_->CurrentStatus();
  EXPECT_EQ(closed.round->state, "closed");
  EXPECT_EQ(closed.round->opened_at_unix, kNineUnix);
  EXPECT_EQ(closed.round->closed_at_unix, kNineTwelveUnix);
  EXPECT_EQ(closed.round->cast, 3u);
}

// P1 step 2 is sealed: from open to its sealed tally the hall sees turnout,
// spoiled ballots, state, times and digests; never a count beyond turnout.
TEST_F(KioskReportsTest, ASealedRoundNeverShowsMoreThanItsTurnout) {
  const OpenTestRound round = Open();
  client::PreparedBallot challenged = Prepare(round, 4, 1);
  ASSERT_FALSE(Spoil(round.id, Spoiled(challenged)).error);
  const std::vector<crypto::Mark> marks = {0, 0, 1, 0};
  for (std::size_t i = 0; i < marks.size(); ++i) {
    client::PreparedBallot b = Prepare(round, i, marks[i]);
    ASSERT_TRUE(box_->Cast(round.id, b.envelope()).ok());
  }
  const auto check = [&](const std::string& state) {
    const shared::StatusResponse s = service_->CurrentStatus();
    ASSERT_TRUE(s.round);
    EXPECT_EQ(s.round->state, state);
    EXPECT_EQ(s.round->disclosure, "sealed");
    EXPECT_EQ(s.round->issued, 5u);
    EXPECT_EQ(s.round->cast, 4u);
    EXPECT_EQ(s.round->spoiled, 1u);
    EXPECT_TRUE(s.round->announced_outcome.empty());
    const Bytes wire = s.Encode();
    const std::string text(wire.begin(), wire.end());
    for (const char* word :
         {"An", "selected", "votes", "outcome", "counts", "carried"})
      EXPECT_EQ(text.find(word), std::string::npos) << word;
    // Every number on the wire is one the hall may see.
    auto back = shared::StatusResponse::Decode(wire);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->Encode(), wire);
  };
  check("open");
  ASSERT_TRUE(committee_.CloseRound(round.id, install_.seal()).ok());
  check("closed");
  const std::vector<const crypto::TrusteeShare*> two = {&meeting_.shares[0],
                                                        &meeting_.shares[1]};
  ASSERT_TRUE(committee_.RehearseTally(round.id, two, install_.seal()).ok());
  check("minutes_sealed");
}

TEST(SchemaUpgradeTest, AVersion4DatabaseGetsTheVersion5TablesInPlace) {
  TempInstallation install;
  Database& db = install.db();
  ASSERT_TRUE(db.Exec("DROP TABLE kiosk_alerts; DROP TABLE "
                      "kiosk_alerts_counted; DROP TABLE spoiled_ballots; "
                      "DROP TABLE cast_ciphertexts; UPDATE meta SET value = 4 "
                      "WHERE key = 'schema_version'")
                  .ok());
  EXPECT_EQ(CheckSchema(db).code(), StatusCode::kFailedPrecondition);
  auto upgraded = OpenInstallation(install.paths(), install.key());
  ASSERT_TRUE(upgraded.ok()) << upgraded.message();
  EXPECT_TRUE(CheckSchema(*upgraded).ok());
  auto tables = upgraded->Prepare(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
      "('kiosk_alerts', 'kiosk_alerts_counted', 'spoiled_ballots', "
      "'cast_ciphertexts')");
  ASSERT_TRUE(tables.Step());
  EXPECT_EQ(tables.Int(0), 4);
  // Opening again changes nothing; another version is still refused.
  EXPECT_TRUE(OpenInstallation(install.paths(), install.key()).ok());
  ASSERT_TRUE(
      db.Exec("UPDATE meta SET value = 3 WHERE key = 'schema_version'").ok());
  EXPECT_EQ(OpenInstallation(install.paths(), install.key()).code(),
            StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace hall::server::testing
