CREATE TABLE "conference_events" (
	"conference_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"command_id" text,
	"at" bigint NOT NULL,
	CONSTRAINT "conference_events_conference_id_seq_pk" PRIMARY KEY("conference_id","seq")
);
--> statement-breakpoint
CREATE TABLE "conference_snapshots" (
	"conference_id" uuid PRIMARY KEY NOT NULL,
	"seq" integer NOT NULL,
	"state" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live_presence" (
	"conference_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"instance_id" text NOT NULL,
	"screens" integer NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_presence_conference_id_site_id_instance_id_pk" PRIMARY KEY("conference_id","site_id","instance_id")
);
--> statement-breakpoint
ALTER TABLE "conference_events" ADD CONSTRAINT "conference_events_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_snapshots" ADD CONSTRAINT "conference_snapshots_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_presence" ADD CONSTRAINT "live_presence_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conference_events_command_idx" ON "conference_events" USING btree ("conference_id","command_id");