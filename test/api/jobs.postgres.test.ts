import { requirePostgres } from "../support/database.ts";
import { defineJobApiSuite } from "./job-api.suite.ts";

// With CI=true a missing PostgreSQL fails this file; on a laptop it is skipped with a message.
if (await requirePostgres()) defineJobApiSuite("postgresql");
