CREATE TABLE "run_rejects" (
	"run_id" uuid NOT NULL,
	"table_name" text NOT NULL,
	"row_key" text NOT NULL,
	"column" text NOT NULL,
	"value" text NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "run_rejects_run_id_table_name_row_key_column_pk" PRIMARY KEY("run_id","table_name","row_key","column")
);
--> statement-breakpoint
ALTER TABLE "run_rejects" ADD CONSTRAINT "run_rejects_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;