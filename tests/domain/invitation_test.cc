#include "domain/invitation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/field_violation.h"

namespace supplynet {
namespace {

using ::testing::ElementsAre;

const absl::Time kT0 = absl::FromUnixSeconds(1'800'000'000);

TEST(InvitationTest, PendingPastItsExpiryIsReportedExpired) {
  Invitation invitation;
  invitation.status = InvitationStatus::kPending;
  invitation.expire_time = kT0;
  EXPECT_EQ(invitation.StatusAt(kT0 - absl::Seconds(1)), InvitationStatus::kPending);
  EXPECT_EQ(invitation.StatusAt(kT0), InvitationStatus::kExpired);
  invitation.status = InvitationStatus::kAccepted;
  EXPECT_EQ(invitation.StatusAt(kT0 + absl::Hours(1)), InvitationStatus::kAccepted);
}

TEST(InvitationTest, StatusNamesRoundTrip) {
  for (InvitationStatus s : {InvitationStatus::kPending, InvitationStatus::kAccepted,
                             InvitationStatus::kExpired, InvitationStatus::kRevoked}) {
    EXPECT_EQ(InvitationStatusFromName(InvitationStatusName(s)), s);
  }
  for (DeliveryStatus s :
       {DeliveryStatus::kQueued, DeliveryStatus::kSent, DeliveryStatus::kFailed}) {
    EXPECT_EQ(DeliveryStatusFromName(DeliveryStatusName(s)), s);
  }
  EXPECT_EQ(InvitationStatusFromName("pending"), std::nullopt);
}

TEST(InvitationTest, EmailsAreTrimmedAndDeduplicatedCaseInsensitively) {
  const auto emails = NormaliseInvitationEmails(
      {" Ana@Example.com", "ana@example.COM", "luis@example.com "}, "emails");
  ASSERT_TRUE(emails.ok()) << emails.status();
  EXPECT_THAT(*emails, ElementsAre("Ana@Example.com", "luis@example.com"));
}

TEST(InvitationTest, BadOrTooManyEmailsAreViolations) {
  const auto bad = NormaliseInvitationEmails({"ok@example.com", "not an address"}, "emails");
  EXPECT_THAT(FieldViolationsOf(bad.status()),
              ElementsAre(::testing::Field(&FieldViolation::field, "emails[1]")));
  const auto many =
      NormaliseInvitationEmails(std::vector<std::string>(11, "a@example.com"), "emails");
  EXPECT_THAT(FieldViolationsOf(many.status()),
              ElementsAre(::testing::Field(&FieldViolation::field, "emails")));
  const auto ten =
      NormaliseInvitationEmails(std::vector<std::string>(10, "a@example.com"), "emails");
  EXPECT_TRUE(ten.ok());
}

TEST(InvitationTest, FiveFailuresWithinTheWindowLockForTheLockoutTime) {
  const LockoutPolicy policy;  // 5 within 15 minutes, locked 15 minutes.
  LockoutState state;
  for (int i = 0; i < 4; ++i) state = state.AfterFailure(kT0 + absl::Minutes(i), policy);
  EXPECT_FALSE(state.LockedAt(kT0 + absl::Minutes(4)));
  state = state.AfterFailure(kT0 + absl::Minutes(4), policy);
  EXPECT_TRUE(state.LockedAt(kT0 + absl::Minutes(4)));
  EXPECT_TRUE(state.LockedAt(kT0 + absl::Minutes(19) - absl::Seconds(1)));
  EXPECT_FALSE(state.LockedAt(kT0 + absl::Minutes(19)));
}

TEST(InvitationTest, FailuresOutsideTheWindowDoNotAddUp) {
  const LockoutPolicy policy;
  LockoutState state;
  for (int i = 0; i < 4; ++i) state = state.AfterFailure(kT0, policy);
  state = state.AfterFailure(kT0 + absl::Minutes(15), policy);  // A new window.
  EXPECT_FALSE(state.LockedAt(kT0 + absl::Minutes(15)));
  EXPECT_EQ(state.failures, 1);
}

TEST(InvitationTest, RetryDelayDoublesUpToTheMaximum) {
  EXPECT_EQ(RetryDelay(1, absl::Seconds(30), absl::Minutes(5)), absl::Seconds(30));
  EXPECT_EQ(RetryDelay(2, absl::Seconds(30), absl::Minutes(5)), absl::Seconds(60));
  EXPECT_EQ(RetryDelay(4, absl::Seconds(30), absl::Minutes(5)), absl::Seconds(240));
  EXPECT_EQ(RetryDelay(5, absl::Seconds(30), absl::Minutes(5)), absl::Minutes(5));
  EXPECT_EQ(RetryDelay(1000, absl::Seconds(30), absl::Minutes(5)), absl::Minutes(5));
}

}  // namespace
}  // namespace supplynet
