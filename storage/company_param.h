// The caller's company, parameter $1, written so that the planner does not see its value.
// When every company of ANALYZE's sample is among its most common values (up to 100
// companies), a company it has not met (a new one) is estimated at no rows at all; a lookup of
// one entry then went through whichever (client_company_id, ...) index looked cheapest, e.g.
// the name index with a filter on the id, a walk over the company's whole network
// (tests/storage/unknown_company_plans_test.cc). As a scalar subquery, the value is estimated
// like any company's, and the unique key wins.
#pragma once

#define COMPANY_PARAM "(SELECT $1::uuid)"
