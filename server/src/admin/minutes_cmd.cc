// hall-admin minutes show|export: the signed minutes of a tallied round.
// Sealed rounds' minutes open only with a recipient's key.
#include <sodium.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "hall/crypto/encoding.h"
#include "hall/crypto/fingerprint.h"
#include "hall/crypto/seal.h"
#include "hall/server/admin/admin.h"
#include "hall/server/minutes.h"
#include "hall/server/round_store.h"

namespace hall::server::admin {
namespace {

struct MinutesArgs {
  CommonOptions common;
  std::uint64_t round = 0;
  std::string recipient_key;
  std::string recipient_passphrase_file;
  std::string out;
};

struct SignedMinutes {
  crypto::Bytes minutes;
  crypto::Bytes signature;
};

// The minutes and their seal signature: from the database for announced
// rounds, out of the recipient's box for sealed ones.
SignedMinutes LoadSignedMinutes(Database& db, const RoundInfo& r,
                                const RecipientKey* recipient) {
  // MinutesText checks the state, the recipient and the seal signature.
  const std::string text = Take(MinutesText(db, r.id, recipient));
  SignedMinutes out;
  out.minutes.assign(text.begin(), text.end());
  auto q =
      db.Prepare("SELECT minutes_sig, sealed_minutes FROM rounds WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(r.id));
  if (!q.Step()) Fail(kExitUsage, "there is no round " + Num(r.id));
  if (r.state != RoundState::kMinutesSealed) {
    out.signature = q.Blob(0);
    return out;
  }
  const crypto::Bytes boxes = q.Blob(1);
  crypto::Decoder d(boxes);
  std::uint32_t n = 0;
  if (!d.U32(n)) Fail(kExitFailure, "the sealed minutes are damaged");
  for (std::uint32_t i = 0; i < n; ++i) {
    std::string name;
    crypto::Bytes box;
    if (!d.Str(name) || !d.Var(box) || box.size() < crypto_box_SEALBYTES)
      Fail(kExitFailure, "the sealed minutes are damaged");
    crypto::Bytes package(box.size() - crypto_box_SEALBYTES);
    if (crypto_box_seal_open(package.data(), box.data(), box.size(),
                             recipient->public_key.data(),
                             recipient->secret.data()) != 0) {
      continue;
    }
    crypto::Decoder pd(package);
    crypto::Bytes minutes;
    std::array<std::uint8_t, 64> sig{};
    if (!pd.Var(minutes) || !pd.Fixed(sig))
      Fail(kExitFailure, "the sealed minutes are damaged");
    out.signature.assign(sig.begin(), sig.end());
    return out;
  }
  Fail(kExitFailure,
       "this recipient key does not open the minutes of round " + Num(r.id));
}

std::optional<RecipientKey> MaybeRecipient(const MinutesArgs& a) {
  if (a.recipient_key.empty()) return std::nullopt;
  return LoadRecipientKeyOrFail(a.recipient_key, a.recipient_passphrase_file);
}

void RunShow(const MinutesArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RoundInfo r = RequireRound(*inst.db, a.round);
  auto recipient = MaybeRecipient(a);
  const std::string text =
      Take(MinutesText(*inst.db, r.id, recipient ? &*recipient : nullptr));
  std::cout << text << "\n";
  std::cerr << "minutes of round " << r.id
            << ": seal signature verified; digest " << r.minutes_digest << "\n";
}

void RunExport(const MinutesArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RoundInfo r = RequireRound(*inst.db, a.round);
  auto recipient = MaybeRecipient(a);
  const SignedMinutes sm =
      LoadSignedMinutes(*inst.db, r, recipient ? &*recipient : nullptr);
  const crypto::VerifyKey seal = Take(SealPublicKey(*inst.db));
  nlohmann::ordered_json j;
  j["format"] = "hall-signed-minutes/1";
  j["round"] = r.id;
  j["meeting"] = r.meeting_id;
  j["disclosure"] = r.disclosure;
  j["minutes"] = std::string(sm.minutes.begin(), sm.minutes.end());
  j["signature_type"] = "minutes";
  j["signature"] = HexOf(sm.signature);
  j["seal_public_key"] = HexOf(seal.bytes());
  j["seal_fingerprint"] = crypto::Fingerprint(seal);
  j["minutes_digest"] = r.minutes_digest;
  WriteNewFile(a.out, j.dump(2) + "\n");
  std::cout << "signed minutes of round " << r.id << " written to " << a.out
            << " (digest " << r.minutes_digest << ")\n";
}

}  // namespace

void RegisterMinutes(CLI::App& app, Context& ctx) {
  CLI::App* minutes = app.add_subcommand(
      "minutes", "The signed minutes of tallied rounds: show, export");
  minutes->require_subcommand(1);

  auto s = std::make_shared<MinutesArgs>();
  CLI::App* show = minutes->add_subcommand(
      "show",
      "Print a round's minutes (JSON) after checking the seal signature: "
      "announced rounds in the clear, sealed rounds only with a recipient's "
      "key");
  show->alias("open");
  AddCommonOptions(*show, s->common);
  show->add_option("round", s->round, "Round id")->required();
  show->add_option("--recipient-key", s->recipient_key,
                   "A recipient's key file (sealed rounds)");
  show->add_option("--recipient-passphrase-file", s->recipient_passphrase_file,
                   "File holding its passphrase (or "
                   "$HALL_RECIPIENT_PASSPHRASE; else asked)");
  show->callback([&ctx, s] { ctx.action = [s] { RunShow(*s); }; });

  auto e = std::make_shared<MinutesArgs>();
  CLI::App* exp = minutes->add_subcommand(
      "export",
      "Write a round's minutes with the seal's signature and public key to a "
      "new JSON file (sealed rounds need a recipient's key)");
  AddCommonOptions(*exp, e->common);
  exp->add_option("round", e->round, "Round id")->required();
  exp->add_option("--out", e->out, "New file (mode 0600, never overwritten)")
      ->required();
  exp->add_option("--recipient-key", e->recipient_key,
                  "A recipient's key file (sealed rounds)");
  exp->add_option(
      "--recipient-passphrase-file", e->recipient_passphrase_file,
      "File holding its passphrase (or $HALL_RECIPIENT_PASSPHRASE)");
  exp->callback([&ctx, e] { ctx.action = [e] { RunExport(*e); }; });
}

}  // namespace hall::server::admin
