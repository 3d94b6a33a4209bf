"use client";

import { useState } from "react";
import type { ConnectionTestResult, ConnectionView } from "@/contracts/connections";
import { ConnectionForm, type ConnectionFormValue } from "@/components/connections/connection-form";
import { ConnectionsTable } from "@/components/connections/connections-table";
import { TablePreviewPanel } from "@/components/connections/table-preview";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorBox } from "@/components/ui/messages";
import { errorMessage } from "@/hooks/api-client";
import {
  useConnections,
  useCreateConnection,
  useDeleteConnection,
  useTestConnection,
  useUpdateConnection,
  useUpload,
} from "@/hooks/use-connections";
import { useMe } from "@/hooks/use-session";

export default function ConnectionsPage() {
  const connections = useConnections();
  const canOperate = ["admin", "dba"].includes(useMe().data?.role ?? "");
  const [editing, setEditing] = useState<ConnectionView | "new" | null>(null);
  const [results, setResults] = useState<Record<string, ConnectionTestResult>>({});
  const [pageError, setPageError] = useState<string | null>(null);
  const create = useCreateConnection();
  const update = useUpdateConnection();
  const upload = useUpload();
  const remove = useDeleteConnection();
  const test = useTestConnection();
  const busy = create.isPending || update.isPending || upload.isPending;
  const formError = [create, update, upload].find((m) => m.isError)?.error;
  const fileSources = (connections.data ?? []).filter((c) => c.engine === "access");

  const save = async (v: ConnectionFormValue) => {
    [create, update, upload].forEach((m) => m.reset());
    try {
      if (v.kind === "update" && editing && editing !== "new")
        await update.mutateAsync({ id: editing.id, input: v.input });
      else if (v.kind === "create") await create.mutateAsync(v.input);
      else if (v.kind === "create-sqlite") {
        const uploaded = await upload.mutateAsync(v.file);
        await create.mutateAsync({ name: v.name, engine: "sqlite", uploadId: uploaded.id });
      } else if (v.kind === "create-access") {
        const uploaded = await upload.mutateAsync(v.file);
        await create.mutateAsync({
          name: v.name,
          engine: "access",
          uploadId: uploaded.id,
          encoding: v.encoding,
        });
      }
      setEditing(null);
    } catch {
      // shown from the mutation's error
    }
  };

  return (
    <>
      <PageHeader
        title="Connections"
        subtitle="Sources to migrate from and PostgreSQL targets to migrate into. Passwords are encrypted at rest and never shown again."
        actions={
          canOperate && editing === null && <Button onClick={() => setEditing("new")}>New connection</Button>
        }
      />
      {editing !== null && (
        <Card title={editing === "new" ? "New connection" : `Edit ${editing.name}`} className="mb-6">
          <ConnectionForm
            key={editing === "new" ? "new" : editing.id}
            existing={editing === "new" ? undefined : editing}
            busy={busy}
            error={formError ? errorMessage(formError) : null}
            onSubmit={save}
            onCancel={() => setEditing(null)}
          />
        </Card>
      )}
      {pageError && <ErrorBox>{pageError}</ErrorBox>}
      {connections.data?.length === 0 && editing === null && (
        <EmptyState
          title="No connections yet"
          action={canOperate && <Button onClick={() => setEditing("new")}>New connection</Button>}
        >
          Add the database you are moving from (a SQLite file, or PostgreSQL) and the PostgreSQL database it
          goes to.
        </EmptyState>
      )}
      {!!connections.data?.length && (
        <ConnectionsTable
          connections={connections.data}
          canOperate={canOperate}
          testing={test.isPending ? (test.variables ?? null) : null}
          results={results}
          onTest={(id) =>
            test.mutate(id, {
              onSuccess: (r) => setResults((all) => ({ ...all, [id]: r })),
              onError: (e) => setPageError(errorMessage(e)),
            })
          }
          onEdit={(c) => setEditing(c)}
          onDelete={(c) => {
            if (
              !window.confirm(
                `Delete the connection "${c.name}"? Migrations that use it must be deleted first.`,
              )
            )
              return;
            setPageError(null);
            remove.mutate(c.id, { onError: (e) => setPageError(errorMessage(e)) });
          }}
        />
      )}
      {canOperate && fileSources.length > 0 && (
        <Card title="Data preview: the first rows as they will land" className="mt-6">
          <TablePreviewPanel sources={fileSources} />
        </Card>
      )}
    </>
  );
}
