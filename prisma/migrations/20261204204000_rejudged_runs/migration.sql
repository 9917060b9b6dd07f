-- Re-judged runs: which run's stored facts a run judged again, and when those facts were collected. Columns are added
-- in place (no table copy: Run holds every run's facts).
ALTER TABLE "Run" ADD COLUMN "replayOfId" TEXT CONSTRAINT "Run_replayOfId_fkey" REFERENCES "Run" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Run" ADD COLUMN "factsCollectedAt" DATETIME;
