// One round of the record: its signed files, ballots and board, the tally
// request, the partial decryptions, counts, outcome and minutes, the
// spoiled ballots and a cancellation.
#include <algorithm>

#include "auditor.h"
#include "hall/crypto/bulletin_board.h"
#include "hall/crypto/digest.h"
#include "hall/crypto/envelope.h"
#include "hall/crypto/seal.h"
#include "hall/shared/printable_text.h"
#include "hall/shared/committee_records.h"
#include "hall/shared/json_input.h"
#include "hall/shared/minutes_document.h"
#include "hall/shared/record_format.h"
#include "hall/shared/round_verifier.h"
#include "hall/shared/spoiled_ballot.h"

namespace hall::audit {
namespace record = shared::record;
using nlohmann::json;

namespace {

std::string Num(std::uint64_t n) { return std::to_string(n); }

template <std::size_t N>
bool CopyFixed(const crypto::Bytes& bytes, std::array<std::uint8_t, N>& out) {
  if (bytes.size() != N) return false;
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return true;
}

// The record.json member `name` of a round as a string ("" when absent).
std::string Member(const json& r, const char* name) {
  return r.contains(name) && r[name].is_string() ? r[name].get<std::string>()
                                                 : std::string();
}

bool BoxOpened(const std::string& state) {
  return state != "draft" && state != "sealed";
}
bool Counted(const std::string& state) {
  return state == "tallied" || state == "announced" ||
         state == "minutes_sealed";
}

struct BoardFile {
  std::vector<crypto::Bytes> envelopes;
  std::vector<json> entries;
};

std::optional<BoardFile> ReadBoard(const crypto::Bytes& bytes,
                                   std::string& problem) {
  auto parsed = shared::ParseJsonInput(
      bytes,
      "board.json", shared::kRecordJson);
  if (!parsed.ok()) {
    problem = parsed.message();
    return std::nullopt;
  }
  const json& j = parsed.value();
  if (!j.is_array()) {
    problem = "board.json is not a JSON array of entries";
    return std::nullopt;
  }
  BoardFile out;
  for (const json& e : j) {
    if (!e.is_object() || !e.contains("envelope") || !e["envelope"].is_string()) {
      problem = "board.json entry " + Num(out.entries.size()) +
                " has no envelope";
      return std::nullopt;
    }
    const std::string hex = e["envelope"].get<std::string>();
    crypto::Bytes env(hex.size() / 2);
    if (hex.size() % 2 != 0 || !crypto::FromHex(hex, env)) {
      problem = "board.json entry " + Num(out.entries.size()) +
                "'s envelope is not hex";
      return std::nullopt;
    }
    out.envelopes.push_back(std::move(env));
    out.entries.push_back(e);
  }
  return out;
}

// The hash chain over the envelopes against what board.json and record.json
// claim for each entry; "" when all agree.
std::string CheckChain(const BoardFile& board, const shared::Digest32& genesis,
                       const json& r, shared::Digest32& head) {
  head = genesis;
  for (std::size_t i = 0; i < board.envelopes.size(); ++i) {
    const json& e = board.entries[i];
    const auto content = crypto::BoardContentHash(board.envelopes[i]);
    const auto entry = crypto::BoardEntryHash(head, i, content);
    const bool index_is_i = e.contains("index") &&
                            e["index"].is_number_unsigned() &&
                            e["index"].get<std::uint64_t>() == i;
    if (!index_is_i)
      return "board.json entry " + Num(i) + " has index " +
             shared::EscapeForLog(e.value("index", json()).dump(), 40) +
             ": the board is re-ordered";
    if (e.value("entry_hash", "") != crypto::ToHex(entry))
      return "board.json entry " + Num(i) +
             "'s entry hash is not the chain's: the board is re-ordered or "
             "altered";
    if (e.value("tracking_code", "") != crypto::TrackingCode(entry))
      return "board.json entry " + Num(i) + "'s tracking code is not its hash's";
    auto env = crypto::CredentialEnvelope::Decode(board.envelopes[i]);
    if (env.ok() &&
        e.value("credential_key", "") != crypto::ToHex(env->credential().bytes()))
      return "board.json entry " + Num(i) +
             "'s credential key is not its envelope's";
    head = entry;
  }
  const json b = r.value("board", json::object());
  if (b.value("genesis", "") != crypto::ToHex(genesis))
    return "record.json's board genesis is not the template's";
  if (b.value("head", "") != crypto::ToHex(head))
    return "record.json's board head is not the chain's";
  if (b.value("count", static_cast<std::uint64_t>(-1)) != board.envelopes.size())
    return "record.json's board count is not board.json's";
  return "";
}

}  // namespace

void Auditor::CheckRound(const json& r) {
  const std::uint64_t id = r.value("id", 0ull);
  const std::string subject = "round " + Num(id);
  const std::string state = Member(r, "state");
  const bool cancelled = state == "cancelled";
  auto round_file = [&](std::string_view name) { return ReadRoundFile(id, name); };
  auto missing = [&](std::string_view name) {
    return record::RoundFile(id, name) + " is missing";
  };
  // Checks left once one failed, so that each subject has every kind.
  auto skip_rest = [&](std::initializer_list<CheckKind> kinds,
                       const std::string& why) {
    for (CheckKind k : kinds) Begin(k, subject).NotChecked(why);
  };

  if (!seal_ || !definition_) {
    skip_rest({CheckKind::kTemplate}, "the seal key or the meeting definition "
                                      "did not check out");
    return;
  }
  const auto signed_template_bytes = round_file(record::kTemplate);
  if (state == "draft" || (cancelled && !signed_template_bytes &&
                           !r.contains("template_digest"))) {
    Begin(CheckKind::kTemplate, subject)
        .NotApplicable("a round never sealed has no signed files");
    if (cancelled) {
      // Cancelled as a draft: only the cancellation below.
    } else {
      return;
    }
  }

  // 5-7: what the seal fixed when the box was sealed.
  shared::TallyRequest parts;
  std::copy(seal_->bytes().begin(), seal_->bytes().end(),
            parts.seal_public_key.begin());
  parts.definition = definition_bytes_;
  parts.definition_signature = definition_signature_;
  parts.procedure_file = procedure_text_;
  std::optional<shared::VerifiedSealedBox> box;
  bool sealed_ok = false;
  if (signed_template_bytes) {
    Open t = Begin(CheckKind::kTemplate, subject);
    Open l = Begin(CheckKind::kCredentialList, subject);
    Open s = Begin(CheckKind::kBoxSealed, subject);
    const auto tsig = round_file(record::kTemplateSig);
    const auto list = round_file(record::kCredentialList);
    const auto lsig = round_file(record::kCredentialListSig);
    const auto bs = round_file(record::kBoxSealed);
    const auto bssig = round_file(record::kBoxSealedSig);
    if (!tsig || !CopyFixed(*tsig, parts.signed_template.signature)) {
      t.Fail(missing(record::kTemplateSig) + " (or is not 64 bytes)");
    } else if (!list || !lsig ||
               !CopyFixed(*lsig, parts.credential_list_signature)) {
      t.NotChecked("the credential list is missing");
      l.Fail(missing(record::kCredentialList) + ", or its signature");
    } else if (!bs || !bssig || !CopyFixed(*bssig, parts.box_sealed_signature)) {
      t.NotChecked("the box-sealed statement is missing");
      s.Fail(missing(record::kBoxSealed) + ", or its signature");
    } else {
      parts.signed_template.template_bytes = *signed_template_bytes;
      parts.credential_list = *list;
      parts.box_sealed = *bs;
      shared::RoundPart part = shared::RoundPart::kRequest;
      auto verified =
          shared::VerifySealedBox(parts, options_.seal_fingerprint, &part);
      if (!verified.ok()) {
        const Open& failed = part == shared::RoundPart::kCredentialList ? l
                             : part == shared::RoundPart::kBoxSealed     ? s
                                                                         : t;
        failed.Fail(verified.message());
      } else {
        box = std::move(verified).value();
        const auto& bt = box->round.ballot_template;
        if (bt.round_id != id) {
          t.Fail("the signed template is round " + Num(bt.round_id) +
                 "'s, not round " + Num(id) + "'s");
        } else if (bt.step != Member(r, "step")) {
          t.Fail("the signed template is for step " + bt.step +
                 "; record.json says step " + Member(r, "step"));
        } else if (Member(r, "template_digest") != crypto::ToHex(bt.Digest())) {
          t.Fail("record.json's template digest is not the signed template's");
        } else {
          t.Ok("signed by the seal; meeting " + Num(bt.meeting_id) +
               ", round " + Num(id) + ", " + bt.procedure + " step " +
               bt.step + " (" + bt.disclosure + "), " +
               Num(bt.persons.size()) + " on the ballot, the definition's box "
               "key; digest " + crypto::ToHex(bt.Digest()).substr(0, 16) +
               "...");
          l.Ok("signed by the seal; " + Num(box->round.credentials.keys().size()) +
               " credential keys, the digest the template commits to, as "
               "many as the codes the box-sealed statement issued");
          s.Ok("signed by the seal; binds this template, list and "
               "definition; " + Num(box->sealed.convened) + " convened, " +
               Num(box->sealed.issued) + " checked in and issued a code "
               "(each on the roll, once)");
          sealed_ok = true;
        }
      }
    }
    if (t.get().outcome == Outcome::kNotChecked && !sealed_ok &&
        t.get().problem.empty())
      t.NotChecked("a later part of the sealed files failed");
    if (l.get().outcome == Outcome::kNotChecked && l.get().problem.empty())
      l.NotChecked("the template did not check out");
    if (s.get().outcome == Outcome::kNotChecked && s.get().problem.empty())
      s.NotChecked("the template or credential list did not check out");
  } else if (state != "draft" && !(cancelled && !r.contains("template_digest"))) {
    Begin(CheckKind::kTemplate, subject).Fail(missing(record::kTemplate));
  }

  // 8-10: the ballots, the board and what the trustees decrypted.
  std::optional<shared::VerifiedTallyRequest> request;
  bool board_ok = false;
  std::uint64_t cast = 0;
  std::uint64_t deciding = 0;
  if (sealed_ok && state != "sealed") {
    Open b = Begin(CheckKind::kBallots, subject);
    Open h = Begin(CheckKind::kBoard, subject);
    Open q = Begin(CheckKind::kTallyRequest, subject);
    std::string problem;
    const auto board_bytes = round_file(record::kBoard);
    std::optional<BoardFile> board;
    if (!board_bytes) {
      h.Fail(missing(record::kBoard));
    } else if (board = ReadBoard(*board_bytes, problem); !board) {
      h.Fail(problem);
    }
    const auto closed = round_file(record::kBoxClosed);
    const auto closed_sig = round_file(record::kBoxClosedSig);
    if (board) {
      parts.envelopes = board->envelopes;
      cast = board->envelopes.size();
      std::vector<crypto::VerifyKey> credentials;
      for (const auto& e : board->envelopes) {
        if (auto env = crypto::CredentialEnvelope::Decode(e); env.ok())
          credentials.push_back(env->credential());
      }
      deciding = shared::DecidingBallots(box->round.credentials, box->sealed,
                                         credentials);
      shared::Digest32 head{};
      problem = CheckChain(*board, box->sealed.board_genesis, r, head);
      if (!problem.empty()) {
        h.Fail(problem);
      } else if (closed && closed_sig &&
                 CopyFixed(*closed_sig, parts.box_closed_signature)) {
        parts.box_closed = *closed;
        shared::RoundPart part = shared::RoundPart::kRequest;
        auto verified = shared::VerifyTallyRequestParts(
            parts, options_.seal_fingerprint, options_.workers, &part);
        if (verified.ok() || part == shared::RoundPart::kMinimum) {
          auto statement = shared::BoxClosedStatement::Decode(*closed);
          b.Ok(Num(cast) + " envelopes: each signed by a credential on the "
               "sealed list, one per credential, every proof verified");
          h.Ok("the hash chain from the sealed-empty genesis rebuilt over " +
               Num(cast) + " entries (every entry hash and tracking code), "
               "to the head and count the seal signed when the box closed" +
               (statement.ok() ? " at " + statement->closed_at : ""));
          board_ok = true;
          if (verified.ok()) request = std::move(verified).value();
        } else if (part == shared::RoundPart::kBallots) {
          b.Fail(verified.message());
          h.NotChecked("the ballots did not verify");
        } else {
          b.Ok(Num(cast) + " envelopes verified");
          h.Fail(verified.message());
        }
      } else if (closed || state == "closed" || Counted(state)) {
        if (closed)
          h.Fail(missing(record::kBoxClosedSig) + " (or is not 64 bytes)");
        else if (r.contains("note") && state == "closed")
          h.NotApplicable("the box-closed statement is not signed yet");
        else
          h.Fail(missing(record::kBoxClosed));
        auto ballots = shared::VerifyBallots(box->round, board->envelopes,
                                             options_.workers);
        if (ballots.ok())
          b.Ok(Num(cast) + " envelopes verified");
        else
          b.Fail(ballots.message());
      } else {
        // Open, or cancelled while open: no head was signed.
        auto ballots = shared::VerifyBallots(box->round, board->envelopes,
                                             options_.workers);
        if (ballots.ok()) {
          b.Ok(Num(cast) + " envelopes: each signed by a credential on the "
               "sealed list, one per credential, every proof verified");
          h.Ok("the hash chain rebuilt over " + Num(cast) +
               " entries; the box is not closed, so no head is signed yet");
          board_ok = true;
        } else {
          b.Fail(ballots.message());
          h.NotChecked("the ballots did not verify");
        }
      }
    } else {
      b.NotChecked("board.json did not check out");
    }
    // The tally request is the round's own files, byte for byte.
    const auto request_bytes = round_file(record::kTallyRequest);
    if (request_bytes) {
      if (!board || parts.box_closed.empty()) {
        q.NotChecked("the board or the box-closed statement did not check out");
      } else if (*request_bytes != parts.Encode()) {
        auto decoded = shared::TallyRequest::Decode(*request_bytes);
        std::string what = "does not decode";
        if (decoded.ok()) {
          what = decoded->envelopes != parts.envelopes ? "holds other ballots"
                 : decoded->box_closed != parts.box_closed
                     ? "holds another box-closed statement"
                 : decoded->signed_template.template_bytes !=
                         parts.signed_template.template_bytes
                     ? "holds another template"
                     : "differs from them";
        }
        q.Fail("tally-request.bin is not the round's files: it " + what);
      } else {
        q.Ok("tally-request.bin holds exactly the round's signed files and "
             "its board; digest " +
             crypto::ToHex(shared::TallyRequestDigest(*request_bytes))
                 .substr(0, 16) + "...");
      }
    } else if (Counted(state) || (state == "closed" && !r.contains("note"))) {
      q.Fail(missing(record::kTallyRequest));
    } else {
      q.NotApplicable(cancelled ? "a cancelled round is never decrypted"
                                : "the box is not closed and signed yet");
    }
  } else if (sealed_ok) {
    Begin(CheckKind::kBallots, subject).NotApplicable("the box is not open yet");
  }

  // 11-14: what the trustees decrypted and the minutes.
  if (Counted(state) && box) {
    Open p = Begin(CheckKind::kPartials, subject);
    Open n = Begin(CheckKind::kCounts, subject);
    Open o = Begin(CheckKind::kOutcome, subject);
    Open m = Begin(CheckKind::kMinutes, subject);
    if (!request) {
      const std::string why = "the ballots, board or tally request did not "
                              "check out";
      p.NotChecked(why);
      n.NotChecked(why);
      o.NotChecked(why);
      m.NotChecked(why);
    } else if (state == "announced") {
      CheckAnnounced(id, r, *request, p, n, o, m);
    } else if (state == "minutes_sealed") {
      CheckSealedTally(id, r, *request, p, n, o, m);
    } else {
      p.NotApplicable("tallied but not announced: the partial decryptions "
                      "join the record when the round is announced");
      n.NotApplicable("not announced yet");
      o.NotApplicable("not announced yet");
      m.NotApplicable("not announced yet");
    }
  }
  (void)board_ok;

  // 15: the ballots spoiled to check a kiosk.
  if (box && BoxOpened(state)) CheckSpoiled(id, r, *box);

  // 16: a cancelled round.
  if (cancelled)
    CheckCancellation(id, r, box ? &*box : nullptr, cast, deciding);
}

}  // namespace hall::audit
