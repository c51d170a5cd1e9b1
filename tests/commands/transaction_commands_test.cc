#include "commands/command_test.h"

namespace eddy::testing {
namespace {

TEST_F(CommandTest, ExecRunsQueuedCommandsInOrder) {
  EXPECT_THAT(Run({"MULTI"}), IsOk());
  EXPECT_THAT(Run({"SET", "a", "1"}), IsSimple("QUEUED"));
  EXPECT_THAT(Run({"GET", "a"}), IsSimple("QUEUED"));
  EXPECT_THAT(Run({"EXEC"}), Renders("[OK, \"1\"]"));
}

TEST_F(CommandTest, ExecAbortsAfterQueueingError) {
  Run({"MULTI"});
  EXPECT_THAT(Run({"GET"}), IsError("ERR wrong number of arguments for 'get' command"));
  EXPECT_THAT(Run({"EXEC"}),
              IsError("EXECABORT Transaction discarded because of previous errors."));
  EXPECT_THAT(Run({"EXEC"}), IsError("ERR EXEC without MULTI"));
}

TEST_F(CommandTest, WatchedKeyModifiedByOtherClientFailsExec) {
  Client* other = NewClient();
  EXPECT_THAT(Run({"WATCH", "k"}), IsOk());
  Run({"SET", "k", "x"}, other);
  Run({"MULTI"});
  Run({"SET", "k", "mine"});
  EXPECT_THAT(Run({"EXEC"}), IsNilArray());
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("x"));
}

TEST_F(CommandTest, NestedMultiAndWatchInsideMultiAreErrors) {
  Run({"MULTI"});
  EXPECT_THAT(Run({"MULTI"}), IsError("ERR MULTI calls can not be nested"));
  EXPECT_THAT(Run({"WATCH", "x"}), IsError("ERR WATCH inside MULTI is not allowed"));
  EXPECT_THAT(Run({"DISCARD"}), IsOk());
  EXPECT_THAT(Run({"DISCARD"}), IsError("ERR DISCARD without MULTI"));
}

}  // namespace
}  // namespace eddy::testing
