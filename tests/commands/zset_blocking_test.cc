// BZPOPMIN / BZPOPMAX / BZMPOP on the blocking registry, in-process.
#include <utility>

#include "commands/command_test.h"
#include "eddy/server/blocking.h"

namespace eddy::testing {
namespace {

using ::testing::ElementsAre;
using Argv = std::vector<std::string>;


class ZSetBlockingTest : public CommandTest {
 protected:
  ZSetBlockingTest() { server().set_propagator(&prop_); }
  ~ZSetBlockingTest() override { server().set_propagator(nullptr); }
  std::vector<Argv> TakePropagated() { return std::exchange(prop_.seen, {}); }
  RecordingPropagator prop_;
};

TEST_F(ZSetBlockingTest, BzpopminBlocksAndIsServedByZaddWithAZpopminPropagated) {
  Client* w = NewClient();
  EXPECT_EQ(RunBytes({"BZPOPMIN", "z", "0"}, w), "");
  TakePropagated();
  Run({"ZADD", "z", "2", "b", "1", "a"});
  EXPECT_EQ(TakeOutput(w), "*3\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\n1\r\n");
  EXPECT_THAT(TakePropagated(),
              ElementsAre(Argv{"ZADD", "z", "2", "b", "1", "a"}, Argv{"ZPOPMIN", "z"}));
  EXPECT_THAT(Run({"ZCARD", "z"}), IsInt(1));
}

TEST_F(ZSetBlockingTest, BzmpopServedLaterPopsUpToCountFromTheReadyKey) {
  Client* w = NewClient();
  RunBytes({"BZMPOP", "0", "2", "x", "y", "MAX", "COUNT", "5"}, w);
  TakePropagated();
  Run({"ZADD", "y", "1", "a", "2", "b"});
  EXPECT_THAT(RespReader::parse_all(TakeOutput(w)),
              ElementsAre(Renders("[\"y\", [[\"b\", \"2\"], [\"a\", \"1\"]]]")));
  EXPECT_THAT(TakePropagated(), ElementsAre(Argv{"ZADD", "y", "1", "a", "2", "b"},
                                            Argv{"ZPOPMAX", "y", "2"}));
  EXPECT_THAT(Run({"EXISTS", "y"}), IsInt(0));
}

TEST_F(ZSetBlockingTest, AWaiterKeepsWaitingWhenTheKeyGetsAnotherType) {
  Client* w = NewClient();
  RunBytes({"BZPOPMAX", "k", "0"}, w);
  Run({"SADD", "k", "m"});
  EXPECT_EQ(TakeOutput(w), "");
  EXPECT_TRUE(w->has(kClientBlocked));
  Run({"DEL", "k"});
  Run({"ZADD", "k", "3", "m"});
  EXPECT_EQ(TakeOutput(w), "*3\r\n$1\r\nk\r\n$1\r\nm\r\n$1\r\n3\r\n");
}

TEST_F(ZSetBlockingTest, TimeoutRepliesANullArray) {
  Client* w = NewClient();
  RunBytes({"BZMPOP", "0.25", "1", "z", "MIN"}, w);
  AdvanceClock(250);
  server().blocking().handle_timeouts(NowMs());
  EXPECT_EQ(TakeOutput(w), "*-1\r\n");
  EXPECT_FALSE(w->has(kClientBlocked));
}

}  // namespace
}  // namespace eddy::testing
