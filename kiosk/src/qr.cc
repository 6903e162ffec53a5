#include "qr.h"

#include <qrencode.h>

#include <memory>

namespace hall::kiosk {

QrMatrix QrOf(const std::string& text) {
  QrMatrix m;
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
      &QRcode_free);
  if (!code) return m;
  m.size = code->width;
  m.modules.resize(static_cast<std::size_t>(m.size) *
                   static_cast<std::size_t>(m.size));
  for (std::size_t i = 0; i < m.modules.size(); ++i) {
    m.modules[i] = code->data[i] & 1;
  }
  return m;
}

}  // namespace hall::kiosk
