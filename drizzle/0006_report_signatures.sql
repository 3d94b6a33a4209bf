ALTER TABLE "reports" ADD COLUMN "signature" text;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "key_id" text;