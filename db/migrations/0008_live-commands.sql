CREATE TABLE "live_commands" (
	"conference_id" uuid NOT NULL,
	"actor_id" uuid NOT NULL,
	"command_id" text NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_commands_conference_id_actor_id_command_id_pk" PRIMARY KEY("conference_id","actor_id","command_id")
);
--> statement-breakpoint
ALTER TABLE "live_commands" ADD CONSTRAINT "live_commands_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;