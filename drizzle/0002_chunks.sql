CREATE TABLE "run_chunks" (
	"run_id" uuid NOT NULL,
	"table_name" text NOT NULL,
	"seq" integer NOT NULL,
	"lo" text,
	"hi" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"rows_done" bigint DEFAULT 0 NOT NULL,
	"bytes_done" bigint DEFAULT 0 NOT NULL,
	"copies" integer DEFAULT 0 NOT NULL,
	"done_in_attempt" integer,
	"error" text,
	"finished_at" timestamp with time zone,
	CONSTRAINT "run_chunks_run_id_table_name_seq_pk" PRIMARY KEY("run_id","table_name","seq")
);
--> statement-breakpoint
ALTER TABLE "run_tables" ADD COLUMN "plan" jsonb;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "snapshot_id" text;--> statement-breakpoint
ALTER TABLE "run_chunks" ADD CONSTRAINT "run_chunks_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;