-- custom:perf begin
-- Full-text search of the portal's articles (domain/news/search.ts). A text search
-- configuration that folds diacritics and case (unaccent, then simple: no stemming, so
-- Vietnamese syllables stay whole words), and a stored document weighting the title (A),
-- the sapo (B) and the body (C), with a GIN index.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_ts_config WHERE cfgname = 'dt_search') THEN
    CREATE TEXT SEARCH CONFIGURATION public.dt_search (COPY = pg_catalog.simple);
  END IF;
END
$$;
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION public.dt_search
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart
  WITH public.unaccent, pg_catalog.simple;
--> statement-breakpoint
-- Kept by a trigger rather than as a generated column: PostgreSQL recomputes a stored
-- generated column on every UPDATE of the row, and the view counter updates every read
-- article every second.
ALTER TABLE "articles" ADD COLUMN "search_document" tsvector;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION articles_search_document() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_document :=
    setweight(to_tsvector('public.dt_search'::regconfig, coalesce(NEW.title, '')), 'A')
    || setweight(to_tsvector('public.dt_search'::regconfig, coalesce(NEW.summary, '')), 'B')
    || setweight(to_tsvector('public.dt_search'::regconfig, coalesce(NEW.body_text, '')), 'C');
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER articles_search_document_kept BEFORE INSERT OR UPDATE OF title, summary, body_text ON "articles"
  FOR EACH ROW EXECUTE FUNCTION articles_search_document();
--> statement-breakpoint
UPDATE "articles" SET "title" = "title";
--> statement-breakpoint
CREATE INDEX "articles_search_document_idx" ON "articles" USING gin ("search_document");
--> statement-breakpoint
-- Every word the articles contain (lexemes of search_document), with a trigram index:
-- a misspelt query word is replaced by the most similar words here. Words are only added.
CREATE TABLE IF NOT EXISTS "search_words" ("word" text PRIMARY KEY);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "search_words_trgm_idx" ON "search_words" USING gin ("word" gin_trgm_ops);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION collect_search_words() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_words (word)
    SELECT unnest(tsvector_to_array(NEW.search_document)) ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER articles_search_words_inserted AFTER INSERT ON "articles"
  FOR EACH ROW EXECUTE FUNCTION collect_search_words();
--> statement-breakpoint
CREATE TRIGGER articles_search_words_updated AFTER UPDATE OF title, summary, body_text ON "articles"
  FOR EACH ROW EXECUTE FUNCTION collect_search_words();
--> statement-breakpoint
INSERT INTO search_words (word)
  SELECT DISTINCT unnest(tsvector_to_array(search_document)) FROM articles ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- The page cache (server/http/page-cache.ts) keeps rendered portal pages until what they
-- show changes: any change to these tables, once committed, tells every instance through
-- NOTIFY portal_changed. Counting views (only view_count changes) tells nobody.
CREATE OR REPLACE FUNCTION notify_portal_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('portal_changed', TG_TABLE_NAME);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER articles_portal_changed AFTER INSERT OR DELETE OR TRUNCATE ON "articles"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_portal_changed();
--> statement-breakpoint
CREATE TRIGGER articles_portal_updated AFTER UPDATE ON "articles"
  FOR EACH ROW WHEN (OLD.view_count IS NOT DISTINCT FROM NEW.view_count)
  EXECUTE FUNCTION notify_portal_changed();
--> statement-breakpoint
CREATE TRIGGER news_categories_portal_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "news_categories"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_portal_changed();
--> statement-breakpoint
CREATE TRIGGER site_links_portal_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "site_links"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_portal_changed();
--> statement-breakpoint
CREATE TRIGGER article_links_portal_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "article_links"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_portal_changed();
--> statement-breakpoint
CREATE TRIGGER photos_portal_changed AFTER UPDATE OR DELETE ON "photos"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_portal_changed();
--> statement-breakpoint
CREATE TRIGGER conferences_portal_changed AFTER INSERT OR UPDATE OR DELETE ON "conferences"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_portal_changed();
--> statement-breakpoint
CREATE TRIGGER site_settings_portal_changed AFTER INSERT OR UPDATE OR DELETE ON "site_settings"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_portal_changed();
-- custom:perf end
