// The headless voting client against the REAL hall-server process on a
// loopback port, with an installation prepared through the Committee API
// (hall/sim/loadgen/election.h). Every test gets its own installation and
// server, started as a child with --port 0 --port-file and stopped at the end.
#include "hall/shared/client/voting_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "hall/crypto/credential.h"
#include "hall/crypto/envelope.h"
#include "hall/shared/net/frame.h"
#include "hall/shared/net/tls.h"
#include "hall/sim/loadgen/election.h"
#include "hall/sim/loadgen/load.h"
#include "hall/sim/loadgen/server_process.h"

namespace hall::client {
namespace {

namespace lg = sim::loadgen;
using crypto::Mark;
using shared::ErrorCode;

// One installation and one running hall-server.
struct Hall {
  lg::TempDir tmp{"hall-client-test"};
  std::unique_ptr<lg::Election> election;
  std::unique_ptr<lg::ServerProcess> server;

  explicit Hall(std::uint64_t people = 12, std::uint32_t kiosks = 2) {
    lg::ElectionOptions o;
    o.people = people;
    o.kiosks = kiosks;
    auto e = lg::Election::Create(tmp.path() / "inst", o);
    HALL_CHECK(e.ok());
    election = std::move(e).value();
    server = std::make_unique<lg::ServerProcess>(
        HALL_SERVER_BINARY, tmp.path() / "inst", tmp.path() / "server.log");
    Status s = server->Start();
    if (!s.ok()) ADD_FAILURE() << s.message();
  }

  Result<VotingClient> Connect(std::uint32_t kiosk = 0,
                               ClientOptions options = {}) {
    return VotingClient::Connect("127.0.0.1", server->port(),
                                 election->KioskTls(kiosk),
                                 election->seal_public(), options);
  }
  lg::ElectionRound Round(bool open = true) {
    auto r = election->AddRound("2", open);
    if (!r.ok()) std::fprintf(stderr, "AddRound: %s\n", r.message().c_str());
    HALL_CHECK(r.ok());
    return std::move(r).value();
  }
};

std::vector<Mark> Nominate(std::uint32_t person) { return {Mark(person)}; }

// Changes one symbol of a printed code (keeping it a base32 symbol).
std::string Mistype(std::string code) {
  code[0] = code[0] == 'A' ? 'B' : 'A';
  return code;
}

class VotingClientTest : public ::testing::Test {
 protected:
  Hall hall_;
};

TEST_F(VotingClientTest, CastGetsReceiptAndInclusionProofVerifies) {
  auto round = hall_.Round();
  auto client = hall_.Connect();
  ASSERT_TRUE(client.ok()) << client.message();
  auto t = client->FetchBallot(round.id);
  ASSERT_TRUE(t.ok()) << t.message();
  EXPECT_EQ(t->round_id, round.id);
  EXPECT_EQ(t->persons, round.persons);
  EXPECT_EQ(t->disclosure, "sealed");
  auto ballot = PrepareBallot(*t, round.codes[0], Nominate(1));
  ASSERT_TRUE(ballot.ok()) << ballot.message();
  auto receipt = client->Cast(*ballot);
  ASSERT_TRUE(receipt.ok()) << receipt.message();
  EXPECT_EQ(receipt->round_id, round.id);
  EXPECT_EQ(receipt->index, 0u);
  EXPECT_EQ(receipt->tracking_code, crypto::TrackingCode(receipt->entry_hash));

  // A second ballot, then the first one's proof against the new head.
  auto second = PrepareBallot(*t, round.codes[1], Nominate(2));
  ASSERT_TRUE(second.ok());
  auto receipt2 = client->Cast(*second);
  ASSERT_TRUE(receipt2.ok()) << receipt2.message();
  auto inclusion = client->CheckInclusion(*receipt, *ballot);
  ASSERT_TRUE(inclusion.ok()) << inclusion.message();
  EXPECT_EQ(inclusion->index, 0u);
  EXPECT_EQ(inclusion->head, receipt2->head);
  // Any spelling of the tracking code, typed by a delegate.
  std::string lower = receipt->tracking_code;
  for (char& c : lower) c = static_cast<char>(std::tolower(c));
  EXPECT_TRUE(client->CheckInclusion(round.id, lower).ok());
  // A receipt does not prove another ballot.
  EXPECT_FALSE(client->CheckInclusion(*receipt, *second).ok());
  auto unknown = client->CheckInclusion(round.id, "AAAAA-AAAAA");
  EXPECT_FALSE(unknown.ok());
  EXPECT_EQ(client->last_error_code(), ErrorCode::kNotFound);

  auto status = client->Status();
  ASSERT_TRUE(status.ok());
  ASSERT_TRUE(status->round.has_value());
  EXPECT_EQ(status->round->cast, 2u);
  EXPECT_EQ(status->round->state, "open");
}

TEST_F(VotingClientTest, RetriedCastReturnsTheSameReceipt) {
  auto round = hall_.Round();
  auto client = hall_.Connect();
  ASSERT_TRUE(client.ok()) << client.message();
  auto t = client->FetchBallot(round.id);
  ASSERT_TRUE(t.ok());
  auto ballot = PrepareBallot(*t, round.codes[0], Nominate(0));
  ASSERT_TRUE(ballot.ok());
  auto first = client->Cast(*ballot);
  ASSERT_TRUE(first.ok()) << first.message();
  auto again = client->Cast(*ballot);
  ASSERT_TRUE(again.ok()) << again.message();
  // From another kiosk, on a new connection, too.
  auto other = hall_.Connect(1);
  ASSERT_TRUE(other.ok());
  auto third = other->Cast(*ballot);
  ASSERT_TRUE(third.ok()) << third.message();
  for (const auto* r : {&*again, &*third}) {
    EXPECT_EQ(r->index, first->index);
    EXPECT_EQ(r->tracking_code, first->tracking_code);
    EXPECT_EQ(r->entry_hash, first->entry_hash);
    EXPECT_EQ(r->head, first->head);
  }
  auto status = client->Status();
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->round->cast, 1u);
}

TEST_F(VotingClientTest, SecondBallotOnAUsedCodeIsRefused) {
  auto round = hall_.Round();
  auto client = hall_.Connect();
  ASSERT_TRUE(client.ok());
  auto t = client->FetchBallot(round.id);
  ASSERT_TRUE(t.ok());
  auto first = PrepareBallot(*t, round.codes[3], Nominate(0));
  auto second = PrepareBallot(*t, round.codes[3], Nominate(4));
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE(client->Cast(*first).ok());
  auto refused = client->Cast(*second);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(client->last_error_code(), ErrorCode::kAlreadyUsed);
  EXPECT_NE(refused.message().find("already been used"), std::string::npos)
      << refused.message();
  EXPECT_EQ(client->cast_retries(), 0u);  // a refusal is not retried
}

TEST_F(VotingClientTest, UnknownAndForgedCodesAreRefused) {
  auto round = hall_.Round();
  auto client = hall_.Connect();
  ASSERT_TRUE(client.ok());
  auto t = client->FetchBallot(round.id);
  ASSERT_TRUE(t.ok());
  // A well-formed code that the committee never issued.
  const std::string made_up = crypto::CredentialCode::Generate().ToString();
  auto unknown = PrepareBallot(*t, made_up, Nominate(0));
  ASSERT_TRUE(unknown.ok());
  auto refused = client->Cast(*unknown);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(client->last_error_code(), ErrorCode::kNotFound);
  EXPECT_NE(refused.message().find("not valid for this round"),
            std::string::npos)
      << refused.message();
  // A valid credential with a forged signature.
  auto genuine = PrepareBallot(*t, round.codes[0], Nominate(0));
  ASSERT_TRUE(genuine.ok());
  auto env = crypto::CredentialEnvelope::Decode(genuine->envelope());
  ASSERT_TRUE(env.ok());
  Bytes forged = genuine->envelope();
  // The signature follows the tag and the 32-byte credential key.
  const std::size_t sig_at = forged.size() - env->payload().size() - 4 - 64;
  forged[sig_at + 10] ^= 0x01;
  auto bad_sig = client->CastEnvelope(round.id, forged);
  ASSERT_FALSE(bad_sig.ok());
  EXPECT_EQ(client->last_error_code(), ErrorCode::kRefused);
  EXPECT_NE(bad_sig.message().find("signature"), std::string::npos)
      << bad_sig.message();
  // Garbage is refused as malformed, and the genuine ballot still counts.
  auto garbage = client->CastEnvelope(round.id, Bytes{1, 2, 3});
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(client->last_error_code(), ErrorCode::kBadRequest);
  EXPECT_TRUE(client->Cast(*genuine).ok());
}

TEST_F(VotingClientTest, MistypedCodeIsRefusedWithAClearMessage) {
  auto round = hall_.Round();
  auto client = hall_.Connect();
  ASSERT_TRUE(client.ok());
  auto t = client->FetchBallot(round.id);
  ASSERT_TRUE(t.ok());
  auto typo = PrepareBallot(*t, Mistype(round.codes[0]), Nominate(0));
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.message().find("the ballot code is not right"),
            std::string::npos);
  EXPECT_NE(typo.message().find("mistyped"), std::string::npos)
      << typo.message();
  EXPECT_NE(typo.message().find("slip"), std::string::npos);
  auto short_code =
      PrepareBallot(*t, round.codes[0].substr(0, 20), Nominate(0));
  ASSERT_FALSE(short_code.ok());
  EXPECT_NE(short_code.message().find("characters"), std::string::npos)
      << short_code.message();
  auto bad_char =
      PrepareBallot(*t, "!" + round.codes[0].substr(1), Nominate(0));
  ASSERT_FALSE(bad_char.ok());
  EXPECT_NE(bad_char.message().find("does not occur in ballot codes"),
            std::string::npos)
      << bad_char.message();
  // Lower case, spaces and no dashes are forgiven.
  std::string relaxed;
  for (char c : round.codes[0]) {
    if (c != '-') relaxed.push_back(static_cast<char>(std::tolower(c)));
  }
  auto ok = PrepareBallot(*t, " " + relaxed + " ", Nominate(0));
  ASSERT_TRUE(ok.ok()) << ok.message();
  EXPECT_TRUE(client->Cast(*ok).ok());
  // Marks that do not fit the ballot.
  auto too_far = PrepareBallot(*t, round.codes[1], Nominate(9));
  ASSERT_FALSE(too_far.ok());
  EXPECT_NE(too_far.message().find("choices do not fit"), std::string::npos);
}

TEST_F(VotingClientTest, BallotForAnotherRoundIsRefused) {
  auto a = hall_.Round();
  auto b = hall_.Round(/*open=*/false);  // one open round at a time
  auto client = hall_.Connect();
  ASSERT_TRUE(client.ok());
  auto ta = client->FetchBallot(a.id);
  auto tb = client->FetchBallot(b.id);
  ASSERT_TRUE(ta.ok() && tb.ok());
  // A code of round A on round B's ballot.
  auto wrong_code = PrepareBallot(*tb, a.codes[0], Nominate(0));
  ASSERT_TRUE(wrong_code.ok());
  auto r1 = client->Cast(*wrong_code);
  ASSERT_FALSE(r1.ok());
  EXPECT_EQ(client->last_error_code(), ErrorCode::kNotFound);
  EXPECT_NE(r1.message().find("not valid for this round"), std::string::npos);
  // Round A's ballot (with a code of B) cast into round B.
  auto wrong_ballot = PrepareBallot(*ta, b.codes[0], Nominate(0));
  ASSERT_TRUE(wrong_ballot.ok());
  auto r2 = client->CastEnvelope(b.id, wrong_ballot->envelope());
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(client->last_error_code(), ErrorCode::kRefused);
  EXPECT_NE(r2.message().find("another round"), std::string::npos)
      << r2.message();
  // A genuine ballot of A sent to B, and to a round that does not exist.
  auto genuine = PrepareBallot(*ta, a.codes[0], Nominate(0));
  ASSERT_TRUE(genuine.ok());
  EXPECT_FALSE(client->CastEnvelope(b.id, genuine->envelope()).ok());
  EXPECT_FALSE(client->CastEnvelope(999, genuine->envelope()).ok());
  EXPECT_EQ(client->last_error_code(), ErrorCode::kNotFound);
  EXPECT_TRUE(client->Cast(*genuine).ok());
  // Once A is closed and B open, B's own ballots go in.
  ASSERT_TRUE(hall_.election->committee()
                  .CloseRound(a.id, hall_.election->seal())
                  .ok());
  ASSERT_TRUE(hall_.election->committee().OpenRound(b.id).ok());
  EXPECT_TRUE(client->Cast(*PrepareBallot(*tb, b.codes[0], Nominate(1))).ok());
  EXPECT_FALSE(client->Cast(*PrepareBallot(*ta, a.codes[1], Nominate(1))).ok());
  EXPECT_EQ(client->last_error_code(), ErrorCode::kWrongState);
}

TEST_F(VotingClientTest, TamperedOrForeignTemplateIsRefusedByTheClient) {
  auto round = hall_.Round(/*open=*/false);
  // A client provisioned with another seal key.
  auto stranger = VotingClient::Connect(
      "127.0.0.1", hall_.server->port(), hall_.election->KioskTls(0),
      crypto::SigningKey::Generate().verify_key());
  ASSERT_TRUE(stranger.ok()) << stranger.message();
  auto foreign = stranger->FetchBallot(round.id);
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.message().find("does not carry the organizing committee's "
                                   "seal"),
            std::string::npos)
      << foreign.message();
  EXPECT_NE(foreign.message().find("do not vote on it"), std::string::npos);

  // The template altered in the server's database.
  auto client = hall_.Connect();
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE(client->FetchBallot(round.id).ok());
  auto& db = hall_.election->db();
  auto q = db.Prepare("SELECT template FROM rounds WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(round.id));
  ASSERT_TRUE(q.Step());
  const Bytes original = q.Blob(0);
  Bytes tampered = original;
  tampered[tampered.size() / 2] ^= 0x20;
  auto upd = db.Prepare("UPDATE rounds SET template = ? WHERE id = ?");
  ASSERT_TRUE(upd.Bind(1, tampered)
                  .Bind(2, static_cast<std::int64_t>(round.id))
                  .Run()
                  .ok());
  auto refused = client->FetchBallot(round.id);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("seal"), std::string::npos)
      << refused.message();
  auto restore = db.Prepare("UPDATE rounds SET template = ? WHERE id = ?");
  ASSERT_TRUE(restore.Bind(1, original)
                  .Bind(2, static_cast<std::int64_t>(round.id))
                  .Run()
                  .ok());
  EXPECT_TRUE(client->FetchBallot(round.id).ok());
  // Unsigned (zero signature) and truncated templates, offline.
  shared::SignedTemplate unsigned_template;
  unsigned_template.template_bytes = original;
  EXPECT_FALSE(VerifySealedTemplate(unsigned_template.Encode(),
                                    hall_.election->seal_public())
                   .ok());
  EXPECT_FALSE(
      VerifySealedTemplate(Bytes{1, 2, 3}, hall_.election->seal_public()).ok());
}

// The Status code alone tells a caller what kind of failure it is: each
// protocol refusal arrives as the StatusCode that corresponds to it, and
// last_error_code() still names the protocol code.
TEST_F(VotingClientTest, RefusalsCarryTheStatusCodeOfTheirProtocolCode) {
  auto round = hall_.Round();
  auto sealed_only = hall_.Round(/*open=*/false);
  auto client = hall_.Connect();
  ASSERT_TRUE(client.ok());
  auto t = client->FetchBallot(round.id);
  auto ts = client->FetchBallot(sealed_only.id);
  ASSERT_TRUE(t.ok() && ts.ok());
  // A used ballot code: refused (kAlreadyUsed -> kAlreadyExists).
  auto first = PrepareBallot(*t, round.codes[2], Nominate(0));
  auto second = PrepareBallot(*t, round.codes[2], Nominate(1));
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE(client->Cast(*first).ok());
  auto used = client->Cast(*second);
  ASSERT_FALSE(used.ok());
  EXPECT_EQ(used.code(), StatusCode::kAlreadyExists) << used.message();
  EXPECT_EQ(client->last_error_code(), ErrorCode::kAlreadyUsed);
  // A malformed envelope (kBadRequest -> kInvalidArgument).
  auto garbage = client->CastEnvelope(round.id, Bytes{1, 2, 3});
  EXPECT_EQ(garbage.code(), StatusCode::kInvalidArgument) << garbage.message();
  EXPECT_EQ(client->last_error_code(), ErrorCode::kBadRequest);
  // No such round (kNotFound -> kNotFound).
  auto genuine = PrepareBallot(*t, round.codes[3], Nominate(0));
  ASSERT_TRUE(genuine.ok());
  auto nowhere = client->CastEnvelope(999, genuine->envelope());
  EXPECT_EQ(nowhere.code(), StatusCode::kNotFound) << nowhere.message();
  EXPECT_EQ(client->last_error_code(), ErrorCode::kNotFound);
  // A round that does not accept ballots (kWrongState -> kFailedPrecondition).
  auto not_open =
      client->Cast(*PrepareBallot(*ts, sealed_only.codes[0], Nominate(0)));
  EXPECT_EQ(not_open.code(), StatusCode::kFailedPrecondition)
      << not_open.message();
  EXPECT_EQ(client->last_error_code(), ErrorCode::kWrongState);
  // Failures the client finds itself carry no protocol code.
  auto typo = PrepareBallot(*t, Mistype(round.codes[4]), Nominate(0));
  EXPECT_EQ(typo.code(), StatusCode::kInvalidArgument) << typo.message();
  auto bad_tracking = client->CheckInclusion(round.id, "not a code");
  EXPECT_EQ(bad_tracking.code(), StatusCode::kInvalidArgument)
      << bad_tracking.message();
  EXPECT_FALSE(client->last_error_code().has_value());
  auto spoilt = PrepareBallot(*t, round.codes[5], Nominate(0));
  ASSERT_TRUE(spoilt.ok());
  (void)spoilt->Spoil();
  auto cast_spoilt = client->Cast(*spoilt);
  EXPECT_EQ(cast_spoilt.code(), StatusCode::kFailedPrecondition)
      << cast_spoilt.message();
  EXPECT_FALSE(client->last_error_code().has_value());
}

// A template that fails the seal check is received data failing its
// integrity check: kCorruption, however it was damaged.
TEST_F(VotingClientTest, ATemplateFailingTheSealIsCorruption) {
  auto round = hall_.Round(/*open=*/false);
  auto client = hall_.Connect();
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE(client->FetchBallot(round.id).ok());
  // Tampered with in the server's database.
  auto& db = hall_.election->db();
  auto q = db.Prepare("SELECT template FROM rounds WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(round.id));
  ASSERT_TRUE(q.Step());
  const Bytes original = q.Blob(0);
  Bytes tampered = original;
  tampered[tampered.size() / 2] ^= 0x20;
  auto upd = db.Prepare("UPDATE rounds SET template = ? WHERE id = ?");
  ASSERT_TRUE(upd.Bind(1, tampered)
                  .Bind(2, static_cast<std::int64_t>(round.id))
                  .Run()
                  .ok());
  auto refused = client->FetchBallot(round.id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.code(), StatusCode::kCorruption) << refused.message();
  EXPECT_FALSE(client->last_error_code().has_value());
  auto restore = db.Prepare("UPDATE rounds SET template = ? WHERE id = ?");
  ASSERT_TRUE(restore.Bind(1, original)
                  .Bind(2, static_cast<std::int64_t>(round.id))
                  .Run()
                  .ok());
  EXPECT_TRUE(client->FetchBallot(round.id).ok());
  // Sealed by another key, unsigned, or truncated.
  auto decoded = shared::BallotTemplate::Decode(original);
  ASSERT_TRUE(decoded.ok());
  const auto stranger = crypto::SigningKey::Generate();
  const shared::SignedTemplate foreign = shared::SignTemplate(*decoded, stranger);
  ASSERT_TRUE(
      VerifySealedTemplate(foreign.Encode(), stranger.verify_key()).ok());
  EXPECT_EQ(VerifySealedTemplate(foreign.Encode(), hall_.election->seal_public())
                .code(),
            StatusCode::kCorruption);
  shared::SignedTemplate unsigned_template;
  unsigned_template.template_bytes = original;
  EXPECT_EQ(VerifySealedTemplate(unsigned_template.Encode(),
                                 hall_.election->seal_public())
                .code(),
            StatusCode::kCorruption);
  EXPECT_EQ(
      VerifySealedTemplate(Bytes{1, 2, 3}, hall_.election->seal_public()).code(),
      StatusCode::kCorruption);
}

// A kiosk the server does not accept is refused, not told to try again.
TEST_F(VotingClientTest, AKioskWithoutCertificateIsPermissionDenied) {
  net::TlsClientConfig no_cert;
  no_cert.ca_cert_pem_path = hall_.election->KioskTls(0).ca_cert_pem_path;
  auto refused = VotingClient::Connect("127.0.0.1", hall_.server->port(),
                                       no_cert, hall_.election->seal_public());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.code(), StatusCode::kPermissionDenied) << refused.message();
}

TEST_F(VotingClientTest, CastingIntoAClosedOrUnopenedRoundIsRefused) {
  auto round = hall_.Round();
  auto sealed_only = hall_.Round(/*open=*/false);
  auto client = hall_.Connect();
  ASSERT_TRUE(client.ok());
  auto t = client->FetchBallot(round.id);
  auto ts = client->FetchBallot(sealed_only.id);
  ASSERT_TRUE(t.ok() && ts.ok());
  auto not_open =
      client->Cast(*PrepareBallot(*ts, sealed_only.codes[0], Nominate(0)));
  ASSERT_FALSE(not_open.ok());
  EXPECT_EQ(client->last_error_code(), ErrorCode::kWrongState);
  EXPECT_NE(not_open.message().find("does not accept ballots"),
            std::string::npos)
      << not_open.message();

  auto before = PrepareBallot(*t, round.codes[0], Nominate(0));
  auto after = PrepareBallot(*t, round.codes[1], Nominate(1));
  ASSERT_TRUE(before.ok() && after.ok());
  auto receipt = client->Cast(*before);
  ASSERT_TRUE(receipt.ok());
  ASSERT_TRUE(hall_.election->committee()
                  .CloseRound(round.id, hall_.election->seal())
                  .ok());
  auto closed = client->Cast(*after);
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(client->last_error_code(), ErrorCode::kWrongState);
  // One ballot is too few to open: the round closed as cancelled.
  EXPECT_NE(closed.message().find("does not accept ballots now"),
            std::string::npos)
      << closed.message();
  // The ballot cast before closing is still there, and its retry still
  // gets its receipt.
  EXPECT_TRUE(client->CheckInclusion(*receipt, *before).ok());
  auto retry = client->Cast(*before);
  ASSERT_TRUE(retry.ok()) << retry.message();
  EXPECT_EQ(retry->tracking_code, receipt->tracking_code);
}

TEST_F(VotingClientTest, SpoiledBallotOpeningVerifiesAndIsNeverCast) {
  auto round = hall_.Round();
  auto client = hall_.Connect();
  ASSERT_TRUE(client.ok());
  auto t = client->FetchBallot(round.id);
  ASSERT_TRUE(t.ok());
  auto ballot = PrepareBallot(*t, round.codes[0], Nominate(3));
  ASSERT_TRUE(ballot.ok());
  const crypto::SpoiledBallot spoiled = ballot->Spoil();
  EXPECT_EQ(spoiled.plaintext, (std::vector<std::uint8_t>{0, 0, 0, 1, 0}));
  // Anyone can check it with the template alone (and its wire form).
  auto decoded = crypto::SpoiledBallot::Decode(spoiled.Encode());
  ASSERT_TRUE(decoded.ok());
  EXPECT_TRUE(VerifySpoiledBallot(*t, ballot->ballot(), *decoded).ok());
  // A kiosk that lied about the choice is caught.
  crypto::SpoiledBallot lie = *decoded;
  lie.plaintext = {1, 0, 0, 0, 0};
  auto caught = VerifySpoiledBallot(*t, ballot->ballot(), lie);
  ASSERT_FALSE(caught.ok());
  EXPECT_NE(caught.message().find("does NOT encrypt"), std::string::npos);
  // The spoiled ballot is never cast; the same code casts a fresh ballot.
  EXPECT_FALSE(client->Cast(*ballot).ok());
  auto status = client->Status();
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->round->cast, 0u);
  auto fresh = PrepareBallot(*t, round.codes[0], Nominate(3));
  ASSERT_TRUE(fresh.ok());
  EXPECT_TRUE(client->Cast(*fresh).ok());
}

// A challenged kiosk sends the spoiled ballot to the record and reports
// what failed; neither counts as a vote, and the hall display sees both.
TEST_F(VotingClientTest, ASpoiledBallotAndAnAlertReachTheServerAndNeverCount) {
  auto round = hall_.Round();
  auto client = hall_.Connect();
  ASSERT_TRUE(client.ok()) << client.message();
  auto t = client->FetchBallot(round.id);
  ASSERT_TRUE(t.ok());
  auto ballot = PrepareBallot(*t, round.codes[0], Nominate(3));
  ASSERT_TRUE(ballot.ok());
  const crypto::SpoiledBallot spoiled = ballot->Spoil();
  ASSERT_TRUE(VerifySpoiledBallot(*t, ballot->ballot(), spoiled).ok());
  ASSERT_TRUE(client->SubmitSpoiled(round.id, ballot->ballot(), spoiled).ok())
      << client->last_error_code().has_value();
  // Sent again after a lost answer: the same spoiled ballot.
  EXPECT_TRUE(client->SubmitSpoiled(round.id, ballot->ballot(), spoiled).ok());
  // A kiosk that shows other choices than it encrypted is refused.
  crypto::SpoiledBallot lie = spoiled;
  std::swap(lie.plaintext[0], lie.plaintext[3]);
  EXPECT_FALSE(VerifySpoiledBallot(*t, ballot->ballot(), lie).ok());
  const Status refused = client->SubmitSpoiled(round.id, ballot->ballot(), lie);
  EXPECT_EQ(refused.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(client->last_error_code(), ErrorCode::kRefused);
  EXPECT_NE(refused.message().find("does NOT encrypt the choices shown"),
            std::string::npos)
      << refused.message();

  ASSERT_TRUE(client
                  ->ReportAlert(shared::AlertKind::kSpoiledCheckFailed,
                                round.id,
                                "a spoiled ballot did not open to the choices "
                                "shown")
                  .ok());
  auto status = client->Status();
  ASSERT_TRUE(status.ok()) << status.message();
  ASSERT_TRUE(status->round.has_value());
  EXPECT_EQ(status->round->cast, 0u);
  EXPECT_EQ(status->round->spoiled, 1u);
  EXPECT_GT(status->round->opened_at_unix, 0u);
  EXPECT_GE(status->server_time_unix, status->round->opened_at_unix);
  EXPECT_EQ(status->alerts, 1u);
  ASSERT_EQ(status->latest_alerts.size(), 1u);
  EXPECT_EQ(status->latest_alerts[0].kiosk, "kiosk-001");
  EXPECT_EQ(status->latest_alerts[0].kind,
            shared::AlertKind::kSpoiledCheckFailed);
  EXPECT_EQ(status->latest_alerts[0].round_id, round.id);

  // The same code casts a fresh ballot; the spoiled one never is.
  EXPECT_FALSE(client->CastEnvelope(round.id, ballot->envelope()).ok());
  EXPECT_EQ(client->last_error_code(), ErrorCode::kRefused);
  auto fresh = PrepareBallot(*t, round.codes[0], Nominate(3));
  ASSERT_TRUE(fresh.ok());
  ASSERT_TRUE(client->Cast(*fresh).ok());
  status = client->Status();
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->round->cast, 1u);
  EXPECT_EQ(status->round->spoiled, 1u);
}

TEST_F(VotingClientTest, KioskWithoutCertificateIsRefused) {
  net::TlsClientConfig no_cert;
  no_cert.ca_cert_pem_path = hall_.election->KioskTls(0).ca_cert_pem_path;
  auto refused = VotingClient::Connect("127.0.0.1", hall_.server->port(),
                                       no_cert, hall_.election->seal_public());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("refused"), std::string::npos)
      << refused.message();
  // An enrolled kiosk still gets in.
  EXPECT_TRUE(hall_.Connect().ok());
}

TEST_F(VotingClientTest, OversizedFrameIsRefused) {
  auto conn = net::Connect("127.0.0.1", hall_.server->port(),
                           hall_.election->KioskTls(0),
                           std::chrono::milliseconds(5'000));
  ASSERT_TRUE(conn.ok()) << conn.message();
  const auto header = net::EncodeFrameHeader(
      static_cast<std::uint16_t>(shared::MessageType::kCastRequest),
      net::kDefaultMaxFramePayload + 1);
  ASSERT_TRUE(conn->SendRawBytesForTesting(header).ok());
  (void)conn->SendRawBytesForTesting(Bytes(4096, 0x41));
  auto reply = conn->Receive();
  EXPECT_FALSE(reply.ok());  // closed by the server, no answer
  // The client refuses to send one, too.
  auto conn2 = net::Connect("127.0.0.1", hall_.server->port(),
                            hall_.election->KioskTls(0),
                            std::chrono::milliseconds(5'000));
  ASSERT_TRUE(conn2.ok());
  EXPECT_FALSE(
      conn2
          ->Send(net::Frame{
              static_cast<std::uint16_t>(shared::MessageType::kCastRequest),
              Bytes(net::kDefaultMaxFramePayload + 1, 0)})
          .ok());
  // The server is unaffected.
  auto client = hall_.Connect();
  ASSERT_TRUE(client.ok());
  EXPECT_TRUE(client->Status().ok());
}

// P1 step 2 is a sealed round: no kiosk message shows its counts or outcome,
// before or after the tally.
TEST_F(VotingClientTest, SealedRoundStatusCarriesNoCountsOrOutcome) {
  auto round = hall_.Round();
  auto client = hall_.Connect();
  ASSERT_TRUE(client.ok());
  auto t = client->FetchBallot(round.id);
  ASSERT_TRUE(t.ok());
  for (std::uint32_t i = 0; i < 6; ++i) {
    auto b = PrepareBallot(*t, round.codes[i], Nominate(i % 2));
    ASSERT_TRUE(b.ok());
    ASSERT_TRUE(client->Cast(*b).ok());
  }
  auto check = [&](const std::string& state) {
    auto s = client->Status();
    ASSERT_TRUE(s.ok()) << s.message();
    ASSERT_TRUE(s->round.has_value());
    EXPECT_EQ(s->round->round_id, round.id);
    EXPECT_EQ(s->round->state, state);
    EXPECT_EQ(s->round->disclosure, "sealed");
    EXPECT_EQ(s->round->cast, 6u);  // turnout only
    EXPECT_TRUE(s->round->announced_outcome.empty());
    const Bytes wire = s->Encode();
    const std::string text(wire.begin(), wire.end());
    for (const auto& person : round.persons)
      EXPECT_EQ(text.find(person), std::string::npos) << person;
    for (const char* word : {"selected", "votes", "outcome", "counts"})
      EXPECT_EQ(text.find(word), std::string::npos) << word;
  };
  check("open");
  auto tally = hall_.election->CloseAndTally(round.id);
  ASSERT_TRUE(tally.ok()) << tally.message();
  EXPECT_EQ(tally->counts.at(round.persons[0]), 3u);
  EXPECT_EQ(tally->counts.at(round.persons[1]), 3u);
  check("minutes_sealed");
  auto s = client->Status();
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->round->minutes_digest.empty());
}

// SIGKILL while 8 kiosks cast: no ballot that got a receipt is lost, and
// after a restart the round goes on.
// A clock that never sleeps: Now() advances by what was waited.
class FakeClock final : public RetryClock {
 public:
  std::chrono::steady_clock::time_point Now() override { return now_; }
  bool WaitFor(std::chrono::milliseconds d, std::stop_token stop) override {
    waits.push_back(d);
    now_ += d;
    return !stop.stop_requested();
  }
  std::vector<std::chrono::milliseconds> waits;

 private:
  std::chrono::steady_clock::time_point now_{};
};

TEST_F(VotingClientTest, CastStoppedBeforeItStartsSendsNothing) {
  auto round = hall_.Round();
  auto client = hall_.Connect();
  ASSERT_TRUE(client.ok()) << client.message();
  auto t = client->FetchBallot(round.id);
  ASSERT_TRUE(t.ok());
  auto ballot = client->PrepareBallot(*t, round.codes[0], Nominate(0));
  ASSERT_TRUE(ballot.ok());
  std::stop_source walked_away;
  walked_away.request_stop();
  auto cancelled = client->Cast(*ballot, walked_away.get_token());
  EXPECT_EQ(cancelled.code(), StatusCode::kCancelled);
  EXPECT_NE(cancelled.message().find("casting the same ballot again is safe"),
            std::string::npos);
  // Nothing reached the box: the same ballot, cast now, is the first entry.
  auto receipt = client->Cast(*ballot);
  ASSERT_TRUE(receipt.ok()) << receipt.message();
  EXPECT_EQ(receipt->index, 0u);
}

// The steady clock, telling when a wait begins.
class ObservedSteadyClock final : public RetryClock {
 public:
  std::chrono::steady_clock::time_point Now() override {
    return SteadyRetryClock().Now();
  }
  bool WaitFor(std::chrono::milliseconds d, std::stop_token stop) override {
    waiting = true;
    return SteadyRetryClock().WaitFor(d, stop);
  }
  std::atomic<bool> waiting{false};
};

TEST(VotingClientCancelTest, ACancelledCastReturnsAtOnceWhileItWaitsToRetry) {
  Hall hall;
  auto round = hall.Round();
  ObservedSteadyClock clock;
  ClientOptions patient;
  patient.clock = &clock;  // would wait ten minutes before its next try
  patient.cast_retry.first_backoff = std::chrono::minutes(10);
  patient.cast_retry.max_backoff = std::chrono::minutes(10);
  patient.cast_retry.budget = std::chrono::hours(1);
  patient.connect_timeout = std::chrono::milliseconds(1'000);
  auto client = hall.Connect(0, patient);
  ASSERT_TRUE(client.ok()) << client.message();
  auto t = client->FetchBallot(round.id);
  ASSERT_TRUE(t.ok());
  auto ballot = client->PrepareBallot(*t, round.codes[0], Nominate(1));
  ASSERT_TRUE(ballot.ok());
  hall.server->Kill();
  std::stop_source kiosk;
  Result<shared::Receipt> result = Status::Internal("not run");
  const auto started = std::chrono::steady_clock::now();
  std::thread cast([&] { result = client->Cast(*ballot, kiosk.get_token()); });
  while (!clock.waiting)  // the first attempt failed: it waits to retry
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  kiosk.request_stop();
  cast.join();
  EXPECT_EQ(result.code(), StatusCode::kCancelled) << result.message();
  EXPECT_NE(result.message().find("after 1 attempt;"), std::string::npos)
      << result.message();
  EXPECT_LT(std::chrono::steady_clock::now() - started,
            patient.cast_retry.first_backoff);
}

TEST(VotingClientCancelTest, RetriesWaitOnTheInjectedClockWithGrowingBackoff) {
  Hall hall;
  auto round = hall.Round();
  FakeClock clock;
  ClientOptions options;
  options.clock = &clock;
  options.cast_retry.max_attempts = 4;
  options.cast_retry.first_backoff = std::chrono::seconds(30);
  options.cast_retry.max_backoff = std::chrono::seconds(100);
  options.cast_retry.budget = std::chrono::hours(1);
  options.connect_timeout = std::chrono::milliseconds(1'000);
  auto client = hall.Connect(0, options);
  ASSERT_TRUE(client.ok()) << client.message();
  auto t = client->FetchBallot(round.id);
  ASSERT_TRUE(t.ok());
  auto ballot = client->PrepareBallot(*t, round.codes[0], Nominate(0));
  ASSERT_TRUE(ballot.ok());
  hall.server->Kill();
  auto result = client->Cast(*ballot);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.message().find("tried 4 times"), std::string::npos)
      << result.message();
  using std::chrono::seconds;
  EXPECT_EQ(clock.waits, (std::vector<std::chrono::milliseconds>{
                             seconds(30), seconds(60), seconds(100)}));
}

TEST(VotingClientCancelTest, TheSteadyClockSeesEveryStop) {
  using std::chrono::milliseconds;
  RetryClock& clock = SteadyRetryClock();
  EXPECT_TRUE(clock.WaitFor(milliseconds(1), std::stop_source().get_token()));
  // Requested before the wait (as it would be just as a wait ends).
  std::stop_source before;
  before.request_stop();
  EXPECT_FALSE(clock.WaitFor(milliseconds(1), before.get_token()));
  EXPECT_FALSE(clock.WaitFor(milliseconds(0), before.get_token()));
  // Requested while it waits: it returns at once.
  std::stop_source during;
  const auto started = std::chrono::steady_clock::now();
  std::thread stopper([&] {
    std::this_thread::sleep_for(milliseconds(20));
    during.request_stop();
  });
  EXPECT_FALSE(clock.WaitFor(std::chrono::minutes(10), during.get_token()));
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started,
            std::chrono::minutes(1));
}

// A TCP relay on loopback between a kiosk and the server: it can cut the
// connections it carries, and calls `on_accept` for each new one before it
// relays it.
class Relay {
 public:
  Relay(std::uint16_t upstream, std::function<void()> on_accept)
      : upstream_(upstream), on_accept_(std::move(on_accept)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    HALL_CHECK(listen_fd_ >= 0);
    sockaddr_in addr = Loopback(0);
    HALL_CHECK(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr),
                      sizeof addr) == 0);
    HALL_CHECK(::listen(listen_fd_, 8) == 0);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    accept_thread_ = std::thread([this] { AcceptLoop(); });
  }
  ~Relay() {
    stopping_ = true;
    accept_thread_.join();
    CutAll();
    for (auto& t : pumps_) t.join();
    ::close(listen_fd_);
  }
  std::uint16_t port() const { return port_; }
  // Drops every connection relayed so far, on both sides.
  void CutAll() {
    std::lock_guard lock(mu_);
    for (int fd : open_) ::shutdown(fd, SHUT_RDWR);
  }

 private:
  static sockaddr_in Loopback(std::uint16_t port) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return addr;
  }
  void AcceptLoop() {
    while (!stopping_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const int down = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (down < 0) continue;
      const int up = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_in addr = Loopback(upstream_);
      if (up < 0 ||
          ::connect(up, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(down);
        if (up >= 0) ::close(up);
        continue;
      }
      on_accept_();
      std::lock_guard lock(mu_);
      open_.insert(down);
      open_.insert(up);
      pumps_.emplace_back([this, down, up] { Pump(down, up); });
    }
  }
  void Pump(int a, int b) {
    char buf[16384];
    for (;;) {
      pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
      if (::poll(p, 2, -1) < 0 && errno != EINTR) break;
      bool done = false;
      for (int i = 0; i < 2 && !done; ++i) {
        if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        const ssize_t n = ::read(p[i].fd, buf, sizeof buf);
        done = n <= 0 || ::send(p[1 - i].fd, buf, static_cast<std::size_t>(n),
                                MSG_NOSIGNAL) != n;
      }
      if (done) break;
    }
    std::lock_guard lock(mu_);
    open_.erase(a);
    open_.erase(b);
    ::close(a);
    ::close(b);
  }

  std::uint16_t upstream_;
  std::function<void()> on_accept_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::set<int> open_;
  std::vector<std::thread> pumps_;
  std::thread accept_thread_;
};

// The kiosk's connection drops; while it reconnects, the delegate walks
// away: the ballot is not sent on the new connection.
TEST(VotingClientCancelTest, AStopDuringAReconnectIsSeenBeforeSending) {
  Hall hall;
  auto round = hall.Round();
  std::stop_source kiosk;
  std::atomic<int> connections{0};
  Relay relay(hall.server->port(), [&] {
    if (++connections == 2) kiosk.request_stop();
  });
  FakeClock clock;
  ClientOptions options;
  options.clock = &clock;
  options.connect_timeout = std::chrono::milliseconds(5'000);
  auto client = VotingClient::Connect("127.0.0.1", relay.port(),
                                      hall.election->KioskTls(0),
                                      hall.election->seal_public(), options);
  ASSERT_TRUE(client.ok()) << client.message();
  auto t = client->FetchBallot(round.id);
  ASSERT_TRUE(t.ok()) << t.message();
  auto ballot = client->PrepareBallot(*t, round.codes[0], Nominate(0));
  ASSERT_TRUE(ballot.ok());
  relay.CutAll();
  auto cancelled = client->Cast(*ballot, kiosk.get_token());
  EXPECT_EQ(cancelled.code(), StatusCode::kCancelled) << cancelled.message();
  EXPECT_NE(cancelled.message().find("after 1 attempt;"), std::string::npos)
      << cancelled.message();
  EXPECT_EQ(connections.load(), 2);
  EXPECT_EQ(clock.waits.size(), 1u);
  // Nothing reached the box: the same ballot, cast now, is the first entry.
  auto receipt = client->Cast(*ballot);
  ASSERT_TRUE(receipt.ok()) << receipt.message();
  EXPECT_EQ(receipt->index, 0u);
}

TEST(VotingClientCrashTest, KilledServerLosesNoReceiptedBallot) {
  constexpr std::uint32_t kKiosks = 8;
  constexpr std::size_t kPerKiosk = 20;
  Hall hall(kKiosks * kPerKiosk, kKiosks);
  auto round = hall.Round();
  ClientOptions quick;  // give up fast while the server is down
  quick.cast_retry.max_attempts = 2;
  quick.cast_retry.budget = std::chrono::milliseconds(300);
  quick.connect_timeout = std::chrono::milliseconds(1'000);
  std::vector<std::optional<VotingClient>> clients(kKiosks);
  for (std::uint32_t k = 0; k < kKiosks; ++k) {
    auto c = hall.Connect(k, quick);
    ASSERT_TRUE(c.ok()) << c.message();
    clients[k] = std::move(c).value();
  }
  auto t = clients[0]->FetchBallot(round.id);
  ASSERT_TRUE(t.ok());
  const auto choices =
      lg::PlannedChoices(round.codes.size(), round.persons.size());
  auto ballots = lg::PrepareBallots(*t, round.codes, choices, 2);
  ASSERT_TRUE(ballots.ok()) << ballots.message();

  std::vector<std::optional<shared::Receipt>> receipts(ballots->size());
  std::vector<std::size_t> stopped_at(kKiosks, kPerKiosk);
  std::atomic<std::size_t> receipted{0};
  std::vector<std::thread> threads;
  for (std::uint32_t k = 0; k < kKiosks; ++k) {
    threads.emplace_back([&, k] {
      for (std::size_t j = 0; j < kPerKiosk; ++j) {
        const std::size_t i = k * kPerKiosk + j;
        auto r = clients[k]->Cast((*ballots)[i]);
        if (!r.ok()) {
          stopped_at[k] = j;  // unknown fate: cast again after the restart
          return;
        }
        receipts[i] = std::move(r).value();
        ++receipted;
      }
    });
  }
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (receipted < 40 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  hall.server->Kill();
  for (auto& th : threads) th.join();
  const std::size_t before_kill = receipted;
  ASSERT_GE(before_kill, 40u);
  std::size_t interrupted = 0;
  for (auto s : stopped_at) interrupted += s < kPerKiosk;
  EXPECT_GT(interrupted, 0u) << "the kill came after every ballot was cast";

  ASSERT_TRUE(hall.server->Start().ok());  // same port, same database
  // Every ballot that got a receipt is on the board, exactly as cast.
  auto checker = hall.Connect(0);
  ASSERT_TRUE(checker.ok()) << checker.message();
  for (std::size_t i = 0; i < receipts.size(); ++i) {
    if (!receipts[i]) continue;
    auto inc = checker->CheckInclusion(*receipts[i], (*ballots)[i]);
    EXPECT_TRUE(inc.ok()) << "ballot " << i << ": " << inc.message();
  }
  // The round continues: the same clients reconnect and cast the rest
  // (the interrupted ballot again: the same receipt if it was stored).
  for (std::uint32_t k = 0; k < kKiosks; ++k) {
    for (std::size_t j = stopped_at[k]; j < kPerKiosk; ++j) {
      const std::size_t i = k * kPerKiosk + j;
      auto r = clients[k]->Cast((*ballots)[i]);
      ASSERT_TRUE(r.ok()) << "ballot " << i << ": " << r.message();
      receipts[i] = std::move(r).value();
    }
  }
  std::set<std::string> codes;
  for (const auto& r : receipts) {
    ASSERT_TRUE(r.has_value());
    codes.insert(r->tracking_code);
  }
  EXPECT_EQ(codes.size(), receipts.size());
  hall.server->Kill();  // release the database before the tally
  auto tally = hall.election->CloseAndTally(round.id);
  ASSERT_TRUE(tally.ok()) << tally.message();
  EXPECT_EQ(tally->cast, receipts.size());
  std::map<std::string, std::uint64_t> expected;
  std::uint64_t blank = 0;
  for (const auto& c : choices) {
    if (c)
      ++expected[round.persons[*c]];
    else
      ++blank;
  }
  for (const auto& p : round.persons) expected.try_emplace(p, 0);
  EXPECT_EQ(tally->counts, expected);
  EXPECT_EQ(tally->blank, blank);
}

}  // namespace
}  // namespace hall::client
