// Stream values in RDB files (type 19, STREAM_LISTPACKS_2): written and read with the
// stream type. Until the stream type lands, a stream in a file is refused with a clear
// error rather than skipped.
#include "eddy/persistence/rdb.h"

namespace eddy {

bool rdb_write_stream(RdbWriter&, const Value&) { return false; }

bool rdb_read_stream(RdbReader& r, uint8_t, Value*) {
  return r.fail("stream value (stream support is not built into this Eddy yet)");
}

}  // namespace eddy
