// The LOBSTER one-step check on the real sample data (AMZN level 1, full day; AAPL level 10 excerpt)
// must find zero mismatches, and the parser must reject malformed files with a located error.
#include "kestrel/engine/lobster_replay.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace kestrel::engine {
namespace {

const std::string kData = std::string(KESTREL_SHARED_DATA_DIR) + "/lobster/";

LobsterReport check(const std::string& messages, const std::string& book, std::size_t expected_rows) {
  LobsterData data;
  const std::string error = load_lobster(kData + messages, kData + book, data);
  EXPECT_EQ(error, "");
  EXPECT_EQ(data.messages.size(), expected_rows);
  return replay_lobster(data, 0);
}

TEST(LobsterReplay, AmznLevel1FullDayHasNoMismatches) {
  const LobsterReport r = check("AMZN_2012-06-21_34200000_57600000_message_1.csv",
                                "AMZN_2012-06-21_34200000_57600000_orderbook_1.csv", 57515);
  EXPECT_EQ(r.steps, 57514u);
  EXPECT_EQ(r.mismatches, 0u) << (r.first_mismatches.empty() ? "" : r.first_mismatches[0]);
  EXPECT_EQ(r.tick, 100);
  EXPECT_GT(r.levels_compared, 57514u);
  // Nearly every visible execution must go through the matching path, not a direct reduction.
  EXPECT_GT(r.executions_matched, 8900u);
}

TEST(LobsterReplay, AaplLevel10ExcerptHasNoMismatches) {
  const LobsterReport r = check("aapl_l10_first999/AAPL_2012-06-21_34200000_57600000_message_10_first999.csv",
                                "aapl_l10_first999/AAPL_2012-06-21_34200000_57600000_orderbook_10_first999.csv", 999);
  EXPECT_EQ(r.steps, 998u);
  EXPECT_EQ(r.mismatches, 0u) << (r.first_mismatches.empty() ? "" : r.first_mismatches[0]);
  EXPECT_GT(r.levels_compared, 998u * 15);
  EXPECT_GT(r.executions_matched, 0u);
}

TEST(LobsterReplay, WrongOrderbookRowIsReportedAsMismatch) {
  LobsterData data;
  ASSERT_EQ(load_lobster(kData + "aapl_l10_first999/AAPL_2012-06-21_34200000_57600000_message_10_first999.csv",
                         kData + "aapl_l10_first999/AAPL_2012-06-21_34200000_57600000_orderbook_10_first999.csv", data),
            "");
  data.book[500 * 4 * data.levels + 1] += 7;  // best ask size of row 501
  const LobsterReport r = replay_lobster(data, 0);
  EXPECT_GE(r.mismatches, 1u);
  ASSERT_FALSE(r.first_mismatches.empty());
  EXPECT_NE(r.first_mismatches[0].find("row 501"), std::string::npos) << r.first_mismatches[0];
}

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(LobsterReplay, MalformedFilesGiveLocatedErrors) {
  const std::string book = write_temp("ob.csv", "101,5,100,5\n101,5,100,5\n");
  LobsterData data;
  EXPECT_EQ(load_lobster(write_temp("m1.csv", "1.5,1,7,5,100,1\n1.6,9,7,5,100,1\n"), book, data),
            ::testing::TempDir() + "m1.csv:2: bad event type");
  EXPECT_NE(load_lobster(write_temp("m2.csv", "1.5,1,7,5,100\n"), book, data).find(":1: expected 6 fields"),
            std::string::npos);
  EXPECT_NE(load_lobster(write_temp("m3.csv", "1.x,1,7,5,100,1\n"), book, data).find("bad time"), std::string::npos);
  EXPECT_NE(load_lobster(write_temp("m4.csv", "1.5,1,7,5,100,1\n"), book, data).find("row count mismatch"),
            std::string::npos);
  EXPECT_NE(load_lobster(write_temp("m5.csv", "1.5,1,7,5,100,1\n1.5,1,8,5,100,1"),
                         write_temp("ob2.csv", "101,5,100\n101,5,100,5\n"), data)
                .find("multiple of 4"),
            std::string::npos);
  EXPECT_NE(load_lobster("/nonexistent/m.csv", book, data).find("cannot read"), std::string::npos);
  // CRLF line endings and a missing final newline are accepted.
  EXPECT_EQ(load_lobster(write_temp("m6.csv", "34200.1,1,7,5,100,1\r\n34200.000000001,3,7,5,100,1"),
                         write_temp("ob3.csv", "101,5,100,5\r\n101,5,100,5"), data),
            "");
  EXPECT_EQ(data.messages[0].time, 34'200'100'000'000);
  EXPECT_EQ(data.messages[1].time, 34'200'000'000'001);
}

}  // namespace
}  // namespace kestrel::engine
