"use client";

import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { MigrationsTable } from "@/components/migrations/migrations-table";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorBox } from "@/components/ui/messages";
import { errorMessage } from "@/hooks/api-client";
import { useMigrations } from "@/hooks/use-migrations";
import { useMe } from "@/hooks/use-session";

export default function MigrationsPage() {
  const migrations = useMigrations();
  const canOperate = ["admin", "dba"].includes(useMe().data?.role ?? "");
  const create = canOperate && (
    <Link href="/migrations/new">
      <Button>New migration</Button>
    </Link>
  );
  return (
    <>
      <PageHeader
        title="Migrations"
        subtitle="Every migration, its last run and whether it was verified."
        actions={create}
      />
      {migrations.isError && <ErrorBox>{errorMessage(migrations.error)}</ErrorBox>}
      {migrations.data?.length === 0 && (
        <EmptyState title="No migrations yet" action={create}>
          Create a source and a target connection, then build a migration in the wizard: pick tables, set
          options, run it and watch it verify.
        </EmptyState>
      )}
      {!!migrations.data?.length && <MigrationsTable migrations={migrations.data} />}
    </>
  );
}
