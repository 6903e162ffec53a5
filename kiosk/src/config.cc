#include "hall/kiosk/config.h"

#include "hall/shared/kiosk_bundle.h"

namespace hall::kiosk {

Result<KioskConfig> LoadKioskConfig(const std::string& dir, Mode mode) {
  auto bundle = shared::LoadKioskBundle(dir);
  if (!bundle.ok()) return bundle.status();
  KioskConfig c;
  c.mode = mode;
  c.name = bundle->name;
  c.host = bundle->host;
  c.port = bundle->port;
  c.ca_path = bundle->ca_path.string();
  c.cert_path = bundle->cert_path.string();
  c.key_path = bundle->key_path.string();
  const auto seal = bundle->seal.bytes();
  c.seal_public_key.assign(seal.begin(), seal.end());
  return c;
}

}  // namespace hall::kiosk
