CREATE TABLE "media_leases" (
	"key" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recordings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conference_id" uuid NOT NULL,
	"ended_seq" integer NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"progress" real DEFAULT 0 NOT NULL,
	"step" text DEFAULT '' NOT NULL,
	"path" text,
	"duration_seconds" real,
	"bytes" bigint,
	"chapters" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"holder" text,
	"heartbeat_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"raw_deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "conferences" ADD COLUMN "recording" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "conferences" ADD COLUMN "keep_raw_recordings" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "recordings_conference_ended_key" ON "recordings" USING btree ("conference_id","ended_seq");--> statement-breakpoint
CREATE INDEX "recordings_status_idx" ON "recordings" USING btree ("status","created_at");