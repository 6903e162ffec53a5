// The kiosk's configuration from the folder `hall-admin kiosk enrol NAME`
// writes (shared/kiosk_bundle.h): the kiosk's certificate and key, the
// committee CA, the server's address and the seal public key. Fails naming
// what is missing and how to get it.
#ifndef HALL_KIOSK_CONFIG_H_
#define HALL_KIOSK_CONFIG_H_

#include <string>

#include "hall/base/status.h"
#include "hall/kiosk/kiosk_core.h"

namespace hall::kiosk {

Result<KioskConfig> LoadKioskConfig(const std::string& dir, Mode mode);

}  // namespace hall::kiosk

#endif  // HALL_KIOSK_CONFIG_H_
