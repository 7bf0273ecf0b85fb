ALTER TABLE "challenges" ADD COLUMN "bundle_version" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "queued_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "submissions_status_queued_idx" ON "submissions" USING btree ("status","queued_at");