-- CreateTable
CREATE TABLE "ListCount" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subject" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "n" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "ListCount_subject_namespace_state_idx" ON "ListCount"("subject", "namespace", "state");

-- Triggers keep ListCount: each change of a counted row inserts a delta, never
-- updates a shared row (the same scheme as on PostgreSQL, where that keeps
-- concurrent writers apart). server/db/list-counts.ts folds the deltas.
CREATE TRIGGER "Job_count_insert" AFTER INSERT ON "Job" BEGIN
  INSERT INTO "ListCount" ("id", "subject", "namespace", "type", "state", "n")
  VALUES (lower(hex(randomblob(16))), 'Job', NEW."namespace", NEW."type", NEW."state", 1);
END;
CREATE TRIGGER "Job_count_delete" AFTER DELETE ON "Job" BEGIN
  INSERT INTO "ListCount" ("id", "subject", "namespace", "type", "state", "n")
  VALUES (lower(hex(randomblob(16))), 'Job', OLD."namespace", OLD."type", OLD."state", -1);
END;
CREATE TRIGGER "Job_count_update" AFTER UPDATE OF "namespace", "type", "state" ON "Job"
  WHEN OLD."namespace" IS NOT NEW."namespace" OR OLD."type" IS NOT NEW."type" OR OLD."state" IS NOT NEW."state"
BEGIN
  INSERT INTO "ListCount" ("id", "subject", "namespace", "type", "state", "n")
  VALUES (lower(hex(randomblob(16))), 'Job', OLD."namespace", OLD."type", OLD."state", -1),
         (lower(hex(randomblob(16))), 'Job', NEW."namespace", NEW."type", NEW."state", 1);
END;
CREATE TRIGGER "Run_count_insert" AFTER INSERT ON "Run" BEGIN
  INSERT INTO "ListCount" ("id", "subject", "namespace", "type", "state", "n")
  VALUES (lower(hex(randomblob(16))), 'Run', NEW."namespace", '', NEW."state", 1);
END;
CREATE TRIGGER "Run_count_delete" AFTER DELETE ON "Run" BEGIN
  INSERT INTO "ListCount" ("id", "subject", "namespace", "type", "state", "n")
  VALUES (lower(hex(randomblob(16))), 'Run', OLD."namespace", '', OLD."state", -1);
END;
CREATE TRIGGER "Run_count_update" AFTER UPDATE OF "namespace", "state" ON "Run"
  WHEN OLD."namespace" IS NOT NEW."namespace" OR OLD."state" IS NOT NEW."state"
BEGIN
  INSERT INTO "ListCount" ("id", "subject", "namespace", "type", "state", "n")
  VALUES (lower(hex(randomblob(16))), 'Run', OLD."namespace", '', OLD."state", -1),
         (lower(hex(randomblob(16))), 'Run', NEW."namespace", '', NEW."state", 1);
END;

-- The rows already there.
INSERT INTO "ListCount" ("id", "subject", "namespace", "type", "state", "n")
SELECT lower(hex(randomblob(16))), 'Job', "namespace", "type", "state", COUNT(*) FROM "Job" GROUP BY "namespace", "type", "state";
INSERT INTO "ListCount" ("id", "subject", "namespace", "type", "state", "n")
SELECT lower(hex(randomblob(16))), 'Run', "namespace", '', "state", COUNT(*) FROM "Run" GROUP BY "namespace", "state";
