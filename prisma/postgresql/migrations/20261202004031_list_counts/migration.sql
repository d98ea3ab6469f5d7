-- CreateTable
CREATE TABLE "ListCount" (
    "id" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "ListCount_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ListCount_subject_namespace_state_idx" ON "ListCount"("subject", "namespace", "state");

-- Triggers keep ListCount: each change of a counted row inserts a delta, never
-- updates a shared row, so concurrent writers do not wait on each other (and
-- cannot deadlock on two counters). server/db/list-counts.ts folds the deltas.
CREATE FUNCTION "job_count_delta"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO "ListCount" ("id", "subject", "namespace", "type", "state", "n")
    VALUES (gen_random_uuid()::text, 'Job', OLD."namespace", OLD."type", OLD."state"::text, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO "ListCount" ("id", "subject", "namespace", "type", "state", "n")
    VALUES (gen_random_uuid()::text, 'Job', NEW."namespace", NEW."type", NEW."state"::text, 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION "run_count_delta"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO "ListCount" ("id", "subject", "namespace", "type", "state", "n")
    VALUES (gen_random_uuid()::text, 'Run', OLD."namespace", '', OLD."state"::text, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO "ListCount" ("id", "subject", "namespace", "type", "state", "n")
    VALUES (gen_random_uuid()::text, 'Run', NEW."namespace", '', NEW."state"::text, 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Job_count_insert_delete" AFTER INSERT OR DELETE ON "Job"
  FOR EACH ROW EXECUTE FUNCTION "job_count_delta"();
CREATE TRIGGER "Job_count_update" AFTER UPDATE OF "namespace", "type", "state" ON "Job"
  FOR EACH ROW WHEN (OLD."namespace" IS DISTINCT FROM NEW."namespace" OR OLD."type" IS DISTINCT FROM NEW."type" OR OLD."state" IS DISTINCT FROM NEW."state")
  EXECUTE FUNCTION "job_count_delta"();
CREATE TRIGGER "Run_count_insert_delete" AFTER INSERT OR DELETE ON "Run"
  FOR EACH ROW EXECUTE FUNCTION "run_count_delta"();
CREATE TRIGGER "Run_count_update" AFTER UPDATE OF "namespace", "state" ON "Run"
  FOR EACH ROW WHEN (OLD."namespace" IS DISTINCT FROM NEW."namespace" OR OLD."state" IS DISTINCT FROM NEW."state")
  EXECUTE FUNCTION "run_count_delta"();

-- The rows already there.
INSERT INTO "ListCount" ("id", "subject", "namespace", "type", "state", "n")
SELECT gen_random_uuid()::text, 'Job', "namespace", "type", "state"::text, COUNT(*) FROM "Job" GROUP BY "namespace", "type", "state";
INSERT INTO "ListCount" ("id", "subject", "namespace", "type", "state", "n")
SELECT gen_random_uuid()::text, 'Run', "namespace", '', "state"::text, COUNT(*) FROM "Run" GROUP BY "namespace", "state";
