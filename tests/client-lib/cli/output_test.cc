// The CLI's tables: columns aligned by characters, not bytes.
#include "client-lib/cli/output.h"

#include <gtest/gtest.h>

#include <sstream>

namespace supplynet::cli {
namespace {

TEST(TableTest, AccentedCellsAlignLikePlainOnes) {
  Table table({"NAME", "CITY"});
  table.AddRow({"Gómez", "Cali"});
  table.AddRow({"Perez", "Bogotá"});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(),
            "NAME   CITY\n"
            "Gómez  Cali\n"
            "Perez  Bogotá\n");
}

TEST(TableTest, EmptyLastCellsLeaveNoTrailingBlanks) {
  Table table({"TO", "REASON"});
  table.AddRow({"sent", ""});
  table.AddRow({"rejected", "goods-not-delivered"});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(),
            "TO        REASON\n"
            "sent\n"
            "rejected  goods-not-delivered\n");
}

}  // namespace
}  // namespace supplynet::cli
