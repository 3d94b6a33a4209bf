CREATE TABLE "run_rollbacks" (
	"run_id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"outcome" text,
	"error" text,
	"requested_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "run_snapshots" (
	"run_id" uuid PRIMARY KEY NOT NULL,
	"file" text,
	"bytes" bigint,
	"duration_ms" integer NOT NULL,
	"dumped" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tables" jsonb NOT NULL,
	"before" jsonb NOT NULL,
	"created" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "run_rollbacks" ADD CONSTRAINT "run_rollbacks_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_rollbacks" ADD CONSTRAINT "run_rollbacks_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_snapshots" ADD CONSTRAINT "run_snapshots_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;