// Fuzz target: an election record's index (audit/src/record_files.cc and
// the verifier, audit/src/record_verifier.cc): the input is written as
// record.json in a private scratch folder, opened with RecordFiles::Open,
// then verified with VerifyRecord (which reads every file it names; none
// exist, so each is reported, never read from outside the folder).
// Property: IsRecordPath refuses absolute paths and "..".
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "../../audit/src/record_files.h"
#include "fuzz_check.h"
#include "hall/audit/record_verifier.h"
#include "hall/crypto/init.h"

namespace {

std::filesystem::path& Scratch() {
  static std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() /
             ("hall-record-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  hall::crypto::InitOrDie();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (size < 64) {
    if (hall::audit::IsRecordPath(text)) {
      const std::string wrapped = "/" + std::string(text) + "/";
      FUZZ_CHECK(!text.empty() && text.front() != '/');
      FUZZ_CHECK(wrapped.find("/../") == std::string::npos);
    }
  }
  {
    std::ofstream out(Scratch() / "record.json",
                      std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  auto files = hall::audit::RecordFiles::Open(Scratch());
  if (!files.ok()) return 0;
  (void)hall::audit::VerifyRecord(Scratch(), {.workers = 1});
  return 0;
}
