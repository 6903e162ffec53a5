// hall-admin's driver: the command tree, exit statuses, and the helpers the
// command groups share (installation, passphrases, new files).
#include "hall/server/admin/admin.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "hall/crypto/encoding.h"
#include "hall/crypto/init.h"
#include "hall/server/admin/key_files.h"
#include "hall/server/round_store.h"

namespace hall::server::admin {
namespace fs = std::filesystem;

void AddCommonOptions(CLI::App& cmd, CommonOptions& o, bool seal) {
  cmd.add_option("--dir", o.dir, "The installation folder (default: $HALL_DIR)")
      ->envname("HALL_DIR");
  cmd.add_option("--db-passphrase-file", o.db_passphrase_file,
                 "File holding the database passphrase, for an installation "
                 "made with --db-passphrase (or $HALL_DB_PASSPHRASE; else "
                 "asked on the terminal)");
  if (seal) {
    cmd.add_option("--seal-passphrase-file", o.seal_passphrase_file,
                   "File holding the seal passphrase (or "
                   "$HALL_SEAL_PASSPHRASE; else asked on the terminal)");
  }
}

InstallationPaths PathsOrFail(const CommonOptions& o) {
  if (o.dir.empty()) {
    Fail(StatusCode::kInvalidArgument,
         "no installation folder: give --dir DIR or set HALL_DIR (hall-admin "
         "init --dir DIR creates one)");
  }
  InstallationPaths paths{o.dir};
  std::error_code ec;
  if (!fs::exists(paths.db(), ec)) {
    Fail(StatusCode::kNotFound, o.dir +
                                    ": not a hall installation (no hall.db); "
                                    "hall-admin init --dir " +
                                    o.dir + " creates one");
  }
  return paths;
}

OpenedInstallation OpenOrFail(const CommonOptions& o) {
  OpenedInstallation inst;
  inst.paths = PathsOrFail(o);
  std::error_code ec;
  std::optional<std::string> passphrase;
  if (!fs::exists(inst.paths.db_key(), ec)) {
    passphrase = ReadPassphrase("database passphrase", o.db_passphrase_file,
                                "HALL_DB_PASSPHRASE", "--db-passphrase-file");
  }
  auto key = Take(InstallationDbKey(inst.paths, passphrase));
  auto db = Take(OpenInstallation(inst.paths, key));
  inst.db = std::make_unique<Database>(std::move(db));
  return inst;
}

crypto::SigningKey LoadSealOrFail(const OpenedInstallation& inst,
                                  const CommonOptions& o) {
  const std::string passphrase =
      ReadPassphrase("seal passphrase", o.seal_passphrase_file,
                     "HALL_SEAL_PASSPHRASE", "--seal-passphrase-file");
  auto seal = crypto::LoadSigningKey(inst.paths.seal_key(), passphrase);
  if (!seal.ok()) {
    Fail(seal.code(), seal.message() +
                          " (the seal passphrase chosen at hall-admin init "
                          "is needed)");
  }
  return std::move(seal).value();
}

// The seal key must be in this installation (a rehearsal installation);
// otherwise the command goes through the committee console, as `how` says.
void RequireSealHere(const OpenedInstallation& inst, const std::string& how) {
  std::error_code ec;
  if (!std::filesystem::exists(inst.paths.seal_key(), ec)) {
    Fail(StatusCode::kFailedPrecondition,
         "this installation's seal is on the committee console: " + how);
  }
}

// A seal request for the committee console, to a new file.
void WriteSealRequest(const std::string& path, const shared::SealRequest& r) {
  const crypto::Bytes bytes = r.Encode();
  WriteNewFile(path, std::string_view(reinterpret_cast<const char*>(bytes.data()),
                                      bytes.size()));
}

shared::SealAnswer ReadSealAnswer(const std::string& path) {
  const std::string bytes = ReadInputFile(path, 64u << 20);
  auto answer = shared::SealAnswer::Decode(crypto::AsBytes(bytes));
  if (!answer.ok()) Fail(answer.status().WithContext(path));
  return std::move(answer).value();
}

MeetingInfo RequireMeeting(Database& db, std::uint64_t meeting_id) {
  return Take(LoadMeeting(db, meeting_id));
}

RoundInfo RequireRound(Database& db, std::uint64_t round_id) {
  return Take(LoadRound(db, round_id));
}

std::string QuorumLine(const MeetingInfo& m) {
  std::string line = "present " + Num(m.present) + " of " + Num(m.convened) +
                     " convened; quorum " + Num(m.quorum_required) + ": ";
  if (m.present >= m.quorum_required) return line + "met";
  return line + "NOT met, " + Num(m.quorum_required - m.present) +
         " more must check in";
}

RecipientKey LoadRecipientKeyOrFail(const std::string& path,
                                    const std::string& passphrase_file) {
  const std::string bytes = ReadInputFile(path, 64 * 1024);
  const std::span<const std::uint8_t> file = crypto::AsBytes(bytes);
  auto label = ReadRecipientLabel(file);
  if (!label.ok()) Fail(label.status().WithContext(path));
  const std::string passphrase = ReadPassphrase(
      "passphrase of recipient key " + path + " (" + label->name + ")",
      passphrase_file, "HALL_RECIPIENT_PASSPHRASE",
      "--recipient-passphrase-file");
  auto key = DecryptRecipientKey(file, passphrase);
  if (!key.ok()) Fail(key.status().WithContext(path));
  return std::move(key).value();
}

int RunAdmin(int argc, char** argv, std::istream& in, std::ostream& out,
             std::ostream& err) {
  ProgramStreams streams(in, out, err);
  return RunAdmin(argc, argv);
}

int RunAdmin(int argc, char** argv) {
  crypto::InitOrDie();
  CLI::App app{
      "hall-admin: the organizing committee's command line. Every step of a "
      "meeting, from setting up the installation to exporting the election "
      "record.\nExit status: 0 done, 2 bad usage or input, 1 refused or "
      "failed."};
  app.name("hall-admin");
  app.footer(ExitStatusHelp());
  app.require_subcommand(1);
  Context ctx;
  RegisterInit(app, ctx);
  RegisterStatus(app, ctx);
  RegisterKiosk(app, ctx);
  RegisterServer(app, ctx);
  RegisterMeeting(app, ctx);
  RegisterPeople(app, ctx);
  RegisterCeremony(app, ctx);
  RegisterRound(app, ctx);
  RegisterMinutes(app, ctx);
  RegisterRecord(app, ctx);
  RegisterAlerts(app, ctx);
  RegisterStep(app, ctx);
  RegisterAttendance(app, ctx);
  RegisterBackup(app, ctx);
  return ParseAndRun(app, argc, argv, "hall-admin", "hall-admin [COMMAND...]",
                     ctx.action);
}

}  // namespace hall::server::admin
