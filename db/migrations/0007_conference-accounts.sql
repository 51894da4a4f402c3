CREATE TABLE "conference_accounts" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"conference_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conference_accounts" ADD CONSTRAINT "conference_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_accounts" ADD CONSTRAINT "conference_accounts_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conference_accounts_conference_idx" ON "conference_accounts" USING btree ("conference_id");--> statement-breakpoint
-- Accounts created by "create operator" before this table existed: no global role, one
-- membership only (a site operator), made together with the account.
INSERT INTO "conference_accounts" ("user_id", "conference_id", "created_at")
SELECT u."id", m."conference_id", u."created_at"
FROM "users" u
JOIN "conference_members" m ON m."user_id" = u."id" AND m."role" = 'site_operator'
WHERE cardinality(u."roles") = 0
  AND m."created_at" - u."created_at" BETWEEN interval '0' AND interval '10 seconds'
  AND (SELECT count(*) FROM "conference_members" o WHERE o."user_id" = u."id") = 1;--> statement-breakpoint
-- Unused sign-in links for any other account stop working.
DELETE FROM "sign_in_links" l
WHERE l."used_at" IS NULL
  AND NOT EXISTS (
    SELECT 1 FROM "conference_accounts" a
    JOIN "users" u ON u."id" = a."user_id"
    WHERE a."user_id" = l."user_id" AND a."conference_id" = l."conference_id"
      AND cardinality(u."roles") = 0
  );
