// hall-admin minutes show|export: the signed minutes of a tallied announced
// round. A sealed round has no minutes on the hall server: its recipients
// open them from the record (hall-recipient open).

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
  std::string out;
};

void RunShow(const MinutesArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RoundInfo r = RequireRound(*inst.db, a.round);
  const SignedMinutes sm = Take(LoadSignedMinutes(*inst.db, r.id));
  Out() << std::string(sm.minutes.begin(), sm.minutes.end()) << "\n";
  Err() << "minutes of round " << r.id
            << ": seal signature verified; digest " << r.minutes_digest << "\n";
}

void RunExport(const MinutesArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RoundInfo r = RequireRound(*inst.db, a.round);
  const SignedMinutes sm = Take(LoadSignedMinutes(*inst.db, r.id));
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
  Out() << "signed minutes of round " << r.id << " written to " << a.out
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
      "Print an announced round's minutes (JSON) after checking the seal "
      "signature (a sealed round's are opened by its recipients: "
      "hall-recipient open)");
  AddCommonOptions(*show, s->common);
  show->add_option("round", s->round, "Round id")->required();
  show->callback([&ctx, s] { ctx.action = [s] { RunShow(*s); }; });

  auto e = std::make_shared<MinutesArgs>();
  CLI::App* exp = minutes->add_subcommand(
      "export",
      "Write a round's minutes with the seal's signature and public key to a "
      "new JSON file (announced rounds)");
  AddCommonOptions(*exp, e->common);
  exp->add_option("round", e->round, "Round id")->required();
  exp->add_option("--out", e->out, "New file (mode 0600, never overwritten)")
      ->required();
  exp->callback([&ctx, e] { ctx.action = [e] { RunExport(*e); }; });
}

}  // namespace hall::server::admin
