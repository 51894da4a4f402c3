CREATE TABLE "conference_records" (
	"conference_id" uuid PRIMARY KEY NOT NULL,
	"minutes_html" text DEFAULT '' NOT NULL,
	"minutes_version" integer DEFAULT 0 NOT NULL,
	"minutes_updated_at" timestamp with time zone,
	"minutes_updated_by" uuid,
	"minutes_locked_at" timestamp with time zone,
	"minutes_locked_by" uuid,
	"conclusions_html" text DEFAULT '' NOT NULL,
	"conclusions_version" integer DEFAULT 0 NOT NULL,
	"conclusions_updated_at" timestamp with time zone,
	"conclusions_updated_by" uuid,
	"conclusions_published_html" text DEFAULT '' NOT NULL,
	"conclusions_published_at" timestamp with time zone,
	"conclusions_published_by" uuid,
	"news_article_id" uuid
);
--> statement-breakpoint
ALTER TABLE "conference_records" ADD CONSTRAINT "conference_records_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_records" ADD CONSTRAINT "conference_records_minutes_updated_by_users_id_fk" FOREIGN KEY ("minutes_updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_records" ADD CONSTRAINT "conference_records_minutes_locked_by_users_id_fk" FOREIGN KEY ("minutes_locked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_records" ADD CONSTRAINT "conference_records_conclusions_updated_by_users_id_fk" FOREIGN KEY ("conclusions_updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_records" ADD CONSTRAINT "conference_records_conclusions_published_by_users_id_fk" FOREIGN KEY ("conclusions_published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_records" ADD CONSTRAINT "conference_records_news_article_id_articles_id_fk" FOREIGN KEY ("news_article_id") REFERENCES "public"."articles"("id") ON DELETE set null ON UPDATE no action;