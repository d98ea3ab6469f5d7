import { requirePostgres } from "../support/database.ts";
import { defineRunListSuite } from "./run-list.suite.ts";

// With CI=true a missing PostgreSQL fails this file; on a laptop it is skipped with a message.
if (await requirePostgres()) defineRunListSuite("postgresql");
