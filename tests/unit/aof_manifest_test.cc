// AofManifest: the text Redis 7.0 writes and reads in appendonlydir/<name>.manifest.
#include <gtest/gtest.h>

#include "eddy/server/aof.h"

namespace eddy {
namespace {

TEST(AofManifestTest, ParsesRedisManifestAndWritesItBackIdentically) {
  const std::string text =
      "file appendonly.aof.3.base.rdb seq 3 type b\n"
      "file appendonly.aof.2.incr.aof seq 2 type h\n"
      "file appendonly.aof.3.incr.aof seq 3 type i\n"
      "file appendonly.aof.4.incr.aof seq 4 type i\n";
  AofManifest m;
  ASSERT_EQ(AofManifest::parse(text, &m), std::nullopt);
  ASSERT_TRUE(m.base);
  EXPECT_EQ(m.base->name, "appendonly.aof.3.base.rdb");
  EXPECT_EQ(m.base_seq, 3);
  ASSERT_EQ(m.incrs.size(), 2u);
  EXPECT_EQ(m.incrs[1].name, "appendonly.aof.4.incr.aof");
  EXPECT_EQ(m.incr_seq, 4);
  ASSERT_EQ(m.history.size(), 1u);
  EXPECT_EQ(m.history[0].type, 'h');
  EXPECT_EQ(m.to_string(), text);
}

TEST(AofManifestTest, AcceptsCommentsBlankLinesCrlfUnknownKeysAndQuotedNames) {
  AofManifest m;
  ASSERT_EQ(AofManifest::parse("# comment\n\nfile \"my aof.1.base.rdb\" seq 1 type b new x\r\n",
                               &m),
            std::nullopt);
  ASSERT_TRUE(m.base);
  EXPECT_EQ(m.base->name, "my aof.1.base.rdb");
  EXPECT_EQ(m.to_string(), "file \"my aof.1.base.rdb\" seq 1 type b\n");
}

TEST(AofManifestTest, RejectsMalformedManifests) {
  AofManifest m;
  EXPECT_NE(AofManifest::parse("", &m), std::nullopt);                               // empty
  EXPECT_NE(AofManifest::parse("file a seq 1\n", &m), std::nullopt);                 // no type
  EXPECT_NE(AofManifest::parse("file a seq x type i\n", &m), std::nullopt);          // bad seq
  EXPECT_NE(AofManifest::parse("file a seq 1 type z\n", &m), std::nullopt);          // bad type
  EXPECT_NE(AofManifest::parse("file a seq 1 type b\nfile b seq 2 type b\n", &m),    // 2 bases
            std::nullopt);
  EXPECT_NE(AofManifest::parse("file a seq 2 type i\nfile b seq 1 type i\n", &m),    // order
            std::nullopt);
  EXPECT_NE(AofManifest::parse("file ../a seq 1 type i\n", &m), std::nullopt);       // a path
  EXPECT_NE(AofManifest::parse("file \"unterminated seq 1 type i\n", &m), std::nullopt);
}

}  // namespace
}  // namespace eddy
