// hall-admin: the organizing committee's command line (see
// hall/server/admin/admin.h).
#include "hall/server/admin/admin.h"

int main(int argc, char** argv) {
  return hall::server::admin::RunAdmin(argc, argv);
}
