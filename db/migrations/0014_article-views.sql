CREATE TABLE "article_views" (
	"article_id" uuid PRIMARY KEY NOT NULL,
	"view_count" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "article_views" ADD CONSTRAINT "article_views_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "article_views_count_idx" ON "article_views" USING btree ("view_count");--> statement-breakpoint
-- custom:article-views begin
-- The counts move to their own table (db/schema/news.ts, articleViews); the trigger that
-- told the page cache about every change but a view count now fires on any update.
INSERT INTO "article_views" ("article_id", "view_count")
  SELECT "id", "view_count" FROM "articles" WHERE "view_count" > 0;
--> statement-breakpoint
DROP TRIGGER IF EXISTS articles_portal_updated ON "articles";
--> statement-breakpoint
CREATE TRIGGER articles_portal_updated AFTER UPDATE ON "articles"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_portal_changed();
--> statement-breakpoint
-- custom:article-views end
ALTER TABLE "articles" DROP COLUMN "view_count";