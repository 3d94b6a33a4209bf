"use client";

import { useState } from "react";
import { TOKEN_LIFETIMES, type CreatedApiToken } from "@/contracts/api-tokens";
import { ApiTokensTable } from "@/components/tokens/api-tokens-table";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { EmptyState, ErrorBox } from "@/components/ui/messages";
import { errorMessage } from "@/hooks/api-client";
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from "@/hooks/use-api-tokens";

export default function ApiTokensPage() {
  const tokens = useApiTokens();
  const create = useCreateApiToken();
  const revoke = useRevokeApiToken();
  const [name, setName] = useState("");
  const [lifetime, setLifetime] = useState(2);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    create.reset();
    const result = await create
      .mutateAsync({ name, expiresInDays: TOKEN_LIFETIMES[lifetime]!.days })
      .catch(() => null);
    if (result) {
      setCreated(result);
      setName("");
    }
  };

  return (
    <>
      <PageHeader
        title="API tokens"
        subtitle="For scripts and CI jobs: the ferry command and the JSON API accept a token instead of your password. A token acts as you, with your role."
      />
      <div className="grid gap-6">
        <Card title="New token">
          <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
            <div className="min-w-72 flex-1">
              <Field label="Name" hint="Where it will be used, so you know which one to revoke.">
                <Input
                  name="token-name"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  placeholder="e.g. nightly CI"
                />
              </Field>
            </div>
            <div className="w-44">
              <Field label="Expires after" hint="Ferry refuses it after that.">
                <Select
                  name="token-lifetime"
                  value={lifetime}
                  onChange={(e) => setLifetime(Number(e.target.value))}
                >
                  {TOKEN_LIFETIMES.map((l, i) => (
                    <option key={l.label} value={i}>
                      {l.label}
                    </option>
                  ))}
                </Select>
              </Field>
            </div>
            <Button type="submit" disabled={create.isPending} className="mb-6">
              Create token
            </Button>
          </form>
          {create.isError && <ErrorBox>{errorMessage(create.error)}</ErrorBox>}
          {created && (
            <div
              data-testid="new-token"
              className="mt-2 rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900"
            >
              <p className="font-medium">
                “{created.info.name}” is ready. Copy it now: Ferry keeps only its hash.
              </p>
              <code
                className="mt-2 block font-mono text-xs break-all select-all"
                data-testid="new-token-value"
              >
                {created.token}
              </code>
              <p className="mt-2 text-emerald-800">
                Use it as <code className="font-mono">FERRY_TOKEN</code> for{" "}
                <code className="font-mono">ferry</code>, or send{" "}
                <code className="font-mono">Authorization: Bearer …</code> to the API.
              </p>
            </div>
          )}
        </Card>
        <Card title="Your tokens">
          {tokens.isError && <ErrorBox>{errorMessage(tokens.error)}</ErrorBox>}
          {revoke.isError && <ErrorBox>{errorMessage(revoke.error)}</ErrorBox>}
          {tokens.data && tokens.data.length === 0 && (
            <EmptyState title="No tokens yet">
              Create one above for each place that runs Ferry without you: a CI job, a scheduled script.
            </EmptyState>
          )}
          {tokens.data && tokens.data.length > 0 && (
            <ApiTokensTable
              tokens={tokens.data}
              revoking={revoke.isPending ? (revoke.variables ?? null) : null}
              onRevoke={(t) => {
                if (window.confirm(`Revoke “${t.name}”? Anything using it stops working at once.`))
                  revoke.mutate(t.id);
              }}
            />
          )}
        </Card>
      </div>
    </>
  );
}
