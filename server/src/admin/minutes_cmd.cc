// hall-admin minutes show|export|print: the signed minutes of a tallied
// announced round, as JSON or printed for the counting committee to sign. A sealed round has no minutes on the hall server: its recipients
// open them from the record (hall-recipient open).

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "hall/crypto/encoding.h"
#include "hall/crypto/fingerprint.h"
#include "hall/crypto/seal.h"
#include "hall/paper/minutes_pdf.h"
#include "hall/server/admin/admin.h"
#include "hall/server/minutes.h"
#include "hall/server/round_store.h"

namespace hall::server::admin {
namespace {

struct MinutesArgs {
  CommonOptions common;
  std::uint64_t round = 0;
  std::string out;
  std::string lang;  // print: "" for the meeting's language
  int signers = 3;   // print
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

void RunPrint(const MinutesArgs& a) {
  paper::MinutesPrint print;
  if (!a.lang.empty()) {
    print.language = rules::ParseLanguage(a.lang);
    if (!print.language)
      Fail(StatusCode::kInvalidArgument,
           "--lang " + a.lang + ": give vi, zh or en");
  }
  print.signers = a.signers;
  OpenedInstallation inst = OpenOrFail(a.common);
  RoundInfo r = RequireRound(*inst.db, a.round);
  const SignedMinutes sm = Take(LoadSignedMinutes(*inst.db, r.id));
  print.digest = r.minutes_digest;
  const std::string text(sm.minutes.begin(), sm.minutes.end());
  const std::string pdf = Take(paper::MinutesPdf(text, print));
  WriteNewFile(a.out, pdf);
  Out() << "minutes of round " << r.id << " printed to " << a.out << " ("
        << pdf.size() << " bytes; digest " << r.minutes_digest
        << " on every page)\n";
}

}  // namespace

void RegisterMinutes(CLI::App& app, Context& ctx) {
  CLI::App* minutes = app.add_subcommand(
      "minutes",
      "The signed minutes of tallied rounds: show, export, print");
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

  auto p = std::make_shared<MinutesArgs>();
  CLI::App* print = minutes->add_subcommand(
      "print",
      "Print an announced round's signed minutes to a new PDF for the "
      "counting committee to sign (biên bản kiểm phiếu / 计票结果报告单): "
      "counts, shares, outcome with reasons, the seal fingerprint and "
      "digests, a signature box per member (a sealed round's are printed "
      "by its recipients: hall-recipient open --pdf)");
  AddCommonOptions(*print, p->common);
  print->add_option("round", p->round, "Round id")->required();
  print->add_option("--out", p->out, "New PDF file (mode 0600, never overwritten)")
      ->required();
  print->add_option("--lang", p->lang,
                    "vi, zh or en (default: the meeting's language: zh for "
                    "P7, vi for the others)");
  print->add_option("--signers", p->signers,
                    "Members of the counting committee who sign: the head, "
                    "members, the secretary (1-" +
                        std::to_string(paper::kMaxSigners) + ")")
      ->capture_default_str();
  print->callback([&ctx, p] { ctx.action = [p] { RunPrint(*p); }; });
}

}  // namespace hall::server::admin
